"""The form's backend (`toolkit edit`'s `POST /api/v1`) driven directly over HTTP, as a web page
or a hand-made request could: it writes, moves, deletes and commits only the item being
edited, inside content/ (or cohorts/), and decap-server behind it is reachable from nowhere
else and dies with `toolkit edit`."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from tests.conftest import free_port, toolkit
from tests.support.editing import Editing, git, needs_the_editor, repository, start
from toolkit.editor import fields, files


@pytest.fixture(scope="module")
def editing(tmp_path_factory) -> Editing:
    needs_the_editor()
    base = tmp_path_factory.mktemp("backend")
    repo = repository(base / "repo")
    (repo / "toolkit").mkdir()
    (repo / "toolkit" / "modul.py").write_text("SVAR = 42\n", encoding="utf-8")
    git(repo, "add", "toolkit")
    git(repo, "commit", "--quiet", "--message", "En modul")
    running = start(repo, base / "edit.log")
    yield running
    running.process.send_signal(signal.SIGTERM)
    running.process.wait(timeout=30)


def snapshot(repo: Path) -> dict[str, str]:
    """Every file of the working tree and what git has committed and staged."""
    found = {}
    for path in sorted(repo.rglob("*")):
        relative = path.relative_to(repo).as_posix()
        if relative.startswith(".git/") and relative not in (".git/info/exclude", ".git/HEAD", ".git/config"):
            continue
        if path.is_symlink():
            found[relative] = "->" + os.readlink(path)
        elif path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    found["HEAD"] = git(repo, "rev-parse", "HEAD")
    found["status"] = git(repo, "status", "--porcelain")
    return found


def raw(repo: Path, path: str) -> str:
    """The file as Decap holds it (what the form sends back when nothing changed)."""
    shape = fields.shape_of(path)
    assert shape is not None
    return files.for_form(shape, (repo / path).read_text(encoding="utf-8"))


def entry(repo: Path, path: str, **extra: object) -> dict:
    data = {"slug": Path(path).stem, "path": path, "raw": raw(repo, "content/teori/beslutninger.md")}
    return {"action": "persistEntry", "params": {
        "branch": "main", "dataFiles": [{**data, **extra}], "assets": [],
        "options": {"commitMessage": "Endret fra skjemaet", "useWorkflow": False, "status": ""}}}


def asset(path: str, content: bytes = b"<?php echo 1;") -> dict:
    return {"path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"}


def media(path: str) -> dict:
    return {"action": "persistMedia", "params": {"branch": "main", "asset": asset(path),
                                                 "options": {"commitMessage": "La til"}}}


def delete(*paths: str) -> dict:
    return {"action": "deleteFiles", "params": {"branch": "main", "paths": list(paths),
                                                "options": {"commitMessage": "Slettet"}}}


def outside_calls(repo: Path) -> dict[str, dict]:
    """The cases of issue 23: every path of the protocol, pointed outside the items."""
    good = "content/teori/beslutninger.md"
    with_asset = entry(repo, good)
    return {
        "entry climbing out with ..": entry(repo, "content/opptak/../index.md"),
        "entry in .git": entry(repo, ".git/info/exclude"),
        "entry as a module of the package": entry(repo, "toolkit/modul.py"),
        "entry as the README": entry(repo, "README.md"),
        "entry as a docs page": entry(repo, "docs/index.md"),
        "entry with an absolute path": entry(repo, "/tmp/utenfor.md"),
        "entry as the taxonomy": entry(repo, "content/temaer.yml"),
        "asset into .git": {**with_asset, "params": {**with_asset["params"], "assets": [asset(".git/info/exclude")]}},
        "asset over the README": {**with_asset, "params": {**with_asset["params"], "assets": [asset("README.md")]}},
        "asset as a Markdown page": {**with_asset, "params": {
            **with_asset["params"], "assets": [asset("docs/assets/bilder/side.md")]}},
        "move onto a docs page": entry(repo, good, newPath="docs/index.md"),
        "move into .git": entry(repo, good, newPath=".git/info/exclude"),
        "media over a docs page": media("docs/index.md"),
        "media as a module": media("toolkit/modul.py"),
        "media climbing out of the media folder": media("docs/assets/bilder/../../index.md"),
        "delete the README": delete("README.md"),
        "delete a module": delete("toolkit/modul.py"),
        "delete the pathspec :(top)": delete(":(top)"),
        "delete a pathspec glob": delete("content/ovelser/*"),
        "delete a folder": delete("content/ovelser"),
        "delete a recording bundle": delete("content/opptak/motet-som-arbeidsform/index.md"),
        "one delete among many": delete("content/ovelser/pre-mortem.md", "README.md"),
        "deleteFile of .git": {"action": "deleteFile", "params": {
            "branch": "main", "path": ".git/HEAD", "options": {"commitMessage": "x"}}},
    }


CASES = [
    "entry climbing out with ..", "entry in .git", "entry as a module of the package", "entry as the README",
    "entry as a docs page", "entry with an absolute path", "entry as the taxonomy", "asset into .git",
    "asset over the README", "asset as a Markdown page", "move onto a docs page", "move into .git",
    "media over a docs page", "media as a module", "media climbing out of the media folder", "delete the README",
    "delete a module", "delete the pathspec :(top)", "delete a pathspec glob", "delete a folder",
    "delete a recording bundle", "one delete among many", "deleteFile of .git",
]


@pytest.mark.parametrize("case", CASES)
def test_a_path_outside_the_items_is_refused_in_norwegian_and_nothing_changes(editing, case):
    call = outside_calls(editing.repo)[case]
    before = snapshot(editing.repo)
    status, answer = editing.post(call)
    assert status == 403, answer
    assert answer["error"].startswith("Skjemaet rører ikke denne filen: «"), answer
    assert snapshot(editing.repo) == before


def test_a_symbolic_link_is_never_followed_out_of_content(editing, tmp_path):
    repo = editing.repo
    links = {
        repo / "content/ovelser/lenke.md": Path("../../README.md"),
        repo / "content/opptak/lenket": Path("../../docs"),
        repo / "content/teori/ut": tmp_path,
    }
    for link, target in links.items():
        link.symlink_to(target)
    try:
        before = snapshot(repo)
        calls = [
            entry(repo, "content/ovelser/lenke.md"),
            delete("content/ovelser/lenke.md"),
            entry(repo, "content/opptak/lenket/index.md"),
            media("content/opptak/lenket/bilde.png"),
            {"action": "getEntry", "params": {"branch": "main", "path": "content/ovelser/lenke.md"}},
            {"action": "getMedia", "params": {"branch": "main", "mediaFolder": "content/opptak/lenket"}},
        ]
        for call in calls:
            status, answer = editing.post(call)
            assert status == 403 and "symbolsk lenke" in answer["error"], (call["action"], answer)
        assert snapshot(repo) == before
        assert list(tmp_path.iterdir()) == []
    finally:
        for link in links:
            link.unlink()


def test_a_save_commits_that_item_only_and_leaves_the_editors_other_changes_alone(editing):
    repo = editing.repo
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nEt notat redaktøren ikke har committet.\n",
                      encoding="utf-8")
    (repo / "notater.txt").write_text("Halvferdig.\n", encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD").strip()
    try:
        status, answer = editing.post(delete(":(top)"))
        assert status == 403
        path = "content/teori/beslutninger.md"
        changed = raw(repo, path).replace("title: ", "title: Nytt navn ", 1)
        status, answer = editing.post({**entry(repo, path), "params": {
            **entry(repo, path)["params"], "dataFiles": [{"slug": "beslutninger", "path": path, "raw": changed}]}})
        assert status == 200, answer
        assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [path]
        assert "title: Nytt navn" in (repo / path).read_text(encoding="utf-8")
        status, answer = editing.post(delete("content/ovelser/pre-mortem.md"))
        assert status == 200, answer
        assert git(repo, "show", "--format=", "--name-status", "HEAD").split() == ["D", "content/ovelser/pre-mortem.md"]
        assert (repo / "content/ovelser").is_dir() and len(list((repo / "content/ovelser").glob("*.md"))) > 1
        assert git(repo, "status", "--porcelain", "--untracked-files=all").splitlines() == [
            " M README.md", "?? notater.txt"]
    finally:
        git(repo, "reset", "--quiet", "--hard", head)
        (repo / "notater.txt").unlink()


def test_a_move_moves_that_one_file(editing):
    repo = editing.repo
    folder = repo / "content/teori"
    others = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "beslutninger.md"}
    status, answer = editing.post(entry(repo, "content/teori/beslutninger.md", newPath="content/teori/vedtak.md"))
    assert status == 200, answer
    assert not (folder / "beslutninger.md").exists() and (folder / "vedtak.md").is_file()
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "vedtak.md"} == others
    assert sorted(git(repo, "show", "--format=", "--name-status", "--no-renames", "HEAD").splitlines()) == [
        "A\tcontent/teori/vedtak.md", "D\tcontent/teori/beslutninger.md"]
    git(repo, "reset", "--quiet", "--hard", "HEAD~1")


def test_the_form_answers_its_own_address_only(editing):
    before = snapshot(editing.repo)
    for method, body in (("GET", None), ("POST", b'{"action": "deleteFiles", "params": {"paths": ["README.md"]}}')):
        connection = http.client.HTTPConnection("127.0.0.1", editing.port, timeout=10)
        connection.request(method, "/admin/" if method == "GET" else "/api/v1", body,
                           {"Host": "evil.example", "Content-Type": "application/json"})
        assert connection.getresponse().status == 403
        connection.close()
    status, _ = editing.post({"action": "info", "params": {}}, {"Origin": "http://evil.example"})
    assert status == 403
    assert snapshot(editing.repo) == before
    connection = http.client.HTTPConnection("127.0.0.1", editing.port, timeout=10)
    connection.request("GET", "/admin/")
    page = connection.getresponse()
    assert page.status == 200 and "default-src 'self'" in page.headers["Content-Security-Policy"]
    connection.close()


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = [int(c) for c in (task / "children").read_text().split()] if (task / "children").exists() else []
            found += children
            todo += children
    return found


def socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[8:-1])
    return found


def listening_tcp_ports(pids: list[int]) -> set[int]:
    inodes = set().union(*(socket_inodes(pid) for pid in pids))
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def test_decap_server_is_reachable_only_through_the_form(editing):
    children = descendants(editing.process.pid)
    assert children, "decap-server runs as a child of toolkit edit"
    # No TCP port but the form's own: decap-server has none a page could reach.
    assert listening_tcp_ports([editing.process.pid, *children]) == {editing.port}
    # Its abstract Unix socket refuses a request without toolkit edit's Host and token.
    inodes = set().union(*(socket_inodes(pid) for pid in children))
    names = [line.split()[7] for line in Path("/proc/net/unix").read_text().splitlines()[1:]
             if len(line.split()) == 8 and line.split()[6] in inodes and line.split()[3] == "00010000"]
    assert len(names) == 1 and names[0].startswith("@toolkit-edit-"), names
    address = "\0" + names[0][1:].replace("@", "\0")
    for headers in ({"Host": "evil.example"}, {"Host": "decap-server"}, {"Host": "decap-server", "X-Toolkit-Edit": "gjett"}):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(address)
            lines = ["POST /api/v1 HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()),
                     "Content-Type: application/json", "Content-Length: 17", "Connection: close", "", '{"action":"info"}']
            sock.sendall("\r\n".join(lines).encode())
            answer = sock.recv(4096).decode()
        assert answer.startswith("HTTP/1.1 403"), (headers, answer)


def test_a_killed_editor_leaves_nothing_running(tmp_path):
    needs_the_editor()
    repo = repository(tmp_path / "repo")
    preview_port = free_port()
    running = start(repo, tmp_path / "edit.log", "--preview-addr", f"127.0.0.1:{preview_port}")
    try:
        deadline = time.monotonic() + 180
        while not listening(preview_port):  # the preview builds the site before it listens
            assert running.process.poll() is None and time.monotonic() < deadline, running.log.read_text()
            time.sleep(0.5)
        children = descendants(running.process.pid)
        assert len(children) >= 2  # decap-server and the preview
    finally:
        running.process.send_signal(signal.SIGKILL)
        running.process.wait(timeout=10)
    killed = time.monotonic()
    while time.monotonic() - killed < 5 and (alive(children) or listening(running.port) or listening(preview_port)):
        time.sleep(0.1)
    assert alive(children) == [] and not listening(running.port) and not listening(preview_port)


def alive(pids: list[int]) -> list[int]:
    living = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.append(pid)
    return living


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("which", ["form", "preview"])
def test_a_port_in_use_is_one_norwegian_line_and_nothing_keeps_running(tmp_path, which):
    needs_the_editor()
    repo = repository(tmp_path / "repo")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        busy = taken.getsockname()[1]
        port = busy if which == "form" else free_port()
        result = toolkit("edit", "--no-browser", "--port", str(port), "--preview-addr", f"127.0.0.1:{busy}", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"kunne ikke åpne 127.0.0.1:{busy} for {'skjemaet' if which == 'form' else 'forhåndsvisningen'}" \
           " (porten er opptatt)" in result.stderr
    assert not listening(port)
