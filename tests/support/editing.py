"""`toolkit edit` on a copy of the project in a git repository of its own, as the tests run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, free_port
from toolkit.editor import server

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}
READY = "Skjemaet for redaktører er på"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stderr
    return result.stdout


def needs_the_editor() -> None:
    for needed in (server.DECAP_SERVER, f"{server.DECAP_DIST}/decap-cms.js"):
        if not (ROOT / needed).is_file():
            pytest.fail(f"{needed} is missing: `make test` installs it (npm ci, scripts/fetch_npm_bundle.py)")


def repository(target: Path) -> Path:
    """A copy of the project, committed in a git repository of its own."""
    repo = copy_project(target)
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    shutil.copy2(ROOT / "README.md", repo / "README.md")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Innhold")
    return repo


@dataclass
class Editing:
    repo: Path
    url: str  # the form: http://127.0.0.1:<port>/admin/
    port: int
    log: Path
    process: subprocess.Popen

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def post(self, payload: object, headers: dict[str, str] | None = None) -> tuple[int, object]:
        """One backend call, as Decap's proxy backend makes it: (status, JSON answer)."""
        request = urllib.request.Request(self.api, data=json.dumps(payload).encode("utf-8"), method="POST",
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as refused:
            body = refused.read()
            try:
                return refused.code, json.loads(body)
            except ValueError:
                return refused.code, body.decode("utf-8", "replace")


def start(repo: Path, log: Path, *extra: str, port: int | None = None) -> Editing:
    """`toolkit edit` in ``repo`` (without the preview unless ``extra`` asks for it)."""
    port = port or free_port()
    args = list(extra) if extra else ["--no-preview"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "edit", "--no-browser", "--port", str(port), *args],
            cwd=repo, env={**os.environ, **GIT_ENV}, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while READY not in log.read_text():
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    return Editing(repo, f"http://127.0.0.1:{port}/admin/", port, log, process)
