from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def html_datetime(value):
    """Write `value` for a <time datetime> attribute, in the active time zone.

    HTML allows at most three digits of fractions of a second, and readers
    gain nothing from any, so seconds are the finest it says.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
