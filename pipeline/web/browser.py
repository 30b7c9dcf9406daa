"""`salvo serve` in a subprocess and headless Chromium driven by Playwright, for the browser
tests and `make screenshots`. The browser is Debian's `chromium` package (SALVO_CHROMIUM names
another executable); Playwright never downloads one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.error import URLError

CHROMIUM = Path(os.environ.get("SALVO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@contextmanager
def served(db: Path, *options: str) -> Iterator[str]:
    """`salvo serve --db DB --port 0 OPTIONS` running; its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db),
                             "--port", "0", *options], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        found = re.search(r"http://\S+/", line)
        if not found:
            raise RuntimeError(f"salvo serve did not start: {line.strip()}")
        _wait_healthy(found[0])
        yield found[0]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_healthy(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=5):
                return
        except (URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def browser_page(profile: Path, width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A page of headless Chromium with the fresh profile folder `profile`; console errors
    gather in `page.errors`."""
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
