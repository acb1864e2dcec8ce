"""Shared fixtures: the real site built once per test run, served on 127.0.0.1, and
Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
# One build date for the whole run (reproducible-builds.org's SOURCE_DATE_EPOCH, which MkDocs
# dates the sitemap by and toolkit.content.history dates new items by): two builds that a
# test compares must not differ because the run crossed midnight.
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def toolkit(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the ``toolkit`` command as an editor would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built strictly with ``toolkit build`` into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = toolkit("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    with SiteServer(built_site) as server:
        yield server.url


@pytest.fixture(scope="session")
def playwright():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    """Chromium for the whole run; a context or page that Chromium will not close is ended by
    killing it, and the next test gets a new one (tests/support/chromium.py)."""
    from tests.support.chromium import Chromium

    browser = Chromium(playwright, CHROMIUM, CHROMIUM_ARGS)
    yield browser
    browser.close()


class RequestLog:
    """Every URL a page asked for, to prove nothing left the local server."""

    def __init__(self, base: str):
        self.base_host = urlparse(base).netloc
        self.urls: list[str] = []

    def foreign(self) -> list[str]:
        return [
            url for url in self.urls
            if urlparse(url).scheme in ("http", "https", "ws", "wss")
            and urlparse(url).netloc != self.base_host
        ]


@pytest.fixture
def page(browser, site_url):
    """A fresh browser page (laptop size) whose requests are logged in ``page.requests``."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    log = RequestLog(site_url)
    page.on("request", lambda request: log.urls.append(request.url))
    page.requests = log
    yield page
    context.close()


@pytest.fixture
def phone(browser, site_url):
    """A fresh page the size of a 375 px wide phone screen."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
        has_touch=True, locale="nb-NO",
    )
    page = context.new_page()
    log = RequestLog(site_url)
    page.on("request", lambda request: log.urls.append(request.url))
    page.requests = log
    yield page
    context.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_project(target: Path) -> Path:
    """Copy what a build reads (config, docs, hooks, overrides, content, cohorts) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "content", "cohorts"):
        source = ROOT / name
        if source.is_dir():  # not the bytecode `make` compiled: a project as checked out
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (config, docs, hooks, content, cohorts) to break safely."""
    return copy_project(tmp_path)
