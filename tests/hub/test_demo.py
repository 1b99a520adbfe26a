import pytest
from django.core.management import call_command

from content.core.models import Content, ProductArea
from content.events.models import Registration, Session
from content.faq.models import Question
from content.library.models import Asset

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "areas": list(ProductArea.objects.values_list("slug", "name", "intro")),
        "content": list(Content.objects.order_by("pk").values_list("kind", "slug", "updated")),
        "registrations": Registration.objects.count(),
        "tags": sorted(Content.objects.values_list("tags__name", flat=True)),
    }


def test_loading_twice_changes_nothing():
    call_command("load_demo_content", stdout=None)
    first = _snapshot()
    call_command("load_demo_content")
    assert _snapshot() == first


def test_demo_content_meets_the_brief():
    call_command("load_demo_content")
    assert ProductArea.objects.count() == 4
    assert Question.objects.published().count() >= 10
    for area in ProductArea.objects.all():
        assert Asset.objects.published().in_area(area).count() >= 3, area
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
    call_command("load_demo_content")
    bodies = " ".join(Question.objects.values_list("body", flat=True))
    assert fact in bodies
