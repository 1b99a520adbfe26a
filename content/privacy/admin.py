"""Who may export personal data in the admin."""

from django.contrib.auth import get_permission_codename


def can_export(user, model):
    """Return whether `user` holds the permission to export `model`'s personal data."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('export', opts)}")
