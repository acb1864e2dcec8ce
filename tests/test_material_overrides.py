"""Our copies of Material's templates are the installed Material's, but for what we add.

Material is extended through its blocks where it has one for the place (overrides/main.html,
404.html). Where it has none, overrides/ holds a copy of Material's partial, and a copy keeps
an old Material's markup after an upgrade unless something notices: this test does. After
an upgrade that changes one of these partials it fails until the copy is taken over again
(copy the installed file, put our addition back; the file's own comment says what it is).
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from tests.conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

# The comment every template starts with: Material's "automatically generated", ours why.
LEADING_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)

# Each copy of a Material partial, and what we add to it, exactly as it stands in ours.
COPIES = {
    "partials/header.html": (
        "          {% if config.extra.cohort %}\n"
        '            <span class="vk-cohort">{{ config.extra.cohort.title | e }}</span>\n'
        "          {% endif %}\n"),
    "partials/progress.html": ' aria-label="Laster inn siden"',
}

# Files with a Material template's name that are neither copies nor extensions by blocks.
OTHERWISE = {
    # tests/test_csp.py compares their scripts with Material's, which take the page's base
    # from a data attribute here, so that one hash in the policy allows them.
    "partials/javascripts/base.html",
    "partials/javascripts/outdated.html",
    # Replaces Material's footer line, which links to Material's site on the internet.
    "partials/copyright.html",
}


def without_leading_comment(text: str) -> str:
    comment = LEADING_COMMENT.match(text)
    assert comment, "a template here starts with a {#- … -#} comment"
    return text[comment.end():]


@pytest.mark.parametrize("name", sorted(COPIES))
def test_each_copy_is_the_installed_materials_partial_plus_our_addition(name):
    ours = (OVERRIDES / name).read_text(encoding="utf-8")
    theirs = (MATERIAL / name).read_text(encoding="utf-8")
    addition = COPIES[name]
    assert ours.count(addition) == 1, f"overrides/{name} no longer holds its addition as COPIES says"
    assert without_leading_comment(ours).replace(addition, "") == without_leading_comment(theirs), (
        f"overrides/{name} differs from {MATERIAL / name} beyond our addition: copy Material's file "
        "again and put the addition back")


def test_every_template_with_a_materials_name_extends_it_or_is_a_checked_copy():
    """A new copy of a Material partial has to join COPIES (or say why not) to land."""
    named_like_materials = sorted(path.relative_to(OVERRIDES).as_posix() for path in OVERRIDES.rglob("*.html")
                                  if (MATERIAL / path.relative_to(OVERRIDES)).is_file())
    assert {"main.html", "partials/header.html"} <= set(named_like_materials)
    unchecked = [name for name in named_like_materials
                 if name not in COPIES and name not in OTHERWISE
                 and not re.search(r"^\{% extends ", (OVERRIDES / name).read_text(encoding="utf-8"), re.M)]
    assert unchecked == []

