"""Every process a command starts dies with it, and a busy port is one line, not a traceback.

`toolkit serve` is started as an editor starts it (a terminal's own process group) on a
free port, and ended the ways a terminal or a process manager ends it: SIGKILL, SIGTERM.
Within five seconds nothing listens on its port any more. A port another program holds is
refused before MkDocs or nginx starts (issue 24), and nginx failing to bind is seen, not
reported as a running server.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port, toolkit
from toolkit import addresses
from toolkit.publish.webserver.nginx import Nginx, NginxError, find_nginx
from toolkit.settings import current

STARTUP = 180  # seconds for the preview's first build on a loaded two-core machine
GONE = 5  # the acceptance's limit (issue 23)


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def serve(project: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + STARTUP
    while not answers(port):
        if process.poll() is not None:
            pytest.fail(f"toolkit serve stopped: {process.stderr.read() if process.stderr else ''}")
        assert time.monotonic() < deadline, "the preview did not answer"
        time.sleep(0.2)
    return process


def stops_listening(port: int) -> float | None:
    """Seconds until nothing answers on ``port`` (None: still answering after GONE)."""
    started = time.monotonic()
    while time.monotonic() - started < GONE:
        if not answers(port):
            return time.monotonic() - started
        time.sleep(0.1)
    return None


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_preview_stops_listening_when_toolkit_serve_is_killed(project, how):
    port = free_port()
    process = serve(project, port)
    try:
        process.send_signal(how)  # to toolkit serve alone, not to its group
        process.wait(timeout=30)
        assert stops_listening(port) is not None, f"MkDocs still serves port {port} after {how.name}"
        if process.stderr is not None:
            assert "Traceback" not in process.stderr.read()
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group, should the test fail
        except ProcessLookupError:
            pass


@pytest.fixture
def taken() -> int:
    """A port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        yield other.getsockname()[1]


@pytest.mark.parametrize("versions", [False, True], ids=["serve", "serve --versions"])
def test_a_busy_port_is_one_norwegian_line_and_exit_2(project, taken, versions):
    result = toolkit("serve", *(["--versions"] if versions else []), "--dev-addr", f"127.0.0.1:{taken}",
                     cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    said = re.fullmatch(f"toolkit serve: porten {taken} på 127.0.0.1 er allerede i bruk av et annet program; "
                        r"velg en annen med --dev-addr, som --dev-addr 127\.0\.0\.1:(\d+)", lines[0])
    assert said, lines[0]
    suggested = int(said[1])
    assert suggested > taken and suggested != 8001  # after it, and not the form's (`make edit`)
    assert addresses.busy(addresses.Address("127.0.0.1", suggested)) is None  # one that works
    assert "Traceback" not in result.stdout and "http://" not in result.stderr


def test_the_port_suggested_for_a_busy_one_is_free_and_not_the_forms():
    """`make serve` with 8000 taken must not send the editor to 8001, which `make edit` takes:
    here two ports in a row are taken, and the one after them is the form's."""
    for _ in range(50):
        first, second = socket.socket(), socket.socket()
        first.bind(("127.0.0.1", 0))
        taken = first.getsockname()[1]
        try:
            second.bind(("127.0.0.1", taken + 1))
            break
        except OSError:
            first.close()
            second.close()
    with first, second:
        first.listen(1)
        second.listen(1)
        other = addresses.free_after(addresses.Address("127.0.0.1", taken), avoid=frozenset({taken + 2}))
        assert other is not None and other.port > taken + 2
        assert addresses.busy(other) is None
        assert addresses.failure(addresses.Address("127.0.0.1", taken))[0] == errno.EADDRINUSE
    assert addresses.failure(addresses.address("192.0.2.1:8080"))[0] == errno.EADDRNOTAVAIL  # no other port helps
    assert addresses.free_after(addresses.Address("127.0.0.1", 65535)) is None


def test_nginx_that_cannot_bind_its_port_is_an_error_not_a_running_server(tmp_path, taken):
    program = find_nginx(current())
    if program is None:
        pytest.fail("nginx is missing: `make test` installs Debian's nginx package")
    (tmp_path / "index.html").write_text("<p>hei</p>", encoding="utf-8")
    server = Nginx(program, ROOT, tmp_path, taken)
    said: list[str] = []
    try:
        with pytest.raises(NginxError) as refused:
            server.start(on_listening=lambda: said.append("listening"))
    finally:
        server.stop()
    assert refused.value.busy and f"porten {taken}" in str(refused.value)
    assert said == []  # nothing announced an address that another program answers


def test_a_child_started_through_processes_dies_when_its_parent_is_killed(tmp_path):
    """The parent-death signal on its own, without a server: a parent that starts `sleep`
    and is then killed with SIGKILL takes the sleep with it."""
    pid_file = tmp_path / "child"
    parent = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from toolkit import processes; "
        f"child = processes.start(['sleep', '600']); Path({str(pid_file)!r}).write_text(str(child.pid)); "
        "time.sleep(600)")], cwd=ROOT)
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + GONE
    while running(child):
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.05)


def test_a_child_in_a_group_of_its_own_is_stopped_with_what_it_started_and_dies_with_its_parent(tmp_path):
    """``toolkit edit``'s kind of child (one module for both kinds, toolkit/processes.py):
    Ctrl+C does not reach it, ``stop`` ends its whole group (a grandchild too), and a
    parent killed with SIGKILL takes it along."""
    from toolkit import processes

    grandchild_file = tmp_path / "grandchild"
    script = f"import subprocess, pathlib, time; p = subprocess.Popen(['sleep', '600']); " \
             f"pathlib.Path({str(grandchild_file)!r}).write_text(str(p.pid)); time.sleep(600)"
    child = processes.start([sys.executable, "-c", script], own_group=True)
    deadline = time.monotonic() + 30
    while not grandchild_file.exists() or not grandchild_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert os.getpgid(child.pid) == child.pid != os.getpgid(0)  # Ctrl+C in our terminal does not reach it
    processes.stop(child)
    grandchild = int(grandchild_file.read_text())
    deadline = time.monotonic() + GONE
    while running(grandchild) or running(child.pid):
        assert time.monotonic() < deadline, "stop left the child's group running"
        time.sleep(0.05)

    pid_file = tmp_path / "child"
    parent = subprocess.Popen([sys.executable, "-c", (
        "import signal, time; from pathlib import Path; from toolkit import processes; "
        "child = processes.start(['sleep', '600'], own_group=True, death_signal=signal.SIGKILL); "
        f"Path({str(pid_file)!r}).write_text(str(child.pid)); time.sleep(600)")], cwd=ROOT)
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    parent.kill()
    parent.wait()
    orphan = int(pid_file.read_text())
    deadline = time.monotonic() + GONE
    while running(orphan):
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.05)


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return not stat[stat.rindex(")") + 2:].startswith("Z")


def test_run_foreground_passes_sigterm_on_and_reports_the_childs_end():
    script = ("import signal, sys, time; from toolkit import processes; "
              "sys.exit(processes.run_foreground(['sleep', '600']))")
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    time.sleep(1.0)
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=30) == 128 + signal.SIGTERM  # the child ended by SIGTERM, said the shell's way


def test_a_port_is_tried_as_the_server_will_bind_it(taken):
    """MkDocs binds a host name over IPv4: a port held on 127.0.0.1 is busy for localhost too,
    and a free one is free (the server's own SO_REUSEADDR: a stopped server's port is not busy)."""
    from toolkit import addresses

    assert "er allerede i bruk" in addresses.busy(addresses.address(f"localhost:{taken}"))
    assert addresses.busy(addresses.address(f"127.0.0.1:{free_port()}")) is None
    assert "hører ikke til denne maskinen" in addresses.busy(addresses.address("192.0.2.1:8080"))
