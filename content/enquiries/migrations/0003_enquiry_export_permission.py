"""Give exporting enquiries its own permission, and give it to enquiry handlers."""

from django.db import migrations

from content.core.permissions import group_grant


def let_enquiry_handlers_export(apps, schema_editor):
    group_grant(
        apps, group="Enquiry handlers", permissions={"enquiries": {"enquiry": ["export"]}}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('enquiries', '0002_enquiry_handlers_group'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='enquiry',
            options={'ordering': ['-created'], 'permissions': [('export_enquiry', 'Can export enquiries with personal data')], 'verbose_name_plural': 'enquiries'},
        ),
        migrations.RunPython(let_enquiry_handlers_export, migrations.RunPython.noop),
    ]
