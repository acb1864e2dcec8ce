"""What a command may write: one rule for every writer, decided by the toolkit's own marker.

Every command that writes a folder or a file asks this module first: ``toolkit build
--site-dir`` and a plain ``mkdocs build`` (through the plugin's ``on_pre_build``),
``toolkit export``, ``toolkit export-markdown``, ``toolkit cms-config --output``,
``toolkit schema DIR``, ``toolkit release`` (its worktree), ``toolkit clean`` and
``bench/run.py`` (``--output``, ``--keep``). The rule:

- **A folder** is replaced only when it is new, empty, or carries the marker file
  ``.toolkit-output`` that the same command wrote there (its first line names the
  command). Never the project root, a folder that contains it, a project folder
  (``PROTECTED``, and every top-level folder with files tracked by git) or a folder
  inside one, a folder holding tracked files, or a git repository.
- **A file** is written only where no file is, or where a file the same command made
  is: one whose first lines carry ``toolkit-output: <command>`` in the file's own comment
  syntax (``# …`` in YAML, ``<!-- … -->`` in Markdown, ``"$comment"`` in a JSON Schema);
  or, for a file that is neither, when the user gave the command's ``--force``, and the
  command then names the file it overwrote. Never inside ``.git`` or a project folder
  (``content/temaer.yml`` stays the editors' whatever the options).

What a folder or file looks like decides nothing: only the marker does. A refusal is
``UnsafeTarget`` with one Norwegian line; the command prints it and exits 2.

A command writes a folder beside its target first (``Staging``: ``.<name>-XXXX``, marked
as the command's work in progress and locked with ``flock`` while the command lives) and
swaps it in when complete (``replace_dir``), so a reader or web server never sees half of
one. A command that was killed leaves its staging folder behind; the next run of the same
command removes it (``remove_leftovers``: only folders whose marker says so and whose lock
no living process holds).

This module sits with the package's helpers (beside ``problems``, ``layout``), below
every writer, so ``cli``, ``publish``, ``editor``, the MkDocs plugin and ``bench/`` all
import it without reaching up the flow; it needs nothing but the standard library, so the
``toolkit`` command still starts light.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

#: Written into every folder a command makes; its first line names the command.
MARKER = ".toolkit-output"
#: The marker's second line in a folder that is a command's work in progress (or an old
#: output moved aside to be removed): never an output to keep.
STAGING = "staging"
#: In a file a command made: ``toolkit-output: <command>`` within its first lines.
FILE_MARK = "toolkit-output:"
_FILE_MARK_LINES = 3

# The project's own folders. Every other top-level folder holding tracked files is added
# to these for folders when git is at hand; these hold even in a copy without git, and no
# command writes a file into them.
PROTECTED = (".git", "content", "docs", "cohorts", "hooks", "overrides", "toolkit", "tests",
             "bench", "docs-dev", "scripts", ".ci")


class UnsafeTarget(Exception):
    """Why a command may not write a folder or file: one line in Norwegian."""


@dataclass(frozen=True)
class Output:
    """One command as a writer: the name its markers carry, and its option (if any) to
    overwrite a file it did not make."""

    command: str
    force: str | None = None

    @property
    def file_mark(self) -> str:
        """What a file this command writes carries in its first lines, in a comment."""
        return f"{FILE_MARK} {self.command}"


SITE = Output("toolkit build")  # `toolkit build`, and a plain `mkdocs build` (the same site)
EXPORT = Output("toolkit export")
MARKDOWN = Output("toolkit export-markdown")
CMS_CONFIG = Output("toolkit cms-config", force="--force")
SCHEMA = Output("toolkit schema", force="--force")
RELEASE = Output("toolkit release")
BENCH = Output("bench/run.py")


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder, unless that takes
    more than one step up."""
    try:
        relative = os.path.relpath(path)
    except (OSError, ValueError):
        return str(path)
    return relative if not relative.startswith(os.pardir + os.sep + os.pardir) else str(path)


def _name(target: Path, resolved: Path) -> str:
    name = f"«{shown(target)}»"
    if resolved != Path(os.path.normpath(target.absolute())):
        name += f" (som peker til {resolved})"
    return name


def _tracked(root: Path, *pathspec: str) -> list[str] | None:
    """Files git tracks in ``root`` (under ``pathspec``, taken literally), or None when
    git cannot tell."""
    try:
        result = subprocess.run(["git", "--literal-pathspecs", "ls-files", "-z", "--", *pathspec], cwd=root,
                                capture_output=True, text=True)
    except OSError:
        return None
    return [p for p in result.stdout.split("\0") if p] if result.returncode == 0 else None


def project_folders(root: Path) -> set[str]:
    """The project's top-level folders that no command may replace: ``PROTECTED`` and
    every top-level folder with a tracked file in it."""
    tracked = _tracked(root) or []
    return set(PROTECTED) | {path.split("/", 1)[0] for path in tracked if "/" in path}


def _marker_lines(folder: Path) -> list[str]:
    try:
        return (folder / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def made_by(folder: Path, output: Output) -> bool:
    """Whether ``folder`` carries ``output``'s marker (a finished output, or its work in
    progress), and so may be replaced by it."""
    lines = _marker_lines(folder)
    return bool(lines) and lines[0].strip() == output.command


# --- folders ------------------------------------------------------------------------------


def check_folder(root: Path, target: Path, output: Output) -> Path:
    """The folder ``target`` resolved, when ``output``'s command may write or replace it;
    otherwise ``UnsafeTarget`` saying why."""
    try:
        return _check_folder(root, target, output)
    except OSError as exc:  # a name too long, a folder that may not be read: still one line
        raise UnsafeTarget(_unusable(target, exc)) from None


def _unusable(target: Path, exc: OSError) -> str:
    return f"«{shown(target)}» kan ikke brukes: {reason(exc)}"


_REASONS = MappingProxyType({
    errno.ENAMETOOLONG: "navnet er for langt for filsystemet",
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ikke tillatt",
    errno.ENOENT: "finnes ikke",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EISDIR: "er en mappe",
    errno.EROFS: "filsystemet kan bare leses",
    errno.ENOSPC: "disken er full",
    errno.ELOOP: "for mange symbolske lenker etter hverandre",
})


def reason(exc: OSError) -> str:
    """What the file system said, in Norwegian where the error is a common one."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _check_folder(root: Path, target: Path, output: Output) -> Path:
    root = root.resolve()
    resolved = target.resolve()  # symlinks and `..` first: decide on the real folder
    name = _name(target, resolved)
    advice = "velg en egen mappe for resultatet, som site/ eller en mappe utenfor prosjektet"
    if resolved == root:
        raise UnsafeTarget(f"{name} er prosjektmappen; {advice}")
    if resolved in root.parents:
        raise UnsafeTarget(f"{name} inneholder prosjektmappen; {advice}")
    if resolved.is_relative_to(root):
        top = resolved.relative_to(root).parts[0]
        if top in project_folders(root):
            where = "er" if len(resolved.relative_to(root).parts) == 1 else "ligger i"
            raise UnsafeTarget(f"{name} {where} {top}/, som hører til prosjektet; {advice}")
    if ".git" in resolved.parts:
        raise UnsafeTarget(f"{name} ligger i .git-mappen til et git-repo; {advice}")
    if resolved.exists() and not resolved.is_dir():
        raise UnsafeTarget(f"{name} finnes og er ikke en mappe; {advice}")
    if resolved.is_relative_to(root) and _tracked(root, str(resolved.relative_to(root))):
        raise UnsafeTarget(f"{name} inneholder filer som er sjekket inn i git; {advice}")
    if resolved.is_dir() and any(resolved.iterdir()):
        if (resolved / ".git").exists():
            raise UnsafeTarget(f"{name} er et git-repo; {advice}")
        if not made_by(resolved, output):
            raise UnsafeTarget(f"{name} finnes, er ikke tom og er ikke laget av «{output.command}» (den har ikke "
                               f"merket {MARKER}); velg en ny eller tom mappe (eller flytt den bort selv først)")
    return resolved


def claim_folder(root: Path, target: Path, output: Output, *, mark: bool = True) -> Path:
    """``check_folder``, then make the folder and (with ``mark``) give it ``output``'s
    marker unless it has one, so the next run may replace it. For a builder that writes
    the folder itself (a plain ``mkdocs build``: its ``--clean`` keeps dotfiles)."""
    resolved = check_folder(root, target, output)
    resolved.mkdir(parents=True, exist_ok=True)
    if mark and not made_by(resolved, output):
        (resolved / MARKER).write_text(output.command + "\n", encoding="utf-8")
    return resolved


def fresh_folder(root: Path, target: Path, output: Output) -> Path:
    """``check_folder``, then an empty folder at ``target`` marked as ``output``'s (what was
    there, which ``check_folder`` allowed, removed first). For a command that works in the
    folder itself rather than swapping one in (``bench/run.py --keep``)."""
    resolved = check_folder(root, target, output)
    if resolved.is_dir():
        shutil.rmtree(resolved)
    resolved.mkdir(parents=True)
    (resolved / MARKER).write_text(output.command + "\n", encoding="utf-8")
    return resolved


class Staging:
    """A new folder beside ``target`` (the same file system) that a command writes into
    before ``replace_dir`` swaps it in.

    It is marked at once as ``output``'s work in progress and the marker is locked
    (``flock``, released by the kernel however this process ends), so the next run can
    tell a folder left by a killed run from one a running command is still writing."""

    def __init__(self, target: Path, output: Output):
        target.parent.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.path = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        self._fd: int | None = os.open(self.path / MARKER, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self._write(f"{output.command}\n{STAGING}\n")

    def _write(self, text: str) -> None:
        assert self._fd is not None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, text.encode("utf-8"), 0)

    def finish(self) -> None:
        """Mark the folder as ``output``'s finished output (it is about to be swapped in)."""
        self._write(self.output.command + "\n")

    def close(self) -> None:
        """Remove what is left of the folder (nothing after a swap) and let go of the lock."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def staging_dir(target: Path, output: Output) -> Staging:
    """A new, marked and locked folder beside ``target`` to write into first."""
    return Staging(target, output)


def replace_dir(staging: Staging, target: Path) -> None:
    """Mark ``staging`` as finished and move it to ``target``, replacing what was there
    (which ``check_folder`` allowed); both on one file system."""
    staging.finish()
    if not target.exists():
        staging.path.rename(target)
        return
    # The old output is marked as a leftover before it moves aside (it stays the command's
    # either way), so a kill between the two renames leaves nothing the next run keeps.
    if (target / MARKER).is_file():
        (target / MARKER).write_text(f"{staging.output.command}\n{STAGING}\n", encoding="utf-8")
    # A fresh name for the old folder: never remove anything this swap did not move away.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    target.rename(old)  # onto the empty folder: POSIX rename replaces it
    staging.path.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _lock_is_free(marker: Path) -> bool:
    try:
        fd = os.open(marker, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def is_leftover(folder: Path, output: Output) -> bool:
    """A folder ``output``'s command left behind when it was killed: marked as its work in
    progress, and no living process holds its lock."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    lines = _marker_lines(folder)
    return (len(lines) >= 2 and lines[0].strip() == output.command and lines[1].strip() == STAGING
            and _lock_is_free(folder / MARKER))


def remove_leftovers(target: Path, output: Output) -> list[Path]:
    """Remove the staging folders a killed run of ``output``'s command left beside
    ``target`` (``.<name>-XXXX``, marked, unlocked); returns them."""
    removed: list[Path] = []
    parent = target.parent
    if not parent.is_dir():
        return removed
    for folder in sorted(parent.glob(f".{target.name}-*")):
        if is_leftover(folder, output):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def marked_temp_dir(prefix: str, output: Output) -> Path:
    """A new folder in the system's temporary folder, marked as ``output``'s work in
    progress (without a lock: a command that records it elsewhere, like a release's
    worktree in its lock file, removes it itself)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / MARKER).write_text(f"{output.command}\n{STAGING}\n", encoding="utf-8")
    return folder


# --- files --------------------------------------------------------------------------------


def made_file(path: Path, output: Output) -> bool:
    """Whether the file at ``path`` carries ``output``'s mark in its first lines."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            head = [file.readline(4096) for _ in range(_FILE_MARK_LINES)]
    except OSError:
        return False
    pattern = re.compile(re.escape(output.file_mark) + r"(?![\w-])")
    return any(pattern.search(line) for line in head)


def check_file(root: Path, target: Path, output: Output, *, force: bool = False,
               make_parents: bool = False) -> Path:
    """The file ``target`` resolved, when ``output``'s command may write it: no file is
    there, or one it made (``made_file``), or one the user named with ``force``; never a
    folder, nor a file inside ``.git`` or a project folder. ``make_parents``: a missing
    folder on the way is fine (the command makes it). Otherwise ``UnsafeTarget``."""
    try:
        return _check_file(root, target, output, force, make_parents)
    except OSError as exc:
        raise UnsafeTarget(_unusable(target, exc)) from None


def _check_file(root: Path, target: Path, output: Output, force: bool, make_parents: bool) -> Path:
    root = root.resolve()
    resolved = target.resolve()
    name = _name(target, resolved)
    if resolved.is_dir():
        raise UnsafeTarget(f"{name} er en mappe; oppgi en fil")
    if ".git" in resolved.parts:
        raise UnsafeTarget(f"{name} ligger i .git-mappen til et git-repo; velg en fil utenfor den")
    if resolved.is_relative_to(root):
        parts = resolved.relative_to(root).parts
        if len(parts) > 1 and parts[0] in PROTECTED:
            raise UnsafeTarget(f"{name} ligger i {parts[0]}/, som hører til prosjektet; "
                               "velg en fil utenfor prosjektets mapper")
    folder = resolved.parent
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise UnsafeTarget(f"«{shown(existing)}» er ikke en mappe; velg en fil i en mappe")
    if not folder.is_dir() and not make_parents:
        raise UnsafeTarget(f"mappen «{shown(folder)}» finnes ikke; lag den først, eller velg en fil i en "
                           "mappe som finnes")
    if resolved.exists() and not made_file(resolved, output) and not force:
        hint = f", eller bruk {output.force} for å overskrive den" if output.force else ""
        raise UnsafeTarget(f"{name} finnes og er ikke laget av «{output.command}» (den mangler merket "
                           f"«{output.file_mark}»); velg et annet filnavn{hint}")
    return resolved


def overwrites(path: Path, output: Output) -> bool:
    """Whether writing ``path`` replaces a file ``output``'s command did not make (what a
    command says aloud when ``--force`` let it)."""
    return path.exists() and not made_file(path, output)
