"""Every kind of bad input is reported as path:line: message, all at once."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import toolkit
from toolkit import pipeline

EXERCISE = """\
---
title: Kort møte
description: En kort øvelse.
themes: [moter]
duration: 10
group_size: {min: 2, max: 8}
difficulty: enkel
led_by: gruppen
---

## Formål

Tekst.

## Forberedelse

Ingen.

## Slik gjør dere det

1. **Alt** (10 min): Gjør det.

## Refleksjonsspørsmål

- Hva nå?

## Tips til den som leder

- Hold tiden.

## Digital variant

I Teams.
"""


def write(project: Path, relpath: str, text: str) -> Path:
    path = project / "content" / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(project: Path) -> list[str]:
    return [str(p) for p in pipeline.check(project) if p.is_error]


def test_wrong_type_is_reported_with_its_line(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("duration: 10", "duration: ti"))
    assert "content/ovelser/kort-mote.md:5: «duration» skal være et heltall, ikke «ti»" in errors(project)


def test_unknown_theme_is_reported_with_its_line_and_a_suggestion(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("themes: [moter]", "themes:\n  - moter\n  - motr"))
    found = [e for e in errors(project) if "kort-mote" in e]
    assert found == ["content/ovelser/kort-mote.md:6: ukjent tema «motr» – mente du «moter»?"]


def test_broken_yaml_is_reported_with_its_line(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("difficulty: enkel", "difficulty: [enkel"))
    found = [e for e in errors(project) if "kort-mote" in e]
    assert len(found) == 1
    assert found[0].startswith("content/ovelser/kort-mote.md:8: ugyldig YAML")


def test_missing_required_field_names_the_field(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("led_by: gruppen\n", ""))
    assert any(e.startswith("content/ovelser/kort-mote.md:") and "mangler feltet «led_by»" in e
               for e in errors(project))


def test_unknown_key_is_an_error_with_did_you_mean(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("duration: 10", "durration: 10"))
    found = [e for e in errors(project) if "kort-mote" in e]
    assert "content/ovelser/kort-mote.md:5: ukjent felt «durration» – mente du «duration»?" in found


def test_wrong_value_in_a_nested_field_points_at_that_line(project):
    write(project, "ovelser/kort-mote.md",
          EXERCISE.replace("group_size: {min: 2, max: 8}", "group_size:\n  min: 2\n  max: mange"))
    assert "content/ovelser/kort-mote.md:8: «group_size.max» skal være et heltall, ikke «mange»" in errors(project)


def test_value_outside_the_allowed_choices_lists_them(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("difficulty: enkel", "difficulty: lett"))
    found = [e for e in errors(project) if "kort-mote" in e]
    assert found == [
        "content/ovelser/kort-mote.md:7: «difficulty» må være en av «enkel», «middels», «krevende», ikke «lett»"
    ]


def test_related_id_that_does_not_exist(project):
    write(project, "ovelser/kort-mote.md",
          EXERCISE.replace("themes: [moter]", "themes: [moter]\nrelated: [teori/finnes-ikke]"))
    assert "content/ovelser/kort-mote.md:5: ukjent id «teori/finnes-ikke»" in errors(project)


def test_two_items_with_the_same_slug(project):
    write(project, "ovelser/kort-mote.md", EXERCISE)
    write(project, "ovelser/kort-mote/index.md", EXERCISE)
    found = [e for e in errors(project) if "kort-mote" in e]
    assert len(found) == 1 and "«ovelser/kort-mote» finnes allerede" in found[0]


def test_file_name_that_is_not_a_slug_gets_the_slug_to_use(project):
    write(project, "ovelser/Kort møte.md", EXERCISE)
    assert "content/ovelser/Kort møte.md:1: navnet «Kort møte» er ikke en gyldig slug: bruk «kort-mote»" in errors(project)


def test_draft_linked_from_a_published_item(project):
    write(project, "ovelser/utkast.md", EXERCISE.replace("title: Kort møte", "title: Utkast\ndraft: true"))
    write(project, "ovelser/kort-mote.md",
          EXERCISE.replace("themes: [moter]", "themes: [moter]\nrelated: [ovelser/utkast]"))
    assert "content/ovelser/kort-mote.md:5: viser til «ovelser/utkast», som er et utkast (draft)" in errors(project)


def test_duplicate_key_is_reported(project):
    write(project, "ovelser/kort-mote.md", EXERCISE.replace("duration: 10", "duration: 10\nduration: 12"))
    assert "content/ovelser/kort-mote.md:6: feltet «duration» står to ganger" in errors(project)


def test_missing_front_matter(project):
    write(project, "ovelser/kort-mote.md", "# Bare tekst\n")
    assert "content/ovelser/kort-mote.md:1: filen mangler front matter: første linje skal være «---»" in errors(project)


def test_three_broken_files_give_three_lines_at_once_and_exit_1(project):
    write(project, "ovelser/a.md", EXERCISE.replace("duration: 10", "duration: ti"))
    write(project, "ovelser/b.md", EXERCISE.replace("themes: [moter]", "themes: [motr]"))
    write(project, "ovelser/c.md", EXERCISE.replace("led_by: gruppen", "led_by: [gruppen"))
    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "advarsel" not in line]
    assert lines == [
        "content/ovelser/a.md:5: «duration» skal være et heltall, ikke «ti»",
        "content/ovelser/b.md:4: ukjent tema «motr» – mente du «moter»?",
        lines[2],
    ]
    assert lines[2].startswith("content/ovelser/c.md:9: ugyldig YAML")


def test_build_with_errors_fails_with_the_same_list_and_publishes_nothing(project):
    write(project, "ovelser/a.md", EXERCISE.replace("duration: 10", "duration: ti"))
    write(project, "ovelser/b.md", EXERCISE.replace("themes: [moter]", "themes: [motr]"))
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("forrige versjon", encoding="utf-8")
    (site / ".toolkit-output").write_text("toolkit build\n", encoding="utf-8")  # an earlier build's marker
    check = toolkit("check", cwd=project)
    build = toolkit("build", cwd=project)
    assert build.returncode == 1
    listed = [line for line in check.stdout.splitlines() if "advarsel" not in line]
    for line in listed:
        assert line in build.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "forrige versjon"


def test_link_in_body_text_to_a_missing_item_is_reported_with_its_line(project):
    body = EXERCISE.replace("Tekst.\n", "Tekst.\n\nSe også [pre-mortem](pre-mortm.md) før møtet.\n", 1)
    write(project, "ovelser/kort-mote.md", body)
    assert ("content/ovelser/kort-mote.md:15: lenken «pre-mortm.md» går til en side som ikke finnes"
            " – mente du «pre-mortem.md»?") in errors(project)


def test_link_from_a_page_every_cohort_gets_to_a_page_of_one_cohort_is_reported(project):
    write(project, "ovelser/bare-var.md",
          EXERCISE.replace("title: Kort møte", "title: Bare våren\ncohorts: [2026-var]"))
    body = EXERCISE.replace("Tekst.\n", "Tekst.\n\nSe [øvelsen fra våren](bare-var.md).\n", 1)
    write(project, "ovelser/kort-mote.md", body)
    assert (
        "content/ovelser/kort-mote.md:15: lenken «bare-var.md» går til en side som bare er med i kull 2026-var, "
        "men denne siden er med i alle kull"
    ) in errors(project)


def test_link_in_a_code_example_is_not_checked(project):
    body = EXERCISE.replace("Tekst.\n", "Tekst.\n\n```\n[eksempel](finnes-ikke.md)\n```\n", 1)
    write(project, "ovelser/kort-mote.md", body)
    assert [e for e in errors(project) if "kort-mote" in e] == []


def test_misspelt_field_in_the_theme_file_points_at_its_line(project):
    themes = project / "content" / "temaer.yml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("  label: Møter\n", "  lable: Møter\n", 1),
                      encoding="utf-8")
    found = [e for e in errors(project) if e.startswith("content/temaer.yml")]
    assert found == ["content/temaer.yml:15: ukjent felt «lable» – mente du «label»?"]
