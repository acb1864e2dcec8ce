"""The recording page: player, chapters, slides, the facts at the top, and the transcript.

The page stays ordinary Markdown with a few raw HTML blocks for what Markdown has no
syntax for (``<video>`` with its tracks, the YouTube placeholder). Every timestamp and
chapter is a plain link to ``#t=<seconds>``: ``recording.js`` turns a click on one into a
seek, and without JavaScript it is still a link to a place in the recording. The
transcript is page text, so the site search finds what was said.
"""

from __future__ import annotations

import functools

from ... import escape, norsk
from ...content.collection import SiteView, Text
from ...content.items import Item, of_model
from ...partials.item import (
    body,
    facts_line,
    item_page,
    page_head,
    related_section,
    themes_block,
    used_in_section,
)
from ...partials.listing import collection_index
from .bundle import CHAPTERS_FILE, is_url
from .captions import Captions, Paragraph, chapters_vtt, clock, transcript
from .model import ID, Recording, RecordingMeta, recording

TRANSCRIPT_HEADING = "Transkripsjon"


def render(item: Item[RecordingMeta], site: SiteView) -> str:
    prepared = recording(item)
    meta = item.meta
    here = item_page(item)
    return (
        page_head(item)
        + f"# {escape.md(meta.title)}\n\n"
        + recording_facts(prepared)
        + facts_line(item)
        + sample_note(meta)
        + player(prepared)
        + slides_link(prepared)
        + themes_block(item, site, here)
        + body(item)
        + prepared.transcript
        + used_in_section(item, site, here)
        + related_section(item, site, here)
    )


def listing(site: SiteView) -> list[tuple[str, Text]]:
    """The recordings' listing (a page of cards), and beside each recording's page with
    chapters its chapters as a WebVTT track (``kapitler.vtt``), which its player loads;
    the track ends where the recording does, so it is made when it is read."""
    collection = site.registry[ID]
    pages: list[tuple[str, Text]] = [
        (collection.index_page, collection_index(collection, site.reading_order(collection)))]
    for item in of_model(site.in_collection(ID), RecordingMeta):
        if item.bundle_dir is not None and item.meta.chapters:
            pages.append((f"{item.collection}/{item.slug}/{CHAPTERS_FILE}", functools.partial(chapter_track, item)))
    return pages


def chapter_track(item: Item[RecordingMeta]) -> str:
    """A recording's chapters as a WebVTT chapters track; without a length (captions that
    cannot be read, an error that stops a build), the last chapter has no end and is left
    out."""
    end = recording(item).seconds
    chapters = [(float(c.time), c.title) for c in item.meta.chapters]
    return chapters_vtt(chapters, end if end is not None else max(time for time, _ in chapters))


def recording_facts(item: Recording) -> str:
    """Date, event, speakers and length, as a description list at the top of the page."""
    meta = item.meta
    rows = [
        ("Dato", norsk.date(meta.date)),
        ("Arrangement", meta.event),
        ("Foredragsholder" if len(meta.speakers) == 1 else "Foredragsholdere",
         ", ".join(meta.speakers)),
    ]
    length = item.seconds
    if length is not None:
        rows.append(("Varighet", norsk.duration(length)))
    items = "".join(f"<div><dt>{k}</dt><dd>{escape.md(v)}</dd></div>" for k, v in rows)
    return f'<dl class="vk-recording-facts">{items}</dl>\n\n'


def sample_note(meta: RecordingMeta) -> str:
    if not meta.sample:
        return ""
    return (
        '!!! info "Eksempelopptak"\n\n'
        "    Dette opptaket er laget for Verktøykassa for å vise hvordan opptak fra\n"
        "    temasamlingene presenteres. Stemmen er syntetisk: ingen virkelig person snakker i\n"
        "    opptaket.\n\n"
    )


def seek_link(seconds: float) -> str:
    """A link that plays the recording from ``seconds`` (whole seconds, rounded down); its
    accessible name says what it does and still contains the time it shows."""
    at = clock(seconds)
    return f'<a class="vk-seek" href="#t={int(seconds)}" aria-label="Spill av fra {at}">{at}</a>'


def player(item: Recording) -> str:
    meta = item.meta
    media = _youtube(meta) if meta.youtube else _video(item)
    chapters = _chapter_list(meta)
    modifier = " vk-recording--chapters" if chapters else ""
    return (
        f'<div class="vk-recording{modifier}" data-vk-recording>\n'
        f"{media}{chapters}</div>\n\n"
    )


def _video(item: Recording) -> str:
    meta = item.meta
    assert meta.video is not None
    type_attr = f' type="{item.video_type}"' if item.video_type else ""
    tracks = (
        f'<track kind="captions" srclang="nb" label="Norsk" src="{_source(meta.captions or "")}" default>\n'
    )
    if meta.chapters:
        tracks += f'<track kind="chapters" srclang="nb" label="Kapitler" src="{CHAPTERS_FILE}">\n'
    return (
        '<div class="vk-player">\n'
        f'<video controls preload="metadata" playsinline aria-label="Video: {escape.md(meta.title)}">\n'
        f'<source src="{_source(meta.video)}"{type_attr}>\n'
        f"{tracks}"
        f'<p>Nettleseren din kan ikke spille av videoen. <a href="{_source(meta.video)}">Last ned '
        "videoen</a> og se den i et annet program.</p>\n"
        "</video>\n"
        "</div>\n"
    )


def _youtube(meta: RecordingMeta) -> str:
    """A local placeholder: nothing is fetched from YouTube until the reader asks for it."""
    video_id = escape.html(meta.youtube or "")
    return (
        f'<div class="vk-player vk-youtube" data-vk-youtube="{video_id}" '
        f'data-vk-title="{escape.md(meta.title)}">\n'
        '<div class="vk-youtube__consent">\n'
        '<p class="vk-youtube__heading">Videoen ligger på YouTube</p>\n'
        "<p>Når du velger å spille av, henter nettleseren avspilleren fra YouTube "
        "(youtube-nocookie.com). YouTube, som eies av Google, får da vite at du ser på videoen, "
        "og kan lagre informasjonskapsler og lignende data i nettleseren din. "
        "Ingenting hentes fra YouTube før du velger å spille av.</p>\n"
        '<p><button type="button" class="md-button md-button--primary" data-vk-youtube-load>'
        "Spill av fra YouTube</button></p>\n"
        "<p>Du kan også lese transkripsjonen under, eller "
        f'<a href="https://www.youtube.com/watch?v={video_id}">åpne videoen på youtube.com</a>.</p>\n'
        "</div>\n"
        "</div>\n"
    )


def _chapter_list(meta: RecordingMeta) -> str:
    if not meta.chapters:
        return ""
    rows = "".join(
        f'<li><a class="vk-seek" href="#t={c.time}" aria-label="Spill av fra {clock(c.time)}: '
        f'{escape.md(c.title)}"><span class="vk-time">{clock(c.time)}</span> '
        f'<span class="vk-chapter-title">{escape.md(c.title)}</span></a></li>\n'
        for c in meta.chapters
    )
    return (
        '<nav class="vk-chapters" aria-labelledby="kapitler-i-opptaket">\n'
        '<h2 id="kapitler-i-opptaket" class="vk-chapters__heading">Kapitler</h2>\n'
        f"<ol>\n{rows}</ol>\n"
        "</nav>\n"
    )


def slides_link(item: Recording) -> str:
    slides = item.file(item.meta.slides) if item.meta.slides else None
    if slides is None:
        return ""
    size = norsk.file_size(slides.size)
    return (
        f"[:material-file-pdf-box: Last ned lysarkene (PDF, {size})]({escape.file_url(slides.name)})"
        "{ .vk-slides download }\n\n"
    )


def transcript_section(captions: Captions, chapters: tuple[tuple[float, str], ...]) -> str:
    """The whole transcript, one paragraph per stretch of speech, under the chapters'
    titles: written once per captions and chapters by the ``prepare`` step, which keeps it."""
    paragraphs = transcript(captions.cues, [t for t, _ in chapters])
    out = [
        f"## {TRANSCRIPT_HEADING}\n\n",
        '<p class="vk-transcript-hint">Tidspunktene er lenker: velg ett for å spille av '
        "opptaket derfra.</p>\n\n",
    ]
    # One voice throughout: name it once. Several: at every change and under every chapter.
    several = len({p.speaker for p in paragraphs}) > 1
    pending = list(chapters)
    speaker: str | None = None
    for number, paragraph in enumerate(paragraphs):
        new_section = False
        while pending and pending[0][0] <= paragraph.start + 0.001:
            out.append(f"### {escape.md(pending.pop(0)[1])}\n\n")
            new_section = True
        show = number == 0 or (several and (new_section or paragraph.speaker != speaker))
        out.append(_paragraph(paragraph, show_speaker=show))
        speaker = paragraph.speaker
    for _, title in pending:  # a chapter with no speech after it still gets its heading
        out.append(f"### {escape.md(title)}\n\n")
    return "".join(out)


def _paragraph(paragraph: Paragraph, show_speaker: bool) -> str:
    who = ""
    if show_speaker and paragraph.speaker:
        who = f'<strong class="vk-speaker">{escape.md(paragraph.speaker)}:</strong> '
    return (
        f'<p class="vk-cue">{seek_link(paragraph.start)} {who}{escape.md(paragraph.text)}</p>\n\n'
    )


def _source(value: str) -> str:
    """A media address for an attribute: a file in the bundle, or an intranet address
    (``https:``, ``http:`` or from the site root; see ``recordings.is_url``)."""
    return escape.html((escape.url(value) or "") if is_url(value) else escape.file_url(value))
