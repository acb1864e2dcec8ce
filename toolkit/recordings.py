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
import re
from pathlib import Path

from .captions import Captions, clock, read_captions, read_many
from .content import Item
from .models import RecordingMeta
from .problems import Problem, warning

VIDEO_SUFFIXES = {".mp4": "video/mp4", ".webm": "video/webm"}
CHAPTERS_FILE = "kapitler.vtt"  # generated beside the page from the front matter's chapters


def is_url(value: str) -> bool:
    """A video on the intranet's media server rather than a file in the bundle."""
    return value.startswith(("https://", "http://", "/"))


def bundle_path(item: Item, name: str) -> str:
    """A bundle file as editors see it: ``content/opptak/<slug>/<name>``."""
    return posixpath.join(posixpath.dirname(item.path), name)


def captions_file(item: Item) -> tuple[Path, str] | None:
    """The captions file of a recording, and the path editors see, if it names one."""
    meta = item.meta
    assert isinstance(meta, RecordingMeta)
    if item.bundle_dir is None or not meta.captions:
        return None
    return item.bundle_dir / meta.captions, bundle_path(item, meta.captions)


def load_captions(item: Item) -> tuple[Captions | None, list[Problem]]:
    file = captions_file(item)
    return read_captions(*file) if file else (None, [])


def duration(item: Item, captions: Captions | None) -> float | None:
    """The front matter's ``duration``, else the end of the last caption."""
    meta = item.meta
    assert isinstance(meta, RecordingMeta)
    if meta.duration is not None:
        return float(meta.duration)
    return captions.duration if captions else None


# A file the body links to: ![alt](bilde.png), [lysark](notater.pdf) or src="bilde.png".
_BODY_FILE = re.compile(r"\]\(\s*<?(?:\./)?([^)\s>/#?]+)>?|(?:src|href)\s*=\s*[\"'](?:\./)?([^\"'/#?]+)[\"']")


def bundle_files(item: Item) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """The files of a page bundle that its page uses, by name, to be published beside it:
    the captions, the video and the slides it names, and the files its body links to. Any
    other file in the folder stays unpublished, with a warning that names it, so that a
    forgotten draft or a stray export never reaches the intranet unseen. Files whose names
    start with «_» (a recording's manuscript, ``_manus.yml``) are the editors' working
    files: kept beside the page, never published, not warned about."""
    if item.bundle_dir is None:
        return [], []
    meta = item.meta
    named = {getattr(meta, key, None) for key in ("captions", "video", "slides")}
    for match in _BODY_FILE.finditer(item.body):
        named.add(match.group(1) or match.group(2))
    published: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for path in sorted(item.bundle_dir.iterdir()):
        if path.name == "index.md" or path.name.startswith((".", "_")) or not path.is_file():
            continue
        if path.name in named and path.name != CHAPTERS_FILE:
            published.append((path.name, path))
        else:
            problems.append(warning(bundle_path(item, path.name), 0, (
                "filen blir ikke publisert: verken front matter eller teksten i index.md viser til den")))
    return published, problems


def check_recordings(items: list[Item]) -> list[Problem]:
    """Every problem in every recording's bundle."""
    read_many([file for item in items if item.collection == "opptak" and (file := captions_file(item))])
    problems: list[Problem] = []
    for item in items:
        if item.collection == "opptak":
            problems += check_recording(item)
    return problems


def check_recording(item: Item) -> list[Problem]:
    meta = item.meta
    assert isinstance(meta, RecordingMeta)
    if item.bundle_dir is None:
        return [Problem(item.path, 1, (
            f"et opptak skal være en mappe: content/opptak/{item.slug}/index.md, med tekstingen "
            "(og eventuelt video og lysark) i samme mappe"))]
    problems = _check_captions_field(item)
    captions, caption_problems = load_captions(item)
    problems += caption_problems
    if meta.video is not None and not is_url(meta.video):
        problems += _check_file(item, "video", meta.video, VIDEO_SUFFIXES, "videoen")
    if meta.slides is not None:
        problems += _check_file(item, "slides", meta.slides, {".pdf": ""}, "lysarkene")
    problems += _check_chapters(item, captions)
    problems += bundle_files(item)[1]
    if meta.chapters and (item.bundle_dir / CHAPTERS_FILE).exists():
        problems.append(Problem(bundle_path(item, CHAPTERS_FILE), 0, (
            f"filnavnet {CHAPTERS_FILE} er reservert: kapitlene i front matter blir til denne "
            "filen; gi filen et annet navn")))
    return problems


def _check_captions_field(item: Item) -> list[Problem]:
    meta = item.meta
    assert isinstance(meta, RecordingMeta) and item.bundle_dir is not None
    if meta.captions is None:
        found = sorted(p.name for p in item.bundle_dir.glob("*.vtt") if p.name != CHAPTERS_FILE)
        hint = f": skriv «captions: {found[0]}»" if found else (
            ": legg en WebVTT-fil (for eksempel captions.vtt) i mappen og skriv "
            "«captions: captions.vtt»")
        return [Problem(item.path, item.line_of(), (
            f"mangler feltet «captions»; et opptak kan ikke publiseres uten teksting{hint}"))]
    return _check_file(item, "captions", meta.captions, {".vtt": ""}, "tekstingen", always=True)


def _check_file(item: Item, key: str, name: str, suffixes: dict[str, str], what: str,
                always: bool = False) -> list[Problem]:
    """``name`` must be a file directly in the bundle. A missing file is an error, or only a
    warning in a draft, unless ``always``."""
    assert item.bundle_dir is not None
    line = item.line_of(key)
    if "/" in name or "\\" in name or name.startswith("."):
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


def _check_chapters(item: Item, captions: Captions | None) -> list[Problem]:
    meta = item.meta
    assert isinstance(meta, RecordingMeta)
    problems = []
    end = captions.duration if captions else None
    previous = None
    for index, chapter in enumerate(meta.chapters):
        line = item.line_of("chapters", index, "time")
        if previous is not None and chapter.time <= previous:
            problems.append(Problem(item.path, line, (
                f"kapitlene må stå i tidsrekkefølge: {clock(chapter.time)} kommer etter "
                f"{clock(previous)}")))
        if end is not None and chapter.time >= end:
            problems.append(Problem(item.path, line, (
                f"kapittelet «{chapter.title}» begynner ved {clock(chapter.time)}, etter slutten "
                f"av tekstingen ({clock(end)})")))
        previous = chapter.time
    if captions is not None and meta.duration is not None and meta.duration < captions.duration:
        # A caption after the video's end is never shown: one of the two is wrong.
        late = next(cue for cue in captions.cues if cue.end > meta.duration)
        problems.append(Problem(captions.path, late.line, (
            f"teksten slutter ved {clock(late.end)}, etter slutten av videoen: «duration» er "
            f"{clock(meta.duration)} ({item.path} linje {item.line_of('duration')})")))
    return problems
