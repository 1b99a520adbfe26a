"""Give exporting attendees its own permission, and give it to event managers."""

from django.db import migrations

from content.core.permissions import group_grant


def let_event_managers_export(apps, schema_editor):
    group_grant(
        apps, group="Event managers", permissions={"events": {"registration": ["export"]}}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_booking'),
        ('core', '0007_staff_groups'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='registration',
            options={'ordering': ['created', 'pk'], 'permissions': [('export_registration', 'Can export registrations with personal data')]},
        ),
        migrations.RunPython(let_event_managers_export, migrations.RunPython.noop),
    ]
