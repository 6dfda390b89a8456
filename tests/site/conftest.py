"""Shared fixtures for the built-site checks: the page list and a headless Chromium.

The browser tests drive the system's Chromium through Playwright (no browser download). Set
CHROMIUM to its path if it is not /usr/bin/chromium; when none is found the browser tests are
skipped with a message saying how to install one (`.ci/run` installs Debian's chromium).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SITE = REPO_ROOT / "_build" / "html"
REPORTS = REPO_ROOT / "_build" / "site-report"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def built_pages() -> list[Path]:
    if not (SITE / "index.html").is_file():
        pytest.fail("no built site in _build/html: run `make book` first", pytrace=False)
    skip = {"genindex.html", "search.html"}
    return sorted(
        path
        for path in SITE.rglob("*.html")
        if "_static" not in path.parts and path.name not in skip and "_sources" not in path.parts
    )


def page_id(path: Path) -> str:
    return path.relative_to(SITE).as_posix()


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("google-chrome")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "no Chromium found: install Debian's `chromium` (apt-get install chromium) or set "
            "CHROMIUM=/path/to/chrome to run the browser and accessibility checks"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def reports() -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    return REPORTS
