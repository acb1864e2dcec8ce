"""Generated files whose text is made when MkDocs reads them (issue 26).

A build leaves a recording's captions to a worker process (``pipeline.build(later=True)``)
and makes each recording's page when MkDocs reads it, so that the parsing overlaps MkDocs'
rendering of the pages before it. MkDocs 1.6 reads a generated file's text from its
``_content`` (``File.content_string``, ``content_bytes``, ``copy_file``, ``is_modified``),
so a ``LaterFile`` makes that text on first read. ``tests/test_later_pages.py`` builds a
site this way and holds it to the one built with every page made at once.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


class LaterFile(File):
    """A generated file whose text ``make`` makes when MkDocs first reads it."""

    _make: Callable[[], str] | None = None
    _made: str | bytes | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, src_uri: str, make: Callable[[], str]) -> LaterFile:
        file = cls.generated(config, src_uri, content="")
        assert isinstance(file, LaterFile)
        file._make = make
        return file

    @property
    def _content(self) -> str | bytes | None:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made, self._make = value, None
