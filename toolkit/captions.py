"""A recording's WebVTT captions: read them, find the line of a bad cue, make a transcript.

webvtt-py is the parser; this module adds what an editor and a reader need on top of
it. webvtt-py reports *that* a file is malformed but not *where*, so we follow the same
block rules (a block ends at an empty line) to give each cue its line in the file, and
re-read a broken file block by block to name the line of the cue that does not parse.
The transcript merges short cues into paragraphs a person can read, with the speaker
from the cue's ``<v>`` voice tag, and the duration of a recording defaults to the end
of its last cue.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .problems import Problem, warning

# A cue timings line, loosely (as webvtt-py accepts it when not strict).
_TIMINGS = re.compile(r"\s*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}\s*-->")
# A voice span's start tag: <v Name>, <v.class Name> (the name may be left out).
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*(?:[ \t]+([^>]*))?>")
# One speaker's plain text, «<v Anna>Hei</v>»: no other tag, entity or invisible mark.
_SIMPLE_CUE = re.compile(r"<v[ \t]+([^<>&]*)>([^<>&\u200e\u200f\u200b\ufeff]*)(?:</v>)?")
# Invisible direction marks that WebVTT writers use (&lrm; &rlm;): no use in a transcript.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u200b\ufeff"))

# How cues are merged into transcript paragraphs.
PAUSE = 2.0  # seconds of silence between two cues that start a new paragraph
PARAGRAPH_WORDS = 80  # past this, the next sentence end closes the paragraph
SENTENCE_END = re.compile(r"[.!?…][»\"”')]*$")


# Cues and their parts are named tuples: an hour of captions is a thousand and more of
# them, and tuples are the cheapest to make and to keep in the cache (issue 9).
class Spoken(NamedTuple):
    """What one speaker says in a cue; ``speaker`` is None without a voice tag."""

    speaker: str | None
    text: str


class Cue(NamedTuple):
    """One caption: its times in seconds, its clean text, and its line in the file."""

    start: float
    end: float
    parts: tuple[Spoken, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(part.text for part in self.parts if part.text)


@dataclass(frozen=True)
class Captions:
    path: str
    cues: tuple[Cue, ...]

    @functools.cached_property
    def duration(self) -> float:
        """The end of the last cue: how long the recording is, at least."""
        return max((cue.end for cue in self.cues), default=0.0)


@dataclass(frozen=True)
class Paragraph:
    """A readable stretch of the transcript, starting at ``start`` seconds."""

    start: float
    speaker: str | None
    text: str


# --- reading ---------------------------------------------------------------------------


# Parsing an hour of captions with webvtt-py takes tens of milliseconds, more than MkDocs
# spends on the page itself, so a file is parsed once (issue 9). In memory: checking,
# rendering and the chapters track of one build share the result, and ``mkdocs serve``
# re-parses only files that changed: path → (mtime, size, shown path, result). On disk,
# when ``use_disk_cache`` names a folder: the next build, check, preview or release reads
# the result back, keyed by the file's text, its shown path and this parser's version.
# Captions are immutable, so sharing them is safe.
_READ: dict[Path, tuple[int, int, str, Captions | None, tuple[Problem, ...]]] = {}
_DISK: Path | None = None


def use_disk_cache(folder: Path | None) -> None:
    """Keep parsed captions in ``folder`` too (None: in memory only)."""
    global _DISK
    _DISK = folder


@functools.cache
def _parser_version() -> str:
    """Changes whenever this module, the Problem it returns or webvtt-py changes, so no
    stale parse is reused."""
    here = Path(__file__).parent
    own = hashlib.sha256((here / "captions.py").read_bytes() + (here / "problems.py").read_bytes()).hexdigest()[:16]
    return f"{own}-{getattr(webvtt, '__version__', '')}"


def _parse_cached(text: str, path: str) -> tuple[Captions | None, list[Problem]]:
    if _DISK is None:
        return parse_captions(text, path)
    key = hashlib.sha256(f"{_parser_version()}\0{path}\0{text}".encode()).hexdigest()
    file = _DISK / f"{key}.pickle"
    try:
        return pickle.loads(file.read_bytes())
    except Exception:  # noqa: BLE001 - missing or unreadable: parse it
        pass
    result = parse_captions(text, path)
    try:
        _DISK.mkdir(parents=True, exist_ok=True)
        partial = file.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, file)  # atomic: a parallel build never reads half a file
    except OSError:
        pass  # a read-only checkout builds without the cache
    return result


def read_captions(source: Path, path: str) -> tuple[Captions | None, list[Problem]]:
    """Read the captions file ``source`` (shown to editors as ``path``)."""
    try:
        stat = source.stat()
        cached = _READ.get(source)
        if cached and cached[:3] == (stat.st_mtime_ns, stat.st_size, path):
            return cached[3], list(cached[4])
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(path, 1, f"tekstingen er ikke UTF-8: {exc.reason}")]
    except OSError as exc:
        return None, [Problem(path, 0, f"kan ikke lese tekstingen: {exc.strerror}")]
    captions, problems = _parse_cached(text, path)
    _READ[source] = (stat.st_mtime_ns, stat.st_size, path, captions, tuple(problems))
    return captions, list(problems)


def parse_captions(text: str, path: str) -> tuple[Captions | None, list[Problem]]:
    """Parse WebVTT text strictly; every problem carries the line of its cue."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        return None, [Problem(path, 1, "tekstingen må begynne med «WEBVTT» på første linje")]
    try:
        vtt = webvtt.from_string(text.lstrip("\ufeff"), strict=True)
    except (MalformedCaptionError, MalformedFileError) as exc:
        return None, _locate(lines, path, exc)
    blocks = _blocks(lines)
    starts = _cue_lines(blocks)
    if len(starts) != len(vtt.captions):  # a block webvtt-py skipped: find which
        return None, _locate(lines, path, None)
    cues = tuple(
        Cue(caption.start_time.in_milliseconds() / 1000,
            caption.end_time.in_milliseconds() / 1000,
            tuple(spoken_parts(caption.raw_text)), line)
        for caption, line in zip(vtt.captions, starts, strict=True)
    )
    problems = _check_blocks(blocks, path) + _check_cues(cues, path)
    if any(p.is_error for p in problems):
        return None, problems
    return Captions(path, cues), problems


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """The file's blocks with the 1-based line each starts on, split as webvtt-py does:
    at an empty line, or at a timings line that cannot belong to the block before it."""
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    first = 1
    in_header = True
    for number, line in enumerate(lines, start=1):
        starts_new = bool(block) and "-->" in line and (
            in_header or len(block) > 1 or "-->" in block[0]
        )
        if not line or starts_new:
            if block:
                blocks.append((first, block))
                block, in_header = [], False
        if line:
            if not block:
                first = number
            block.append(line)
    if block:
        blocks.append((first, block))
    return blocks


def _timings_index(block: list[str]) -> int | None:
    """Which line of a block holds the cue timings (0, or 1 after an identifier)."""
    for index in (0, 1):
        if index < len(block) and _TIMINGS.match(block[index]):
            return index
    return None


def _cue_lines(blocks: list[tuple[int, list[str]]]) -> list[int]:
    """The line of every cue's timings, in file order (the header block is no cue)."""
    found = []
    for first, block in blocks[1:]:
        index = _timings_index(block)
        if index is not None:
            found.append(first + index)
    return found


def _locate(lines: list[str], path: str, exc: Exception | None) -> list[Problem]:
    """Re-read a file webvtt-py rejected one block at a time to find the bad cues."""
    problems = []
    blocks = _blocks(lines)
    previous_end = 0
    for number, (first, block) in enumerate(blocks):
        if number == 0:
            previous_end = first + len(block) - 1
            continue
        if "-->" not in "".join(block):
            previous_end = first + len(block) - 1
            continue
        index = _timings_index(block)
        line = first + (index or 0)
        if first == previous_end + 1:  # no empty line between this block and the one before
            problems.append(Problem(path, first, "mangler en tom linje før denne teksten"))
        elif index is None:
            problems.append(Problem(path, line, f"ugyldig tidskode: «{block[0].strip()}»; "
                                                "skriv for eksempel «00:01:05.000 --> 00:01:09.500»"))
        else:
            try:
                webvtt.from_string("WEBVTT\n\n" + "\n".join(block), strict=True)
            except (MalformedCaptionError, MalformedFileError):
                problems.append(Problem(path, line, _timings_message(block[index])))
        previous_end = first + len(block) - 1
    if not problems:
        detail = f": {exc}" if exc else ""
        problems.append(Problem(path, 1, f"tekstingen kan ikke leses som WebVTT{detail}"))
    return problems


def _timings_message(line: str) -> str:
    return (f"ugyldig tidskode eller innstilling: «{line.strip()}»; skriv for eksempel "
            "«00:01:05.000 --> 00:01:09.500» (minutter og sekunder under 60)")


def _check_blocks(blocks: list[tuple[int, list[str]]], path: str) -> list[Problem]:
    """A block that is neither a cue nor a comment is skipped by every player: most often a
    cue whose arrow was mistyped, so its text would silently go missing."""
    problems = []
    for first, block in blocks[1:]:
        if "-->" not in "".join(block) and not block[0].startswith(("NOTE", "STYLE", "REGION")):
            problems.append(Problem(path, first, (
                f"«{block[0].strip()}» er verken en tekst eller en kommentar: en tekst begynner "
                "med tidskoder som «00:01:05.000 --> 00:01:09.500», en kommentar med «NOTE»")))
    return problems


def _check_cues(cues: tuple[Cue, ...], path: str) -> list[Problem]:
    """What webvtt-py accepts but a reader would notice: no cues, times that go backwards."""
    if not cues:
        return [Problem(path, 1, "tekstingen har ingen tekster")]
    problems = []
    previous: Cue | None = None
    for cue in cues:
        if cue.end <= cue.start:
            problems.append(Problem(path, cue.line, "teksten slutter før den begynner"))
        if previous is not None and cue.start < previous.start:
            problems.append(Problem(
                path, cue.line,
                f"tekstene må stå i tidsrekkefølge: denne begynner før teksten på linje {previous.line}"))
        if not cue.text:
            problems.append(warning(path, cue.line, "teksten er tom"))
        previous = cue
    return problems


# --- text ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # speaker names and closing tags repeat on every cue
def clean(raw: str) -> str:
    """Cue text as plain words: tags removed, entities decoded, whitespace collapsed."""
    # webvtt-py strips the cue tags; a Caption is costly to make, so only for tags other
    # than the end of a voice span, which closes nearly every cue.
    text = raw.replace("</v>", "")
    if "<" in text:
        text = webvtt.Caption(text=text).text
    text = html.unescape(text).translate(_INVISIBLE)
    return " ".join(text.split())


def spoken_parts(raw: str) -> list[Spoken]:
    """Split a cue's raw text at its voice tags: ``<v Anna>Hei</v> <v Bo>Hallo`` gives two
    parts. Text before the first voice tag has no speaker."""
    simple = _SIMPLE_CUE.fullmatch(raw)
    if simple:  # the shape of nearly every cue, and nothing in it for clean() to do
        speaker, text = " ".join(simple[1].split()) or None, " ".join(simple[2].split())
        return [Spoken(speaker, text)] if text else []
    parts: list[Spoken] = []
    speaker: str | None = None
    position = 0
    for match in _VOICE.finditer(raw):
        text = clean(raw[position:match.start()])
        if text:
            parts.append(Spoken(speaker, text))
        speaker = clean(match.group(1) or "") or None
        position = match.end()
    text = clean(raw[position:])
    if text:
        parts.append(Spoken(speaker, text))
    return parts


def transcript(cues: Iterable[Cue], breaks: Iterable[float] = ()) -> list[Paragraph]:
    """Merge cues into paragraphs. A new paragraph starts when the speaker changes, after a
    pause, at each time in ``breaks`` (chapter starts), and at the first sentence end once
    a paragraph is long enough to read comfortably."""
    pending_breaks = sorted(breaks)
    paragraphs: list[Paragraph] = []
    start = 0.0
    speaker: str | None = None
    words: list[str] = []
    last_end: float | None = None

    def close() -> None:
        if words:
            paragraphs.append(Paragraph(start, speaker, " ".join(words)))

    for cue in cues:
        crossed = False
        while pending_breaks and pending_breaks[0] <= cue.start:
            pending_breaks.pop(0)
            crossed = True
        for index, part in enumerate(cue.parts):
            text = " ".join(part.text.split())
            new_speaker = part.speaker if part.speaker is not None else speaker
            long_enough = len(words) >= PARAGRAPH_WORDS and SENTENCE_END.search(words[-1])
            paused = last_end is not None and cue.start - last_end >= PAUSE
            if (not words or new_speaker != speaker or long_enough
                    or (index == 0 and (crossed or paused))):
                close()
                start, speaker, words = cue.start, new_speaker, []
            words.extend(text.split())
        last_end = cue.end
    close()
    return paragraphs


# --- times -----------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """``90`` → ``1:30``; ``3723`` → ``1:02:03`` (whole seconds, rounded down)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_duration(seconds: float) -> str:
    """A duration as Norwegians write it: ``2 min 20 s``, ``1 t 5 min``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} t {minutes} min" if minutes else f"{hours} t"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def _timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def chapters_vtt(chapters: Iterable[tuple[float, str]], end: float) -> str:
    """A WebVTT chapters track: each chapter lasts until the next one, the last until ``end``."""
    chapters = sorted(chapters)
    captions = []
    for index, (start, title) in enumerate(chapters):
        stop = chapters[index + 1][0] if index + 1 < len(chapters) else end
        if stop > start:
            text = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            captions.append(webvtt.Caption(_timestamp(start), _timestamp(stop), text,
                                           identifier=f"kapittel-{index + 1}"))
    return webvtt.WebVTT(captions=captions).content
