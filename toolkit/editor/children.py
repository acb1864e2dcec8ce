"""The processes ``toolkit edit`` starts, which die with it however it ends.

Each child runs in a process group of its own (so Ctrl+C in the terminal reaches
``toolkit edit`` alone, which stops the children in order), and asks the Linux kernel
for a parent-death signal (``prctl(PR_SET_PDEATHSIG, SIGKILL)``): when ``toolkit edit``
ends, even by SIGKILL, which no handler sees, the kernel kills the children. On an
ordinary end :func:`stop` ends the whole group, grandchildren included.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Run in the child between fork and exec: SIGKILL when ``parent`` dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def start(command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None,
          stdout: int | None = None) -> subprocess.Popen:
    """``command`` as a child that dies with this process."""
    parent = os.getpid()
    return subprocess.Popen(list(command), cwd=cwd, env=env, stdout=stdout, start_new_session=True,
                            preexec_fn=lambda: _die_with(parent))  # noqa: PLW1509 - before any thread serves


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """End ``process`` and its group: SIGTERM, then SIGKILL after ``seconds``."""
    for sig, wait in ((signal.SIGTERM, seconds), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=wait)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # what the child left behind in its group
