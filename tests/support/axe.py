"""axe-core in Chromium: the accessibility rules of WCAG 2.1 A and AA, run on a page.

axe-core comes from the npm lock at the repository root (``make test`` runs ``npm ci``
when ``node_modules`` is missing) and is injected into the page under test, so
nothing is fetched from the internet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: The rules that the Norwegian regulation on universal design of ICT requires.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async ([context, tags]) => {
  const result = await axe.run(context || document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
  }));
}"""


def violations(page, context: str | None = None, tags: list[str] = WCAG_21_AA) -> list[dict]:
    """axe-core's violations on ``page`` (optionally only inside the CSS selector
    ``context``), each as ``{id, impact, help, nodes}``."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: `make test` installs it with `npm ci`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN, [context, tags])


def report(found: list[dict]) -> str:
    """The violations as lines a developer can act on, for an assertion message."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"][:5])
    return "\n".join(lines)
