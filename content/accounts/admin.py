"""Organisations for staff: their domains, their members and what members booked.

Members are people: their addresses and registrations show only to staff who
hold the membership permissions (event managers and superusers), and each
opening of an organisation with its members is recorded (content.privacy).
"""

from django.contrib import admin
from django.db.models import Count, Q

from content.accounts.models import EmailDomain, Membership, Organisation
from content.events.models import Registration
from content.privacy.admin import personal_data_opened


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 1


class MembershipInline(admin.TabularInline):
    """Members, with the sessions each registered for with their account's address."""

    model = Membership
    fields = ["user", "email", "source", "active", "registrations"]
    readonly_fields = ["email", "source", "registrations"]
    raw_id_fields = ["user"]
    extra = 0

    @admin.display(description="email")
    def email(self, membership):
        return membership.user.email if membership.pk else ""

    @admin.display(description="registered for")
    def registrations(self, membership):
        if not membership.pk:
            return ""
        rows = (
            Registration.objects.with_email(membership.user.email)
            .select_related("session")
            .order_by("-session__starts_at")
        )
        return "; ".join(f"{row.session.title} ({row.get_status_display()})" for row in rows) or "–"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "domain_list", "member_count"]
    list_filter = ["tier"]
    search_fields = ["name", "domains__domain"]
    inlines = [EmailDomainInline, MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("memberships", filter=Q(memberships__active=True)))
            .prefetch_related("domains")
        )

    @admin.display(description="email domains")
    def domain_list(self, organisation):
        return ", ".join(domain.domain for domain in organisation.domains.all())

    @admin.display(description="members", ordering="member_count")
    def member_count(self, organisation):
        return organisation.member_count

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The members' list is personal data: its opening is recorded for
        # those who see it (the inline shows only with the membership permission).
        sees_members = MembershipInline(self.model, self.admin_site).has_view_permission(
            request, obj
        )
        if obj is not None and request.method == "GET" and sees_members:
            personal_data_opened(
                request=request,
                model=Membership,
                what=f"members of organisation {obj.pk}",
                rows=obj.memberships.count(),
                object_id=obj.pk,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
