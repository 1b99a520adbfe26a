"""The emails an enquiry sends: a receipt to the person, notices to staff."""

from django.conf import settings
from django.urls import reverse

from content.core.links import absolute_url
from content.core.mail import send_templated_email
from content.enquiries.links import status_url


def enquiry_emails_send(*, enquiry):
    """Queue the receipt for the person and the notice for staff.

    Staff get the notice at settings.ENQUIRY_NOTIFY_EMAILS; with that list
    empty, only the person is written to. Return whether the receipt was
    queued: not when the person's address has had its share of mails today.
    """
    receipt_queued = send_templated_email(
        template="enquiries/email/receipt",
        context={
            "enquiry": enquiry,
            "site_name": settings.SITE_NAME,
            "status_url": status_url(enquiry),
        },
        to=[enquiry.email],
        unverified=True,
    )
    if settings.ENQUIRY_NOTIFY_EMAILS:
        admin_url = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
        send_templated_email(
            template="enquiries/email/staff_notice",
            context={"enquiry": enquiry, "admin_url": absolute_url(admin_url)},
            to=settings.ENQUIRY_NOTIFY_EMAILS,
        )
    return receipt_queued


def enquiry_assigned_email_send(*, enquiry, assigned_by):
    """Queue a note to the enquiry's assignee with the link to it in the admin.

    The note names the enquiry by reference only: the sender's details stay
    in the admin, where reading them is recorded.
    """
    admin_url = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    send_templated_email(
        template="enquiries/email/assigned",
        context={
            "enquiry": enquiry,
            "assigned_by": assigned_by.get_full_name() or assigned_by.get_username(),
            "admin_url": absolute_url(admin_url),
        },
        to=[enquiry.assignee.email],
    )
