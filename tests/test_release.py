"""Releasing cohorts with ``toolkit release`` in a temporary git repository.

One module-scoped repository is released twice (the spring cohort, then the autumn
cohort with ``--push`` to a bare remote) and exported; the tests read what that left.
Refusals build nothing, so they are cheap; one clone re-releases the older cohort to
show that it cannot move ``latest`` or touch the newer cohort.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, copy_project, free_port, toolkit

OLD, NEW = "2026-var", "2026-host"
OLD_TITLE, NEW_TITLE = "Kull våren 2026", "Kull høsten 2026"
ONLY_OLD = "teori/bare-for-varkullet"  # a fixture item with `cohorts: [2026-var]`


def only_old_item(title: str = "Bare for vårkullet", cohorts: str = "cohorts: [2026-var]\n") -> str:
    """A real theory page under a new name, kept to the spring cohort by ``cohorts``."""
    text = (ROOT / "content/teori/effektive-ledergrupper.md").read_text(encoding="utf-8")
    head, rest = text.split("\ntitle:", 1)
    rest = rest.split("\n", 1)[1]
    return f"{head}\ntitle: {title}\n{cohorts}{rest}"


HIDDEN = ("content/teori/hemmelig-utkast.md", "docs/privat/notat.md")  # ignored, never committed


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def release(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return toolkit("release", *args, cwd=cwd, env=GIT_ENV)


def tree(cwd: Path, ref: str, path: str = "") -> dict[str, str]:
    """Every file under ``path`` on ``ref``: path → (mode, blob id)."""
    listing = git(cwd, "ls-tree", "-r", "--full-tree", ref, *([path] if path else []))
    entries = {}
    for line in listing.splitlines():
        meta, name = line.split("\t", 1)
        mode, _, sha = meta.split()
        entries[name] = f"{mode} {sha}"
    return entries


@dataclass
class Released:
    repo: Path
    remote: Path
    export: Path
    commit: str
    old_before: dict[str, str]  # the old cohort's files right after its own release
    outputs: list[str]

    def show(self, path: str) -> str:
        return self.show_bytes(path).decode("utf-8")

    def show_bytes(self, path: str) -> bytes:
        return subprocess.run(["git", "show", f"gh-pages:{path}"], cwd=self.repo,
                              capture_output=True, check=True).stdout

    def versions(self) -> list[dict]:
        return json.loads(self.show("versions.json"))


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Released:
    base = tmp_path_factory.mktemp("release")
    repo = copy_project(base / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    with (repo / ".gitignore").open("a", encoding="utf-8") as ignore:
        ignore.write("/docs/privat/\n")
    (repo / "content/teori/bare-for-varkullet.md").write_text(only_old_item(), encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Content for two cohorts")
    commit = git(repo, "rev-parse", "HEAD")
    # Files the tree does not hold: hidden by .git/info/exclude and by .gitignore, so the
    # working tree counts as clean. A release builds from HEAD and must not see them.
    (repo / ".git/info/exclude").write_text(f"/{HIDDEN[0]}\n", encoding="utf-8")
    (repo / HIDDEN[0]).write_text(only_old_item("Hemmelig utkast", cohorts=""), encoding="utf-8")
    (repo / HIDDEN[1]).parent.mkdir()
    (repo / HIDDEN[1]).write_text("# Privat notat\n\nIkke for publisering.\n", encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""

    first = release(repo, OLD)  # no remote yet: a release works locally
    assert first.returncode == 0, first.stdout + first.stderr
    old_before = tree(repo, "gh-pages", OLD)

    remote = base / "origin.git"
    git(base, "init", "--quiet", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "--quiet", "origin", "main")
    second = release(repo, NEW, "--push")
    assert second.returncode == 0, second.stdout + second.stderr

    export = base / "export"
    exported = toolkit("export", str(export), cwd=repo)
    assert exported.returncode == 0, exported.stderr
    return Released(repo, remote, export, commit, old_before,
                    [first.stderr, second.stderr, exported.stderr])


def test_versions_json_lists_both_cohorts_by_title_newest_first(released):
    versions = released.versions()
    assert [(v["version"], v["title"]) for v in versions] == [(NEW, NEW_TITLE), (OLD, OLD_TITLE)]


def test_latest_is_the_newest_cohort_and_the_site_root_redirects_to_it(released):
    aliases = {v["version"]: v["aliases"] for v in released.versions()}
    assert aliases == {NEW: ["latest"], OLD: []}
    assert 'href="latest/"' in released.show("index.html")
    assert f'href="../{NEW}/"' in released.show("latest/index.html")


def test_every_file_of_the_first_cohort_is_unchanged_by_the_second_release(released):
    assert len(released.old_before) > 50
    assert tree(released.repo, "gh-pages", OLD) == released.old_before


def test_aliases_are_redirect_pages_not_symlinks(released):
    modes = {entry.split()[0] for entry in tree(released.repo, "gh-pages").values()}
    assert "120000" not in modes


def test_each_version_records_the_commit_it_was_built_from(released):
    for version in released.versions():
        assert version["properties"]["commit"] == released.commit
        assert dt.datetime.fromisoformat(version["properties"]["built"]).tzinfo is not None


def test_the_footer_names_the_commit_of_each_version(released):
    for cohort, title in ((OLD, OLD_TITLE), (NEW, NEW_TITLE)):
        page = released.show(f"{cohort}/index.html")
        footer = page[page.index('class="md-copyright"'):]
        assert f"{title}: bygget" in footer
        assert f'<code title="{released.commit}">{released.commit[:7]}</code>' in footer


def test_every_released_page_is_built_by_mkdocs_not_by_a_fork_that_took_over_mike(released):
    """mike builds with ProperDocs wherever it finds it; make test keeps ProperDocs out of
    .venv (tests/test_properdocs.py), so releases are built with MkDocs."""
    mkdocs = f'<meta name="generator" content="mkdocs-{importlib.metadata.version("mkdocs")}, '
    for cohort in (OLD, NEW):
        tagged = git(released.repo, "grep", "-l", "-F", '<meta name="generator"', "gh-pages", "--", cohort)
        assert len(tagged.splitlines()) > 50
        assert git(released.repo, "grep", "-l", "-F", mkdocs, "gh-pages", "--", cohort) == tagged


def test_a_cohort_specific_item_is_only_in_its_own_version(released):
    files = tree(released.repo, "gh-pages")
    assert f"{OLD}/{ONLY_OLD}/index.html" in files
    assert f"{NEW}/{ONLY_OLD}/index.html" not in files
    assert "Bare for vårkullet" not in released.show(f"{NEW}/teori/index.html")


def test_each_cohort_has_its_own_programme_page(released):
    old = released.show(f"{OLD}/program/index.html")
    new = released.show(f"{NEW}/program/index.html")
    assert f"Programplan for {OLD_TITLE}" in old and "torsdag 5. februar 2026" in old
    assert f"Programplan for {NEW_TITLE}" in new and "torsdag 17. september 2026" in new
    assert "torsdag 17. september 2026" not in old and "torsdag 5. februar 2026" not in new


def test_a_release_builds_from_the_commit_not_from_ignored_or_excluded_files(released):
    files = tree(released.repo, "gh-pages")
    assert [path for path in files if "hemmelig" in path or "privat" in path] == []
    for cohort in (OLD, NEW):
        assert "Hemmelig utkast" not in released.show(f"{cohort}/teori/index.html")
    assert all((released.repo / path).exists() for path in HIDDEN)  # left as they were


def test_a_release_leaves_nothing_behind_in_the_checkout(released):
    ignored = set(git(released.repo, "status", "--porcelain", "--ignored").splitlines())
    assert ignored == {"!! .cache/", f"!! {HIDDEN[0]}", "!! docs/privat/"}  # the caption cache is shared
    assert len(git(released.repo, "worktree", "list").splitlines()) == 1
    assert git(released.repo, "for-each-ref", "refs/heads/toolkit-release/") == ""
    assert not (released.repo / "site").exists()  # mike built in the worktree, not here


def test_push_publishes_gh_pages_to_the_remote(released):
    assert git(released.remote, "rev-parse", "gh-pages") == git(released.repo, "rev-parse", "gh-pages")


def test_export_is_a_plain_tree_of_every_version_without_symlinks(released):
    links = [p for p in released.export.rglob("*") if p.is_symlink()]
    assert links == []
    assert json.loads((released.export / "versions.json").read_text()) == released.versions()
    for path in ("index.html", f"{OLD}/program/index.html", f"{NEW}/index.html", "latest/index.html"):
        assert (released.export / path).read_bytes() == released.show_bytes(path), path


def test_a_dirty_working_tree_is_refused_and_gh_pages_is_left_as_it_was(released):
    head = git(released.repo, "rev-parse", "gh-pages")
    cohort_file = released.repo / "cohorts" / f"{NEW}.yml"
    original = cohort_file.read_text(encoding="utf-8")
    cohort_file.write_text(original.replace(NEW_TITLE, "Kull høsten 2026 (utkast)"), encoding="utf-8")
    try:
        result = release(released.repo, NEW, "--replace")
    finally:
        cohort_file.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "endringer som ikke er committet" in result.stderr and f"cohorts/{NEW}.yml" in result.stderr
    assert git(released.repo, "rev-parse", "gh-pages") == head


def test_an_already_released_cohort_is_refused_without_replace(released):
    head = git(released.repo, "rev-parse", "gh-pages")
    result = release(released.repo, OLD)
    assert result.returncode == 1
    assert f"«{OLD}» er allerede utgitt" in result.stderr and "--replace" in result.stderr
    assert git(released.repo, "rev-parse", "gh-pages") == head


def test_an_unknown_cohort_is_refused(released):
    result = release(released.repo, "2030-host")
    assert result.returncode == 1 and "Ukjent kull «2030-host»" in result.stderr


@pytest.mark.parametrize("remote", ["--upload-pack=touch {sentinel}", "--receive-pack=touch {sentinel}",
                                    "-oProxyCommand=touch {sentinel}", "--exec=touch {sentinel}"])
def test_a_remote_that_git_would_take_for_an_option_is_refused_and_runs_nothing(released, tmp_path, remote):
    """Issue 23: `--remote "--upload-pack=…"` ran the attacker's command through git."""
    sentinel = tmp_path / "kjort"
    value = remote.format(sentinel=sentinel)
    head = git(released.repo, "rev-parse", "gh-pages")
    result = release(released.repo, OLD, "--replace", "--push", "--remote", value)
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        f"toolkit release: --remote: «{value}» kan ikke brukes her: den kan ikke begynne med «-» eller inneholde "
        "mellomrom eller kontrolltegn (se «toolkit release --help»)"]
    # The function behind the command refuses too, whoever calls it.
    from toolkit.publish.release import release as release_function
    from toolkit.settings import current

    log = io.StringIO()
    assert release_function(released.repo, OLD, current(), replace=True, push=True, remote=value, log=log) == 2
    assert "kan ikke begynne med «-»" in log.getvalue()
    assert not sentinel.exists()
    assert git(released.repo, "rev-parse", "gh-pages") == head


@pytest.fixture(scope="module")
def clone(released, tmp_path_factory) -> Path:
    """A fresh clone of the released repository: gh-pages only as origin/gh-pages."""
    target = tmp_path_factory.mktemp("clone") / "repo"
    git(target.parent, "clone", "--quiet", str(released.repo), str(target))
    return target


def test_content_errors_are_refused_with_file_and_line_and_gh_pages_is_left_as_it_was(released, clone):
    git(clone, "checkout", "--quiet", "-b", "broken")
    cohort_file = clone / "cohorts" / f"{NEW}.yml"
    text = cohort_file.read_text(encoding="utf-8")
    cohort_file.write_text(text.replace("opptak/tillitsreformen-for-ledere", "opptak/finnes-ikke"), encoding="utf-8")
    line = next(n for n, row in enumerate(cohort_file.read_text().splitlines(), 1) if "finnes-ikke" in row)
    git(clone, "commit", "--quiet", "--all", "--message", "Break a session's recording")
    published = git(clone, "rev-parse", "origin/gh-pages")

    result = release(clone, NEW, "--replace")
    assert result.returncode == 1
    assert f"cohorts/{NEW}.yml:{line}: ukjent opptak «opptak/finnes-ikke»" in result.stderr
    assert git(clone, "branch", "--list", "gh-pages") == ""  # nothing published locally
    assert git(clone, "rev-parse", "origin/gh-pages") == published
    git(clone, "checkout", "--quiet", "main")


def test_re_releasing_the_older_cohort_keeps_latest_and_the_newer_cohort(released, clone):
    assert git(clone, "rev-parse", "HEAD") == released.commit
    new_before = tree(clone, "origin/gh-pages", NEW)
    result = release(clone, OLD, "--replace")
    assert result.returncode == 0, result.stdout + result.stderr
    versions = json.loads(git(clone, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [(NEW, ["latest"]), (OLD, [])]
    assert tree(clone, "gh-pages", NEW) == new_before


# Plain MkDocs and mike commands, as anyone who knows them might type them here.


def ecosystem(cwd: Path, *command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs …`` or ``mike …`` from this environment, with its scripts first on PATH (mike
    runs the build from PATH)."""
    scripts = Path(sys.executable).parent
    return subprocess.run([str(scripts / command[0]), *command[1:]], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1", **(env or {}),
                               "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"})


@pytest.fixture(scope="module")
def plain(released, tmp_path_factory) -> Path:
    """A clone with both cohorts on its local gh-pages, as an editor's checkout would be."""
    target = tmp_path_factory.mktemp("plain") / "repo"
    git(target.parent, "clone", "--quiet", str(released.repo), str(target))
    git(target, "branch", "gh-pages", "origin/gh-pages")
    return target


def test_mkdocs_gh_deploy_stops_before_it_touches_anything(released, plain):
    head, published = git(plain, "rev-parse", "gh-pages"), git(released.repo, "rev-parse", "gh-pages")
    result = ecosystem(plain, "mkdocs", "gh-deploy")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "mkdocs gh-deploy er slått av" in output and "toolkit release KULL" in output
    assert git(plain, "rev-parse", "gh-pages") == head
    assert git(released.repo, "rev-parse", "gh-pages") == published  # nothing pushed to origin
    assert git(plain, "status", "--porcelain", "--ignored") == ""  # not even a site/ built


def test_mike_deploy_of_a_version_that_is_no_cohort_commits_nothing(plain):
    head = git(plain, "rev-parse", "gh-pages")
    result = ecosystem(plain, "mike", "deploy", "2030-host")
    assert result.returncode != 0
    assert "«2030-host» er ikke et kull (kjente kull: 2026-host, 2026-var)" in result.stdout + result.stderr
    assert git(plain, "rev-parse", "gh-pages") == head


def test_mike_deploy_refuses_a_cohort_that_disagrees_with_toolkit_cohort(plain):
    head = git(plain, "rev-parse", "gh-pages")
    result = ecosystem(plain, "mike", "deploy", OLD, env={"TOOLKIT_COHORT": NEW})
    assert result.returncode != 0
    assert f"mike bygger versjonen «{OLD}», men TOOLKIT_COHORT sier kullet «{NEW}»" in result.stdout + result.stderr
    assert git(plain, "rev-parse", "gh-pages") == head


def test_mike_deploy_publishes_the_cohort_it_deploys_not_the_newest(plain):
    new_before = tree(plain, "gh-pages", NEW)
    result = ecosystem(plain, "mike", "deploy", OLD)
    assert result.returncode == 0, result.stdout + result.stderr
    programme = git(plain, "show", f"gh-pages:{OLD}/program/index.html")
    assert f"Programplan for {OLD_TITLE}" in programme and "torsdag 5. februar 2026" in programme
    assert "torsdag 17. september 2026" not in programme
    front = git(plain, "show", f"gh-pages:{OLD}/index.html")
    assert f'<span class="vk-cohort">{OLD_TITLE}</span>' in front
    assert f"{OLD}/{ONLY_OLD}/index.html" in tree(plain, "gh-pages", OLD)
    assert tree(plain, "gh-pages", NEW) == new_before  # the newest cohort is left alone
    # mike's own commit message names the builder it ran: MkDocs, not ProperDocs
    message = git(plain, "log", "-1", "--format=%s", "gh-pages")
    assert f"with MkDocs {importlib.metadata.version('mkdocs')} and mike" in message and "ProperDocs" not in message


@pytest.fixture(scope="module")
def exported_url(released):
    """The export served as the intranet would: a plain static server (`python -m http.server`)."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                              cwd=released.export, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait()


@pytest.mark.browser
def test_the_version_selector_switches_between_cohorts_on_a_static_server(browser, exported_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(exported_url)
        page.wait_for_url(f"{exported_url}{NEW}/")  # root → latest/ → the newest cohort
        page.goto(f"{exported_url}{NEW}/program/")
        selector = page.locator(".md-version")
        selector.wait_for()
        assert page.locator(".md-version__current").inner_text() == NEW_TITLE
        assert page.locator(".md-version__link").all_inner_texts() == [NEW_TITLE, OLD_TITLE]
        assert page.locator("[data-md-component=outdated]").is_hidden()  # the newest is not outdated

        page.locator(".md-version__current").focus()
        page.locator(".md-version__link", has_text=OLD_TITLE).click()
        page.wait_for_url(f"{exported_url}{OLD}/program/")  # the same page in the other cohort
        assert "Programplan for Kull våren 2026" in page.locator("h1").inner_text()

        notice = page.locator("[data-md-component=outdated]")
        notice.wait_for()
        link = page.locator("[data-vk-newest]")
        page.wait_for_function("document.querySelector('[data-vk-newest]').href.includes('/2026-host/')")
        assert link.get_attribute("href") == f"{exported_url}{NEW}/program/"
        assert link.inner_text() == f"Se samme side for {NEW_TITLE}"
        assert OLD_TITLE in notice.inner_text()
    finally:
        context.close()


@pytest.mark.browser
def test_the_newer_cohort_notice_falls_back_to_the_front_page_when_the_page_is_missing(browser, exported_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="nb-NO")
    page = context.new_page()
    try:
        page.goto(f"{exported_url}{OLD}/{ONLY_OLD}/")
        page.locator("[data-md-component=outdated]").wait_for()
        page.wait_for_function("document.querySelector('[data-vk-newest]').href.endsWith('/2026-host/')")
        assert page.locator("[data-vk-newest]").inner_text() == f"Gå til forsiden for {NEW_TITLE}"
    finally:
        context.close()


@pytest.mark.browser
def test_a_plan_link_made_in_one_cohort_opens_in_that_cohort_and_each_keeps_its_own_plan(browser, exported_url):
    def blocks(tab) -> list[tuple[str, bool]]:
        return [(li.locator(".vk-block__title").inner_text(), li.locator(".vk-block__missing").count() == 1)
                for li in tab.locator("#vk-planner-blocks > li").all()]

    spring = f"{exported_url}{OLD}/"
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(f"{spring}ovelser/pre-mortem/")
        page.get_by_role("button", name="Legg i møteplanen").click()
        page.goto(f"{spring}moteplan/")
        page.get_by_label("Teori å lese eller snakke om").select_option(ONLY_OLD.split("/")[1])
        page.get_by_role("button", name="Legg til teorien").click()
        link = page.url
        assert link == f"{spring}moteplan/?start=09:00&blokker=pre-mortem,teori:bare-for-varkullet:15"
        assert blocks(page) == [("Pre-mortem", False), ("Bare for vårkullet", False)]

        # The autumn cohort is a version of its own: its own (empty) plan in the same browser,
        # and the spring plan's blocks there show that its theory page is not in this version.
        page.goto(f"{exported_url}{NEW}/moteplan/")
        expect(page.locator("#vk-planner-empty")).to_be_visible()
        expect(page.locator(".vk-plan-link")).to_be_hidden()
        page.goto(f"{exported_url}{NEW}/moteplan/?" + link.split("?", 1)[1])
        assert blocks(page) == [("Pre-mortem", False), ("Bare for varkullet", True)]  # named from its slug
    finally:
        context.close()

    colleague = browser.new_context(viewport={"width": 375, "height": 740}, locale="nb-NO")
    try:
        page = colleague.new_page()
        page.goto(link)
        expect(page.locator("#vk-planner")).to_be_visible()
        assert page.url == link  # in the spring cohort, where it was made
        assert blocks(page) == [("Pre-mortem", False), ("Bare for vårkullet", False)]
    finally:
        colleague.close()
