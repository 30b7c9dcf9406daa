"""Browser tests need Debian's chromium: skipped without it on a developer's machine, failed
without it in CI (CI set, as .ci/run does)."""

from __future__ import annotations

import os

import pytest

from pipeline.web.browser import CHROMIUM


def require_chromium() -> None:
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} missing: apt-get install chromium (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
