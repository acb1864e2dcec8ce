"""The preview as editors run it (``make serve``), for tests: started on a free port in a
copy of the project, asked for pages with a time limit, stopped with Ctrl+C."""

from __future__ import annotations

import gzip
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

#: Material's English notice of its end of life, which no toolkit command may print.
END_OF_LIFE = "reaches end of life"


def serve_command(port: int) -> list[str]:
    """The ``make serve`` recipe from the Makefile, on another port."""
    recipe = re.search(r"^serve:.*\n(?:#.*\n)*\t(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)[1]
    words = shlex.split(recipe)
    assert words[:2] == ["$(BIN)/toolkit", "serve"], recipe
    words[words.index("--dev-addr") + 1] = f"127.0.0.1:{port}"
    return [sys.executable, "-m", "toolkit", *words[1:]]


def plain_environment(**extra: str) -> dict[str, str]:
    """This process's environment without ``NO_MKDOCS_2_WARNING`` (another test may have set
    it), so that a command that does not keep Material's notice out shows it."""
    return {**{k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}, **extra}


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    """The status and text of ``url``; an error status is an answer too. A request that
    takes longer than ``timeout`` fails the test (the preview once hung for good)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def fetch(url: str) -> str:
    status, text = get(url)
    assert status == 200, (url, status)
    return text


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except (OSError, AssertionError):
            value = None
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@dataclass
class Preview:
    """A running ``toolkit serve``: its address and everything it printed so far."""

    url: str
    log_file: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8")


@contextmanager
def serving(project: Path, log_file: Path) -> Iterator[Preview]:
    """``make serve``'s command in ``project`` until the block ends, then Ctrl+C."""
    port = free_port()
    with open(log_file, "w", encoding="utf-8") as output:
        process = subprocess.Popen(serve_command(port), cwd=project, stdout=output, stderr=subprocess.STDOUT,
                                   env=plain_environment(), start_new_session=True)
    preview = Preview(f"http://127.0.0.1:{port}/", log_file, process)
    try:
        def up() -> bool:
            if process.poll() is not None:
                pytest.fail(f"toolkit serve stopped (exit {process.returncode}):\n{preview.log()[-3000:]}")
            return bool(get(preview.url))

        wait_for(up, 300, "toolkit serve to come up")
        yield preview
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl+C: toolkit serve and the server it runs
        process.wait(30)


def published_text(folder: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file under ``folder`` as bytes, gzip-compressed ones (``.gz`` files, Pagefind's
    index and fragments) decompressed: what a reader or a search could get from it."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path, data
