"""A recording's bundle: its captions, video and slides, and the checks on them.

A recording (``content/opptak/<slug>/index.md``) names files that live beside it, as a
Hugo page bundle does. Front matter alone cannot say whether those files exist, parse,
or agree with the chapters, so these checks look at the bundle. Captions are a legal
duty (WCAG 2.1, 1.2.2): a recording without readable captions is always an error. A
draft may still wait for its video or slides; that is a warning, so that a recording
made with ``toolkit new opptak`` passes ``toolkit check`` while it is being written.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ...content.items import Item
from ...problems import Problem, warning
from .captions import Captions, clock
from .model import RecordingMeta

#: The video types a recording's bundle may hold, with their MIME types.
VIDEO_SUFFIXES = MappingProxyType({".mp4": "video/mp4", ".webm": "video/webm"})
CHAPTERS_FILE = "kapitler.vtt"  # generated beside the page from the front matter's chapters

Recording = Item[RecordingMeta]


def is_url(value: str) -> bool:
    """A video on the intranet's media server rather than a file in the bundle."""
    return value.startswith(("https://", "http://", "/"))


def plain_name(name: str) -> bool:
    """A file name directly in the bundle: no folder, no hidden file, no way out."""
    return "/" not in name and "\\" not in name and not name.startswith(".")


def bundle_path(item: Recording, name: str) -> str:
    """A bundle file as editors see it: ``content/opptak/<slug>/<name>``."""
    return posixpath.join(posixpath.dirname(item.path), name)


def captions_file(item: Recording) -> tuple[Path, str] | None:
    """The captions file of a recording, and the path editors see, if it names one that
    can be in its folder (a path elsewhere is refused by ``_check_file``, unread)."""
    name = item.meta.captions
    if item.bundle_dir is None or not name or not plain_name(name):
        return None
    return item.bundle_dir / name, bundle_path(item, name)


def check_recording(item: Recording, content: object = None) -> list[Problem]:
    """What a recording's bundle must hold: readable captions (always: a legal duty), the
    video and slides it names, chapters inside the recording."""
    meta = item.meta
    if item.bundle_dir is None:
        return []  # reported by loading: a recording is a folder
    problems = _check_captions_field(item)
    if meta.video is not None and not is_url(meta.video):
        problems += _check_file(item, "video", meta.video, VIDEO_SUFFIXES, "videoen")
    if meta.slides is not None:
        problems += _check_file(item, "slides", meta.slides, {".pdf": ""}, "lysarkene")
    problems += _check_chapters(item)
    if meta.chapters and (item.bundle_dir / CHAPTERS_FILE).exists():
        problems.append(Problem(bundle_path(item, CHAPTERS_FILE), 0, (
            f"filnavnet {CHAPTERS_FILE} er reservert: kapitlene i front matter blir til denne "
            "filen; gi filen et annet navn")))
    return problems


def _check_captions_field(item: Recording) -> list[Problem]:
    meta = item.meta
    assert item.bundle_dir is not None
    if meta.captions is None:
        found = sorted(p.name for p in item.bundle_dir.glob("*.vtt") if p.name != CHAPTERS_FILE)
        hint = f": skriv «captions: {found[0]}»" if found else (
            ": legg en WebVTT-fil (for eksempel captions.vtt) i mappen og skriv "
            "«captions: captions.vtt»")
        return [Problem(item.path, item.line_of(), (
            f"mangler feltet «captions»; et opptak kan ikke publiseres uten teksting{hint}"))]
    return _check_file(item, "captions", meta.captions, {".vtt": ""}, "tekstingen", always=True)


def _check_file(item: Recording, key: str, name: str, suffixes: Mapping[str, str], what: str,
                always: bool = False) -> list[Problem]:
    """``name`` must be a file directly in the bundle. A missing file is an error, or only a
    warning in a draft, unless ``always``."""
    assert item.bundle_dir is not None
    line = item.line_of(key)
    if not plain_name(name):
        return [Problem(item.path, line, f"«{key}» skal være et filnavn i samme mappe som "
                                         f"index.md, ikke «{name}»")]
    if Path(name).suffix.lower() not in suffixes:
        allowed = " eller ".join(suffixes)
        return [Problem(item.path, line, f"«{key}» skal være en {allowed}-fil, ikke «{name}»")]
    if not (item.bundle_dir / name).is_file():
        message = f"fant ikke {what} «{name}» i {posixpath.dirname(item.path)}/"
        if always:
            return [Problem(item.path, line, message + ": et opptak kan ikke publiseres uten teksting")]
        if item.meta.draft:
            return [warning(item.path, line, message + " (utkast: må være på plass før publisering)")]
        return [Problem(item.path, line, message)]
    return []


def _check_chapters(item: Recording) -> list[Problem]:
    """Chapters in time order (against the captions: ``against_captions``)."""
    problems = []
    previous = None
    for index, chapter in enumerate(item.meta.chapters):
        if previous is not None and chapter.time <= previous:
            problems.append(Problem(item.path, item.line_of("chapters", index, "time"), (
                f"kapitlene må stå i tidsrekkefølge: {clock(chapter.time)} kommer etter "
                f"{clock(previous)}")))
        previous = chapter.time
    return problems


def against_captions(item: Recording, captions: Captions) -> list[Problem]:
    """Chapters inside the captions, and captions inside the recording's ``duration``:
    checked when the captions are parsed (``prepare``), which may be after loading."""
    meta = item.meta
    problems = []
    end = captions.duration
    for index, chapter in enumerate(meta.chapters):
        if chapter.time >= end:
            problems.append(Problem(item.path, item.line_of("chapters", index, "time"), (
                f"kapittelet «{chapter.title}» begynner ved {clock(chapter.time)}, etter slutten "
                f"av tekstingen ({clock(end)})")))
    if meta.seconds is not None and meta.seconds < end:
        # A caption after the video's end is never shown: one of the two is wrong.
        late = next(cue for cue in captions.cues if cue.end > meta.seconds)
        problems.append(Problem(captions.path, late.line, (
            f"teksten slutter ved {clock(late.end)}, etter slutten av videoen: «duration» er "
            f"{clock(meta.seconds)} ({item.path} linje {item.line_of('duration')})")))
    return problems
