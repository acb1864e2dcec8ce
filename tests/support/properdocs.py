"""ProperDocs, the maintained fork of MkDocs 1.x, as ``make test`` installs it: apart from
``.venv``'s packages, in ``.venv/properdocs/``, so that mike (which builds with ProperDocs
whenever it finds it) keeps building releases with MkDocs. A process runs it with that
folder on ``PYTHONPATH`` and ``.venv``'s packages for everything else."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

import pytest

# sys.prefix is .venv: the tests run with its Python (Makefile: PROPERDOCS).
PROPERDOCS = Path(sys.prefix) / "properdocs"

# The tag both builders write into every page's <head>: the one difference allowed.
GENERATOR_TAG = rb'<meta name="generator" content="[^"]*">'


def installed() -> importlib.metadata.Distribution:
    """ProperDocs' distribution in ``.venv/properdocs/``; fails the test if it is missing."""
    found = list(importlib.metadata.distributions(name="properdocs", path=[str(PROPERDOCS)]))
    if not (PROPERDOCS / ".installed").exists() or len(found) != 1:
        pytest.fail(f"ProperDocs is not installed in {PROPERDOCS}: make test installs it "
                    "(make .venv/properdocs/.installed)")
    return found[0]


def env(builder: str | None = "properdocs") -> dict[str, str]:
    """Environment variables for a process that sees ProperDocs (and, unless ``builder`` is
    None, is told by ``TOOLKIT_BUILDER`` which builder ``toolkit`` runs)."""
    installed()
    path = os.pathsep.join(filter(None, [str(PROPERDOCS), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, **({"TOOLKIT_BUILDER": builder} if builder else {})}
