"""Commands that write a folder or a file can never replace the project or anyone's work.

Each destructive target from issues 14 and 23 is tried on a temporary git repository (a
copy of the project, committed, with an untracked and an ignored file beside it): the
command exits 2 with a one-line message, and afterwards every file, tracked, untracked or
ignored, and every file of the target, is byte-identical. A folder that merely looks like
an output (a site's 404.html and sitemap.xml, an export's versions.json, a Markdown
export's mkdocs.yml and docs/) is someone's until it carries the toolkit's marker. Then
the targets that must keep working: an earlier build, an earlier export, a new folder
outside the project, a file the command wrote itself; and what a killed build leaves.
"""

from __future__ import annotations

import hashlib
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
from toolkit.writing import (
    EXPORT,
    MARKDOWN,
    MARKER,
    SITE,
    STAGING,
    UnsafeTarget,
    check_folder,
    remove_leftovers,
    staging_dir,
)

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
    for name in ("bench", "docs-dev", "scripts", "schemas"):
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


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (not only a repository): path → content hash."""
    return snapshot(folder) if folder.exists() else {}


def assert_refused(result: subprocess.CompletedProcess, command: str) -> None:
    """Exit 2 with one Norwegian line naming the command, and no traceback anywhere."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    message = result.stderr.strip()
    assert message.startswith(f"{command}: ") and "\n" not in message, message


# Issue 23's data loss: folders that look like an output and hold the user's own files.
LOOKALIKES = {
    "a site (404.html, sitemap.xml)": {"404.html": "<h1>404</h1>", "sitemap.xml": "<urlset/>"},
    "a Markdown export (mkdocs.yml, docs/)": {"mkdocs.yml": "site_name: Mitt\n", "docs/index.md": "# Mitt\n"},
    "an export (versions.json, index.html)": {"versions.json": "[]", "index.html": "<p>Min side</p>"},
}
WRITERS = {"build": ("build", "--site-dir"), "export": ("export",), "export-markdown": ("export-markdown",)}


@pytest.mark.parametrize("shape", LOOKALIKES)
@pytest.mark.parametrize("writer", WRITERS)
def test_a_folder_that_only_looks_like_an_output_is_refused_and_the_users_files_are_kept(
        repo, tmp_path, writer, shape):
    folder = tmp_path / "ut"
    for name, text in {**LOOKALIKES[shape], "rapport.docx": "viktig"}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    before, before_repo = tree(folder), snapshot(repo)
    result = toolkit(*WRITERS[writer], str(folder), cwd=repo)
    assert_refused(result, f"toolkit {writer}")
    assert "er ikke laget av" in result.stderr
    assert tree(folder) == before and snapshot(repo) == before_repo
    assert [p.name for p in tmp_path.iterdir()] == ["ut"]  # no staging folder beside it


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


# --- what a killed build leaves, and who removes it ------------------------------------


def test_a_staging_folder_is_removed_only_when_marked_by_the_same_command_and_no_longer_in_use(tmp_path):
    target = tmp_path / "site"
    running = staging_dir(target, SITE)  # a build that is still writing: its lock is held
    killed = tmp_path / ".site-drept"  # what a killed build leaves: marked, nobody holds the lock
    killed.mkdir()
    (killed / MARKER).write_text(f"toolkit build\n{STAGING}\n")
    (killed / "index.html").write_text("halvferdig")
    other = tmp_path / ".site-eksport"  # another command's
    other.mkdir()
    (other / MARKER).write_text(f"toolkit export\n{STAGING}\n")
    mine = tmp_path / ".site-mine"  # the user's, unmarked
    mine.mkdir()
    (mine / "notat.md").write_text("mitt")
    (tmp_path / ".site-notater.md").write_text("mine notater")
    try:
        assert remove_leftovers(target, SITE) == [killed]
        assert running.path.is_dir() and other.is_dir() and (mine / "notat.md").is_file()
        assert (tmp_path / ".site-notater.md").read_text() == "mine notater"
    finally:
        running.close()
    assert not running.path.exists()


def processes_naming(text: str) -> list[int]:
    """Running processes whose command line holds ``text``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def test_a_killed_build_takes_mkdocs_with_it_and_the_next_build_removes_its_staging_folder(repo, tmp_path):
    target = tmp_path / "nettsted"
    process = subprocess.Popen([sys.executable, "-m", "toolkit", "build", "--site-dir", str(target)], cwd=repo,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staging: list[Path] = []
    while not staging or not processes_naming(str(staging[0])):  # MkDocs is building into it
        assert time.monotonic() < deadline and process.poll() is None, "the build never started"
        time.sleep(0.1)
        staging = list(tmp_path.glob(".nettsted-*"))
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while processes_naming(str(staging[0])):
        assert time.monotonic() < deadline, "MkDocs went on building after toolkit build was killed"
        time.sleep(0.1)
    assert staging[0].is_dir()  # left behind, marked as the build's
    assert (staging[0] / MARKER).read_text().splitlines() == ["toolkit build", STAGING]
    (tmp_path / ".nettsted-notater.md").write_text("mine notater")
    again = toolkit("build", "--site-dir", str(target), cwd=repo)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nettsted-notater.md", "nettsted"]


def test_a_plain_mkdocs_build_marks_its_site_so_the_next_build_may_replace_it(repo, tmp_path):
    site = tmp_path / "plain"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=repo,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert (site / MARKER).read_text(encoding="utf-8") == "toolkit build\n"
    assert check_folder(repo, site, SITE) == site.resolve()  # `toolkit build` and `mkdocs build` may replace it


# --- files: cms-config --output, schema DIR, bench/run.py --output -----------------------


@pytest.mark.parametrize("args", [
    ("--output", "content/temaer.yml"),
    ("--output", "content/temaer.yml", "--force"),
    ("--output", "content"),
    ("--output", "finnes-ikke/config.yml"),
    ("--output", "mkdocs.yml"),  # tracked, not made by cms-config
    ("--output", ".git/config", "--force"),
    ("--output", "cohorts/ny.yml"),
], ids=" ".join)
def test_cms_config_writes_no_file_it_did_not_make(repo, args):
    before = snapshot(repo)
    result = toolkit("cms-config", *args, cwd=repo)
    assert_refused(result, "toolkit cms-config")
    assert snapshot(repo) == before


def test_cms_config_rewrites_its_own_file_and_overwrites_another_only_with_force(repo, tmp_path):
    own = tmp_path / "config.yml"
    assert toolkit("cms-config", "--output", str(own), cwd=repo).returncode == 0
    assert own.read_text(encoding="utf-8").startswith("# toolkit-output: toolkit cms-config")
    own.write_text(own.read_text(encoding="utf-8") + "# gammel\n", encoding="utf-8")
    again = toolkit("cms-config", "--output", str(own), cwd=repo)
    assert again.returncode == 0, again.stderr
    assert "# gammel" not in own.read_text(encoding="utf-8")
    mine = tmp_path / "mitt.yml"
    mine.write_text("mitt: oppsett\n", encoding="utf-8")
    assert_refused(toolkit("cms-config", "--output", str(mine), cwd=repo), "toolkit cms-config")
    assert mine.read_text(encoding="utf-8") == "mitt: oppsett\n"
    forced = toolkit("cms-config", "--output", str(mine), "--force", cwd=repo)
    assert forced.returncode == 0 and "overskriver «" in forced.stderr and "mitt.yml" in forced.stderr
    assert "collections:" in mine.read_text(encoding="utf-8")


def test_schema_onto_a_file_or_a_project_folder_is_refused(repo, tmp_path):
    before = snapshot(repo)
    a_file = tmp_path / "skjema.json"
    a_file.write_text("{}", encoding="utf-8")
    for target in (str(a_file), str(a_file / "under"), "content", "docs/skjema", ".git"):
        assert_refused(toolkit("schema", target, cwd=repo), "toolkit schema")
    assert a_file.read_text(encoding="utf-8") == "{}"
    assert snapshot(repo) == before


def test_schema_rewrites_its_own_schemas_and_refuses_a_file_it_did_not_make_before_writing_any(repo, tmp_path):
    before = snapshot(repo)
    assert toolkit("schema", "schemas", cwd=repo).returncode == 0  # its own, committed: unchanged
    assert snapshot(repo) == before
    out = tmp_path / "skjema"
    out.mkdir()
    (out / "ovelser.schema.json").write_text('{"mitt": true}', encoding="utf-8")
    assert_refused(toolkit("schema", str(out), cwd=repo), "toolkit schema")
    assert [p.name for p in out.iterdir()] == ["ovelser.schema.json"]  # nothing else written first
    forced = toolkit("schema", str(out), "--force", cwd=repo)
    assert forced.returncode == 0 and "overskrev «" in forced.stderr
    assert json.loads((out / "ovelser.schema.json").read_text(encoding="utf-8"))["$comment"].startswith(
        "toolkit-output: toolkit schema")


def run_bench(*args: str) -> subprocess.CompletedProcess:
    """bench/run.py as `make bench` runs it; a refusal comes before any work (bounded here,
    so that a bench that did start would fail the test instead of running for an hour)."""
    return subprocess.run([sys.executable, "bench/run.py", "--no-browser", "--no-release", "--sizes", "1", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_bench_writes_only_its_own_report_and_work_folder(tmp_path):
    before = tree(ROOT / "content")
    mine = tmp_path / "mine.md"
    mine.write_text("# Mine tall\n", encoding="utf-8")
    work = tmp_path / "arbeid"
    work.mkdir()
    (work / "notat.txt").write_text("mitt", encoding="utf-8")
    for args in (("--output", "content/temaer.yml"), ("--output", str(mine)),
                 ("--output", str(tmp_path / "ny.md"), "--keep", str(work)),
                 ("--output", str(tmp_path / "ny.md"), "--keep", "content")):
        assert_refused(run_bench(*args), "bench/run.py")
    assert mine.read_text(encoding="utf-8") == "# Mine tall\n" and (work / "notat.txt").read_text() == "mitt"
    assert tree(ROOT / "content") == before
    assert (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8").startswith("<!-- toolkit-output: bench/run.py -->")
