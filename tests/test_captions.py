"""Captions (WebVTT) as editors write them and readers read them: the line of a bad cue,
speakers from voice tags, clean transcript text, and the recording's length."""

from __future__ import annotations

from pathlib import Path

import pytest
import webvtt

from tests.support.content import read_captions
from toolkit.collections.recordings.captions import chapters_vtt, clock, parse_captions, transcript
from toolkit.norsk import duration as spoken_duration

ROOT = Path(__file__).resolve().parent.parent

TWO_SPEAKERS = """WEBVTT

NOTE Et opptak med to stemmer.

1
00:00:01.000 --> 00:00:03.500
<v Kari Nordmann>Velkommen til samlingen.</v>

2
00:00:03.600 --> 00:00:06.000 line:90%
<v Kari Nordmann>Vi starter med <i>målene</i> &amp; rammene.</v>

00:00:06.200 --> 00:00:09.000
<v.rask Ola Hansen>Takk, Kari.
Jeg skal si noe om <b>møtene</b>.</v>

00:00:20.000 --> 00:00:23.000
<v Ola Hansen>Etter en lang pause &lt;3 går vi&nbsp;videre.</v>
"""


def parse(text: str):
    captions, problems = parse_captions(text, "content/opptak/x/captions.vtt")
    return captions, [str(p) for p in problems]


def test_cues_keep_their_times_speakers_and_lines_in_the_file():
    captions, problems = parse(TWO_SPEAKERS)
    assert problems == []
    assert [(c.start, c.end, c.line) for c in captions.cues] == [
        (1.0, 3.5, 6), (3.6, 6.0, 10), (6.2, 9.0, 13), (20.0, 23.0, 17),
    ]
    assert [c.parts[0].speaker for c in captions.cues] == [
        "Kari Nordmann", "Kari Nordmann", "Ola Hansen", "Ola Hansen",
    ]


def test_duration_is_the_end_of_the_last_cue():
    captions, _ = parse(TWO_SPEAKERS)
    assert captions.duration == 23.0


def test_markup_and_entities_are_cleaned_from_the_text():
    captions, _ = parse(TWO_SPEAKERS)
    assert captions.cues[1].text == "Vi starter med målene & rammene."
    assert captions.cues[2].text == "Takk, Kari. Jeg skal si noe om møtene."
    assert captions.cues[3].text == "Etter en lang pause <3 går vi videre."


def test_karaoke_timestamps_and_classes_inside_a_cue_are_not_text():
    captions, _ = parse("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n"
                        "<c.gul>Først</c> <00:00:02.000>så <u>etterpå</u>&lrm;\n")
    assert captions.cues[0].text == "Først så etterpå"


def test_two_voices_in_one_cue_are_two_speakers():
    captions, _ = parse("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n"
                        "<v Anna>Er vi enige?</v>\n<v Bo>Ja.</v>\n")
    assert [(p.speaker, p.text) for p in captions.cues[0].parts] == [
        ("Anna", "Er vi enige?"), ("Bo", "Ja."),
    ]


@pytest.mark.parametrize(("cue", "parts"), [
    ("<v  Anna  Berg >  Hei\n  på deg </v>", [("Anna Berg", "Hei på deg")]),
    ("<v Anna>Hei", [("Anna", "Hei")]),
    ("<v Anna></v>", []),
    ("<v>Hei</v>", [(None, "Hei")]),
    ("<v.rask Anna>Hei</v>", [("Anna", "Hei")]),
    ("<v Anna>Ja &amp; nei</v>", [("Anna", "Ja & nei")]),
    ("<v Anna>Ja\u200e nei</v>", [("Anna", "Ja nei")]),
    ("<v Anna>Ja</v> <v Bo>Nei", [("Anna", "Ja"), ("Bo", "Nei")]),
    ("Uten stemme", [(None, "Uten stemme")]),
])
def test_speaker_and_text_of_one_cue(cue, parts):
    captions, problems = parse(f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{cue}\n")
    spoken = [(p.speaker, p.text) for p in captions.cues[0].parts] if captions else None
    assert spoken == parts, problems


def test_transcript_merges_cues_and_starts_a_paragraph_per_speaker_and_after_a_pause():
    captions, _ = parse(TWO_SPEAKERS)
    paragraphs = transcript(captions.cues)
    assert [(p.start, p.speaker, p.text) for p in paragraphs] == [
        (1.0, "Kari Nordmann", "Velkommen til samlingen. Vi starter med målene & rammene."),
        (6.2, "Ola Hansen", "Takk, Kari. Jeg skal si noe om møtene."),
        (20.0, "Ola Hansen", "Etter en lang pause <3 går vi videre."),
    ]


def test_transcript_starts_a_paragraph_where_a_chapter_starts():
    captions, _ = parse(TWO_SPEAKERS)
    paragraphs = transcript(captions.cues, breaks=[3.6])
    assert [p.start for p in paragraphs] == [1.0, 3.6, 6.2, 20.0]


def test_long_speech_is_split_at_a_sentence_end():
    cues = "".join(
        f"\n00:00:{n:02d}.000 --> 00:00:{n:02d}.900\n<v A>Dette er en setning med åtte ord her.</v>\n"
        for n in range(30)
    )
    captions, _ = parse("WEBVTT\n" + cues)
    paragraphs = transcript(captions.cues)
    assert len(paragraphs) > 1
    assert all(p.text.endswith(".") for p in paragraphs)
    assert " ".join(p.text for p in paragraphs).count("setning") == 30


def test_a_file_without_the_webvtt_header_is_reported_on_line_1():
    _, problems = parse("00:00:01.000 --> 00:00:02.000\nHei\n")
    assert problems == [
        "content/opptak/x/captions.vtt:1: tekstingen må begynne med «WEBVTT» på første linje"
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # minutes and seconds above 59
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n\n00:00:03.000 --> 00:00:75.000\nHallo\n",
         6, "ugyldig tidskode"),
        # an unknown cue setting
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000 farge:rød\nHei\n", 3, "ugyldig tidskode"),
        # no empty line between two cues
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n00:00:03.000 --> 00:00:04.000\nHallo\n",
         5, "tom linje"),
        # a mistyped arrow: the cue would silently vanish
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n\n00:00:03.000 -> 00:00:04.000\nHallo\n",
         6, "verken en tekst eller en kommentar"),
        # a cue that ends before it starts
        ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHei\n", 3, "slutter før den begynner"),
        # cues out of order
        ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nHei\n\n00:00:01.000 --> 00:00:02.000\nHallo\n",
         6, "tidsrekkefølge"),
    ],
)
def test_a_bad_cue_is_reported_with_its_line(text, line, words):
    captions, problems = parse(text)
    assert captions is None
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"content/opptak/x/captions.vtt:{line}: ")
    assert words in problems[0]


def test_every_bad_cue_is_reported_at_once():
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n\n00:00:03.000 --> 00:00:4.000x\nA\n\n"
            "00:00:05.000 --> 00:00:06.000\nB\n\n00:00:07.000 --> 00:00:99.000\nC\n")
    _, problems = parse(text)
    assert [p.split(":")[1] for p in problems] == ["6", "12"]


def test_a_file_with_no_cues_is_an_error():
    _, problems = parse("WEBVTT\n\nNOTE ikke tekstet ennå\n")
    assert problems == ["content/opptak/x/captions.vtt:1: tekstingen har ingen tekster"]


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    source = tmp_path / "captions.vtt"
    source.write_bytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nMøte\n".encode("latin-1"))
    captions, problems = read_captions(source, "captions.vtt")
    assert captions is None
    # Issue 14: the line of the first byte that is not UTF-8 (the «ø» of «Møte»).
    assert str(problems[0]).startswith("captions.vtt:4: tekstingen er ikke UTF-8")


def test_shipped_sample_captions_parse_without_problems():
    files = sorted((ROOT / "content" / "opptak").glob("*/captions.vtt"))
    assert files, "the starter content has sample recordings"
    for source in files:
        captions, problems = read_captions(source, str(source))
        assert problems == [] and captions is not None and captions.cues, source


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (9.9, "0:09"), (90, "1:30"), (3723, "1:02:03")]
)
def test_clock_shows_minutes_and_seconds(seconds, shown):
    assert clock(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(45, "45 s"), (139.5, "2 min 20 s"), (600, "10 min"), (3900, "1 t 5 min"), (7200, "2 t")],
)
def test_duration_is_written_the_norwegian_way(seconds, said):
    assert spoken_duration(seconds) == said


def test_chapters_track_is_webvtt_with_one_cue_per_chapter_until_the_next():
    text = chapters_vtt([(0, "Innledning"), (95, "Møter & mål")], 139.5)
    track = webvtt.from_string(text, strict=True)
    assert [(c.start, c.end, c.text) for c in track.captions] == [
        ("00:00:00.000", "00:01:35.000", "Innledning"),
        ("00:01:35.000", "00:02:19.500", "Møter &amp; mål"),
    ]


# Files webvtt-py reads without complaint, in the shapes editors' tools write them: the
# quick reading (lines of "-->", runs of lines) must give what the block by block
# reading gives: the same cues on the same lines, and the same skipped blocks reported.
QUICK_AND_SLOW = {
    "two speakers": TWO_SPEAKERS,
    "header text, style and region": (
        "WEBVTT - Temasamling\nKind: captions\n\nSTYLE\n::cue { color: white }\n\n"
        "REGION\nid:nede width:40% lines:3\n\nNOTE laget i et verktøy\n\n"
        "00:00:01.000 --> 00:00:02.000 region:nede\n<v Kari>Hei</v>\n\n"
        "NOTE\nto linjer\nmed kommentar\n\nc2\n00:00:02.500 --> 00:00:04.000\nHallo\n\nNOTE slutt\n"),
    "a cue whose identifier is NOTE": "WEBVTT\n\nNOTE\n00:00:01.000 --> 00:00:02.000\nHei\n",
    "a cue right under the header": "WEBVTT\n00:00:01.000 --> 00:00:02.000\nHei\n\n00:00:03.000 --> 00:00:04.000\nHå\n",
    "a stray line between cues": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n\nglemt tekst\n\n00:00:03.000 --> 00:00:04.000\nHå\n"),
    "whitespace-only lines inside a cue": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n  \nigjen\n",
    "Windows line ends": "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nHei\r\n\r\n00:00:03.000 --> 00:00:04.000\r\nHå\r\n",
}


@pytest.mark.parametrize("text", QUICK_AND_SLOW.values(), ids=QUICK_AND_SLOW.keys())
def test_quick_reading_finds_what_reading_block_by_block_finds(text, monkeypatch):
    quick = parse_captions(text, "content/opptak/x/captions.vtt")
    monkeypatch.setattr("toolkit.collections.recordings.captions._runs", lambda lines: -1)  # never quick
    slow = parse_captions(text, "content/opptak/x/captions.vtt")
    assert quick == slow
    assert quick[0] is not None or quick[1], "a file is either read or reported"


def test_a_stray_line_between_cues_is_reported_on_its_line():
    _, problems = parse(QUICK_AND_SLOW["a stray line between cues"])
    assert [p.split(": ", 1)[0] for p in problems] == ["content/opptak/x/captions.vtt:6"]
    assert "verken en tekst eller en kommentar" in problems[0]


@pytest.mark.parametrize("name", ["two speakers", "header text, style and region", "a cue whose identifier is NOTE"])
def test_a_well_formed_file_is_read_without_splitting_it_into_blocks(name, monkeypatch):
    def no_blocks(lines):
        raise AssertionError("read block by block")

    monkeypatch.setattr("toolkit.collections.recordings.captions._blocks", no_blocks)
    captions, problems = parse_captions(QUICK_AND_SLOW[name], "content/opptak/x/captions.vtt")
    assert captions is not None and captions.cues and not problems
