"""Let content editors manage synonyms and promoted results, and read search gaps."""

from django.db import migrations

from content.core.permissions import group_grant

PERMISSIONS = {
    "search": {
        "synonym": ["add", "change", "delete", "view"],
        "promotedresult": ["add", "change", "delete", "view"],
        "searchgap": ["view", "delete"],
    }
}


def grant(apps, schema_editor):
    group_grant(apps, group="Content editors", permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_tables"), ("hub", "0001_staff_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
