"""Swap a finished folder into place, so a reader or web server never sees half of one."""

from __future__ import annotations

import shutil
from pathlib import Path


def replace_dir(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target``, replacing what was there; both on one file system."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
