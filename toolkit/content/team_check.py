"""Ledergruppesjekken: the self-check along Bang's model, one typed file beside the themes.

``content/ledergruppesjekk.yml`` holds the check: its framing, the research it builds on
and its dimensions, each following one theme of the taxonomy (which links it to the
theme's exercises and theory) with at least three statements worded so that agreeing is
the healthy answer. A result link (``/sjekk/?svar=…``) has one digit per statement in
the file's order, so the order is part of the format (docs-dev/ledergruppesjekk.md).

Like the theme file, the check is read once by ``toolkit.content.load`` with every
problem at its line: what pydantic says about each field, and what needs more than one
field (an unknown theme with «mente du», an id used twice, an unknown cohort). A
dimension may be for some cohorts only (``cohorts``), as an item may; ``for_cohort``
gives the check one cohort's site shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ..layout import CONTENT_DIR, TEAM_CHECK_FILE
from ..problems import Problem, warning
from .frontmatter import Parsed, parse_yaml
from .models import Int, Invalid, NonEmpty, Slug, Strict, Url, choices
from .schema_errors import suggest, validate_model
from .sources import read_text, shown

#: Statements a dimension needs at least: fewer say too little to talk about.
MIN_STATEMENTS = 3
#: Statements a dimension may have at most, and the check as a whole: a result link has
#: one digit per statement and must stay short enough to paste into a chat.
MAX_STATEMENTS = 8
MAX_TOTAL = 120
#: Exercises a dimension's theme should lead to, for its recommendations to be a choice.
MIN_EXERCISES = 2


class CheckSource(Strict):
    """A published work the check builds on, cited on the page as: author (year). *title*. where."""

    author: Annotated[NonEmpty, Field(title="Forfatter", description="Som «Bang, H. og Midelfart, T. N.».")]
    year: Annotated[Int, Field(ge=1900, le=2100, title="År")]
    title: Annotated[NonEmpty, Field(title="Tittel")]
    where: Annotated[NonEmpty, Field(title="Utgitt i", description="Forlag og sted, eller tidsskrift.")]
    url: Annotated[Url | None, Field(title="Adresse", description="Lenke til kilden, hvis den finnes på nett.")] = None


def _enough_statements(value: object) -> object:
    """Too few statements, told in the check's words rather than as «elementer»."""
    if isinstance(value, list) and len(value) < MIN_STATEMENTS:
        raise Invalid(f"har {len(value)} påstander, men et område trenger minst {MIN_STATEMENTS}")
    return value


class Dimension(Strict):
    """One area of the model the group rates itself on."""

    id: Annotated[Slug, Field(
        title="Id", description="Små bokstaver og bindestrek, unik i sjekken, som «moter».")]
    title: Annotated[NonEmpty, Field(title="Tittel", description="Navnet på området, som leseren ser det.")]
    description: Annotated[NonEmpty, Field(
        title="Hva det betyr", description="Ett avsnitt om hva området handler om.")]
    theme: Annotated[Slug, Field(
        title="Tema", description="Temaet fra temalisten (content/temaer.yml) som gir øvelsene og teorien.",
        json_schema_extra=choices("themes"))]
    statements: Annotated[list[NonEmpty], BeforeValidator(_enough_statements), Field(
        min_length=MIN_STATEMENTS, max_length=MAX_STATEMENTS, title="Påstander",
        description=(f"{MIN_STATEMENTS} til {MAX_STATEMENTS} påstander, skrevet slik at det er sunt å være enig. "
                     "Rekkefølgen er rekkefølgen på sifrene i en resultatlenke."))]
    cohorts: Annotated[list[Slug] | None, Field(
        min_length=1, title="Bare for kull",
        description="Bare for områder som gjelder enkelte kull. Står feltet tomt, gjelder området alle kull.",
        json_schema_extra=choices("cohorts"))] = None


class TeamCheck(Strict):
    """The whole check: its title, what it is (and is not), its sources and dimensions."""

    title: Annotated[NonEmpty, Field(title="Tittel", description="Sjekkens navn, som «Ledergruppesjekken».")]
    intro: Annotated[NonEmpty, Field(
        title="Innledning",
        description="Hva sjekken er og ikke er: et utgangspunkt for en samtale, ikke en validert måling.")]
    sources: Annotated[list[CheckSource], Field(
        min_length=1, title="Kilder", description="Forskningen sjekken bygger på. Vises nederst på siden.")]
    dimensions: Annotated[list[Dimension], Field(min_length=1, title="Områder")]

    @property
    def statement_count(self) -> int:
        return sum(len(d.statements) for d in self.dimensions)


def load_team_check(root: Path, themes: Mapping[str, Any], named_themes: Iterable[str] | None,
                    cohorts: Iterable[str]) -> tuple[TeamCheck | None, Parsed | None, list[Problem]]:
    """The check, its parsed lines and every problem in it; (None, None, []) when the
    repository has no check file (the page then says so). ``named_themes``: every slug the
    theme file names, readable or not (None when it could not be read: then no theme is
    judged), and ``cohorts`` the known cohort ids."""
    source = root / CONTENT_DIR / TEAM_CHECK_FILE
    if not source.is_file():
        return None, None, []
    path = shown(source, root)
    text, problems = read_text(source, root, "sjekkfilen")
    if text is None:
        return None, None, problems
    parsed = parse_yaml(text, path)
    problems = list(parsed.problems)
    if parsed.problems:
        return None, parsed, problems
    check, model_problems = validate_model(TeamCheck, parsed, path)
    problems += model_problems
    problems += _cross_checks(parsed, path, themes, named_themes, set(cohorts))
    if check is not None and check.statement_count > MAX_TOTAL:
        problems.append(Problem(path, parsed.line_of(("dimensions",)), (
            f"sjekken har {check.statement_count} påstander, men høyst {MAX_TOTAL} får plass i en resultatlenke")))
    return (check if not any(p.is_error for p in problems) else None), parsed, problems


def _cross_checks(parsed: Parsed, path: str, themes: Mapping[str, Any], named_themes: Iterable[str] | None,
                  cohorts: set[str]) -> list[Problem]:
    """What needs more than one field, read from the file as written so that it is told
    beside pydantic's own errors (all at once): unknown themes and cohorts, ids used twice."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    dimensions = data.get("dimensions")
    if not isinstance(dimensions, list):
        return []
    named = set(named_themes) if named_themes is not None else None
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for index, dimension in enumerate(dimensions):
        if not isinstance(dimension, dict):
            continue
        ident, theme = dimension.get("id"), dimension.get("theme")
        if isinstance(ident, str):
            line = parsed.line_of(("dimensions", index, "id"))
            if ident in first_line:
                problems.append(Problem(path, line, (
                    f"id-en «{ident}» er brukt før, på linje {first_line[ident]}: hvert område trenger sin egen id")))
            else:
                first_line[ident] = line
        if isinstance(theme, str) and named is not None and theme not in themes and theme not in named:
            problems.append(Problem(path, parsed.line_of(("dimensions", index, "theme")),
                                    f"ukjent tema «{theme}»{suggest(theme, themes, n=3)}"))
        listed = dimension.get("cohorts")
        for place, cohort in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(cohort, str) and cohort not in cohorts:
                problems.append(Problem(path, parsed.line_of(("dimensions", index, "cohorts", place)),
                                        f"ukjent kull «{cohort}»{suggest(cohort, cohorts, n=3)}"))
    return problems


def check_reach(check: TeamCheck | None, lines: Parsed | None, path: str,
                exercises_by_theme: Mapping[str, int]) -> list[Problem]:
    """A warning for each dimension whose theme leads to fewer than ``MIN_EXERCISES``
    published exercises: its recommendations would offer no choice."""
    if check is None or lines is None:
        return []
    return [
        warning(path, lines.line_of(("dimensions", index, "theme")), (
            f"området «{dimension.title}» fører bare til {exercises_by_theme.get(dimension.theme, 0)} "
            f"publiserte øvelser (temaet «{dimension.theme}»); anbefalingene trenger minst {MIN_EXERCISES}"))
        for index, dimension in enumerate(check.dimensions)
        if exercises_by_theme.get(dimension.theme, 0) < MIN_EXERCISES
    ]


def for_cohort(check: TeamCheck | None, cohort_id: str | None) -> TeamCheck | None:
    """The check as one cohort's site shows it: the dimensions for every cohort and for
    this one. None when no dimension is left (or there is no check)."""
    if check is None:
        return None
    kept = [d for d in check.dimensions if d.cohorts is None or (cohort_id is not None and cohort_id in d.cohorts)]
    return check.model_copy(update={"dimensions": kept}) if kept else None
