"""``toolkit release <id>``: check, then release one cohort's site as a frozen mike version.

The one command an editor runs to publish a cohort. It refuses, touching nothing, when
the content has errors, when the working tree has uncommitted changes (a release must be
reproducible from a commit), or when the cohort is released already (unless
``--replace``). Otherwise it takes the lock (``lock``), cleans up after a release that
was killed (``recovery``), and has mike build the cohort on a scratch branch and
``gh-pages`` moved to it in one step (``deploy``); with ``--push`` it pushes ``gh-pages``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import sys
from pathlib import Path

from ... import pipeline
from ...collections import registry
from ...content.cohorts import Cohort, load_cohorts
from ...problems import errors_in, format_problems
from ...settings import BUILD_DATE, SITE_URL, Settings, Stamp
from ...writing import RELEASE, marked_temp_dir
from ..gh_pages import BRANCH, LATEST, GitError, branch_head, git, latest_holder, released_versions
from .deploy import ReleaseError, base_commit, deploy, prepare, publish
from .lock import LOCK_FILE, SCRATCH_PREFIX, WORKTREE_PREFIX, Busy, Lock, Run
from .recovery import clean_up, recover


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
    earlier = recover(root, lock.previous, branch)
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
        base = base_commit(root, branch, remote)
        # The worktree lives in a folder of its own, marked as the release's (toolkit.writing).
        run = dataclasses.replace(run, worktree=str(marked_temp_dir(WORKTREE_PREFIX, RELEASE) / "tree"))
        lock.record(run)
        prepare(root, run, base)
        settings.pause("locked")
        deploy(root, run, cohort, cohorts, settings, stamp, remote, lock)
        settings.pause("ordered")
        publish(root, run, branch)
        settings.pause("published")
    except (ReleaseError, GitError) as exc:
        clean_up(root, run)
        lock.clear()
        print(f"{exc}\nUtgivelsen feilet; {branch} er som før.", file=log)
        return 1
    except BaseException:  # a bug or Ctrl+C: still all or nothing, and nothing left behind
        clean_up(root, run)
        lock.clear()
        raise
    clean_up(root, run)
    lock.clear()
    holder = latest_holder(released_versions(root, branch, remote))
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

