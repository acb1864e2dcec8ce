"""The four kinds of content lead to each other: related links both ways, theme pages,
«Prøv i praksis», sources, story facts, review dates, and the front page's entries.

Checks on the shipped content read the site built once per session (``built_site``);
checks of rules that the shipped content may not exercise (drafts, a story that
retells a public source, an unused theme, an overdue review) use a small project of
our own in a temporary folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT, toolkit
from tests.support.content import COLLECTIONS
from toolkit import pipeline
from toolkit.content import stale
from toolkit.norsk import date as norwegian_date
from toolkit.pages import front
from toolkit.site import Site

MONTH_NAMES = ("januar|februar|mars|april|mai|juni|juli|august|september|oktober|november"
               "|desember")
NORWEGIAN_DATE = rf"\d{{1,2}}\. (?:{MONTH_NAMES}) \d{{4}}"


# ---------------------------------------------------------------- helpers


class ArticleLinks(HTMLParser):
    """The links inside a page's ``<article>`` (not the navigation around it)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def page_url(path: str) -> str:
    """``teori/x/`` for the page built from ``teori/x.md``."""
    path = path.removesuffix(".md").removesuffix("index").rstrip("/")
    return path + "/" if path else ""


def article_html(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def article_targets(site_dir: Path, url: str) -> set[str]:
    """Every page the article of ``url`` links to, as site-relative ``dir/`` URLs."""
    parser = ArticleLinks()
    parser.feed(article_html(site_dir, url))
    targets = set()
    for href in parser.hrefs:
        if re.match(r"^[a-z]+:|^#|^/", href):
            continue
        path = href.split("#")[0]
        if not path:
            continue
        resolved = posixpath.normpath(posixpath.join(url, path))
        resolved = "" if resolved == "." else resolved.removesuffix("/index.html")
        targets.add(resolved.strip("/") + "/" if resolved.strip("/") else "")
    return targets


def article_text(site_dir: Path, url: str) -> str:
    html = article_html(site_dir, url)
    article = html[html.index("<article"):html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


@pytest.fixture(scope="module")
def shipped() -> Site:
    """The resolved site the ``built_site`` fixture was built from (the newest cohort)."""
    return pipeline.build(ROOT).site


# A small project of our own: three themes, one of them unused, and items that exercise
# drafts, cohorts, both directions of ``related``, and a story retelling a public source.

THEMES = """\
moter:
  label: Møter
  description: Om ledermøtet.
tillit:
  label: Tillit
  description: Om tillit i gruppen.
ubrukt:
  label: Ubrukt tema
  description: Ingen bruker dette temaet.
"""

EXERCISE_BODY = """\
## Formål

Gruppen vurderer møtet.

## Forberedelse

Ingen.

## Slik gjør dere det

1. **Runde** (10 min): Hver sier én ting.

## Refleksjonsspørsmål

- Hva lærte vi?

## Tips til den som leder

- Hold tiden.

## Digital variant

Bruk chatten.
"""


def item(collection: str, slug: str, front_matter: str, body: str = "Tekst.\n") -> tuple[str, str]:
    return f"content/{collection}/{slug}.md", f"---\n{textwrap.dedent(front_matter)}---\n\n{body}"


def exercise(slug: str, title: str, extra: str = "") -> tuple[str, str]:
    return item("ovelser", slug, f"""\
        title: {title}
        description: Øvelsen {title.lower()}.
        themes: [moter]
        duration: 10
        group_size: {{min: 2, max: 12}}
        difficulty: enkel
        led_by: gruppen
        reviewed: 2026-01-15
        owner: Programteamet
        {extra}
        """, EXERCISE_BODY)


FILES = dict([
    ("mkdocs.yml", "site_name: Test\n"),
    ("content/temaer.yml", THEMES),
    ("cohorts/2026-host.yml", "title: Kull høsten 2026\nstart: 2026-09-01\nend: 2027-01-31\n"),
    ("cohorts/2027-var.yml", "title: Kull våren 2027\nstart: 2027-02-01\nend: 2027-06-30\n"),
    item("teori", "moter", """\
        title: Møter i ledergruppen
        description: Om møter.
        themes: [moter, tillit]
        related: [ovelser/moteevaluering]
        reviewed: 2026-03-03
        owner: Programteamet, Byrådslederens kontor
        sources:
          - author: Bang, H. og Midelfart, T. N.
            year: 2012
            title: Effektive ledergrupper
            where: Gyldendal Akademisk
          - author: Bang, H.
            year: 2008
            title: Ledergruppers effektivitet
            where: Tidsskrift for Norsk Psykologforening, 45(6)
        """),
    item("teori", "lede-moter", """\
        title: Å lede møter
        description: Om møteledelse.
        themes: [moter]
        sources:
          - {author: "Hackman, J. R.", year: 2002, title: Leading Teams, where: Harvard Business School Press}
        """),
    item("teori", "tillit", """\
        title: Tillit
        description: Om tillit.
        themes: [tillit]
        sources:
          - {author: "Edmondson, A.", year: 2019, title: The Fearless Organization, where: Wiley}
        """),
    exercise("moteevaluering", "Møteevaluering"),
    exercise("innsjekk", "Innsjekk", "related: [teori/moter, historier/kilde]"),
    exercise("utkast", "Utkast", "draft: true"),
    exercise("bare-var", "Bare for våren", "cohorts: [2027-var]"),
    item("historier", "eksempel", """\
        title: Et eksempel
        description: En oppdiktet historie.
        themes: [moter]
        unit: Bydel Nordre Eksempel
        date: 2026-05-12
        example: true
        related: [ovelser/moteevaluering, teori/moter]
        """),
    item("historier", "kilde", """\
        title: Fra en rapport
        description: En historie fra en offentlig kilde.
        themes: [tillit]
        unit: Etat for eksempeltjenester
        date: 2025-10-01
        source:
          title: Årsrapport 2025
          publisher: Etat for eksempeltjenester
          date: 2026-01-10
          url: https://example.org/arsrapport
        """),
    ("docs/index.md", "# Forside\n\n## Nytt i verktøykassa\n\n<!-- toolkit:nytt -->\n"),
])


@pytest.fixture
def small(tmp_path) -> Path:
    for path, text in FILES.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path


def page(build: pipeline.Build, path: str) -> str:
    return build.page(path).content or ""


# ---------------------------------------------------------------- related, both ways


def test_when_a_names_b_in_related_b_s_page_links_to_a(built_site, shipped):
    missing = []
    for a in shipped.items:
        for b_id in a.meta.related:
            b = shipped.by_id.get(b_id)
            if b is not None and a.url not in article_targets(built_site, b.url):
                missing.append(f"{b.id} does not link back to {a.id}")
    assert missing == []
    assert sum(len(a.meta.related) for a in shipped.items) > 20  # the content does use it


def test_related_items_are_grouped_by_kind_at_the_end_of_the_page(small):
    build = pipeline.build(small)
    # Innsjekk names the theory and the story «kilde»; neither names it back.
    exercise = page(build, "ovelser/innsjekk.md")
    related = exercise[exercise.index("## Relatert"):]
    assert related.index("### Teori") < related.index("[Møter i ledergruppen](../teori/moter.md)") \
        < related.index("### Historier") < related.index("[Fra en rapport](../historier/kilde.md)")
    kilde = page(build, "historier/kilde.md")
    assert "[Innsjekk](../ovelser/innsjekk.md)" in kilde
    # The story «eksempel» names the theory: the theory's page ends with it.
    theory = page(build, "teori/moter.md")
    assert "### Historier\n\n- [Et eksempel](../historier/eksempel.md)" in theory


# ---------------------------------------------------------------- themes


def test_every_theme_page_lists_exactly_the_published_items_with_the_theme(built_site, shipped):
    item_urls = {i.url for i in shipped.items}
    assert shipped.themes
    for slug in shipped.themes:
        listed = article_targets(built_site, f"temaer/{slug}/") & item_urls
        expected = {i.url for i in shipped.items if slug in i.meta.themes}
        assert listed == expected, slug


def test_theme_page_leaves_out_drafts_and_other_cohorts_and_groups_by_kind(small):
    spring = pipeline.build(small, "2027-var")
    autumn = pipeline.build(small, "2026-host")
    def listed(build: pipeline.Build) -> set[str]:
        return set(re.findall(r"\]\(\.\./([a-z]+/[a-z0-9-]+)\.md\)", page(build, "temaer/moter.md")))

    autumn_items = {"teori/moter", "teori/lede-moter", "ovelser/moteevaluering",
                    "ovelser/innsjekk", "historier/eksempel"}
    assert listed(autumn) == autumn_items  # no draft, no spring item, nothing without the theme
    assert listed(spring) == autumn_items | {"ovelser/bare-var"}
    headings = re.findall(r"^## (.+)$", page(autumn, "temaer/moter.md"), re.M)
    assert headings == ["Teori", "Øvelser", "Historier"]


def test_the_themes_page_counts_the_published_items_of_each_theme(built_site, shipped):
    text = article_text(built_site, "temaer/")
    for slug, theme in shipped.themes.items():
        count = len(shipped.with_theme(slug))
        label = "1 side" if count == 1 else f"{count} sider"
        assert re.search(re.escape(theme.label) + r"\s+" + label, text), theme.label


def test_every_item_page_links_to_the_pages_of_its_themes(built_site, shipped):
    missing = [
        f"{i.id} → {slug}"
        for i in shipped.items
        for slug in i.meta.themes
        if f"temaer/{slug}/" not in article_targets(built_site, i.url)
    ]
    assert missing == []


def test_a_theme_no_published_item_uses_is_a_warning_of_toolkit_check(small):
    result = toolkit("--root", str(small), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content/temaer.yml:7: advarsel: temaet «ubrukt» brukes ikke av noe publisert element" \
        in result.stdout


# ---------------------------------------------------------------- theory


def test_every_theory_page_shows_its_sources(built_site, shipped):
    for theory in shipped.in_collection("teori"):
        html = article_html(built_site, theory.url)
        assert 'id="kilder"' in html, theory.id
        for source in theory.meta.sources:
            assert f"({source.year}). <em>" in html, (theory.id, source.title)
            assert source.author.split(",")[0] in html, (theory.id, source.author)


def test_sources_are_cited_in_one_style_sorted_by_author(small):
    theory = page(pipeline.build(small), "teori/moter.md")
    kilder = theory[theory.index("## Kilder"):]
    assert kilder.splitlines()[2:4] == [
        "- Bang, H. (2008). *Ledergruppers effektivitet*. Tidsskrift for Norsk Psykologforening, 45(6).",
        "- Bang, H. og Midelfart, T. N. (2012). *Effektive ledergrupper*. Gyldendal Akademisk.",
    ]


def test_try_it_in_practice_lists_the_exercises_related_either_way(small):
    theory = page(pipeline.build(small), "teori/moter.md")
    practice = theory[theory.index("## Prøv i praksis"):theory.index("## Kilder")]
    # Møteevaluering is named by the theory, Innsjekk names the theory.
    assert "[**Møteevaluering**](../ovelser/moteevaluering.md)" in practice
    assert "[**Innsjekk**](../ovelser/innsjekk.md)" in practice
    assert "10 min · 2–12 personer" in practice
    assert "Utkast" not in practice
    assert "../ovelser/" not in theory[theory.index("## Kilder"):]  # not again under «Relatert»


def test_a_theory_page_without_linked_exercises_offers_those_of_its_main_theme(small):
    build = pipeline.build(small, "2026-host")
    theory = page(build, "teori/lede-moter.md")
    practice = theory[theory.index("## Prøv i praksis"):theory.index("## Kilder")]
    assert "Øvelser om møter som dere kan bruke i neste ledermøte" in practice
    assert set(re.findall(r"\(\.\./ovelser/([a-z-]+)\.md\)", practice)) == {"moteevaluering", "innsjekk"}
    assert "## Prøv i praksis" not in page(build, "teori/tillit.md")  # no exercise about «tillit»


def test_shipped_theory_pages_offer_exercises_to_try(built_site, shipped):
    without = [t.id for t in shipped.in_collection("teori")
               if 'id="prøv-i-praksis"' not in article_html(built_site, t.url)]
    assert without == []


# ---------------------------------------------------------------- stories


def test_every_story_shows_its_unit_and_date_and_if_illustrative_says_so(built_site, shipped):
    for story in shipped.in_collection("historier"):
        text = article_text(built_site, story.url)
        top = text[:600]
        assert story.meta.unit in top, story.id
        assert norwegian_date(story.meta.date) in top, story.id
        if story.meta.example:
            assert "admonition example" in article_html(built_site, story.url), story.id
            assert "Eksempel" in top and "oppdiktet" in top, story.id


def test_a_story_that_retells_a_public_source_names_it(small):
    build = pipeline.build(small)
    story = page(build, "historier/kilde.md")
    assert '!!! info "Kilde"' in story
    assert "[«Årsrapport 2025»](https://example.org/arsrapport) fra Etat for eksempeltjenester, " \
        "10. januar 2026" in story
    assert "Eksempel" not in story
    example = page(build, "historier/eksempel.md")
    assert '!!! example "Eksempel"' in example
    assert "**Enhet:** Bydel Nordre Eksempel · **Dato:** 12.\u00a0mai\u00a02026" in example  # kept on one line


def test_a_story_lists_the_exercises_and_theory_it_used(small):
    story = page(pipeline.build(small), "historier/eksempel.md")
    used = story[story.index("## Øvelser og teori de brukte"):]
    assert used.index("### Øvelser") < used.index("[Møteevaluering]") < used.index("### Teori")
    assert "[Møter i ledergruppen](../teori/moter.md)" in used


# ---------------------------------------------------------------- dates and reviews


@pytest.mark.parametrize("day, text", [
    (dt.date(2026, 3, 3), "3. mars 2026"),
    (dt.date(2026, 1, 31), "31. januar 2026"),
    (dt.date(2025, 5, 1), "1. mai 2025"),
    (dt.date(2026, 12, 24), "24. desember 2026"),
])
def test_dates_are_written_the_norwegian_way(day, text):
    assert norwegian_date(day) == text


def test_page_facts_say_when_the_page_was_reviewed_and_by_whom(built_site, shipped, small):
    theory = page(pipeline.build(small), "teori/moter.md")
    assert "Sist gjennomgått 3. mars 2026 · Programteamet, Byrådslederens kontor" in theory
    for item in shipped.items:
        if item.meta.reviewed and item.meta.owner:
            text = article_text(built_site, item.url)
            assert re.search(rf"Sist gjennomgått {NORWEGIAN_DATE} · {re.escape(item.meta.owner)}",
                             text), item.id
            assert item.meta.reviewed.isoformat() not in text


def test_months_before_keeps_the_day_or_the_last_day_of_a_short_month():
    assert stale.months_before(dt.date(2026, 11, 27), 12) == dt.date(2025, 11, 27)
    assert stale.months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert stale.months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


def test_check_stale_lists_items_not_reviewed_in_the_last_twelve_months(small):
    today = dt.date.today()
    old = today - dt.timedelta(days=400)
    recent = today - dt.timedelta(days=100)
    for path, reviewed in (("content/teori/moter.md", old), ("content/ovelser/innsjekk.md", recent)):
        source = small / path
        text = re.sub(r"^reviewed: .*$", f"reviewed: {reviewed.isoformat()}",
                      source.read_text(encoding="utf-8"), count=1, flags=re.M)
        source.write_text(text, encoding="utf-8")
    result = toolkit("--root", str(small), "check", "--stale")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert (f"content/teori/moter.md:6: advarsel: sist gjennomgått {norwegian_date(old)}, "
            "for mer enn 12 måneder siden (eier: Programteamet, Byrådslederens kontor)") in out
    assert "content/ovelser/innsjekk.md" not in out  # reviewed 100 days ago
    assert "content/teori/tillit.md:1: advarsel: aldri gjennomgått" in out
    assert "content/ovelser/utkast.md" not in out  # drafts are not published
    shorter = toolkit("--root", str(small), "check", "--stale", "--months", "3").stdout
    assert "content/ovelser/innsjekk.md" in shorter


def test_check_without_stale_does_not_list_old_reviews(small):
    result = toolkit("--root", str(small), "check")
    assert "gjennomgått" not in result.stdout


# ---------------------------------------------------------------- front page


def test_front_page_leads_to_each_collection_and_the_finder_in_one_click(built_site):
    targets = article_targets(built_site, "")
    for collection in COLLECTIONS:
        assert f"{collection}/" in targets, collection
    text = article_text(built_site, "")
    assert "Finn en øvelse" in text
    for offer in ("Ledergruppeutvikling", "Temasamlinger", "Refleksjonsgrupper"):
        assert offer in text


def test_front_page_shows_the_newest_additions(built_site, shipped):
    html = article_html(built_site, "")
    newest = html[html.index('id="nytt-i-verktøykassa"'):html.index("</article>")]
    links = article_targets(built_site, "")
    item_urls = {i.url for i in shipped.items}
    shown = [url for url in item_urls if f'href="{url}"' in newest]
    assert len(shown) == front.NEWEST_COUNT
    assert set(shown) <= links
    assert "toolkit:nytt" not in html


def test_newest_additions_come_first_and_a_batch_takes_turns_by_kind(small):
    site = pipeline.build(small, "2026-host").site
    day = dt.date(2026, 11, 1)
    added = {i.id: day for i in site.items}
    added["historier/kilde"] = dt.date(2026, 11, 20)
    site = dataclasses.replace(site, items=tuple(dataclasses.replace(i, added=added[i.id]) for i in site.items))
    newest = [i.id for i in front.newest(site, count=4)]
    assert newest == ["historier/kilde", "teori/moter", "ovelser/innsjekk", "historier/eksempel"]


def test_front_page_marker_is_filled_with_links_relative_to_the_page(small):
    build = pipeline.build(small)
    index = page(build, "index.md")
    assert "<!-- toolkit:nytt -->" not in index
    assert "](historier/kilde.md)" in index and "# Forside" in index


@pytest.mark.browser
def test_front_page_reads_well_on_a_phone(phone, site_url):
    phone.goto(site_url, wait_until="networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing wider than the screen
    height = phone.viewport_size["height"]
    for name in ("Finn en øvelse", "Teori", "Opptak", "Historier"):
        entry = phone.locator(".vk-entries a", has_text=name)
        box = entry.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, f"{name} is below the fold"
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert size >= 15
    # The whole tile is the link: a tap on its corner, away from the word, opens the theory.
    tile = phone.locator(".vk-entries li", has_text="Teori").bounding_box()
    phone.mouse.click(tile["x"] + tile["width"] - 6, tile["y"] + tile["height"] - 6)
    phone.wait_for_url(re.compile(r"/teori/$"))


def test_navigation_starts_with_what_the_programme_is_then_the_tools(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    tabs = html[html.index('class="md-tabs__list"'):]
    labels = re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', tabs)
    # The tools in the order a group uses them (issue 27): where it stands, then what to do.
    assert labels == ["Hjem", "Om programmet", "Programplan", "Ledergruppesjekken", "Finn en øvelse", "Møteplan",
                      "Teori", "Opptak", "Historier", "Temaer", "Om nettstedet"]


# ---------------------------------------------------------------- links in body text


def test_a_relative_link_to_a_missing_item_fails_the_build_and_names_the_file(project, tmp_path):
    story = sorted((project / "content" / "historier").glob("*.md"))[0]
    with story.open("a", encoding="utf-8") as out:
        out.write("\nSe også [en øvelse som ikke finnes](../ovelser/finnes-ikke.md).\n")
    result = toolkit("build", "--site-dir", str(tmp_path / "site"), cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"historier/{story.name}" in output
    assert "finnes-ikke.md" in output
    assert not (tmp_path / "site").exists()  # nothing published
