"""Issues 17 and 26: a collection is one package. A toy sixth collection
(tests/fixtures/toy_collection/: workshops, in the shape of toolkit/collections/<name>/:
``__init__.py``, ``model.py``, ``page.py``, ``template.md``) is copied alone out of the
repository and registered without touching any other module, and gets what the five
built-in ones get: `toolkit new` from its template, `toolkit check` with `path:line`, its
pages, its listing in the navigation, its items on the theme pages, and related links both
ways. docs-dev/architecture.md's «Adding a collection» is what this test does."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project
from toolkit.collections import registry

TOY = "tests.fixtures.toy_collection"
TOY_FOLDER = ROOT / "tests" / "fixtures" / "toy_collection"


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> Path:
    """A folder outside the repository holding the toy package alone, as ``verksteder``:
    what adding the collection takes, and nothing else."""
    folder = tmp_path_factory.mktemp("packages")
    shutil.copytree(TOY_FOLDER, folder / "verksteder", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def toolkit(*args: str, cwd: Path, packages: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TOOLKIT_COLLECTIONS": "verksteder", "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join([str(packages), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("toy") / "repo")


def test_the_built_in_collections_come_from_their_modules_in_order():
    assert registry().ids == ["teori", "ovelser", "moteplaner", "opptak", "historier"]
    assert registry([TOY]).ids[-1] == "verksteder"


def test_a_sixth_collection_from_one_package_works_end_to_end(project, packages, tmp_path):
    made = toolkit("new", "verksteder", "Verksted om tillit", cwd=project, packages=packages)
    assert made.returncode == 0, made.stderr
    source = project / "content" / "verksteder" / "verksted-om-tillit.md"
    assert made.stdout.strip() == "content/verksteder/verksted-om-tillit.md" and source.is_file()
    assert 'title: "Verksted om tillit"' in source.read_text(encoding="utf-8")

    # Published, related to an exercise, with a body: it checks clean.
    text = source.read_text(encoding="utf-8").replace("draft: true\n", "related: [ovelser/pre-mortem]\n")
    source.write_text(text, encoding="utf-8")
    checked = toolkit("check", cwd=project, packages=packages)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # A mistake in its own field is a path:line error like any other.
    broken = project / "content" / "verksteder" / "uten-sted.md"
    broken.write_text(text.replace("place: Rådhuset\n", "plass: Rådhuset\n"), encoding="utf-8")
    failed = toolkit("check", cwd=project, packages=packages)
    assert failed.returncode == 1
    assert "content/verksteder/uten-sted.md:5: ukjent felt «plass» – mente du «place»?" in failed.stdout
    broken.unlink()

    site = tmp_path / "site"
    built = toolkit("build", "--site-dir", str(site), cwd=project, packages=packages)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site / "verksteder" / "verksted-om-tillit" / "index.html").read_text(encoding="utf-8")
    assert "Verksted om tillit" in page and "Rådhuset" in page
    assert 'href="../../ovelser/pre-mortem/"' in page  # related, this way
    listing = (site / "verksteder" / "index.html").read_text(encoding="utf-8")
    assert "Verksteder der ledergrupper øver sammen." in listing
    assert 'href="verksted-om-tillit/"' in listing
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="verksteder/"[^>]*>\s*Verksteder\s*<', nav)  # its section in the nav
    theme = (site / "temaer" / "moter" / "index.html").read_text(encoding="utf-8")
    assert "Verksteder" in theme and "../../verksteder/verksted-om-tillit/" in theme
    exercise = (site / "ovelser" / "pre-mortem" / "index.html").read_text(encoding="utf-8")
    assert "../../verksteder/verksted-om-tillit/" in exercise  # related, the other way


def test_registering_it_touched_no_module_of_the_package():
    changed = subprocess.run(["git", "status", "--porcelain", "--", "toolkit", "hooks", "mkdocs.yml"],
                             cwd=ROOT, capture_output=True, text=True).stdout
    assert "verksteder" not in changed
    assert not any("verksteder" in path.read_text(encoding="utf-8")
                   for path in (ROOT / "toolkit").rglob("*.py"))


def test_the_toy_package_stands_alone():
    """It imports the toolkit and its own modules, nothing of the tests or another
    collection, and its template is inside it: the copy above is the whole collection."""
    imported = set()
    for path in TOY_FOLDER.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level:
                imported.add(node.module or "")
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert {m for m in imported if m.split(".")[0] not in {"__future__", "pathlib", "toolkit"}} == set()
    assert not any(m.startswith("toolkit.collections") for m in imported)
    collection = registry([TOY])["verksteder"]
    assert collection.template.parent == TOY_FOLDER and collection.template.is_file()
