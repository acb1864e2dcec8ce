"""Issue 14: whatever an editor types into front matter, the taxonomy or a cohort file,
`toolkit check` and the renderers answer with problems (`path:line: message`), never an
exception.

Hypothesis generates front matter for each collection from a valid item, by dropping
fields, replacing values with other YAML values (text with odd characters and markup,
numbers, dates that do not exist, lists, mappings) and adding unknown keys, and also
writes raw text where YAML is expected. Each example goes through the whole pipeline on a
small project: `pipeline.check`, and when that finds no error, `pipeline.build`, which
renders every page.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from toolkit import pipeline
from toolkit.problems import ContentError, Problem

ROOT = Path(__file__).resolve().parent.parent

THEMES = {
    "moter": {"label": "Møter", "description": "Hvordan ledergruppen bruker møtene."},
    "beslutninger": {"label": "Beslutninger", "description": "Hvem bestemmer hva."},
}
COHORT = {
    "title": "Kull høsten 2026",
    "start": "2026-08-24",
    "end": "2026-12-18",
    "sessions": [{"date": "2026-09-03", "start": "09:00", "end": "12:00", "kind": "temasamling",
                  "title": "Oppstart", "place": "Rådhuset", "recording": "opptak/foredrag"}],
}
COMMON = {"title": "Tittel", "description": "Én setning om siden.", "themes": ["moter"]}
VALID = {
    "teori": {**COMMON, "related": ["ovelser/ovelse"], "reviewed": "2026-01-05", "owner": "Programteamet",
              "sources": [{"author": "Bang, H.", "year": 2012, "title": "Effektive ledergrupper",
                           "where": "Gyldendal", "url": "https://example.org/bok"}]},
    "ovelser": {**COMMON, "duration": 10, "preparation": 5, "group_size": {"min": 2, "max": 8},
                "difficulty": "enkel", "led_by": "gruppen", "materials": ["Tavle"]},
    "opptak": {**COMMON, "date": "2026-09-03", "event": "Temasamling", "speakers": ["Anna"],
               "video": "video.mp4", "captions": "captions.vtt", "duration": "0:20",
               "chapters": [{"time": "0:00", "title": "Start"}, {"time": "0:05", "title": "Slutt"}]},
    "historier": {**COMMON, "unit": "Etaten", "date": "2026-03-01", "example": False,
                  "source": {"title": "Artikkel", "publisher": "Oslo kommune", "date": "2026-02-01",
                             "url": "https://example.org/a"}},
    "moteplaner": {**COMMON, "duration": 35,
                   "blocks": [{"ovelse": "ovelser/ovelse", "minutes": 10}, {"teori": "teori/teori", "minutes": 5},
                              {"pause": 10}, {"punkt": "Orienteringssaker", "minutes": 10}]},
}
FILES = {"teori": "content/teori/teori.md", "ovelser": "content/ovelser/ovelse.md",
         "opptak": "content/opptak/foredrag/index.md", "historier": "content/historier/historie.md",
         "moteplaner": "content/moteplaner/plan.md"}
EXERCISE_BODY = ("## Formål\n\nTekst.\n\n## Forberedelse\n\nIngen.\n\n## Slik gjør dere det\n\n"
                 "1. **Alt** (10 min): Gjør det.\n\n## Refleksjonsspørsmål\n\n- Hva nå?\n\n"
                 "## Tips til den som leder\n\n- Hold tiden.\n\n## Digital variant\n\nI Teams.\n")
CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v Anna>Hei, og velkommen.</v>\n\n" \
           "00:00:05.000 --> 00:00:12.000\n<v Anna>Nå begynner vi.</v>\n"

PAYLOADS = ["<script>alert(1)</script>", '" onmouseover="alert(1)', "<svg onload=alert(1)>",
            "javascript:alert(1)", "[lenke](javascript:alert(1))", "{: .x onclick='alert(1)' }",
            ":material-alert:", "|", "&amp;", "\u202e", "\x00", "a\nb", "  ", "", "2026-02-30",
            "../../../../etc/passwd", "ovelser/ovelse", "index", "latest", "-->", "\ud800"]
# Scalars as an editor types them, which YAML 1.1 would read as something else than they
# look: a number in another base or with a fraction, a clock in base 60, a time of day on a
# date, an infinity, a boolean word, a merge key.
HAND_WRITTEN = ["true", "yes", "No", "0x2d", "017", "1_5", "45.0", "1e3", ".inf", "-.inf", ".nan", "1:30",
                "12:00", "2026-11-20T10:00:00", "2026-11-20 10:00", "2026-02-30", "1700000000", "~", "",
                '"\\ud800"', "!!int 0x2d", "{<<: {draft: true}}", "[<<]", "2062-01-01"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(PAYLOADS),
    st.text(max_size=40), st.dates().map(dt.date.isoformat),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)


@st.composite
def front_matter(draw: st.DrawFn, valid: dict) -> dict:
    """A valid mapping with some fields dropped, some replaced, some keys added."""
    data = dict(valid)
    for key in list(data):
        action = draw(st.sampled_from(["keep", "keep", "drop", "replace", "nest"]))
        if action == "drop":
            del data[key]
        elif action == "replace":
            data[key] = draw(values)
        elif action == "nest" and isinstance(data[key], dict):
            inner = dict(data[key])
            inner[draw(st.sampled_from(list(inner)))] = draw(values)
            data[key] = inner
        elif action == "nest" and isinstance(data[key], list) and data[key]:
            data[key] = [*data[key], draw(values)]
    for _ in range(draw(st.integers(0, 2))):
        data[draw(st.text(max_size=12))] = draw(values)
    return data


# Fields whose values are ids, slugs, dates, choices or file names: rules, not free text.
RULED = {"themes", "related", "cohorts", "difficulty", "led_by", "date", "start", "end", "reviewed",
         "video", "captions", "url", "kind", "recording", "time", "duration", "year", "ovelse", "teori"}


@st.composite
def hostile_text(draw: st.DrawFn, value: object, key: str = "") -> object:
    """The valid value with every free-text string replaced by markup, odd characters or
    random text: these must reach the rendered pages as data."""
    if isinstance(value, dict):
        return {k: draw(hostile_text(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [draw(hostile_text(v, key)) for v in value]
    if isinstance(value, str) and key not in RULED:
        text = draw(st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=30)))
        return text if text.strip() else "x" + text
    return value


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    """A small project with one valid item of each collection, a theme file and a cohort."""
    root = Path(tempfile.mkdtemp(prefix="toolkit-fuzz-"))
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Verktøykassa\n\n<!-- toolkit:nytt -->\n", encoding="utf-8")
    (root / "cohorts").mkdir()
    bundle = root / "content" / "opptak" / "foredrag"
    bundle.mkdir(parents=True)
    (bundle / "captions.vtt").write_text(CAPTIONS, encoding="utf-8")
    (bundle / "video.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    reset(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def reset(root: Path) -> None:
    (root / "content" / "temaer.yml").write_text(dump(THEMES), encoding="utf-8")
    (root / "cohorts" / "2026-host.yml").write_text(dump(COHORT), encoding="utf-8")
    for collection in FILES:
        write_item(root, collection, dump(VALID[collection]))


def write_item(root: Path, collection: str, yaml_text: str) -> None:
    path = root / FILES[collection]
    path.parent.mkdir(parents=True, exist_ok=True)
    body = EXERCISE_BODY if collection == "ovelser" else "Brødtekst med en [lenke](../ovelser/ovelse.md).\n"
    if collection == "opptak":
        body = body.replace("../", "../../")
    path.write_text(f"---\n{yaml_text}---\n\n{body}", encoding="utf-8")


# pydantic's own words: none may reach an editor.
ENGLISH = ("Input should", "Field required", "should be", "Extra inputs", "Value error", "valid ")


def run_pipeline(root: Path) -> list[Problem]:
    """Check, then build when the check found no error: only problems may come back, each
    in Norwegian."""
    problems = pipeline.check(root)
    assert all(isinstance(p, Problem) for p in problems)
    for problem in problems:
        assert problem.path and problem.line >= 0 and problem.message, problem
        assert not any(words in problem.message for words in ENGLISH), problem
    if not any(p.is_error for p in problems):
        try:
            build = pipeline.build(root)
        except ContentError as exc:  # pragma: no cover - check and build must agree
            pytest.fail(f"build refused what check accepted:\n{exc}")
        assert build.pages
    return problems


FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_the_small_project_is_valid_as_it_stands(project):
    reset(project)
    assert [str(p) for p in run_pipeline(project) if p.is_error] == []


@pytest.mark.parametrize("collection", list(VALID))
@FUZZ
@given(data=st.data())
def test_generated_front_matter_gives_problems_never_an_exception(project, collection, data):
    reset(project)
    write_item(project, collection, dump(data.draw(front_matter(VALID[collection]))))
    run_pipeline(project)


@pytest.mark.parametrize("collection", list(VALID))
@FUZZ
@given(data=st.data())
def test_hostile_text_in_every_field_is_rendered_or_refused_never_an_exception(project, collection, data):
    reset(project)
    write_item(project, collection, dump(data.draw(hostile_text(VALID[collection]))))
    problems = run_pipeline(project)
    # Most examples must reach the renderers, or this test would prove nothing about them.
    assume(not any(p.is_error for p in problems))


@pytest.mark.parametrize("collection", list(VALID))
@FUZZ
@given(data=st.data())
def test_values_typed_by_hand_give_problems_never_an_exception(project, collection, data):
    """The YAML text itself, not a value dumped by PyYAML: each line's value may become
    one of the forms YAML 1.1 reads as something else."""
    reset(project)
    lines = dump(VALID[collection]).splitlines()
    for index, line in enumerate(lines):
        key, colon, _ = line.partition(": ")
        if colon and not key.startswith(" ") and data.draw(st.booleans()):
            lines[index] = f"{key}: {data.draw(st.sampled_from(HAND_WRITTEN))}"
    write_item(project, collection, "\n".join(lines) + "\n")
    run_pipeline(project)


@pytest.mark.parametrize("collection", list(VALID))
@FUZZ
@given(text=st.text(max_size=200))
def test_raw_text_as_front_matter_gives_problems_never_an_exception(project, collection, text):
    reset(project)
    write_item(project, collection, text.replace("---", "- - -") + "\n")
    run_pipeline(project)


@FUZZ
@given(data=st.data())
def test_generated_themes_give_problems_never_an_exception(project, data):
    reset(project)
    themes = {slug: data.draw(front_matter(theme)) for slug, theme in THEMES.items()}
    themes[data.draw(st.text(max_size=12))] = data.draw(values)
    (project / "content" / "temaer.yml").write_text(dump(themes), encoding="utf-8")
    run_pipeline(project)


@FUZZ
@given(data=st.data())
def test_generated_cohorts_and_sessions_give_problems_never_an_exception(project, data):
    reset(project)
    cohort = data.draw(front_matter(COHORT))
    if isinstance(cohort.get("sessions"), list):
        cohort["sessions"] = [data.draw(front_matter(s)) if isinstance(s, dict) else s for s in cohort["sessions"]]
    (project / "cohorts" / "2026-host.yml").write_text(dump(cohort), encoding="utf-8")
    run_pipeline(project)


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_in_a_cohort_or_theme_file_give_problems_never_an_exception(project, data):
    reset(project)
    (project / "cohorts" / "2026-host.yml").write_bytes(data)
    (project / "content" / "temaer.yml").write_bytes(data[::-1])
    run_pipeline(project)
