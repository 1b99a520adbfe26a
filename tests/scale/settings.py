"""The app servers of the scale test: the real settings, plus one test-only URL.

Static files are collected into the test's own folder (SCALE_STATIC_ROOT), as
a release collects them into the image.
"""

import os
from pathlib import Path

from hub.settings import *  # noqa: F403

ROOT_URLCONF = "tests.scale.urls"
STATIC_ROOT = Path(os.environ["SCALE_STATIC_ROOT"])
