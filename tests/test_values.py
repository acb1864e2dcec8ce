"""Issue 23, values taken wrongly: a value in front matter or a cohort file is what it
looks like, or a Norwegian `path:line: melding`. An integer is an integer (not true, not
45.0, not 0x2d), a number is finite, a date is a real date without a time of day, text
has no half characters, a `reviewed` date is not in the future, and a YAML merge key
cannot pull fields in from elsewhere.

Each test breaks a copy of the shipped project the way an editor would and runs
`toolkit check` as a command (`tests.test_bad_input.check` fails on a traceback or on a
line that is not `path:line: melding`).
"""

from __future__ import annotations

import datetime as dt
import re
import typing

import pytest
from pydantic_core import PydanticKnownError
from pydantic_core.core_schema import ErrorType

from tests.conftest import toolkit
from tests.test_bad_input import COHORT, EXERCISE, check, edit, errors_in, line_of
from toolkit import pipeline
from toolkit.collections.exercises.model import ExerciseMeta
from toolkit.content.frontmatter import Parsed
from toolkit.content.schema_errors import EXPECTED, MESSAGES, problems_of

RECORDING = "content/opptak/motet-som-arbeidsform/index.md"


def errors_at(project, relpath: str) -> list[tuple[int, str]]:
    code, problems, _ = check(project)
    assert code == 1
    return [(line, message) for path, line, message in errors_in(problems) if path == relpath]


@pytest.mark.parametrize("written", ["true", "45.0", "0x2d", "017", "1_5", ".inf", ".nan", "-.inf", "1:30", '"45"'])
def test_a_duration_that_is_no_decimal_integer_is_refused_at_its_line(project, written):
    edit(project, EXERCISE, "duration: 45", f"duration: {written}")
    shown = written.strip('"')
    assert errors_at(project, EXERCISE) == [
        (line_of(project, EXERCISE, "duration:"), f"«duration» skal være et heltall, ikke «{shown}»")]


def test_a_duration_of_true_publishes_nothing(project, tmp_path):
    edit(project, EXERCISE, "duration: 45", "duration: true")
    site = tmp_path / "site"
    result = toolkit("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 1
    assert f"{EXERCISE}:{line_of(project, EXERCISE, 'duration:')}: «duration» skal være et heltall" in result.stderr
    assert not site.exists()


def test_an_empty_duration_says_what_to_write(project):
    edit(project, EXERCISE, "duration: 45", "duration:")
    assert errors_at(project, EXERCISE) == [
        (line_of(project, EXERCISE, "duration:"), "«duration» er tom: skriv et heltall")]


def test_a_whole_number_in_a_nested_field_is_strict_too(project):
    edit(project, EXERCISE, "group_size: {min: 4, max: 12}", "group_size: {min: 4.0, max: yes}")
    found = errors_at(project, EXERCISE)
    line = line_of(project, EXERCISE, "group_size:")
    assert sorted(found) == [(line, "«group_size.max» skal være et heltall, ikke «yes»"),
                             (line, "«group_size.min» skal være et heltall, ikke «4.0»")]


def test_an_integer_tagged_explicitly_must_still_be_decimal(project):
    edit(project, EXERCISE, "duration: 45", "duration: !!int 0x2d")
    assert errors_at(project, EXERCISE) == [
        (line_of(project, EXERCISE, "duration:"), "«0x2d» er ikke et heltall: skriv tallet med sifrene 0–9")]


def test_draft_takes_only_true_or_false(project):
    edit(project, EXERCISE, "duration: 45", 'duration: 45\ndraft: "false"')
    assert errors_at(project, EXERCISE) == [
        (line_of(project, EXERCISE, "draft:"), "«draft» skal være true eller false, ikke «false»")]


def test_a_number_where_text_belongs_says_to_quote_it(project):
    edit(project, EXERCISE, "title: Pre-mortem", "title: No")
    assert errors_at(project, EXERCISE) == [
        (2, "«title» skal være tekst, ikke «No»: sett teksten i anførselstegn, som «\"No\"»")]


def test_a_chapter_time_written_as_a_clock_is_still_minutes_and_seconds(project):
    """Decimal-only integers: ``1:30`` is no longer YAML 1.1's base-60 number, but the
    recording's own reading of a clock gives the same 90 seconds."""
    text = (project / RECORDING).read_text(encoding="utf-8")
    (project / RECORDING).write_text(re.sub(r'time: "(\d+:\d+)"', r"time: \1", text), encoding="utf-8")
    assert 'time: "' not in (project / RECORDING).read_text(encoding="utf-8")
    content = pipeline.load(project)
    assert not [p for p in content.problems if p.is_error and p.path == RECORDING]
    item = next(i for i in content.items if i.path == RECORDING)
    assert [c.time for c in item.meta.chapters][:2] == [0, 23]


def test_a_clock_time_in_a_cohort_needs_no_quotes(project):
    edit(project, COHORT, 'end: "11:30"', "end: 11:30")
    code, problems, output = check(project)
    assert errors_in(problems) == [], output
    assert code == 0


@pytest.mark.parametrize("written, message", [
    ("2026-11-20T10:00:00", "«reviewed»: «2026-11-20T10:00:00» har klokkeslett: skriv bare datoen, "
                            "på formen ÅÅÅÅ-MM-DD (2026-11-20)"),
    ("2026-11-20 00:00", "«reviewed»: «2026-11-20 00:00» har klokkeslett: skriv bare datoen, "
                         "på formen ÅÅÅÅ-MM-DD (2026-11-20)"),
    ("1700000000", "«reviewed» skal være en dato på formen ÅÅÅÅ-MM-DD, ikke «1700000000»"),
    ("20.11.2026", "«reviewed» skal være en dato på formen ÅÅÅÅ-MM-DD, ikke «20.11.2026»"),
    ("true", "«reviewed» skal være en dato på formen ÅÅÅÅ-MM-DD, ikke «true»"),
    ("0000-01-01", "«reviewed»: 0000-01-01 finnes ikke i kalenderen; skriv en dato som finnes, "
                   "på formen ÅÅÅÅ-MM-DD"),
])
def test_a_date_field_takes_only_a_real_date(project, written, message):
    edit(project, EXERCISE, "reviewed: 2026-11-20", f"reviewed: {written}")
    assert errors_at(project, EXERCISE) == [(line_of(project, EXERCISE, "reviewed:"), message)]


def test_a_datetime_in_a_cohort_date_is_refused(project):
    edit(project, COHORT, "start: 2026-08-24", "start: 2026-08-24T08:00")
    assert errors_at(project, COHORT) == [(line_of(project, COHORT, "start:"), (
        "«start»: «2026-08-24T08:00» har klokkeslett: skriv bare datoen, på formen ÅÅÅÅ-MM-DD (2026-08-24)"))]


@pytest.mark.parametrize("relpath, old, new", [
    (EXERCISE, "owner: Programteamet, Byrådslederens kontor", 'owner: "Programteamet \\ud800"'),
    (EXERCISE, "materials: [Ark og penn", 'materials: ["\\udc00 Ark", Ark og penn'),
    (COHORT, "title: Kull høsten 2026", 'title: "Kull \\ud83d\\ude00"'),
])
def test_a_lone_surrogate_in_text_is_refused_in_norwegian(project, relpath, old, new):
    edit(project, relpath, old, new)
    found = errors_at(project, relpath)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == line_of(project, relpath, new.split(":")[0] + ":")
    assert message.startswith("ugyldig tegn (U+D") and "halv UTF-16-kode" in message


def test_a_merge_key_is_refused_and_does_not_unpublish_the_page_silently(project):
    edit(project, EXERCISE, "title: Pre-mortem", "<<: {draft: true}\ntitle: Pre-mortem")
    code, problems, _ = check(project)
    assert code == 1
    assert errors_in(problems) == [(EXERCISE, 2, "YAML-fletting («<<:») er ikke tillatt: skriv hvert felt på sin egen "
                                                 "linje her")]


def test_a_merge_key_in_a_cohort_session_is_refused_at_its_line(project):
    edit(project, COHORT, "    start: \"09:00\"", "    <<: {start: \"10:00\"}\n    start: \"09:00\"")
    assert errors_at(project, COHORT) == [(line_of(project, COHORT, "<<:"), (
        "YAML-fletting («<<:») er ikke tillatt: skriv hvert felt på sin egen linje her"))]


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


def test_a_reviewed_date_in_the_future_is_an_error_at_its_line(project):
    edit(project, EXERCISE, "reviewed: 2026-11-20", "reviewed: 2062-11-20")
    result = toolkit("check", cwd=project, env={"SOURCE_DATE_EPOCH": epoch(dt.date(2026, 12, 5))})
    assert result.returncode == 1
    line = line_of(project, EXERCISE, "reviewed:")
    assert (f"{EXERCISE}:{line}: «reviewed» er 20. november 2062, fram i tid (i dag er 5. desember 2026): "
            "skriv datoen siden sist ble gjennomgått") in result.stdout.splitlines()


def test_the_build_date_decides_what_the_future_is_with_a_day_for_time_zones(project):
    """SOURCE_DATE_EPOCH is the build's day (UTC); a page reviewed just after midnight in
    Oslo may carry the next day's date."""
    edit(project, EXERCISE, "reviewed: 2026-11-20", "reviewed: 2026-12-06")
    on_the_5th = toolkit("check", cwd=project, env={"SOURCE_DATE_EPOCH": epoch(dt.date(2026, 12, 5))})
    assert on_the_5th.returncode == 0, on_the_5th.stdout
    on_the_4th = toolkit("check", cwd=project, env={"SOURCE_DATE_EPOCH": epoch(dt.date(2026, 12, 4))})
    assert on_the_4th.returncode == 1
    assert f"{EXERCISE}:{line_of(project, EXERCISE, 'reviewed:')}: «reviewed» er 6. desember 2026, fram i tid" \
        in on_the_4th.stdout


ENGLISH = re.compile(r"\b(input|should|valid|invalid|the|must|field|required|expected|allowed|provided|"
                     r"error|value|number|integer|string|list|dictionary|date|time|characters?|less|greater|than|"
                     r"least|most|items?|extra|not|permitted|missing|unable|parse)\b", re.IGNORECASE)


def english_message(kind: str) -> str:
    """pydantic-core's own message for ``kind``, with placeholder context where it wants one."""
    context: dict[str, object] = {}
    for _ in range(20):
        try:
            return PydanticKnownError(kind, context or None).message()
        except (KeyError, TypeError) as exc:
            key = re.search(r"'(\w+)' (required in context|context value must be a String)", str(exc))
            assert key, exc
            context[key.group(1)] = 7 if key.group(2).startswith("required") else "x7"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_every_pydantic_error_type_has_norwegian_words(kind):
    """A walk over every error type pydantic-core knows: each has its own Norwegian
    message here, and none is shown in pydantic's English. A pydantic upgrade that adds a
    type fails here until the type has its words."""
    assert kind in EXPECTED or kind in MESSAGES, f"{kind} has no Norwegian message in schema_errors"
    english = english_message(kind)
    error = {"type": kind, "loc": ("duration",), "msg": english, "input": "§", "ctx": {
        "error": ValueError(english), "gt": 7, "ge": 7, "lt": 7, "le": 7, "multiple_of": 7, "min_length": 7,
        "max_length": 7, "expected": "'a' or 'b'", "expected_schemes": "'https'", "pattern": "x",
        "field_type": "List", "actual_length": 7}}
    parsed = Parsed({"duration": "§"}, {(): 2, ("duration",): 11}, end_line=20)
    [problem] = problems_of([error], ExerciseMeta, parsed, "content/ovelser/x.md")
    assert problem.path == "content/ovelser/x.md"
    assert problem.line == (20 if kind == "missing" else 11)
    assert english not in problem.message
    assert not ENGLISH.search(problem.message), f"{kind}: {problem.message}"
    assert "duration" in problem.message
