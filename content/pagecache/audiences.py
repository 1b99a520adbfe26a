"""The audience of a signed-in visitor's account, kept for the page cache.

A page stored for signed-in visitors is found by their audience
(content.core.models.Visitor.cache_key), and working it out takes the
session, the account and its organisations: three reads before the page
cache is even asked. So the audience found for an account is kept in the
cache beside the pages, and CachedPageMiddleware answers a signed-in
visitor from the session alone.

What is kept goes stale with the generation it was found in (a change to an
organisation or a membership starts a new one, content.accounts.apps), or
when the account changes: it carries the account's session hash, and saving
or deleting the account forgets it (a new password, "sign out everywhere"
included, or an account switched off). Staff are never kept: each of their
requests must reach the middleware that moves their idle timeout.
"""

import functools
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac

# A change racing a request that is still finding the old audience is
# forgotten by this timeout at the latest.
KEPT_SECONDS = 60


@functools.lru_cache(maxsize=1)
def _prefix(secret):
    # Named by the secret key: a new SECRET_KEY ends every session (their hash
    # no longer matches), and so every audience kept for them.
    digest = salted_hmac("pagecache.audience", "", secret=secret, algorithm="sha256")
    return f"pagecache:audience:{digest.hexdigest()[:32]}:"


def _key(user_id):
    return f"{_prefix(settings.SECRET_KEY)}{user_id}"


def keep(request, visitor, generation):
    """Keep `visitor`'s audience, found in `generation`, for the account the
    request is signed in to."""
    user = request.user
    if visitor.signed_in and not user.is_staff and generation is not None:
        record = {
            "hash": request.session.get(HASH_SESSION_KEY),
            "audience": visitor.cache_key,
            "generation": generation,
        }
        cache.set(_key(user.pk), record, KEPT_SECONDS)


def kept(request):
    """Return (account id, audience, generation) kept for the account the
    request's session is signed in to, or None when it has to be worked out
    afresh."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(
        request.COOKIES[settings.SESSION_COOKIE_NAME]
    )
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return None
    record = cache.get(_key(user_id))
    if record and record["hash"] == session.get(HASH_SESSION_KEY):
        return user_id, record["audience"], record["generation"]
    return None


def forget(sender, instance, **kwargs):
    """Forget the audience of an account that was saved or deleted."""
    key = _key(instance.pk)
    # Now, and again once the change commits: a request that read the account
    # before that (the admin saves in a transaction) may have kept it again.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
