"""A hostile copy of the shipped content: every string field carries script payloads.

Issue 14, acceptance 1: every string from a front-matter field, the theme file, a cohort
file or a caption is data. ``poison`` rewrites a copy of the project so that each such
string carries the payloads below (and Markdown that must stay text); ``forbidden`` puts
them in the fields whose rule refuses them (ids, slugs, file names, choices), where
``toolkit check`` must answer with ``path:line`` instead of publishing anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from toolkit.content.frontmatter import parse_yaml, split_front_matter

SCRIPT = "<script>alert(1)</script>"
DOUBLE_QUOTE = '" onmouseover="alert(1)'
SINGLE_QUOTE = "' autofocus onfocus='alert(1)"
SVG = "<svg onload=alert(1)>"
IMG = "<img src=x onerror=alert(1)>"
JAVASCRIPT_URL = "javascript:alert(1)"

#: What an attacker writes into a text field, as the reader must see it: HTML first.
HTML_PAYLOADS = (SCRIPT, DOUBLE_QUOTE, SINGLE_QUOTE, SVG, IMG)
#: Markdown that must stay text where a field is placed into a Markdown page: a link to
#: a script, attributes through attr_list, and markup the site's extensions would apply.
MARKDOWN_PAYLOADS = ("[lenke](javascript:alert(1))", '{: onclick="alert(1)" }', "**fet** ==merket== :smile:")
PAYLOAD = " ".join(HTML_PAYLOADS + MARKDOWN_PAYLOADS)
#: A URL field's payload when its rule lets it through (an attribute breakout in a link;
#: without spaces, which the rule refuses in an address).
URL_PAYLOAD = ("https://example.org/sti?a=1&b=2" + (DOUBLE_QUOTE + SINGLE_QUOTE).replace(" ", "")
               + SCRIPT.replace(" ", ""))

# The free-text fields of each collection's front matter; a ``*`` stands for every index
# of a list. Everything else is an id, a slug, a date, a number, a choice or a file name.
TEXT_FIELDS = {
    "teori": ["title", "description", "owner", "sources.*.author", "sources.*.title", "sources.*.where"],
    "ovelser": ["title", "description", "owner", "materials.*"],
    "opptak": ["title", "description", "owner", "event", "speakers.*", "chapters.*.title"],
    "historier": ["title", "description", "owner", "unit", "source.title", "source.publisher"],
    "moteplaner": ["title", "description", "owner", "blocks.*.punkt"],
}
URL_FIELDS = {"teori": ["sources.*.url"], "historier": ["source.url"]}
# Every other string field: ids, slugs, choices and file names, whose rule refuses a
# payload (``forbidden`` fills one field of each kind).
RULED_FIELDS = {"themes.*", "related.*", "cohorts.*", "difficulty", "led_by", "video", "youtube", "captions",
                "slides", "sessions.*.start", "sessions.*.end", "sessions.*.kind", "sessions.*.recording",
                "blocks.*.ovelse", "blocks.*.teori"}
THEME_TEXT_FIELDS = ["label", "description"]
COHORT_TEXT_FIELDS = ["title", "sessions.*.title", "sessions.*.place"]
RULE_FIELDS = {
    "teori": ["themes.0", "related.0", "cohorts.0"],
    "ovelser": ["themes.0", "difficulty", "led_by"],
    "opptak": [],  # see ``forbidden``
    "historier": ["themes.0", "related.0"],
    "moteplaner": ["themes.0", "blocks.0.ovelse"],
}
YOUTUBE_ID = "abcdefghijk"  # a well-formed id: nothing is fetched from YouTube in a test


@dataclass
class Corpus:
    """What was written, so a test knows which pages to visit and which lines to expect."""

    root: Path
    items: list[str] = field(default_factory=list)  # item ids
    themes: list[str] = field(default_factory=list)
    youtube: str | None = None  # the recording turned into a YouTube placeholder
    urls: list[tuple[str, int]] = field(default_factory=list)  # (path, line) of each URL field


#: The HTML payloads alone, for a field with a short length rule (a plan's free item).
SHORT_PAYLOAD = " ".join(HTML_PAYLOADS)
#: Fields whose rule keeps them short: the payload that fits.
SHORT_FIELDS = {"punkt"}


def poisoned(text: str, limit: int | None = None, payload: str = PAYLOAD) -> str:
    """``text`` followed by every payload (cut so a length rule, such as 300 characters
    for a description, still holds)."""
    value = f"{text} {payload}"
    if limit is not None and len(value) > limit:
        value = f"{text[: max(1, limit - len(payload) - 1)]} {payload}"
    return value


def _paths(data: object, pattern: list[str], prefix: tuple = ()) -> list[tuple]:
    """Every key path in ``data`` that matches ``pattern`` (``*`` = each list index)."""
    if not pattern:
        return [prefix]
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        return [p for i, v in enumerate(data if isinstance(data, list) else []) for p in _paths(v, rest, prefix + (i,))]
    key: str | int = int(head) if head.isdigit() else head
    if isinstance(data, dict) and key in data:
        return _paths(data[key], rest, prefix + (key,))
    if isinstance(data, list) and isinstance(key, int) and key < len(data):
        return _paths(data[key], rest, prefix + (key,))
    return []


def _set(data: dict, path: tuple, value: object) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _get(data: dict, path: tuple) -> object:
    for key in path:
        data = data[key]
    return data


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _items(root: Path) -> list[tuple[str, Path]]:
    found = []
    for collection in TEXT_FIELDS:
        folder = root / "content" / collection
        for path in sorted(folder.glob("*.md")) + sorted(folder.glob("*/index.md")):
            if path.name != "index.md" or path.parent != folder:
                found.append((collection, path))
    return found


def _read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    doc = split_front_matter(text, path.name)
    return doc.meta.data, text.split("\n---\n", 1)[1]


def _write(path: Path, meta: dict, body: str) -> None:
    path.write_text("---\n" + _dump(meta) + "---\n" + body, encoding="utf-8")


def _lines(path: Path, paths: list[tuple]) -> list[int]:
    doc = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    return [doc.meta.line_of(p) for p in paths]


def poison(root: Path, url: str = JAVASCRIPT_URL) -> Corpus:
    """Rewrite the content, themes and cohorts under ``root`` (a copy of the project) so
    that every free-text field carries ``PAYLOAD`` and every URL field ``url``. Every
    item gains an owner; one story retells a source with an address; every theory source
    has one; one recording becomes a YouTube placeholder; one caption cue and its
    speaker's name carry the payloads too."""
    corpus = Corpus(root)
    stories_with_source = 0
    for collection, path in _items(root):
        meta, body = _read(path)
        meta.setdefault("owner", "Programteamet")
        if collection == "historier" and stories_with_source == 0:
            meta.pop("example", None)
            meta["source"] = {"title": "Kilden", "publisher": "Utgiveren", "date": "2026-01-05", "url": url}
            stories_with_source += 1
        if collection == "teori":
            for source in meta["sources"]:
                source["url"] = url
        if collection == "opptak" and corpus.youtube is None and "video" in meta:
            meta.pop("video")
            meta["youtube"] = YOUTUBE_ID
            corpus.youtube = f"opptak/{path.parent.name}"
        for pattern in TEXT_FIELDS[collection]:
            for key in _paths(meta, pattern.split(".")):
                limit = 300 if key == ("description",) else None
                short = key[-1] in SHORT_FIELDS
                _set(meta, key, poisoned(str(_get(meta, key)), 200 if short else limit,
                                         SHORT_PAYLOAD if short else PAYLOAD))
        url_keys = [k for p in URL_FIELDS.get(collection, []) for k in _paths(meta, p.split("."))]
        for key in url_keys:
            _set(meta, key, url)
        _write(path, meta, body)
        relative = path.relative_to(root).as_posix()
        corpus.urls += [(relative, line) for line in _lines(path, url_keys)]
        slug = path.parent.name if path.name == "index.md" else path.stem
        corpus.items.append(f"{collection}/{slug}")
    _poison_themes(root, corpus)
    _poison_cohorts(root)
    _poison_captions(root)
    return corpus


def _poison_themes(root: Path, corpus: Corpus) -> None:
    path = root / "content" / "temaer.yml"
    themes = parse_yaml(path.read_text(encoding="utf-8"), path.name).data
    for slug, theme in themes.items():
        for pattern in THEME_TEXT_FIELDS:
            for key in _paths(theme, pattern.split(".")):
                _set(theme, key, poisoned(str(_get(theme, key))))
        corpus.themes.append(slug)
    path.write_text(_dump(themes), encoding="utf-8")


def _poison_cohorts(root: Path) -> None:
    for path in sorted((root / "cohorts").glob("*.yml")):
        cohort = parse_yaml(path.read_text(encoding="utf-8"), path.name).data
        for pattern in COHORT_TEXT_FIELDS:
            for key in _paths(cohort, pattern.split(".")):
                _set(cohort, key, poisoned(str(_get(cohort, key))))
        path.write_text(_dump(cohort), encoding="utf-8")


def _vtt_text(text: str) -> str:
    """Text as WebVTT cue text, where ``&``, ``<`` and ``>`` are written as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _poison_captions(root: Path) -> None:
    """The first cue of every captions file: its text and its speaker's name."""
    for path in sorted((root / "content" / "opptak").glob("*/captions.vtt")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"<v ([^>]*)>(.*)",
            lambda m: f"<v {m[1]} {_vtt_text(PAYLOAD)}>{m[2]} {_vtt_text(PAYLOAD)}",
            text, count=1,
        )
        path.write_text(text, encoding="utf-8")


def forbidden(root: Path) -> list[tuple[str, int]]:
    """Put the payload into every kind of field whose rule refuses it, in the content
    under ``root``: a theme, a related id and a cohort id of items, an exercise's choices,
    a recording's YouTube id and its video, captions and slides files, a theme's slug, a
    session's recording, and an item's file name. Returns each ``(path, line)`` that
    ``toolkit check`` must name (it may name more: the ids that no longer resolve)."""
    # A file name is a slug: one with the payload in it is refused, at line 1.
    source = root / "content" / "ovelser" / "pre-mortem.md"
    renamed = source.with_name(f"{SVG}.md")
    source.rename(renamed)
    expected = [(renamed.relative_to(root).as_posix(), 1)]
    recordings = 0
    for collection, path in _items(root):
        meta, body = _read(path)
        patterns = RULE_FIELDS[collection]
        if collection == "opptak":
            # The file checks run on items whose front matter is valid: one recording gets a
            # bad YouTube id (and theme), the others each a missing file.
            patterns = [["themes.0", "youtube"], ["video"], ["captions"], ["slides"]][min(recordings, 3)]
            recordings += 1
        if "cohorts.0" in patterns:
            meta.setdefault("cohorts", ["2026-host"])
        if "youtube" in patterns:
            meta["youtube"] = PAYLOAD
        keys = [key for pattern in patterns for key in _paths(meta, pattern.split("."))]
        for key in keys:
            _set(meta, key, PAYLOAD)
        _write(path, meta, body)
        relative = path.relative_to(root).as_posix()
        expected += [(relative, line) for line in _lines(path, keys)]

    themes_path = root / "content" / "temaer.yml"
    themes = parse_yaml(themes_path.read_text(encoding="utf-8"), themes_path.name).data
    themes[PAYLOAD] = {"label": "Tema", "description": "Et tema med et ugyldig navn."}
    themes_path.write_text(_dump(themes), encoding="utf-8")
    parsed = parse_yaml(themes_path.read_text(encoding="utf-8"), themes_path.name)
    expected.append(("content/temaer.yml", parsed.line_of((PAYLOAD,))))

    for path in sorted((root / "cohorts").glob("*.yml")):
        cohort = parse_yaml(path.read_text(encoding="utf-8"), path.name).data
        sessions = [i for i, s in enumerate(cohort.get("sessions", [])) if s.get("recording")]
        for index in sessions:
            cohort["sessions"][index]["recording"] = PAYLOAD
        path.write_text(_dump(cohort), encoding="utf-8")
        parsed = parse_yaml(path.read_text(encoding="utf-8"), path.name)
        expected += [(f"cohorts/{path.name}", parsed.line_of(("sessions", i, "recording"))) for i in sessions]
    return expected
