"""MkDocs hook: ``mkdocs serve`` answers byte ranges, so a recording's video can seek in
the preview as it does on the intranet's web server (see toolkit/byte_ranges.py)."""

from __future__ import annotations

from toolkit.mkdocs_plugin.byte_ranges import ByteRanges


def on_serve(server, config, builder):
    server.set_app(ByteRanges(server.get_app()))
    return server
