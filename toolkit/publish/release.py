"""Release one cohort's site as a frozen mike version on the ``gh-pages`` branch.

``toolkit release <id>`` is the one command an editor runs to publish a cohort. It
refuses, touching nothing, when the content has errors, when the working tree has
uncommitted changes (a release must be reproducible from a commit), or when the cohort
is released already (unless ``--replace``). Otherwise mike builds the site strictly
(``strict: true`` in mkdocs.yml) and commits it as version ``<id>`` titled with the
cohort's title, with the source commit and build time as version properties and in the
page footer. The ``latest`` alias follows the newest released cohort by start date, and
the site root redirects to it.

mike rewrites only the version it deploys and that version's aliases, so earlier
cohorts' files stay byte-identical. Aliases are HTML redirect pages, never symlinks, so
any static web server can serve the branch as it is (see ``toolkit.publish.export``).

A release is all or nothing, even when killed:

- it builds from a ``git worktree`` of HEAD, so nothing untracked or ignored in the
  checkout can reach ``gh-pages``;
- it holds a lock (``<git dir>/toolkit-release.lock``: an ``flock`` that dies with its
  holder, and a record of the run: pid, scratch branch, worktree, mike's process group);
- mike runs in its own process group and works on a scratch branch
  (``toolkit-release/<pid>``), never on ``gh-pages``; when the scratch branch holds the
  complete release (version, aliases, root redirect, ordered ``versions.json``),
  ``gh-pages`` is moved to it with one compare-and-swap ``git update-ref``;
- the next run finds the record of a killed one, stops what it left running, removes its
  scratch branch and worktree, and either reports that it had published (and pushes, with
  ``--push``) or releases again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import escape, norsk, pipeline
from ..collections import registry
from ..content.cohorts import Cohort, load_cohorts, newest
from ..problems import errors_in, format_problems
from ..settings import BUILD_DATE, SITE_URL, Settings, Stamp
from ..writing import RELEASE, made_by, marked_temp_dir
from . import builder

BRANCH = "gh-pages"
LATEST = "latest"
VERSIONS_FILE = "versions.json"
REDIRECT_TEMPLATE = Path(__file__).parent.parent / "templates" / "redirect.html"


class ReleaseError(Exception):
    """A step of a release failed after it had started; gh-pages was not moved."""


def template_context(cohort: Cohort | None, settings: Settings) -> dict:
    """What the theme templates show about the build: the cohort (header, outdated
    notice), for a release the commit and build date (footer), and whether mike is
    building a version (the outdated notice needs the versions around it)."""
    release = None
    stamp = settings.stamp
    if stamp is not None:
        try:
            built = norsk.date(dt.datetime.fromisoformat(stamp.built).date())
        except ValueError:
            built = ""
        release = {"commit": stamp.commit, "short": stamp.short, "built": built}
    return {
        "cohort": {"id": cohort.id, "title": cohort.title} if cohort is not None else None,
        "release": release,
        # The version mike is building (it sets this for every build it runs), else None.
        "mike_version": settings.mike_version,
    }


def git(root: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            env=dict(env) if env is not None else None, input=stdin)
    if check and result.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} feilet: {result.stderr.strip()}")
    return result


def branch_head(root: Path, branch: str = BRANCH) -> str | None:
    """The commit the local branch points at, or None before the first release."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False)
    return result.stdout.strip() or None


def published_ref(root: Path, branch: str = BRANCH, remote: str = "origin") -> str | None:
    """The branch to read releases from: the local one, or in a fresh clone the remote's."""
    for ref in (f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"):
        if git(root, "rev-parse", "--verify", "--quiet", ref, check=False).returncode == 0:
            return ref
    return None


def released_versions(root: Path, branch: str = BRANCH, remote: str = "origin") -> list[dict]:
    """mike's ``versions.json`` on the branch: ``[{version, title, aliases, properties}]``."""
    ref = published_ref(root, branch, remote)
    result = git(root, "show", f"{ref}:{VERSIONS_FILE}", check=False) if ref else None
    return json.loads(result.stdout) if result is not None and result.returncode == 0 else []


def refusals(root: Path, cohort_id: str, cohorts: dict[str, Cohort], replace: bool, settings: Settings,
             branch: str = BRANCH, remote: str = "origin") -> list[str]:
    """Every reason not to release now, each as a Norwegian paragraph (none: go ahead)."""
    reasons = []
    errors = errors_in(pipeline.check(root, registry(settings.collections), today=settings.build_date))
    if errors:
        reasons.append("Innholdet har feil (se toolkit check):\n" + format_problems(errors))
    if cohort_id not in cohorts:
        known = ", ".join(sorted(cohorts)) or "ingen"
        reasons.append(f"Ukjent kull «{cohort_id}». Kjente kull: {known}.")
    # mike runs a plain `mkdocs build`: only the config can make it strict.
    if not re.search(r"^strict:\s*true\s*$", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M):
        reasons.append("mkdocs.yml mangler «strict: true»: en utgivelse skal stoppe på døde lenker.")
    epoch = settings.invalid_epoch
    if epoch is not None:
        reasons.append(f"{BUILD_DATE}={epoch!r} er ikke et tidspunkt (sekunder siden 1970-01-01 UTC); "
                       "MkDocs ville stoppe på den midt i byggingen. Rett eller fjern variabelen.")
    if git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        reasons.append("Prosjektmappen er ikke et git-repo. En utgivelse bygges fra en commit.")
        return reasons
    if git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        reasons.append("Repoet har ingen commit ennå. Commit innholdet før du gir det ut.")
    changes = git(root, "status", "--porcelain", "--untracked-files=normal").stdout.splitlines()
    if changes:
        shown = "\n".join(f"  {line}" for line in changes[:10])
        more = f"\n  … og {len(changes) - 10} til" if len(changes) > 10 else ""
        reasons.append(
            "Arbeidskopien har endringer som ikke er committet. Commit dem (eller legg dem "
            f"bort) først, så utgivelsen kan bygges på nytt fra en commit:\n{shown}{more}"
        )
    released = {v["version"] for v in released_versions(root, branch, remote)}
    if cohort_id in released and not replace:
        reasons.append(
            f"Kullet «{cohort_id}» er allerede utgitt. Bruk «toolkit release {cohort_id} --replace» "
            "for å bygge det på nytt fra denne commiten."
        )
    return reasons


def unsafe_argument(value: str) -> bool:
    """A value that git or mike could read as one of their options (``--upload-pack=…``),
    or that holds blanks or control characters: never passed on."""
    return not value or value.startswith("-") or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in value)


def release(root: Path, cohort_id: str, settings: Settings, *, replace: bool = False, push: bool = False,
            remote: str = "origin", branch: str = BRANCH, log=sys.stderr) -> int:
    """Check, build and deploy one cohort; returns the exit code for ``toolkit release``."""
    for what, value in (("kullet", cohort_id), ("fjernrepoet", remote), ("grenen", branch)):
        if unsafe_argument(value):  # checked by the command's options too; here for every caller
            print(f"toolkit release: «{value}» kan ikke brukes som {what}: den kan ikke begynne med «-» eller "
                  "inneholde mellomrom eller kontrolltegn", file=log)
            return 2
    common_dir = git(root, "rev-parse", "--git-common-dir", check=False)
    if common_dir.returncode != 0:
        cohorts, _ = load_cohorts(root)
        print("\n\n".join(refusals(root, cohort_id, cohorts, replace, settings, branch, remote)), file=log)
        print(f"\nIngenting er utgitt; {branch} er uendret.", file=log)
        return 1
    try:
        lock = Lock((root / common_dir.stdout.strip()) / LOCK_FILE)
    except Busy as exc:
        print(f"{exc}\nIngenting er utgitt; {branch} er uendret.", file=log)
        return 1
    with lock:
        try:
            return _release(root, lock, cohort_id, settings, replace=replace, push=push, remote=remote,
                            branch=branch, log=log)
        except KeyboardInterrupt:
            print(f"\nAvbrutt; {branch} er som før.", file=log)
            return 130


def _release(root: Path, lock: Lock, cohort_id: str, settings: Settings, *, replace: bool, push: bool,
             remote: str, branch: str, log) -> int:
    earlier = _recover(root, lock.previous, branch)
    if earlier is not None:
        print(earlier.note, file=log)
        head = git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout.strip()
        if earlier.published and earlier.run.cohort == cohort_id and earlier.run.commit == head:
            lock.clear()  # the interrupted run had finished the job: only the push may be left
            return _push(root, remote, branch, log) if push else 0
    lock.record(Run(os.getpid(), cohort_id))
    cohorts, _ = load_cohorts(root)
    reasons = refusals(root, cohort_id, cohorts, replace, settings, branch, remote)
    if reasons:
        lock.clear()
        print("\n\n".join(reasons), file=log)
        print(f"\nIngenting er utgitt; {branch} er uendret.", file=log)
        return 1
    cohort = cohorts[cohort_id]
    if settings.site_url is None:
        print(f"Merk: {SITE_URL} er ikke satt, så kanoniske lenker og sitemap bruker "
              "standardadressen i mkdocs.yml. Sett den til intranettadressen når du gir ut for alvor.",
              file=log)
    if push:  # start from what is published, so the push below is a fast-forward
        git(root, "fetch", "--quiet", "--end-of-options", remote, branch, check=False)
    stamp = Stamp(git(root, "rev-parse", "HEAD").stdout.strip(),
                  dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    run = Run(os.getpid(), cohort_id, stamp.commit, stamp.built, f"{SCRATCH_PREFIX}{os.getpid()}",
              before=branch_head(root, branch))
    try:
        base = _base(root, branch, remote)
        # The worktree lives in a folder of its own, marked as the release's (toolkit.writing).
        run = dataclasses.replace(run, worktree=str(marked_temp_dir(WORKTREE_PREFIX, RELEASE) / "tree"))
        lock.record(run)
        _prepare(root, run, base)
        settings.pause("locked")
        _deploy(root, run, cohort, cohorts, settings, stamp, remote, lock)
        settings.pause("ordered")
        _publish(root, run, branch)
        settings.pause("published")
    except ReleaseError as exc:
        _clean_up(root, run)
        lock.clear()
        print(f"{exc}\nUtgivelsen feilet; {branch} er som før.", file=log)
        return 1
    except BaseException:  # a bug or Ctrl+C: still all or nothing, and nothing left behind
        _clean_up(root, run)
        lock.clear()
        raise
    _clean_up(root, run)
    lock.clear()
    holder = _latest_holder(released_versions(root, branch, remote))
    print(f"{cohort.title} ({cohort_id}) er utgitt på {branch} fra commit {stamp.short}; "
          f"«{LATEST}» viser til {holder}.", file=log)
    if push and _push(root, remote, branch, log) != 0:
        return 1
    print("Se alle utgitte kull med «toolkit serve --versions»; lag filene til webserveren "
          "med «toolkit export MAPPE».", file=log)
    return 0


def _push(root: Path, remote: str, branch: str, log) -> int:
    pushed = git(root, "push", "--quiet", "--end-of-options", remote, branch, check=False)
    if pushed.returncode != 0:
        print(f"Kunne ikke sende {branch} til «{remote}»: {pushed.stderr.strip()}\n"
              f"Utgivelsen ligger lokalt; prøv «git push {remote} {branch}» igjen.", file=log)
        return 1
    print(f"{branch} er sendt til «{remote}».", file=log)
    return 0


# --- one run, and the lock that holds its record -------------------------------------

LOCK_FILE = "toolkit-release.lock"
SCRATCH_PREFIX = "toolkit-release/"  # scratch branches: refs/heads/toolkit-release/<pid>
WORKTREE_PREFIX = "toolkit-release-"  # <tmp>/toolkit-release-XXXX/tree: the worktrees of HEAD
ZERO = "0" * 40


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


@dataclass(frozen=True)
class Interrupted:
    """A run that was killed, after ``_recover`` cleaned up behind it."""

    run: Run
    published: bool  # gh-pages holds its complete release
    note: str


def _recover(root: Path, run: Run | None, branch: str) -> Interrupted | None:
    """Clean up after a killed run: stop the mike it left running, delete every scratch
    branch and release worktree (the lock is ours, so all of them are leftovers)."""
    if run is not None and run.mike:
        _stop(run.mike, run)
    for ref in git(root, "for-each-ref", "--format=%(refname)", f"refs/heads/{SCRATCH_PREFIX}").stdout.split():
        git(root, "update-ref", "-d", ref, check=False)
    listing = git(root, "worktree", "list", "--porcelain").stdout
    worktrees = [Path(line[len("worktree "):]) for line in listing.splitlines() if line.startswith("worktree ")]
    temporary = Path(tempfile.gettempdir()).resolve()
    for path in worktrees:  # a release's own worktrees only: in a folder of the temporary folder marked as ours
        if path.parent.parent.resolve() == temporary and made_by(path.parent, RELEASE):
            _remove_worktree(root, str(path))
    if run is not None and run.worktree:
        _remove_worktree(root, run.worktree)
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


def _stop(group: int, run: Run) -> None:
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


# --- the release itself ----------------------------------------------------------------


def _base(root: Path, branch: str, remote: str) -> str | None:
    """The gh-pages to build on: the local branch, or the remote's when it is ahead (a fresh
    clone, or another editor's release); a ``ReleaseError`` when they have diverged."""
    local = branch_head(root, branch)
    upstream = git(root, "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}",
                   check=False).stdout.strip() or None
    if upstream is None or upstream == local:
        return local
    if local is None or _is_ancestor(root, local, upstream):
        return upstream
    if _is_ancestor(root, upstream, local):
        return local
    raise ReleaseError(
        f"{branch} og {remote}/{branch} har gått hver sin vei. Se på begge med «git log --oneline "
        f"--graph {branch} {remote}/{branch}», sett {branch} til den som skal gjelde (for eksempel "
        f"«git update-ref refs/heads/{branch} {remote}/{branch}») og gi ut på nytt."
    )


def _is_ancestor(root: Path, older: str, newer: str) -> bool:
    return git(root, "merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def _prepare(root: Path, run: Run, base: str | None) -> None:
    """The worktree of the release's commit, and its scratch branch at ``base``."""
    git(root, "worktree", "add", "--detach", "--quiet", "--", run.worktree, run.commit)
    # Parsed captions are keyed by the file's content: share the checkout's cache.
    cache = root / ".cache"
    cache.mkdir(exist_ok=True)
    (Path(run.worktree) / ".cache").symlink_to(cache.resolve(), target_is_directory=True)
    if base is not None:
        git(root, "update-ref", f"refs/heads/{run.scratch}", base, ZERO)


def _publish(root: Path, run: Run, branch: str) -> None:
    """Move gh-pages to the complete release in one step, if nothing else has moved it."""
    tip = branch_head(root, run.scratch)
    if tip is None:
        raise ReleaseError(f"mike la ikke noe på {run.scratch}; {branch} er ikke flyttet.")
    moved = git(root, "update-ref", "-m", f"toolkit release {run.cohort}", f"refs/heads/{branch}",
                tip, run.before or ZERO, check=False)
    if moved.returncode != 0:
        raise ReleaseError(f"{branch} ble endret av noe annet mens utgivelsen pågikk, så den er ikke "
                           f"flyttet ({moved.stderr.strip()}). Kjør utgivelsen på nytt.")


def _clean_up(root: Path, run: Run) -> None:
    if run.mike:
        _stop(run.mike, run)
    if run.scratch:
        git(root, "update-ref", "-d", f"refs/heads/{run.scratch}", check=False)
    if run.worktree:
        _remove_worktree(root, run.worktree)


def _remove_worktree(root: Path, path: str) -> None:
    git(root, "worktree", "remove", "--force", "--force", "--", path, check=False)
    shutil.rmtree(path, ignore_errors=True)
    if made_by(Path(path).parent, RELEASE):  # the marked folder around it
        shutil.rmtree(Path(path).parent, ignore_errors=True)
    git(root, "worktree", "prune", check=False)


def _deploy(root: Path, run: Run, cohort: Cohort, cohorts: dict[str, Cohort], settings: Settings,
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
    if newest_released is not None and _latest_holder(released_versions(root, scratch)) != newest_released.id:
        mike("alias", *common, *redirects, "--update-aliases", "--", newest_released.id, LATEST)
    root_page = git(root, "show", f"refs/heads/{scratch}:index.html", check=False).stdout
    if f'href="{LATEST}/"' not in root_page:
        mike("set-default", *common, f"--template={template}", "--", LATEST)
    _order_versions(root, scratch, cohorts, env)


def _latest_holder(versions: list[dict]) -> str | None:
    return next((v["version"] for v in versions if LATEST in v.get("aliases", [])), None)


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
        _stop(process.pid, run)
        process.wait()
        raise
    finally:
        lock.record(run)
    if code != 0:
        raise ReleaseError(f"mike {args[0]} feilet (se meldingene over).")
