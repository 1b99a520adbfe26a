"""Remind owners of their items due for review, at most once a week each.

Locking rule: an owner's ReviewReminder row is locked (select_for_update;
SQLite's transactions are IMMEDIATE) before it is read, and the mail is
queued in the same transaction as the new `last_sent`, so two runs at once
(cron on two hosts, or cron and the worker) send one mail, not two.
"""

from datetime import timedelta
from itertools import groupby

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from content.core.links import absolute_url
from content.core.mail import send_templated_email
from content.core.models import Content, ProductArea
from content.editorial.models import ReviewReminder

REMINDER_EVERY = timedelta(days=7)


def change_path(item):
    """Return the admin address where `item` (of any kind, or an area) is edited."""
    model = item.kind_model if isinstance(item, Content) else type(item)
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])


def items_due_by_owner():
    """Return [(owner, [items due for review])], every kind and area, oldest date first."""
    owned = {"owner__isnull": False, "owner__is_active": True, "owner__is_staff": True}
    items = [
        *Content.objects.due_for_review().filter(**owned).select_related("owner"),
        *ProductArea.objects.due_for_review().filter(**owned).select_related("owner"),
    ]
    items.sort(key=lambda item: (item.owner_id, item.review_by))
    grouped = (list(group) for _, group in groupby(items, key=lambda item: item.owner_id))
    return [(group[0].owner, group) for group in grouped]


def review_reminders_send():
    """Email each owner with items due for review their list, unless they had one
    within REMINDER_EVERY; return how many mails were queued."""
    now = timezone.now()
    sent = 0
    for owner, items in items_due_by_owner():
        if not owner.email:
            continue
        ReviewReminder.objects.get_or_create(owner=owner)
        with transaction.atomic():
            reminder = ReviewReminder.objects.select_for_update().get(owner=owner)
            if reminder.last_sent is not None and reminder.last_sent > now - REMINDER_EVERY:
                continue
            today = timezone.localdate()
            context = {
                "owner": owner,
                "items": [
                    {
                        "title": str(item),
                        "kind": item.kind_label if isinstance(item, Content) else "Product area",
                        "review_by": item.review_by,
                        "days_late": (today - item.review_by).days,
                        "url": absolute_url(change_path(item)),
                    }
                    for item in items
                ],
                "report_url": absolute_url(
                    reverse("admin:core_contentdueforreview_changelist")
                    + f"?owner__id__exact={owner.pk}"
                ),
            }
            send_templated_email(
                template="editorial/email/review_reminder", context=context, to=[owner.email]
            )
            reminder.last_sent = now
            reminder.save(update_fields=["last_sent"])
            sent += 1
    return sent
