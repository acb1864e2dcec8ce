"""Cohorts (kull) as data: one YAML file per cohort in ``cohorts/``.

A cohort's id is its file stem, which is also the name of its released version. Its
sessions (theme gatherings, leadership-group sessions, reflection groups) become the
cohort's programme page; ``check_sessions`` holds them to the same standard as content:
every mistake reported at its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..layout import COHORTS_DIR
from ..problems import Problem, Severity
from ..slug import is_slug
from .collection import Registry
from .frontmatter import Parsed, parse_yaml
from .models import CohortMeta, Session, SessionRecording
from .schema_errors import suggest_id, validate_model
from .sources import read_text
from .sources import shown as rel

if TYPE_CHECKING:
    from .items import Item

#: Names mike gives aliases of versions: a cohort called so would be overwritten by them.
RESERVED_IDS = frozenset({"latest"})

# How each kind of session is named to readers, and what it is.
SESSION_KINDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "temasamling": (
        "Temasamling",
        "felles samling for alle toppledergruppene i kullet, med foredrag som blir tatt opp",
    ),
    "ledergruppesamling": (
        "Ledergruppesamling",
        "hver ledergruppe arbeider for seg, sammen med rådgiverne fra UKE",
    ),
    "refleksjonsgruppe": (
        "Refleksjonsgruppe",
        "bare for topplederne, i små grupper på tvers av virksomhetene",
    ),
})


@dataclass
class Cohort:
    id: str
    path: str
    meta: CohortMeta
    lines: Parsed

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def sessions(self) -> list[Session]:
        """The sessions in the order they take place."""
        return sorted(self.meta.sessions, key=lambda s: (s.date, s.start, s.end))

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(tuple(loc))


def load_cohorts(root: Path) -> tuple[dict[str, Cohort], list[Problem]]:
    """Every cohort file in ``cohorts/``, with every problem in any of them."""
    cohorts: dict[str, Cohort] = {}
    problems: list[Problem] = []
    folder = root / COHORTS_DIR
    if not folder.is_dir():
        return cohorts, problems
    seen: dict[str, str] = {}
    for source in sorted(folder.iterdir()):
        path = rel(source, root)
        if source.name.startswith(".") or source.is_dir():
            continue
        if source.suffix.lower() not in (".yml", ".yaml"):
            problems.append(Problem(path, 0, (
                "filen blir ikke lest: et kull er en .yml-fil i cohorts/"), severity=Severity.WARNING))
            continue
        if source.suffix not in (".yml", ".yaml"):
            problems.append(Problem(path, 0, f"filendelsen «{source.suffix}» blir ikke lest: bruk «.yml»",
                                    severity=Severity.WARNING))
            continue
        if source.stem in seen:
            problems.append(Problem(path, 0, (
                f"kullet «{source.stem}» finnes også i {seen[source.stem]}: slett den ene filen")))
            cohorts.pop(source.stem, None)
            continue
        seen[source.stem] = path
        if not is_slug(source.stem):
            problems.append(Problem(path, 1, f"«{source.stem}» er ikke en gyldig id for et kull"))
            continue
        if source.stem in RESERVED_IDS:
            problems.append(Problem(path, 1, (
                f"«{source.stem}» kan ikke være navnet på et kull: mike bruker det som alias for "
                "nyeste kull; gi filen et annet navn, for eksempel 2027-var.yml")))
            continue
        text, read_problems = read_text(source, root, "kullfilen")
        problems += read_problems
        if text is None:
            continue
        parsed = parse_yaml(text, path)
        problems += parsed.problems
        if parsed.problems:
            continue
        meta, schema_problems = validate_model(CohortMeta, parsed, path)
        problems += schema_problems
        if meta is not None:
            cohorts[source.stem] = Cohort(source.stem, path, meta, parsed)
    return cohorts, problems


def cohort_files(root: Path) -> set[str]:
    """The ids the files in ``cohorts/`` claim, whether or not they can be read."""
    folder = root / COHORTS_DIR
    if not folder.is_dir():
        return set()
    return {source.stem for source in folder.iterdir()
            if source.suffix.lower() in (".yml", ".yaml") and not source.name.startswith(".")}


def newest(cohorts: dict[str, Cohort]) -> Cohort | None:
    """The default cohort: the one that starts last."""
    return max(cohorts.values(), key=lambda c: (c.meta.start, c.id), default=None)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def check_sessions(cohorts: dict[str, Cohort], items: list[Item], registry: Registry,
                   claimed: AbstractSet[str] = frozenset()) -> list[Problem]:
    """Each session ends after it starts, falls within its cohort's dates, and names a
    recording that exists and is published in that cohort's version of the site (a
    recording ``claimed`` by a broken file reports its own errors, not here)."""
    by_id = {item.id: item for item in items}
    # A session's recording is an item whose model plays that role, whatever its collection.
    recordings = [item.id for item in items if isinstance(item.meta, SessionRecording)]
    example = recordings[0] if recordings else next(
        (f"{c.id}/<navn>" for c in registry.with_model(SessionRecording)), "<samling>/<navn>")
    problems: list[Problem] = []
    for cohort in cohorts.values():
        first, last = cohort.meta.start, cohort.meta.end
        for index, session in enumerate(cohort.meta.sessions):
            if _minutes(session.end) <= _minutes(session.start):
                problems.append(Problem(
                    cohort.path, cohort.line_of("sessions", index, "end"),
                    f"samlingen slutter ({session.end}) før den begynner ({session.start})",
                ))
            if not first <= session.date <= last:
                problems.append(Problem(
                    cohort.path, cohort.line_of("sessions", index, "date"),
                    f"datoen {session.date.isoformat()} er utenfor kullets periode "
                    f"({first.isoformat()} til {last.isoformat()})",
                ))
            if session.recording is not None and session.recording not in claimed:
                line = cohort.line_of("sessions", index, "recording")
                problems += _check_recording(cohort, session.recording, by_id, recordings, example, line)
    return problems


def _check_recording(cohort: Cohort, recording_id: str, by_id: dict[str, Item],
                     recordings: list[str], example: str, line: int) -> list[Problem]:
    item = by_id.get(recording_id)
    if item is not None and not isinstance(item.meta, SessionRecording):
        return [Problem(cohort.path, line, f"«{recording_id}» er ikke et opptak: bruk en id som {example}")]
    if item is None:
        hint = suggest_id(recording_id, recordings)
        return [Problem(cohort.path, line, f"ukjent opptak «{recording_id}»{hint}")]
    if item.meta.draft:
        return [Problem(cohort.path, line, f"opptaket «{recording_id}» er et utkast (draft) og blir ikke publisert")]
    if item.meta.cohorts is not None and cohort.id not in item.meta.cohorts:
        return [Problem(
            cohort.path, line,
            f"opptaket «{recording_id}» er ikke publisert for kullet «{cohort.id}» "
            f"(se «cohorts» i {item.path})",
        )]
    return []


def published_in(item: Item, cohort: Cohort | None) -> bool:
    """Drafts never; items without ``cohorts`` always; the rest in the cohorts they name."""
    if item.meta.draft:
        return False
    if item.meta.cohorts is None:
        return True
    return cohort is not None and cohort.id in item.meta.cohorts
