"""Recordings (``content/opptak/<slug>/``): talks from the theme gatherings, each a page
bundle with its captions (a legal duty), video and slides. Captions are parsed once, in
parallel, when the content is loaded; the chapters become a WebVTT track beside the page."""

from __future__ import annotations

from pathlib import Path

from ..content import recordings
from ..content.collection import Collection
from ..content.models import RecordingMeta
from ..pages import recording

COLLECTION = Collection(
    id="opptak",
    label="Opptak",
    plural="Opptak",
    one="et opptak",
    model=RecordingMeta,
    render=recording.render,
    intro="Foredrag og innlegg fra temasamlingene, med teksting og utskrift.",
    template=Path(__file__).parent.parent / "templates" / "opptak",
    bundle=True,
    order=30,
    file_fields=recordings.FILE_FIELDS,
    prepare=recordings.with_captions,
    check=recordings.check_recording,
    extra_files=recording.extra_files,
)
