"""Where a command may write a folder, and swapping a finished folder into place.

Every command that writes or replaces a folder (``toolkit build --site-dir``, ``toolkit
export``, ``toolkit export-markdown``, and a plain ``mkdocs build`` through the hook) asks
``check_target`` first, so that no typo can replace the project or anyone's work:

- never the project root, a folder that contains it, or a folder of the project (the ones
  in ``PROTECTED`` and every other top-level folder that holds files tracked by git), nor
  a folder inside one of them or holding a tracked file;
- never a git repository, a file, or a non-empty folder that the same command did not
  make. What a command makes carries a marker file (``MARKER``, naming the command), so
  the next run may replace it; a site or export made before markers existed is
  recognised by its shape.

Symlinks and ``..`` are resolved before deciding. A swap (``replace_dir``) writes the new
folder beside the old one and renames it into place, so a reader or web server never
sees half of one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Written into every folder a command makes; it names the command.
MARKER = ".toolkit-output"

# The project's own folders. Every other top-level folder holding tracked files is added
# to these when git is at hand; these hold even in a copy without git.
PROTECTED = (".git", "content", "docs", "cohorts", "hooks", "overrides", "toolkit", "tests",
             "bench", "docs-dev", "scripts", ".ci")


class UnsafeTarget(Exception):
    """Why a command may not write a folder: one line in Norwegian."""


@dataclass(frozen=True)
class Output:
    """What one command writes, so that its next run may replace it and nothing else."""

    command: str
    # Recognises what the command wrote before it left a marker (earlier versions).
    earlier: Callable[[Path], bool]


def _looks_like_site(folder: Path) -> bool:
    """A site MkDocs built (toolkit build, mkdocs build, mike): its 404 page and sitemap."""
    return (folder / "404.html").is_file() and (folder / "sitemap.xml").is_file()


def _looks_like_export(folder: Path) -> bool:
    """An earlier ``toolkit export``: mike's versions.json and the root redirect."""
    return (folder / "versions.json").is_file() and (folder / "index.html").is_file()


def _looks_like_markdown_export(folder: Path) -> bool:
    """An earlier ``toolkit export-markdown``: docs/ and an mkdocs.yml without our hooks."""
    names = {p.name for p in folder.iterdir()}
    config = folder / "mkdocs.yml"
    return ({"docs", "mkdocs.yml"} <= names <= {"docs", "mkdocs.yml", "overrides", "site"}
            and config.is_file() and "\nhooks:" not in config.read_text(encoding="utf-8", errors="replace"))


SITE = Output("toolkit build", _looks_like_site)
EXPORT = Output("toolkit export", _looks_like_export)
MARKDOWN = Output("toolkit export-markdown", _looks_like_markdown_export)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder, unless that takes
    more than one step up."""
    try:
        relative = os.path.relpath(path)
    except (OSError, ValueError):
        return str(path)
    return relative if not relative.startswith(os.pardir + os.sep + os.pardir) else str(path)


def _tracked(root: Path, *pathspec: str) -> list[str] | None:
    """Files git tracks in ``root`` (under ``pathspec``), or None when git cannot tell."""
    try:
        result = subprocess.run(["git", "ls-files", "-z", "--", *pathspec], cwd=root,
                                capture_output=True, text=True)
    except OSError:
        return None
    return [p for p in result.stdout.split("\0") if p] if result.returncode == 0 else None


def project_folders(root: Path) -> set[str]:
    """The project's top-level folders that no command may write: ``PROTECTED`` and every
    top-level folder with a tracked file in it."""
    tracked = _tracked(root) or []
    return set(PROTECTED) | {path.split("/", 1)[0] for path in tracked if "/" in path}


def check_target(root: Path, target: Path, output: Output) -> Path:
    """The folder ``target`` resolved, when ``output``'s command may write or replace it;
    otherwise ``UnsafeTarget`` saying why."""
    root = root.resolve()
    resolved = target.resolve()  # symlinks and `..` first: decide on the real folder
    name = f"«{shown(target)}»"
    if resolved != Path(os.path.normpath(target.absolute())):
        name += f" (som peker til {resolved})"
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
    if resolved.exists() and not resolved.is_dir():
        raise UnsafeTarget(f"{name} finnes og er ikke en mappe; {advice}")
    if resolved.is_relative_to(root) and _tracked(root, str(resolved.relative_to(root))):
        raise UnsafeTarget(f"{name} inneholder filer som er sjekket inn i git; {advice}")
    if resolved.is_dir() and any(resolved.iterdir()):
        if (resolved / ".git").exists():
            raise UnsafeTarget(f"{name} er et git-repo; {advice}")
        if not made_by(resolved, output):
            raise UnsafeTarget(f"{name} finnes, er ikke tom og er ikke laget av «{output.command}»; "
                               "velg en ny eller tom mappe (eller flytt den bort selv først)")
    return resolved


def made_by(folder: Path, output: Output) -> bool:
    """Whether ``folder`` is what ``output``'s command wrote (and so may replace)."""
    marker = folder / MARKER
    if marker.is_file():
        return marker.read_text(encoding="utf-8", errors="replace").strip() == output.command
    return output.earlier(folder)


def staging_dir(target: Path) -> Path:
    """A new empty folder beside ``target`` (the same file system) to write into first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))


def replace_dir(staging: Path, target: Path, output: Output) -> None:
    """Mark ``staging`` as ``output``'s and move it to ``target``, replacing what was there
    (which ``check_target`` allowed); both on one file system."""
    (staging / MARKER).write_text(output.command + "\n", encoding="utf-8")
    if not target.exists():
        staging.rename(target)
        return
    # A fresh name for the old folder: never remove anything this swap did not move away.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    target.rename(old)  # onto the empty folder: POSIX rename replaces it
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
