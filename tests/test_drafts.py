"""Drafts: the preview shows them at their addresses, with a banner and marked in the
navigation, so that an editor can look at a page while writing it; nothing that readers
get (a build, a release, an export, the search index, the sitemap, the JSON catalogues)
holds a trace of them. The preview decides this from MkDocs' command, as MkDocs does for
its own ``draft_docs`` (toolkit/mkdocs_plugin/plugin.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, copy_project
from tests.support.axe import report, violations
from tests.support.preview import END_OF_LIFE, fetch, get, plain_environment, published_text, serving, wait_for
from toolkit import pipeline
from toolkit.content.cache import Cache
from toolkit.site import resolve

TITLE = "Et hemmelig utkast"
SLUG = "et-hemmelig-utkast"
WORD = "kvitrefuglutkast"  # a word that only the draft's body has
BANNER = "Utkast – vises bare i forhåndsvisningen"
GIT_ENV = {"GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
           "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org"}


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A command as an editor runs it, with Material's notice not kept out by this process."""
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env=plain_environment(**env))


def toolkit(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return run(cwd, sys.executable, "-m", "toolkit", *args, **env)


def new_draft(project: Path, title: str = TITLE, extra: str = "") -> Path:
    """``toolkit new ovelser TITLE`` (a draft), with ``WORD`` in its body and ``extra`` in
    its front matter; it relates to a published theory page, which in the preview lists it."""
    made = toolkit(project, "new", "ovelser", title)
    assert made.returncode == 0, made.stderr
    path = project / made.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert "draft: true\n" in text
    text = text.replace("related: []\n", f"related: [teori/moter-og-motetid]\n{extra}", 1)
    path.write_text(text.replace("## Formål\n\n", f"## Formål\n\nOrdet {WORD} står bare her.\n\n", 1),
                    encoding="utf-8")
    return path


def traces(folder: Path) -> list[str]:
    """Every file under ``folder`` that names the draft (its address, title or body)."""
    marks = (SLUG.encode(), TITLE.encode(), WORD.encode())
    return [f"{path.relative_to(folder)}: {mark.decode()}"
            for path, data in published_text(folder) for mark in marks if mark in data]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("drafts") / "project")
    new_draft(project)
    return project


# --- the site: drafts only when the preview asks ----------------------------------------------


def test_the_site_has_a_draft_only_when_the_preview_asks_for_drafts(project):
    content = pipeline.load(project, cache=Cache())
    assert f"ovelser/{SLUG}" not in resolve(content).by_id
    assert f"ovelser/{SLUG}" in resolve(content, include_drafts=True).by_id


def test_a_draft_for_another_cohort_is_not_in_the_preview_of_this_one(tmp_path):
    project = copy_project(tmp_path / "project")
    new_draft(project, extra="cohorts: [2026-var]\n")
    content = pipeline.load(project, cache=Cache())
    assert f"ovelser/{SLUG}" not in resolve(content, "2026-host", include_drafts=True).by_id
    assert f"ovelser/{SLUG}" in resolve(content, "2026-var", include_drafts=True).by_id


def test_the_previews_navigation_marks_the_draft_and_nothing_else(project):
    entries = pipeline.build(project, include_drafts=True).nav["ovelser/index.md"]
    marked = [(title, path) for title, path in entries if "(utkast)" in title]
    assert marked == [(f"{TITLE} (utkast)", f"ovelser/{SLUG}.md")]
    assert all("(utkast)" not in title for title, _ in pipeline.build(project).nav["ovelser/index.md"])


# --- what readers get: no trace ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("built") / "site"
    result = toolkit(project, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site, result


def test_a_build_holds_no_trace_of_a_draft_in_pages_search_sitemap_or_catalogues(built):
    site, _ = built
    assert traces(site) == []
    # What was searched is there to search: the published pages, Pagefind's index, the sitemap
    # and ovelser.json, each of which names a published exercise.
    for part in ("ovelser/moteevaluering/index.html", "sitemap.xml", "ovelser/ovelser.json"):
        assert b"moteevaluering" in (site / part).read_bytes(), part
    assert any(b"/ovelser/moteevaluering/" in data for _, data in published_text(site / "pagefind"))
    exercises = json.loads((site / "ovelser/ovelser.json").read_text(encoding="utf-8"))
    assert SLUG not in json.dumps(exercises) and len(json.dumps(exercises)) > 1000


def test_toolkit_build_prints_no_end_of_life_notice(built):
    _, result = built
    assert END_OF_LIFE not in result.stdout + result.stderr
    assert "Nettstedet er bygget" in result.stderr


def test_plain_mkdocs_build_and_its_search_index_leave_the_draft_out(project, tmp_path):
    site = tmp_path / "site"
    result = run(project, sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site),
                 TOOLKIT_SEARCH="material", NO_MKDOCS_2_WARNING="1")
    assert result.returncode == 0, result.stderr
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "ovelser/moteevaluering/" in index
    assert traces(site) == []


def test_export_markdown_leaves_the_draft_out(project, tmp_path):
    result = toolkit(project, "export-markdown", str(tmp_path / "markdown"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "markdown" / "docs" / "ovelser" / "moteevaluering.md").is_file()
    assert traces(tmp_path / "markdown") == []
    assert END_OF_LIFE not in result.stdout + result.stderr


def test_a_release_and_its_export_hold_no_trace_of_a_committed_draft(project, tmp_path):
    repo = copy_project(tmp_path / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    new_draft(repo)
    for command in (["init", "--quiet", "--initial-branch", "main"], ["add", "--all"],
                    ["commit", "--quiet", "--message", "Innhold med et utkast"]):
        assert run(repo, "git", *command, **GIT_ENV).returncode == 0
    released = toolkit(repo, "release", "2026-host", **GIT_ENV)
    assert released.returncode == 0, released.stderr
    exported = toolkit(repo, "export", str(tmp_path / "export"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "export" / "2026-host" / "ovelser" / "moteevaluering" / "index.html").is_file()
    assert traces(tmp_path / "export") == []
    assert END_OF_LIFE not in released.stdout + released.stderr + exported.stdout + exported.stderr


# --- the preview: the draft at its address, with a banner -------------------------------------


@pytest.fixture(scope="module")
def preview(project, tmp_path_factory):
    with serving(project, tmp_path_factory.mktemp("serve") / "serve.log") as running:
        yield running


def test_the_preview_serves_a_draft_at_its_address_with_the_banner(preview):
    status, html = get(preview.url + f"ovelser/{SLUG}/")
    assert status == 200
    assert BANNER in html and WORD in html
    # The navigation around it marks it, and the published page it relates to lists it.
    assert f"{TITLE} (utkast)" in fetch(preview.url + "ovelser/moteevaluering/")
    assert TITLE in fetch(preview.url + "teori/moter-og-motetid/")
    assert BANNER not in fetch(preview.url + "ovelser/moteevaluering/")
    assert END_OF_LIFE not in preview.log()


def test_a_draft_made_while_the_preview_runs_is_served_after_the_save(preview, project):
    path = new_draft(project, "Et nytt utkast underveis")
    try:
        html = wait_for(lambda: fetch(preview.url + "ovelser/et-nytt-utkast-underveis/"), 60, "the new draft")
        assert BANNER in html
    finally:
        path.unlink()
    # The preview has rebuilt without it, the sidebars of its neighbours too (the second,
    # settling rebuild), before the next test opens a page: a live reload arriving in the
    # middle of that test's accessibility check would reload its page. (A deleted page
    # itself stays at its address until the preview restarts: toolkit/mkdocs_plugin/preview.py.)
    wait_for(lambda: "Et nytt utkast underveis" not in fetch(preview.url + "teori/moter-og-motetid/")
             and "Et nytt utkast underveis" not in fetch(preview.url + "ovelser/moteevaluering/"),
             60, "the preview rebuilt without the draft")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_draft_banner_comes_first_on_the_page_its_entry_is_marked_and_both_pass_axe(browser, preview, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO", color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(preview.url + f"ovelser/{SLUG}/")
        banner = page.get_by_role("note", name=BANNER)
        expect(banner).to_be_visible()
        heading = page.get_by_role("heading", level=1, name=TITLE)
        assert banner.bounding_box()["y"] < heading.bounding_box()["y"]  # above the page's own title
        entry = page.get_by_role("link", name=f"{TITLE} (utkast)", exact=True)
        assert entry.is_visible()  # in the sidebar, as the page being read
        for part in (".vk-draft", ".md-sidebar--primary"):
            found = violations(page, part)
            assert found == [], report(found)
    finally:
        context.close()
