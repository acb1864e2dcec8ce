"""`make clean` removes what the toolkit made, each thing by name, and nothing else.

Run as an editor runs it, in a copy of the project with a built site, a staging folder a
killed build left, the toolkit's caches, and beside them the editor's own files whose
names a glob would have caught (`.site-notater.md`, `.cache/mine/`, a `.site-*` folder
without the marker, an unmarked `site/`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, toolkit
from toolkit import cli
from toolkit.collections.recordings import captions
from toolkit.content import cache, changes
from toolkit.editor import server
from toolkit.mkdocs_plugin import preview
from toolkit.writing import MARKER, STAGING


def project(tmp_path: Path) -> Path:
    """What `make clean` needs: the Makefile, the package and mkdocs.yml (no .venv: it runs
    with the system's Python, as on a machine where `make site` never ran)."""
    copy = tmp_path / "prosjekt"
    copy.mkdir()
    shutil.copy2(ROOT / "Makefile", copy / "Makefile")
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(ROOT / "toolkit", copy / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def write(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_make_clean_removes_the_toolkits_own_and_keeps_the_editors_files(tmp_path):
    root = project(tmp_path)
    write(root / "site" / MARKER, "toolkit build\n")
    write(root / "site" / "index.html")
    write(root / ".site-k1ll3d" / MARKER, f"toolkit build\n{STAGING}\n")  # a killed build's
    write(root / ".site-k1ll3d" / "index.html")
    for name in cli.CACHES:
        write(root / name / "fil")
    kept = [write(root / ".site-notater.md", "mine notater"), write(root / ".cache" / "mine" / "liste.txt"),
            write(root / ".site-mitt" / "utkast.md"), write(root / ".cache" / "plugin" / "annet.json")]
    result = subprocess.run(["make", "clean", f"PYTHON={sys.executable}"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (root / "site").exists() and not (root / ".site-k1ll3d").exists()
    assert not any((root / name).exists() for name in cli.CACHES)
    assert all(path.is_file() for path in kept)
    assert (root / ".site-notater.md").read_text(encoding="utf-8") == "mine notater"


def test_clean_keeps_a_site_folder_it_did_not_make_and_says_so(tmp_path):
    root = project(tmp_path)
    mine = write(root / "site" / "rapport.docx", "viktig")
    result = toolkit("clean", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "lar «site» stå" in result.stderr and mine.read_text(encoding="utf-8") == "viktig"


def test_every_cache_folder_of_the_toolkit_is_one_that_clean_removes():
    """The list in toolkit.cli is written out by hand (no glob): each cache a module keeps
    must be in it, or `make clean` would leave it."""
    made = [f"{cache.CACHE_DIR}/{captions.CAPTIONS_FOLDER}", changes.CACHE_DIR, preview.STORE_DIR, preview.TEMPLATE_CACHE_DIR,
            preview.TRIGGER_DIR, str(Path(server.DECAP_DIST).parent)]
    for folder in made:
        assert any(Path(folder).is_relative_to(name) for name in cli.CACHES), folder
