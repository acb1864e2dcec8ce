"""`toolkit changes` and «Nytt i dette kullet»: what is new, removed and changed between cohorts.

One temporary repository: the spring cohort is released from a first commit; a second
commit adds, deletes and edits items (some in substance, some only in form); then
`toolkit changes` compares the released spring cohort with the autumn cohort, and the
autumn cohort is released with its page.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, toolkit
from tests.test_content_errors import EXERCISE
from tests.test_release import git, release
from toolkit.collections import registry
from toolkit.collections.exercises.body import steps_text
from toolkit.content import changes


def exercise(title: str, extra: str = "") -> str:
    return EXERCISE.replace("title: Kort møte\n", f"title: {title}\n{extra}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@dataclass
class History:
    repo: Path
    first: str
    second: str

    def show(self, path: str) -> str:
        return git(self.repo, "show", f"gh-pages:{path}")


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    repo = copy_project(tmp_path_factory.mktemp("changes") / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    ovelser = repo / "content/ovelser"
    (ovelser / "slettes.md").write_text(exercise("Slettes etter våren"), encoding="utf-8")
    (ovelser / "bare-var.md").write_text(exercise("Bare om våren", "cohorts: [2026-var]\n"), encoding="utf-8")
    (ovelser / "bare-host.md").write_text(exercise("Bare om høsten", "cohorts: [2026-host]\n"), encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Vårens innhold")
    first = git(repo, "rev-parse", "HEAD")
    spring = release(repo, "2026-var")
    assert spring.returncode == 0, spring.stderr

    (ovelser / "ny-ovelse.md").write_text(exercise("Ny øvelse til høsten"), encoding="utf-8")
    (ovelser / "slettes.md").unlink()
    edit(ovelser / "spilleregler.md", "title: Spilleregler", "title: Spilleregler for møtene")
    edit(ovelser / "stopp-start-fortsett.md", "duration: 30", "duration: 35")
    edit(ovelser / "stopp-start-fortsett.md", "**Avtale** (10 min)", "**Avtale** (15 min)")
    edit(ovelser / "moteevaluering.md", "themes: [", "themes: [oppgaver-og-mal, ")
    # Form, not substance: themes in another order, the description wrapped differently,
    # a new review date and owner.
    edit(ovelser / "pre-mortem.md", "themes: [beslutninger, konflikt]", "themes: [konflikt, beslutninger]")
    edit(ovelser / "pre-mortem.md", "det\n  har gått galt", "det har\n  gått galt")
    edit(ovelser / "pre-mortem.md", "reviewed: 2026-11-20", "reviewed: 2026-11-29")
    assert toolkit("check", cwd=repo).returncode == 0
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Høstens innhold")
    second = git(repo, "rev-parse", "HEAD")
    autumn = release(repo, "2026-host")
    assert autumn.returncode == 0, autumn.stderr
    return History(repo, first, second)


EXPECTED = {
    "added": ["ovelser/bare-host", "ovelser/ny-ovelse"],
    "removed": ["ovelser/bare-var", "ovelser/slettes"],
    "changed": {
        "ovelser/moteevaluering": ["themes"],
        "ovelser/spilleregler": ["title"],
        "ovelser/stopp-start-fortsett": ["steps", "duration"],
    },
}


def test_changes_between_two_cohorts_lists_exactly_what_was_added_removed_and_changed(history):
    result = toolkit("changes", "2026-var", "2026-host", "--format", "json", cwd=history.repo)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {k: found[k] for k in EXPECTED} == EXPECTED
    # The spring cohort is what it was released as, from the first commit.
    assert found["from"] == f"Kull våren 2026 (2026-var), utgitt fra {history.first[:7]}"


def test_the_text_report_names_each_item_and_what_changed_in_norwegian(history):
    result = toolkit("changes", "2026-var", "2026-host", cwd=history.repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  + ovelser/ny-ovelse  «Ny øvelse til høsten»" in lines
    assert "  - ovelser/slettes  «Slettes etter våren»" in lines
    assert "  ~ ovelser/stopp-start-fortsett  «Stopp – start – fortsett»: trinn, varighet" in lines
    assert not any("pre-mortem" in line for line in lines)


def test_git_refs_compare_what_a_build_published_at_each_commit(history):
    result = toolkit("changes", history.first, history.second, "--format", "json", cwd=history.repo)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    # Both commits build the autumn cohort: the cohort-only items are not news between them.
    assert found["added"] == ["ovelser/ny-ovelse"] and found["removed"] == ["ovelser/slettes"]
    assert found["changed"] == EXPECTED["changed"]


def test_an_unknown_cohort_or_ref_is_a_clear_error(history):
    result = toolkit("changes", "2025-host", "2026-host", cwd=history.repo)
    assert result.returncode == 2
    assert "«2025-host» er verken et kull (kjente: 2026-host, 2026-var) eller en git-ref" in result.stderr


def test_the_released_version_shows_nytt_i_dette_kullet_linked_from_its_front_page(history):
    page = history.show("2026-host/nytt-i-kullet/index.html")
    assert "Nytt i dette kullet" in page and "sammenlignet med Kull våren 2026" in page
    assert '<a href="../ovelser/ny-ovelse/">Ny øvelse til høsten</a> (øvelse)' in page
    assert '<a href="../ovelser/spilleregler/">Spilleregler for møtene</a> (øvelse): endret tittel' in page
    assert "Stopp – start – fortsett</a> (øvelse): endret trinn, varighet" in page
    assert "<li>Slettes etter våren (øvelse)</li>" in page  # gone from this version: no link
    assert "Pre-mortem" not in page
    assert 'href="nytt-i-kullet/"' in history.show("2026-host/index.html")
    first = history.show("2026-var/nytt-i-kullet/index.html")
    assert "Kull våren 2026 er det første kullet med verktøykassa" in first
    # The editors' CMS (toolkit edit) is never part of a released version.
    released = git(history.repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert len(released) > 100
    assert not [p for p in released if "/admin/" in f"/{p}" or "decap" in p.lower()]


def test_whitespace_theme_order_and_other_fields_are_not_changes():
    def snapshot(**fields) -> changes.Snapshot:
        base = {"title": "Pre-mortem", "description": "Før en stor beslutning.", "themes": "beslutninger, konflikt"}
        return changes.Snapshot("x", {"ovelser/a": changes.Summary("ovelser/a", "Pre-mortem", {**base, **fields})})

    assert changes.compare(snapshot(), snapshot(), registry()).empty
    assert changes.compare(snapshot(), snapshot(duration="30"), registry()).changed[0][1] == ["duration"]


def test_steps_are_the_text_under_the_steps_heading_with_whitespace_collapsed():
    body = "## Formål\n\nTekst.\n\n## Slik gjør dere det\n\n1. **A** (5 min):  Gjør\n   det.\n\n## Tips\n\n- Ja\n"
    assert steps_text(body) == "1. **A** (5 min): Gjør det."
    assert steps_text("## Formål\n\nTekst.\n") is None
