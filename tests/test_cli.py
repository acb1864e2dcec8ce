"""The editor's commands: check on the shipped content, new from a template."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, toolkit
from toolkit.slug import slugify


def test_check_passes_on_the_shipped_content():
    result = toolkit("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_exercise_gets_a_norwegian_slug_and_passes_check(project):
    result = toolkit("new", "ovelser", "Møte på ti minutter", cwd=project)
    assert result.returncode == 0, result.stderr
    created = project / "content/ovelser/mote-pa-ti-minutter.md"
    assert result.stdout.strip() == "content/ovelser/mote-pa-ti-minutter.md"
    text = created.read_text(encoding="utf-8")
    assert 'title: "Møte på ti minutter"' in text and "draft: true" in text
    check = toolkit("check", cwd=project)
    assert check.returncode == 0, check.stdout


def test_new_item_of_every_collection_passes_check(project):
    for collection in ("teori", "ovelser", "opptak", "historier"):
        assert toolkit("new", collection, f"Ny side i {collection}", cwd=project).returncode == 0
    check = toolkit("check", cwd=project)
    assert check.returncode == 0, check.stdout


def test_new_refuses_to_overwrite_an_existing_item(project):
    assert toolkit("new", "teori", "Samme tittel", cwd=project).returncode == 0
    again = toolkit("new", "teori", "Samme tittel", cwd=project)
    assert again.returncode == 1 and "finnes allerede" in again.stderr


def test_slugs_follow_the_norwegian_rules():
    assert slugify("Møte på ti minutter") == "mote-pa-ti-minutter"
    assert slugify("Ærlig talt: Åpne spørsmål!") == "aerlig-talt-apne-sporsmal"
    assert slugify("Café – «Retro»") == "cafe-retro"


def test_titles_sort_in_norwegian_alphabetical_order():
    from toolkit.norsk import sort_key

    titles = ["Åpen dialog", "Ærlige tilbakemeldinger", "Øvelse i lytting", "Zoom ut", "agenda"]
    assert sorted(titles, key=sort_key) == [
        "agenda", "Zoom ut", "Ærlige tilbakemeldinger", "Øvelse i lytting", "Åpen dialog",
    ]


def test_the_toolkit_command_starts_without_the_pipeline():
    """``toolkit build`` and ``toolkit serve`` only start MkDocs, whose hook loads the pipeline:
    importing it in the command as well cost every build a fifth of a second (issue 9, and
    again after the restructure put ``stale`` inside the content package)."""
    probe = ("import sys, toolkit.cli, toolkit.publish.builder, toolkit.writing; "
             "print(sorted(m for m in sys.modules if m == 'pydantic' or m.startswith(('toolkit.content', "
             "'toolkit.pipeline', 'toolkit.pages', 'babel'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
