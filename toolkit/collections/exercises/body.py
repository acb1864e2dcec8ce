"""The body of an exercise: its six sections and its timed steps.

Every exercise is written to one steady structure (purpose, preparation, steps,
reflection questions, tips, a digital variant), and each step says how many minutes
it takes. A leader plans a meeting from those minutes, so they should add up to the
``duration`` the finder filters on. Breaking the structure does not break the site,
which is why everything here is a warning, not an error: ``toolkit check`` shows it
with its line and the build still publishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...content.changes import collapse
from ...content.frontmatter import H2, Heading, headings
from ...content.items import Body, Item
from ...problems import Problem, warning
from .model import ExerciseMeta

#: The ``##`` headings of an exercise body, in the order the template and spec give them.
HEADINGS = (
    "Formål",
    "Forberedelse",
    "Slik gjør dere det",
    "Refleksjonsspørsmål",
    "Tips til den som leder",
    "Digital variant",
)
STEPS_HEADING = "Slik gjør dere det"
#: What the participants' handout keeps (purpose, steps, reflection questions): the
#: preparation, the tips for the one who leads and the digital variant are the leader's.
PARTICIPANT_SECTIONS = (HEADINGS[0], HEADINGS[2], HEADINGS[3])

# A top-level numbered list item: "1. **Innledning** (5 min): ..."
_STEP = re.compile(r"^(?P<number>\d+)[.)]\s+(?P<text>.*)$")
_MINUTES = re.compile(r"\((?P<minutes>\d+)\s*min(?:utt(?:er)?)?\.?\)", re.IGNORECASE)
_NAME = re.compile(r"\*\*(?P<name>.+?)\*\*")
# The steps for telling whether they changed (``steps_text``): searched in the whole body (a
# «## » line inside a code example would end the steps early: for that, it does not matter).
_STEPS = re.compile(rf"^##\s+{re.escape(STEPS_HEADING)}\s*#*\s*$", re.M)
_NEXT_H2 = re.compile(r"^##\s", re.M)


@dataclass(frozen=True)
class Step:
    """One numbered step; ``minutes`` is None when the step does not say ``(N min)``."""

    number: int
    name: str
    minutes: int | None
    line: int  # line in the source file


def parse_steps(body: str, body_line: int) -> tuple[Heading | None, list[Step]]:
    """The steps heading and the numbered steps under it (``(None, [])`` without one).

    A step is a numbered item at the start of a line; its continuation lines (indented,
    up to the next item, blank line or heading) are read too, so ``(N min)`` may wrap.
    """
    lines = body.splitlines()
    heading = next((h for h in headings(body, body_line) if h.title == STEPS_HEADING), None)
    if heading is None:
        return None, []
    steps: list[Step] = []
    current: tuple[int, int, str] | None = None  # (number, line, text so far)

    def finish() -> None:
        if current is not None:
            number, line, text = current
            name = _NAME.search(text)
            minutes = _MINUTES.search(text)
            steps.append(
                Step(
                    number,
                    name.group("name").strip() if name else text.strip(),
                    int(minutes.group("minutes")) if minutes else None,
                    line,
                )
            )

    for index in range(heading.line - body_line + 1, len(lines)):
        text = lines[index]
        if H2.match(text) or text.startswith("# "):
            break
        match = _STEP.match(text)
        if match:
            finish()
            current = (int(match.group("number")), body_line + index, match.group("text"))
        elif current is not None and text.startswith((" ", "\t")) and text.strip():
            current = (current[0], current[1], current[2] + " " + text.strip())
        elif not text.strip():
            finish()
            current = None
    finish()
    return heading, steps


def check_exercise(item: Item[ExerciseMeta], content: object = None) -> list[Problem]:
    """Warnings for one exercise: missing or misplaced headings, untimed steps, wrong sum."""
    return check_body(item) + check_duration(item, content)


def check_body(item: Body) -> list[Problem]:
    """What the body of an exercise alone can tell, even under a front matter with errors:
    missing or misplaced headings, no steps, steps without their minutes."""
    problems = _check_headings(item)
    heading, steps = parse_steps(item.body, item.body_line)
    if heading is None:
        return problems  # reported as a missing heading
    if not steps:
        problems.append(
            warning(item.path, heading.line,
                    f"fant ingen nummererte trinn under «## {STEPS_HEADING}»; "
                    "skriv dem som «1. **Navn** (5 min): …»")
        )
    for step in steps:
        if step.minutes is None:
            problems.append(
                warning(item.path, step.line,
                        f"trinn {step.number} («{step.name}») mangler tid på formen «(5 min)»")
            )
    return problems


def check_duration(item: Item[ExerciseMeta], content: object = None) -> list[Problem]:
    """The minutes of the steps against the front matter's ``duration``, when every step
    has its minutes (a step without is reported by ``check_body``)."""
    heading, steps = parse_steps(item.body, item.body_line)
    if heading is None or not steps or any(step.minutes is None for step in steps):
        return []
    total = sum(step.minutes or 0 for step in steps)
    if total == item.meta.minutes:
        return []
    return [warning(item.path, heading.line,
                    f"trinnene under «## {STEPS_HEADING}» er til sammen {total} min, men "
                    f"«duration» (linje {item.line_of('duration')}) er {item.meta.minutes} min")]


def _check_headings(item: Body) -> list[Problem]:
    found = {h.title: h for h in headings(item.body, item.body_line)}
    last_line = item.body_line + max(len(item.body.splitlines()) - 1, 0)
    problems = []
    previous: Heading | None = None
    for position, title in enumerate(HEADINGS):
        heading = found.get(title)
        if heading is None:
            # Point at where it belongs: the next expected heading that is there.
            later = [found[t] for t in HEADINGS[position + 1:] if t in found]
            line = later[0].line if later else last_line
            problems.append(warning(item.path, line, f"mangler overskriften «## {title}»"))
            continue
        if previous is not None and heading.line < previous.line:
            problems.append(
                warning(item.path, heading.line,
                        f"«## {title}» skal stå etter «## {previous.title}»")
            )
        else:
            previous = heading
    return problems


def steps_text(body: str) -> str | None:
    """The text under «## Slik gjør dere det», up to the next ``##`` heading, whitespace
    collapsed as ``toolkit changes`` compares it (None without the heading)."""
    heading = _STEPS.search(body)
    if heading is None:
        return None
    following = _NEXT_H2.search(body, heading.end())
    return collapse(body[heading.end():following.start() if following else len(body)])
