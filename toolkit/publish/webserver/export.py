"""Write every released version as a plain directory tree for the intranet web server.

The ``gh-pages`` branch holds what ``toolkit release`` published: one folder per cohort,
the ``latest`` alias, ``versions.json`` for Material's version selector and the root
``index.html`` that redirects to the newest cohort. ``toolkit export DIR`` writes exactly
that as ordinary files: no git, no server code, no symlinks (a symlink that an earlier
hand-run ``mike deploy`` may have left is written out as copies of what it points to).

For the web server (deploy/nginx/, docs-dev/web-server.md) the export adds, beside
what the branch holds: a ``.gz`` copy of every file that compresses (nginx's
``gzip_static`` sends it as it is, so nothing is compressed per request), and the newest
cohort's "page not found" page as ``404.html`` at the root, for addresses outside every
version. Before anything is swapped in, every page is checked against the Content-Security-
Policy of ``deploy/nginx/verktoykassa.conf`` (``toolkit.publish.webserver.csp``): a tree in which the
browser would block a script or a style is refused, with each place named.

The tree is written beside DIR and swapped in only when complete, so a web server
serving DIR never sees half an export. DIR must be new, empty or an earlier export, and
never the project or one of its folders (``toolkit.writing``); a staging folder that a
killed export left beside DIR is removed by the next export.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...writing import EXPORT, MARKER, check_folder, remove_leftovers, replace_dir, staging_dir
from ..gh_pages import BRANCH, LATEST, VERSIONS_FILE, published_ref
from . import csp

SKIPPED = frozenset({".nojekyll"})  # GitHub Pages' marker; means nothing to an intranet server
# A build's output marker (toolkit.writing) that a hand-run `mike deploy` of a marked site/
# may have committed: the export has its own, at its root.
NOT_FOUND = "404.html"

#: Files that shrink under gzip; images, video and Pagefind's files (gzipped by Pagefind
#: itself, and unpacked by its own script) do not.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".vtt", ".txt", ".map", ".ico",
                          ".webmanifest"})


class ExportError(Exception):
    """Why nothing was exported, in Norwegian."""


@dataclass(frozen=True)
class Entry:
    mode: str
    sha: str
    path: str

    @property
    def is_symlink(self) -> bool:
        return self.mode == "120000"


def export(root: Path, target: Path, branch: str = BRANCH, remote: str = "origin") -> list[dict]:
    """Write the branch's tree (local, or the remote's in a fresh clone) to ``target``;
    returns the exported versions."""
    target = check_folder(root, target, EXPORT)  # raises UnsafeTarget: never over the project
    ref = published_ref(root, branch, remote)
    if ref is None:
        raise ExportError(f"Ingen kull er utgitt ennå: fant ikke grenen «{branch}». Kjør «toolkit release ID» først.")
    entries = _tree(root, ref)
    files = {e.path: e for e in entries if not e.is_symlink}
    remove_leftovers(target, EXPORT)
    with staging_dir(target, EXPORT) as staging:
        with _BlobReader(root) as blobs:
            for entry in entries:
                if (PurePosixPath(entry.path).name in SKIPPED and "/" not in entry.path
                        or PurePosixPath(entry.path).name == MARKER):
                    continue
                for path, source in _resolved(entry, files, blobs):
                    out = staging.path / path
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(blobs.read(source.sha))
        _check_policy(root, staging.path)
        versions = _versions(staging.path)
        _root_not_found(staging.path, versions)
        precompress(staging.path)
        staging.path.chmod(0o755)
        replace_dir(staging, target)
    return versions


def precompress(tree: Path) -> int:
    """Write ``<file>.gz`` (gzip at its best, reproducible) beside every file under ``tree``
    whose type compresses and that gets smaller; returns how many. A ``.gz`` already
    there (MkDocs' ``sitemap.xml.gz``) is kept."""
    written = 0
    for path in sorted(tree.rglob("*")):
        if path.suffix.lower() not in COMPRESSIBLE or not path.is_file() or path.is_symlink():
            continue
        packed = path.with_name(path.name + ".gz")
        if packed.exists():
            continue
        data = path.read_bytes()
        smaller = gzip.compress(data, compresslevel=9, mtime=0)
        if len(smaller) < len(data):
            packed.write_bytes(smaller)
            written += 1
    return written


def _versions(tree: Path) -> list[dict]:
    versions_file = tree / VERSIONS_FILE
    return json.loads(versions_file.read_text(encoding="utf-8")) if versions_file.exists() else []


def _root_not_found(tree: Path, versions: list[dict]) -> None:
    """The newest cohort's 404 page at the root, for addresses outside every version (its
    links are absolute, so it works from there)."""
    newest = next((v for v in versions if LATEST in v.get("aliases", [])), versions[0] if versions else None)
    page = tree / str(newest["version"]) / NOT_FOUND if newest else None
    if page is not None and page.is_file() and not (tree / NOT_FOUND).exists():
        shutil.copyfile(page, tree / NOT_FOUND)


def _check_policy(root: Path, tree: Path) -> None:
    """Refuse a tree in which the web server's Content-Security-Policy would block something."""
    config = root / csp.NGINX_CONFIG
    if not config.is_file():
        return
    found = csp.problems(tree, csp.allowed_hashes(csp.policy(config.read_text(encoding="utf-8"))))
    if found:
        raise ExportError(
            "Nettleseren ville blokkert dette i de utgitte sidene (Content-Security-Policy); ingenting er "
            "eksportert. Rett malen eller siden, og gi ut kullet på nytt med «toolkit release ID --replace»:\n"
            + "\n".join(found))


def _tree(root: Path, branch: str) -> list[Entry]:
    listing = subprocess.run(["git", "ls-tree", "-r", "-z", "--full-tree", branch],
                             cwd=root, capture_output=True, check=True).stdout
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            entries.append(Entry(mode, sha, path.decode("utf-8")))
    return entries


def _resolved(entry: Entry, files: dict[str, Entry], blobs: _BlobReader,
              depth: int = 0) -> list[tuple[str, Entry]]:
    """(path to write, blob to write there): the entry itself, or for a symlink, copies
    of the file or every file of the folder it points to."""
    if not entry.is_symlink:
        return [(entry.path, entry)]
    if depth > 8:
        raise ExportError(f"{entry.path}: for mange symbolske lenker etter hverandre")
    link = blobs.read(entry.sha).decode("utf-8")
    pointed = posixpath.normpath(posixpath.join(posixpath.dirname(entry.path), link))
    if pointed in files:
        return [(entry.path, files[pointed])]
    prefix = pointed.rstrip("/") + "/"
    inside = [(entry.path + "/" + path[len(prefix):], e) for path, e in files.items() if path.startswith(prefix)]
    if not inside:
        raise ExportError(f"{entry.path}: den symbolske lenken peker på «{link}», som ikke finnes")
    return inside


class _BlobReader:
    """Reads blobs through one ``git cat-file --batch`` process instead of one per file."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdin is not None and self.process.stdout is not None  # both are pipes
        self.stdin, self.stdout = self.process.stdin, self.process.stdout

    def __enter__(self) -> _BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stdin.close()
        self.stdout.close()
        self.process.wait()

    def read(self, sha: str) -> bytes:
        self.stdin.write(sha.encode() + b"\n")
        self.stdin.flush()
        header = self.stdout.readline().split()
        if len(header) != 3:
            raise ExportError(f"git fant ikke objektet {sha}")
        data = self.stdout.read(int(header[2]))
        self.stdout.read(1)  # the newline after each object
        return data
