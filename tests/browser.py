"""Helpers for tests in a real browser: `salvo serve` in a subprocess, and headless Chromium
from Debian's `chromium` package driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import ROOT

CHROMIUM = Path(os.environ.get("SALVO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    """Skip without Chromium on a developer's machine; in CI (CI set) its absence fails."""
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} missing: apt-get install chromium (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def served(db: Path) -> Iterator[str]:
    """`salvo serve --db DB --port 0` running; its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db),
                             "--port", "0", "--reviewer", "browser"],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        url = re.search(r"http://\S+/", proc.stderr.readline())[0]
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "healthz").raise_for_status()
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "salvo serve did not start"
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def browser_page(profile: Path, width: int = 1280, height: int = 900):
    """A page of headless Chromium with a fresh profile; console errors gather in
    `page.errors`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.errors = []
            page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            yield page
        finally:
            context.close()
