"""The app servers of the scale test: the real settings.

Static files are collected into the test's own folder (SCALE_STATIC_ROOT), as
a release collects them into the image.
"""

import os
from pathlib import Path

from hub.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["SCALE_STATIC_ROOT"])
