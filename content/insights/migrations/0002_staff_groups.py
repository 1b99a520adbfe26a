"""Let every staff group read the insights page: it holds counts, nothing personal."""

from django.db import migrations

from content.core.permissions import group_grant

GROUPS = ["Content editors", "Event managers", "Enquiry handlers"]


def grant(apps, schema_editor):
    for group in GROUPS:
        group_grant(apps, group=group, permissions={"insights": {"insights": ["view"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("core", "0007_staff_groups"),
        ("enquiries", "0002_enquiry_handlers_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
