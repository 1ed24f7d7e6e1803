"""Fixtures of the browser tests: Debian's chromium driven by Playwright.

`.ci/browser` starts `tilmash serve` on a temporary copy of the bundled
workspace and passes its address in TILMASH_URL; TILMASH_SCREENSHOTS names a
folder to write the README's screenshots to (unset: none are taken).
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("TILMASH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("TILMASH_URL")
    if not url:
        pytest.fail("TILMASH_URL is not set: run the tests through .ci/browser")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def token_server():
    """The address of a second server, started with --token, and its token."""
    url = os.environ.get("TILMASH_TOKEN_URL")
    token = os.environ.get("TILMASH_TOKEN")
    if not url or not token:
        pytest.fail("TILMASH_TOKEN_URL is not set: run the tests through .ci/browser")
    return url.rstrip("/"), token


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


def serve_from(route, folder):
    name = urlparse(route.request.url).path.lstrip("/") or "index.html"
    path = folder / name
    if not path.is_file():
        route.continue_()
        return
    route.fulfill(body=path.read_bytes(), content_type=f"{CONTENT_TYPES[path.suffix]}; charset=utf-8")


@pytest.fixture
def page(browser, base_url):
    """A fresh page (empty localStorage) at the translator's page."""
    context = browser.new_context(
        base_url=base_url,
        accept_downloads=True,
        viewport={"width": 1440, "height": 1000},
        locale="en-GB",
    )
    context.set_default_timeout(15_000)
    web = os.environ.get("TILMASH_WEB")
    if web:
        # While working on the page: its files from this folder, not the
        # ones embedded in the binary (which a change to web/ rebuilds).
        context.route(re.compile(r"^[^?#]*/([a-z]+\.(?:js|css|html))?(?:[?#].*)?$"), lambda route: serve_from(route, Path(web)))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/")
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def screenshots():
    """The folder to write screenshots to, or None."""
    folder = os.environ.get("TILMASH_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path
