"""Tags for what search engines and link previews read: canonical links, JSON-LD.

JSON-LD goes into a <script type="application/ld+json"> element, with <, > and
& escaped as json_script does, so that no text an editor typed can close the
element. It needs no CSP nonce: browsers treat it as a data block and never
run it, and leaving the nonce out keeps these pages cacheable.
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from content.core.links import absolute_url

register = template.Library()
# What json_script escapes, so that no text can end the <script> element early.
JSON_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.simple_tag
def absolute_uri(location):
    """Return `location` (a path) as an absolute URL on the site's address."""
    return absolute_url(location)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """Return the page's canonical URL.

    A view may set `canonical_url` (the library does, for its filters);
    otherwise it is the path, with the page number for pages after the first.
    """
    request = context.get("request")
    if request is None:  # error pages rendered without a request (500)
        return ""
    if context.get("canonical_url"):
        return absolute_url(context["canonical_url"])
    # The page number comes from the paginator, not the query string: error
    # pages render this too, for requests whose query string cannot be parsed.
    # `is not None`: the truth of a page is its length, which reads its rows.
    page_obj = context.get("page_obj")
    suffix = f"?page={page_obj.number}" if page_obj is not None and page_obj.number > 1 else ""
    return absolute_url(request.path + suffix)


def json_ld_script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _content_fields(item):
    return {
        "name": item.title,
        "description": item.summary,
        "url": absolute_url(item.get_absolute_url()),
    }


@register.simple_tag
def faq_page_json_ld(questions=(), question=None):
    """Return schema.org FAQPage data for `questions` (or one `question`).

    Answers are the sanitised HTML of the body, as schema.org allows.
    """
    if question is not None:
        questions = [question]
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.title,
                "url": absolute_url(question.get_absolute_url()),
                "acceptedAnswer": {"@type": "Answer", "text": question.body_html},
            }
            for question in questions
        ],
    }
    return json_ld_script(data)


@register.simple_tag
def event_json_ld(session):
    """Return schema.org Event data for a Phish & Chips session."""
    if session.is_online:
        mode = "https://schema.org/OnlineEventAttendanceMode"
        location = {"@type": "VirtualLocation", "url": absolute_url(session.get_absolute_url())}
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
        location = {
            "@type": "Place",
            "name": session.venue or session.city or session.place,
            "address": session.place,
        }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        **_content_fields(session),
        "startDate": session.starts_at,
        "endDate": session.ends_at,
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if session.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": mode,
        "location": location,
        "isAccessibleForFree": True,
        "organizer": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    return json_ld_script(data)


@register.simple_tag
def asset_json_ld(asset):
    """Return schema.org data for an asset: a DigitalDocument for a file, else an Article."""
    data = {
        "@context": "https://schema.org",
        "@type": "DigitalDocument" if asset.file else "Article",
        **_content_fields(asset),
        "headline": asset.title,
        "datePublished": asset.publish_at,
        "dateModified": asset.updated,
        "genre": asset.get_asset_type_display(),
        "keywords": ", ".join(tag.name for tag in asset.tags.all()),
        "text": strip_tags(asset.body_html),
    }
    if asset.area:
        data["about"] = asset.area.name
    if asset.file:
        data["encodingFormat"] = asset.content_type
        data["contentUrl"] = absolute_url(asset.get_download_url())
    return json_ld_script(data)
