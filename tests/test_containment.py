"""Issue 14: nothing outside the repository is read or published, and a bundle publishes
only the files its item names.

A symbolic link under content/, docs/ or cohorts/ that leads outside the repository is an
error that names the link; the build stops and neither `site/` nor
`toolkit export-markdown` holds anything from outside. A file in a recording's folder that
the recording never names stays unpublished, with a warning.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import toolkit

SECRET = "hemmelig-innhold-utenfor-repoet"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project with a file no build may publish."""
    folder = tmp_path / "utenfor"
    folder.mkdir()
    (folder / "hemmelig.pdf").write_text(SECRET, encoding="utf-8")
    (folder / "hemmelig.md").write_text(SECRET, encoding="utf-8")
    bundle = folder / "bundle"
    bundle.mkdir()
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    from tests.conftest import copy_project

    return copy_project(tmp_path / "prosjekt")


def recording(project: Path) -> Path:
    return sorted(p for p in (project / "content" / "opptak").iterdir() if p.is_dir())[0]


def tree_contains(folder: Path, text: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


def assert_refused(project: Path, tmp_path: Path, link: str) -> None:
    check = toolkit("check", cwd=project)
    assert check.returncode == 1
    assert f"{link}:0: er en symbolsk lenke til" in check.stdout, check.stdout
    assert "utenfor repoet" in check.stdout
    site = tmp_path / "site"
    build = toolkit("build", "--site-dir", str(site), cwd=project)
    assert build.returncode == 1
    assert f"{link}:0:" in build.stderr + build.stdout
    assert not site.exists()
    exported = tmp_path / "markdown"
    export = toolkit("export-markdown", str(exported), cwd=project)
    assert export.returncode == 1
    assert not exported.exists() or tree_contains(exported, SECRET) == []


def test_a_link_in_a_recording_folder_to_a_file_outside_is_refused(project, outside, tmp_path):
    bundle = recording(project)
    os.symlink(outside / "hemmelig.pdf", bundle / "passwd.pdf")
    index = bundle / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[Vedlegg](passwd.pdf)\n", encoding="utf-8")
    assert_refused(project, tmp_path, f"content/opptak/{bundle.name}/passwd.pdf")


def test_a_recording_folder_that_is_a_link_outside_is_refused(project, outside, tmp_path):
    bundle = recording(project)
    for path in bundle.iterdir():
        path.rename(outside / "bundle" / path.name)
    bundle.rmdir()
    os.symlink(outside / "bundle", bundle)
    assert_refused(project, tmp_path, f"content/opptak/{bundle.name}")


def test_a_content_file_that_is_a_link_outside_is_refused(project, outside, tmp_path):
    (outside / "hemmelig.md").write_text(
        (project / "content" / "ovelser" / "pre-mortem.md").read_text(encoding="utf-8").replace(
            "title:", f"title: {SECRET}\nx-title:", 1).replace("\nx-title: ", "\n# ", 1),
        encoding="utf-8")
    os.symlink(outside / "hemmelig.md", project / "content" / "ovelser" / "lekk.md")
    assert_refused(project, tmp_path, "content/ovelser/lekk.md")


def test_a_page_in_docs_that_is_a_link_outside_is_refused(project, outside, tmp_path):
    os.symlink(outside / "hemmelig.md", project / "docs" / "lekk.md")
    assert_refused(project, tmp_path, "docs/lekk.md")


def test_a_cohort_file_that_is_a_link_outside_is_refused(project, outside, tmp_path):
    (outside / "kull.yml").write_text((project / "cohorts" / "2026-host.yml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    os.symlink(outside / "kull.yml", project / "cohorts" / "2027-var.yml")
    assert_refused(project, tmp_path, "cohorts/2027-var.yml")


def test_a_link_inside_the_repository_is_fine(project, tmp_path):
    bundle = recording(project)
    os.symlink("lysark.pdf", bundle / "lysark-kopi.pdf")
    index = bundle / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[Lysarkene](lysark-kopi.pdf)\n", encoding="utf-8")
    site = tmp_path / "site"
    build = toolkit("build", "--site-dir", str(site), cwd=project)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (site / "opptak" / bundle.name / "lysark-kopi.pdf").read_bytes() == (bundle / "lysark.pdf").read_bytes()


def test_a_file_the_recording_never_names_is_not_published_and_is_warned_about(project, tmp_path):
    bundle = recording(project)
    (bundle / "notater-fra-planleggingen.docx").write_bytes(b"PK internt notat")
    (bundle / "bilde.png").write_bytes(b"\x89PNG bilde")
    index = bundle / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![Tavla etter økta](bilde.png)\n", encoding="utf-8")
    check = toolkit("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    stray = f"content/opptak/{bundle.name}/notater-fra-planleggingen.docx"
    assert f"{stray}:0: advarsel: filen blir ikke publisert" in check.stdout
    assert "bilde.png" not in check.stdout
    site = tmp_path / "site"
    build = toolkit("build", "--site-dir", str(site), cwd=project)
    assert build.returncode == 0, build.stdout + build.stderr
    published = {p.name for p in (site / "opptak" / bundle.name).iterdir()}
    assert "notater-fra-planleggingen.docx" not in published
    assert "_manus.yml" not in published
    assert {"bilde.png", "captions.vtt", "index.html"} <= published
    exported = tmp_path / "markdown"
    assert toolkit("export-markdown", str(exported), cwd=project).returncode == 0
    assert not (exported / "docs" / "opptak" / bundle.name / "notater-fra-planleggingen.docx").exists()
    assert (exported / "docs" / "opptak" / bundle.name / "bilde.png").exists()
