"""Byte ranges for a WSGI app that only serves whole files, such as ``mkdocs serve``.

Browsers seek in a video by asking for part of the file (``Range: bytes=…``). A web
server like nginx answers ``206 Partial Content``; MkDocs' development server answers
every request with the whole file, and Chromium then cannot seek beyond what it has
already downloaded (the video jumps back to the start). Wrapping the server's app in
:class:`ByteRanges` makes the preview behave like the intranet's web server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_CHUNK = 64 * 1024


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """``(first, last)`` byte of a single range; None to send the whole file (no header,
    several ranges, or a form we do not know); ``"unsatisfiable"`` past the end."""
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None
    if match.group(1):
        first = int(match.group(1))
        last = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
        if first >= size:
            return "unsatisfiable"
        if last < first:
            return None
        return first, last
    suffix = int(match.group(2))
    if suffix == 0:
        return "unsatisfiable"
    return max(0, size - suffix), size - 1


class ByteRanges:
    """WSGI middleware: answer a single byte range of a complete ``200 OK`` response."""

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            return start_response(status, headers, exc_info) if exc_info else _no_write

        body = self.app(environ, capture)
        status, headers = captured["status"], captured["headers"]
        length = _header(headers, "Content-Length")
        if not status.startswith("200") or length is None or environ.get("REQUEST_METHOD") not in (
            "GET", "HEAD",
        ):
            start_response(status, headers)
            return body
        size = int(length)
        wanted = parse_range(environ.get("HTTP_RANGE"), size)
        headers.append(("Accept-Ranges", "bytes"))
        if wanted is None:
            start_response(status, headers)
            return body
        if isinstance(wanted, str):  # "unsatisfiable"
            _close(body)
            start_response("416 Range Not Satisfiable",
                           [("Content-Range", f"bytes */{size}"), ("Content-Length", "0")])
            return []
        first, last = wanted
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers += [("Content-Range", f"bytes {first}-{last}/{size}"),
                    ("Content-Length", str(last - first + 1))]
        start_response("206 Partial Content", headers)
        return _slice(body, first, last)


def _no_write(data: bytes) -> None:  # the WSGI write() callable; MkDocs never uses it
    raise NotImplementedError("ByteRanges does not support write()")


def _header(headers: list, name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name.lower()), None)


def _close(body: Iterable[bytes]) -> None:
    close = getattr(body, "close", None)
    if close:
        close()


def _slice(body: Iterable[bytes], first: int, last: int) -> Iterator[bytes]:
    """Bytes ``first``..``last`` of a response body: a file object (as in wsgiref's
    FileWrapper) is seeked, anything else is skipped through."""
    try:
        handle = getattr(body, "filelike", None)
        if handle is not None and hasattr(handle, "seek"):
            handle.seek(first)
            left = last - first + 1
            while left > 0:
                data = handle.read(min(_CHUNK, left))
                if not data:
                    break
                left -= len(data)
                yield data
            return
        position = 0
        for chunk in body:
            start, end = max(first - position, 0), min(last + 1 - position, len(chunk))
            if start < end:
                yield chunk[start:end]
            position += len(chunk)
            if position > last:
                break
    finally:
        _close(body)
