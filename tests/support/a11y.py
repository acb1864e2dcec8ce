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

# What makes focus visible: the focused element can be seen (not transparent, not
# zero-sized, not a closed drawer's link parked off to the side of the screen), and its
# focus ring is drawn (a solid outline at least 2 px wide) in a colour with 3:1 contrast
# to what lies behind it. Hidden radio buttons show their focus on their label: the one
# after them (Material's palette toggle) or the one around them (Ledergruppesjekken's scale). Transitions are finished first: the settled look counts.
_FOCUS_CHECK = _COLOUR + r"""
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + 'iframe, video[controls], audio[controls], [tabindex]:not([tabindex="-1"])';
  // Inside a box that scrolls sideways by itself (a wide table), focus scrolls it into view.
  const scrollsSideways = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(p).overflowX) && p.scrollWidth > p.clientWidth) return true;
    }
    return false;
  };
  const visible = (el) => {
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // What is wrong with the focus of `el` (drawn on `ring`) right now, if anything.
  const check = (el, ring) => {
    el.focus({preventScroll: true});
    for (const animation of document.getAnimations()) {  // measure the settled look
      if (animation instanceof CSSTransition) animation.finish();
    }
    const style = getComputedStyle(ring);
    const width = parseFloat(style.outlineWidth) || 0;
    const colour = parse(style.outlineColor);
    const box = ring.getBoundingClientRect();
    let opacity = 1;
    for (let node = ring; node && node.nodeType === 1; node = node.parentElement) {
      opacity *= parseFloat(getComputedStyle(node).opacity);
    }
    if (box.width === 0 || box.height === 0 || opacity === 0 || !ring.checkVisibility({visibilityProperty: true})) {
      return `takes focus but cannot be seen (${Math.round(box.width)}×${Math.round(box.height)} px, opacity ${opacity})`;
    }
    if ((box.right <= 0 || box.left >= window.innerWidth) && !scrollsSideways(ring)) {
      return `takes focus off the screen (x ${Math.round(box.left)}–${Math.round(box.right)} px)`;
    }
    if (style.outlineStyle === "none" || width < 2 || colour[3] === 0) {
      return `no visible focus ring (outline: ${style.outlineStyle} ${style.outlineWidth})`;
    }
    const behind = backdrop(ring.parentElement || ring);
    const ratio = contrast(over(colour, behind), behind);
    return ratio < 3 ? `focus ring contrast ${ratio.toFixed(2)}:1 against its background (needs 3:1)` : null;
  };
"""

# Every element the keyboard can reach and the reader can see gets focus in turn (see
# the comment above ``_FOCUS_CHECK``). Call after one real key press, so that the page
# treats programmatic focus as keyboard focus (:focus-visible and Material's polyfill).
FOCUS_PROBLEMS_JS = "async () => {" + _FOCUS_CHECK + r"""
  const suspects = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.closest("[inert], [aria-hidden='true']")) continue;
    if (el.type === "radio" && el.name) {
      // The keyboard stops once in a radio group: at the checked one, else the first.
      const group = [...document.getElementsByName(el.name)].filter((r) => r.form === el.form);
      if (el !== (group.find((r) => r.checked) || group[0])) continue;
    }
    if (!el.checkVisibility({visibilityProperty: true})) continue;  // out of the tab order
    // A visually hidden control shows its focus on its label: the one after it (Material's
    // palette toggle) or the one around it (a scale of answers drawn as buttons).
    let ring = el;
    const label = el.nextElementSibling instanceof HTMLLabelElement ? el.nextElementSibling : el.closest("label");
    const hidden = !visible(el) || parseFloat(getComputedStyle(el).opacity) === 0;
    if (hidden && label && label !== el && visible(label)) {
      ring = label;
    }
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;  // not focusable after all
    if (check(el, ring)) suspects.push([el, ring]);
  }
  // Focus may change the page a moment later (focus in the search field opens the
  // search): look again at each suspect a little later before calling it a problem.
  const problems = new Set();
  for (const [el, ring] of suspects) {
    el.focus({preventScroll: true});
    await new Promise((done) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(done)), 50));
    const problem = check(el, ring);
    if (problem) problems.add(`${describe(ring)}: ${problem}`);
  }
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  return [...problems];
}"""

# Whether Material's search has loaded its index: until then, focus in the search field
# does not open the search yet (on a phone the field stays transparent).
SEARCH_READY_JS = r"""() => {
  const meta = document.querySelector(".md-search-result__meta");
  if (!meta) return true;
  const placeholder = JSON.parse(document.getElementById("__config").textContent)
    .translations["search.result.placeholder"];
  return meta.textContent.trim() === placeholder;
}"""


# The element that has focus now, and what is wrong with how its focus shows (null if
# nothing). For keyboard tests, after a real key press moved the focus.
FOCUSED_JS = "() => {" + _FOCUS_CHECK + r"""
  const el = document.activeElement;
  if (!el || el === document.body) return {element: null, problem: "nothing has focus"};
  const label = el.nextElementSibling;
  const ring = !visible(el) && label instanceof HTMLLabelElement && visible(label) ? label : el;
  const problem = check(el, ring);  // first: it settles the transitions
  const box = el.getBoundingClientRect();
  return {
    element: describe(el),
    label: el.getAttribute("aria-label") || el.textContent.trim().replace(/\s+/g, " "),
    href: el.href || null,
    inDrawer: !!el.closest(".md-sidebar--primary"),
    onScreen: box.right > 0 && box.left < window.innerWidth && box.bottom > 0 && box.top < window.innerHeight,
    problem,
  };
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
  const content = document.querySelector(".md-content") || document.body;
  // Headings that skip a level on the way down (h2 followed by h4), in the article.
  const skipped = [];
  let level = 0;
  for (const h of content.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const next = Number(h.tagName[1]);
    if (level && next > level + 1) skipped.push(`h${level} → h${next} «${h.textContent.replace("¶", "").trim()}»`);
    level = next;
  }
  // Tables without a header cell, and links whose text says nothing on its own.
  const headless = [...content.querySelectorAll("table")].filter((table) => !table.querySelector("th"))
    .map((table) => table.innerText.trim().split("\n")[0].slice(0, 40));
  const vague = /^(her|klikk her|trykk her|les mer|mer|lenke|denne|denne lenken|link|here|click here|read more|more)$/i;
  const vagueLinks = [...content.querySelectorAll("a[href]")]
    .map((a) => (a.getAttribute("aria-label") || a.textContent).replace("¶", "").trim())
    .filter((text) => vague.test(text) || /^https?:\/\//.test(text));
  return {
    skippedHeadings: skipped,
    headlessTables: headless,
    vagueLinks,
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


# Addresses the page would fetch from its markup, including what is lazy and not yet
# loaded (an image further down, a video's poster): every resource attribute, and the
# link relations that make the browser fetch or connect. Links to follow are not here.
RESOURCE_URLS_JS = r"""() => {
  const urls = [];
  const add = (value, base) => { try { urls.push(new URL(value, base || document.baseURI).href); } catch (e) {} };
  for (const el of document.querySelectorAll("[src], [poster], object[data], image[href], use[href]")) {
    for (const name of ["src", "poster", "data", "href"]) {
      const value = el.getAttribute(name);
      if (value && (name !== "href" || el instanceof SVGElement)) add(value);
    }
  }
  for (const el of document.querySelectorAll("[srcset]")) {
    for (const part of el.getAttribute("srcset").split(",")) add(part.trim().split(/\s+/)[0]);
  }
  const fetching = /\b(stylesheet|icon|preload|prefetch|modulepreload|manifest|preconnect|dns-prefetch|apple-touch-icon)\b/i;
  for (const el of document.querySelectorAll("link[href]")) {
    if (fetching.test(el.rel)) add(el.getAttribute("href"));
  }
  for (const el of document.querySelectorAll("[style*='url(']")) {
    for (const m of el.getAttribute("style").matchAll(/url\(\s*['"]?([^'")]+)/g)) add(m[1]);
  }
  return urls.filter((u) => /^(https?|wss?):/.test(u));
}"""


def search_for(tab, words: str) -> None:
    """Open Material's search with ``/`` as a reader does, type ``words`` once the search
    is open, and wait for the first result."""
    tab.wait_for_function(SEARCH_READY_JS)
    tab.keyboard.press("/")
    tab.locator("#__search:checked").wait_for(state="attached")
    tab.keyboard.type(words)
    tab.locator(".md-search-result__item").first.wait_for()
