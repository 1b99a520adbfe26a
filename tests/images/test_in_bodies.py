"""Library images in Markdown bodies: drawn in sizes with width and height; no other images."""

import pytest

from content.core.markdown import render_markdown
from content.images.models import Image
from tests.editorial.conftest import change_url, form_values
from tests.factories import make_area, make_asset, make_question
from tests.helpers import page_query_count
from tests.images.conftest import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(staff_client):
    response = staff_client.post(
        "/admin/images/image/add/",
        {"upload": picture("PNG", size=(2000, 1000)), "alt": 'The "Release" button'},
    )
    assert response.status_code == 302
    return Image.objects.get()


def test_a_library_image_is_drawn_in_sizes_with_its_width_and_height(image):
    html = render_markdown(f"Press it:\n\n![Release & go]({image.url()})")
    base = f"/images/{image.pk}"
    assert (
        f'<img src="{base}/960.png" srcset="{base}/480.png 480w, {base}/960.png 960w, '
        f'{base}/1600.png 1600w, {base}/2000.png 2000w" sizes="(min-width: 52rem) 48rem, 100vw" '
        'width="2000" height="1000" alt="Release &amp; go" loading="lazy" decoding="async">'
    ) in html


def test_the_picker_offers_library_images_beside_every_markdown_field(staff_client, image):
    for item in [make_asset(), make_area()]:
        text = staff_client.get(change_url(item)).text
        assert "<summary>Insert an image</summary>" in text
        assert f'data-insert-markdown="![The &quot;Release&quot; button]({image.url()})"' in text


@pytest.mark.parametrize(
    "body",
    [
        "![Logo](https://evil.example/logo.png)",
        '<img src="//evil.example/pixel.gif" alt="">',
        "![Logo](/static/images/favicon.svg)",
    ],
)
def test_an_image_from_elsewhere_is_refused_and_the_body_kept(staff_client, body):
    question = make_question(body="Old answer")
    url = change_url(question)
    typed = f"New answer.\n\n{body}"
    response = staff_client.post(url, form_values(staff_client.get(url)) | {"body": [typed]})
    assert response.status_code == 200
    assert "Images must come from the hub&#x27;s image library" in response.text
    assert form_values(response)["body"] == [typed]
    question.refresh_from_db()
    assert question.body == "Old answer"


def test_an_area_intro_takes_library_images_only(staff_client, image):
    area = make_area()
    url = change_url(area)
    page = form_values(staff_client.get(url), "slug")
    refused = staff_client.post(url, page | {"intro": ["![x](http://evil.example/x.png)"]})
    assert "Images must come from the hub" in refused.text
    saved = staff_client.post(url, page | {"intro": [image.markdown]})
    assert saved.status_code == 302
    area.refresh_from_db()
    assert f'srcset="/images/{image.pk}/480.png 480w' in area.intro_html
    assert 'width="2000" height="1000"' in staff_client.get(area.get_absolute_url()).text


def test_an_image_missing_from_the_library_is_refused(staff_client, image):
    asset = make_asset()
    url = change_url(asset)
    body = f"![Gone](/images/{image.pk + 50}/480.png)"
    response = staff_client.post(url, form_values(staff_client.get(url)) | {"body": [body]})
    assert f"The image library has no image number {image.pk + 50}" in response.text


def test_images_add_no_query_to_a_public_page(client, image):
    plain = make_asset(body="No image here.")
    pictured = make_asset(body=f"With an image:\n\n{image.markdown}")
    assert 'srcset="' in client.get(pictured.get_absolute_url()).text
    assert page_query_count(client, pictured.get_absolute_url()) == page_query_count(
        client, plain.get_absolute_url()
    )
