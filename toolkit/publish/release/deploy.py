"""The release itself: mike builds the cohort on a scratch branch, and ``gh-pages`` moves
to it in one step.

``prepare`` makes a ``git worktree`` of HEAD (so nothing untracked or ignored in the
checkout can reach ``gh-pages``) and the scratch branch at the ``gh-pages`` to build on
(``base``: the local branch, or the remote's when it is ahead). ``deploy`` runs mike
there, in a process group of its own and recorded in the lock while it runs: the
version titled with the cohort's title and stamped with the commit and build time,
``latest`` on the newest released cohort, the root redirect, and ``versions.json`` in
cohort order. ``publish`` then moves ``gh-pages`` to the scratch branch with one
compare-and-swap ``git update-ref``, refused if anything else moved it meanwhile.

mike runs as a program (the domain package never imports it or MkDocs), with every value
as ``--option=value`` and the positional ones after ``--``, so none can be read as an
option of mike's (docs-dev/security.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ... import builder, escape
from ...content.cohorts import Cohort, newest
from ...settings import Settings, Stamp
from ..gh_pages import LATEST, VERSIONS_FILE, ZERO, branch_head, git, is_ancestor, latest_holder, released_versions
from .lock import Lock, Run
from .recovery import stop_group

REDIRECT_TEMPLATE = Path(__file__).parents[2] / "templates" / "redirect.html"


class ReleaseError(Exception):
    """A step of a release failed after it had started; gh-pages was not moved."""


def base_commit(root: Path, branch: str, remote: str) -> str | None:
    """The gh-pages to build on: the local branch, or the remote's when it is ahead (a fresh
    clone, or another editor's release); a ``ReleaseError`` when they have diverged."""
    local = branch_head(root, branch)
    upstream = git(root, "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}",
                   check=False).stdout.strip() or None
    if upstream is None or upstream == local:
        return local
    if local is None or is_ancestor(root, local, upstream):
        return upstream
    if is_ancestor(root, upstream, local):
        return local
    raise ReleaseError(
        f"{branch} og {remote}/{branch} har gått hver sin vei. Se på begge med «git log --oneline "
        f"--graph {branch} {remote}/{branch}», sett {branch} til den som skal gjelde (for eksempel "
        f"«git update-ref refs/heads/{branch} {remote}/{branch}») og gi ut på nytt."
    )


def prepare(root: Path, run: Run, base: str | None) -> None:
    """The worktree of the release's commit, and its scratch branch at ``base``."""
    git(root, "worktree", "add", "--detach", "--quiet", "--", run.worktree, run.commit)
    # Parsed captions are keyed by the file's content: share the checkout's cache.
    cache = root / ".cache"
    cache.mkdir(exist_ok=True)
    (Path(run.worktree) / ".cache").symlink_to(cache.resolve(), target_is_directory=True)
    if base is not None:
        git(root, "update-ref", f"refs/heads/{run.scratch}", base, ZERO)


def publish(root: Path, run: Run, branch: str) -> None:
    """Move gh-pages to the complete release in one step, if nothing else has moved it."""
    tip = branch_head(root, run.scratch)
    if tip is None:
        raise ReleaseError(f"mike la ikke noe på {run.scratch}; {branch} er ikke flyttet.")
    moved = git(root, "update-ref", "-m", f"toolkit release {run.cohort}", f"refs/heads/{branch}",
                tip, run.before or ZERO, check=False)
    if moved.returncode != 0:
        raise ReleaseError(f"{branch} ble endret av noe annet mens utgivelsen pågikk, så den er ikke "
                           f"flyttet ({moved.stderr.strip()}). Kjør utgivelsen på nytt.")



def deploy(root: Path, run: Run, cohort: Cohort, cohorts: dict[str, Cohort], settings: Settings,
            stamp: Stamp, remote: str, lock: Lock) -> None:
    """Build the release on the scratch branch: the version, ``latest``, the root redirect
    and versions.json in cohort order."""
    scratch, worktree = run.scratch, Path(run.worktree)
    released = {v["version"] for v in released_versions(root, scratch, remote)} | {cohort.id}
    newest_released = newest({i: cohorts[i] for i in released if i in cohorts})
    aliases = [LATEST] if newest_released is cohort else []
    env = _env(settings, cohort.id, stamp)
    template = worktree / "toolkit/templates/redirect.html"
    template = template if template.is_file() else REDIRECT_TEMPLATE
    # Every value as --option=value, and the positional ones after "--": none can be read
    # as an option of mike's (a title may begin with "-").
    common = [f"--config-file={worktree / 'mkdocs.yml'}", f"--branch={scratch}", f"--remote={remote}",
              "--ignore-remote-status"]
    redirects = ["--alias-type=redirect", f"--template={template}"]

    def mike(*args: str) -> None:
        _mike(worktree, env, run, lock, *args)

    mike("deploy", *common, *redirects, "--update-aliases",
         # Material's version selector inserts the title as HTML: escaped (toolkit.escape).
         f"--title={escape.html(cohort.title)}",
         f"--message=Release {cohort.id} ({cohort.title}) from {stamp.short}",
         f"--prop-set-string=commit={stamp.commit}",
         f"--prop-set-string=built={run.built}",
         "--", cohort.id, *aliases)
    settings.pause("deployed")
    # `latest` belongs to the newest cohort even when an older one is (re)released.
    if newest_released is not None and latest_holder(released_versions(root, scratch)) != newest_released.id:
        mike("alias", *common, *redirects, "--update-aliases", "--", newest_released.id, LATEST)
    root_page = git(root, "show", f"refs/heads/{scratch}:index.html", check=False).stdout
    if f'href="{LATEST}/"' not in root_page:
        mike("set-default", *common, f"--template={template}", "--", LATEST)
    _order_versions(root, scratch, cohorts, env)


def _order_versions(root: Path, branch: str, cohorts: dict[str, Cohort], env: Mapping[str, str]) -> None:
    """List the versions newest cohort first, as the version selector shows them.

    mike sorts versions as version numbers, which puts ``2026-var`` above ``2026-host``;
    readers expect the cohorts in time order. Only ``versions.json`` changes.
    """
    versions = released_versions(root, branch)
    ordered = sorted(versions, reverse=True, key=lambda v: (
        (cohorts[v["version"]].meta.start, v["version"]) if v["version"] in cohorts else (dt.date.min, "")
    ))
    if ordered == versions:
        return
    text = json.dumps(ordered, indent=2) + "\n"  # mike's own format
    blob = git(root, "hash-object", "-w", "--stdin", stdin=text).stdout.strip()
    with tempfile.TemporaryDirectory() as scratch:
        index_env = {**env, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git(root, "read-tree", f"refs/heads/{branch}", env=index_env)
        git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{VERSIONS_FILE}", env=index_env)
        tree = git(root, "write-tree", env=index_env).stdout.strip()
    parent = branch_head(root, branch)
    if parent is None:  # versions listed above come from this branch, so it exists
        raise ReleaseError(f"fant ikke {branch}")
    commit = git(root, "commit-tree", tree, "-p", parent, "-m", "List cohorts newest first in versions.json",
                 env=env).stdout.strip()
    git(root, "update-ref", f"refs/heads/{branch}", commit, parent)


def _env(settings: Settings, cohort_id: str, stamp: Stamp) -> dict[str, str]:
    """The environment of mike and its build: the cohort and the stamp for the footer
    (``Settings.environment``); mike runs ``mkdocs`` from PATH, so this environment's
    scripts go first (and Material's end-of-life notice stays out of the release's output)."""
    scripts = str(Path(sys.executable).parent)
    return builder.environment(dataclasses.replace(
        settings, cohort=cohort_id, stamp=stamp, path=scripts + os.pathsep + settings.path))


def _mike(cwd: Path, env: Mapping[str, str], run: Run, lock: Lock, *args: str) -> None:
    """Run mike in its own process group, recorded in the lock while it runs, so that a
    retry can stop it if this process is killed and it goes on alone."""
    executable = Path(sys.executable).parent / "mike"
    command = [str(executable) if executable.exists() else (shutil.which("mike") or "mike"), *args]
    process = subprocess.Popen(command, cwd=cwd, env=dict(env), process_group=0)
    lock.record(dataclasses.replace(run, mike=process.pid))
    try:
        code = process.wait()
    except BaseException:  # Ctrl+C reaches only us: take mike down with us
        stop_group(process.pid, run)
        process.wait()
        raise
    finally:
        lock.record(run)
    if code != 0:
        raise ReleaseError(f"mike {args[0]} feilet (se meldingene over).")
