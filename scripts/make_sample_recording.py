#!/usr/bin/env python3
"""Make the synthetic sample recordings (opptak) of Verktøykassa from their manuscripts.

Why this exists: the site publishes recordings of the programme's theme gatherings as page
bundles with a video, WebVTT captions and chapters. The repository needs sample recordings
that really play offline, so that editors can see what a recording looks like and the player,
captions, transcript and chapters can be built and tested. We must not invent recordings of
real people, and video files should stay small enough to keep in git. So each sample is made
from a manuscript by this script: a synthetic Norwegian voice (espeak-ng, voice "nb") speaks
the manuscript, simple slides carry the chapter titles, and the captions are written from the
very same text, timed from the measured length of the synthesized speech.

Regenerate all samples (from the repository root):

    python3 scripts/make_sample_recording.py content/opptak/*/

Needs the Debian packages ffmpeg, espeak-ng and fonts-dejavu-core, plus Python 3 with PyYAML.

Input, BUNDLE_DIR/_manus.yml:

    title: Hva gjør en ledergruppe effektiv?   # optional; default: title in index.md
    speaker: Syntetisk stemme (eksempel)        # name in the captions' voice tags
    voice: nb                                   # optional espeak-ng voice (default nb)
    speed: 160                                  # optional, words per minute (default 160)
    pronunciations: {Amy: Eimi}                 # optional, whole words replaced in speech only
    chapters:
      - title: Tre mål på effektivitet          # shown big on the slide
        lines:                                  # one sentence per line
          - Velkommen til dette korte foredraget.
          - {speaker: Annen stemme, text: En linje med en annen navnelapp.}

Output, beside _manus.yml:

    captions.vtt  one cue per sentence (a sentence of more than 12 words is split at clause
                  boundaries into several cues), each in a voice tag <v speaker>
    video.mp4     H.264 (main profile, yuv420p, 2 frames per second) and AAC mono, 640x360,
                  one slide per chapter shown while its lines are spoken
    lysark.pdf    the slides, one page per chapter (image plus invisible text for search)
    index.md      the "chapters:" list of its front matter is rewritten (time m:ss + title);
                  the times are also printed. A chapter starts when its slide appears,
                  rounded down to the second (the site computes the duration itself).

The same manuscript gives the same captions, slides and chapter times; the video is encoded
with ffmpeg's bitexact flags and without metadata, so that it too comes out the same on the
same versions of ffmpeg and espeak-ng.
"""

from __future__ import annotations

import argparse
import array
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# --- settings -----------------------------------------------------------------------------

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian package fonts-dejavu-core
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

DEFAULT_VOICE = "nb"
DEFAULT_SPEED = 160  # words per minute; espeak-ng's default of 175 is a little fast
MAX_CUE_WORDS = 12  # a longer sentence is split into clauses, one cue each

FPS = 2  # frames per second: the picture only changes between chapters
VIDEO_SIZE = (640, 360)
SLIDE_SIZE = (1920, 1080)  # slides are drawn large, for the PDF, and scaled down for the video
PDF_PAGE = (960, 540)  # points (16:9)
AUDIO_BITRATE = "32k"  # the native AAC encoder gives about 44 kbit/s for this
VIDEO_CRF = "26"
KEYFRAME_SECONDS = 10

# Pauses, in seconds, between pieces of speech (silence from espeak-ng is trimmed first).
LEAD_IN = 0.8  # from the start of a chapter's slide to its first words
PAUSE_CLAUSE = 0.2  # between the clauses of one split sentence
PAUSE_SENTENCE = 0.55  # between sentences
CHAPTER_TAIL = 0.6  # after the last sentence of a chapter (then padded to a whole frame)
CUE_HANG = 0.3  # a cue stays up this long after its words end, if the next cue allows

SAMPLE_NOTE = "Eksempelopptak laget for Verktøykassa"

COLOURS = {
    "background": "0x2A2859",
    "title": "0xFFFFFF",
    "small": "0xB3F5FF",
    "accent": "0x6FE9FF",
}

CLAUSE_WORDS = {
    "og", "men", "eller", "fordi", "når", "hvis", "så", "som", "mens", "slik", "der", "selv",
}


class ManuscriptError(Exception):
    """A problem in _manus.yml or index.md that the editor must fix."""


# --- manuscript ---------------------------------------------------------------------------


@dataclass
class Line:
    speaker: str
    text: str


@dataclass
class Chapter:
    title: str
    lines: list[Line]


@dataclass
class Manuscript:
    title: str
    voice: str
    speed: int
    pronunciations: dict[str, str]
    chapters: list[Chapter]


def read_front_matter(index: Path) -> tuple[list[str], int, int]:
    """Return the lines of index.md and the indexes of its two '---' lines."""
    lines = index.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ManuscriptError(f"{index}:1: front matter must start with '---'")
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return lines, 0, number
    raise ManuscriptError(f"{index}:1: front matter has no closing '---'")


def load_manuscript(bundle: Path) -> Manuscript:
    path = bundle / "_manus.yml"
    if not path.is_file():
        raise ManuscriptError(f"{path}: missing")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ManuscriptError(f"{path}: must be a mapping with 'chapters'")

    title = data.get("title")
    index = bundle / "index.md"
    if not title and index.is_file():
        lines, start, end = read_front_matter(index)
        front = yaml.safe_load("\n".join(lines[start + 1:end])) or {}
        title = front.get("title")
    if not title:
        raise ManuscriptError(f"{path}: no title (give 'title' here or in index.md)")

    default_speaker = data.get("speaker")
    chapters = []
    for number, raw in enumerate(data.get("chapters") or [], start=1):
        if not isinstance(raw, dict) or not raw.get("title") or not raw.get("lines"):
            raise ManuscriptError(f"{path}: chapter {number} needs 'title' and 'lines'")
        chapter_speaker = raw.get("speaker", default_speaker)
        lines = []
        for item in raw["lines"]:
            if isinstance(item, str):
                speaker, text = chapter_speaker, item
            elif isinstance(item, dict) and "text" in item:
                speaker, text = item.get("speaker", chapter_speaker), item["text"]
            else:
                raise ManuscriptError(
                    f"{path}: chapter {number}: a line must be text or {{text: ...}}")
            text = " ".join(str(text).split())
            if not speaker:
                raise ManuscriptError(f"{path}: chapter {number}: no speaker for {text!r}")
            if "-->" in text:
                raise ManuscriptError(f"{path}: chapter {number}: '-->' cannot appear in captions")
            lines.append(Line(str(speaker), text))
        chapters.append(Chapter(" ".join(str(raw["title"]).split()), lines))
    if not chapters:
        raise ManuscriptError(f"{path}: no chapters")

    return Manuscript(
        title=" ".join(str(title).split()),
        voice=str(data.get("voice", DEFAULT_VOICE)),
        speed=int(data.get("speed", DEFAULT_SPEED)),
        pronunciations={str(k): str(v) for k, v in (data.get("pronunciations") or {}).items()},
        chapters=chapters,
    )


def word_count(text: str) -> int:
    return sum(1 for word in text.split() if re.search(r"\w", word))


def split_sentence(text: str, limit: int = MAX_CUE_WORDS) -> list[str]:
    """Split a long sentence into clauses of at most `limit` words where it reads naturally.

    Preference: after , ; : or a dash; then before a conjunction; then the middle.
    """
    words = text.split()
    if word_count(text) <= limit:
        return [text]
    best = None
    for i in range(1, len(words)):
        left, right = words[:i], words[i:]
        if word_count(" ".join(left)) < 3 or word_count(" ".join(right)) < 3:
            continue
        if left[-1][-1] in ",;:" or left[-1] in ("–", "—"):
            rank = 0
        elif right[0].lower() in CLAUSE_WORDS and min(len(left), len(right)) >= 4:
            rank = 1
        else:
            rank = 2
        key = (rank, abs(len(left) - len(right)))
        if best is None or key < best[0]:
            best = (key, i)
    if best is None:
        return [text]
    i = best[1]
    return split_sentence(" ".join(words[:i]), limit) + split_sentence(" ".join(words[i:]), limit)


# --- speech -------------------------------------------------------------------------------


def speak(text: str, manuscript: Manuscript, wav: Path) -> tuple[array.array, int]:
    """Synthesize `text` with espeak-ng; return the samples, trimmed of silence, and the rate."""
    spoken = text
    for word, say in manuscript.pronunciations.items():
        spoken = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", say, spoken)
    subprocess.run(
        ["espeak-ng", "-v", manuscript.voice, "-s", str(manuscript.speed), "-b", "1",
         "-w", str(wav), "--stdin"],
        input=spoken.encode("utf-8"), check=True,
    )
    with wave.open(str(wav), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise RuntimeError(f"espeak-ng gave an unexpected WAV format for {text!r}")
        rate = w.getframerate()
        samples = array.array("h")
        samples.frombytes(w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return trim_silence(samples, rate), rate


def trim_silence(samples: array.array, rate: int) -> array.array:
    threshold = 400
    loud = [i for i in range(0, len(samples), 32) if abs(samples[i]) > threshold]
    if not loud:
        return samples
    start = max(0, loud[0] - int(0.03 * rate))
    end = min(len(samples), loud[-1] + int(0.06 * rate))
    return samples[start:end]


@dataclass
class Cue:
    start: int  # samples
    end: int
    speaker: str
    text: str


@dataclass
class Timeline:
    rate: int
    samples: array.array = field(default_factory=lambda: array.array("h"))
    cues: list[Cue] = field(default_factory=list)
    chapter_starts: list[int] = field(default_factory=list)

    def silence(self, seconds: float) -> None:
        self.samples.extend(array.array("h", bytes(2 * round(seconds * self.rate))))


def build_timeline(manuscript: Manuscript, work: Path) -> Timeline:
    timeline: Timeline | None = None
    frame = None
    counter = 0
    for chapter in manuscript.chapters:
        pieces: list[tuple[Line, str, array.array, float]] = []
        for line in chapter.lines:
            clauses = split_sentence(line.text)
            for n, clause in enumerate(clauses):
                counter += 1
                samples, rate = speak(clause, manuscript, work / f"speech-{counter:04d}.wav")
                if timeline is None:
                    timeline = Timeline(rate)
                    frame = rate / FPS
                elif rate != timeline.rate:
                    raise RuntimeError("espeak-ng changed its sample rate")
                pause = PAUSE_CLAUSE if n < len(clauses) - 1 else PAUSE_SENTENCE
                pieces.append((line, clause, samples, pause))
        assert timeline is not None and frame is not None
        timeline.chapter_starts.append(len(timeline.samples))
        timeline.silence(LEAD_IN)
        for i, (line, clause, samples, pause) in enumerate(pieces):
            start = len(timeline.samples)
            timeline.samples.extend(samples)
            end = len(timeline.samples)
            timeline.cues.append(Cue(start, end, line.speaker, clause))
            if i < len(pieces) - 1:
                timeline.silence(pause)
        timeline.silence(CHAPTER_TAIL)
        # Pad the chapter to a whole number of video frames, so slide and sound stay in step.
        length = len(timeline.samples) - timeline.chapter_starts[-1]
        frames = -(-length // frame)
        timeline.silence((round(frames * frame) - length) / timeline.rate)
    assert timeline is not None

    # Let each cue stay up a little after its words, without touching the next cue.
    hang = round(CUE_HANG * timeline.rate)
    for cue, following in zip(timeline.cues, timeline.cues[1:] + [None]):
        limit = following.start if following else len(timeline.samples)
        cue.end = min(cue.end + hang, limit)

    # Even out the loudness: peak at about -1.7 dBFS, leaving room for the AAC encoder.
    peak = max(1, max(timeline.samples), -min(timeline.samples))
    gain = 27000 / peak
    timeline.samples = array.array("h", (int(s * gain) for s in timeline.samples))
    return timeline


def write_wav(timeline: Timeline, path: Path) -> None:
    samples = timeline.samples
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(timeline.rate)
        w.writeframes(samples.tobytes())


# --- captions and chapters ----------------------------------------------------------------


def vtt_time(sample: int, rate: int) -> str:
    ms = round(sample * 1000 / rate)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    seconds, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


def vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def captions(manuscript: Manuscript, timeline: Timeline) -> str:
    out = [
        "WEBVTT",
        "",
        f"NOTE Syntetisk {SAMPLE_NOTE[0].lower()}{SAMPLE_NOTE[1:]}.",
        "Stemmen er syntetisk (espeak-ng, norsk bokmål).",
        "Ingen virkelig person snakker i opptaket.",
        "Tale og teksting er laget fra _manus.yml med scripts/make_sample_recording.py.",
        "",
    ]
    for cue in timeline.cues:
        out.append(f"{vtt_time(cue.start, timeline.rate)} --> {vtt_time(cue.end, timeline.rate)}")
        out.append(f"<v {vtt_escape(cue.speaker)}>{vtt_escape(cue.text)}</v>")
        out.append("")
    return "\n".join(out)


def chapter_time(sample: int, rate: int) -> str:
    seconds = sample // rate
    return f"{seconds // 60}:{seconds % 60:02d}"


def yaml_scalar(text: str) -> str:
    """The text as a YAML scalar for a flow mapping: plain when that is safe, else quoted."""
    if re.fullmatch(r"[^\W\d_][\w .?!'’–-]*", text) and not text.endswith(" "):
        try:
            if yaml.safe_load(f"{{title: {text}}}") == {"title": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def update_index(bundle: Path, manuscript: Manuscript, timeline: Timeline) -> bool:
    """Rewrite the chapters list of index.md's front matter; return True if it changed."""
    index = bundle / "index.md"
    if not index.is_file():
        return False
    lines, start, end = read_front_matter(index)
    block = ["chapters:"] + [
        f'  - {{time: "{chapter_time(at, timeline.rate)}", title: {yaml_scalar(chapter.title)}}}'
        for chapter, at in zip(manuscript.chapters, timeline.chapter_starts)
    ]
    front = lines[start + 1:end]
    for i, line in enumerate(front):
        if re.match(r"chapters\s*:", line):
            j = i + 1
            while j < len(front) and (front[j][:1] in (" ", "-", "\t") or not front[j].strip()):
                j += 1
            front[i:j] = block
            break
    else:
        front.extend(block)
    new = "\n".join(lines[:start + 1] + front + lines[end:])
    if new != index.read_text(encoding="utf-8"):
        index.write_text(new, encoding="utf-8")
        return True
    return False


# --- slides -------------------------------------------------------------------------------


class FontMetrics:
    """Advance widths of a TrueType font, read from its cmap and hmtx tables."""

    def __init__(self, path: Path):
        data = path.read_bytes()
        tables = {}
        count = struct.unpack(">H", data[4:6])[0]
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            tables[tag.decode("latin-1")] = (offset, length)
        head = tables["head"][0]
        self.units = struct.unpack(">H", data[head + 18:head + 20])[0]
        hhea = tables["hhea"][0]
        metrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
        hmtx = tables["hmtx"][0]
        self.advances = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0]
                         for i in range(metrics)]
        self.glyphs = self._cmap(data, tables["cmap"][0])

    @staticmethod
    def _cmap(data: bytes, cmap: int) -> dict[int, int]:
        count = struct.unpack(">H", data[cmap + 2:cmap + 4])[0]
        for i in range(count):
            record = cmap + 4 + 8 * i
            platform, encoding, offset = struct.unpack(">HHI", data[record:record + 8])
            sub = cmap + offset
            unicode_bmp = (platform, encoding) in ((3, 1), (0, 3))
            if unicode_bmp and struct.unpack(">H", data[sub:sub + 2])[0] == 4:
                segments = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
                def table(at: int, segments: int = segments) -> list[int]:
                    return list(struct.unpack(f">{segments}H", data[at:at + 2 * segments]))
                ends = table(sub + 14)
                starts = table(sub + 16 + 2 * segments)
                deltas = table(sub + 16 + 4 * segments)
                range_at = sub + 16 + 6 * segments
                ranges = table(range_at)
                glyphs = {}
                for s in range(segments):
                    for code in range(starts[s], ends[s] + 1):
                        if code == 0xFFFF:
                            continue
                        if ranges[s] == 0:
                            glyph = (code + deltas[s]) & 0xFFFF
                        else:
                            at = range_at + 2 * s + ranges[s] + 2 * (code - starts[s])
                            glyph = struct.unpack(">H", data[at:at + 2])[0]
                            if glyph:
                                glyph = (glyph + deltas[s]) & 0xFFFF
                        glyphs[code] = glyph
                return glyphs
        raise RuntimeError("font has no Unicode cmap")

    def width(self, text: str, size: float) -> float:
        total = 0
        for char in text:
            glyph = self.glyphs.get(ord(char), 0)
            total += self.advances[min(glyph, len(self.advances) - 1)]
        return total * size / self.units


def wrap(text: str, metrics: FontMetrics, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


@dataclass
class TextRun:
    text: str
    x: float
    y: float  # top of the line, in slide pixels
    size: float
    bold: bool
    colour: str


def slide_layout(manuscript: Manuscript, number: int) -> list[TextRun]:
    width, height = SLIDE_SIZE
    margin = 140
    usable = width - 2 * margin
    regular, bold = FontMetrics(FONT_REGULAR), FontMetrics(FONT_BOLD)
    runs = []
    y = 120.0
    for line in wrap(manuscript.title, regular, 48, usable):
        runs.append(TextRun(line, margin, y, 48, False, COLOURS["small"]))
        y += 64
    chapter = manuscript.chapters[number - 1]
    size = 104.0
    title = wrap(chapter.title, bold, size, usable)
    while len(title) > 3 and size > 60:
        size -= 8
        title = wrap(chapter.title, bold, size, usable)
    step = size * 1.22
    label_size = 44
    block = label_size * 1.8 + step * len(title)
    y = max(y + 60, (height - block) / 2 + 20)
    runs.append(TextRun(f"Del {number} av {len(manuscript.chapters)}", margin, y, label_size,
                        False, COLOURS["accent"]))
    y += label_size * 1.8
    for line in title:
        runs.append(TextRun(line, margin, y, size, True, COLOURS["title"]))
        y += step
    runs.append(TextRun(SAMPLE_NOTE, margin, height - 120 - 44, 44, False, COLOURS["small"]))
    return runs


def render_slide(runs: list[TextRun], work: Path, name: str) -> Path:
    filters = [f"drawbox=x=140:y={SLIDE_SIZE[1] - 200}:w=220:h=8:color={COLOURS['accent']}:t=fill"]
    for i, run in enumerate(runs):
        text_file = work / f"{name}-text-{i}.txt"
        text_file.write_text(run.text, encoding="utf-8")
        font = FONT_BOLD if run.bold else FONT_REGULAR
        for path in (text_file, font):
            if not re.fullmatch(r"[\w/.+-]+", str(path)):
                raise RuntimeError(f"path not safe for an ffmpeg filter: {path}")
        filters.append(
            f"drawtext=fontfile={font}:textfile={text_file}:expansion=none:fontsize={run.size:g}"
            f":fontcolor={run.colour}:x={run.x:g}:y={run.y:g}"
        )
    # A palette of 256 colours is plenty for flat slides and keeps the PNG (and the PDF) small.
    graph = (",".join(filters) + ",split[a][b];[a]palettegen=reserve_transparent=0[p];"
             "[b][p]paletteuse=dither=none")
    out = work / f"{name}.png"
    ffmpeg([
        "-f", "lavfi",
        "-i", f"color=c={COLOURS['background']}:s={SLIDE_SIZE[0]}x{SLIDE_SIZE[1]}:r=1:d=1",
        "-filter_complex", graph, "-frames:v", "1", "-pred", "none", "-compression_level", "9",
        str(out),
    ])
    return out


def ffmpeg(args: list[str]) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True)


# --- PDF ----------------------------------------------------------------------------------


def png_image(path: Path) -> tuple[int, int, bytes, int, bytes]:
    """Width, height, PDF colour space, colours per pixel and the zlib stream of a PNG.

    The PNG must be non-interlaced, 8 bits, RGB or with a palette: then its compressed data
    can go into the PDF as it is, since PDF knows PNG's predictors.
    """
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError(f"{path}: not a PNG")
    at, idat, header, palette = 8, [], None, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            idat.append(body)
        at += 12 + length
    if not header or header[2] != 8 or header[3] not in (2, 3) or header[6] != 0:
        raise RuntimeError(f"{path}: expected an 8-bit RGB or palette PNG without interlacing")
    if header[3] == 3:
        space = b"[/Indexed /DeviceRGB %d <%s>]" % (len(palette) // 3 - 1, palette.hex().encode())
        return header[0], header[1], space, 1, b"".join(idat)
    return header[0], header[1], b"/DeviceRGB", 3, b"".join(idat)


def pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_info_text(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def write_pdf(manuscript: Manuscript, pages: list[tuple[Path, list[TextRun]]], out: Path) -> None:
    """A plain PDF: each page is the slide image with its text, invisible, on top for search."""
    page_w, page_h = PDF_PAGE
    scale = page_w / SLIDE_SIZE[0]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(dictionary: bytes, data: bytes) -> bytes:
        return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    catalog = add(b"")
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    for png, runs in pages:
        width, height, space, colours, data = png_image(png)
        image = add(stream(
            b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            b"/BitsPerComponent 8 /Filter /FlateDecode "
            b"/DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent 8 /Columns %d >>"
            % (width, height, space, colours, width), data))
        content = [b"q %g 0 0 %g 0 0 cm /Im1 Do Q" % (page_w, page_h), b"BT 3 Tr"]
        for run in runs:
            size = run.size * scale
            baseline = page_h - (run.y + run.size * 0.93) * scale
            content.append(b"/F1 %.2f Tf 1 0 0 1 %.2f %.2f Tm " % (size, run.x * scale, baseline)
                           + pdf_text(run.text) + b" Tj")
        content.append(b"ET")
        contents = add(stream(b"/Filter /FlateDecode", zlib.compress(b"\n".join(content), 9)))
        page_ids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
            % (pages_obj, page_w, page_h, contents, font, image)))
    objects[catalog - 1] = (b"<< /Type /Catalog /Pages %d 0 R /Lang (nb-NO) "
                            b"/ViewerPreferences << /DisplayDocTitle true >> >>" % pages_obj)
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    info = add(b"<< /Title " + pdf_info_text(f"{manuscript.title} – lysark") + b" /Subject "
               + pdf_info_text(SAMPLE_NOTE) + b" /Producer (make_sample_recording.py) >>")

    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        body += b"%010d 00000 n \n" % offset
    body += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
             % (len(objects) + 1, catalog, info, xref))
    out.write_bytes(bytes(body))


# --- video --------------------------------------------------------------------------------


def encode_video(slides: list[Path], timeline: Timeline, audio: Path, out: Path) -> None:
    rate = timeline.rate
    bounds = timeline.chapter_starts + [len(timeline.samples)]
    inputs: list[str] = []
    for slide, start, end in zip(slides, bounds, bounds[1:]):
        inputs += ["-loop", "1", "-framerate", str(FPS), "-t", f"{(end - start) / rate:.6f}",
                   "-i", str(slide)]
    count = len(slides)
    graph = (
        "".join(f"[{i}:v]scale={VIDEO_SIZE[0]}:{VIDEO_SIZE[1]}:flags=area,setsar=1[s{i}];"
                for i in range(count))
        + "".join(f"[s{i}]" for i in range(count))
        + f"concat=n={count}:v=1:a=0,fps={FPS},format=yuv420p[v]"
    )
    keyframes = ",".join(f"{start / rate:.3f}" for start in timeline.chapter_starts)
    ffmpeg([
        "-fflags", "+bitexact", *inputs, "-i", str(audio),
        "-filter_complex", graph, "-map", "[v]", "-map", f"{count}:a",
        "-c:v", "libx264", "-profile:v", "main", "-preset", "veryslow", "-tune", "stillimage",
        "-crf", VIDEO_CRF, "-g", str(FPS * KEYFRAME_SECONDS), "-force_key_frames", keyframes,
        "-threads", "1", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "1",
        "-t", f"{len(timeline.samples) / rate:.6f}",
        "-map_metadata", "-1", "-map_chapters", "-1",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-movflags", "+faststart", str(out),
    ])


# --- main ---------------------------------------------------------------------------------


def make(bundle: Path) -> None:
    manuscript = load_manuscript(bundle)
    with tempfile.TemporaryDirectory(prefix="opptak-") as tmp:
        work = Path(tmp)
        timeline = build_timeline(manuscript, work)

        (bundle / "captions.vtt").write_text(captions(manuscript, timeline), encoding="utf-8")

        audio = work / "audio.wav"
        write_wav(timeline, audio)
        pages = []
        for number in range(1, len(manuscript.chapters) + 1):
            runs = slide_layout(manuscript, number)
            pages.append((render_slide(runs, work, f"slide-{number:02d}"), runs))
        video = work / "video.mp4"
        encode_video([png for png, _ in pages], timeline, audio, video)
        shutil.copyfile(video, bundle / "video.mp4")
        write_pdf(manuscript, pages, bundle / "lysark.pdf")

    changed = update_index(bundle, manuscript, timeline)
    total = len(timeline.samples) / timeline.rate
    print(f"{bundle}: {len(timeline.cues)} cues, {total:.1f} s"
          + ("; chapters written to index.md" if changed else ""))
    for chapter, start in zip(manuscript.chapters, timeline.chapter_starts):
        print(f"  {chapter_time(start, timeline.rate)}  {chapter.title}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Make synthetic sample recordings (captions.vtt, video.mp4, lysark.pdf) "
                    "from BUNDLE_DIR/_manus.yml.")
    parser.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE_DIR")
    args = parser.parse_args(argv)
    for tool in ("ffmpeg", "espeak-ng"):
        if not shutil.which(tool):
            print(f"error: {tool} not found (apt-get install {tool})", file=sys.stderr)
            return 1
    for font in (FONT_REGULAR, FONT_BOLD):
        if not font.is_file():
            print(f"error: {font} not found (apt-get install fonts-dejavu-core)", file=sys.stderr)
            return 1
    status = 0
    for bundle in args.bundles:
        try:
            make(bundle)
        except ManuscriptError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
