"""The recordings' ``prepare`` step: each recording completed, when the content is loaded,
with what its page shows beyond the front matter.

Its captions are parsed (the files not in the cache by a worker process beside this one:
``captions.start_reading``), its transcript is written from them, its chapters are
checked against them, and its video's media type is decided from the file name. The
captions' part is left going (``Prepared.later``): content loaded for a check or the
preview waits for it at once; a build waits for each recording's when MkDocs reads its
page, and for the rest before it writes anything (issue 26), so that the parsing overlaps
MkDocs' rendering of the other pages. What took time is kept in the recordings' part of
the build's cache (``captions.CaptionStore``): parsed captions by file, on disk as well,
and each transcript by the captions and chapters it was written from, so that the
preview's next rebuild writes only what a save changed and the page's renderer keeps no
memo.
"""

from __future__ import annotations

import functools
import mimetypes
import posixpath
from urllib.parse import urlsplit

from ...content.cache import Cache
from ...content.collection import Prepared
from ...content.items import Item
from ...problems import Problem
from .bundle import VIDEO_SUFFIXES, against_captions, captions_file, is_url
from .captions import Captions, CaptionStore, Finish, Pending, start_reading
from .model import FromCaptions, Recording, RecordingMeta
from .page import transcript_section


def prepare(items: list[Item[RecordingMeta]], cache: Cache) -> Prepared[RecordingMeta]:
    """Each recording with its captions, transcript and problems (``FromCaptions``: made
    when asked for, the captions parsed meanwhile) and its video type."""
    store = CaptionStore.of(cache)
    files = [captions_file(item) for item in items]
    finish: list[Finish | None] = [functools.partial(transcript_section, chapters=chapters(item))
                                   for item, file in zip(items, files, strict=True) if file is not None]
    reading = iter(start_reading([file for file in files if file is not None], store, finish))
    complete: list[Recording] = []
    for item, file in zip(items, files, strict=True):
        pending = next(reading) if file is not None else None
        work = functools.partial(_from_captions, item, pending, store)
        complete.append(Recording.of(item, FromCaptions(work), video_type(item.meta.video)))

    def later() -> list[Problem]:
        # From the last: a worker parses from the first, and this process takes the files
        # no worker has started, so both cores parse until they meet.
        found = [recording.from_captions.problems for recording in reversed(complete)]
        return [problem for problems in reversed(found) for problem in problems]

    return Prepared(list(complete), later=later)


def _from_captions(item: Item[RecordingMeta], pending: Pending | None, store: CaptionStore,
                   ) -> tuple[Captions | None, str, list[Problem]]:
    """A recording's captions (waiting for them), the transcript written from them, and
    every problem in both."""
    if pending is None:
        return None, "", []
    captions, problems = pending.result()
    if captions is None:
        return None, "", problems
    if pending.made is not None:  # the worker that parsed the captions wrote the transcript
        store.transcripts[id(captions)] = (captions, chapters(item), pending.made)
    return captions, _transcript(item, captions, store), problems + against_captions(item, captions)


def chapters(item: Item[RecordingMeta]) -> tuple[tuple[float, str], ...]:
    """The chapters as the transcript is written under them: (start in seconds, title)."""
    return tuple((float(c.time), c.title) for c in item.meta.chapters)


def _transcript(item: Item[RecordingMeta], captions: Captions, store: CaptionStore) -> str:
    """The transcript section, kept by the captions object (hashing an hour of cues costs
    as much as writing the transcript) and the chapters it is written under."""
    written_under = chapters(item)
    kept = store.transcripts.get(id(captions))
    if kept is None or kept[0] is not captions or kept[1] != written_under:
        kept = store.transcripts[id(captions)] = (captions, written_under, transcript_section(captions, written_under))
    return kept[2]


def video_type(source: str | None) -> str | None:
    """The media type of a video, by its file name (an address's path for a video on the
    media server): ours for the types a bundle may hold, else the standard library's."""
    if source is None:
        return None
    suffix = posixpath.splitext(urlsplit(source).path if is_url(source) else source)[1].lower()
    return VIDEO_SUFFIXES.get(suffix) or mimetypes.types_map.get(suffix)
