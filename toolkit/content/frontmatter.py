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

from ..problems import Problem

Loc = tuple[str | int, ...]


@dataclass
class Parsed:
    """YAML data plus the 1-based file line of each key path (``()`` is the document)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Each scalar as the editor wrote it (``true``, ``.inf``, ``45.0``), so a message
    #: quotes the file rather than Python's reading of it (``True``, ``inf``).
    written: dict[Loc, str] = field(default_factory=dict)
    #: Where a missing top-level key is reported: the front matter's closing ``---`` (the
    #: line an editor adds it above), else the document's first line.
    end_line: int | None = None

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known part of ``loc`` (a missing key: its parent)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.lines.get((), 1)

    def missing_line(self, loc: Loc) -> int:
        """Where the missing key ``loc`` belongs: its parent's line, and for a top-level
        key of front matter the closing ``---``."""
        if len(loc) <= 1 and self.end_line is not None:
            return self.end_line
        return self.line_of(loc[:-1])


@dataclass
class Document:
    """A Markdown file split into its front matter and its body."""

    meta: Parsed
    body: str
    body_line: int  # file line on which the body starts


# The YAML editors write is plain data: mappings, lists, text, numbers, true/false. Dates
# stay text here and are read by the models, which can say «2026-02-30 er ikke en dato» at
# the right line (PyYAML's own timestamp reading raises a bare ValueError). An integer is
# written in decimal, as YAML 1.2 and the editing form read it: YAML 1.1's other forms
# (``0x2d``, ``017``, ``1_000``, ``1:30`` in base 60) stay text, which the models refuse
# where a number belongs or read as a clock where a time does, instead of a silent 45, 15
# or 90. Aliases would let four kilobytes expand to gigabytes, tags (``!!binary``,
# ``!!python/...``) make other objects than data, and a merge key (``<<:``) pulls fields in
# from elsewhere (a ``draft: true`` nobody sees on the page's own lines): all are refused
# before anything is constructed.
ALLOWED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))
INT_TAG = "tag:yaml.org,2002:int"
MERGE_TAG = "tag:yaml.org,2002:merge"
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# A UTF-16 half (``"\ud800"`` in a quoted string) is no character: it cannot be written
# to a page, a search index or a JSON file.
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 32  # nesting of mappings and lists; front matter needs three or four


def _plain_data(loader: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """A loader class that leaves date-like scalars as text and reads only decimal integers."""
    decimal = re.compile(f"^{DECIMAL.pattern}$")
    resolvers = {
        first: [(tag, decimal if tag == INT_TAG else regexp) for tag, regexp in entries
                if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in loader.yaml_implicit_resolvers.items()
    }
    return type(f"Data{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


_PyLoader = _plain_data(yaml.SafeLoader)
# libyaml's loader when PyYAML has it (about ten times faster: it counts at thousands of
# items); errors are then reported by the pure-Python loader, in its words.
_CLoader = _plain_data(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def parse_yaml(text: str, path: str, first_line: int = 1) -> Parsed:
    """Parse YAML text whose first line is ``first_line`` of the file at ``path``."""
    offset = first_line - 1
    node = _compose(_CLoader, text)
    if isinstance(node, yaml.YAMLError) and "nesting depth" in str(getattr(node, "problem", "")):
        node = RecursionError()  # libyaml's own limit; the Python loader would take seconds to agree
    elif not isinstance(node, (yaml.Node, type(None), RecursionError)):  # ask for the words
        node = _compose(_PyLoader, text)
    if isinstance(node, yaml.YAMLError):
        return Parsed(None, {}, [_yaml_problem(node, path, offset, text)])
    if isinstance(node, Exception):  # a RecursionError: nested too deep
        return Parsed(None, {}, [Problem(path, first_line, f"ugyldig YAML: nestet dypere enn {MAX_DEPTH} nivåer")])
    if node is None:
        return Parsed({}, {(): first_line})
    parsed = Parsed(None, {(): node.start_mark.line + 1 + offset})
    _walk(node, parsed, path, offset)
    if parsed.problems:
        return parsed
    loader = _CLoader("")
    try:
        parsed.data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        parsed.problems.append(_yaml_problem(exc, path, offset))
    finally:
        loader.dispose()
    return parsed


def _compose(loader_class: type, text: str) -> yaml.Node | None | Exception:
    """The node tree of one YAML document, or the error that stopped it."""
    try:
        loader = loader_class(text)  # the pure-Python reader refuses control characters here
    except yaml.YAMLError as exc:
        return exc
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        return exc
    finally:
        loader.dispose()


def split_front_matter(text: str, path: str) -> Document:
    """Split ``---``-delimited front matter from a Markdown body."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problem = Problem(path, 1, "filen mangler front matter: første linje skal være «---»")
        return Document(Parsed(None, {}, [problem]), text, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            meta = parse_yaml("".join(lines[1:index]), path, first_line=2)
            meta.end_line = index + 1
            return Document(meta, "".join(lines[index + 1 :]), index + 2)
    problem = Problem(path, 1, "front matter er ikke avsluttet: mangler en linje med «---»")
    return Document(Parsed(None, {}, [problem]), "", len(lines) + 1)


#: A second-level heading line: «## Title».
H2 = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Heading:
    """A ``##`` heading of a body, and its line in the file."""

    title: str
    line: int  # line in the source file


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(offset in the body, line) of every line outside code fences, the fences left out."""
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            yield offset, line


def headings(body: str, body_line: int) -> list[Heading]:
    """The ``##`` headings of a Markdown body, with their file lines, outside code fences."""
    found = []
    for offset, text in prose_lines(body):
        match = H2.match(text)
        if match:
            found.append(Heading(match.group("title"), body_line + offset))
    return found


def _walk(top: yaml.Node, parsed: Parsed, path: str, offset: int) -> None:
    """Record the line of every key and list item and the written text of every scalar,
    and refuse what plain data never has: an alias (a node met twice), a tag other than
    the plain types, a merge key, a duplicate key, a UTF-16 half, and nesting deeper than
    ``MAX_DEPTH``. Iterative, so no input can exhaust the stack."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Loc, int]] = [(top, (), parsed.lines[()])]
    while stack:
        node, loc, line = stack.pop()
        if id(node) in seen:
            parsed.problems.append(Problem(path, line, (
                "YAML-aliaser (*navn) er ikke tillatt her: skriv verdien ut på nytt")))
            continue
        seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            parsed.problems.append(_tag_problem(node, path, offset))
            continue
        if len(loc) >= MAX_DEPTH:
            parsed.problems.append(Problem(path, line, f"ugyldig YAML: nestet dypere enn {MAX_DEPTH} nivåer"))
            continue
        if isinstance(node, yaml.ScalarNode):
            parsed.written[loc] = node.value
            problem = _scalar_problem(node, path, node.start_mark.line + 1 + offset)
            if problem is not None:
                parsed.problems.append(problem)
        elif isinstance(node, yaml.MappingNode):
            keys: set[object] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                key_line = key_node.start_mark.line + 1 + offset
                if key_node.tag == MERGE_TAG:
                    parsed.problems.append(Problem(path, key_line, (
                        "YAML-fletting («<<:») er ikke tillatt: skriv hvert felt på sin egen linje her")))
                    continue
                if key is None:
                    parsed.problems.append(Problem(path, key_line, "en nøkkel skal være tekst, ikke en liste"))
                    continue
                if key_node.tag not in ALLOWED_TAGS:
                    parsed.problems.append(_tag_problem(key_node, path, offset))
                    continue
                problem = _scalar_problem(key_node, path, key_line)
                if problem is not None:
                    parsed.problems.append(problem)
                    continue
                if key in keys:
                    parsed.problems.append(Problem(path, key_line, f"feltet «{key}» står to ganger"))
                keys.add(key)
                parsed.lines[loc + (key,)] = key_line
                stack.append((value_node, loc + (key,), key_line))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                item_line = item.start_mark.line + 1 + offset
                parsed.lines[loc + (index,)] = item_line
                stack.append((item, loc + (index,), item_line))


def _tag_problem(node: yaml.Node, path: str, offset: int) -> Problem:
    return Problem(path, node.start_mark.line + 1 + offset, (
        f"YAML-taggen «{node.tag.replace('tag:yaml.org,2002:', '!!')}» er ikke tillatt: "
        "skriv verdien som vanlig tekst, tall, liste eller «nøkkel: verdi»"))


def _scalar_problem(node: yaml.ScalarNode, path: str, line: int) -> Problem | None:
    """A scalar no page can hold: a UTF-16 half, or ``!!int`` on what is not decimal."""
    half = _SURROGATE.search(node.value)
    if half is not None:
        return Problem(path, line, (
            f"ugyldig tegn (U+{ord(half.group()):04X}, en halv UTF-16-kode) i teksten: skriv tegnet "
            "selv i stedet for koden, eller bruk «\\U» med åtte sifre (\\U0001F600)"))
    if node.tag == INT_TAG and not DECIMAL.fullmatch(node.value.strip()):
        return Problem(path, line, f"«{node.value}» er ikke et heltall: skriv tallet med sifrene 0–9")
    return None


def _yaml_problem(exc: yaml.YAMLError, path: str, offset: int, text: str = "") -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1 + offset
        return Problem(path, line, f"ugyldig tegn (U+{exc.character:04X}) i YAML: slett det eller skriv på nytt")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1 + offset) if mark else offset + 1
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Problem(path, line, f"ugyldig YAML: {reason}", column=mark.column + 1 if mark else 0)
