"""{% remember %}: keep a part of a page that is the same for every visitor.

    {% load fragments %}
    {% remember "area-lists" %} ... {% endremember %}

The part is rendered once per address (as the page cache keys pages: host,
path and the query parameters a page reads) and audience (what the visitor
may read), and kept until public pages next change (content.core.changes): a
visitor the page cache cannot serve, such as one with a session cookie, still
gets the lists, cards and counts without their queries and their rendering.
Extra arguments after the name are added to the key.

What ties a part to one visitor, a CSRF token, is never kept: a part that
used one is rendered afresh every time; so is every part of a preview and of
an address the page cache leaves out. Parts that read the session or the
visitor's account must not be wrapped at all.
"""

from django import template
from django.utils.safestring import mark_safe

from content.core import changes
from content.core.models import visitor_of
from content.pagecache.middleware import PublicPageCacheMiddleware, is_excluded

register = template.Library()


class WatchedToken:
    """Stands in for the CSRF token in a part, and notes whether it was written."""

    def __init__(self, token):
        self.token = token
        self.used = False

    def __bool__(self):
        return bool(self.token)

    def __eq__(self, other):
        return self.token == other

    def __str__(self):
        self.used = True
        return str(self.token)


def is_shared_page(request, context):
    """Say whether the page is one every visitor of an audience may be given:
    not a preview, not at an address the page cache leaves out (the admin)."""
    if request is None or context.get("preview"):
        return False
    return not is_excluded(request.path)


class RememberNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if not is_shared_page(request, context):
            return self.nodelist.render(context)
        # One part per audience: what a list holds depends on who may read what
        # (content.core.models.readable_by); anonymous visitors share theirs.
        parts = [
            self.name.resolve(context),
            PublicPageCacheMiddleware.page_key(request),
            visitor_of(request).cache_key,
        ]
        parts += [variable.resolve(context) for variable in self.vary_on]
        key = changes.key_of("remember", parts)
        personal = []

        def render():
            token = WatchedToken(context.get("csrf_token"))
            with context.push(csrf_token=token):
                html = self.nodelist.render(context)
            if token.used:
                personal.append(html)
                return None
            return html

        html = changes.remembered(key, render)
        return mark_safe(personal[0] if personal else html)


@register.tag
def remember(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% remember %} needs a name.")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    return RememberNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
