"""Commands that write a folder can never replace the project or anyone's work.

Each destructive target from issue 14 is tried on a temporary git repository (a copy of
the project, committed, with an untracked and an ignored file beside it): the command
exits 2 with a one-line message, and afterwards every file, tracked, untracked or
ignored, is byte-identical. Then the targets that must keep working: an earlier build,
an earlier export, a new folder outside the project.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, toolkit
from toolkit.writing import EXPORT, MARKDOWN, MARKER, SITE, UnsafeTarget, check_folder

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def snapshot(repo: Path) -> dict[str, str]:
    """Every file and symlink in the repository, .git included: path → content hash."""
    files = {}
    for path in sorted(repo.rglob("*")):
        if path.is_symlink():
            files[str(path.relative_to(repo))] = "-> " + os.readlink(path)
        elif path.is_file():
            files[str(path.relative_to(repo))] = hashlib.sha1(path.read_bytes()).hexdigest()
    return files


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A committed copy of the project with the tracked folders a build does not read too,
    an untracked note and an ignored cache file, and one release on gh-pages (for export)."""
    repo = copy_project(tmp_path_factory.mktemp("outputs") / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    for name in ("bench", "docs-dev", "scripts"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "The project")
    # gh-pages by hand (a release would cost a build): enough for `toolkit export` to run.
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input="[]\n",
                          capture_output=True, text=True, check=True).stdout.strip()
    tree = subprocess.run(["git", "mktree"], cwd=repo, input=f"100644 blob {blob}\tversions.json\n",
                          capture_output=True, text=True, check=True).stdout.strip()
    commit = git(repo, "commit-tree", tree, "-m", "Empty gh-pages")
    git(repo, "update-ref", "refs/heads/gh-pages", commit)
    (repo / "notater.txt").write_text("Mine notater, ikke sjekket inn.\n", encoding="utf-8")
    (repo / ".cache").mkdir()
    (repo / ".cache" / "ignorert.txt").write_text("ignorert\n", encoding="utf-8")
    return repo


DESTRUCTIVE = [
    ("build", "--site-dir", "content"),
    ("build", "--site-dir", "."),
    ("build", "--site-dir", ".."),
    ("build", "--site-dir", "docs"),
    ("build", "--site-dir", "docs/ut"),
    ("build", "--site-dir", "hooks"),
    ("build", "--site-dir", ".git"),
    ("build", "--site-dir", "bench"),
    ("build", "--site-dir", "content/../docs-dev"),
    ("export-markdown", "."),
    ("export-markdown", "docs"),
    ("export-markdown", "content"),
    ("export-markdown", ".."),
    ("export", "."),
    ("export", ".."),
    ("export", "content"),
    ("export", "cohorts"),
    ("export", "overrides/partials"),
]


@pytest.mark.parametrize("args", DESTRUCTIVE, ids=" ".join)
def test_a_destructive_target_is_refused_and_the_repository_is_byte_identical(repo, args):
    before = snapshot(repo)
    result = toolkit(*args, cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert message.startswith(f"toolkit {args[0]}: «") and "\n" not in message
    assert "Traceback" not in result.stderr
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain") == "?? notater.txt"


def test_a_symlink_to_a_project_folder_is_resolved_before_deciding(repo, tmp_path):
    link = tmp_path / "ut"
    link.symlink_to(repo / "content")
    before = snapshot(repo)
    result = toolkit("export", str(link), cwd=repo)
    assert result.returncode == 2
    assert f"som peker til {repo / 'content'}" in result.stderr and "content/" in result.stderr
    assert snapshot(repo) == before


def test_a_folder_the_command_did_not_make_is_refused_and_kept(repo, tmp_path):
    work = tmp_path / "arbeid"
    work.mkdir()
    (work / "rapport.docx").write_bytes(b"viktig")
    for args in (("export", str(work)), ("export-markdown", str(work)), ("build", "--site-dir", str(work))):
        result = toolkit(*args, cwd=repo)
        assert result.returncode == 2, result.stderr
        assert "er ikke laget av" in result.stderr and "\n" not in result.stderr.strip()
    assert [p.name for p in work.iterdir()] == ["rapport.docx"]
    assert (work / "rapport.docx").read_bytes() == b"viktig"


def test_export_replaces_its_own_earlier_export_but_not_another_commands_output(repo, tmp_path):
    target = tmp_path / "web"
    assert toolkit("export", str(target), cwd=repo).returncode == 0
    assert (target / MARKER).read_text(encoding="utf-8").strip() == "toolkit export"
    (target / "versions.json").write_text("gammel", encoding="utf-8")
    again = toolkit("export", str(target), cwd=repo)
    assert again.returncode == 0, again.stderr
    assert json.loads((target / "versions.json").read_text(encoding="utf-8")) == []
    # Another command's output is not this command's to replace.
    assert toolkit("export-markdown", str(target), cwd=repo).returncode == 2


def test_export_markdown_writes_beside_and_replaces_its_own_earlier_export(repo, tmp_path):
    target = tmp_path / "stock"
    first = toolkit("export-markdown", str(target), cwd=repo)
    assert first.returncode == 0, first.stderr
    assert (target / "mkdocs.yml").is_file() and (target / "docs/teori/index.md").is_file()
    (target / "docs" / "gammel.md").write_text("fra forrige gang", encoding="utf-8")
    second = toolkit("export-markdown", str(target), cwd=repo)
    assert second.returncode == 0, second.stderr
    assert not (target / "docs" / "gammel.md").exists()  # a fresh export, not a merge
    assert [p.name for p in target.parent.iterdir()] == ["stock"]  # no staging folder left


def test_a_plain_mkdocs_build_into_a_project_folder_stops_before_mkdocs_empties_it(repo):
    before = snapshot(repo)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", "content"], cwd=repo,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "mkdocs build: «content» er content/, som hører til prosjektet" in result.stdout + result.stderr
    assert snapshot(repo) == before


# The rule itself, decided in-process (toolkit.writing): cheap, so every shape is tried.


def test_check_folder_refuses_the_project_and_its_folders_and_allows_new_folders(repo, tmp_path):
    refused = [repo, repo.parent, repo / "content", repo / "content/teori", repo / ".git",
               repo / "docs-dev", repo / "scripts", repo / "site" / ".." / "toolkit", repo / ".gitignore"]
    for target in refused:
        with pytest.raises(UnsafeTarget):
            check_folder(repo, target, SITE)
    assert check_folder(repo, repo / "site", SITE) == (repo / "site").resolve()
    assert check_folder(repo, tmp_path / "ny" / "mappe", EXPORT) == (tmp_path / "ny" / "mappe").resolve()


def test_a_top_level_folder_with_tracked_files_is_protected_even_when_not_listed(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(repo), str(clone))
    (clone / "maler").mkdir()
    (clone / "maler" / "brev.md").write_text("mal", encoding="utf-8")
    with pytest.raises(UnsafeTarget, match="er ikke laget av"):  # untracked: someone's work
        check_folder(clone, clone / "maler", SITE)
    git(clone, "add", "maler")
    with pytest.raises(UnsafeTarget, match="maler/, som hører til prosjektet"):
        check_folder(clone, clone / "maler", SITE)


def test_an_earlier_output_is_recognised_by_its_marker_and_never_by_its_shape(tmp_path):
    root = tmp_path / "prosjekt"
    (root / "content").mkdir(parents=True)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x")
    (site / "404.html").write_text("x")
    (site / "sitemap.xml").write_text("x")  # what MkDocs writes: still not the toolkit's without a marker
    with pytest.raises(UnsafeTarget, match="er ikke laget av «toolkit build»"):
        check_folder(root, site, SITE)
    (site / MARKER).write_text("toolkit export\n")  # a marker decides: another command's
    with pytest.raises(UnsafeTarget):
        check_folder(root, site, SITE)
    (site / MARKER).write_text("toolkit build\n")
    assert check_folder(root, site, SITE)
    repo_like = tmp_path / "annet"
    (repo_like / ".git").mkdir(parents=True)
    (repo_like / MARKER).write_text("toolkit export-markdown\n")
    with pytest.raises(UnsafeTarget, match="git-repo"):
        check_folder(root, repo_like, MARKDOWN)
