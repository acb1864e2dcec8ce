"""Issue 17: a collection is one module and one template. A toy sixth collection
(tests/fixtures/toy_collection/: workshops) is registered without touching any other
module, and gets what the five built-in ones get: `toolkit new` from its template,
`toolkit check` with `path:line`, its pages, its listing in the navigation, its items on
the theme pages, and related links both ways."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project
from toolkit.collections import registry

TOY = "tests.fixtures.toy_collection.workshops"
ENV = {"TOOLKIT_COLLECTIONS": TOY, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def toolkit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **ENV})


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("toy") / "repo")


def test_the_built_in_collections_come_from_their_modules_in_order():
    assert registry().ids == ["teori", "ovelser", "moteplaner", "opptak", "historier"]
    assert registry([TOY]).ids[-1] == "verksteder"


def test_a_sixth_collection_from_one_module_and_one_template_works_end_to_end(project, tmp_path):
    made = toolkit("new", "verksteder", "Verksted om tillit", cwd=project)
    assert made.returncode == 0, made.stderr
    source = project / "content" / "verksteder" / "verksted-om-tillit.md"
    assert made.stdout.strip() == "content/verksteder/verksted-om-tillit.md" and source.is_file()
    assert 'title: "Verksted om tillit"' in source.read_text(encoding="utf-8")

    # Published, related to an exercise, with a body: it checks clean.
    text = source.read_text(encoding="utf-8").replace("draft: true\n", "related: [ovelser/pre-mortem]\n")
    source.write_text(text, encoding="utf-8")
    checked = toolkit("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # A mistake in its own field is a path:line error like any other.
    broken = project / "content" / "verksteder" / "uten-sted.md"
    broken.write_text(text.replace("place: Rådhuset\n", "plass: Rådhuset\n"), encoding="utf-8")
    failed = toolkit("check", cwd=project)
    assert failed.returncode == 1
    assert "content/verksteder/uten-sted.md:5: ukjent felt «plass» – mente du «place»?" in failed.stdout
    broken.unlink()

    site = tmp_path / "site"
    built = toolkit("build", "--site-dir", str(site), cwd=project)
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
