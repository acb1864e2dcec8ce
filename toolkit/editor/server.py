"""``toolkit edit``: Decap CMS on this machine, writing the editors' own files.

One small HTTP server on 127.0.0.1 serves the CMS page (``/admin/``: our page, the
configuration generated from the models, Decap's bundle from the npm lock) and answers
the CMS's backend calls (``POST /api/v1``) by passing them on to decap-server, Decap's
own local backend, which it starts on another loopback port. On the way it

- hands the CMS each file as the form reads it, and splices what the form saves into
  the file on disk (``files``), so a save changes only the lines of what changed;
- commits what was saved, and only that (unless ``--no-commit``): the CMS is Git-based,
  locally as on GitLab;
- answers ``GET /api/problems`` with ``toolkit check``'s problems for the files of the
  last save, which the page shows after each save.

The browser talks to one origin only, and nothing here is part of the site: ``/admin/``
lives in the package, not in ``docs/``, so no build or release ever contains it. The
server refuses requests whose ``Host`` is not its own loopback address, since decap-server
writes any file it is asked to and has no accounts.
"""

from __future__ import annotations

import http.client
import json
import mimetypes
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..publish import builder
from . import config, files
from .fields import Shape, shape_of, shapes

ADMIN = Path(__file__).resolve().parent / "admin"
DECAP_DIST = ".cache/decap-cms/dist"  # where `make edit` puts Decap CMS's bundle (scripts/fetch_npm_bundle.py)
DECAP_SERVER = "node_modules/decap-server/dist/index.js"

# The CMS page may load and connect to its own origin only. Decap's styles are inline
# (emotion) and it compiles its configuration schema at run time (ajv).
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self' blob: data:; "
       "frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'")


class EditError(Exception):
    """Why the editor cannot start, in Norwegian."""


def installed(root: Path, relative: str) -> Path:
    """A file `make edit` installs: in the project, or in the checkout the toolkit runs from
    (a copy of the content, as the tests make, shares the checkout's tools)."""
    here = root / relative
    checkout = Path(__file__).resolve().parents[2] / relative
    return here if here.exists() or not checkout.exists() else checkout


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for decap-server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    """Wait until ``process`` listens on ``port``; EditError if it stops or takes too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditError(f"decap-server stoppet (kode {process.returncode}); se meldingene over")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise EditError("decap-server svarte ikke innen 30 sekunder")


def start_decap_server(root: Path, port: int, origin: str) -> subprocess.Popen:
    """Decap's local backend, writing files under ``root``, on 127.0.0.1 only."""
    script = installed(root, DECAP_SERVER)
    if not script.is_file():
        raise EditError(f"fant ikke {DECAP_SERVER}: kjør «make edit», som installerer det fra npm-låsen")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "ORIGIN": origin, "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["node", str(script)], cwd=root, env=env)
    wait_for_port(port, process)
    return process


class Editor:
    """What the handler needs: the project, decap-server's port, and what was saved last."""

    def __init__(self, root: Path, backend_port: int, *, commit: bool, site_url: str, port: int):
        self.root = root.resolve()
        self.backend_port = backend_port
        self.commit = commit
        self.site_url = site_url
        self.port = port
        self.shapes = shapes()
        self.saved: list[str] = []
        self.check_lock = threading.Lock()
        self.decap_dir = installed(self.root, DECAP_DIST)

    # --- the backend calls -----------------------------------------------------------

    def backend(self, request: dict[str, Any]) -> tuple[int, Any]:
        """One call of Decap's proxy backend, through decap-server."""
        action = request.get("action")
        params = request.get("params") or {}
        if action == "persistEntry":
            data_files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
            for data_file in data_files:
                data_file["raw"] = self.written(data_file["path"], data_file["raw"])
        status, answer = self.forward(request)
        if status == HTTPStatus.OK and action in ("entriesByFolder", "entriesByFiles", "getEntry"):
            for entry in answer if isinstance(answer, list) else [answer]:
                if isinstance(entry, dict) and isinstance(entry.get("data"), str):
                    shape = shape_of(entry.get("file", {}).get("path", ""), self.shapes)
                    if shape is not None:
                        entry["data"] = files.for_form(shape, entry["data"])
        if status == HTTPStatus.OK and action in ("persistEntry", "persistMedia", "deleteFile", "deleteFiles"):
            self.record(action, params)
        return status, answer

    def shape(self, path: str) -> Shape:
        shape = shape_of(path, self.shapes)
        target = (self.root / path).resolve()
        if shape is None or self.root not in target.parents:
            raise files.FormError(f"skjemaet kan ikke skrive til «{path}»")
        return shape

    def written(self, path: str, raw: str) -> str:
        """The text to save at ``path``: the form's values spliced into the file on disk."""
        target = self.root / path
        base = target.read_text(encoding="utf-8") if target.is_file() else None
        return files.from_form(self.shape(path), raw, base)

    def forward(self, request: dict[str, Any]) -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=120)
        try:
            body = json.dumps(request).encode("utf-8")
            connection.request("POST", "/api/v1", body, {"Content-Type": "application/json",
                                                         "Origin": f"http://127.0.0.1:{self.port}"})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def record(self, action: str, params: dict[str, Any]) -> None:
        """Remember (and unless told otherwise commit) the files a save wrote or deleted."""
        paths: list[str] = []
        if action == "persistEntry":
            for data_file in params.get("dataFiles") or [params.get("entry") or {}]:
                paths += [p for p in (data_file.get("path"), data_file.get("newPath")) if p]
            paths += [asset["path"] for asset in params.get("assets") or []]
            self.saved = [p for p in paths if shape_of(p, self.shapes)] or paths
        elif action == "persistMedia":
            paths = [params["asset"]["path"]]
        else:
            paths = params.get("paths") or [params.get("path")]
        message = (params.get("options") or {}).get("commitMessage") or "Endret fra skjemaet"
        if self.commit:
            commit(self.root, [p for p in paths if p], message)

    # --- toolkit check's problems for the files of the last save ----------------------

    def problems(self, paths: list[str] | None = None) -> dict[str, Any]:
        from .. import pipeline, reports

        paths = paths or self.saved
        folders = [p.rsplit("/", 1)[0] + "/" for p in paths if p.endswith("/index.md")]
        with self.check_lock:  # the pipeline's caches are not made for two threads at once
            found = pipeline.check(self.root)
        mine = [p for p in found if p.path in paths or any(p.path.startswith(f) for f in folders)]
        return {"paths": paths, "problems": [reports.as_dict(p) for p in mine]}


def commit(root: Path, paths: list[str], message: str) -> None:
    """Commit exactly ``paths`` (whatever else is staged or changed stays as it is)."""
    inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    if inside.returncode != 0:
        return
    subprocess.run(["git", "-C", str(root), "add", "--all", "--", *paths], capture_output=True)
    result = subprocess.run(["git", "-C", str(root), "commit", "--quiet", "--only", "-m", message, "--", *paths],
                            capture_output=True, text=True)
    if result.returncode != 0 and "nothing" not in (result.stdout + result.stderr):
        print(f"toolkit edit: kunne ikke committe {', '.join(paths)}: {result.stderr.strip()}", file=sys.stderr)


def handler_for(editor: Editor) -> type[BaseHTTPRequestHandler]:
    """The request handler of one editor: the CMS page, the backend calls, the problems."""
    hosts = {f"127.0.0.1:{editor.port}", f"localhost:{editor.port}"}

    class Handler(BaseHTTPRequestHandler):
        server_version = "toolkit-edit"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _allowed(self) -> bool:
            if self.headers.get("Host") not in hosts:
                self._send(HTTPStatus.FORBIDDEN, b"Bare for denne maskinen.", "text/plain; charset=utf-8")
                return False
            return True

        def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("Referrer-Policy", "no-referrer")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                       "application/json; charset=utf-8", {"Cache-Control": "no-store"})

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if not self._allowed():
                return
            url = urlsplit(self.path)
            route: dict[str, Callable[[], None]] = {
                "/": lambda: self._redirect("/admin/"),
                "/admin": lambda: self._redirect("/admin/"),
                "/admin/": lambda: self._file(ADMIN / "index.html"),
                "/admin/config.yml": self._config,
                "/api/problems": lambda: self._json(HTTPStatus.OK, editor.problems(parse_qs(url.query).get("path"))),
            }
            if url.path in route:
                return route[url.path]()
            if url.path.startswith("/admin/decap/"):
                return self._file(editor.decap_dir / url.path.removeprefix("/admin/decap/"), editor.decap_dir)
            if url.path.startswith("/admin/"):
                return self._file(ADMIN / url.path.removeprefix("/admin/"), ADMIN)
            self._send(HTTPStatus.NOT_FOUND, b"Finnes ikke.", "text/plain; charset=utf-8")

        do_HEAD = do_GET  # noqa: N815

        def do_POST(self) -> None:  # noqa: N802
            if not self._allowed():
                return
            origin = self.headers.get("Origin")
            if urlsplit(self.path).path != "/api/v1" or (origin and urlsplit(origin).netloc not in hosts):
                return self._send(HTTPStatus.FORBIDDEN, b"Nei.", "text/plain; charset=utf-8")
            try:
                request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                status, answer = editor.backend(request)
            except files.FormError as exc:
                status, answer = HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)}
            except (ValueError, KeyError, OSError) as exc:
                status, answer = HTTPStatus.BAD_REQUEST, {"error": f"ugyldig forespørsel: {exc}"}
            except Exception as exc:  # a bug: the CMS says «could not save», the terminal says why
                import traceback

                traceback.print_exc()
                status, answer = HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"toolkit edit feilet: {exc}"}
            self._json(status, answer)

        def _redirect(self, target: str) -> None:
            self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": target})

        def _config(self) -> None:
            text = config.render(config.cms_config(editor.root, site_url=editor.site_url))
            self._send(HTTPStatus.OK, text.encode("utf-8"), "text/yaml; charset=utf-8", {"Cache-Control": "no-store"})

        def _file(self, path: Path, within: Path | None = None) -> None:
            path = path.resolve()
            if (within is not None and within.resolve() not in path.parents) or not path.is_file():
                return self._send(HTTPStatus.NOT_FOUND, b"Finnes ikke.", "text/plain; charset=utf-8")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind == "application/javascript":
                kind += "; charset=utf-8"
            self._send(HTTPStatus.OK, path.read_bytes(), kind, {"Cache-Control": "no-cache"})

    return Handler


def serve(root: Path, *, port: int, commit_saves: bool, site_url: str,
          ready: Callable[[str], None] | None = None) -> None:
    """Run the CMS on 127.0.0.1:``port`` until interrupted (decap-server with it)."""
    editor_root = root.resolve()
    if not (installed(editor_root, DECAP_DIST) / "decap-cms.js").is_file():
        raise EditError(f"fant ikke Decap CMS i {DECAP_DIST}: kjør «make edit», som henter den fra npm-låsen")
    backend_port = free_port()
    origin = f"http://127.0.0.1:{port}"
    backend = start_decap_server(editor_root, backend_port, origin)
    editor = Editor(editor_root, backend_port, commit=commit_saves, site_url=site_url, port=port)
    try:
        with ThreadingHTTPServer(("127.0.0.1", port), handler_for(editor)) as server:
            if ready:
                ready(f"{origin}/admin/")
            server.serve_forever()
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            backend.kill()


def run(root: Path, *, port: int, preview_addr: str | None, commit_saves: bool, open_browser: bool) -> int:
    """``toolkit edit``: the preview (``mkdocs serve``, unless ``preview_addr`` is None) and
    the CMS, until Ctrl+C or SIGTERM; returns the exit code."""
    import signal
    import webbrowser

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    preview = None
    site_url = f"http://{preview_addr}/" if preview_addr else "http://127.0.0.1:8000/"
    if preview_addr:
        try:
            command = builder.command("serve", "--dirty", "--livereload", "--dev-addr", preview_addr,
                                      "--config-file", str(root / "mkdocs.yml"))
        except builder.BuilderError as exc:
            print(f"toolkit edit: {exc}", file=sys.stderr)
            return 2
        preview = subprocess.Popen(command, cwd=root, env=builder.environment())

    def ready(url: str) -> None:
        shown = f" og forhåndsvisningen på {site_url}" if preview else ""
        print(f"Skjemaet for redaktører er på {url}{shown}. Avslutt med Ctrl+C.", file=sys.stderr, flush=True)
        if open_browser:
            webbrowser.open(url)

    signal.signal(signal.SIGTERM, interrupt)  # stopped by a process manager: stop the children too
    try:
        serve(root, port=port, commit_saves=commit_saves, site_url=site_url, ready=ready)
    except EditError as exc:
        print(f"toolkit edit: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # most often: the port is taken (another toolkit edit?)
        print(f"toolkit edit: kunne ikke åpne 127.0.0.1:{port} ({exc.strerror}); "
              "velg en annen port med --port", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        if preview is not None:
            preview.terminate()
            try:
                preview.wait(timeout=10)
            except subprocess.TimeoutExpired:
                preview.kill()
    return 0
