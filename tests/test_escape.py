"""toolkit.escape: each function keeps data as data in the place it is written.

Text escaped with ``md`` is put through Python-Markdown with the site's own extensions
(read from mkdocs.yml) in every kind of place the renderers put a field: the reader must
see exactly the text, and no element or attribute may come of it. Hostile and random
strings (hypothesis) are tried; the renderers are held to the module by a scan of their
source.
"""

from __future__ import annotations

import functools
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from tests.conftest import ROOT
from tests.support.payloads import HTML_PAYLOADS, MARKDOWN_PAYLOADS, PAYLOAD, SCRIPT
from toolkit import escape
from toolkit.collections.recordings.captions import chapters_vtt, parse_captions

# Each kind of place a renderer puts a field into a generated Markdown page; ``{}`` is
# the field. The elements each place makes itself are listed, so that anything else in
# the output came from the data.
PLACES = {
    "paragraph": ("{}", {"p"}),
    "heading": ("## {}", {"h2", "a"}),  # a: the heading's permalink
    "list item": ("- {}", {"ul", "li"}),
    "card": ('<div class="grid cards" markdown>\n\n-   [**{}**](x.md)\n\n    {}\n\n</div>',
             {"div", "ul", "li", "p", "a", "strong"}),
    "related": ("- [{}](x.md): {}", {"ul", "li", "a"}),
    "table cell": ("| Når | Samling |\n|---|---|\n| a | **Tema:** {}<br>Sted: {} |",
                   {"table", "thead", "tbody", "tr", "th", "td", "strong", "br"}),
    "span": ('<p class="vk-facts" markdown="span">**Enhet:** {} · x</p>', {"p", "strong"}),
    "raw html": ('<dl class="x"><div><dt>Dato</dt><dd>{}</dd></div></dl>', {"dl", "div", "dt", "dd"}),
    "attribute": ('<div class="x" data-vk-title="{}" aria-label=\'{}\'>\n<p>x</p>\n</div>', {"div", "p"}),
    "admonition": ('!!! info "Kilde"\n\n    Historien gjenforteller {} fra {}.', {"div", "p"}),
    "link text": ("[«{}»](https://example.org/)", {"p", "a"}),
}


@functools.cache
def converter() -> markdown.Markdown:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


class Collect(HTMLParser):
    """The elements, attributes and text of a fragment of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


MARK = "ǂ"  # around the field, so that its text is found exactly (a letter: no syntax)


def render(place: str, value: str, mark: str = "") -> Collect:
    template, _ = PLACES[place]
    md = converter()
    md.reset()
    collected = Collect()
    collected.feed(md.convert(template.replace("{}", mark + escape.md(value) + mark)))
    return collected


def shown(value: str) -> str:
    """What the reader must see of ``value``: one line, without control characters."""
    return " ".join(value.translate({c: None for c in [*range(9), 11, 12, *range(14, 32), 127]}).split())


def assert_stays_text(place: str, value: str) -> None:
    """Alone (so that it may start a line) and between two marks (so that its text can be
    counted exactly), the value makes no element or attribute and reads as written."""
    template, allowed = PLACES[place]
    expected = shown(value)
    for mark in ("", MARK):
        collected = render(place, value, mark)
        assert set(collected.tags) <= allowed, (place, value, collected.tags)
        names = [name for _, name, _ in collected.attributes]
        assert not [name for name in names if name.startswith("on")], (place, value, names)
        if place == "attribute":
            values = {name: attribute for _, name, attribute in collected.attributes}
            assert values["data-vk-title"] == values["aria-label"] == mark + expected + mark, (value, values)
            assert names == ["class", "data-vk-title", "aria-label"], (value, names)
            continue
        for tag, name, attribute in collected.attributes:
            assert "alert(" not in (attribute or ""), (place, value, tag, name, attribute)
        text = " ".join("".join(collected.text).split())
        if mark:
            assert text.count(mark + expected + mark) == template.count("{}"), (place, value, text)
        else:
            assert text.count(expected) >= template.count("{}"), (place, value, text)


HOSTILE = [
    *HTML_PAYLOADS,
    *MARKDOWN_PAYLOADS,
    PAYLOAD,
    "Del 1\n\n- ikke en liste\n# ikke en overskrift",  # a line break must not end the field
    "- starter som en liste", "1. starter som en nummerert liste", "2) også", "> et sitat", "??? details",
    "# overskrift #", "Tittel {: #id .klasse onclick='alert(1)' }", "=== fane", ": definisjon",
    "`kode` og ``mer``", "*kursiv* _kursiv_ __fet__", "~~strøket~~ ~senket~ ^^satt inn^^ ^hevet^",
    "a | b | c", "fotnote[^1] og [^1]: her", "*[HTML]: forkortelse", "<!-- kommentar -->", "&amp; &lt; &#60;",
    "1/2 c/o (c) (tm) +/- --> <-- =/= 1st 2nd", "https://example.org/ og www.example.org",
    "\\*ikke kursiv\\* \\\\", "tekst med \x02wzxhzdk:0\x03 plassholder", "[^1]", "![bilde](x.png)",
    ":material-account: :smile:", "  innrykket\n    kode", "- [ ] oppgave", "Ord - med – streker . og ?",
]


@pytest.mark.parametrize("place", sorted(PLACES))
def test_hostile_text_stays_text_in_every_place_of_a_generated_page(place):
    for value in HOSTILE:
        assert_stays_text(place, value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\`*_{}[]()#+-.!:=^~|/<>&\"' \n\ta1æ?$@%;,\x02\x03cortmsndh")), max_size=40),
       st.sampled_from(sorted(PLACES)))
def test_any_mix_of_markdown_characters_stays_text(value, place):
    assert_stays_text(place, value)


# The rules of toolkit.escape._SPECIAL written plainly (look-behinds first, IGNORECASE): the
# module's own regex is arranged for speed and must escape exactly these characters.
PLAIN_RULES = re.compile(
    r"""[\\`*_\[\]{}#=^~|+&<>"']"""
    r"|:(?=[\w+\-])|\((?=(?:c|r|tm)\))|(?<=[\dc])/|(?<=\d)[snrt](?=[tdh])",
    re.IGNORECASE,
)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\`*_{}[]()#+-:=^~|/<>&\"' a1٣æcCoOrRtTmMsSſnNdDhH")), max_size=30))
def test_the_fast_escaping_rule_is_the_plain_one(value):
    def reference(match: re.Match[str]) -> str:
        return f"#{match.start()}"

    assert escape._SPECIAL.sub(reference, value) == PLAIN_RULES.sub(reference, value)


def test_a_heading_keeps_the_anchor_it_had_before():
    """Chapter headings of a transcript are linked to by anchor: the references that keep
    a colon or a slash out of Markdown's reach must not change the heading's id."""
    md = converter()
    md.reset()
    title = "Oppstart: mål/midler og «hva nå?» (del 1)"
    escaped = md.convert("### " + escape.md(title))
    md.reset()
    plain = md.convert("### " + title)
    assert re.search(r'id="([^"]+)"', escaped)[1] == re.search(r'id="([^"]+)"', plain)[1]


# ---- Addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "mailto:a@example.org",
])
def test_an_address_with_any_other_scheme_than_http_is_not_linked(address):
    assert escape.url(address) is None
    assert escape.link("tekst", address) == "tekst"


@pytest.mark.parametrize("address", [
    "https://example.org/a?b=1&c=2#d", "http://example.org/", "../teori/", "/intranett/video.mp4",
    "//example.org/x", "side.md#del", "1:30",
])
def test_http_and_relative_addresses_are_kept(address):
    assert escape.url(address) == address
    assert link_href(address) == address


def link_href(address: str) -> str | None:
    """The address a browser follows from ``escape.link`` put through the site's Markdown."""
    md = converter()
    md.reset()
    collected = Collect()
    collected.feed(md.convert(escape.link("Kilden", address)))
    return next((value for tag, name, value in collected.attributes if tag == "a" and name == "href"), None)


@pytest.mark.parametrize("address", [
    "javascript&#58;alert(1)", "javascript&colon;alert(1)", "java&#x73;cript:alert(1)", "&#106;avascript:alert(1)",
    "javascript&#58alert(1)",
])
def test_character_references_cannot_make_a_javascript_link(address):
    """The browser decodes references in ``href``: what it follows is the address as typed."""
    href = link_href(address)
    assert href == escape.url(address) and not href.lower().startswith("javascript:"), href


@pytest.mark.parametrize("address", [
    'https://example.org/" onmouseover="alert(1)', "https://example.org/' autofocus onfocus='alert(1)",
    "https://example.org/<script>alert(1)</script>", "https://example.org/a b) [c] {: onclick=x }",
    'x" onmouseover="alert(1)', "https://example.org/`kode`",
])
def test_an_address_cannot_end_a_link_target_or_an_attribute(address):
    target = escape.url(address)
    assert target is not None and not set(target) & set(" \"'<>()[]{}`\\"), target
    md = converter()
    md.reset()
    collected = Collect()
    collected.feed(md.convert(escape.link("Kilden", address)))
    assert collected.tags == ["p", "a"]
    assert [name for _, name, _ in collected.attributes] == ["href"]
    assert "".join(collected.text) == "Kilden"


def test_a_file_name_never_reads_as_a_scheme_or_leaves_its_attribute():
    assert escape.file_url("javascript:alert(1).pdf") == "javascript%3Aalert%281%29.pdf"
    assert escape.file_url('a b".pdf') == "a%20b%22.pdf"
    assert escape.file_url("lysark.pdf") == "lysark.pdf"


# ---- HTML for the theme, JSON, WebVTT ----------------------------------------------------


def test_titles_for_mkdocs_are_escaped_once_whatever_the_template_does():
    """Material prints titles raw, with ``| e`` (footer aria-labels) or ``| striptags``;
    a title is escaped once in every case and reads as the editor wrote it."""
    meta = escape.page_meta({"title": 'A & B <script>alert(1)</script> "x"', "description": "C & D", "hide": ["toc"]})
    assert meta["hide"] == ["toc"]
    env = jinja2.Environment(autoescape=False)  # as MkDocs sets up its theme's environment
    for template in ("{{ t }}", "{{ t | e }}", '<a aria-label="{{ t | e }}">', "{{ t | e | e }}"):
        out = env.from_string(template).render(t=meta["title"])
        assert "&lt;script&gt;" in out and "<script>" not in out and "&amp;amp;" not in out, (template, out)
    assert escape.nav_title(meta["title"]) is meta["title"]  # never a second time
    assert str(escape.page_meta(meta)["title"]) == str(meta["title"])
    assert env.from_string('<meta content="{{ d }}">').render(d=meta["description"]) == '<meta content="C &amp; D">'
    assert isinstance(escape.html("x"), Markup)


def test_json_text_is_the_same_data_with_nothing_that_starts_a_tag():
    data = {"title": PAYLOAD + " & \u2028", "list": [SCRIPT]}
    text = escape.json_text(data)
    assert json.loads(text) == data
    assert not set(text) & set("<>&'\u2028"), text
    assert SCRIPT not in text


def test_a_chapter_title_stays_one_cue_of_text_in_the_chapters_track():
    title = "Del 1 --> <b>fet</b> & <script>alert(1)</script>\n\n00:00:09.000 --> 00:00:10.000\nfalsk kapittel"
    track = chapters_vtt([(0.0, title), (5.0, "Neste")], 12.0)
    assert "<script>" not in track and "<b>" not in track
    captions, problems = parse_captions(track, "kapitler.vtt")
    assert not problems
    assert [cue.text for cue in captions.cues] == [shown(title), "Neste"]


# ---- The renderers and our scripts use this module ---------------------------------------


def test_the_renderers_escape_only_through_toolkit_escape():
    """``html.escape``, ``json.dumps`` or hand-made ``replace`` chains in a renderer are how a
    place gets missed: the renderers write data through ``toolkit.escape`` only. The
    renderers are every module that renders (the shared pieces, the pages that span
    collections, each collection's page and listing), as the architecture test finds them."""
    from tests.test_architecture import renderer_files

    sources = renderer_files()
    assert ROOT / "toolkit" / "collections" / "recordings" / "page.py" in sources
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for forbidden in ("import html", "html.escape", "json.dumps", 'replace("<"', 'replace("|"', "markupsafe"):
            assert forbidden not in text, f"{source.relative_to(ROOT)}: {forbidden}"


def test_our_scripts_put_data_into_the_page_as_text_only():
    """Data reaches the page through ``textContent`` and ``setAttribute``; the search worker
    alone builds HTML (Material's protocol asks for it) and escapes every piece of text."""
    scripts = sorted((ROOT / "docs" / "assets" / "javascripts").glob("*.js"))
    assert len(scripts) >= 4
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, f"{script.relative_to(ROOT)}: {sink}"
    worker = (ROOT / "docs/assets/javascripts/workers/search-pagefind.js").read_text(encoding="utf-8")
    assert "markTitle(data.meta.title" in worker and "markTitle(section.title" in worker


def test_shipped_templates_escape_every_cohort_value():
    for template in sorted(Path(ROOT / "overrides").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for value in re.findall(r"\{\{([^}]*(?:cohort|release)[^}]*)\}\}", text):
            assert "| e" in value or value.strip() in ("cohort", "release"), f"{template.name}: {{{{{value}}}}}"
