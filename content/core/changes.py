"""What public pages show, when they change, and the generation that says so.

Each app says it of its own models, in its AppConfig.ready(): `shows()` names
the models whose rows a public page shows, so that saving or deleting one, or
changing one's many-to-many relations, changes pages; and `changes_at()` adds
a function that returns the next moment pages change with no edit at all (a
scheduled item going live, a session starting). The page cache
(content.pagecache) asks this module and knows no kind; a row no public page
shows (a visitor's feedback, a download count, an enquiry) changes nothing.

The *generation* is a value in the default cache that every process shares
and that ends whenever public pages change: on a save or delete of a shown
row (in every process: web, worker or command) and at the next moment pages
change by themselves. The page cache stores pages under it, and
`remembered()` keeps parts of pages (facet counts) under it.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

GENERATION_KEY = "pagecache:generation"
# The generation a request has read, so that its page's many kept parts cost
# one read of it; see remember_for_request().
_request = threading.local()

shown_models = set()
_next_moments = []


def shows(*labels):
    """Say that public pages show rows of the models `labels` ("app_label.Model")."""
    shown_models.update(labels)


def changes_at(next_moment):
    """Add `next_moment(now)`, returning the next datetime after `now` at which
    public pages change by themselves, or None."""
    _next_moments.append(next_moment)
    return next_moment


def next_change(now):
    """Return the soonest moment after `now` at which public pages change, or None."""
    moments = [moment for next_moment in _next_moments if (moment := next_moment(now))]
    return min(moments, default=None)


def forget_generation(**kwargs):
    """End the current generation: the next request starts a new one."""
    _request.generation = None
    cache.delete(GENERATION_KEY)


def remember_for_request(**kwargs):
    """From now until the response has gone out (Django's request_started and
    request_finished), read the generation once; outside a request (the
    worker, a command) every read asks the cache."""
    _request.active = True
    _request.generation = None


def forget_for_request(**kwargs):
    _request.active = False
    _request.generation = None


def bump_on_change(sender, **kwargs):
    """Refresh every cached page when a row that public pages show is saved or deleted."""
    if settings.PAGE_CACHE and sender._meta.label in shown_models:
        bump()


def bump_on_relation_change(sender, instance, action, model, **kwargs):
    """Refresh every cached page when a many-to-many relation of a shown row
    changes (an item's tags, the organisations it is kept for): that saves no
    row of the shown model itself."""
    if not settings.PAGE_CACHE or action not in ("post_add", "post_remove", "post_clear"):
        return
    if {type(instance)._meta.label, model._meta.label} & shown_models:
        bump()


def bump():
    """End the generation: every cached page and kept part with it."""
    # Now, for the next request of this process (and for tests, which never
    # commit); and again after commit, because a request that rendered in
    # between saw the old rows and may have stored them under a new generation.
    forget_generation()
    transaction.on_commit(forget_generation)


def connect_signals():
    """Bump on every save and delete, in every process: web, worker or command."""
    post_save.connect(bump_on_change, dispatch_uid="pagecache-save")
    post_delete.connect(bump_on_change, dispatch_uid="pagecache-delete")
    m2m_changed.connect(bump_on_relation_change, dispatch_uid="pagecache-relation")
    request_started.connect(remember_for_request, dispatch_uid="pagecache-request-started")
    request_finished.connect(forget_for_request, dispatch_uid="pagecache-request-finished")


def seconds_to_next_change():
    """Return how long pages stay right without an edit: until the next moment
    an app said its pages change by themselves; at most PAGE_CACHE_SECONDS."""
    now = timezone.now()
    soonest = next_change(now)
    limit = settings.PAGE_CACHE_SECONDS
    if soonest is None:
        return limit
    return max(1, min(limit, int((soonest - now).total_seconds()) + 1))


def shared_generation():
    """Return the generation the cache holds now, or None, without starting
    one. A cache that can watch a key (content.pagecache.backends.RedisCache)
    answers from this process's memory until the generation changes."""
    get_watched = getattr(cache, "get_watched", None)
    return get_watched(GENERATION_KEY) if get_watched else cache.get(GENERATION_KEY)


def current_generation(stored=None):
    """Return the generation, starting one when there is none. `stored` is
    what a caller has just read under GENERATION_KEY with other keys at once."""
    generation = stored or getattr(_request, "generation", None) or shared_generation()
    if generation is None:
        cache.add(GENERATION_KEY, time.time(), timeout=seconds_to_next_change())
        generation = cache.get(GENERATION_KEY)
    if getattr(_request, "active", False):
        _request.generation = generation
    return generation


def key_of(name, parts):
    """Return a cache key for what `parts` (any repr()-able values) name,
    under `name`: for remembered()."""
    return f"{name}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def remembered(key, compute):
    """Return compute(), kept in the cache until public pages next change.

    Only for what is the same for every visitor; a compute() that returns
    None keeps nothing. With the page cache off, or the cache out of reach,
    it is computed every time.
    """
    if not settings.PAGE_CACHE:
        return compute()
    generation = current_generation()
    if generation is None:
        return compute()
    stored_key = f"fragment:{generation}:{key}"
    value = cache.get(stored_key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(stored_key, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value
