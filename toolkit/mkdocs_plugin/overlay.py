"""The preview's problems, shown on every page it serves while the content has errors.

``make serve`` never stops serving: when a save brings an error, the preview keeps the
pages of its last build (or, with nothing built yet, what can be built without the
broken files), and every HTML page it answers with carries a box that lists each problem
as ``path:line: melding``, with a link to the page it concerns. The box is added as the
server answers (:class:`Overlay`, WSGI middleware like ``byte_ranges``), not built into
the pages: it comes and goes on every page at once without a page being rebuilt, and
MkDocs' live reload shows the change as soon as the build after a save is done.

It sits inside Material's ``announce`` component, which instant navigation replaces with
the next page's, and is styled by ``docs/assets/stylesheets/preview.css``. Every string
in it is data (``toolkit.escape``). Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .. import escape

# Where the box goes: at the start of Material's announce component, else of the body.
_ANNOUNCE = re.compile(rb'<div data-md-component="announce">')
_BODY = re.compile(rb"<body\b[^>]*>")


@dataclass(frozen=True)
class Shown:
    """One problem as the box lists it: its line, and the page it concerns if it has one."""

    text: str  # "path:line: melding", as toolkit check prints it
    url: str | None = None  # the page's address on the preview's server
    title: str | None = None  # the page's title, for the link


def box(problems: Sequence[Shown], note: str) -> bytes:
    """The box for ``problems`` (nothing when there are none); ``note`` says what the
    preview shows meanwhile."""
    if not problems:
        return b""
    count = f"{len(problems)} feil må rettes" if len(problems) > 1 else "Én feil må rettes"
    items = []
    for problem in problems:
        link = ""
        if problem.url is not None:
            label = f"Gå til siden «{problem.title}»" if problem.title else "Gå til siden"
            link = f' <a href="{escape.html(problem.url)}">{escape.html(label)}</a>'
        items.append(f"<li><code>{escape.html(problem.text)}</code>{link}</li>")
    html = (
        '<aside class="vk-problems md-typeset" aria-labelledby="vk-problems-tittel" data-vk-problems>'
        '<details class="failure" open>'
        f'<summary><h2 id="vk-problems-tittel">{count}</h2></summary>'
        f"<p>{escape.html(note)} Siden lastes inn på nytt når filene er rettet og lagret.</p>"
        f'<ul>{"".join(items)}</ul>'
        "</details></aside>"
    )
    return html.encode("utf-8")


def insert(page: bytes, html: bytes) -> bytes:
    """``page`` with ``html`` at the start of Material's announce component (or of the body)."""
    for place in (_ANNOUNCE, _BODY):
        found = place.search(page)
        if found:
            return page[:found.end()] + html + page[found.end():]
    return html + page


class Overlay:
    """WSGI middleware: every HTML response gets the box that ``current`` returns."""

    def __init__(self, app: Callable, current: Callable[[], bytes]):
        self.app = app
        self.current = current

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            return start_response(status, headers, exc_info) if exc_info else _no_write

        body = self.app(environ, capture)
        # Asked only now: MkDocs' server answers a page once the build under way is done.
        html = self.current()
        status, headers = captured["status"], captured["headers"]
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not html or not kind.startswith("text/html"):
            start_response(status, headers)
            return body
        try:
            page = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close:
                close()
        page = insert(page, html)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(page)))])
        return [page]


def _no_write(data: bytes) -> None:  # the WSGI write() callable; MkDocs never uses it
    raise NotImplementedError("Overlay does not support write()")
