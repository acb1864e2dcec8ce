"""Recording bundles: what ``toolkit check`` says about their captions, video, slides and
chapters, what their pages contain, and byte ranges for ``mkdocs serve``."""

from __future__ import annotations

import io
import re
import shutil
import wsgiref.util
from pathlib import Path

import pytest

from tests.conftest import ROOT, toolkit
from tests.support.content import read_captions
from toolkit import pipeline
from toolkit.mkdocs_plugin.byte_ranges import ByteRanges

SLUG = "hva-gjor-en-ledergruppe-effektiv"  # a shipped sample recording
BUNDLE = f"content/opptak/{SLUG}"


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line of the first line of ``path`` starting with ``prefix``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(prefix):
            return number
    raise AssertionError(f"{prefix!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(project: Path):
    result = toolkit("check", cwd=project)
    return result.returncode, result.stdout


# --- toolkit check -----------------------------------------------------------------------


def test_shipped_recordings_pass_check():
    code, out = check(ROOT)
    assert not [line for line in out.splitlines() if line.startswith("content/opptak/")], out


def test_recording_without_captions_fails_check_with_file_and_line(project):
    index = project / BUNDLE / "index.md"
    edit(index, "captions: captions.vtt\n", "")
    code, out = check(project)
    assert code == 1
    assert f"{BUNDLE}/index.md:2: mangler feltet «captions»; et opptak kan ikke publiseres " \
           "uten teksting: skriv «captions: captions.vtt»" in out


def test_missing_caption_file_fails_check_at_the_captions_line(project):
    index = project / BUNDLE / "index.md"
    (project / BUNDLE / "captions.vtt").unlink()
    code, out = check(project)
    assert code == 1
    line = line_of(index, "captions:")
    assert f"{BUNDLE}/index.md:{line}: fant ikke tekstingen «captions.vtt»" in out


def test_broken_caption_file_fails_check_with_the_line_of_the_bad_cue(project):
    captions = project / BUNDLE / "captions.vtt"
    lines = captions.read_text(encoding="utf-8").splitlines()
    timing_lines = [n for n, line in enumerate(lines) if "-->" in line]
    bad = timing_lines[2]
    lines[bad] = lines[bad].replace(".", ",")  # a comma instead of a decimal point
    captions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = check(project)
    assert code == 1
    assert f"{BUNDLE}/captions.vtt:{bad + 1}: " in out


def test_chapter_past_the_end_of_the_captions_fails_check(project):
    index = project / BUNDLE / "index.md"
    edit(index, "chapters:\n", 'chapters:\n  - {time: "59:00", title: For sent}\n')
    code, out = check(project)
    assert code == 1
    line = line_of(index, '- {time: "59:00"')
    assert re.search(rf"{BUNDLE}/index.md:{line}: kapittelet «For sent» begynner ved 59:00, "
                     r"etter slutten av tekstingen \(\d+:\d\d\)", out), out


def test_video_file_missing_from_the_bundle_fails_check(project):
    index = project / BUNDLE / "index.md"
    (project / BUNDLE / "video.mp4").unlink()
    code, out = check(project)
    assert code == 1
    line = line_of(index, "video:")
    assert f"{BUNDLE}/index.md:{line}: fant ikke videoen «video.mp4» i {BUNDLE}/" in out


def test_a_draft_may_wait_for_its_video_with_a_warning(project):
    draft = project / "content" / "opptak" / "utkast-uten-video"
    shutil.copytree(project / BUNDLE, draft, ignore=shutil.ignore_patterns("video.mp4"))
    index = draft / "index.md"
    edit(index, "captions: captions.vtt\n", "captions: captions.vtt\ndraft: true\n")
    code, out = check(project)
    assert code == 0, out
    assert (f"content/opptak/utkast-uten-video/index.md:{line_of(index, 'video:')}: "
            "advarsel: fant ikke videoen") in out


def test_a_recording_must_be_a_bundle(project):
    flat = project / "content" / "opptak" / "flatt-opptak.md"
    shutil.copy(project / BUNDLE / "index.md", flat)
    code, out = check(project)
    assert code == 1
    assert "content/opptak/flatt-opptak.md:1: et opptak skal være en mappe" in out


def test_new_recording_from_the_template_passes_check(project):
    result = toolkit("new", "opptak", "Tillit i praksis", cwd=project)
    assert result.returncode == 0, result.stderr
    bundle = project / "content" / "opptak" / "tillit-i-praksis"
    assert sorted(p.name for p in bundle.iterdir()) == ["captions.vtt", "index.md"]
    code, out = check(project)
    assert code == 0, out
    assert "content/opptak/tillit-i-praksis/index.md" in out  # the warning: no video yet


# --- pages -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def build():
    return pipeline.build(ROOT)


def recordings(build):
    return build.site.in_collection("opptak")


def test_every_recording_page_has_a_captioned_video_and_the_full_transcript(build):
    assert recordings(build)
    for item in recordings(build):
        page = build.page(f"opptak/{item.slug}/index.md").content
        assert '<video controls preload="metadata"' in page
        assert ('<track kind="captions" srclang="nb" label="Norsk" '
                f'src="{item.meta.captions}" default>') in page
        captions, _ = read_captions(item.bundle_dir / item.meta.captions, "captions.vtt")
        said = " ".join(cue.text for cue in captions.cues).split()
        shown = re.findall(r'<p class="vk-cue">(.*?)</p>', page)
        words = " ".join(re.sub(r"<a .*?</a>|<strong .*?</strong>", "", p) for p in shown).split()
        assert [w.replace("&amp;", "&") for w in words] == said, item.id


def test_transcript_paragraphs_and_chapters_link_to_their_time(build):
    item = build.site.by_id[f"opptak/{SLUG}"]
    page = build.page(f"opptak/{SLUG}/index.md").content
    assert re.search(r'<p class="vk-cue"><a class="vk-seek" href="#t=0" '
                     r'aria-label="Spill av fra 0:00">0:00</a>', page)
    for chapter in item.meta.chapters:
        assert f'href="#t={chapter.time}"' in page
        assert f"### {chapter.title}" in page.replace("\\", "")


def test_chapters_become_a_chapters_track_beside_the_page(build):
    page = build.page(f"opptak/{SLUG}/index.md").content
    assert '<track kind="chapters" srclang="nb" label="Kapitler" src="kapitler.vtt">' in page
    track = build.page(f"opptak/{SLUG}/kapitler.vtt").content
    assert track.startswith("WEBVTT")
    assert track.count("-->") == len(build.site.by_id[f"opptak/{SLUG}"].meta.chapters)


def test_slides_are_linked_with_their_size(build):
    page = build.page(f"opptak/{SLUG}/index.md").content
    assert re.search(r"Last ned lysarkene \(PDF, \d+ kB\)\]\(lysark\.pdf\)", page)


def test_date_event_speakers_and_duration_are_at_the_top(build):
    page = build.page(f"opptak/{SLUG}/index.md").content
    facts = re.search(r'<dl class="vk-recording-facts">.*?</dl>', page).group(0)
    for label in ("Dato", "Arrangement", "Foredragsholder", "Varighet"):
        assert f"<dt>{label}" in facts
    assert page.index(facts) < page.index("<video")


# --- byte ranges for mkdocs serve ---------------------------------------------------------


def whole_file_app(data: bytes):
    """A WSGI app like MkDocs' dev server: always the whole file, 200 OK."""

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "video/mp4"), ("Content-Length", str(len(data)))])
        return wsgiref.util.FileWrapper(io.BytesIO(data))

    return app


def call(app, range_header=None):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/video.mp4"}
    if range_header:
        environ["HTTP_RANGE"] = range_header
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


DATA = bytes(range(256)) * 40


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=100-199", 100, 199), ("bytes=10000-", 10000, len(DATA) - 1), ("bytes=-16", len(DATA) - 16,
                                                                             len(DATA) - 1)],
)
def test_a_byte_range_is_answered_with_206_and_just_those_bytes(header, first, last):
    status, headers, body = call(ByteRanges(whole_file_app(DATA)), header)
    assert status == "206 Partial Content"
    assert headers["Content-Range"] == f"bytes {first}-{last}/{len(DATA)}"
    assert body == DATA[first:last + 1]
    assert headers["Content-Length"] == str(len(body))


def test_a_request_without_range_gets_the_whole_file_and_learns_ranges_work():
    status, headers, body = call(ByteRanges(whole_file_app(DATA)))
    assert status == "200 OK" and body == DATA
    assert headers["Accept-Ranges"] == "bytes"


def test_a_range_past_the_end_is_not_satisfiable():
    status, headers, _ = call(ByteRanges(whole_file_app(DATA)), f"bytes={len(DATA)}-")
    assert status == "416 Range Not Satisfiable"
    assert headers["Content-Range"] == f"bytes */{len(DATA)}"
