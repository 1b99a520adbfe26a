import re

import pytest
from django.core.management import call_command

from content.core.models import Content, ProductArea
from content.events.models import Registration, Session
from content.faq.models import Question
from content.library.models import Asset

# Each test reads the demo content, loaded once for them all (tests/conftest.py).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_content"),
]


def _snapshot():
    return {
        "areas": list(ProductArea.objects.values_list("slug", "name", "intro")),
        "content": list(Content.objects.order_by("pk").values_list("kind", "slug", "updated")),
        "registrations": Registration.objects.count(),
        "tags": sorted(Content.objects.values_list("tags__name", flat=True)),
    }


def test_loading_twice_changes_nothing():
    first = _snapshot()  # after the first load, by demo_content
    call_command("load_demo_content")
    assert _snapshot() == first


def test_demo_content_meets_the_brief():
    assert ProductArea.objects.count() == 4
    # Enough to show search on a real help centre's worth of content (issue 25).
    assert Question.objects.published().count() >= 80
    assert Asset.objects.published().count() >= 40
    for area in ProductArea.objects.all():
        assert Asset.objects.published().in_area(area).count() >= 5, area
        assert Question.objects.published().in_area(area).count() >= 5, area
    assert Asset.objects.published().updates().exists()
    sessions = list(Session.objects.published().upcoming().with_seat_counts())
    assert len(sessions) >= 3
    assert any(s.is_online for s in sessions)
    assert any(not s.is_online for s in sessions)
    assert any(0 < s.seats_left() <= s.capacity * 0.1 for s in sessions)


@pytest.mark.parametrize(
    "fact",
    [
        "Account | Roles",
        "From Everyone, To Internal",
        "External to Internal",
        "test delivery route",
        "sub-group",
        "password-protected zip",
        "SMTP submission",
        "Secure Messaging",
        "data centre",
        "25",
        "636",
        "389",
        "8 a.m., 1 p.m. and 11 p.m.",
        "Synchronisation Engine",
    ],
)
def test_faq_covers_every_fact_of_the_seed_page(fact):
    bodies = " ".join(Question.objects.values_list("body", flat=True))
    assert fact in bodies


def _plain(markdown):
    """Return the words of a Markdown text, without its markup, in one line."""
    text = re.sub(r"\*\*|\*|`|^#+ |^- ", "", markdown, flags=re.MULTILINE)
    return " ".join(text.split())


def _pdf_text(pdf):
    """Return the words a PDF of the demo writer shows, in one line."""
    shown = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf)
    text = " ".join(re.sub(rb"\\(.)", rb"\1", part).decode("cp1252") for part in shown)
    return " ".join(text.replace("•", "").split())


def test_each_demo_asset_has_its_own_body():
    bodies = list(Asset.objects.values_list("body", flat=True))
    assert len(set(bodies)) == len(bodies)
    for body in bodies:
        assert "Step-by-step instructions with screenshots" not in body
        assert len(_plain(body).split()) >= 60


def test_demo_pdfs_hold_the_whole_asset(client):
    with_files = list(Asset.objects.exclude(file=""))
    assert len(with_files) >= 5
    for asset in with_files:
        pdf = b"".join(client.get(asset.get_download_url()).streaming_content)
        text = _pdf_text(pdf)
        assert text.startswith(f"{asset.title} {asset.summary}"), asset.title
        assert _plain(asset.body) in text, asset.title


def test_demo_videos_say_what_they_show_and_link_to_the_recording(client):
    videos = list(Asset.objects.filter(format="Video"))
    assert videos
    for video in videos:
        assert video.body.startswith("## What the ")
        assert video.duration_minutes
        page = client.get(video.get_absolute_url()).text
        assert f'href="{video.external_url}"' in page
        assert video.external_url.startswith("https://")


def test_online_sessions_have_their_own_agenda():
    sessions = list(Session.objects.all())
    online = [session for session in sessions if session.is_online]
    in_person = [session for session in sessions if not session.is_online]
    assert online and in_person
    for session in online:
        assert "lunch" not in session.body.lower()
        assert "laptop" not in session.body.lower()
        assert "join link" in session.body
    for session in in_person:
        assert "Lunch" in session.body
