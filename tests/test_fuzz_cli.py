"""Issue 23: whatever arguments the `toolkit` command is given, it answers without a
traceback, and it writes only where its arguments say, never over what it did not make.

Hypothesis draws argument vectors for every subcommand: each subcommand's own options and
positionals in any order, with values that are valid, hostile or random (paths into the
project, onto its files and folders, onto folders outside that only look like an output,
values that begin with `-`, ports out of range, addresses with `;`, over-long titles,
control characters), and now and then a stray word. Each vector runs as an editor runs
it, `python -m toolkit …`, in one committed copy of the project whose state carries from
one example to the next (a site built, an item added, a release made), beside an
"outside" folder holding the user's files. After each run:

- no output contains `Traceback`, and the exit code is one the command documents;
- every file that the toolkit did not make (not under `.cache/toolkit/` or `.git/`, not in a
  folder carrying `.toolkit-output`, not a file carrying the toolkit's mark) is byte-
  identical, unless the arguments named it with `--force` outside the project's folders;
- every other file that appeared or changed lies where the arguments allow: a path they
  name (not the project, its parents or its own folders), `site/` for build and clean,
  a new item under `content/` for new, `.git` for release, `.cache/toolkit/` for anyone;
- a refusal (exit 2) changed nothing but caches, and no injected command ever ran.

Servers (`serve`, `edit`) get a free port or a bad one; one that starts is stopped after a
few seconds with its whole process group. The number of examples is fixed and the draw
derandomized, so the run takes the same few minutes in CI every time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, copy_project, free_port
from toolkit.writing import FILE_MARK, MARKER, PROTECTED

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}
SERVER_SECONDS = 4  # how long a server that started is left running
COMMAND_SECONDS = 600  # a release on a loaded machine
EXIT_CODES = {0, 1, 2}
CACHE = ".cache/toolkit"  # the toolkit's caches: every command may write there (.cache/ itself is not ours)


# --- the project and the user's files beside it -------------------------------------------


@dataclass
class Place:
    base: Path  # holds both, and the sentinel an injected command would create
    repo: Path
    outside: Path
    sentinel: Path = field(init=False)

    def __post_init__(self) -> None:
        self.sentinel = self.base / "INJISERT"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Place:
    base = tmp_path_factory.mktemp("fuzz-cli")
    repo = copy_project(base / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    shutil.copytree(ROOT / "deploy", repo / "deploy")  # serve --versions runs nginx with it
    (repo / "README.md").write_text("# Prosjektet\n", encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "The project")
    # gh-pages by hand, as a release leaves it (without its cost): enough for export to write.
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input="[]\n", capture_output=True,
                          text=True, check=True).stdout.strip()
    tree = subprocess.run(["git", "mktree"], cwd=repo, input=f"100644 blob {blob}\tversions.json\n",
                          capture_output=True, text=True, check=True).stdout.strip()
    commit = subprocess.run(["git", "commit-tree", tree, "-m", "gh-pages"], cwd=repo, capture_output=True,
                            text=True, check=True, env={**os.environ, **GIT_ENV}).stdout.strip()
    git(repo, "update-ref", "refs/heads/gh-pages", commit)
    (repo / "notater.txt").write_text("mine notater\n", encoding="utf-8")  # untracked: the editor's
    (repo / ".site-notater.md").write_text("mine\n", encoding="utf-8")
    (repo / ".cache" / "mine").mkdir(parents=True)
    (repo / ".cache" / "mine" / "liste.txt").write_text("mine\n", encoding="utf-8")
    (repo / "lenke").symlink_to(repo / "content", target_is_directory=True)
    outside = base / "outside"
    files = {"user.txt": "brukerens fil", "config.yml": "mitt: oppsett\n",
             "nettsted/404.html": "<h1>404</h1>", "nettsted/sitemap.xml": "<urlset/>", "nettsted/mitt.docx": "x",
             "md/mkdocs.yml": "site_name: Mitt\n", "md/docs/index.md": "# Mitt\n",
             "web/versions.json": "[]", "web/index.html": "<p>min</p>", "skjema/ovelser.schema.json": "{}"}
    for name, text in files.items():
        (outside / name).parent.mkdir(parents=True, exist_ok=True)
        (outside / name).write_text(text, encoding="utf-8")
    return Place(base, repo, outside)


# --- what the arguments are made of -------------------------------------------------------

INJECT = ["--upload-pack=touch {sentinel}", "--receive-pack=touch {sentinel}", "-oProxyCommand=touch {sentinel}",
          "--output={sentinel}", "--exec=touch {sentinel}", "-", "--", "--help"]
PATHS = [".", "..", "content", "content/ovelser", "content/temaer.yml", "docs", "cohorts", "hooks", "schemas",
         ".git", ".git/hooks", ".cache", "lenke", "mkdocs.yml", "README.md", "notater.txt", "site", "ut",
         "ny/mappe", "../outside", "../outside/user.txt", "../outside/nettsted", "../outside/md", "../outside/web",
         "../outside/skjema", "../outside/config.yml", "../outside/ny", "../outside/user.txt/under", "a" * 300,
         "~", "$HOME", "ut\nlinje", "ut;rm"]
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00/\\."),
                min_size=1, max_size=12)
LONG_TITLES = ["Møte på ti minutter", "Et langt møte " * 25, "å" * 300, "<script>alert(1)</script>", "  ",
               "\u202e", "tittel\nmed linjeskift", '"; rm -rf /', "index", "../../../etc/passwd"]


def free_address() -> str:
    return f"127.0.0.1:{free_port()}"


def value(choices: list[str], *, words: bool = True) -> st.SearchStrategy[str]:
    """Mostly one of ``choices`` (the valid and the hostile values of this option), now and
    then an injection or a random word."""
    listed = st.sampled_from(choices)
    return st.one_of(listed, listed, listed, st.sampled_from(INJECT), *([WORDS] if words else []))


MONTHS = value(["1", "12", "1200", "1201", "30000", "0", "-3", "1e3", "١٢", "12.5", ""])
COHORTS = value(["2026-host", "2026-var", "2030-host", "latest", "../2026-host", "Kull", ""])
REFS = value(["HEAD", "main", "gh-pages", "2026-var", "2026-host", "HEAD~9999", "HEAD^{tree}", ":(top)"])
PORTS = st.one_of(st.builds(lambda: str(free_port())), st.sampled_from(["0", "70000", "-1", "abc", "99999", ""]),
                  st.sampled_from(INJECT))
ADDRESSES = st.one_of(st.builds(free_address), st.sampled_from(
    ["127.0.0.1:0", "127.0.0.1:70000", "x;y:1", "127.0.0.1", ":", "[::1:1", "localhost:abc", "127.0.0.1:1;a"]),
    st.sampled_from(INJECT))
URLS = value(["https://git.example.org", "http://127.0.0.1:9/", "javascript:alert(1)", "ftp://x", "https://"])
FORMATS = value(["text", "json", "github", "gitlab", "xml"], words=False)
PATH = value(PATHS)


@dataclass(frozen=True)
class Spec:
    positionals: tuple[st.SearchStrategy[str], ...] = ()
    options: tuple[tuple[str, st.SearchStrategy[str] | None], ...] = ()


SPECS = {
    "check": Spec(options=(("--stale", None), ("--months", MONTHS), ("--format", FORMATS))),
    "new": Spec(positionals=(value(["ovelser", "teori", "opptak", "historier", "moteplaner", "ukjent"]),
                             value(LONG_TITLES))),
    "build": Spec(options=(("--cohort", COHORTS), ("--site-dir", PATH))),
    "export-markdown": Spec(positionals=(PATH,), options=(("--cohort", COHORTS),)),
    "release": Spec(positionals=(COHORTS,), options=(("--replace", None), ("--push", None), ("--remote", REFS))),
    "export": Spec(positionals=(PATH,)),
    "changes": Spec(positionals=(REFS, REFS), options=(("--format", FORMATS),)),
    "edit": Spec(options=(("--port", PORTS), ("--preview-addr", ADDRESSES), ("--no-preview", None),
                          ("--no-commit", None))),
    "cms-config": Spec(options=(("--output", PATH), ("--force", None), ("--site-url", URLS), ("--gitlab", WORDS),
                                ("--gitlab-url", URLS), ("--app-id", WORDS), ("--branch", REFS))),
    "schema": Spec(positionals=(PATH,), options=(("--check", None), ("--force", None))),
    "serve": Spec(options=(("--versions", None), ("--cohort", COHORTS), ("--dev-addr", ADDRESSES))),
    "clean": Spec(),
}
SERVERS = {"serve", "edit"}


@st.composite
def argument_vectors(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(SPECS)))
    spec = SPECS[command]
    groups: list[list[str]] = []  # an option stays with its value; the groups come in any order
    for positional in spec.positionals:
        if draw(st.integers(0, 9)):  # now and then one is missing
            groups.append([draw(positional)])
    chosen = draw(st.lists(st.sampled_from(spec.options), unique=True, max_size=len(spec.options))) \
        if spec.options else []
    for name, strategy in chosen:
        if strategy is None:
            groups.append([name])
        elif draw(st.booleans()):
            groups.append([name, draw(strategy)])
        else:
            groups.append([f"{name}={draw(strategy)}"])
    groups = draw(st.permutations(groups))
    if not draw(st.integers(0, 9)):  # a stray word somewhere
        groups.insert(draw(st.integers(0, len(groups))), [draw(value(["-x", "--finnes-ikke"]))])
    # A server never falls back on its default port (8000, 8001: the editor's own preview on
    # a shared machine): serve and edit always name theirs, a free one or a bad one.
    named = {group[0].split("=", 1)[0] for group in groups}
    if command == "serve" and "--dev-addr" not in named:
        groups.append([f"--dev-addr={free_address()}"])
    if command == "edit":
        groups += [[option, text] for option, text in (("--port", str(free_port())),
                                                        ("--preview-addr", free_address())) if option not in named]
        groups.append(["--no-browser"])  # never a browser window on the test machine
    return [command, *(word for group in groups for word in group)]


# --- what may change ----------------------------------------------------------------------


def marked(path: Path, top: Path) -> bool:
    """Made by the toolkit: inside a folder with its marker, or a file with its mark."""
    for folder in path.parents:
        if (folder / MARKER).is_file():
            return True
        if folder == top:
            break
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return any(FILE_MARK in file.readline(4096) for _ in range(3))
    except OSError:
        return False


def snapshot(place: Place) -> dict[Path, str]:
    """Every file and link of the project (without .git's objects and .cache's caches) and
    of the outside folder: path → content hash (or link target)."""
    files = {}
    for top in (place.repo, place.outside):
        for path in top.rglob("*"):
            relative = path.relative_to(place.repo) if top == place.repo else None
            if relative is not None and relative.parts[0] == ".git" and not (
                    relative.parts[:2] == (".git", "refs") or relative.name in ("HEAD", "config", "packed-refs")):
                continue
            if path.is_symlink():
                files[path] = "-> " + os.readlink(path)
            elif path.is_file():
                files[path] = hashlib.sha1(path.read_bytes()).hexdigest()
    return files


def option_values(argv: list[str], place: Place) -> list[Path]:
    """Every word of the vector taken as a path from the project (as the command would)."""
    found = []
    for word in argv[1:]:  # an option's value after "=", or the whole word (argparse takes either)
        for text in {word, *([word.split("=", 1)[1]] if word.startswith("--") and "=" in word else [])}:
            if text:
                found.append(Path(os.path.normpath(place.repo / text)))
    return found


def allowed_roots(argv: list[str], place: Place) -> list[Path]:
    repo = place.repo
    roots = [repo / CACHE]
    command = argv[0]
    if command == "release":
        roots.append(repo / ".git")
    if command in ("build", "clean"):
        roots.append(repo / "site")
    for path in option_values(argv, place):
        resolved = path.resolve()
        if resolved == repo or resolved in repo.parents or place.base not in (resolved, *resolved.parents):
            continue  # the project itself, its parents, or anywhere beyond the test's folder
        if resolved.is_relative_to(repo) and resolved.relative_to(repo).parts[0] in PROTECTED:
            continue
        roots.append(resolved)
    return roots


def under(path: Path, roots: list[Path]) -> bool:
    resolved = path.parent.resolve() / path.name
    return any(resolved == root or root in resolved.parents for root in roots)


def run(argv: list[str], place: Place) -> tuple[int | None, str]:
    process = subprocess.Popen([sys.executable, "-m", "toolkit", *argv], cwd=place.repo,
                               env={**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=SERVER_SECONDS if argv[0] in SERVERS else COMMAND_SECONDS)
        return process.returncode, out + err
    except subprocess.TimeoutExpired:
        if argv[0] not in SERVERS:
            raise
        os.killpg(process.pid, signal.SIGKILL)  # a server that started: it and everything it started
        out, err = process.communicate()
        return None, out + err


FUZZ = settings(max_examples=90, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(argv=argument_vectors())
def test_no_argument_vector_gives_a_traceback_or_writes_outside_its_places(place, argv):
    argv = [word.replace("{sentinel}", str(place.sentinel)) for word in argv]
    before = snapshot(place)
    made_by_toolkit = {path for path in before if marked(path, place.base)
                       or (place.repo / CACHE) in path.parents or (place.repo / ".git") in path.parents}
    code, said = run(argv, place)
    if os.environ.get("FUZZ_LOG"):
        print(code, argv, said.strip().splitlines()[-1:] if said.strip() else "", file=sys.stderr)
    after = snapshot(place)
    assert "Traceback" not in said, f"{argv}:\n{said}"
    assert code is None or code in EXIT_CODES, f"{argv}: exit {code}\n{said}"
    assert not place.sentinel.exists(), f"{argv} ran an injected command"

    forced = "--force" in argv
    named = [path.resolve() for path in option_values(argv, place)]
    roots = allowed_roots(argv, place)
    for path, digest in before.items():  # the user's files: untouched
        if path in made_by_toolkit or after.get(path) == digest:
            continue
        may_force = forced and under(path, [p for p in roots if p in named])
        assert may_force, f"{argv} changed or removed {path}, which the toolkit did not make (exit {code})\n{said}"
    for path, digest in after.items():  # what appeared or changed: only where allowed
        if before.get(path) == digest:
            continue
        new_item = (argv[0] == "new" and path not in before
                    and (place.repo / "content") in path.parents)
        assert new_item or under(path, roots), f"{argv} wrote {path} (exit {code})\n{said}"
        if code == 2:
            assert (place.repo / CACHE) in path.parents, f"{argv} refused but wrote {path}\n{said}"
