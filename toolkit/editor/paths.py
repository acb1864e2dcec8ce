"""Where the form's backend may read and write: the items the form edits, nowhere else.

decap-server, Decap's own local backend, writes, deletes and moves any file under the
repository it is given a path for. Behind ``toolkit edit`` it never sees a path that
came from the browser: each backend call is taken apart here, every path in it is
checked, and the call is built again from the checked parts only (``server``). So the
containment does not depend on what decap-server or a future version of it accepts.

A path is taken only as written: relative, with ``/`` between its parts, none of them
empty, ``.``, ``..`` or hidden (``.git``), no backslash or control character; and no part
of it on the disk may be a symbolic link (a link could lead out of ``content/``). Then:

- an *item* is a file of a kind the form edits (``fields.shape_of``):
  ``content/<collection>/<slug>.md``, ``content/<collection>/<slug>/index.md`` for a page
  bundle, or ``cohorts/<id>.yml``;
- a *media file* is a file directly in the configured media folder, or beside the
  ``index.md`` of a page bundle, with a suffix from :data:`MEDIA_SUFFIXES` (never
  Markdown, which would become a page, nor a script);
- a *folder* the form lists is a collection's folder, the media folder or a bundle.

Everything else is refused with a Norwegian message the CMS shows.
"""

from __future__ import annotations

import posixpath
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .fields import Shape, shape_of

#: What the form may upload: images for pages, and a recording's captions, video, slides.
MEDIA_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif",  # images (no SVG: it can carry scripts)
    ".pdf",  # slides
    ".vtt",  # captions
    ".mp4", ".webm",  # video (toolkit.collections.recordings.bundle.VIDEO_SUFFIXES)
    ".mp3", ".m4a",  # sound
})
MAX_PATH = 400  # characters; far above any item's path, far below what a file system takes
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")
_PATTERN = re.compile(r"[*?\[\]]")  # glob characters: never in an item's or a file's name
WHERE = "sidene ligger i content/<samling>/, kullene i cohorts/"


class Refused(Exception):
    """A path the form's backend will not touch; the message is for the editor."""


@dataclass(frozen=True)
class Places:
    """The places one project's form may touch."""

    root: Path  # the project, resolved
    shapes: dict[str, Shape]
    media_folder: str  # the configuration's media_folder (config.MEDIA_FOLDER)

    # --- the shape of a path ------------------------------------------------------------

    def clean(self, path: object) -> str:
        """``path`` if it is a plain relative path; Refused otherwise."""
        if not isinstance(path, str) or not path:
            raise Refused("forespørselen mangler en sti")
        shown = path if len(path) <= 80 else path[:80] + "…"
        if len(path) > MAX_PATH or _UNSAFE.search(path):
            raise Refused(f"{shown!r} er ikke en gyldig sti")
        parts = path.split("/")
        if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise Refused(f"«{shown}»: en sti skal være relativ til prosjektet, uten «..» og «.»")
        if any(part.startswith(".") for part in parts):
            raise Refused(f"«{shown}»: skjulte filer og mapper (som .git) er utenfor skjemaet")
        if any(part.startswith(("-", ":")) or _PATTERN.search(part) for part in parts) \
                or posixpath.normpath(path) != path:  # normpath: nothing should be left, but never rely on it
            raise Refused(f"«{shown}» er ikke et gyldig filnavn")
        self._no_links(path)
        return path

    def _no_links(self, path: str) -> None:
        """Refused if any existing part of ``path`` below the root is a link (or not a
        folder where a folder is needed)."""
        here = self.root
        parts = path.split("/")
        for index, part in enumerate(parts):
            here = here / part
            try:
                mode = here.lstat().st_mode
            except FileNotFoundError:
                return  # what does not exist yet is made by the write, below checked parts
            except OSError as exc:
                raise Refused(f"«{path}» kan ikke leses ({exc.strerror})") from None
            if stat.S_ISLNK(mode):
                raise Refused(f"«{path}» går gjennom en symbolsk lenke ({'/'.join(parts[:index + 1])}); "
                              "skjemaet følger ikke lenker")
            if index < len(parts) - 1 and not stat.S_ISDIR(mode):
                raise Refused(f"«{path}»: {'/'.join(parts[:index + 1])} er ikke en mappe")

    # --- what a path may be -------------------------------------------------------------

    def item(self, path: object) -> tuple[str, Shape]:
        """An item file the form edits, and its shape."""
        clean = self.clean(path)
        shape = shape_of(clean, self.shapes)
        if shape is None:
            raise Refused(f"«{clean}» er ikke en side eller et kull ({WHERE})")
        self._not_a_folder(clean)
        return clean, shape

    def media(self, path: object) -> str:
        """A file in the media folder, or beside a page bundle's index.md."""
        clean = self.clean(path)
        folder, name = posixpath.split(clean)
        if not (folder == self.media_folder or self._bundle(folder)) or name == "index.md":
            raise Refused(f"«{clean}»: filer lastes opp i {self.media_folder}/ eller i mappen til et opptak")
        if posixpath.splitext(name)[1].lower() not in MEDIA_SUFFIXES:
            allowed = ", ".join(sorted(MEDIA_SUFFIXES))
            raise Refused(f"«{name}»: skjemaet tar bare imot filer av typene {allowed}")
        self._not_a_folder(clean)
        return clean

    def asset(self, path: object, item: str, shape: Shape) -> str:
        """A file uploaded with ``item``: beside it in its bundle, or in the media folder."""
        clean = self.media(path)
        folder = posixpath.dirname(clean)
        if folder != self.media_folder and folder != posixpath.dirname(item):
            raise Refused(f"«{clean}» hører ikke til «{item}»: en fil lastes opp i mappen til siden "
                          "den hører til")
        if folder != self.media_folder and not shape.bundle:
            raise Refused(f"«{clean}»: bare opptak har filer i sin egen mappe")
        return clean

    def folder(self, path: object) -> str:
        """A folder the form lists: a collection's, the media folder or a bundle."""
        clean = self.clean(path)
        if clean in {shape.folder for shape in self.shapes.values()} or clean == self.media_folder \
                or self._bundle(clean):
            return clean
        raise Refused(f"«{clean}» er ikke en mappe skjemaet viser ({WHERE})")

    def _bundle(self, folder: str) -> bool:
        """``folder`` is (or will be) a page bundle's folder: content/<bundle collection>/<slug>."""
        return shape_of(f"{folder}/index.md", self.shapes) is not None

    def _not_a_folder(self, path: str) -> None:
        target = self.root / path
        if target.exists() and not target.is_file():
            raise Refused(f"«{path}» er ikke en fil")
