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

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ... import processes
from ...settings import Settings
from .csp import NGINX_CONFIG

#: Where Debian puts the program; /usr/sbin is not on every user's PATH (searched after it).
SYSTEM_DIRS = ("/usr/sbin", "/sbin")
MIME_TYPES = Path("/etc/nginx/mime.types")
# What nginx's configuration may be given from outside (a folder, an address): nothing that
# ends a directive, opens a block, quotes, or names a variable.
_SAFE_VALUE = re.compile(r"^[^\s;{}'\"$#\\]+$")

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
    """nginx is missing, refused the configuration or did not start; says why (``busy``:
    because another program listens on the port)."""

    def __init__(self, message: str, *, busy: bool = False):
        super().__init__(message)
        self.busy = busy


def find_nginx(settings: Settings) -> str | None:
    """The nginx program, or None when Debian's package is not installed: the one the
    settings name (``TOOLKIT_NGINX``; a name that is no program means "no nginx", and the
    Python server then), else ``nginx`` on the settings' PATH or in /usr/sbin."""
    if settings.nginx is not None:
        return shutil.which(settings.nginx)
    return shutil.which("nginx", path=os.pathsep.join([settings.path, *SYSTEM_DIRS]))


def site_config(text: str, root: Path, listen: str) -> str:
    """The server block ``text`` with its one ``listen`` and one ``root`` line replaced
    (values that nginx would read as more than one word are refused)."""
    for directive, value in (("listen", listen), ("root", str(root))):
        if not _SAFE_VALUE.match(value):
            raise NginxError(f"«{value}» kan ikke stå i nginx-oppsettet (mellomrom, ; {{ }} $ # eller anførselstegn)")
        found = list(re.finditer(rf"^(\s*){directive}\s+[^;]+;", text, re.M))
        if len(found) != 1:
            raise NginxError(f"{NGINX_CONFIG}: expected exactly one «{directive}» line")
        line = found[0]
        text = text[: line.start()] + line.group(1) + f"{directive} {value};" + text[line.end():]
    return text


class Nginx:
    """nginx (``program``, from ``find_nginx``) serving ``root`` on ``host:port`` with the
    project's server block, until stopped."""

    def __init__(self, program: str, project: Path, root: Path, port: int, host: str = "127.0.0.1"):
        self.program = program
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
        self.process: processes.Child | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    def _command(self, *extra: str) -> list[str]:
        return [str(self.program), "-p", str(self.prefix), "-c", str(self.config),
                "-e", str(self.prefix / "error.log"), *extra]

    @property
    def pid_file(self) -> Path:
        return self.prefix / "nginx.pid"

    def last_error(self) -> str:
        """The last lines nginx wrote to its error log (why it stopped)."""
        try:
            lines = (self.prefix / "error.log").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return " / ".join(line.strip() for line in lines[-3:])

    def start(self, timeout: float = 30, on_listening: Callable[[], None] | None = None) -> Nginx:
        """Start nginx and return once it listens: nginx writes its pid file only after it
        has bound its port, so a port another program holds is an error here (``busy``),
        never an address printed for someone else's server. ``on_listening`` runs then."""
        test = subprocess.run(self._command("-t", "-q"), capture_output=True, text=True)
        if test.returncode != 0:
            raise NginxError(f"nginx godtok ikke oppsettet:\n{test.stderr.strip()}")
        # Dies with this process however it ends (SIGTERM: nginx's fast shutdown).
        self.process = processes.start(self._command("-g", "daemon off;"), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, death_signal=signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = (self.process.stderr.read() if self.process.stderr else b"").decode(errors="replace")
                said = " / ".join(line.strip() for line in (said or self.last_error()).splitlines()[-3:])
                if "Address already in use" in said or "Address already in use" in self.last_error():
                    raise NginxError(f"porten {self.port} på {self.host} er allerede i bruk av et annet program; "
                                     "velg en annen med --dev-addr", busy=True)
                raise NginxError(f"nginx stoppet: {said}")
            if self._listening():
                if on_listening is not None:
                    on_listening()
                return self
            time.sleep(0.05)
        self.stop()
        raise NginxError(f"nginx svarte ikke på {self.url}")

    def _listening(self) -> bool:
        assert self.process is not None
        try:
            return self.pid_file.read_text(encoding="ascii").strip() == str(self.process.pid)
        except OSError:
            return False

    def wait(self) -> int:
        """Until nginx exits (``toolkit serve`` runs it until Ctrl+C)."""
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        """Stop nginx (its own process only) and remove the prefix."""
        if self.process is not None:
            processes.stop(self.process)
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
