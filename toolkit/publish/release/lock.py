"""One release at a time, and the record of the one running: what a retry cleans up after.

``toolkit release`` holds an ``flock`` on ``<git dir>/toolkit-release.lock`` for its whole
run. The kernel releases it when its holder dies, however it dies, so the lock is never
stale, and a second release meanwhile is refused with the holder's pid. The file holds
the running release's ``Run`` (pid, cohort, commit, build time, scratch branch, worktree,
mike's process group), cleared when the release ends: a record found in it by the next
release is a run that was killed (``toolkit.publish.release.recovery``).
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "toolkit-release.lock"
SCRATCH_PREFIX = "toolkit-release/"  # scratch branches: refs/heads/toolkit-release/<pid>
WORKTREE_PREFIX = "toolkit-release-"  # <tmp>/toolkit-release-XXXX/tree: the worktrees of HEAD

@dataclass(frozen=True)
class Run:
    """What a release is doing, kept in the lock file so that the next run can clean up
    after it if it is killed."""

    pid: int
    cohort: str
    commit: str = ""
    built: str = ""  # the build time as versions.json records it: tells this run's version apart
    scratch: str = ""  # the scratch branch mike works on
    worktree: str = ""
    before: str | None = None  # gh-pages when the run started (the compare-and-swap's old value)
    mike: int | None = None  # mike's process group while it runs


class Busy(Exception):
    """Another release holds the lock."""


class Lock:
    """``flock`` on a file in the git directory: released by the kernel when its holder
    dies, however it dies, so a lock is never stale. The file holds the holder's ``Run``;
    a record left in it is a run that was killed."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by mike
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._read()
            os.close(self.fd)
            who = f" (pid {holder.pid}, kull {holder.cohort})" if holder else ""
            raise Busy(f"En annen «toolkit release» pågår i dette repoet{who}. Vent til den er "
                       "ferdig, og prøv igjen.") from None
        self.previous = self._read()

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # releases the flock

    def _read(self) -> Run | None:
        data = os.pread(self.fd, 1 << 16, 0)
        try:
            return Run(**json.loads(data)) if data.strip() else None
        except (ValueError, TypeError):
            return None  # unreadable: nothing to recover from it but the scratch branches

    def record(self, run: Run) -> None:
        data = json.dumps(dataclasses.asdict(run)).encode()
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)
        os.fsync(self.fd)

    def clear(self) -> None:
        os.ftruncate(self.fd, 0)
