"""Every process a command starts dies with it, however the command ends.

A server or build the toolkit starts (MkDocs' preview for ``toolkit serve``, nginx for
``toolkit serve --versions``, MkDocs building for ``toolkit build``, decap-server and the
preview of ``toolkit edit``) must not outlive the command: a preview left listening on
port 8000 after its terminal was closed answers the next ``make serve`` with stale pages,
and a build left running writes into a folder nobody will swap in. Three ways a command
ends, three answers:

- **Ctrl+C** reaches the whole foreground process group. A child in the command's group
  (``start``) gets it too, and the command waits for it to finish (``run_foreground``).
  A child in a group of its own (``start(..., own_group=True)``: ``toolkit edit``'s,
  which stops its children in order) does not; the command stops it with ``stop``,
  its whole group, grandchildren included.
- **SIGTERM** (a process manager, ``kill``) reaches only the command: ``run_foreground``
  passes it on to the child and waits; ``toolkit edit`` stops its children.
- **SIGKILL**, or any death the command cannot handle: Linux sends the child a signal
  when its parent dies (``prctl(PR_SET_PDEATHSIG)``, set in the child between ``fork``
  and ``exec`` by ``dies_with_parent``); a parent that died before the child asked for it
  is seen there too, and the child exits instead of running on alone. Elsewhere there is
  no such call, and the first two answers are all there is.

The parent-death signal is tied to the thread that started the child: start children
from the main thread (the toolkit always does).

One exception, on purpose: ``toolkit release`` runs mike in a process group of its own
without the parent-death signal, so that mike is never killed half-way through a commit;
a killed release's retry stops it (``toolkit.publish.release.recovery``).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
from collections.abc import Callable, Sequence
from typing import Any

_PR_SET_PDEATHSIG = 1  # prctl(2), <linux/prctl.h>


def _prctl() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


def _die_with(prctl: Callable[..., int] | None, signum: int, parent: int) -> None:
    """In the child, between fork and exec: ``signum`` when ``parent`` dies, and an exit at
    once if it has died already (the signal would never come)."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signum)
    if os.getppid() != parent:
        os._exit(1)


def dies_with_parent(signum: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess.Popen``: the child gets ``signum`` when the
    process that started it dies. ``prctl`` is looked up here, before the fork, so the
    child only calls it."""
    return functools.partial(_die_with, _prctl(), signum, os.getpid())


class Child(subprocess.Popen):
    """A process ``start`` started: it dies with this one. ``own_group``: it leads a process
    group of its own, which ``stop`` ends as a whole."""

    own_group = False


def start(command: Sequence[str], *, death_signal: int = signal.SIGTERM, own_group: bool = False,
          **options: Any) -> Child:
    """``subprocess.Popen`` for a child that dies with this process: in this process's
    group (Ctrl+C reaches it too), or with ``own_group`` in a group of its own."""
    child = Child(list(command), preexec_fn=dies_with_parent(death_signal),  # noqa: PLW1509 - no thread yet
                  start_new_session=own_group, **options)
    child.own_group = own_group
    return child


def stop(process: Child, seconds: float = 10) -> None:
    """End ``process`` (its whole group, when it has one of its own): SIGTERM, then SIGKILL
    after ``seconds``."""
    for sig, wait in ((signal.SIGTERM, seconds), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if process.own_group:
                os.killpg(process.pid, sig)
            else:
                process.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=wait)
    if process.own_group:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # what the child left behind in its group


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
