"""Cohorts (kull) as data: one YAML file per cohort in ``cohorts/``.

A cohort's id is its file stem, which is also the name of its released version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import rel
from .frontmatter import Parsed, parse_yaml
from .models import CohortMeta
from .problems import Problem
from .schema_errors import validate_model
from .slug import is_slug

COHORTS_DIR = "cohorts"


@dataclass
class Cohort:
    id: str
    path: str
    meta: CohortMeta
    lines: Parsed

    @property
    def title(self) -> str:
        return self.meta.title


def load_cohorts(root: Path) -> tuple[dict[str, Cohort], list[Problem]]:
    cohorts: dict[str, Cohort] = {}
    problems: list[Problem] = []
    folder = root / COHORTS_DIR
    if not folder.is_dir():
        return cohorts, problems
    for source in sorted(folder.glob("*.y*ml")):
        path = rel(source, root)
        if not is_slug(source.stem):
            problems.append(Problem(path, 1, f"«{source.stem}» er ikke en gyldig id for et kull"))
            continue
        parsed = parse_yaml(source.read_text(encoding="utf-8"), path)
        problems += parsed.problems
        if parsed.data is None and parsed.problems:
            continue
        meta, schema_problems = validate_model(CohortMeta, parsed, path)
        problems += schema_problems
        if meta is not None:
            cohorts[source.stem] = Cohort(source.stem, path, meta, parsed)
    return cohorts, problems


def newest(cohorts: dict[str, Cohort]) -> Cohort | None:
    """The default cohort: the one that starts last."""
    return max(cohorts.values(), key=lambda c: (c.meta.start, c.id), default=None)
