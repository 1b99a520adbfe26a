"""Create the two staff groups with the permissions their work needs.

Permissions are normally created after migrations run, so this migration
creates them first; otherwise a fresh database would get empty groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Content editors": {
        "core": {"content": ["view"], "productarea": ["view", "change"]},
        "faq": {"question": ["add", "change", "delete", "view"]},
        "library": {"asset": ["add", "change", "delete", "view"]},
        "taggit": {"tag": ["add", "change", "delete", "view"]},
        "events": {"session": ["view"]},
    },
    "Event managers": {
        "core": {"content": ["view"], "productarea": ["view"]},
        "events": {
            "session": ["add", "change", "delete", "view"],
            "registration": ["add", "change", "delete", "view"],
        },
        "library": {"asset": ["view"]},
        "taggit": {"tag": ["add", "view"]},
    },
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, app_labels in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in app_labels.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("core", "0001_initial"),
        ("faq", "0001_initial"),
        ("library", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
