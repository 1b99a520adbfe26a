"""Create the "Enquiry handlers" group: staff who triage and answer enquiries."""

from django.db import migrations

from content.core.permissions import group_grant

GROUP = "Enquiry handlers"
PERMISSIONS = {
    "enquiries": {"enquiry": ["change", "view"]},
    "core": {"productarea": ["view"]},
}


def create_group(apps, schema_editor):
    group_grant(apps, group=GROUP, permissions=PERMISSIONS)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("enquiries", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
