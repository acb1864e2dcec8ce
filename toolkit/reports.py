"""``toolkit check --format``: the same problems for people, scripts, GitHub and GitLab.

Editors read ``path:line: message`` in a terminal (``text``, unchanged). CI systems
read them where an editor looks at a change: GitHub turns workflow commands
(``::error file=…,line=…::…``) into annotations on the lines of a pull request, and
GitLab shows a Code Quality report (a JSON array, a subset of the Code Climate spec)
on the lines of a merge request. ``json`` is the plain form for other tools.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from types import MappingProxyType

from .problems import Problem, format_problems

FORMATS = ("text", "json", "github", "gitlab")
CHECK_NAME = "toolkit-check"

# GitLab's severities are info, minor, major, critical and blocker. An error stops the
# build (major); a warning does not (minor).
_GITLAB_SEVERITY = MappingProxyType({"error": "major", "warning": "minor"})


def render(problems: Iterable[Problem], fmt: str) -> str:
    """The problems, sorted by file and line, in one of :data:`FORMATS`."""
    ordered = sorted(problems)
    if fmt == "text":
        return format_problems(ordered)
    if fmt == "json":
        return json.dumps([as_dict(p) for p in ordered], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_command(p) for p in ordered)
    if fmt == "gitlab":
        return json.dumps(gitlab_report(ordered), ensure_ascii=False, indent=2)
    raise ValueError(f"unknown format {fmt!r}")


def as_dict(problem: Problem) -> dict:
    """Path, line (``None`` for the file as a whole), column where known, severity, message."""
    return {
        "path": problem.path,
        "line": problem.line or None,
        "column": problem.column or None,
        "severity": problem.severity.value,
        "message": problem.message,
    }


def _escape_data(text: str) -> str:
    # As GitHub's own toolkit (@actions/core) escapes a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """One GitHub Actions workflow command: an annotation on the problem's line."""
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    if problem.column:
        properties.append(f"col={problem.column}")
    properties.append(f"title={_escape_property('toolkit check')}")
    return f"::{problem.severity.value} {','.join(properties)}::{_escape_data(problem.message)}"


def gitlab_report(problems: list[Problem]) -> list[dict]:
    """GitLab's Code Quality report: one issue per problem, on its line.

    The fingerprint leaves the line out, so a problem that moves when lines are added
    above it is still the same finding in the merge request; the same message twice in
    one file is told apart by its order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for problem in problems:
        key = (problem.path, problem.severity.value, problem.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        issues.append({
            "description": problem.message,
            "check_name": CHECK_NAME,
            "fingerprint": digest,
            "severity": _GITLAB_SEVERITY[problem.severity.value],
            "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
        })
    return issues
