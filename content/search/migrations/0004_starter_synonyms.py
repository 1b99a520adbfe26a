"""Give a new hub the synonyms its visitors type on day one; editors change them in the admin."""

from django.db import migrations

SYNONYMS = {
    "AD": "Active Directory",
    "AAD": "Azure Active Directory, Azure AD, Entra ID",
    "TTP": "Targeted Threat Protection",
    "DLP": "data leak prevention, data loss prevention",
    "sync": "synchronisation, synchronization, synchronise, synchronize",
    "SEG": "secure email gateway",
    "MFA": "multi-factor authentication, two-factor authentication, 2FA",
    "SSO": "single sign-on, SAML",
    "HRM": "Human Risk Management",
}


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, equivalents in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(term__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_editor_permissions")]

    operations = [migrations.RunPython(add, remove)]
