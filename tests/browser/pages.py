"""The public pages the browser tests visit, found from the URLconf.

Every named URL outside the admin is a public page, unless NOT_PAGES says it is
not one. A URL without arguments is visited as it is; a URL that takes
arguments needs an example in `examples()` (taken from the demo content), and
`test_every_public_url_has_an_example` fails, naming it, until it has one or is
listed in NOT_PAGES. Responses that are not HTML (feeds, JSON) are left out
when visited, so only pages people read are checked.
"""

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from taggit.models import Tag

from content.core.models import Content, ProductArea

# Named URLs that are not pages a person reads, and why.
NOT_PAGES = {
    "robots": "plain text for crawlers",
    "healthz": "JSON liveness check",
    # Named in the branches of issues 4, 5 and 6, ahead of their merge.
    "library:download": "a file; the journeys download one",
    "feeds:area-rss": "a feed",
    "feeds:area-atom": "a feed",
    "events:calendar": "a calendar file",
    "events:subscription": "a calendar subscription",
    "events:area-subscription": "a calendar subscription",
    "events:registration-calendar": "a calendar file, reached through a signed link",
    "events:manage": "reached through a signed link; the booking journeys open it",
    "events:cancel": "reached through a signed link; the booking journeys open it",
    "events:forget": "reached through a signed link",
    # Check-in at the door and after the day: staff only, or one person's signed
    # link; tests/browser/test_checkin.py and test_after_the_day.py open them.
    "events:checkin": "a signed check-in code, opened by staff at the door",
    "events:checkin-code": "the QR image of a signed check-in code",
    "events:checkin-list": "staff only: the check-in list (test_checkin.py)",
    "events:checkin-counts": "staff only: the check-in list's live counts (JSON)",
    "events:certificate": "a PDF, reached through a signed link",
    "events:certificate-verify": "reached through the signed address on a certificate",
    "events:followup": "reached through a signed link (test_after_the_day.py)",
    "events:followup-slides": "a file, reached through a signed link",
    "enquiries:sent": "shown after sending; the contact journey sees it",
    "enquiries:status": "reached through a signed link; test_contact.py opens and axe-checks it",
    "preview": "staff only; test_preview.py opens it from the admin",
    "images:file": "an image file; test_editorial.py shows one on a page",
    "outbox": "local development only (a 404 without DEBUG); tests/outbox/test_outbox.py",
    "outbox-attachment": "a file of the local development outbox",
    "accounts:sign-out-everywhere": "a button on the account page; test_accounts.py",
    "openid_connect_login": "a button on the sign-in page, for a configured provider",
    "openid_connect_callback": "where an organisation's provider sends the browser back",
    "socialaccount_signup": "reached only if single sign-on cannot make the account",
    "socialaccount_login_error": "shown (401) when an organisation's sign-on fails",
    "search-click": "a redirect to a search result; tests/insights/test_counting.py follows it",
}
# Pages below an item's own page, visited with the same arguments as that page.
BELOW_ITEM = {"events:booking-link": "events:detail"}
# Pages in a state that the URLconf does not show: a query, a filter.
EXTRA_PAGES = [
    "/search/?q=synchronisation",
    "/phish-and-chips/?attendance=in-person",
]


def public_url_names():
    """Return {name: whether it takes arguments} for every named URL outside the admin."""
    names = {}

    def walk(patterns, namespace, takes_arguments):
        for pattern in patterns:
            arguments = takes_arguments or bool(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, arguments)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names[f"{namespace}{pattern.name}"] = arguments

    walk(get_resolver().url_patterns, "", False)
    return {name: arguments for name, arguments in names.items() if name not in NOT_PAGES}


def examples():
    """Return {URL name: [URL arguments, ...]}: every area, a tag, one item of each kind."""
    found = {
        "areas:detail": [
            {"slug": slug} for slug in ProductArea.objects.values_list("slug", flat=True)
        ]
    }
    tag = Tag.objects.filter(slug__in=Content.objects.published().values("tags__slug")).first()
    if tag is not None:
        found["tags:detail"] = [{"slug": tag.slug}]
    for kind in Content.kinds.values():
        item = kind.objects.published().first()
        if item is not None:
            found[kind.detail_url_name] = [{"slug": item.slug}]
    for name, item_page in BELOW_ITEM.items():
        if item_page in found:
            found[name] = found[item_page]
    return found


def missing_examples():
    """Return the public URL names that take arguments and have no example."""
    known = examples()
    return sorted(
        name
        for name, takes_arguments in public_url_names().items()
        if takes_arguments and name not in known
    )


def public_pages():
    """Return the path of every public page, with the demo content loaded."""
    known = examples()
    paths = []
    for name, takes_arguments in public_url_names().items():
        if not takes_arguments:
            paths.append(reverse(name))
        else:
            paths += [reverse(name, kwargs=kwargs) for kwargs in known.get(name, [])]
    assert not any(path.startswith(f"/{settings.ADMIN_URL}") for path in paths)
    return paths + EXTRA_PAGES
