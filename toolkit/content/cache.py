"""What a build keeps so that the next one in the same process (the preview, after a save)
does not do the same work again, and what is kept on disk between processes.

The cache is an object passed in, never module state: a test or a second build in the
same process gets its own, or shares one on purpose. ``toolkit build``, ``toolkit check``
and a release make a fresh one per run (with a folder on disk, so hours of captions are
parsed once per checkout); the MkDocs adapter keeps one for the life of ``mkdocs serve``.
Everything in it is keyed by what it was made from, so a stale entry is never used.

It holds the parsed items, which every collection has, and a part of its own for each
collection that keeps more (``part``): the recordings keep their parsed captions and
rendered transcripts there (``toolkit/collections/recordings/``); this module knows none
of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..problems import Problem

#: Under the project: what the toolkit keeps between runs (gitignored; `make clean` and
#: deleting it are always safe), as Material's plugins keep theirs in .cache/.
CACHE_DIR = ".cache/toolkit"

T = TypeVar("T")


@dataclass
class Cache:
    """Parsed items by their file's text, and each collection's own part."""

    #: Where the parts keep files between runs (``CACHE_DIR`` under the project; None: in
    #: memory only).
    folder: Path | None = None
    #: source file → (collection, text, item or unread item or None, problems)
    items: dict[Path, tuple[str, str, Any, tuple[Problem, ...]]] = field(default_factory=dict)
    #: A collection's own part, under the type that ``part`` made.
    parts: dict[type, object] = field(default_factory=dict)

    @classmethod
    def for_project(cls, root: Path) -> Cache:
        """A fresh cache that keeps what its parts keep on disk in the project's ``.cache/``."""
        return cls(folder=root / CACHE_DIR)

    def part(self, kind: type[T], make: Callable[[Path | None], T]) -> T:
        """A collection's own part of the cache, made the first time by ``make`` (given
        ``folder``, where it may keep files in a folder of its own) and kept under ``kind``."""
        found = self.parts.get(kind)
        if not isinstance(found, kind):
            found = make(self.folder)
            self.parts[kind] = found
        return found
