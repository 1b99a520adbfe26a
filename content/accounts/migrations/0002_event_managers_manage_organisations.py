"""Event managers run sessions for partners and customers: they manage organisations."""

from django.db import migrations

from content.core.permissions import group_grant

ACTIONS = ["view", "add", "change", "delete"]


def let_event_managers_manage(apps, schema_editor):
    group_grant(
        apps,
        group="Event managers",
        permissions={
            "accounts": {"organisation": ACTIONS, "emaildomain": ACTIONS, "membership": ACTIONS}
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0007_staff_groups"),
    ]

    operations = [migrations.RunPython(let_event_managers_manage, migrations.RunPython.noop)]
