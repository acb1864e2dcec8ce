"""The recordings' ``prepare`` step: each recording completed, when the content is loaded,
with what its page shows beyond the front matter.

Its captions are parsed (the files not in the cache in parallel, on every core:
``captions.read_many``), its transcript is written from them, and its video's media type
is decided from the file name. What took time is kept in the recordings' part of the
build's cache (``captions.CaptionStore``): parsed captions by file, on disk as well, and
each transcript by the captions and chapters it was written from, so that the preview's
next rebuild writes only what a save changed and the page's renderer keeps no memo.
"""

from __future__ import annotations

import mimetypes
import posixpath
from urllib.parse import urlsplit

from ...content.cache import Cache
from ...content.items import Item
from ...problems import Problem
from .bundle import VIDEO_SUFFIXES, captions_file, is_url
from .captions import Captions, CaptionStore, read_many
from .model import Recording, RecordingMeta
from .page import transcript_section


def prepare(items: list[Item[RecordingMeta]], cache: Cache) -> tuple[list[Item[RecordingMeta]], list[Problem]]:
    """Each recording with its parsed captions, transcript and video type, and every
    problem in its captions."""
    store = CaptionStore.of(cache)
    files = [captions_file(item) for item in items]
    read = iter(read_many([file for file in files if file is not None], store))
    complete: list[Item[RecordingMeta]] = []
    problems: list[Problem] = []
    for item, file in zip(items, files, strict=True):
        captions, caption_problems = next(read) if file is not None else (None, [])
        problems += caption_problems
        transcript = _transcript(item, captions, store) if captions is not None else ""
        complete.append(Recording.of(item, captions, transcript, video_type(item.meta.video)))
    return complete, problems


def _transcript(item: Item[RecordingMeta], captions: Captions, store: CaptionStore) -> str:
    """The transcript section, kept by the captions object (hashing an hour of cues costs
    as much as writing the transcript) and the chapters it is written under."""
    chapters = tuple((float(c.time), c.title) for c in item.meta.chapters)
    kept = store.transcripts.get(id(captions))
    if kept is None or kept[0] is not captions or kept[1] != chapters:
        kept = store.transcripts[id(captions)] = (captions, chapters, transcript_section(captions, chapters))
    return kept[2]


def video_type(source: str | None) -> str | None:
    """The media type of a video, by its file name (an address's path for a video on the
    media server): ours for the types a bundle may hold, else the standard library's."""
    if source is None:
        return None
    suffix = posixpath.splitext(urlsplit(source).path if is_url(source) else source)[1].lower()
    return VIDEO_SUFFIXES.get(suffix) or mimetypes.types_map.get(suffix)
