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


def dead(pid: int) -> bool:
    """Whether ``pid`` has ended: gone, or a zombie its parent has not reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:  # reaped, before or while it was read
        return True


@pytest.fixture
def chromium(playwright):
    """A Chromium of its own (the run's is not to be killed), with a close bounded at 3 s."""
    chromium = Chromium(playwright, CHROMIUM, CHROMIUM_ARGS, close_seconds=3)
    yield chromium
    chromium.close()


@pytest.mark.browser
def test_a_close_chromium_never_answers_kills_it_and_the_next_context_gets_a_new_one(chromium):
    context = chromium.new_context()
    context.new_page().set_content("<h1>Før</h1>")
    stuck = chromium.pid
    os.kill(stuck, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.warns(UserWarning, match="did not close a browser context within 3 s"):
        context.close()
    assert time.monotonic() - started < 30
    assert chromium.killed == 1
    assert dead(stuck)

    page = chromium.new_context().new_page()
    page.set_content("<h1>Etter</h1>")
    assert page.locator("h1").inner_text() == "Etter"
    assert chromium.pid not in (None, stuck)


@pytest.mark.browser
def test_a_close_that_answers_is_not_touched(chromium):
    context = chromium.new_context()
    context.new_page().set_content("<p>ok</p>")
    first = chromium.pid
    context.close()
    time.sleep(4)  # past close_seconds: a timer left running would kill it now
    page = chromium.new_page()
    page.set_content("<p>igjen</p>")
    page.close()
    assert chromium.killed == 0
    assert first is not None and chromium.pid == first
