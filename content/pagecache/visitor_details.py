"""A signed-in visitor's own details on a page everyone of their audience shares.

A form filled in with the visitor's details (the booking form: their address,
name, company and job title) would make its page theirs alone, rendered for
every request. Instead the view puts a mark where each detail goes (mark()),
the page is stored for the audience like any other, and the visitor's own
details take the marks' places as the page is sent to them (fill(), called by
the page cache middleware whatever answered). The details are read from the
database for each request, by the function PAGE_CACHE_VISITOR_DETAILS names;
no cache ever holds them.
"""

import re

from django.conf import settings
from django.utils.html import escape
from django.utils.module_loading import import_string

PREFIX = b"\x00visitor-detail:"
MARK = re.compile(rb"\x00visitor-detail:(\w+)\x00")


def mark(name):
    """Return what stands for the visitor's detail `name` in a page."""
    return f"{PREFIX.decode()}{name}\x00"


def marked(response):
    """Say whether the response has marks to fill."""
    return not response.streaming and PREFIX in response.content


def fill(response, user_id):
    """Put the details of the account `user_id` (None: nobody's) where the marks are."""
    details = import_string(settings.PAGE_CACHE_VISITOR_DETAILS)(user_id) if user_id else {}
    response.content = MARK.sub(
        lambda match: escape(details.get(match[1].decode(), "")).encode(), response.content
    )
    if response.has_header("Content-Length"):
        response["Content-Length"] = len(response.content)
