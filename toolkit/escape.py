"""Every string from a field is data: one function for each place it is written.

Only an editor's Markdown body is trusted (it may hold HTML on purpose). Everything else
that reaches a page (front-matter fields, the theme file, cohort files, captions, file
names) is data, and goes through exactly one of these at the point where it becomes
part of an output (docs-dev/security.md):

- ``md``: text placed in a generated Markdown page, in Markdown or in raw HTML inside
  it (a card, a table cell, a heading, an attribute value). It is one line, HTML-escaped,
  and no Markdown syntax of the site's extensions can start in it.
- ``html``: HTML text or a quoted attribute value that no Markdown processor reads:
  theme templates, and the titles and descriptions handed to MkDocs (``page_meta``,
  ``nav_title``), which Material prints without escaping.
- ``url``: an address for a link or a media source, or ``None`` where none may be made;
  ``file_url``: a file beside the page.
- ``link``: a Markdown link from escaped text and an address (text alone without one).
- ``json_text``: JSON that stays inert even when pasted into an HTML page.
- ``vtt``: WebVTT cue text (the chapters track).

Python's own ``html.escape`` and ad-hoc ``replace`` calls are not used for data in
``toolkit/pages``: a test (tests/test_escape.py) holds every renderer to this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import quote

from markupsafe import Markup
from markupsafe import escape as _escape

# C0 controls (tab, newline and carriage return aside) and DEL: never text. Python-Markdown
# uses \x02 and \x03 to mark its placeholders, so they must not come in from data.
_CONTROLS = MappingProxyType({c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]})
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # the same set: str.translate is slow

# In generated Markdown, these characters become character references, which are plain
# text to Python-Markdown and every extension while the browser shows the character
# itself. Everywhere: HTML's five (`"` and `'` for attribute values), and what starts
# syntax anywhere in a line: `\` escapes, `` ` `` code, `*` `_` emphasis, `[ ]` links,
# images, footnotes and abbreviations, `{ }` attr_list, `#` headings (a closing `#` is
# cut from a heading), `=` mark, `^` caret, `~` tilde, `|` table cells, `+` lists and
# smartsymbols' `+/-`. Only where they would mean something, so that ordinary prose stays
# readable in the HTML: `:` before a name (an emoji, `:smile:`), the `(` of smartsymbols'
# `(c)`, `(r)`, `(tm)`, a `/` after a digit or a `c` (`1/2`, `c/o`), and a digit's
# `st`, `nd`, `rd`, `th` (ordinals set with <sup>).
#
# Each alternative starts with a character, not a look-behind, and the letters are listed in
# both cases rather than matched with IGNORECASE (which would also fold «ſ» into «s», so it
# is listed too): the regex engine then skips quickly to the next candidate. It runs on every
# line of every transcript; tests/test_escape.py holds it to the plain form of the rules.
_SPECIAL = re.compile(
    r"""[\\`*_\[\]{}#=^~|+&<>"']"""
    r"|:(?=[\w+\-])|\((?=(?:[cCrR]|[tT][mM])\))|/(?<=[\dcC]/)|[snrtSNRTſ](?<=\d[snrtSNRTſ])(?=[tdhTDH])"
)
_NAMED = MappingProxyType({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
# What starts a block only at the start of a line: a list (`-`, `1.`, `1)`), a details
# block (`???`), an admonition (`!!!`), a definition (`:`), a rule (`-`).
_LINE_START = re.compile(r"^(?:[-?!:]|(\d+)[.)])")


def _reference(match: re.Match[str]) -> str:
    char = match[0]
    return _NAMED.get(char) or f"&#{ord(char)};"


_ALLOWED_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Kept as they are in an address: letters, digits, the reserved characters that give it
# its structure, and existing percent escapes. Everything else (spaces, quotes, angle
# brackets, parentheses, backslashes, non-ASCII) is percent-encoded, so the address ends
# neither a Markdown link target nor an attribute value.
_URL_SAFE = "%:/?#@!$&*+,;=-._~"


def _one_line(value: object) -> str:
    """The value as one line of text: controls removed, every run of whitespace (line
    breaks, Unicode line separators) one space, none at either end."""
    text = str(value)
    if _ANY_CONTROL.search(text):
        text = text.translate(_CONTROLS)
    return " ".join(text.split())


def md(value: object) -> str:
    """Data as text in a generated Markdown page: HTML-escaped, on one line, with no
    Markdown syntax left in it. Safe as Markdown text, inside raw HTML in the page, and as
    a double- or single-quoted attribute value there."""
    text = _one_line(value)
    first = ""
    start = _LINE_START.match(text)
    if start:
        first = f"{start[1] or ''}&#{ord(text[start.end() - 1])};"
        text = text[start.end():]
    return first + _SPECIAL.sub(_reference, text)


def html(value: object) -> Markup:
    """Data as HTML text or a quoted attribute value where no Markdown is read (theme
    templates, titles handed to MkDocs). A ``Markup`` result: Jinja's ``| e`` leaves it
    as it is, so it is never escaped twice."""
    return _escape(_one_line(value))


def url(value: object) -> str | None:
    """An address to link to: ``http:``, ``https:`` or relative (no scheme), else ``None``.

    Browsers drop tabs and line breaks inside an address and blanks around it before
    they read its scheme, so those are dropped here before the scheme is judged. The
    result is percent-encoded where a character would end a Markdown link target or an
    attribute value; pass it through ``html`` (or let Python-Markdown write it) for an
    attribute."""
    text = re.sub(r"[\t\n\r]", "", str(value)).strip("".join(map(chr, range(0x21))))
    scheme = _SCHEME.match(text)
    if scheme and scheme[1].lower() not in _ALLOWED_SCHEMES:
        return None
    return quote(text, safe=_URL_SAFE)


def file_url(name: str) -> str:
    """A file beside the page (a page bundle's video, captions, slides) as a relative
    address: every character but letters, digits, ``/`` and ``-._~`` percent-encoded, so
    that no name (``javascript:x.pdf``, ``a b.pdf``, ``x").pdf``) reads as a scheme or ends
    a link target. MkDocs decodes it again when it checks the link."""
    return quote(str(name), safe="/-._~")


def link(text: str, address: object) -> str:
    """``[text](address)`` when ``address`` is a safe one, else ``text`` alone. ``text`` is
    Markdown already (made with ``md``); the address is data.

    Python-Markdown writes a link target into ``href`` as it is, character references
    included, and the browser decodes them: ``javascript&#58;…`` would become a
    ``javascript:`` link. So every ``&`` goes in as ``&amp;``, which reads as ``&`` again."""
    target = url(address) if address is not None else None
    return f"[{text}]({target.replace('&', '&amp;')})" if target else text


def json_text(data: object, indent: int | None = 2) -> str:
    """JSON for other services, with ``<``, ``>``, ``&``, ``'`` and the two Unicode line
    separators as ``\\u`` escapes (as Jinja's ``tojson`` writes them): the same data to
    every JSON reader, and nothing that starts a tag or ends an attribute if the text
    lands in an HTML page."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    for char in "<>&'\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def vtt(value: object) -> str:
    """Data as WebVTT cue text: one line (a blank line would end the cue), and ``&``,
    ``<`` and ``>`` as the entities WebVTT reads (so no ``-->`` and no cue tags)."""
    return _one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def nav_title(title: object) -> object:
    """A title for MkDocs' navigation (sections, pages, links), which Material prints
    without escaping: as ``html``, once (a ``Markup`` title is left as it is)."""
    if title is None or isinstance(title, Markup):
        return title
    return html(title)


def page_meta(meta: Mapping[str, object]) -> dict[str, object]:
    """A page's front matter with ``title`` and ``description`` made ``html``, for the
    theme: Material prints ``page.meta.title`` in the header and ``<title>``, and
    ``page.meta.description`` in ``<meta name="description" content="...">``, unescaped."""
    out = dict(meta)
    for key in ("title", "description"):
        value = out.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            out[key] = html(value)
    return out
