"""When each item was added to the toolkit, from the repository's history.

«Nytt i verktøykassa» on the front page lists the newest additions. The front
matter has no "added" date (``reviewed`` moves on every review, and only stories
and recordings have a ``date``, which is when something happened), while git
knows exactly when a file first came in. One ``git log`` over ``content/`` answers
for every item at once.

Outside a git checkout (a copied project, an exported tree) there is no history:
``added_dates`` returns ``None`` and callers fall back on the front matter. A file
that git does not know yet (written but not committed) counts as added today, so
an editor sees a new item at the top of the list in the preview. "Today" is the build's
date (``toolkit.build_date``: ``SOURCE_DATE_EPOCH`` when it is set, else the clock's).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from ..layout import CONTENT_DIR
from .items import Item


def added_dates(root: Path) -> dict[str, dt.date] | None:
    """``{path relative to root: date the file was (last) added}``, or None without git."""
    command = ["git", "-C", str(root), "log", "--no-renames", "--diff-filter=A",
               "--name-only", "--relative", "--format=%x00%cs", "--", CONTENT_DIR]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    dates: dict[str, dt.date] = {}
    current: dt.date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = dt.date.fromisoformat(line[1:].strip())
        elif line.strip() and current is not None:
            dates.setdefault(line.strip(), current)  # newest first: keep the latest add
    return dates


def fallback_date(item: Item) -> dt.date:
    """Without history: the story's or recording's date, else the last review."""
    return getattr(item.meta, "date", None) or item.meta.reviewed or dt.date.min


def added_on(items: list[Item], dates: dict[str, dt.date] | None, today: dt.date) -> dict[str, dt.date]:
    """``{item id: date added}`` for every item."""
    if dates is None:
        return {item.id: fallback_date(item) for item in items}
    return {item.id: dates.get(item.path, today) for item in items}
