"""Run Debian's nginx with the project's own server block, as an ordinary process.

``toolkit serve --versions`` and the tests serve an export through
``deploy/nginx/verktoykassa.conf``, the file the intranet's operators install, so what
an editor previews and what the tests check is what readers get. Only its ``listen``
and ``root`` lines are changed (to a loopback port and the exported folder); around it
goes a small main configuration like Debian's ``/etc/nginx/nginx.conf``, with every path
nginx writes (pid, logs, temporary files) in a temporary prefix. No system service, no
root-owned path, no daemon: nginx runs in the foreground (``-g 'daemon off;'``) and is
stopped with its process.
"""

from __future__ import annotations

import ctypes
import functools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .csp import NGINX_CONFIG

#: Where Debian puts the program; /usr/sbin is not on every user's PATH.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
MIME_TYPES = Path("/etc/nginx/mime.types")
_PR_SET_PDEATHSIG = 1  # prctl(2)

# Besides the usual fields: what each response sent in all (headers and body) and whether
# the browser revalidated, for the tests and the benchmark.
_LOG_FORMAT = ('\'$status "$request" $bytes_sent "$http_if_none_match" "$http_range" '
               '"$sent_http_content_encoding"\'')

_MAIN = """\
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;

events {{
    worker_connections 256;
}}

http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include mime.types;
    default_type application/octet-stream;
    log_format verktoykassa {log_format};
    access_log {prefix}/access.log verktoykassa;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    gzip on;
    include sites/verktoykassa.conf;
}}
"""


class NginxError(RuntimeError):
    """nginx is missing, refused the configuration or did not start; says why."""


#: Names the nginx program to use instead of the one on PATH (or in /usr/sbin); a name
#: that is no program means "no nginx" (the Python server then).
PROGRAM_VAR = "TOOLKIT_NGINX"


def find_nginx() -> str | None:
    """The nginx program, or None when Debian's package is not installed."""
    if PROGRAM_VAR in os.environ:
        return shutil.which(os.environ[PROGRAM_VAR])
    return shutil.which("nginx", path=SEARCH_PATH)


def site_config(text: str, root: Path, listen: str) -> str:
    """The server block ``text`` with its one ``listen`` and one ``root`` line replaced."""
    for directive, value in (("listen", listen), ("root", str(root))):
        found = list(re.finditer(rf"^(\s*){directive}\s+[^;]+;", text, re.M))
        if len(found) != 1:
            raise NginxError(f"{NGINX_CONFIG}: expected exactly one «{directive}» line")
        line = found[0]
        text = text[: line.start()] + line.group(1) + f"{directive} {value};" + text[line.end():]
    return text


def _prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


def _stop_with_parent(prctl) -> None:
    """In the child before nginx starts: Linux sends it SIGTERM when the process that
    started it dies, however it dies, so no nginx is left behind serving a deleted folder.
    ``prctl`` is looked up before the fork, so that the child only calls it."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Nginx:
    """nginx serving ``root`` on ``host:port`` with the project's server block, until stopped."""

    def __init__(self, project: Path, root: Path, port: int, host: str = "127.0.0.1"):
        self.program = find_nginx()
        if self.program is None:
            raise NginxError("nginx er ikke installert (Debian-pakken nginx)")
        self.host, self.port = host, port
        self.prefix = Path(tempfile.mkdtemp(prefix="toolkit-nginx-"))
        conf = self.prefix / "conf"
        (conf / "sites").mkdir(parents=True)
        (self.prefix / "tmp").mkdir()
        shutil.copyfile(MIME_TYPES, conf / "mime.types")
        server = (project / NGINX_CONFIG).read_text(encoding="utf-8")
        (conf / "sites" / "verktoykassa.conf").write_text(
            site_config(server, root.resolve(), f"{host}:{port}"), encoding="utf-8")
        # Started by root (a test machine, a container): the worker runs as the same user,
        # who can read the export; Debian's www-data could not read a private temp folder.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
        self.config = conf / "nginx.conf"
        self.config.write_text(_MAIN.format(user=user, prefix=self.prefix, log_format=_LOG_FORMAT),
                               encoding="utf-8")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def _command(self, *extra: str) -> list[str]:
        return [str(self.program), "-p", str(self.prefix), "-c", str(self.config),
                "-e", str(self.prefix / "error.log"), *extra]

    def start(self, timeout: float = 10) -> Nginx:
        test = subprocess.run(self._command("-t", "-q"), capture_output=True, text=True)
        if test.returncode != 0:
            raise NginxError(f"nginx godtok ikke oppsettet:\n{test.stderr.strip()}")
        self.process = subprocess.Popen(self._command("-g", "daemon off;"), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE,
                                        preexec_fn=functools.partial(_stop_with_parent, _prctl()))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = self.process.stderr.read() if self.process.stderr else b""
                raise NginxError(f"nginx stoppet: {said.decode(errors='replace')}")
            try:
                socket.create_connection((self.host, self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise NginxError(f"nginx svarte ikke på {self.url}")

    def wait(self) -> int:
        """Until nginx exits (``toolkit serve`` runs it until Ctrl+C)."""
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        """Stop nginx (its own process only) and remove the prefix."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
