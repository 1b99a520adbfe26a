"""Find every public URL in the URLconf, and the forms on its page.

Routes are read from the URLconf itself, so pages added by other apps are
walked as soon as their URLs are included. The admin is left out (it is
staff-only) except for its sign-in page.
"""

import re
from html.parser import HTMLParser

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def public_routes():
    """Return every public route as a path template such as "/faq/<slug:slug>/"."""
    routes = [f"/{settings.ADMIN_URL}login/"]
    routes += sorted(set(_walk(get_resolver(), "/")))
    return routes


def _walk(resolver, prefix):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from _walk(entry, prefix + _route(entry))
        elif isinstance(entry, URLPattern):
            yield prefix + _route(entry)


def _route(entry):
    if isinstance(entry.pattern, RoutePattern):
        return str(entry.pattern)
    # A regular expression: keep its literal text, marking each group as a slug.
    regex = entry.pattern.regex.pattern.lstrip("^").rstrip("$").removesuffix("\\Z")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<slug:\1>", regex).replace("\\", "")


def parameters(route):
    return [(match["converter"] or "str", match["name"]) for match in PARAMETER.finditer(route)]


def fill(route, value):
    """Return `route` with every parameter replaced by `value`."""
    return PARAMETER.sub(lambda match: str(value), route)


class FormFinder(HTMLParser):
    """Collect each POST form on a page: its action and the names of its fields."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self.forms.append({"action": attributes.get("action") or "", "fields": []})
        elif (
            tag in {"input", "select", "textarea"}
            and self.forms
            and attributes.get("name") not in {None, "", "csrfmiddlewaretoken"}
        ):
            self.forms[-1]["fields"].append(attributes["name"])


def post_forms(html):
    finder = FormFinder()
    finder.feed(html)
    return finder.forms
