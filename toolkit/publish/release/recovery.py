"""Cleaning up after a release: after every run, and after one that was killed.

A release leaves three things while it runs: a scratch branch (``toolkit-release/<pid>``),
a worktree of HEAD in a marked folder of the temporary folder, and mike in a process
group of its own. ``clean_up`` takes them away when a run ends, however it ends in
Python. A run killed outright leaves them, with its record in the lock
(``toolkit.publish.release.lock``); the next run's ``recover`` stops that mike (only if
its processes still name the run's scratch branch or worktree: a pid may have been
reused), deletes every scratch branch and release worktree, and says whether the
killed run had already moved ``gh-pages``. Process groups are found in ``/proc`` (Linux).
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ...writing import RELEASE, made_by
from ..gh_pages import git, released_versions
from .lock import SCRATCH_PREFIX, Run


@dataclass(frozen=True)
class Interrupted:
    """A run that was killed, after ``recover`` cleaned up behind it."""

    run: Run
    published: bool  # gh-pages holds its complete release
    note: str


def recover(root: Path, run: Run | None, branch: str) -> Interrupted | None:
    """Clean up after a killed run: stop the mike it left running, delete every scratch
    branch and release worktree (the lock is ours, so all of them are leftovers)."""
    if run is not None and run.mike:
        stop_group(run.mike, run)
    for ref in git(root, "for-each-ref", "--format=%(refname)", f"refs/heads/{SCRATCH_PREFIX}").stdout.split():
        git(root, "update-ref", "-d", ref, check=False)
    listing = git(root, "worktree", "list", "--porcelain").stdout
    worktrees = [Path(line[len("worktree "):]) for line in listing.splitlines() if line.startswith("worktree ")]
    temporary = Path(tempfile.gettempdir()).resolve()
    for path in worktrees:  # a release's own worktrees only: in a folder of the temporary folder marked as ours
        if path.parent.parent.resolve() == temporary and made_by(path.parent, RELEASE):
            remove_worktree(root, str(path))
    if run is not None and run.worktree:
        remove_worktree(root, run.worktree)
    if run is None or not run.built:
        return None
    published = any(v["version"] == run.cohort and v.get("properties", {}).get("built") == run.built
                    and v.get("properties", {}).get("commit") == run.commit
                    for v in released_versions(root, branch))
    if published:
        note = (f"Forrige «toolkit release {run.cohort}» (pid {run.pid}) ble avbrutt etter at {branch} "
                f"var oppdatert: kullet er utgitt fra commit {run.commit[:7]}. Ryddet opp etter den.")
    else:
        note = (f"Forrige «toolkit release {run.cohort}» (pid {run.pid}) ble avbrutt før {branch} "
                f"ble endret, så {branch} er som før. Ryddet opp etter den.")
    return Interrupted(run, published, note)


def stop_group(group: int, run: Run) -> None:
    """Kill what is left of mike's process group, if its processes are still the ones this
    release started: mike's command line names the scratch branch, its build's the worktree."""
    marks = [mark.encode() for mark in (run.scratch, run.worktree) if mark]
    if not any(mark in _cmdline(pid) for pid in _group_members(group) for mark in marks):
        return
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        return
    for _ in range(500):  # up to ten seconds for the kernel to take them away
        if not [pid for pid in _group_members(group) if not _zombie(pid)]:
            return
        time.sleep(0.02)


def _group_members(group: int) -> list[int]:
    members = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (command)": state, ppid, pgrp
        if int(fields[2]) == group:
            members.append(int(entry.name))
    return members


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2:].startswith("Z")



def clean_up(root: Path, run: Run) -> None:
    """Take away what ``run`` left: mike's group, the scratch branch, the worktree."""
    if run.mike:
        stop_group(run.mike, run)
    if run.scratch:
        git(root, "update-ref", "-d", f"refs/heads/{run.scratch}", check=False)
    if run.worktree:
        remove_worktree(root, run.worktree)


def remove_worktree(root: Path, path: str) -> None:
    """Remove a release's worktree, and the marked folder around it."""
    git(root, "worktree", "remove", "--force", "--force", "--", path, check=False)
    shutil.rmtree(path, ignore_errors=True)
    if made_by(Path(path).parent, RELEASE):  # the marked folder around it
        shutil.rmtree(Path(path).parent, ignore_errors=True)
    git(root, "worktree", "prune", check=False)

