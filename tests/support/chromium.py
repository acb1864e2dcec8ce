"""Debian's Chromium for a whole test run, with a bound on closing what a test opened.

Chromium now and then never answers when Playwright disposes of a browser context (the
DevTools call ``Target.disposeBrowserContext``; puppeteer and Playwright users report the
same). In CI that held one test's ``context.close()``, after all of its checks had passed,
until pytest-timeout failed it at 600 s. Here a close that takes longer than
``close_seconds`` kills that Chromium (it runs in a process group of its own), says so in a
warning, and the next test gets a new one. A test's own waits keep their own timeouts: only
the close is bounded.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import Error as PlaywrightError

CLOSE_SECONDS = 60.0


class Chromium:
    """The ``browser`` the tests use: ``new_context``, ``new_page`` and ``close`` as Playwright's
    ``Browser`` has them, on a Chromium launched again when the last one had to be killed."""

    def __init__(self, playwright: Playwright, executable: str, args: list[str], close_seconds: float = CLOSE_SECONDS):
        self._playwright = playwright
        self._executable = executable
        self._args = args
        self.close_seconds = close_seconds
        self._browser: Browser | None = None
        self._token = ""
        self.killed = 0  # how many Chromiums a close outlasted

    def _current(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            # A switch Chromium ignores, to find this very process among the machine's.
            self._token = uuid.uuid4().hex
            self._browser = self._playwright.chromium.launch(
                executable_path=self._executable, args=[*self._args, f"--vk-test-run={self._token}"]
            )
        return self._browser

    @property
    def pid(self) -> int | None:
        """The current Chromium's browser process."""
        return main_process(self._token) if self._token else None

    def new_context(self, **options: Any) -> BrowserContext:
        context = self._current().new_context(**options)
        context.close = self._bounded(  # type: ignore[method-assign]
            context.close, "a browser context", lambda: [page.url for page in context.pages]
        )
        return context

    def new_page(self, **options: Any) -> Page:
        page = self._current().new_page(**options)
        page.close = self._bounded(page.close, "a page", lambda: [page.url])  # type: ignore[method-assign]
        return page

    def close(self) -> None:
        if self._browser is not None and self._browser.is_connected():
            self._bounded(self._browser.close, "the browser", list)()

    def _bounded(self, close: Callable[..., None], what: str, urls: Callable[[], list[str]]) -> Callable[..., None]:
        token = self._token

        def bounded(*args: Any, **kwargs: Any) -> None:
            opened = urls()  # what was open, for the warning (Playwright knows it without asking Chromium)
            killed = threading.Event()

            def kill() -> None:
                killed.set()  # first: the close returns as soon as Chromium is gone
                _kill(token)

            timer = threading.Timer(self.close_seconds, kill)
            timer.daemon = True
            timer.start()
            try:
                close(*args, **kwargs)
            except PlaywrightError:
                if not killed.is_set():
                    raise
            finally:
                timer.cancel()
            if killed.is_set():
                self.killed += 1
                warnings.warn(
                    f"Chromium did not close {what} within {self.close_seconds:g} s (open: {', '.join(opened) or 'nothing'}); "
                    "it was killed and the next test starts a new one",
                    stacklevel=2,
                )

        return bounded


def main_process(token: str) -> int | None:
    """The process id of the Chromium launched with ``token`` (its browser process, the only
    one that carries the switch), or None when there is none."""
    switch = f"--vk-test-run={token}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if switch in (entry / "cmdline").read_bytes().split(b"\0"):
                    return int(entry.name)
            except OSError:  # gone meanwhile
                continue
    return None


def _kill(token: str) -> bool:
    """Kill the process group of the Chromium launched with ``token``; whether one was found."""
    pid = main_process(token)
    if pid is None:
        return False
    try:
        group = os.getpgid(pid)
        if group == os.getpgrp():  # never the test run's own group
            os.kill(pid, signal.SIGKILL)
        else:
            os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True
