"""Release one cohort's site as a frozen mike version on the ``gh-pages`` branch.

mike rewrites only the version it deploys and that version's aliases, so earlier
cohorts' files stay byte-identical. Aliases are HTML redirect pages, never symlinks, so
any static web server can serve the branch as it is (``toolkit.publish.webserver``).

A release is all or nothing, even when killed, and each part of that has its module:

- ``command``: ``toolkit release`` itself, its refusals and its steps in order;
- ``lock``: one release at a time (an ``flock`` in the git directory that dies with its
  holder), and the record of the running one (pid, scratch branch, worktree, mike's group);
- ``deploy``: a ``git worktree`` of HEAD, mike on a scratch branch
  (``toolkit-release/<pid>``) in its own process group, and ``gh-pages`` moved to the
  complete release with one compare-and-swap ``git update-ref``;
- ``recovery``: what a run leaves, taken away when it ends, and after a killed one by the
  next run, which stops the mike it left and says whether it had published.

docs-dev/release.md tells the whole story.
"""

from .command import release
from .deploy import ReleaseError

__all__ = ("ReleaseError", "release")
