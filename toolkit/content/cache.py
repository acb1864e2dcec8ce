"""What a build keeps so that the next one in the same process (the preview, after a save)
does not do the same work again, and what is kept on disk between processes.

The cache is an object passed in, never module state: a test or a second build in the
same process gets its own, or shares one on purpose. ``toolkit build``, ``toolkit check``
and a release make a fresh one per run (with the disk part, so hours of captions are
parsed once per checkout); the MkDocs adapter keeps one for the life of ``mkdocs serve``.
Everything in it is keyed by the text it was made from, so a stale entry is never used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Under the project: parsed captions kept between runs (gitignored; `make clean` and
#: deleting it are always safe), as Material's plugins keep theirs in .cache/.
CAPTIONS_DIR = ".cache/toolkit/captions"


@dataclass
class Cache:
    """Parsed items, parsed captions and rendered transcripts, by what they came from."""

    #: Where parsed captions are kept on disk (None: in memory only).
    captions_dir: Path | None = None
    #: source file → (collection, text, item or None, problems)
    items: dict[Path, tuple[str, str, Any, tuple[Any, ...]]] = field(default_factory=dict)
    #: source file → (mtime_ns, size, shown path, captions or None, problems)
    captions: dict[Path, tuple[int, int, str, Any, tuple[Any, ...]]] = field(default_factory=dict)
    #: id(captions) → (captions, chapters, transcript Markdown); the captions object is kept
    #: so that its id cannot be reused while the entry lives.
    transcripts: dict[int, tuple[Any, tuple[tuple[float, str], ...], str]] = field(default_factory=dict)

    @classmethod
    def for_project(cls, root: Path) -> Cache:
        """A fresh cache that keeps parsed captions in the project's ``.cache/``."""
        return cls(captions_dir=root / CAPTIONS_DIR)
