"""The starter corpus is complete enough to run a real leadership-group session from."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.support.content import load_content
from toolkit import pipeline

ROOT = Path(__file__).resolve().parent.parent
WORDLIST = ROOT / "tests" / "ordliste.txt"
PLACEHOLDERS = re.compile(r"lorem ipsum|\bTODO\b|\bxxx\b|\bkommer snart\b|^\W*kommer\W*$|\bTBD\b",
                          re.IGNORECASE | re.MULTILINE)


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT)


def by_collection(content, collection):
    return [item for item in content.items if item.collection == collection and not item.meta.draft]


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_the_counts_of_the_starter_corpus(content):
    assert len(by_collection(content, "teori")) >= 12
    assert len(by_collection(content, "ovelser")) >= 24
    assert len(by_collection(content, "opptak")) >= 4
    assert len(by_collection(content, "historier")) >= 6
    assert len(content.themes) >= 8


def test_every_theme_is_used_by_at_least_three_items(content):
    uses = Counter(slug for item in content.items if not item.meta.draft for slug in item.meta.themes)
    assert {slug: uses[slug] for slug in content.themes if uses[slug] < 3} == {}


def test_theory_pages_are_400_to_1200_words_and_name_a_source(content):
    for item in by_collection(content, "teori"):
        assert 400 <= words(item.body) <= 1200, f"{item.path}: {words(item.body)} words"
        for source in item.meta.sources:
            assert source.author and source.year and source.title and source.where, item.path


def test_every_item_has_description_themes_review_date_and_owner(content):
    for item in content.items:
        assert item.meta.description and item.meta.themes, item.path
        assert item.meta.reviewed is not None and item.meta.owner, item.path


def test_recordings_are_marked_as_samples_made_for_the_toolkit(content):
    for item in by_collection(content, "opptak"):
        assert item.meta.sample, f"{item.path} is not marked sample: true"


def test_illustrative_stories_are_examples_or_name_their_source(content):
    for item in by_collection(content, "historier"):
        assert item.meta.example or item.meta.source is not None, item.path


def test_check_gives_no_errors_and_no_warnings_on_the_shipped_content():
    assert [str(p) for p in pipeline.check(ROOT)] == []


def test_no_placeholder_text_anywhere():
    offenders = []
    for path in [*ROOT.glob("content/**/*.md"), *ROOT.glob("content/**/*.yml"), *ROOT.glob("docs/**/*.md")]:
        for match in PLACEHOLDERS.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)!r}")
    assert offenders == []


def prose(path: Path) -> str:
    """The words a reader sees in a Markdown file: front-matter values and body, no markup."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yml", ".yaml"):
        text = re.sub(r"#.*", " ", text)  # comments in data files are for developers
    text = re.sub(r"^[\s-]*[a-z_]+:", " ", text, flags=re.MULTILINE)  # front-matter keys
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"<[^>]+>|\{[^}]*\}|`[^`]*`|https?://\S+", " ", text)
    text = re.sub(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b", " ", text)  # slugs and ids
    return text


def test_norwegian_spell_check_flags_nothing_beyond_the_project_word_list():
    if shutil.which("hunspell") is None or not Path("/usr/share/hunspell/nb_NO.dic").exists():
        pytest.fail("hunspell with nb_NO is missing: `make test` installs hunspell and hunspell-no")
    known = {w.strip().lower() for w in WORDLIST.read_text(encoding="utf-8").splitlines() if w.strip()}
    unknown: dict[str, set[str]] = {}
    files = [*ROOT.glob("content/**/*.md"), *ROOT.glob("docs/**/*.md"), ROOT / "content/temaer.yml"]
    for path in files:
        result = subprocess.run(["hunspell", "-d", "nb_NO", "-l"], input=prose(path),
                                capture_output=True, text=True, check=True)
        flagged = {w for w in result.stdout.split() if w.lower() not in known}
        if flagged:
            unknown[str(path.relative_to(ROOT))] = flagged
    assert unknown == {}, f"unknown words; fix them or add them to {WORDLIST.relative_to(ROOT)}"


SESSION = ["ovelser/innsjekk-og-utsjekk", "ovelser/oppgaveanalyse-av-agendaen", "ovelser/moteevaluering"]
SESSION_THEORY = "teori/moter-og-motetid"


def test_a_90_minute_meeting_session_can_be_run_from_the_site_alone(content, built_site):
    """The session the programme team would run first: check-in, the agenda's task analysis and
    a meeting evaluation, with the theory on meetings; every page leads to the other three."""
    by_id = {item.id: item for item in content.items}
    assert sum(by_id[i].meta.minutes for i in SESSION) <= 90
    pages = [SESSION_THEORY, *SESSION]
    for page in pages:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        for other in pages:
            if other != page:
                assert f'{other.split("/")[1]}/"' in html, f"{page} does not link to {other}"
