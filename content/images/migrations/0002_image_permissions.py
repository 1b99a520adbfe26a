"""Let those who write bodies use the image library: Content editors manage it,
Event managers (session descriptions) add and pick images."""

from django.db import migrations

from content.core.permissions import group_grant


def grant(apps, schema_editor):
    group_grant(
        apps,
        group="Content editors",
        permissions={"images": {"image": ["view", "add", "change", "delete"]}},
    )
    group_grant(apps, group="Event managers", permissions={"images": {"image": ["view", "add"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("images", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
