"""Every theory page printed from Chromium, in either palette: the article on paper, in
dark text of a readable size, without the site's navigation, search or footer around
it. (The exercise handout's own print layout is tested in test_exercise_browser.py.)"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.support.a11y import html_pages, page_url

pytestmark = pytest.mark.browser

# The text of the site around the article, as a reader sees it on screen.
CHROME_JS = r"""() => {
  const article = document.querySelector(".md-content article").innerText;
  const parts = [...document.querySelectorAll(
    ".md-header, .md-tabs, .md-sidebar, .md-path, .md-footer, .md-search, .md-skip")]
    .flatMap((el) => el.innerText.split("\n")).map((s) => s.trim())
    .filter((s) => s.length >= 4 && !article.includes(s));
  return [...new Set(parts), document.querySelector(".md-search__input").placeholder];
}"""

# The article as it should reach the paper: its title, headings and first paragraph.
# The related pages are links to follow on screen and stay off paper (print.css).
ARTICLE_JS = r"""() => {
  const article = document.querySelector(".md-content article");
  return {
    h1: article.querySelector("h1").innerText.replace("¶", "").trim(),
    h2s: [...article.querySelectorAll("h2")].filter((h) => h.id !== "relatert")
      .map((h) => h.innerText.replace("¶", "").trim()),
    first: [...article.querySelectorAll("p")].map((p) => p.innerText.trim())
      .find((text) => text.length > 80) || "",
  };
}"""

# Body text in print: font size in pt and colour, for every paragraph and list item.
PRINT_TEXT_JS = r"""() => [...document.querySelectorAll(".md-content article p, .md-content article li")]
  .filter((el) => getComputedStyle(el).display !== "none" && el.innerText.trim())
  .map((el) => { const s = getComputedStyle(el);
    return {text: el.innerText.trim().slice(0, 40), pt: parseFloat(s.fontSize) * 0.75, color: s.color}; })"""


def luminance(css: str) -> float:
    r, g, b, *alpha = (float(v) for v in re.findall(r"[\d.]+", css))
    a = alpha[0] if alpha else 1.0
    r, g, b = (c * a + 255 * (1 - a) for c in (r, g, b))  # on white paper

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def theory_pages(built_site) -> list[str]:
    pages = [p for p in html_pages(built_site) if re.fullmatch(r"teori/[^/]+/", p)]
    assert len(pages) >= 5, pages
    return pages


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_theory_page_prints_its_article_legibly_without_the_site_around_it(
    browser, site_url, theory_pages, palette
):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=palette, locale="nb-NO")
    tab = context.new_page()
    problems = []
    try:
        for path in theory_pages:
            url = page_url(site_url, path)
            tab.goto(url)
            chrome, article = tab.evaluate(CHROME_JS), tab.evaluate(ARTICLE_JS)
            reader = PdfReader(BytesIO(tab.pdf(format="A4")))
            text = words(" ".join(page.extract_text() for page in reader.pages))
            missing = [s for s in [article["h1"], *article["h2s"], article["first"][:60]] if words(s) not in text]
            if missing:
                problems.append(f"{url}: not on paper: {missing}")
            around = [s for s in chrome if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)]
            if around:
                problems.append(f"{url}: the site around the article is on paper: {around}")
            tab.emulate_media(media="print")
            for line in tab.evaluate(PRINT_TEXT_JS):
                ratio = 1.05 / (luminance(line["color"]) + 0.05)
                if line["pt"] < 9 or ratio < 4.5:
                    problems.append(f"{url}: «{line['text']}» prints at {line['pt']:.1f} pt, contrast {ratio:.1f}:1")
            tab.emulate_media(media="null")
    finally:
        context.close()
    assert not problems, f"theory pages on paper ({palette} palette):\n" + "\n".join(problems)
