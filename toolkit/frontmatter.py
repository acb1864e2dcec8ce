"""Read YAML (front matter or a data file) and remember the line of every key.

PyYAML's ``safe_load`` throws line numbers away; composing the node tree first keeps
them, so a validation error deep inside ``group_size.max`` or ``sources[1].year``
can still name its line in the editor's file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

Loc = tuple[str | int, ...]


@dataclass
class Parsed:
    """YAML data plus the 1-based file line of each key path (``()`` is the document)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known part of ``loc`` (a missing key: its parent)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.lines.get((), 1)


@dataclass
class Document:
    """A Markdown file split into its front matter and its body."""

    meta: Parsed
    body: str
    body_line: int  # file line on which the body starts


def parse_yaml(text: str, path: str, first_line: int = 1) -> Parsed:
    """Parse YAML text whose first line is ``first_line`` of the file at ``path``."""
    offset = first_line - 1
    fast = _parse_fast(text)
    if fast is not None:
        node, data = fast
    else:
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            return Parsed(None, {}, [_yaml_problem(exc, path, offset)])
    if node is None:
        return Parsed({}, {(): first_line})
    parsed = Parsed(None, {(): node.start_mark.line + 1 + offset})
    _walk(node, (), parsed, path, offset)
    if fast is not None:
        parsed.data = data
        return parsed
    try:
        parsed.data = yaml.SafeLoader(text).get_single_data()
    except yaml.YAMLError as exc:  # e.g. a date like 2026-13-01 that composes but won't construct
        parsed.problems.append(_yaml_problem(exc, path, offset))
        parsed.data = None
    return parsed


def _parse_fast(text: str) -> tuple[yaml.Node | None, Any] | None:
    """Node tree and data in one pass with libyaml, when PyYAML has it (about ten times
    faster: it counts at thousands of items). None on any error, so that errors are
    reported by the pure-Python loader, in its words."""
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return None
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def split_front_matter(text: str, path: str) -> Document:
    """Split ``---``-delimited front matter from a Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problem = Problem(path, 1, "filen mangler front matter: første linje skal være «---»")
        return Document(Parsed(None, {}, [problem]), text, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta = parse_yaml("".join(lines[1:index]), path, first_line=2)
            return Document(meta, "".join(lines[index + 1 :]), index + 2)
    problem = Problem(path, 1, "front matter er ikke avsluttet: mangler en linje med «---»")
    return Document(Parsed(None, {}, [problem]), "", len(lines) + 1)


_FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(offset in the body, line) of every line outside code fences, the fences left out."""
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            yield offset, line


def _walk(node: yaml.Node, loc: Loc, parsed: Parsed, path: str, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                parsed.problems.append(Problem(path, line, f"feltet «{key}» står to ganger"))
            seen.add(key)
            parsed.lines[loc + (key,)] = line
            _walk(value_node, loc + (key,), parsed, path, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            parsed.lines[loc + (index,)] = item.start_mark.line + 1 + offset
            _walk(item, loc + (index,), parsed, path, offset)


def _yaml_problem(exc: yaml.YAMLError, path: str, offset: int) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1 + offset) if mark else offset + 1
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Problem(path, line, f"ugyldig YAML: {reason}", column=mark.column + 1 if mark else 0)
