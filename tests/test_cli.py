"""The editor's commands: check on the shipped content, new from a template."""

from __future__ import annotations

import subprocess
import sys

import pytest

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
    probe = ("import sys, toolkit.cli, toolkit.builder, toolkit.writing; "
             "print(sorted(m for m in sys.modules if m == 'pydantic' or m.startswith(('toolkit.content', "
             "'toolkit.pipeline', 'toolkit.pages', 'babel'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- every option checked before it is used (issue 23): one Norwegian line, exit 2 ---------

BAD_OPTIONS = [
    (("check", "--months", "30000"), "--months: «30000» er ikke et helt antall måneder fra 1 til 1200"),
    (("check", "--months", "0"), "--months"),
    (("check", "--months", "-3"), "--months"),
    (("check", "--months", "١٢"), "--months"),  # Arabic-Indic digits: isdigit(), but no month count
    (("check", "--format", "xml"), "ukjent valg «xml»"),
    (("edit", "--port", "70000"), "«70000» er ikke et portnummer"),
    (("edit", "--port", "0"), "«0» er ikke et portnummer"),
    (("edit", "--preview-addr", "127.0.0.1"), "er ikke en adresse på formen vert:port"),
    (("serve", "--dev-addr", "127.0.0.1:99999"), "«99999» er ikke et portnummer"),
    (("serve", "--dev-addr", "127.0.0.1:8000;include /etc/passwd"), "er ikke et portnummer"),
    (("serve", "--dev-addr", "x;y:8000"), "«x;y» er ikke en IP-adresse eller et vertsnavn"),
    (("serve", "--versions", "--dev-addr", "[::1:8000"), "skriv en IPv6-adresse i hakeparenteser"),
    (("serve", "--cohort", "../2026-host"), "er ikke en kull-id"),
    (("build", "--cohort", "--help"), "--cohort trenger en verdi"),
    (("release", "2026-host", "--push", "--remote", "--upload-pack=touch /tmp/x"), "kan ikke begynne med «-»"),
    (("release", "2026-host", "--push", "--remote", "--upload-pack=touch"), "--remote trenger en verdi"),
    (("release", "2026-host", "--push", "--remote=--upload-pack=touch /tmp/x"), "kan ikke begynne med «-»"),
    (("changes", "--output=/tmp/x", "HEAD"), "mangler TIL"),
    (("changes", "HEAD", "--", "--output=/tmp/x"), "kan ikke begynne med «-»"),
    (("cms-config", "--site-url", "javascript:alert(1)"), "er ikke en nettadresse"),
    (("cms-config", "--branch=-x"), "kan ikke begynne med «-»"),
    (("new", "ovelser", ""), "verdien er tom"),
    (("finnes-ikke",), "ukjent kommando «finnes-ikke»"),
    (("check", "--finnes-ikke"), "ukjent valg eller argument: --finnes-ikke"),
    (("new",), "mangler collection, title"),
]


@pytest.mark.parametrize("args, said", BAD_OPTIONS, ids=[" ".join(args) for args, _ in BAD_OPTIONS])
def test_a_bad_option_is_one_norwegian_line_and_exit_2_before_anything_runs(project, args, said):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = toolkit(*args, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("toolkit") and said in lines[0], result.stderr
    assert "error:" not in result.stderr and "usage:" not in result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_300_character_title_gets_a_shortened_file_name_and_keeps_its_whole_title(project):
    title = "Et langt møte " * 21 + "om alt"  # 300 characters
    assert len(title) == 300
    result = toolkit("new", "ovelser", title, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    created = project / result.stdout.strip()
    assert created.parent == project / "content/ovelser"
    assert len(created.stem) <= 80 and created.stem.startswith("et-langt-mote-et-langt-mote")
    assert slugify(title).startswith(created.stem + "-")  # cut between two words
    assert f"forkortet til «{created.stem}»" in result.stderr
    assert f'title: "{title}"' in created.read_text(encoding="utf-8")
    check = toolkit("check", cwd=project)
    assert check.returncode == 0, check.stdout


def test_a_long_title_in_a_bundle_collection_gets_a_short_folder_name(project):
    result = toolkit("new", "opptak", "å" * 300, cwd=project)
    assert result.returncode == 0, result.stderr
    created = project / result.stdout.strip()
    assert created.name == "index.md" and created.parent.name == "a" * 80
