"""The home page stays light: its HTML, CSS and JS are at most 50 KB compressed."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from content.demo import loader

pytestmark = pytest.mark.django_db

LIMIT = 50 * 1024


def test_home_page_html_css_and_js_weigh_at_most_50_kb_gzipped(client):
    loader.load()
    html = client.get("/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert any(name.endswith(b".css") for name in assets)
    assert any(name.endswith(b".js") for name in assets)
    sizes = {"HTML": len(gzip.compress(html))}
    for name in assets:
        with open(finders.find(name.decode()), "rb") as file:
            sizes[name.decode()] = len(gzip.compress(file.read()))
    assert sum(sizes.values()) <= LIMIT, sizes
