"""The adapter's options in mkdocs.yml, declared as MkDocs plugins declare theirs.

MkDocs 1.6 gives hooks no configuration of their own (``hooks:`` takes paths), so the
options live under ``extra.toolkit``, a place strict mode accepts, and are validated by
``ToolkitConfig``: a MkDocs ``Config`` with typed options, as Material declares its
plugins' (``material/plugins/blog/config.py``). Registering the adapter as a plugin by
entry point would give it a ``plugins:`` entry of its own, but would make the build
depend on the package's installed metadata and on the plugin's place among Material's
(DESIGN.md: hooks); the hooks stay, and so does this block.

Every option has a default, so the shipped mkdocs.yml needs none of them; the
environment comes before mkdocs.yml (``toolkit.settings``)::

    extra:
      toolkit:
        search: auto   # pagefind | material; auto: Pagefind for a build, Material's for the preview
        assets: auto   # hashed | plain; auto: hashed bundles for a build, plain files for the preview

A mistake is one Norwegian line per option, with the file and line, and stops the build
before anything is built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..settings import ASSET_MODES, AUTO, SEARCHES

#: Where the options live in mkdocs.yml: ``extra.<KEY>``.
KEY = "toolkit"


class ToolkitConfig(Config):
    """The options of Verktøykassa's MkDocs adapter (``extra.toolkit`` in mkdocs.yml)."""

    search = c.Choice((AUTO, *SEARCHES), default=AUTO)
    assets = c.Choice((AUTO, *ASSET_MODES), default=AUTO)


class OptionsError(ValueError):
    """Options that cannot be used: one Norwegian line for each, with the file and line."""


def options(extra: Mapping[str, Any], config_file: str) -> ToolkitConfig:
    """``extra.toolkit`` of the MkDocs configuration read from ``config_file``, validated;
    ``OptionsError`` lists every option that is unknown or holds no valid value."""
    given = extra.get(KEY)
    path = Path(config_file)
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise OptionsError(f"{path.name}:{_line(path, KEY)}: extra.{KEY} skal være innstillinger "
                           f"({', '.join(_names())}), ikke «{given}»")
    problems: list[str] = []
    values = dict(given)
    while True:  # MkDocs stops at an option's first error: validate again without it, to report them all
        chosen = ToolkitConfig(config_file_path=config_file)
        chosen.load_dict(values)
        failed, warnings = chosen.validate()
        for key, _ in failed:
            problems.append(f"{path.name}:{_line(path, key)}: extra.{KEY}.{key}: «{values.pop(key)}» er ikke "
                            f"et valg her; velg {_either(key)}")
        if not failed:
            break
    problems += [f"{path.name}:{_line(path, key)}: extra.{KEY}.{key}: ukjent innstilling "
                 f"(innstillingene er {', '.join(_names())})" for key, _ in warnings if key not in _names()]
    if problems:
        raise OptionsError("\n".join(sorted(problems)))
    return chosen


def _names() -> list[str]:
    return [key for key, _ in ToolkitConfig._schema]


def _either(key: str) -> str:
    option = dict(ToolkitConfig._schema)[key]
    choices = [str(choice) for choice in getattr(option, "choices", ())]
    return f"{', '.join(choices[:-1])} eller {choices[-1]}" if len(choices) > 1 else "en annen verdi"


def _line(path: Path, key: str) -> int:
    """The line of ``key`` in the ``extra.toolkit`` block of mkdocs.yml (1 if not found):
    MkDocs keeps no lines, so the file is searched for the key under ``toolkit:``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    start = next((n for n, line in enumerate(lines) if re.match(rf"^\s+{KEY}\s*:", line)), None)
    if start is None:
        return 1
    if key == KEY:
        return start + 1
    return next((n + 1 for n, line in enumerate(lines[start + 1:], start + 1)
                 if re.match(rf"^\s+{re.escape(key)}\s*:", line)), start + 1)
