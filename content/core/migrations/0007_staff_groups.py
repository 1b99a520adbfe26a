"""Create the two staff groups with the permissions their work needs.

Until the staff groups moved beside the permissions they grant, this was
hub's 0001_staff_groups. `replaces` counts it as applied on every database
that ran hub's, so it runs only on a new one; and it only gets or creates a
group and adds permissions, so running it where the groups exist changes
nothing either.
"""

from django.db import migrations

from content.core.permissions import group_grant

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
    for group, permissions in GROUPS.items():
        group_grant(apps, group=group, permissions=permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    replaces = [("hub", "0001_staff_groups")]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("core", "0006_audience"),
        ("faq", "0001_initial"),
        ("library", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
