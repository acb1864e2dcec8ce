"""Browser-side checks for universal design that axe-core does not make: where keyboard
focus is drawn and how it stands out, sideways scrolling on a phone, and what the
first screen shows. Each check is one JavaScript function evaluated in the page, so
a whole page is measured in one round trip."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

# Colour arithmetic shared by the checks below (WCAG 2.1 relative luminance).
_COLOUR = r"""
const parse = (text) => {
  const m = text.match(/rgba?\(([^)]+)\)/);
  if (!m) return [0, 0, 0, 0];
  const parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
};
const over = (top, bottom) => {
  const a = top[3] + bottom[3] * (1 - top[3]);
  if (a === 0) return [0, 0, 0, 0];
  const mix = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
  return [mix(0), mix(1), mix(2), a];
};
const luminance = (c) => {
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
// The colour painted behind an element: its ancestors' backgrounds, composited.
const backdrop = (element) => {
  const layers = [];
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] >= 1) break;
  }
  let result = [255, 255, 255, 1];
  for (const layer of layers.reverse()) result = over(layer, result);
  return result;
};
const describe = (el) => {
  const name = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("title") || "")
    .trim().replace(/\s+/g, " ").slice(0, 40);
  const id = el.id ? "#" + el.id : "";
  const cls = [...el.classList].filter((c) => !c.startsWith("focus-visible")).slice(0, 2)
    .map((c) => "." + c).join("");
  return `${el.tagName.toLowerCase()}${id}${cls} «${name}»`;
};
"""

# Every element the keyboard can reach and the reader can see gets focus in turn; its
# focus ring must be drawn (a solid outline at least 2 px wide) in a colour with 3:1
# contrast to what lies behind it. Hidden radio buttons (Material's palette toggle)
# show their focus on their label. Call after one real key press, so that the page
# treats programmatic focus as keyboard focus (:focus-visible and Material's polyfill).
FOCUS_PROBLEMS_JS = "() => {" + _COLOUR + r"""
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + 'iframe, video[controls], audio[controls], [tabindex]:not([tabindex="-1"])';
  const problems = [];
  const seen = new Set();
  const visible = (el) => {
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest("[inert], [aria-hidden='true']")) continue;
    let ring = el;
    if (!visible(el)) {
      const label = el.labels && [...el.labels].find(visible);
      if (!label || !el.checkVisibility()) continue;
      ring = label;
    }
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;  // not focusable after all
    const style = getComputedStyle(ring);
    const width = parseFloat(style.outlineWidth) || 0;
    const colour = parse(style.outlineColor);
    let problem = null;
    if (style.outlineStyle === "none" || width < 2 || colour[3] === 0) {
      problem = `no visible focus ring (outline: ${style.outlineStyle} ${style.outlineWidth})`;
    } else {
      const ratio = contrast(over(colour, backdrop(ring.parentElement || ring)), backdrop(ring.parentElement || ring));
      if (ratio < 3) problem = `focus ring contrast ${ratio.toFixed(2)}:1 against its background (needs 3:1)`;
    }
    if (problem) {
      const key = describe(ring) + problem;
      if (!seen.has(key)) { seen.add(key); problems.push(`${describe(ring)}: ${problem}`); }
    }
  }
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  return problems;
}"""

# Whether the page can scroll sideways, and which elements stick out to the right.
OVERFLOW_JS = r"""() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const scrolls = root.scrollWidth > width || document.body.scrollWidth > width;
  const culprits = [];
  if (scrolls) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.right <= width + 1 || box.width === 0) continue;
      // Inside a container that scrolls by itself (a wide table): allowed.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== "visible") { clipped = true; break; }
      }
      if (!clipped) culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (right edge ${Math.round(box.right)} px)`);
      if (culprits.length >= 5) break;
    }
  }
  return {width, scrollWidth: root.scrollWidth, scrolls, culprits};
}"""

# Where the main heading is on the first screen, and where the fixed header ends.
FIRST_SCREEN_JS = r"""() => {
  const h1 = document.querySelector(".md-content h1") || document.querySelector("h1");
  const header = document.querySelector(".md-header");
  const box = h1 ? h1.getBoundingClientRect() : null;
  return {
    h1: h1 ? {top: box.top, bottom: box.bottom, text: h1.textContent.trim()} : null,
    headerBottom: header ? header.getBoundingClientRect().bottom : 0,
    viewport: window.innerHeight,
    scrollY: window.scrollY,
  };
}"""

# The page's language, headings, skip link and footer link, as a reader meets them.
STRUCTURE_JS = r"""() => {
  const skip = document.querySelector("a.md-skip");
  const target = skip && skip.hash ? document.getElementById(decodeURIComponent(skip.hash.slice(1))) : null;
  const h1s = [...document.querySelectorAll("h1")];
  const footer = [...document.querySelectorAll(".md-footer a, footer a")]
    .find((a) => /tilgjengelighetserklæring/i.test(a.textContent));
  return {
    lang: document.documentElement.getAttribute("lang"),
    scheme: document.body.getAttribute("data-md-color-scheme"),
    h1s: h1s.map((h) => h.textContent.replace("¶", "").trim()),
    skip: skip ? skip.getAttribute("href") : null,
    skipTarget: target ? target.tagName.toLowerCase() : null,
    footerLink: footer ? footer.href : null,
  };
}"""


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as the URL path a reader opens (``teori/``)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


def page_url(site_url: str, path: str) -> str:
    return urljoin(site_url, path)


# ---- axe-core (provisional, until tests/support/axe.py lands) ----------------------
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def inject_axe(page) -> None:
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: `make test` installs axe-core with `npm ci`")
    page.add_script_tag(path=str(AXE))


def run_axe(page, tags: list[str]) -> list[dict]:
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations",
        tags,
    )
