"""The ``gh-pages`` branch: what the releases published, read and written through git.

mike keeps every released cohort on this branch (one folder per version, the ``latest``
alias, the root redirect and ``versions.json``). The release writes it
(``toolkit.publish.release``), the web server's export reads it
(``toolkit.publish.webserver.export``); both reach it through the plumbing here. The
branch is read locally, or, in a fresh clone, as the remote's.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from pathlib import Path

BRANCH = "gh-pages"
LATEST = "latest"
VERSIONS_FILE = "versions.json"
ZERO = "0" * 40  # git's "no commit": the old value of a ref that must not exist yet


class GitError(Exception):
    """A git command failed; the message (in Norwegian) holds git's own."""


def git(root: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run git in ``root``; ``GitError`` when it fails and ``check`` is set."""
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            env=dict(env) if env is not None else None, input=stdin)
    if check and result.returncode != 0:
        raise GitError(f"git {' '.join(args)} feilet: {result.stderr.strip()}")
    return result


def branch_head(root: Path, branch: str = BRANCH) -> str | None:
    """The commit the local branch points at, or None before the first release."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False)
    return result.stdout.strip() or None


def is_ancestor(root: Path, older: str, newer: str) -> bool:
    return git(root, "merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


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


def latest_holder(versions: list[dict]) -> str | None:
    """The version that has the ``latest`` alias, if any."""
    return next((v["version"] for v in versions if LATEST in v.get("aliases", [])), None)
