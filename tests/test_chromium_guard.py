"""The browser tests' guard against a Chromium that never closes a context (tests/support/chromium.py).

A Chromium that stops answering is made here with SIGSTOP: the close would wait for ever
without the guard, and pytest-timeout would fail the test at 600 s."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.chromium import Chromium


def main_process(token: str) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"--vk-test-run={token}".encode() in (entry / "cmdline").read_bytes().split(b"\0"):
                    return int(entry.name)
            except OSError:
                continue
    raise AssertionError("no Chromium carries the run's token")


@pytest.mark.browser
def test_a_close_chromium_never_answers_kills_it_and_the_next_context_gets_a_new_one(playwright):
    chromium = Chromium(playwright, CHROMIUM, CHROMIUM_ARGS, close_seconds=3)
    try:
        context = chromium.new_context()
        context.new_page().set_content("<h1>Før</h1>")
        stuck = main_process(chromium._token)
        os.kill(stuck, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.warns(UserWarning, match="did not close a browser context within 3 s"):
            context.close()
        assert time.monotonic() - started < 30
        assert chromium.killed == 1
        assert not Path(f"/proc/{stuck}").exists() or "Z" in Path(f"/proc/{stuck}/stat").read_text().split()[2]

        page = chromium.new_context().new_page()
        page.set_content("<h1>Etter</h1>")
        assert page.locator("h1").inner_text() == "Etter"
        assert main_process(chromium._token) != stuck
    finally:
        chromium.close()


@pytest.mark.browser
def test_a_close_that_answers_is_not_touched(playwright):
    chromium = Chromium(playwright, CHROMIUM, CHROMIUM_ARGS, close_seconds=3)
    try:
        context = chromium.new_context()
        context.new_page().set_content("<p>ok</p>")
        first = main_process(chromium._token)
        context.close()
        time.sleep(4)  # past close_seconds: a timer left running would kill it now
        page = chromium.new_page()
        page.set_content("<p>igjen</p>")
        page.close()
        assert chromium.killed == 0
        assert main_process(chromium._token) == first
    finally:
        chromium.close()
