"""What public pages show, and when they change by themselves.

Each app says it of its own models, in its AppConfig.ready(): `shows()` names
the models whose rows a public page shows, so that saving or deleting one
changes pages, and `changes_at()` adds a function that returns the next
moment pages change with no edit at all (a scheduled item going live, a
session starting). The page cache (hub.pagecache) asks this module and knows
no kind; a row no public page shows (a visitor's feedback, a download count,
an enquiry) changes nothing.
"""

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
