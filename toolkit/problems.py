"""One shape for every mistake an editor can make: path, line, message.

Editors and CI read problems as ``path:line: message``; collecting them in a list
(instead of raising at the first one) is what lets ``toolkit check`` show every
mistake in every file at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in a source file, 1-based line (0 = the file as a whole).

    ``column`` (1-based, 0 = not known) is kept for machine-readable reports
    (``toolkit check --format``); it plays no part in sorting or equality."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR
    column: int = field(default=0, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "advarsel: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def warning(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, message, Severity.WARNING)


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, sorted by place."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in sorted(problems))


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]
