"""After a save the form names each problem by the field the editor sees («Varighet
(minutter)», «Forberedelse»), never by a line number, a YAML key or a ## heading. The
problems are `toolkit check`'s own, on files broken as an editor would break them."""

from __future__ import annotations

import re

import pytest

from tests.conftest import copy_project
from toolkit import pipeline
from toolkit.editor import config, report
from toolkit.editor.fields import shapes

SHAPES = shapes()


def labels(collection: str) -> report.Labels:
    return report.Labels.of(config.fields_of(SHAPES[collection], {}))


def placed(root, path: str) -> list[tuple[str | None, str]]:
    """Each problem `toolkit check` finds in ``path``: (the form's label, the message in its words)."""
    collection = path.split("/")[1] if path.startswith("content/") else "cohorts"
    shape, words = SHAPES[collection], labels(collection)
    text = (root / path).read_text(encoding="utf-8")
    out = []
    for problem in pipeline.check(root):
        if problem.path == path:
            place = report.place(shape, text, path, problem.line, problem.message, words)
            out.append((place.label if place else None, report.in_form_words(problem.message, shape, words)))
    return sorted(out, key=lambda pair: (pair[0] or "", pair[1]))


@pytest.fixture
def root(tmp_path):
    return copy_project(tmp_path)


def edit(root, path: str, *changes: tuple[str, str]) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    file.write_text(text, encoding="utf-8")


def test_a_front_matter_mistake_is_named_by_its_field(root):
    path = "content/ovelser/pre-mortem.md"
    edit(root, path, ("duration: 45", "duration: mye"))
    found = placed(root, path)
    assert [label for label, _ in found] == ["Varighet (minutter)"]
    message = found[0][1]
    assert "«Varighet (minutter)»" in message and "duration" not in message


def test_a_missing_field_is_named_by_its_label_wherever_the_check_points(root):
    path = "content/ovelser/pre-mortem.md"
    edit(root, path, ("difficulty: middels\n", ""))
    found = placed(root, path)
    assert [label for label, _ in found] == ["Vanskelighetsgrad"]
    assert "difficulty" not in found[0][1]


def test_a_nested_value_is_named_by_the_field_and_its_part(root):
    path = "content/ovelser/pre-mortem.md"
    edit(root, path, ("group_size: {min: 4, max: 12}", "group_size: {min: 4, max: mange}"))
    found = placed(root, path)
    assert [label for label, _ in found] == ["Gruppestørrelse"]
    assert "«Gruppestørrelse › Flest»" in found[0][1]


def test_an_item_of_a_list_is_named_with_its_number(root):
    path = "content/teori/tillitsbasert-styring-og-ledelse.md"
    text = (root / path).read_text(encoding="utf-8")
    second = list(re.finditer(r"year: \d+", text))[1]
    (root / path).write_text(text[:second.start()] + "year: tusen" + text[second.end():], encoding="utf-8")
    found = placed(root, path)
    assert [label for label, _ in found] == ["Kilder"]
    assert "«Kilder nr. 2 › År»" in found[0][1]


def test_a_body_problem_is_named_by_its_section(root):
    path = "content/ovelser/pre-mortem.md"
    edit(root, path, ("## Forberedelse\n", "## Forberedelse\n\nSe [notatet](../teori/finnes-ikke.md).\n"))
    found = placed(root, path)
    assert [label for label, _ in found] == ["Forberedelse"]


def test_a_missing_section_is_named_by_its_heading_without_hashes(root):
    path = "content/ovelser/pre-mortem.md"
    text = (root / path).read_text(encoding="utf-8")
    start = text.index("## Digital variant")
    (root / path).write_text(text[:start].rstrip("\n") + "\n", encoding="utf-8")
    found = placed(root, path)
    assert ("Digital variant", "mangler overskriften «Digital variant»") in found
    assert not any("##" in message for _, message in found)


def test_steps_that_do_not_add_up_are_named_by_the_steps_section_without_line_numbers(root):
    path = "content/ovelser/pre-mortem.md"
    edit(root, path, ("duration: 45", "duration: 50"))
    found = placed(root, path)
    assert [label for label, _ in found] == ["Slik gjør dere det"]
    assert "«Varighet (minutter)»" in found[0][1] and "linje" not in found[0][1]


def test_a_cohort_problem_is_named_by_its_field(root):
    path = sorted(p.relative_to(root).as_posix() for p in (root / "cohorts").glob("*.yml"))[0]
    text = (root / path).read_text(encoding="utf-8")
    (root / path).write_text(re.sub(r"(?m)^(\s+- date: )\S+", r"\g<1>2026-02-30", text, count=1), encoding="utf-8")
    found = placed(root, path)
    assert found and {label for label, _ in found} == {"Samlinger"}
