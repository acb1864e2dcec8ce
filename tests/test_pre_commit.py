"""`pre-commit run --all-files` passes offline on the repository, and stops a broken commit.

Run in a temporary git repository holding the working tree's files, with the project's
own .venv (the hooks call its ruff and toolkit) and a fresh pre-commit home, so nothing
is fetched and nothing of the user's is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}


def run(cwd: Path, *command: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The files git tracks (as they are in the working tree), committed in a new repository."""
    base = tmp_path_factory.mktemp("pre-commit")
    repo = base / "repo"
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    home = base / "pre-commit-home"
    for command in (("git", "init", "--quiet", "--initial-branch", "main"), ("git", "add", "--all"),
                    ("git", "commit", "--quiet", "--no-verify", "--message", "Alt")):
        assert run(repo, *command, home=home).returncode == 0
    return repo


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run(repo, str(ROOT / ".venv/bin/pre-commit"), *args, home=repo.parent / "pre-commit-home")


def test_every_hook_passes_on_the_repository_without_the_internet(clone):
    result = pre_commit(clone, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("ruff (Python)", "toolkit check (innholdet)", "toolkit schema --check"):
        line = next(line for line in result.stdout.splitlines() if line.startswith(hook))
        assert line.endswith("Passed"), line
    # Every hook is local: no repository was cloned into pre-commit's cache.
    assert not list((clone.parent / "pre-commit-home").glob("repo*"))


def test_a_content_error_stops_the_commit_with_its_line(clone):
    exercise = clone / "content/ovelser/pre-mortem.md"
    original = exercise.read_text(encoding="utf-8")
    exercise.write_text(original.replace("duration: 45", "duration: lenge"), encoding="utf-8")
    try:
        run(clone, "git", "add", str(exercise), home=clone.parent)
        result = pre_commit(clone, "run")
    finally:
        exercise.write_text(original, encoding="utf-8")
        run(clone, "git", "add", str(exercise), home=clone.parent)
    assert result.returncode == 1
    assert "content/ovelser/pre-mortem.md:11: «duration» skal være et heltall, ikke «lenge»" in result.stdout


def test_python_that_ruff_rejects_stops_the_commit(clone):
    module = clone / "toolkit/ubrukt.py"
    module.write_text("import os\n", encoding="utf-8")
    try:
        run(clone, "git", "add", str(module), home=clone.parent)
        result = pre_commit(clone, "run")
    finally:
        run(clone, "git", "rm", "--quiet", "--cached", str(module), home=clone.parent)
        module.unlink()
    assert result.returncode == 1 and "F401" in result.stdout
