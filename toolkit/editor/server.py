"""``toolkit edit``: Decap CMS on this machine, writing the editors' own files.

One small HTTP server on 127.0.0.1 serves the CMS page (``/admin/``: our page, the
configuration generated from the models, Decap's bundle from the npm lock) and answers
the CMS's backend calls (``POST /api/v1``) by passing them on to decap-server, Decap's
own local backend. On the way it

- checks every call and builds it again from its checked parts (``protocol``), so
  decap-server never sees a path outside the items the form edits (``paths``);
- hands the CMS each file as the form reads it, and splices what the form saves into
  the file on disk (``files``), so a save changes only the lines of what changed;
- runs ``toolkit check`` on the saved item: a page with errors is kept as a draft
  (``draft: true``), and ``GET /api/problems`` tells the page what was found, at the
  form's own fields (``report``);
- commits what was saved, and only that (unless ``--no-commit``): the CMS is Git-based,
  locally as on GitLab.

decap-server listens on no TCP port: it runs ``backend.js`` (decap-server's own
middlewares) on a Linux abstract Unix socket with a random name, answering only requests
that carry the token this process gave it, and it dies with this process however that
ends (``toolkit.processes``). This server answers only requests whose ``Host`` is its own loopback
address (no DNS rebinding), and ``POST``s only from its own origin. Nothing here is part
of the site: ``/admin/`` lives in the package, not in ``docs/``.
"""

from __future__ import annotations

import errno
import http.client
import json
import mimetypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .. import builder, processes
from ..content.collection import Registry
from ..problems import Problem
from ..settings import Settings
from . import config, files, protocol, report
from .fields import Shape, shape_of, shapes
from .paths import Places, Refused

ADMIN = Path(__file__).resolve().parent / "admin"
BACKEND = Path(__file__).resolve().parent / "backend.js"
DECAP_DIST = ".cache/decap-cms/dist"  # where `make edit` puts Decap CMS's bundle (scripts/fetch_npm_bundle.py)
DECAP_SERVER = "node_modules/decap-server/dist/index.js"
SUN_PATH = 108  # bytes in a Unix socket address on Linux (sockaddr_un.sun_path)

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


# --- decap-server, reachable only from here ---------------------------------------------


class _SocketConnection(http.client.HTTPConnection):
    """HTTP over the abstract Unix socket decap-server listens on."""

    def __init__(self, address: str, timeout: float):
        super().__init__("decap-server", timeout=timeout)
        self.address = address

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.address)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class DecapServer:
    """decap-server's file backend (``backend.js``) as a child of this process."""

    def __init__(self, root: Path, settings: Settings):
        script = installed(root, DECAP_SERVER)
        if not script.is_file():
            raise EditError(f"fant ikke {DECAP_SERVER}: kjør «make edit», som installerer det fra npm-låsen")
        name = f"toolkit-edit-{os.getpid()}-{secrets.token_hex(8)}"
        self.address = "\0" + name  # Linux's abstract namespace: no file, gone with the process
        self.token = secrets.token_urlsafe(32)
        # decap-server's own settings, and how backend.js finds its socket and token.
        env = {key: value for key, value in settings.environment().items()
               if key not in ("PORT", "BIND_HOST", "ORIGIN")}
        env.update(TOOLKIT_NODE_MODULES=str(script.parents[2]), TOOLKIT_SOCKET=name,
                   TOOLKIT_TOKEN=self.token, GIT_REPO_DIRECTORY=str(root), MODE="fs", LOG_LEVEL="warn")
        try:
            self.process = processes.start(["node", str(BACKEND)], cwd=root, env=env, own_group=True,
                                           death_signal=signal.SIGKILL)
        except FileNotFoundError:
            raise EditError("fant ikke Node.js («node»): kjør «make edit», som installerer det") from None
        self._wait()

    def _wait(self, seconds: float = 30) -> None:
        """Wait until decap-server answers on its socket. libuv (Node's I/O) may bind an
        abstract name padded with NULs to the whole ``sun_path``: either form is its name."""
        deadline = time.monotonic() + seconds
        candidates = [self.address, self.address.ljust(SUN_PATH, "\0")]
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EditError(f"decap-server stoppet (kode {self.process.returncode}); se meldingene over")
            for address in candidates:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                    if probe.connect_ex(address) == 0:
                        self.address = address
                        return
            time.sleep(0.1)
        raise EditError("decap-server svarte ikke innen 30 sekunder")

    def call(self, request: dict[str, Any]) -> tuple[int, Any]:
        connection = _SocketConnection(self.address, timeout=120)
        try:
            body = json.dumps(request).encode("utf-8")
            connection.request("POST", "/api/v1", body, {"Content-Type": "application/json",
                                                         "X-Toolkit-Edit": self.token})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def stop(self) -> None:
        processes.stop(self.process)


# --- the editor: calls, saves, what the check says --------------------------------------


@dataclass
class Saved:
    """The last save of an item, as the page shows it after the save."""

    path: str
    state: str  # "published", "draft" (the editor's choice), "kept-as-draft" (errors), "saved" (a cohort)
    problems: list[dict[str, Any]] = field(default_factory=list)

    draft_label: str | None = None  # the form's label of ``draft``

    def as_dict(self) -> dict[str, Any]:
        errors = sum(1 for p in self.problems if p["severity"] == "error")
        return {"paths": [self.path], "path": self.path, "state": self.state, "errors": errors,
                "warnings": len(self.problems) - errors, "problems": self.problems, "draft_label": self.draft_label}


class Editor:
    """What the handler needs: the project, decap-server, and what was saved last."""

    def __init__(self, root: Path, backend: DecapServer | None, settings: Settings, registry: Registry, *,
                 commit: bool, site_url: str, port: int):
        self.root = root.resolve()
        self.backend = backend
        self.settings, self.registry = settings, registry
        self.commit = commit
        self.site_url = site_url
        self.port = port
        self.shapes = shapes(registry)
        self.places = Places(self.root, self.shapes, config.MEDIA_FOLDER)
        self.saved: Saved | None = None
        self.check_lock = threading.Lock()  # the pipeline's caches are not made for two threads at once
        self.save_lock = threading.Lock()  # one save (write, check, commit) at a time
        self.decap_dir = installed(self.root, DECAP_DIST)

    # --- the backend calls -----------------------------------------------------------

    def call(self, request: object) -> tuple[int, Any]:
        """One call of Decap's proxy backend: checked, then through decap-server."""
        try:
            call = protocol.vet(request, self.places)
        except protocol.BadCall as exc:
            return HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)}
        except Refused as exc:
            return HTTPStatus.FORBIDDEN, {"error": f"Skjemaet rører ikke denne filen: {exc}"}
        if call.action == "getDeployPreview":
            return HTTPStatus.OK, None
        if call.action == "persistEntry":
            return self.persist(call)
        status, answer = self.forward(call.request)
        if status == HTTPStatus.OK and call.action in ("entriesByFolder", "entriesByFiles", "getEntry"):
            for entry in answer if isinstance(answer, list) else [answer]:
                if isinstance(entry, dict) and isinstance(entry.get("data"), str):
                    shape = shape_of(entry.get("file", {}).get("path", ""), self.shapes)
                    if shape is not None:
                        entry["data"] = files.for_form(shape, entry["data"])
        if status == HTTPStatus.OK and call.changes:
            with self.save_lock:
                self.record(call.changes, call.message)
        return status, answer

    def forward(self, request: dict[str, Any]) -> tuple[int, Any]:
        if self.backend is None:
            return HTTPStatus.SERVICE_UNAVAILABLE, {"error": "skjemaets lagring kjører ikke"}
        return self.backend.call(request)

    def persist(self, call: protocol.Call) -> tuple[int, Any]:
        """Save one item: spliced into the file on disk, checked, kept as a draft when the
        check finds errors, committed."""
        assert call.item is not None and call.shape is not None
        data = call.request["params"]["dataFiles"][0]
        source = self.root / (call.moved_from or call.item)
        base = source.read_text(encoding="utf-8") if source.is_file() else None
        data["raw"] = files.from_form(call.shape, data["raw"], base)
        with self.save_lock:
            status, answer = self.forward(call.request)
            if status != HTTPStatus.OK:
                return status, answer
            if call.moved_from:
                (self.root / call.moved_from).unlink(missing_ok=True)
            self.saved = self.checked(call, data["raw"])
            self.record(call.changes, call.message)
        return status, answer

    def checked(self, call: protocol.Call, text: str) -> Saved:
        """What the check says about the saved item; an item with errors is kept as a draft."""
        saved = self._checked(call, text)
        assert call.shape is not None
        draft = call.shape.model.model_fields.get("draft")
        saved.draft_label = draft.title if draft else None
        return saved

    def _checked(self, call: protocol.Call, text: str) -> Saved:
        assert call.item is not None and call.shape is not None
        found = self.problems_of(call.item)
        draft = files.is_draft(call.shape, text)
        if any(p.is_error for p in found) and not draft:
            drafted = files.as_draft(call.shape, text)
            if drafted is not None:
                again = {"action": "persistEntry", "params": {
                    **call.request["params"], "assets": [],
                    "dataFiles": [{**call.request["params"]["dataFiles"][0], "raw": drafted}]}}
                status, _ = self.forward(again)
                if status == HTTPStatus.OK:
                    return Saved(call.item, "kept-as-draft", self.in_form(call.shape, call.item, drafted,
                                                                          self.problems_of(call.item)))
        if "draft" not in call.shape.model.model_fields:
            state = "saved"
        else:
            state = "draft" if draft else "published"
        return Saved(call.item, state, self.in_form(call.shape, call.item, text, found))

    def problems_of(self, item: str) -> list[Problem]:
        """``toolkit check``'s problems in ``item`` (and in the files of its bundle)."""
        from .. import pipeline

        folder = item.rsplit("/", 1)[0] + "/" if item.endswith("/index.md") else None
        with self.check_lock:
            found = pipeline.check(self.root, self.registry, today=self.settings.build_date)
        return [p for p in found if p.path == item or (folder and p.path.startswith(folder))]

    def in_form(self, shape: Shape, path: str, text: str, found: list[Problem]) -> list[dict[str, Any]]:
        """The problems as the page shows them: at the form's fields, in its words."""
        labels = report.Labels.of(config.fields_of(shape, {}))  # labels only: no choices needed
        out = []
        for problem in found:
            place = report.place(shape, text, path, problem.line, problem.message, labels)
            if place is None and problem.path != path:  # a file of the bundle: the field naming it
                place = report.place(shape, text, path, 0, f"«{_field_naming(text, problem.path)}»", labels)
            out.append({"path": problem.path, "line": problem.line, "severity": problem.severity.value,
                        "message": report.in_form_words(problem.message, shape, labels),
                        "field": place.field if place else None, "label": place.label if place else None})
        return out

    def record(self, paths: list[str], message: str) -> None:
        """Commit the files a call wrote or deleted, unless told not to."""
        if self.commit:
            commit(self.root, paths, message)

    def last_save(self) -> dict[str, Any]:
        return self.saved.as_dict() if self.saved else {"paths": [], "state": None, "problems": []}

    def form(self) -> dict[str, Any]:
        """What the page adds to Decap's form: the marks beside fields that are not optional,
        by collection and the field's label (the page finds a field by what it shows)."""
        found = {}
        for name, shape in self.shapes.items():
            labels = report.Labels.of(config.fields_of(shape, {})).top
            marks = {labels[field]: words for field, words in config.marks(shape).items()}
            if marks:
                found[name] = marks
        return {"marks": found}


def _field_naming(text: str, path: str) -> str:
    """The front-matter key whose value is the file name of ``path`` (``captions``)."""
    name = path.rsplit("/", 1)[-1]
    parts = files.split(text)
    for entry in files.entries(parts.front if parts else ""):
        if getattr(entry.node, "value", None) == name:
            return entry.key
    return ""


def site_css(root: Path) -> bytes:
    """The site's stylesheets as one, for the form's preview pane: Material's (from the
    installed package, as MkDocs serves them) and the project's ``extra_css``."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    material: list[Path] = []
    if spec and spec.submodule_search_locations:
        assets = Path(next(iter(spec.submodule_search_locations))) / "templates/assets/stylesheets"
        material = sorted(assets.glob("main.*.min.css")) + sorted(assets.glob("palette.*.min.css"))
    docs = (root / "docs").resolve()
    ours = [path for path in (docs / name for name in extra_css(root))
            if path.is_file() and docs in path.resolve().parents]  # nothing from outside docs/
    return b"\n".join(path.read_bytes() for path in material + ours)


def extra_css(root: Path) -> list[str]:
    """``extra_css`` of the project's mkdocs.yml (its tags, ``!ENV`` and Python names, left unread)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # any tag: not needed here
    try:
        data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - safe + None
    except (OSError, yaml.YAMLError):
        return []
    names = data.get("extra_css") if isinstance(data, dict) else None
    return [n for n in names if isinstance(n, str) and ".." not in n] if isinstance(names, list) else []


def commit(root: Path, paths: list[str], message: str) -> None:
    """Commit exactly ``paths``, taken literally (whatever else is staged or changed stays
    as it is)."""
    git = ["git", "--literal-pathspecs", "-C", str(root)]
    inside = subprocess.run([*git, "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True)
    if inside.returncode != 0 or not paths:
        return
    subprocess.run([*git, "add", "--all", "--", *paths], capture_output=True)
    result = subprocess.run([*git, "commit", "--quiet", "--only", "-m", message, "--", *paths],
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
                "/api/problems": lambda: self._json(HTTPStatus.OK, editor.last_save()),
                "/api/form": lambda: self._json(HTTPStatus.OK, editor.form()),
                "/admin/site/site.css": lambda: self._send(HTTPStatus.OK, site_css(editor.root),
                                                           "text/css; charset=utf-8", {"Cache-Control": "no-cache"}),
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
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 <= length <= MAX_REQUEST:
                    raise ValueError(f"for stor ({length} byte)")
                request = json.loads(self.rfile.read(length))
                status, answer = editor.call(request)
            except files.FormError as exc:
                status, answer = HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(exc)}
            except (ValueError, OSError) as exc:
                status, answer = HTTPStatus.BAD_REQUEST, {"error": f"ugyldig forespørsel: {exc}"}
            except Exception as exc:  # a bug: the CMS says «could not save», the terminal says why
                import traceback

                traceback.print_exc()
                status, answer = HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"toolkit edit feilet: {exc}"}
            self._json(status, answer)

        def _redirect(self, target: str) -> None:
            self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": target})

        def _config(self) -> None:
            text = config.render(config.cms_config(editor.root, site_url=editor.site_url, registry=editor.registry))
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


MAX_REQUEST = 300_000_000  # bytes of one call: a video upload, base64-encoded, fits


def _bind(host: str, port: int, what: str) -> socket.socket:
    """A listening socket on ``host:port``, or EditError saying the port is taken."""
    try:
        sock = socket.create_server((host, port))
    except OverflowError:
        raise EditError(f"{port} er ikke en gyldig port for {what} (1–65535)") from None
    except OSError as exc:
        reason = "porten er opptatt" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise EditError(f"kunne ikke åpne {host}:{port} for {what} ({reason}); "
                        "velg en annen port med --port eller --preview-addr") from None
    return sock


def _preview_address(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit():
        raise EditError(f"--preview-addr må være på formen 127.0.0.1:8000, ikke «{addr}»")
    return host.strip("[]"), int(port)


def run(root: Path, settings: Settings, registry: Registry, *, port: int, preview_addr: str | None,
        commit_saves: bool, open_browser: bool) -> int:
    """``toolkit edit``: the form (and the preview, ``mkdocs serve``, unless ``preview_addr``
    is None) until Ctrl+C or SIGTERM; returns the exit code. A taken port is one line and
    exit code 2; every process started here ends with this one, even killed (``toolkit.processes``)."""
    import webbrowser

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    root = root.resolve()
    started: list[Callable[[], None]] = []
    signal.signal(signal.SIGTERM, interrupt)  # stopped by a process manager: stop the children too
    try:
        if not (installed(root, DECAP_DIST) / "decap-cms.js").is_file():
            raise EditError(f"fant ikke Decap CMS i {DECAP_DIST}: kjør «make edit», som henter den fra npm-låsen")
        # Both ports first: a taken one is said before anything starts.
        listening = _bind("127.0.0.1", port, "skjemaet")
        started.append(listening.close)
        site_url, command = "http://127.0.0.1:8000/", None
        if preview_addr:
            host, preview_port = _preview_address(preview_addr)
            _bind(host, preview_port, "forhåndsvisningen").close()
            site_url = f"http://{preview_addr}/"
            try:
                command = builder.command(settings, "serve", "--dirty", "--livereload", "--dev-addr", preview_addr,
                                          "--config-file", str(root / "mkdocs.yml"))
            except builder.BuilderError as exc:
                raise EditError(str(exc)) from None
        backend = DecapServer(root, settings)
        started.append(backend.stop)
        if command:
            # Material's English end-of-life banner is not for editors (issue 24).
            preview = processes.start(command, cwd=root, env=builder.environment(settings), own_group=True,
                                      death_signal=signal.SIGKILL)
            started.append(lambda: processes.stop(preview))
        editor = Editor(root, backend, settings, registry, commit=commit_saves, site_url=site_url, port=port)
        server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(editor), bind_and_activate=False)
        server.socket.close()
        server.socket = listening
        started.append(server.server_close)
        url = f"http://127.0.0.1:{port}/admin/"
        shown = f" og forhåndsvisningen på {site_url}" if command else ""
        print(f"Skjemaet for redaktører er på {url}{shown}. Avslutt med Ctrl+C.", file=sys.stderr, flush=True)
        if open_browser:
            webbrowser.open(url)
        server.serve_forever()
    except EditError as exc:
        print(f"toolkit edit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        for stop in reversed(started):
            stop()
    return 0
