"""Reading the files editors write: inside the repository, as UTF-8, never a traceback.

Every file the build reads (content, the taxonomy, cohorts, the site's own pages, captions)
comes through here, so that the same rules hold everywhere:

- A symbolic link that leads outside the repository (or into ``.git``) is an error with
  its path, and the file is neither read nor published: a link such as
  ``passwd.pdf -> /etc/passwd`` in a recording's folder must not put the server's files
  on the intranet.
- Text is UTF-8. A byte order mark (which some editors' tools write) is read and dropped;
  any other encoding is an error that names the line of the first bad byte, instead of a
  ``UnicodeDecodeError`` from deep inside the build.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..problems import Problem

#: The folders whose files reach the site (a build reads nothing else of editors').
PUBLISHED_DIRS = ("content", "docs", "cohorts")


def shown(path: Path, root: Path) -> str:
    """``path`` as editors see it: relative to the repository, with forward slashes."""
    text, top = os.fspath(path), os.fspath(root)
    if text.startswith(top + os.sep) and top not in ("", "."):  # the usual case, without pathlib
        return text[len(top) + 1 :].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def outside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link on the way followed, leaves ``root``
    or leads into its ``.git`` folder."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ()
    if parts and parts[0] != ".git" and ".." not in parts and not _any_link(root, parts):
        return False  # below the root with no link on the way: no need to resolve every folder
    real_root = root.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return True
    return not real.is_relative_to(real_root) or real.is_relative_to(real_root / ".git")


def _any_link(root: Path, parts: tuple[str, ...]) -> bool:
    """Whether a folder or file on the way from ``root`` down through ``parts`` is a
    symbolic link (one ``lstat`` each; a missing one counts as a link, to be resolved)."""
    current = os.fspath(root)
    for part in parts:
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return True
        except OSError:
            return True
    return False


def escaping_links(root: Path, folders: Iterable[str] = PUBLISHED_DIRS) -> tuple[set[Path], list[Problem]]:
    """Every symbolic link under ``folders`` of ``root`` that leads outside the repository:
    the paths (as found, not resolved) and one problem each. Links inside the repository
    are fine; a folder link that leads outside is reported once and not walked into."""
    refused: set[Path] = set()
    problems: list[Problem] = []
    for name in folders:
        top = root / name
        if top.is_symlink() and outside(top, root):
            refused.add(top)
            problems.append(_link_problem(top, root))
            continue
        for path in _walk(top):
            if path.is_symlink() and outside(path, root):
                refused.add(path)
                problems.append(_link_problem(path, root))
    return refused, problems


def _walk(top: Path) -> Iterator[Path]:
    """Every file and folder under ``top``, not following folder links (they are
    reported, not entered, when they lead outside; inside the repository they are walked
    where they really are)."""
    if not top.is_dir():
        return
    for folder, dirs, files in os.walk(top, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs) + sorted(files):
            yield base / name


def _link_problem(path: Path, root: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Problem(shown(path, root), 0, (
        f"er en symbolsk lenke til «{target}», utenfor repoet: bare filer i repoet kan "
        "publiseres; kopier filen inn i stedet"))


def read_text(source: Path, root: Path, what: str = "filen") -> tuple[str | None, list[Problem]]:
    """The text of ``source``, or None and the problems that stop it being read."""
    if outside(source, root):
        return None, [_link_problem(source, root)]
    try:
        data = source.read_bytes()
    except OSError as exc:
        return None, [Problem(shown(source, root), 0, f"kan ikke lese {what}: {exc.strerror or exc}")]
    return decode(data, shown(source, root), what)


def decode(data: bytes, path: str, what: str = "filen") -> tuple[str | None, list[Problem]]:
    """UTF-8 text without a byte order mark; a file in another encoding is a problem at
    the line of its first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        return None, [Problem(path, line, (
            f"{what} er ikke UTF-8 (byten 0x{byte} på denne linjen): lagre den som UTF-8"))]
    # Universal newlines, as Python's text mode reads files: lines are counted by \n.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
