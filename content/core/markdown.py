"""Turn editors' Markdown into HTML that is safe to put on a page.

python-markdown renders; nh3 (the Rust ammonia sanitiser) then keeps only the
tags, attributes and URL schemes below. Anything else, such as <script>,
on* handlers, style attributes, iframes and javascript: or data: links, is
dropped, so the stored HTML can be marked safe in templates.
"""

import markdown
import nh3
from django.core.exceptions import ValidationError

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p",
    "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "scope"},
    "td": {"align"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Apps that give bodies more register here, so that core imports none of them
# (content.images: its images' sizes, and no image from elsewhere). Each takes
# sanitised HTML: a finisher returns it changed, a check raises ValidationError.
html_finishers = []
html_checks = []


def render_markdown(text):
    """Return sanitised HTML for the Markdown `text`, finished by the registered finishers."""
    html = _sanitised_html(text)
    for finish in html_finishers:
        html = finish(html)
    return html


def check_markdown(text, *, field):
    """Raise ValidationError, on the model field `field`, if the Markdown `text`
    breaks a registered check."""
    html = _sanitised_html(text)
    try:
        for check in html_checks:
            check(html)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _sanitised_html(text):
    # A fresh converter per call: Markdown instances are not thread-safe.
    html = markdown.markdown(
        text or "", extensions=["extra", "sane_lists", "toc"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
