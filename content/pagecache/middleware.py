"""HTTP caching of public pages: validators, 304s and a shared page cache.

Every GET of a public page gets an ETag (a hash of its body), Cache-Control
and, with the page cache on, a Last-Modified; a conditional request whose
validators still match is answered 304 without a body.

With PAGE_CACHE on, rendered pages are kept in the default cache under the
current *generation*: a value that changes whenever something a page shows
changes. Each app says, through content.core.changes, which of its models
public pages show and when its pages change by themselves; saving or deleting
a row of such a model bumps the generation, and so does the next of those
moments (a scheduled item going live, a session starting), so every edit
shows up on the next request. A row no public page shows (a visitor's
feedback, a search gap) leaves cached pages in place. Every process shares
the cache the pages live in (Redis, or without it the disk cache of the
machine's workers), so an edit made in any of them ends them for all.

One address is one page: the key leaves out query parameters no page reads
(PAGE_CACHE_IGNORED_PARAMETERS: utm_*, fbclid, ...) and sorts the rest, and the
view never sees the ignored ones, so no visitor's tracking parameters are
stored in links of a shared page. At most PAGE_CACHE_MAX_PAGES pages are stored
within PAGE_CACHE_SECONDS; past that, pages are served fresh until the count
expires. Without the cache (Redis down) every request is a miss.

Nothing personal is ever shared. A visitor with a session cookie (signed
in, so their pages depend on their audience) gets the page stored for their
address and audience, or one rendered for them, always with `Cache-Control:
private` and no validators; their page is stored for the audience only if
the view read neither the session nor the account (ReadsOfTheVisitor); the
visitor's own details in a form go in as they are sent (visitor_details). A
visitor with any other cookie is served fresh. A page that read the session
or used the CSP nonce is neither stored nor marked public. A page
with a CSRF token is stored with its tokens swapped for a placeholder, and
each visitor gets it with tokens of their own and `Cache-Control: private`.
A view opts out by setting its own Cache-Control, e.g. with `never_cache`.

Each worker process also keeps its own copy of the pages it served from the
cache or stored (CachedPageApplication, wrapped around the WSGI application):
the next GET of such a page is answered from that copy before Django's
handler runs, once one read of the shared generation says it is still
current (a read that costs no round trip while the generation is unchanged:
content.pagecache.backends). The copy holds the response's headers as the whole middleware stack
sent them (security headers and the CSP; pages that used a nonce are never
stored), and the request still passes PAGE_CACHE_HIT_MIDDLEWARE (the request
log, the insights counter). Anything else, a page with a CSRF form, a
conditional request, a HEAD, a visitor with cookies, goes through Django.
"""

import fnmatch
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse, QueryDict
from django.http.cookie import SimpleCookie
from django.http.response import HttpResponseBase, ResponseHeaders
from django.middleware.csp import get_nonce
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    get_token,
)
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date, quote_etag, urlencode
from django.utils.module_loading import import_string

from content.core import changes
from content.core.models import ANONYMOUS, visitor_of
from content.pagecache import audiences, visitor_details

logger = logging.getLogger(__name__)
STORED_COUNT_KEY = "pagecache:stored"
AUDIENCE_STORED_COUNT_KEY = "pagecache:stored:audiences"
# Headers the view sets that belong to the page itself; everything else is
# added again by the middleware on every response, cached or not.
STORED_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link", "X-Robots-Tag")
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}
# A page with a form is stored with its CSRF tokens swapped for this mark, and
# each visitor gets the page with tokens of their own.
CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH)
# Where a response served from or stored in the page cache tells the WSGI
# wrapper that this process may keep a copy of it: the page's stored entry.
COPY_ENVIRON_KEY = "hub.pagecache.copy"
# Headers of one request alone, never kept with a copy.
PER_REQUEST_HEADERS = {"x-request-id", "date"}
# What Django's CSRF middleware adds for one visitor to a page with a form;
# a copy of such a page gets them afresh for each visitor.
CSRF_HEADERS = {"set-cookie", "vary"}


def unmasked(token):
    """Return the secret a CSRF form token carries: its second half, shifted
    back by its first half, as Django masks it (django.middleware.csrf)."""
    mask, masked = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    shifts = zip(
        (CSRF_ALLOWED_CHARS.index(char) for char in masked),
        (CSRF_ALLOWED_CHARS.index(char) for char in mask),
        strict=True,
    )
    return "".join(CSRF_ALLOWED_CHARS[char - shift] for char, shift in shifts)


def uses_csrf(request):
    """Say whether the page carries a CSRF token (get_token() was called)."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def kept_parameters(query):
    """Return the (name, value) pairs of the QueryDict `query` that a page may read."""
    ignored = settings.PAGE_CACHE_IGNORED_PARAMETERS
    return [
        (name, value)
        for name, values in query.lists()
        if not any(fnmatch.fnmatchcase(name.lower(), pattern) for pattern in ignored)
        for value in values
    ]


def is_excluded(path):
    """Say whether pages at `path` are never cached (PAGE_CACHE_EXCLUDE: the
    admin, previews, the health checks)."""
    return any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE)


def room_for_another_page(counter=STORED_COUNT_KEY):
    """Count one more stored page; say whether it stays within PAGE_CACHE_MAX_PAGES.

    Anonymous pages and pages kept for signed-in audiences are counted apart
    (AUDIENCE_STORED_COUNT_KEY), so that the audiences of many organisations
    never take the room the pages every anonymous visitor gets rely on.
    """
    cache.add(counter, 0, timeout=settings.PAGE_CACHE_SECONDS)
    try:
        stored = cache.incr(counter)
    except ValueError:  # expired a moment ago, or the cache is unreachable
        return False
    if stored == settings.PAGE_CACHE_MAX_PAGES + 1:
        logger.warning(
            "page cache full", extra={"pages": settings.PAGE_CACHE_MAX_PAGES, "counter": counter}
        )
    return stored <= settings.PAGE_CACHE_MAX_PAGES


class ReadsOfTheVisitor:
    """Note whether the view reads more of the visitor than their audience.

    The audience is found first (visitor_of keeps it on the request); then,
    within the block, any use of the session or of the account
    (request.user) makes the page the visitor's own: `personal`.
    """

    def __init__(self, request):
        self.request = request
        self.account_read = False

    def __enter__(self):
        visitor_of(self.request)
        self.session, self.user = self.request.session, self.request.user
        self.accessed_before = self.session.accessed
        self.session.accessed = False
        self.request.user = self.watcher = SimpleLazyObject(self.account)
        return self

    def account(self):
        self.account_read = True
        return self.user

    @property
    def personal(self):
        return self.account_read or self.session.accessed or self.session.modified

    def __exit__(self, *exc_info):
        # A view that signed someone in (single sign-on's callback) set its own.
        if self.request.user is self.watcher:
            self.request.user = self.user
        # SessionMiddleware still marks the response as varying by cookie.
        self.session.accessed = self.accessed_before or self.session.accessed


class PublicPageCacheMiddleware:
    """Add validators to public pages, answer 304, and serve pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.respond(request)
        if visitor_details.marked(response):
            visitor_details.fill(response, request.user.pk)
        return response

    def respond(self, request):
        if settings.PAGE_CACHE and self.is_audience_page(request):
            return self.audience_page(request)
        if not self.applies_to(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not self.is_anonymous(request):
                return self.kept_private(response)
            return response
        if not settings.PAGE_CACHE:
            response = self.get_response(request)
            if self.is_shareable(request, response) and not uses_csrf(request):
                return self.with_validators(request, response)
            return self.marked_private(request, response)

        key, generation, entry = getattr(request, "page_cache_lookup", None) or self.lookup(request)
        if entry:
            return self.serve(request, key, entry, generation)

        self.drop_ignored_parameters(request)
        response = self.get_response(request)
        entry = self.stored(request, key, generation, response)
        if entry is None or entry["csrf"]:
            return self.marked_private(request, response)
        return self.with_validators(request, response, entry["etag"], generation)

    def is_audience_page(self, request):
        """Say whether the request is a GET or HEAD of a page outside
        PAGE_CACHE_EXCLUDE by a visitor with a session cookie and no cookie
        but the CSRF one besides: any other (a feedback answer, messages)
        may personalise the page, which is then always rendered afresh."""
        if request.method not in ("GET", "HEAD"):
            return False
        # An empty cookie holds nothing (a client that kept one the hub deleted).
        names = {name for name, value in request.COOKIES.items() if value}
        if settings.SESSION_COOKIE_NAME not in names:
            return False
        if names - {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}:
            return False
        return not is_excluded(request.path)

    def audience_page(self, request):
        """Answer a visitor with cookies with the page kept for their audience.

        A page that read nothing of the visitor but their audience (what they
        may read, content.core.models.Visitor) is the same for everyone of
        that audience: it is stored under the address and the audience, and
        served to each of them privately, without validators, with CSRF
        tokens of their own. A page that read the session or the account
        (a prefilled form, their registrations, a message) is theirs alone.
        """
        visitor = visitor_of(request)
        key, generation, entry = self.lookup(request, visitor.cache_key)
        if entry:
            response = self.page_response(request, entry)
        else:
            self.drop_ignored_parameters(request)
            with ReadsOfTheVisitor(request) as reads:
                response = self.get_response(request)
                if not reads.personal:
                    entry = self.stored(request, key, generation, response)
        if entry:
            # The next request for this page may then be answered from the
            # session alone (CachedPageMiddleware); a personal page never is.
            audiences.keep(request, visitor, generation)
        return self.kept_private(response)

    @staticmethod
    def kept_private(response):
        """A page given to a visitor with cookies is theirs: no shared cache keeps it."""
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def drop_ignored_parameters(request):
        """The page stored under its key must not carry this visitor's tracking parameters."""
        kept = kept_parameters(request.GET)
        if len(kept) < sum(len(values) for _, values in request.GET.lists()):
            request.GET = QueryDict(urlencode(kept))

    def stored(self, request, key, generation, response):
        """Store the page every visitor of this key may be given; return its
        entry, or None when it is not such a page."""
        if not self.is_shareable(request, response):
            return None
        csrf = uses_csrf(request)
        content = self.without_csrf_tokens(request, response) if csrf else response.content
        if content is None:
            return None
        entry = {
            "generation": generation,
            "content": content,
            "csrf": csrf,
            "etag": None if csrf else self.etag(response),
            "headers": {name: response[name] for name in STORED_HEADERS if name in response},
        }
        # Without a generation the cache is unreachable: there is nothing to store into.
        counter = AUDIENCE_STORED_COUNT_KEY if visitor_of(request).signed_in else STORED_COUNT_KEY
        if generation is not None and room_for_another_page(counter):
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            if self.is_anonymous(request):
                self.may_keep_copy(request, key, entry)
        return entry

    def lookup(self, request, audience=ANONYMOUS.cache_key):
        """Return the key of the page `audience` gets, the current generation
        and the page stored in it (None when there is none)."""
        key = self.page_key(request, audience)
        cached = cache.get_many([changes.GENERATION_KEY, key])
        # The request's kept parts reuse the generation read here.
        generation = changes.current_generation(stored=cached.get(changes.GENERATION_KEY))
        entry = cached.get(key)
        if entry and entry["generation"] == generation:
            return key, generation, entry
        return key, generation, None

    @staticmethod
    def may_keep_copy(request, key, entry):
        """Let this process keep a copy of the page (CachedPageApplication)."""
        request.META[COPY_ENVIRON_KEY] = (key, entry)

    def serve(self, request, key, entry, generation):
        """Answer with the page stored under `key`, giving it this visitor's CSRF tokens."""
        self.may_keep_copy(request, key, entry)
        response = self.page_response(request, entry)
        if entry["csrf"]:
            return self.marked_private(request, response)
        return self.with_validators(request, response, entry["etag"], generation)

    @staticmethod
    def page_response(request, entry):
        content = entry["content"]
        if entry["csrf"]:
            # One token for the whole page, as Django's {% csrf_token %} gives.
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=200)
        for header, value in entry["headers"].items():
            response[header] = value
        # What CommonMiddleware adds to pages it sees; without it the server
        # has to send the page in chunks.
        response["Content-Length"] = len(content)
        return response

    def applies_to(self, request):
        """Only anonymous GETs and HEADs of pages outside PAGE_CACHE_EXCLUDE."""
        if request.method not in ("GET", "HEAD"):
            return False
        return not is_excluded(request.path) and self.is_anonymous(request)

    @staticmethod
    def is_anonymous(request):
        """Say whether the request carries nothing that may personalise its page:
        any cookie but the CSRF one (a session, messages) may."""
        return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}

    def is_shareable(self, request, response):
        """Say whether every visitor may be given this response, its CSRF tokens aside."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # The view decided for itself (never_cache, cache_control, vary_on_*).
        if response.has_header("Cache-Control") or response.has_header("Vary"):
            return False
        # A session read or a CSP nonce ties the page to one visitor.
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            return False
        return not get_nonce(request)

    @staticmethod
    def without_csrf_tokens(request, response):
        """Return the body with each CSRF token of this visitor swapped for a
        placeholder, or None when the secret itself is on the page."""
        secret = request.META["CSRF_COOKIE"]
        if secret.encode() in response.content:
            return None

        def swap(match):
            # Every token masks the visitor's secret differently; unmasking
            # finds them all, wherever the template put them.
            if unmasked(match.group().decode()) == secret:
                return CSRF_PLACEHOLDER
            return match.group()

        return CSRF_TOKEN.sub(swap, response.content)

    def marked_private(self, request, response):
        if not response.has_header("Cache-Control") and response.status_code == 200:
            patch_cache_control(response, private=True)
        return response

    def with_validators(self, request, response, etag=None, generation=None):
        response["ETag"] = etag or self.etag(response)
        if generation is not None:
            response["Last-Modified"] = http_date(generation)
        patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=generation and int(generation),
            response=response,
        )

    @staticmethod
    def etag(response):
        return quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())

    @staticmethod
    def page_key(request, audience=ANONYMOUS.cache_key):
        """Name the page at the request's address, as `audience` (a
        Visitor.cache_key) sees it."""
        # The order of parameters never changes a page (the values of one name keep theirs).
        query = urlencode(sorted(kept_parameters(request.GET), key=lambda pair: pair[0]))
        address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        if audience != ANONYMOUS.cache_key:
            address += " " + audience
        return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


class CachedPageMiddleware(PublicPageCacheMiddleware):
    """Answer from the page cache before sessions, CSRF and authentication run.

    It sits early in MIDDLEWARE, so that a stored page costs little more than
    the cache read; a signed-in visitor whose audience is kept
    (content.pagecache.audiences) is answered here too, from the session
    alone. A page with a CSRF form gets this visitor's tokens from Django's
    own CSRF middleware, called here for the cookie alone: it reads the
    visitor's secret, or makes one and sets the cookie. Every miss goes on to
    PublicPageCacheMiddleware at the end, which reuses the anonymous lookup.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if settings.PAGE_CACHE and self.applies_to(request):
            request.page_cache_lookup = self.lookup(request)
            key, generation, entry = request.page_cache_lookup
            if entry and not entry["csrf"]:
                return self.serve(request, key, entry, generation)
            if entry and not settings.CSRF_USE_SESSIONS:
                self.csrf.process_request(request)
                return self.csrf.process_response(
                    request, self.serve(request, key, entry, generation)
                )
        elif settings.PAGE_CACHE and self.is_audience_page(request):
            return self.kept_audience_page(request) or self.get_response(request)
        return self.get_response(request)

    def kept_audience_page(self, request):
        """Answer a signed-in visitor whose audience is kept
        (content.pagecache.audiences) with the page stored for it, as
        PublicPageCacheMiddleware.audience_page would; None when there is none."""
        kept = audiences.kept(request)
        if kept is None or settings.CSRF_USE_SESSIONS:
            return None
        user_id, audience, found_in = kept
        _, generation, entry = self.lookup(request, audience)
        if entry is None or generation != found_in:
            return None
        self.csrf.process_request(request)
        response = self.csrf.process_response(request, self.page_response(request, entry))
        if visitor_details.marked(response):
            visitor_details.fill(response, user_id)
        # The page depends on the session cookie, as SessionMiddleware would say.
        patch_vary_headers(response, ["Cookie"])
        return self.kept_private(response)


class PageCopies:
    """The pages one worker process keeps, at most PAGE_CACHE_COPY_BYTES of them.

    {key: (entry, expires, headers, size)}, the entry as the page cache stores
    it; the oldest go first. A page's size counts its body, its headers and
    its key, and ENTRY_BYTES for the rest.
    """

    ENTRY_BYTES = 200

    def __init__(self):
        self.pages = {}
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key, generation):
        page = self.pages.get(key)
        if page and page[0]["generation"] == generation and page[1] > time.monotonic():
            return page
        return None

    def keep(self, key, entry, headers):
        size = len(key) + len(entry["content"]) + self.ENTRY_BYTES
        size += sum(len(name) + len(value) for name, value in headers)
        budget = settings.PAGE_CACHE_COPY_BYTES
        if size > budget:
            return
        expires = time.monotonic() + settings.PAGE_CACHE_SECONDS
        with self.lock:
            self.forget(key)
            while self.pages and self.size + size > budget:
                self.forget(next(iter(self.pages)))
            self.pages[key] = (entry, expires, headers, size)
            self.size += size

    def forget(self, key):
        page = self.pages.pop(key, None)
        if page:
            self.size -= page[3]


class CopiedResponse:
    """A page answered from a copy, with what the hit middleware reads and sets
    of an HttpResponse: its status, and headers it may add (the request id).

    The copy's headers are kept as the whole middleware stack sent them, so
    they go out as they are, not built again one by one; added headers go
    through Django's own checks. Closing it, once it has gone out, sends
    request_finished, as HttpResponse.close() does.
    """

    status_code = 200
    reason_phrase = "OK"
    streaming = False
    # What Django's CSRF middleware calls to give a visitor their cookie.
    set_cookie = HttpResponseBase.set_cookie

    def __init__(self, content, headers):
        self.content = content
        # A copy never keeps a Vary or Set-Cookie header (keep_copy): those
        # the CSRF middleware sets are added.
        self.copied_headers = headers
        self.added = self.headers = ResponseHeaders({})
        self.cookies = SimpleCookie()

    def __setitem__(self, name, value):
        self.added[name] = value

    def __getitem__(self, name):
        if name in self.added:
            return self.added[name]
        lower = name.lower()
        for copied_name, value in self.copied_headers:
            if copied_name.lower() == lower:
                return value
        raise KeyError(name)

    def has_header(self, name):
        try:
            self[name]
        except KeyError:
            return False
        return True

    __contains__ = has_header

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def items(self):
        if not self.added:
            return self.copied_headers
        replaced = {name.lower() for name in self.added}
        copied = [
            (name, value) for name, value in self.copied_headers if name.lower() not in replaced
        ]
        return [*copied, *self.added.items()]

    def __iter__(self):
        return iter((self.content,))

    def close(self):
        signals.request_finished.send(sender=self.__class__)


class CachedPageApplication:
    """Answer GETs of stored pages from this process's copies, before Django runs.

    It wraps the WSGI application (hub.wsgi). A copy is made of a page Django
    served from the page cache or stored in it, with the headers the whole
    middleware stack gave it, and serves the same address while the shared
    generation is the one it was stored under: so an edit made in any process
    ends it at once, as it ends the shared entry. Every answer still passes
    PAGE_CACHE_HIT_MIDDLEWARE (the request log, the insights counter) and
    Django's request_started and request_finished signals; a page with a form
    gets this visitor's CSRF tokens and cookie from Django's CSRF middleware,
    as CachedPageMiddleware gives them. Whatever the copies cannot answer, or
    fail to, Django answers as it would without them.
    """

    # Headers whose request Django answers otherwise than with the page: a
    # precondition (412), a range, a body sent in chunks (411).
    DJANGO_ANSWERS = (
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_IF_MATCH",
        "HTTP_IF_UNMODIFIED_SINCE",
        "HTTP_IF_RANGE",
        "HTTP_RANGE",
        "HTTP_TRANSFER_ENCODING",
    )

    # What PublicPageCacheMiddleware.page_key() reads of the environ, through
    # the request (its scheme, host, path and query); the header that
    # SECURE_PROXY_SSL_HEADER names is added.
    KEY_ENVIRON = (
        "wsgi.url_scheme",
        "HTTP_HOST",
        "HTTP_X_FORWARDED_HOST",
        "HTTP_X_FORWARDED_PORT",
        "SERVER_NAME",
        "SERVER_PORT",
        "SCRIPT_NAME",
        "SCRIPT_URL",
        "REDIRECT_URL",
        "PATH_INFO",
        "QUERY_STRING",
    )
    # The most addresses whose page key is remembered (only those of pages
    # this process holds); past it they are forgotten. An address is at most
    # a few KB (gunicorn's limit_request_line).
    KEYS_REMEMBERED = 1000

    def __init__(self, application):
        self.application = application
        self.copies = PageCopies()
        self.keys = {}
        signals.setting_changed.connect(self.forget_keys)
        self.csrf = CsrfViewMiddleware(application)
        self.answer_hit = self.copy_response
        for path in reversed(settings.PAGE_CACHE_HIT_MIDDLEWARE):
            self.answer_hit = import_string(path)(self.answer_hit)

    def __call__(self, environ, start_response):
        if self.may_answer(environ):
            try:
                request = self.request_with_copy(environ)
            except Exception:
                # An address the copies cannot read (a bad host, too many
                # fields): Django answers it, with its own 4xx.
                request = None
            if request is not None:
                try:
                    return self.answer(request, start_response)
                except Exception:
                    logger.exception("page copy not served; Django answers")
        return self.application(environ, self.keeping_copy(environ, start_response))

    def request_with_copy(self, environ):
        """Return the request, carrying this process's current copy of its page, or None."""
        key = self.page_key(environ)
        # Only a page this process holds costs a read of the generation.
        if key in self.copies.pages and (generation := changes.shared_generation()):
            page_copy = self.copies.get(key, generation)
            if page_copy:
                # WSGIRequest rewrites the paths in the environ it is given,
                # which Django's handler reads again should the copy fail.
                request = WSGIRequest(environ.copy())
                request.page_copy = page_copy
                return request
        return None

    def page_key(self, environ):
        """Return PublicPageCacheMiddleware.page_key() of the request `environ`
        makes, remembered by what that key reads of it."""
        names = self.KEY_ENVIRON
        if settings.SECURE_PROXY_SSL_HEADER:
            names = (*names, settings.SECURE_PROXY_SSL_HEADER[0])
        address = tuple(environ.get(name) for name in names)
        key = self.keys.get(address)
        if key is None:
            # Raises for an address Django refuses (a host not allowed).
            key = PublicPageCacheMiddleware.page_key(WSGIRequest(environ.copy()))
            # A flood of addresses of no page held here is remembered by none.
            if key in self.copies.pages:
                if len(self.keys) >= self.KEYS_REMEMBERED:
                    self.keys.clear()
                self.keys[address] = key
        return key

    def forget_keys(self, **kwargs):
        """The settings a key reads (ALLOWED_HOSTS...) changed: tests only."""
        self.keys.clear()

    @classmethod
    def may_answer(cls, environ):
        """Only a plain anonymous GET of a page outside PAGE_CACHE_EXCLUDE."""
        if not settings.PAGE_CACHE or not settings.PAGE_CACHE_COPY_BYTES:
            return False
        if environ.get("REQUEST_METHOD") != "GET" or any(h in environ for h in cls.DJANGO_ANSWERS):
            return False
        if environ.get("CONTENT_LENGTH") not in (None, "", "0"):
            return False
        # A NUL byte is refused (and logged) by content.safety, even in a parameter no page reads.
        if "%00" in environ.get("QUERY_STRING", ""):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        if cookies and any(
            name.strip() != settings.CSRF_COOKIE_NAME
            for name, _, _ in (part.partition("=") for part in cookies.split(";"))
        ):
            return False
        path = environ.get("PATH_INFO", "")
        return not is_excluded(path)

    def answer(self, request, start_response):
        signals.request_started.send(sender=self.__class__, environ=request.environ)
        response = self.answer_hit(request)
        headers = response.items()
        if response.cookies:
            cookies = [
                ("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values()
            ]
            headers = [*headers, *cookies]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        # As from Django's handler: closing the response, once it has gone
        # out, sends request_finished (the insights flush, connections).
        return response

    def copy_response(self, request):
        entry, _, headers, _ = request.page_copy
        if not entry["csrf"]:
            return CopiedResponse(entry["content"], headers)
        self.csrf.process_request(request)
        # A token is as long as the one the copy was kept with: Content-Length holds.
        content = entry["content"].replace(CSRF_PLACEHOLDER, get_token(request).encode())
        return self.csrf.process_response(request, CopiedResponse(content, headers))

    def keeping_copy(self, environ, start_response):
        """Wrap start_response, to keep a copy of a page marked by COPY_ENVIRON_KEY."""

        def start(status, headers, exc_info=None):
            marked = environ.get(COPY_ENVIRON_KEY)
            if marked and status.startswith("200 "):
                try:
                    self.keep_copy(*marked, headers)
                except Exception:
                    # A copy is only ever a shortcut: the page goes out regardless.
                    logger.exception("page copy not kept")
            return start_response(status, headers, exc_info)

        return start

    def keep_copy(self, key, entry, headers):
        if entry["csrf"] and settings.CSRF_USE_SESSIONS:
            return
        names = {name.lower() for name, _ in headers}
        per_visitor = CSRF_HEADERS if entry["csrf"] else set()
        # A cookie or a Vary the outer middleware added makes the page one visitor's.
        if not (names & CSRF_HEADERS) - per_visitor:
            skipped = PER_REQUEST_HEADERS | per_visitor
            kept = [(name, value) for name, value in headers if name.lower() not in skipped]
            self.copies.keep(key, entry, kept)
