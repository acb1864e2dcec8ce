"""Cohorts as data: their programme pages, the default cohort, and mistakes in a cohort
file reported like content mistakes, with file and line. No MkDocs build needed."""

from __future__ import annotations

import datetime as dt

from tests.conftest import ROOT, toolkit
from toolkit import pipeline
from toolkit.content.cohorts import load_cohorts
from toolkit.mkdocs_plugin.context import template_context
from toolkit.pages.programme import PAGE, clock, session_date
from toolkit.settings import Settings, from_environment


def programme(cohort_id: str | None) -> str:
    return pipeline.build(ROOT, cohort_id).page(PAGE).content


def line_of(path, text: str) -> int:
    return next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in row)


def test_the_default_build_is_the_cohort_that_starts_last():
    cohorts, problems = load_cohorts(ROOT)
    assert problems == []
    assert {c.title for c in cohorts.values()} >= {"Kull våren 2026", "Kull høsten 2026"}
    assert pipeline.build(ROOT).site.cohort.id == "2026-host"


def test_each_cohort_gets_a_programme_page_with_its_own_sessions():
    spring, autumn = programme("2026-var"), programme("2026-host")
    assert "# Programplan for Kull våren 2026" in spring
    assert "# Programplan for Kull høsten 2026" in autumn
    assert "torsdag 5. februar 2026" in spring and "torsdag 5. februar 2026" not in autumn
    assert "torsdag 17. september 2026" in autumn and "torsdag 17. september 2026" not in spring


def test_the_programme_shows_norwegian_dates_times_kinds_and_places():
    page = programme("2026-var")
    assert "Kullet varer fra 12. januar 2026 til 19. juni 2026." in page
    assert "kl. 08.30–12.00" in page
    assert "**Temasamling:** Hva gjør en ledergruppe effektiv?" in page
    assert "**Refleksjonsgruppe:**" in page and "**Ledergruppesamling:**" in page
    assert "Sted: Kongresshallen, Folkets hus" in page
    assert page.index("torsdag 22. januar 2026") < page.index("torsdag 4. juni 2026")


def test_a_session_links_to_the_recording_that_came_of_it():
    page = programme("2026-var")
    assert ("[Se opptaket: Hva gjør en ledergruppe effektiv?]"
            "(../opptak/hva-gjor-en-ledergruppe-effektiv/index.md)") in page


def test_dates_and_times_are_written_the_norwegian_way():
    assert session_date(dt.date(2026, 9, 17)) == "torsdag 17. september 2026"
    assert session_date(dt.date(2027, 1, 4)) == "mandag 4. januar 2027"
    assert clock("09:00", "15:30") == "kl. 09.00–15.30"


def test_mistakes_in_a_session_are_reported_with_file_and_line(project):
    path = project / "cohorts" / "2026-var.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("recording: opptak/motet-som-arbeidsform", "recording: opptak/motet-som-arbeidsfrom")
    text = text.replace('end: "11:30"', 'end: "08:30"', 1)
    text = text.replace("date: 2026-06-04", "date: 2026-07-04")
    path.write_text(text, encoding="utf-8")
    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    out = result.stdout
    at = "cohorts/2026-var.yml"
    assert (f"{at}:{line_of(path, 'arbeidsfrom')}: ukjent opptak «opptak/motet-som-arbeidsfrom» "
            "– mente du «opptak/motet-som-arbeidsform»?") in out
    early_end = line_of(path, '"08:30"')
    assert f"{at}:{early_end}: samlingen slutter (08:30) før den begynner (09:00)" in out
    assert (f"{at}:{line_of(path, '2026-07-04')}: datoen 2026-07-04 er utenfor kullets periode "
            "(2026-01-12 til 2026-06-19)") in out


def test_an_unknown_session_kind_is_reported_with_the_kinds_allowed(project):
    path = project / "cohorts" / "2026-host.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: refleksjonsgruppe", "kind: refleksjon", 1),
                    encoding="utf-8")
    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    assert (f"cohorts/2026-host.yml:{line_of(path, 'kind: refleksjon')}: «sessions[3].kind» må være en av "
            "«temasamling», «ledergruppesamling», «refleksjonsgruppe», ikke «refleksjon»") in result.stdout


def test_a_session_cannot_link_a_recording_kept_from_its_cohort(project):
    recording = project / "content/opptak/motet-som-arbeidsform/index.md"
    recording.write_text(recording.read_text(encoding="utf-8").replace(
        "themes:", "cohorts: [2026-host]\nthemes:", 1), encoding="utf-8")
    result = toolkit("check", cwd=project)
    line = line_of(project / "cohorts/2026-var.yml", "recording: opptak/motet-som-arbeidsform")
    assert result.returncode == 1
    assert (f"cohorts/2026-var.yml:{line}: opptaket «opptak/motet-som-arbeidsform» er ikke publisert "
            "for kullet «2026-var»") in result.stdout


def test_a_release_stamp_reaches_the_templates_in_norwegian():
    cohorts, _ = load_cohorts(ROOT)
    context = template_context(cohorts["2026-var"], from_environment({
        "TOOLKIT_COMMIT": "0123456789abcdef0123456789abcdef01234567",
        "TOOLKIT_BUILD_DATE": "2026-11-27T14:05:00+01:00",
    }))
    assert context["cohort"] == {"id": "2026-var", "title": "Kull våren 2026"}
    assert context["release"] == {"commit": "0123456789abcdef0123456789abcdef01234567",
                                  "short": "0123456", "built": "27. november 2026"}
    assert template_context(None, Settings()) == {"cohort": None, "release": None, "mike_version": None}
