"""Issue 24, one check, every problem: a file whose front matter has errors still gets
its body checked (links, an exercise's headings and timed steps), so that one
`toolkit check` lists every mistake; each mistake is one message (a misspelt field is
not also a missing one); a missing field points at the front matter's closing `---`; an
unknown id, theme, cohort or linked page comes with the nearest names that exist.

Each test breaks a copy of the shipped project as an editor would and runs `toolkit
check` as a command (`tests.test_bad_input.check`: no traceback, every line
`path:line: melding`).
"""

from __future__ import annotations

from tests.test_bad_input import COHORT, EXERCISE, THEMES, check, edit, line_of

PLAN = "content/moteplaner/mote-om-beslutninger.md"
THEORY = "content/teori/beslutninger.md"


def problems_in(project, relpath: str) -> list[tuple[int, str]]:
    """Every problem (errors and warnings) `toolkit check` reports in ``relpath``."""
    _, problems, _ = check(project)
    return [(line, message) for path, line, message in problems if path == relpath]


def closing_line(project, relpath: str) -> int:
    lines = (project / relpath).read_text(encoding="utf-8").splitlines()
    return lines.index("---", 1) + 1


def test_three_mistakes_in_one_file_are_three_problems_in_one_run(project):
    """The issue's acceptance: a misspelt field, a duration in words and a link to a
    theory page that does not exist, one message each, all in the first run."""
    edit(project, EXERCISE, "difficulty: middels", "difficuly: middels")
    edit(project, EXERCISE, "duration: 45", "duration: førti")
    edit(project, EXERCISE, "## Formål\n", "## Formål\n\nLes først [teorien](../teori/beslutning.md).\n")
    code, problems, _ = check(project)
    assert code == 1
    mine = [(line, message) for path, line, message in problems if path == EXERCISE]
    assert mine == [
        (line_of(project, EXERCISE, "duration:"), "«duration» skal være et heltall, ikke «førti»"),
        (line_of(project, EXERCISE, "difficuly:"), "ukjent felt «difficuly» – mente du «difficulty»?"),
        (line_of(project, EXERCISE, "Les først"),
         "lenken «../teori/beslutning.md» går til en side som ikke finnes – mente du «../teori/beslutninger.md»?"),
    ]
    assert [p for p in problems if p[0] != EXERCISE and not p[2].startswith("advarsel:")] == []


def test_a_misspelt_field_is_one_message_not_also_a_missing_field(project):
    edit(project, EXERCISE, "duration: 45", "durtion: 45")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "durtion:"), "ukjent felt «durtion» – mente du «duration»?")]


def test_a_misspelt_nested_field_is_one_message_too(project):
    edit(project, EXERCISE, "group_size: {min: 4, max: 12}", "group_size: {min: 4, mx: 12}")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "group_size:"), "ukjent felt «group_size.mx» – mente du «max»?")]


def test_a_missing_field_points_at_the_closing_line_of_the_front_matter(project):
    edit(project, EXERCISE, "led_by: gruppen\n", "")
    assert problems_in(project, EXERCISE) == [(closing_line(project, EXERCISE), "mangler feltet «led_by»")]


def test_a_missing_nested_field_points_at_its_parent(project):
    edit(project, EXERCISE, "group_size: {min: 4, max: 12}", "group_size: {min: 4}")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "group_size:"), "mangler feltet «group_size.max»")]


def test_the_body_of_an_exercise_with_broken_yaml_is_still_checked(project):
    """YAML that does not parse: the body's link, a missing section and an untimed step
    are listed in the same run as the YAML error."""
    edit(project, EXERCISE, "difficulty: middels", "difficulty: [middels")
    edit(project, EXERCISE, "## Tips til den som leder\n", "## Tips til lederen\n")
    edit(project, EXERCISE, "2. **Stille skriving** (7 min):", "2. **Stille skriving**:")
    edit(project, EXERCISE, "## Formål\n", "## Formål\n\nSe [øvelsen](djevelens-advokt.md).\n")
    found = problems_in(project, EXERCISE)
    messages = [message for _, message in found]
    assert len(found) == 4, found
    assert messages[0].startswith("ugyldig YAML")
    assert (line_of(project, EXERCISE, "Se [øvelsen]"), "lenken «djevelens-advokt.md» går til en side som ikke "
            "finnes – mente du «djevelens-advokat.md»?") in found
    assert (line_of(project, EXERCISE, "## Digital variant"),
            "advarsel: mangler overskriften «## Tips til den som leder»") in found
    assert any(line == line_of(project, EXERCISE, "2. ") and message.startswith("advarsel: trinn 2")
               and "mangler tid" in message for line, message in found), found


def test_a_file_with_front_matter_errors_still_claims_its_id(project):
    """Its body is checked, and the pages that link to it get no knock-on error."""
    edit(project, THEORY, "title: ", "titel: ")
    _, problems, _ = check(project)
    errors = {(path, message) for path, _, message in problems if not message.startswith("advarsel:")}
    assert errors == {(THEORY, "ukjent felt «titel» – mente du «title»?")}


def test_a_page_under_repair_linking_to_a_draft_is_told_when_its_own_draft_field_is_right(project):
    draft = "content/ovelser/djevelens-advokat.md"
    edit(project, draft, "title: ", "draft: true\ntitle: ")
    edit(project, EXERCISE, "duration: 45", "duration: lang")
    edit(project, EXERCISE, "## Formål\n", "## Formål\n\nSe [utkastet](djevelens-advokat.md).\n")
    found = problems_in(project, EXERCISE)
    assert (line_of(project, EXERCISE, "Se [utkastet]"), "lenken «djevelens-advokat.md» går til et utkast (draft)") \
        in found


def test_an_unknown_related_id_suggests_the_nearest(project):
    edit(project, EXERCISE, "related: [teori/beslutninger,", "related: [teori/beslutning,")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "related:"), "ukjent id «teori/beslutning» – mente du «teori/beslutninger»?")]


def test_an_unknown_related_id_in_a_misspelt_collection_suggests_the_nearest(project):
    edit(project, EXERCISE, "ovelser/djevelens-advokat", "ovelse/djevelens-advokat")
    assert problems_in(project, EXERCISE) == [(line_of(project, EXERCISE, "related:"), (
        "ukjent id «ovelse/djevelens-advokat» – mente du «ovelser/djevelens-advokat»?"))]


def test_an_unknown_block_in_a_meeting_plan_suggests_the_nearest(project):
    edit(project, PLAN, "  - ovelse: ovelser/hvem-bestemmer-hva", "  - ovelse: ovelser/hvem-bestemer")
    assert problems_in(project, PLAN) == [(line_of(project, PLAN, "ovelser/hvem-bestemer"), (
        "ukjent id «ovelser/hvem-bestemer» – mente du «ovelser/hvem-bestemmer-hva»?"))]


def test_an_unknown_theme_suggests_the_nearest(project):
    edit(project, EXERCISE, "themes: [beslutninger, konflikt]", "themes: [beslutninger, konflikter]")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "themes:"), "ukjent tema «konflikter» – mente du «konflikt»?")]


def test_an_unknown_cohort_suggests_the_nearest(project):
    edit(project, EXERCISE, "duration: 45", "duration: 45\ncohorts: [2026-hst]")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "cohorts:"), "ukjent kull «2026-hst» – mente du «2026-host»?")]


def test_an_unknown_recording_in_a_cohort_suggests_the_nearest(project):
    edit(project, COHORT, "recording: opptak/tillitsreformen-for-ledere", "recording: opptak/tillitsreformen")
    assert problems_in(project, COHORT) == [(line_of(project, COHORT, "recording: opptak/tillitsreformen"), (
        "ukjent opptak «opptak/tillitsreformen» – mente du «opptak/tillitsreformen-for-ledere»?"))]


def test_nothing_close_means_no_suggestion(project):
    edit(project, EXERCISE, "related: [teori/beslutninger,", "related: [teori/finnes-ikke,")
    assert problems_in(project, EXERCISE) == [
        (line_of(project, EXERCISE, "related:"), "ukjent id «teori/finnes-ikke»")]


def test_a_theme_with_an_error_gives_no_error_in_the_items_that_carry_it(project):
    edit(project, THEMES, "  label: Møter\n", "  label: yes\n")
    _, problems, _ = check(project)
    errors = [(path, line, message) for path, line, message in problems if not message.startswith("advarsel:")]
    assert errors == [(THEMES, line_of(project, THEMES, "label: yes"),
                       "«label» skal være tekst, ikke «yes»: sett teksten i anførselstegn, som «\"yes\"»")]


def test_a_theme_file_that_cannot_be_read_is_one_error_not_one_per_item(project):
    edit(project, THEMES, "  label: Møter\n", "  label: [Møter\n")
    _, problems, _ = check(project)
    errors = [(path, message) for path, _, message in problems if not message.startswith("advarsel:")]
    assert len(errors) == 1 and errors[0][0] == THEMES and errors[0][1].startswith("ugyldig YAML"), errors


def test_a_cohort_file_with_an_error_gives_no_error_in_the_items_of_that_cohort(project):
    edit(project, COHORT, "title: Kull høsten 2026", "titel: Kull høsten 2026")
    text = (project / EXERCISE).read_text(encoding="utf-8")  # a copy no page links to
    (project / "content/ovelser/bare-host.md").write_text(
        text.replace("duration: 45", "duration: 45\ncohorts: [2026-host]"), encoding="utf-8")
    _, problems, _ = check(project)
    errors = [(path, line, message) for path, line, message in problems if not message.startswith("advarsel:")]
    assert errors == [(COHORT, line_of(project, COHORT, "titel:"), "ukjent felt «titel» – mente du «title»?")]
