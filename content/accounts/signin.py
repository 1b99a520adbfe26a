"""Who a sign-in code is for: a visitor's account, made on their first sign-in.

The answer to the request is the same whatever the address: the same page and
a mail to the address. A new address gets an account with an unverified
address, which the code then verifies; staff accounts get no code here (they
sign in at the admin), only a mail saying so.
"""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction


def visitor_account_for_code(*, request, email, found):
    """Return the account a code for `email` signs into, or None for no code.

    `found` is the active account allauth found for the address, or None.
    """
    if found is not None:
        return None if found.is_staff else found
    User = get_user_model()
    taken = EmailAddress.objects.filter(email__iexact=email).exists()
    if taken or User.objects.filter(email__iexact=email).exists():
        return None  # an inactive account: it may not sign in
    adapter = get_adapter(request)
    user = adapter.new_user(request)
    user.email = email
    adapter.populate_username(request, user)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    except IntegrityError:  # the same address asked twice at once: the first made it
        return User.objects.filter(email__iexact=email, is_staff=False, is_active=True).first()
    return user
