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
any static web server can serve the branch as it is (see ``toolkit.export``). If any
step fails, ``gh-pages`` is put back where it was: a release is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import escape, pipeline
from .cohorts import Cohort, load_cohorts, newest
from .pages.common import norwegian_date
from .problems import errors_in, format_problems

BRANCH = "gh-pages"
LATEST = "latest"
VERSIONS_FILE = "versions.json"
REDIRECT_TEMPLATE = Path(__file__).parent / "templates" / "redirect.html"

# How a release tells the MkDocs build (through the hooks) what to stamp in the footer.
COMMIT_VAR = "TOOLKIT_COMMIT"
BUILT_VAR = "TOOLKIT_BUILD_DATE"
MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"


class ReleaseError(Exception):
    """A step of a release failed after it had started; the branch has been restored."""


@dataclass(frozen=True)
class Stamp:
    """Where a released version came from: the source commit and when it was built."""

    commit: str
    built: dt.datetime

    @property
    def short(self) -> str:
        return self.commit[:7]

    def env(self) -> dict[str, str]:
        return {COMMIT_VAR: self.commit, BUILT_VAR: self.built.isoformat(timespec="seconds")}


def template_context(cohort: Cohort | None, environ: Mapping[str, str]) -> dict:
    """What the theme templates show about the build: the cohort (header, outdated
    notice), for a release the commit and build date (footer), and whether mike is
    building a version (the outdated notice needs the versions around it)."""
    release = None
    commit = environ.get(COMMIT_VAR, "").strip()
    if commit:
        try:
            built = norwegian_date(dt.datetime.fromisoformat(environ.get(BUILT_VAR, "")).date())
        except ValueError:
            built = ""
        release = {"commit": commit, "short": commit[:7], "built": built}
    return {
        "cohort": {"id": cohort.id, "title": cohort.title} if cohort is not None else None,
        "release": release,
        # The version mike is building (it sets this for every build it runs), else None.
        "mike_version": environ.get(MIKE_VERSION_VAR) or None,
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


def refusals(root: Path, cohort_id: str, cohorts: dict[str, Cohort], replace: bool,
             branch: str = BRANCH, remote: str = "origin") -> list[str]:
    """Every reason not to release now, each as a Norwegian paragraph (none: go ahead)."""
    reasons = []
    errors = errors_in(pipeline.check(root))
    if errors:
        reasons.append("Innholdet har feil (se toolkit check):\n" + format_problems(errors))
    if cohort_id not in cohorts:
        known = ", ".join(sorted(cohorts)) or "ingen"
        reasons.append(f"Ukjent kull «{cohort_id}». Kjente kull: {known}.")
    # mike runs a plain `mkdocs build`: only the config can make it strict.
    if not re.search(r"^strict:\s*true\s*$", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M):
        reasons.append("mkdocs.yml mangler «strict: true»: en utgivelse skal stoppe på døde lenker.")
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


def release(root: Path, cohort_id: str, *, replace: bool = False, push: bool = False,
            remote: str = "origin", branch: str = BRANCH, log=sys.stderr) -> int:
    """Check, build and deploy one cohort; returns the exit code for ``toolkit release``."""
    cohorts, _ = load_cohorts(root)
    reasons = refusals(root, cohort_id, cohorts, replace, branch, remote)
    if reasons:
        print("\n\n".join(reasons), file=log)
        print(f"\nIngenting er utgitt; {branch} er uendret.", file=log)
        return 1
    cohort = cohorts[cohort_id]
    if not os.environ.get("TOOLKIT_SITE_URL"):
        print("Merk: TOOLKIT_SITE_URL er ikke satt, så kanoniske lenker og sitemap bruker "
              "standardadressen i mkdocs.yml. Sett den til intranettadressen når du gir ut for alvor.",
              file=log)
    if push:  # start from what is published, so the push below is a fast-forward
        git(root, "fetch", "--quiet", remote, branch, check=False)
    stamp = Stamp(git(root, "rev-parse", "HEAD").stdout.strip(), dt.datetime.now().astimezone())
    before = branch_head(root, branch)
    try:
        _deploy(root, cohort, cohorts, stamp, remote, branch)
    except ReleaseError as exc:
        _restore(root, branch, before)
        print(f"{exc}\nUtgivelsen feilet; {branch} er som før.", file=log)
        return 1
    except BaseException:  # a bug or Ctrl+C: still all or nothing
        _restore(root, branch, before)
        raise
    holder = _latest_holder(released_versions(root, branch, remote))
    print(f"{cohort.title} ({cohort_id}) er utgitt på {branch} fra commit {stamp.short}; "
          f"«{LATEST}» viser til {holder}.", file=log)
    if push:
        pushed = git(root, "push", "--quiet", remote, branch, check=False)
        if pushed.returncode != 0:
            print(f"Kunne ikke sende {branch} til «{remote}»: {pushed.stderr.strip()}\n"
                  f"Utgivelsen ligger lokalt; prøv «git push {remote} {branch}» igjen.", file=log)
            return 1
        print(f"{branch} er sendt til «{remote}».", file=log)
    print("Se alle utgitte kull med «toolkit serve --versions»; lag filene til webserveren "
          "med «toolkit export MAPPE».", file=log)
    return 0


def _deploy(root: Path, cohort: Cohort, cohorts: dict[str, Cohort], stamp: Stamp,
            remote: str, branch: str) -> None:
    released = {v["version"] for v in released_versions(root, branch, remote)} | {cohort.id}
    newest_released = newest({i: cohorts[i] for i in released if i in cohorts})
    aliases = [LATEST] if newest_released is cohort else []
    env = _env(cohort.id, stamp)
    common = ["--config-file", str(root / "mkdocs.yml"), "--branch", branch, "--remote", remote]
    redirects = ["--alias-type", "redirect", "--template", str(REDIRECT_TEMPLATE)]
    _mike(root, env, "deploy", *common, *redirects, "--update-aliases",
          # Material's version selector inserts the title as HTML: escaped (toolkit.escape).
          "--title", str(escape.html(cohort.title)),
          "--message", f"Release {cohort.id} ({cohort.title}) from {stamp.short}",
          "--prop-set-string", f"commit={stamp.commit}",
          "--prop-set-string", f"built={stamp.built.isoformat(timespec='seconds')}",
          cohort.id, *aliases)
    # `latest` belongs to the newest cohort even when an older one is (re)released.
    if newest_released is not None and _latest_holder(released_versions(root, branch, remote)) != newest_released.id:
        _mike(root, env, "alias", *common, *redirects, "--update-aliases", newest_released.id, LATEST)
    root_page = git(root, "show", f"{branch}:index.html", check=False).stdout
    if f'href="{LATEST}/"' not in root_page:
        _mike(root, env, "set-default", *common, "--template", str(REDIRECT_TEMPLATE), LATEST)
    _order_versions(root, branch, cohorts, env)


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
        git(root, "read-tree", branch, env=index_env)
        git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{VERSIONS_FILE}", env=index_env)
        tree = git(root, "write-tree", env=index_env).stdout.strip()
    parent = branch_head(root, branch)
    commit = git(root, "commit-tree", tree, "-p", parent, "-m", "List cohorts newest first in versions.json",
                 env=env).stdout.strip()
    git(root, "update-ref", f"refs/heads/{branch}", commit, parent)


def _restore(root: Path, branch: str, before: str | None) -> None:
    if before is None:
        git(root, "update-ref", "-d", f"refs/heads/{branch}", check=False)
    else:
        git(root, "update-ref", f"refs/heads/{branch}", before, check=False)


def _env(cohort_id: str, stamp: Stamp) -> dict[str, str]:
    """mike runs ``mkdocs`` from PATH: put this environment's scripts first."""
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", ""),
            "TOOLKIT_COHORT": cohort_id, **stamp.env()}


def _mike(root: Path, env: Mapping[str, str], *args: str) -> None:
    executable = Path(sys.executable).parent / "mike"
    command = [str(executable) if executable.exists() else (shutil.which("mike") or "mike"), *args]
    if subprocess.run(command, cwd=root, env=dict(env)).returncode != 0:
        raise ReleaseError(f"mike {args[0]} feilet (se meldingene over).")
