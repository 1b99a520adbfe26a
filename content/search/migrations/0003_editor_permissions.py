"""Let content editors manage synonyms and promoted results, and read search gaps."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "synonym": ["add", "change", "delete", "view"],
    "promotedresult": ["add", "change", "delete", "view"],
    "searchgap": ["view", "delete"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="search", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_tables"), ("hub", "0001_staff_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
