"""An exercise's handout as text: the steps the group does, the reflection questions, and
the leader's tips, as «Kjør møtet» (``pages/run_meeting.py``) shows them on the meeting
room's screen (the tips only behind the leader's toggle).

Worked out in the collection's ``prepare`` step when the content is loaded, not while the
run view is rendered: converting every exercise's sections from Markdown took about half a
second of each preview rebuild at 500 items. The exercises' part of the build's cache
(``HandoutStore``) keeps each handout by the body's text, so the preview's next rebuild
converts only the exercises a save changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from html.parser import HTMLParser
from pathlib import Path

import markdown

from ...content.cache import Cache
from ...content.collection import Prepared
from ...content.frontmatter import headings
from ...content.items import Item
from .body import HEADINGS, STEPS_HEADING
from .model import ExerciseMeta

QUESTIONS_HEADING = HEADINGS[3]
TIPS_HEADING = HEADINGS[4]

#: Per section («steps», «questions», «tips»), its entries: ``{"text": …}`` or
#: ``{"lead": …, "text": …}``.
Handout = dict[str, list[dict[str, str]]]


class _Entries(HTMLParser):
    """The top-level entries of a rendered section: each item of its lists, each paragraph,
    as text; an item's leading bold words (a step's name) apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[dict[str, str]] = []
        self._open: list[str] = []  # the elements we are inside
        self._current: dict[str, str] | None = None
        self._in_lead = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        starts_entry = (tag == "li" and self._open in (["ol"], ["ul"])) or (tag == "p" and not self._open)
        if starts_entry:
            self._current = {"lead": "", "text": ""}
        elif (tag == "strong" and self._current is not None and not self._current["text"].strip()
              and not self._current["lead"] and len(self._open) <= 2):
            self._in_lead = True
        elif tag in ("li", "p", "br") and self._current is not None and self._current["text"]:
            self._current["text"] += " "
        if tag not in ("br", "img", "hr"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "hr") or not self._open:
            return
        while self._open and self._open.pop() != tag:
            pass
        if tag == "strong" and self._in_lead:
            self._in_lead = False
        if self._current is not None and (self._open in (["ol"], ["ul"]) or not self._open) and tag in ("li", "p"):
            entry = {key: " ".join(value.split()) for key, value in self._current.items()}
            if entry["lead"] or entry["text"]:
                self.entries.append(entry if entry["lead"] else {"text": entry["text"]})
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is None:
            return
        self._current["lead" if self._in_lead else "text"] += data


def _entries(markdown_text: str, converter: markdown.Markdown) -> list[dict[str, str]]:
    """A section's Markdown as text entries: ``{"text": …}``, or ``{"lead": …, "text": …}``
    for an item that starts in bold («**Innledning** (5 min): …»)."""
    parser = _Entries()
    parser.feed(converter.reset().convert(markdown_text))
    parser.close()
    return parser.entries


def sections(body: str, converter: markdown.Markdown | None = None) -> Handout:
    """An exercise's steps, reflection questions and tips, each as text entries (empty when
    the exercise has not that heading). ``converter``: one Markdown instance for many bodies."""
    converter = converter or markdown.Markdown()
    lines = body.splitlines()
    found = headings(body, 0)
    texts: dict[str, str] = {}
    for position, heading in enumerate(found):
        end = found[position + 1].line if position + 1 < len(found) else len(lines)
        texts.setdefault(heading.title, "\n".join(lines[heading.line + 1:end]))
    return {
        "steps": _entries(texts.get(STEPS_HEADING, ""), converter),
        "questions": _entries(texts.get(QUESTIONS_HEADING, ""), converter),
        "tips": _entries(texts.get(TIPS_HEADING, ""), converter),
    }


@dataclass(frozen=True)
class Exercise(Item[ExerciseMeta]):
    """An exercise after the collection's ``prepare`` step: with its handout as text."""

    handout: Handout = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, item: Item[ExerciseMeta], handout: Handout) -> Exercise:
        """``item`` completed with what ``prepare`` worked out."""
        return cls(**{f.name: getattr(item, f.name) for f in fields(Item)}, handout=handout)


class HandoutStore:
    """The exercises' part of the build's cache: each handout by the exercise body's text."""

    def __init__(self, folder: Path | None) -> None:
        self.by_body: dict[str, Handout] = {}

    @classmethod
    def of(cls, cache: Cache) -> HandoutStore:
        return cache.part(cls, cls)


def prepare(items: list[Item[ExerciseMeta]], cache: Cache) -> Prepared[ExerciseMeta]:
    """Each exercise with its handout; converted only when its body is not in the cache."""
    store = HandoutStore.of(cache)
    converter = markdown.Markdown()
    kept: dict[str, Handout] = {}
    complete: list[Item[ExerciseMeta]] = []
    for item in items:
        made = store.by_body.get(item.body)
        if made is None:
            made = sections(item.body, converter)
        kept[item.body] = made
        complete.append(Exercise.of(item, made))
    store.by_body = kept  # what the content holds now: the cache does not grow with each save
    return Prepared(complete)


def of(item: Item[ExerciseMeta]) -> Handout:
    """The handout of an exercise: as ``prepare`` made it, else (an item that did not pass
    through it, as a test may make one) converted here."""
    return item.handout if isinstance(item, Exercise) else sections(item.body)
