"""Named points where a test can hold a release still: a test hook, not a feature.

With ``TOOLKIT_TEST_PAUSE=<point>=<file>`` in the environment, the process that reaches
``<point>`` writes its pid to ``<file>`` and waits there until the file is removed.
``tests/test_release_kill.py`` uses it to kill ``toolkit release`` at exact moments (or
to let it go on) instead of sleeping and hoping. Unset, it costs one dictionary lookup.

The points, in the order a release passes them:

- ``locked``: the lock is taken and the worktree of HEAD made; mike has not started;
- ``mike-building``: in the build mike runs (the hook's ``on_startup``, via
  ``toolkit.publish.ecosystem``), before anything is built;
- ``deployed``: mike has committed the version to the release's scratch branch;
- ``ordered``: the scratch branch is complete (aliases, root redirect, versions.json);
- ``published``: ``gh-pages`` has been moved to it; the scratch branch is not yet removed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

PAUSE_VAR = "TOOLKIT_TEST_PAUSE"
POINTS = ("locked", "mike-building", "deployed", "ordered", "published")


def pause(point: str, environ: Mapping[str, str] = os.environ) -> None:
    """Wait at ``point`` while the test holds it (see the module docstring)."""
    name, _, file = environ.get(PAUSE_VAR, "").partition("=")
    if name != point or not file:
        return
    signal = Path(file)
    partial = signal.with_name(signal.name + ".partial")
    partial.write_text(f"{os.getpid()}\n", encoding="utf-8")
    partial.replace(signal)  # the test never reads half a pid
    while signal.exists():
        time.sleep(0.02)
