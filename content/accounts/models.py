"""Visitors' accounts: organisations (partners and customers), their members
and each visitor's own details.

A person joins an organisation by signing in with a verified address at one of
its email domains (`memberships_sync`), or because staff added them. Staff may
also end a membership; an ended one is kept, so that the person does not join
again by their domain at the next sign-in.
"""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models.functions import Lower


class Organisation(models.Model):
    """A partner or a customer of the vendor, whose people share what is kept for them."""

    class Tier(models.TextChoices):
        PARTNER = "partner", "Partner"
        CUSTOMER = "customer", "Customer"

    name = models.CharField(max_length=200, unique=True)
    tier = models.CharField(max_length=10, choices=Tier)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        blank=True,
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


domain_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    "Enter a domain such as example.com, without @ or https://.",
    flags=re.IGNORECASE,
)


class EmailDomain(models.Model):
    """A domain an organisation owns: verified addresses there join it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(
        max_length=253,
        unique=True,
        validators=[domain_validator],
        help_text="Such as example.com. Only this exact domain, not its subdomains.",
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def clean(self):
        self.domain = (self.domain or "").strip().lower()
        if self.domain in settings.ACCOUNTS_PUBLIC_EMAIL_DOMAINS:
            raise ValidationError(
                {
                    "domain": f"{self.domain} is a public mail service: "
                    "anyone can have an address there."
                }
            )


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Membership(models.Model):
    """One person in one organisation."""

    class Source(models.TextChoices):
        DOMAIN = "domain", "Signed in with an address at its domain"
        STAFF = "staff", "Added by staff"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    source = models.CharField(max_length=10, choices=Source, default=Source.STAFF, editable=False)
    active = models.BooleanField(
        default=True,
        help_text="Untick to remove the person: they then do not join again by their domain.",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation}"


class Profile(models.Model):
    """What a signed-in visitor tells about themselves; it fills the booking form."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    name = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    job_title = models.CharField("job title", max_length=200, blank=True)

    def __str__(self):
        return self.name or f"Profile {self.pk}"


# What the booking form starts with for a signed-in visitor: their address,
# and what their profile says.
PROFILE_DETAILS = ("name", "company", "job_title")
BOOKING_DETAILS = ("email", *PROFILE_DETAILS)


def booking_details(user_id):
    """Return the BOOKING_DETAILS of the account `user_id`: its address and profile.

    It runs for every signed-in visitor's session page (the page cache fills the
    booking form with it), so it is one plain query: the ORM takes about 0.45 ms
    of Python to build this join, more than the rest of a stored page costs.
    """
    user, profile = get_user_model()._meta, Profile._meta
    quote = connection.ops.quote_name
    profile_columns = ", ".join(
        "p." + quote(profile.get_field(name).column) for name in PROFILE_DETAILS
    )
    sql = (
        f"SELECT u.{quote(user.get_field('email').column)}, {profile_columns} "
        f"FROM {quote(user.db_table)} u LEFT JOIN {quote(profile.db_table)} p "
        f"ON p.{quote(profile.get_field('user').column)} = u.{quote(user.pk.column)} "
        f"WHERE u.{quote(user.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk.to_python(user_id)])
        row = cursor.fetchone() or [""] * len(BOOKING_DETAILS)
    return {name: value or "" for name, value in zip(BOOKING_DETAILS, row, strict=True)}


def email_domain(address):
    return address.rpartition("@")[2].strip().lower()


def memberships_sync(*, user, verified_emails):
    """Join `user` to each organisation owning the domain of one of `verified_emails`.

    A membership that exists, even one staff ended, is left as it is.
    """
    domains = {email_domain(address) for address in verified_emails}
    owners = (
        EmailDomain.objects.alias(lower=Lower("domain"))
        .filter(lower__in=domains)
        .values_list("organisation_id", flat=True)
    )
    known = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(organisation_id=pk, user=user, source=Membership.Source.DOMAIN)
            for pk in set(owners) - known
        ],
        ignore_conflicts=True,
    )
