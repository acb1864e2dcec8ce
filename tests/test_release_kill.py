"""``toolkit release`` killed at any moment leaves gh-pages whole, and a retry finishes.

A temporary repository has the spring cohort released; each test releases the autumn
cohort and kills the release at a named point (``toolkit.settings.Pause``: the release
waits there until the test lets go), with SIGKILL to the toolkit process alone or to its
whole process group (mike has a group of its own and is left running, as it would be).
Afterwards gh-pages is either exactly as before, or holds the complete new release
(``latest`` moved, ``versions.json`` newest first); and the same command run again
succeeds and leaves no scratch branch, worktree or process behind.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, toolkit
from toolkit.settings import TEST_PAUSE

OLD, NEW = "2026-var", "2026-host"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}
WAIT = 300  # seconds: a release on a busy two-core machine


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> tuple[Path, str]:
    """A repository with the spring cohort released, and gh-pages' commit after it."""
    repo = copy_project(tmp_path_factory.mktemp("kill") / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Content for two cohorts")
    first = toolkit("release", OLD, cwd=repo, env=GIT_ENV)
    assert first.returncode == 0, first.stderr
    return repo, git(repo, "rev-parse", "gh-pages")


@pytest.fixture
def repo(released) -> Path:
    repo, _ = released
    git(repo, "update-ref", "refs/heads/gh-pages", released[1])  # only the spring cohort again
    return repo


@pytest.fixture
def base(released) -> str:
    return released[1]


def versions(repo: Path, ref: str = "gh-pages") -> list[dict]:
    return json.loads(git(repo, "show", f"{ref}:versions.json"))


def lock_record(repo: Path) -> dict:
    text = (repo / ".git" / "toolkit-release.lock").read_text(encoding="utf-8")
    return json.loads(text) if text.strip() else {}


def start(repo: Path, point: str, signal_file: Path) -> subprocess.Popen:
    """``toolkit release NEW`` in a session of its own, held at ``point``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "release", NEW], cwd=repo, start_new_session=True,
        env={**os.environ, **GIT_ENV, TEST_PAUSE: f"{point}={signal_file}"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + WAIT
    while not signal_file.exists():
        if process.poll() is not None:
            pytest.fail(f"the release ended before {point}:\n{process.stdout.read()}")
        assert time.monotonic() < deadline, f"the release never reached {point}"
        time.sleep(0.05)
    return process


def kill(process: subprocess.Popen, how: str) -> None:
    if how == "process":
        os.kill(process.pid, signal.SIGKILL)
    else:  # the toolkit's whole process group (its session): not mike, which has its own
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()


def group_alive(group: int) -> bool:
    """Whether a process of ``group`` still runs (zombies do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


def state(repo: Path, before: str) -> str:
    """"old" when gh-pages is exactly as before, "new" when it holds the complete release;
    anything else fails the test."""
    if git(repo, "rev-parse", "gh-pages") == before:
        return "old"
    assert [(v["version"], v["aliases"]) for v in versions(repo)] == [(NEW, ["latest"]), (OLD, [])]
    assert 'href="latest/"' in git(repo, "show", "gh-pages:index.html")
    assert f'href="../{NEW}/"' in git(repo, "show", "gh-pages:latest/index.html")
    assert "Programplan for Kull høsten 2026" in git(repo, "show", f"gh-pages:{NEW}/program/index.html")
    return "new"


def retry_finishes(repo: Path, before: str, published: bool) -> None:
    """The same command again: it cleans up, says what happened, and ends with the release."""
    tip = git(repo, "rev-parse", "gh-pages")
    result = toolkit("release", NEW, cwd=repo, env=GIT_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Forrige «toolkit release {NEW}»" in result.stderr
    if published:  # the killed run had finished: nothing is built again
        assert "ble avbrutt etter at gh-pages var oppdatert" in result.stderr
        assert git(repo, "rev-parse", "gh-pages") == tip
    else:
        assert "ble avbrutt før gh-pages ble endret" in result.stderr
    assert state(repo, before) == "new"
    assert git(repo, "for-each-ref", "refs/heads/toolkit-release/") == ""
    assert len(git(repo, "worktree", "list").splitlines()) == 1
    assert lock_record(repo) == {}
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize(("point", "how", "expected"), [
    ("locked", "process", "old"),  # before mike starts
    ("mike-building", "process", "old"),  # during mike's build, before its commit: mike left running
    ("mike-building", "group", "old"),
    ("deployed", "group", "old"),  # after mike's commit, before latest and versions.json
    ("published", "group", "new"),  # gh-pages moved, the scratch branch not yet removed
])
def test_killed_at_a_point_gh_pages_is_whole_and_a_retry_finishes(repo, base, tmp_path, point, how, expected):
    process = start(repo, point, tmp_path / "paused")
    mike = lock_record(repo).get("mike")
    if point == "locked":  # meanwhile, a second release is refused by the lock
        second = toolkit("release", NEW, cwd=repo, env=GIT_ENV)
        assert second.returncode == 1 and "En annen «toolkit release» pågår" in second.stderr
    kill(process, how)
    assert state(repo, base) == expected
    if mike:
        assert group_alive(mike)  # mike outlived the toolkit, held in its build
    retry_finishes(repo, base, published=expected == "new")
    if mike:
        assert not group_alive(mike)  # the retry stopped what the killed run left running


def test_mike_that_outlives_the_release_commits_only_to_its_scratch_branch(repo, base, tmp_path):
    paused = tmp_path / "paused"
    process = start(repo, "mike-building", paused)
    record = lock_record(repo)
    kill(process, "process")
    paused.unlink()  # let the orphaned mike go on alone, as it would after a real kill
    deadline = time.monotonic() + WAIT
    while group_alive(record["mike"]):
        assert time.monotonic() < deadline, "mike never finished"
        time.sleep(0.1)
    assert state(repo, base) == "old"  # gh-pages untouched ...
    scratch = f"refs/heads/{record['scratch']}"
    assert NEW in [v["version"] for v in versions(repo, scratch)]  # ... mike's commit is on scratch
    retry_finishes(repo, base, published=False)
