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
import multiprocessing
import os
import pickle
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from ... import escape
from ... import problems as problem_module
from ...content.cache import Cache
from ...content.sources import decode
from ...problems import Problem, warning
from ...processes import dies_with_parent

# A cue timings line, loosely (as webvtt-py accepts it when not strict).
_TIMINGS = re.compile(r"\s*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}\s*-->")
# A voice span's start tag: <v Name>, <v.class Name> (the name may be left out).
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*(?:[ \t]+([^>]*))?>")
# One speaker's plain text, «<v Anna>Hei</v>»: no other tag, entity or invisible mark.
_SIMPLE_CUE = re.compile(r"<v[ \t]+([^<>&]*)>([^<>&\u200e\u200f\u200b\ufeff]*)(?:</v>)?")
# Invisible direction marks that WebVTT writers use (&lrm; &rlm;): no use in a transcript.
_INVISIBLE = MappingProxyType(dict.fromkeys(map(ord, "\u200e\u200f\u200b\ufeff")))

DAY = 24 * 3600  # seconds; a caption time of a day or more is a typing mistake

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
# spends on the page itself, so a file is parsed once (issue 9). In the recordings' part of
# the build's cache (``CaptionStore.parsed``): ``mkdocs serve`` re-parses only files that
# changed, by path → (mtime, size, shown path, result). On disk (``CaptionStore.folder``):
# the next build, check, preview or release reads the result back, keyed by the file's
# text, its shown path and this parser's version. Captions are immutable, so sharing them
# is safe.

#: Under the toolkit's cache folder (``Cache.folder``): the parsed captions.
CAPTIONS_FOLDER = "captions"


@dataclass
class CaptionStore:
    """The recordings' part of the build's ``Cache``: parsed captions, and the transcripts
    written from them, kept for the next build in the same process (the preview)."""

    #: Where parsed captions are kept between runs (None: in memory only).
    folder: Path | None = None
    #: source file → (mtime_ns, size, shown path, captions or None, problems)
    parsed: dict[Path, tuple[int, int, str, Captions | None, tuple[Problem, ...]]] = field(default_factory=dict)
    #: id(captions) → (captions, chapters, transcript Markdown); the captions object is kept
    #: so that its id cannot be reused while the entry lives.
    transcripts: dict[int, tuple[Captions, tuple[tuple[float, str], ...], str]] = field(default_factory=dict)

    @classmethod
    def of(cls, cache: Cache) -> CaptionStore:
        """The recordings' part of ``cache``, made on first use, on disk in its folder."""
        return cache.part(cls, lambda folder: cls(folder / CAPTIONS_FOLDER if folder else None))


@functools.cache
def _parser_version() -> str:
    """Changes whenever this module, the Problem it returns or webvtt-py changes, so no
    stale parse is reused."""
    sources = Path(__file__).read_bytes() + Path(str(problem_module.__file__)).read_bytes()
    own = hashlib.sha256(sources).hexdigest()[:16]
    return f"{own}-{getattr(webvtt, '__version__', '')}"


def _cache_file(folder: Path | None, text: str, path: str) -> Path | None:
    if folder is None:
        return None
    key = hashlib.sha256(f"{_parser_version()}\0{path}\0{text}".encode()).hexdigest()
    return folder / f"{key}.pickle"


def _from_disk(file: Path | None) -> tuple[Captions | None, list[Problem]] | None:
    if file is None:
        return None
    try:
        kept: tuple[Captions | None, list[Problem]] = pickle.loads(file.read_bytes())
    except Exception:  # noqa: BLE001 - missing or unreadable: parse it
        return None
    return kept


def _keep(file: Path | None, data: bytes) -> None:
    """Keep a pickled result on disk for the next run."""
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        os.replace(partial, file)  # atomic: a parallel build never reads half a file
    except OSError:
        pass  # a read-only checkout builds without the cache


#: What a worker makes from a file's captions besides parsing them (a recording's
#: transcript), so that the build's own process has less to do (``Parsing``).
Finish = Callable[[Captions], str]


def _parse_pickled(job: tuple[str, str, Path | None, Finish | None]) -> tuple[bytes, str | None]:
    """A worker process's part: parse, keep on disk, and hand back the same pickle, with
    what ``finish`` makes of the captions."""
    text, path, file, finish = job
    captions, problems = parse_captions(text, path)
    data = pickle.dumps((captions, problems), protocol=pickle.HIGHEST_PROTOCOL)
    _keep(file, data)
    return data, finish(captions) if finish is not None and captions is not None else None


# A fresh checkout parses every captions file (hours of them at 2,000 items). The files are
# independent, so they are parsed beside whatever this process does meanwhile (issues 9 and
# 26): by worker processes forked from this one, one fewer than the cores of the machine,
# each result fetched when it is asked for; a file that no worker has started when it is
# asked for is parsed here instead, so this process never waits for a queue and every core
# works. Loading content for a check or the preview asks for every file at once; a build
# asks for each when MkDocs reads its recording's page, so that the parsing overlaps
# MkDocs' rendering of the other pages. Forking is safe only while this process runs no
# other thread (so not in a rebuild of `mkdocs serve`, which parses the one file that
# changed anyway), and done on Linux only, where it is the usual way (CI, releases).
PARALLEL_FROM = 4  # files to parse; fewer are not worth starting a worker for

#: A file's captions (None when they cannot be read) and the problems found in them.
Parse = tuple[Captions | None, list[Problem]]


def _workers(files: int) -> int:
    """Worker processes to start for ``files`` files: 0 parses them all in this process."""
    if files < PARALLEL_FROM or sys.platform != "linux" or threading.active_count() > 1:
        return 0
    return min(files, len(os.sched_getaffinity(0)) - 1)


class Parsing:
    """Captions texts being parsed, by worker processes when it pays, each result handed
    out when asked for (``result``), with what the job's ``finish`` made of it in the
    worker (None when this process parsed it, or read it back from the disk). The workers
    stop when the last result is out, or at ``close``; they die with this process
    (``processes.dies_with_parent``)."""

    def __init__(self, jobs: list[tuple[str, str, Finish | None]], folder: Path | None) -> None:
        self._jobs = [(text, path, _cache_file(folder, text, path), finish) for text, path, finish in jobs]
        self._results: dict[int, tuple[Parse, str | None]] = {}
        for index, (_, _, file, _) in enumerate(self._jobs):
            kept = _from_disk(file)
            if kept is not None:
                self._results[index] = (kept, None)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[int, Future[tuple[bytes, str | None]]] = {}
        todo = [index for index in range(len(self._jobs)) if index not in self._results]
        workers = _workers(len(todo))
        if workers > 0:
            try:
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=dies_with_parent(signal.SIGKILL))
                self._futures = {index: self._pool.submit(_parse_pickled, self._jobs[index]) for index in todo}
            except (OSError, BrokenProcessPool):  # no processes to be had: parse them here
                self.close()

    def result(self, index: int) -> tuple[Parse, str | None]:
        """The parse of job ``index`` and what its ``finish`` made: a worker's, or this
        process's parse (and None) when no worker has started it (or the workers are gone)."""
        found = self._results.get(index)
        if found is not None:
            return found
        future = self._futures.pop(index, None)
        if future is not None and not future.cancel():
            try:
                data, made = future.result()
                found = (pickle.loads(data), made)
            except (OSError, BrokenProcessPool, EOFError, pickle.UnpicklingError):
                found = None  # a worker that died: parse it here
        if found is None:
            text, path, file, _ = self._jobs[index]
            parsed = parse_captions(text, path)
            if file is not None:
                _keep(file, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
            found = (parsed, None)
        self._results[index] = found
        if not self._futures:
            self.close()
        return found

    def close(self) -> None:
        """Stop the workers; what they had not parsed is parsed here when asked for."""
        pool, self._pool = self._pool, None
        self._futures = {}
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class Pending:
    """The captions of one file, being read: ``result()`` waits for them, once, and
    ``made`` then holds what the worker made of them (``Finish``), if it did."""

    def __init__(self, result: Callable[[], tuple[Parse, str | None]]) -> None:
        self._result = result
        self._done: Parse | None = None
        self.made: str | None = None

    @classmethod
    def ready(cls, result: Parse) -> Pending:
        return cls(lambda: (result, None))

    def result(self) -> Parse:
        if self._done is None:
            self._done, self.made = self._result()
        return self._done


def read_captions(source: Path, path: str, store: CaptionStore) -> tuple[Captions | None, list[Problem]]:
    """Read the captions file ``source`` (shown to editors as ``path``)."""
    return read_many([(source, path)], store)[0]


def read_many(files: list[tuple[Path, str]], store: CaptionStore) -> list[tuple[Captions | None, list[Problem]]]:
    """Read captions files (each with the path shown to editors), the ones not in the
    cache in parallel."""
    pending = start_reading(files, store)
    # From the last: the worker parses from the first, and this process takes the files no
    # worker has started, so both cores parse until they meet.
    for each in reversed(pending):
        each.result()
    return [each.result() for each in pending]


def start_reading(files: list[tuple[Path, str]], store: CaptionStore,
                  finish: list[Finish | None] | None = None) -> list[Pending]:
    """Start reading captions files (each with the path shown to editors, and what a
    worker is to make of its captions besides: ``finish``): what the cache holds is ready
    at once, the rest is parsed by workers (``Parsing``) and kept in the cache when it is
    asked for."""
    finish = finish or [None] * len(files)
    pending: list[Pending] = []
    todo: list[tuple[int, os.stat_result, str]] = []
    for source, path in files:
        try:
            stat = source.stat()
            cached = store.parsed.get(source)
            if cached and cached[:3] == (stat.st_mtime_ns, stat.st_size, path):
                pending.append(Pending.ready((cached[3], list(cached[4]))))
                continue
            data = source.read_bytes()
        except OSError as exc:
            pending.append(Pending.ready((None, [Problem(path, 0, f"kan ikke lese tekstingen: {exc.strerror}")])))
            continue
        text, problems = decode(data, path, "tekstingen")
        if text is None:
            pending.append(Pending.ready((None, problems)))
            continue
        todo.append((len(pending), stat, text))
        pending.append(Pending.ready((None, [])))  # replaced below
    parsing = Parsing([(text, files[index][1], finish[index]) for index, _, text in todo], store.folder)
    for job, (index, stat, _) in enumerate(todo):
        pending[index] = Pending(functools.partial(_kept, parsing, job, store, files[index], stat))
    return pending


def _kept(parsing: Parsing, job: int, store: CaptionStore, file: tuple[Path, str], stat: os.stat_result,
          ) -> tuple[Parse, str | None]:
    """Job ``job``'s parse, kept in the cache for the preview's next rebuild."""
    (captions, problems), made = parsing.result(job)
    source, path = file
    store.parsed[source] = (stat.st_mtime_ns, stat.st_size, path, captions, tuple(problems))
    return (captions, list(problems)), made


def parse_captions(text: str, path: str) -> tuple[Captions | None, list[Problem]]:
    """Parse WebVTT text strictly; every problem carries the line of its cue."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        return None, [Problem(path, 1, "tekstingen må begynne med «WEBVTT» på første linje")]
    try:
        vtt = webvtt.from_string(text.lstrip("\ufeff"), strict=True)
    except (MalformedCaptionError, MalformedFileError) as exc:
        return None, _locate(lines, path, exc)
    starts = [number for number, line in enumerate(lines, start=1) if "-->" in line]
    if len(starts) == len(vtt.captions) and _runs(lines) == 1 + _items(vtt):
        block_problems = []  # every block is a cue, a comment, a style or a region
    else:  # the block by block reading that names the line of what webvtt-py skipped
        blocks = _blocks(lines)
        starts = _cue_lines(blocks)
        if len(starts) != len(vtt.captions):  # a block webvtt-py skipped: find which
            return None, _locate(lines, path, None)
        block_problems = _check_blocks(blocks, path)
    cues = tuple(
        Cue(caption.start_time.in_milliseconds() / 1000,
            caption.end_time.in_milliseconds() / 1000,
            tuple(spoken_parts(caption.raw_text)), line)
        for caption, line in zip(vtt.captions, starts, strict=True)
    )
    problems = block_problems + _check_cues(cues, path)
    if any(p.is_error for p in problems):
        return None, problems
    return Captions(path, cues), problems


# The usual file is read without splitting it into blocks (issue 9). In a file webvtt-py
# read strictly, a line with "-->" can only be a cue's timings line (anywhere else it
# would start a block that does not parse), so those lines are the cues' lines when there
# are as many as cues. And when there are as many runs of non-empty lines as webvtt-py
# found items, plus the header, no block was skipped. Otherwise the file is read block
# by block below, which finds the same lines and names what was skipped.
def _runs(lines: list[str]) -> int:
    """How many runs of non-empty lines (blocks, but for a header split at a cue)."""
    return sum(1 for before, line in zip(["", *lines], lines) if line and not before)


def _items(vtt: webvtt.WebVTT) -> int:
    """How many blocks webvtt-py read as a cue, style, region or comment."""
    items = [*vtt.captions, *vtt.styles, *vtt.regions]
    comments = sum(len(getattr(item, "comments", ())) for item in items)
    return len(items) + comments + len(vtt.header_comments) + len(vtt.footer_comments)


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
        if cue.end >= DAY:  # webvtt-py reads «100:00:00.000» happily; no recording is that long
            problems.append(Problem(path, cue.line, (
                f"tidskoden {clock(cue.end)} er et døgn eller mer: skriv timer, minutter og "
                "sekunder som 01:02:03.000")))
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
        name, said = " ".join(simple[1].split()) or None, " ".join(simple[2].split())
        return [Spoken(name, said)] if said else []
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
            captions.append(webvtt.Caption(_timestamp(start), _timestamp(stop), escape.vtt(title),
                                           identifier=f"kapittel-{index + 1}"))
    return webvtt.WebVTT(captions=captions).content
