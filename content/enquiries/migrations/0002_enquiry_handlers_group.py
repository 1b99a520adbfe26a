"""Create the "Enquiry handlers" group: staff who triage and answer enquiries.

Permissions are normally created after migrations run, so they are created
here first; otherwise a fresh database would get an empty group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Enquiry handlers"
PERMISSIONS = {
    "enquiries": ["change_enquiry", "view_enquiry"],
    "core": ["view_productarea"],
}


def create_group(apps, schema_editor):
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("enquiries", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
