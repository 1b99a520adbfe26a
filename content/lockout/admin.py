"""Sign-in lockouts in the admin, for superusers: who failed from where, and until when."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import F, Max, Sum, Window
from django.utils import timezone

from content.lockout.backoff import lockout_duration


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Axes' record of failed sign-ins; deleting a row lifts its lock."""

    list_display = [
        "attempt_time",
        "ip_address",
        "username",
        "user_agent",
        "failures_since_start",
        "locked_until",
    ]
    list_filter = ["attempt_time"]

    def get_queryset(self, request):
        # Only failures the lock still counts, summed per user name and IP
        # across browsers, as content.lockout.backoff counts them.
        pair = {"partition_by": [F("username"), F("ip_address")]}
        return (
            super()
            .get_queryset(request)
            .filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
            .annotate(
                pair_failures=Window(Sum("failures_since_start"), **pair),
                pair_last=Window(Max("attempt_time"), **pair),
            )
        )

    @admin.display(description="Locked until")
    def locked_until(self, attempt):
        end = attempt.pair_last + lockout_duration(attempt.pair_failures)
        return end if end > timezone.now() else "not locked"
