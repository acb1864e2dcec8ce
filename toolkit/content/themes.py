"""The theme taxonomy: one YAML file beside the collections, ``content/temaer.yml``.

The themes are one controlled vocabulary that maps Bang's model (tasks and goals,
composition and roles, meetings, decisions, trust, …); every item names one or more of
them, and each theme gets a page that lists every item carrying it.
"""

from __future__ import annotations

from pathlib import Path

from ..layout import CONTENT_DIR, THEMES_FILE
from ..problems import Problem
from ..slug import is_slug
from .collection import RESERVED_SLUGS
from .frontmatter import Parsed, parse_yaml
from .models import Theme
from .schema_errors import validate_model
from .sources import read_text, shown


def load_themes(root: Path) -> tuple[dict[str, Theme], Parsed | None, list[Problem]]:
    """The themes in the file's order, its parsed lines (for warnings), and its problems."""
    source = root / CONTENT_DIR / THEMES_FILE
    path = shown(source, root)
    if not source.is_file():
        return {}, None, [Problem(path, 0, "fant ikke temafilen")]
    text, read_problems = read_text(source, root, "temafilen")
    if text is None:
        return {}, None, read_problems
    parsed = parse_yaml(text, path)
    problems = list(parsed.problems)
    if not isinstance(parsed.data, dict):
        if parsed.data is not None:
            problems.append(Problem(path, 1, "temafilen skal være «slug: {label, description}»"))
        return {}, parsed, problems
    themes: dict[str, Theme] = {}
    for slug, value in parsed.data.items():
        line = parsed.line_of((slug,))
        if not isinstance(slug, str) or not is_slug(slug):
            problems.append(Problem(path, line, f"«{slug}» er ikke en gyldig slug for et tema"))
            continue
        if slug in RESERVED_SLUGS:
            problems.append(Problem(path, line, (
                f"«{slug}» er reservert: temaer/{slug} er oversikten over alle temaene; velg et annet navn")))
            continue
        # The theme's own lines, so a wrong field points at its line inside the theme.
        sub = Parsed(value, {k[1:]: v for k, v in parsed.lines.items() if k[:1] == (slug,)},
                     written={k[1:]: v for k, v in parsed.written.items() if k[:1] == (slug,)})
        sub.lines.setdefault((), line)
        theme, theme_problems = validate_model(Theme, sub, path)
        problems += theme_problems
        if theme is not None:
            themes[slug] = theme
    return themes, parsed, problems
