"""Every process a command starts dies with it, however the command ends.

A server the toolkit starts (MkDocs' preview for ``toolkit serve``, nginx for
``toolkit serve --versions``, MkDocs building for ``toolkit build``) must not outlive the
command: a preview left listening on port 8000 after its terminal was closed answers
the next ``make serve`` with stale pages, and a build left running writes into a folder
nobody will swap in. Three ways a command ends, three answers:

- **Ctrl+C** reaches the whole foreground process group, the child included; the
  command waits for it to finish (``run_foreground``).
- **SIGTERM** (a process manager, ``kill``) reaches only the command: it is passed on to
  the child, and the command waits for it (``run_foreground``).
- **SIGKILL**, or any death the command cannot handle: Linux sends the child a signal
  when its parent dies (``prctl(PR_SET_PDEATHSIG)``, set in the child between ``fork``
  and ``exec`` by ``dies_with_parent``). Elsewhere there is no such call, and the first
  two answers are all there is.

The parent-death signal is tied to the thread that started the child: start children
from the main thread (the toolkit always does).
"""

from __future__ import annotations

import ctypes
import functools
import signal
import subprocess
from collections.abc import Callable, Sequence
from typing import Any

_PR_SET_PDEATHSIG = 1  # prctl(2)


def _prctl() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


def _set_death_signal(prctl: Callable[..., int] | None, signum: int) -> None:
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signum)


def dies_with_parent(signum: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets ``signum`` when the
    process that started it dies. ``prctl`` is looked up here, before the fork, so the
    child only calls it."""
    return functools.partial(_set_death_signal, _prctl(), signum)


def start(command: Sequence[str], *, death_signal: int = signal.SIGTERM, **options: Any) -> subprocess.Popen:
    """``subprocess.Popen`` for a child that dies with this process."""
    return subprocess.Popen(list(command), preexec_fn=dies_with_parent(death_signal), **options)


def run_foreground(command: Sequence[str], **options: Any) -> int:
    """Run a child (a server, a build) until it stops, and stop it with this process.

    Ctrl+C in the terminal reaches the child as well as us (one process group): it shuts
    down by itself, and we wait for it instead of dying with a traceback while it is still
    writing its last lines. SIGTERM and SIGHUP, which reach only us, are passed on to the
    child; then we wait for it. A SIGKILL is answered by the parent-death signal."""
    process = start(command, **options)

    def forward(signum: int, frame: object) -> None:
        if process.poll() is None:
            process.send_signal(signum)

    previous = {signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN),
                signal.SIGTERM: signal.signal(signal.SIGTERM, forward),
                signal.SIGHUP: signal.signal(signal.SIGHUP, forward)}
    try:
        code = process.wait()
        return code if code >= 0 else 128 - code  # killed by a signal: the shell's convention
    finally:
        if process.poll() is None:  # a bug on our side: still not alone
            process.kill()
            process.wait()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
