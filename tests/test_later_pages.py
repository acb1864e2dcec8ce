"""A build parses the captions beside MkDocs' rendering (issue 26): the site is the same as
one made with every page at once, a caption's errors still stop it before anything is
published, all of them listed, and the worker that parses dies with the build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import make_project
from tests.conftest import toolkit
from toolkit import pipeline
from toolkit.content.cache import Cache


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A synthetic project with enough recordings (each an hour of captions, with chapters)
    that a worker parses them."""
    root = tmp_path_factory.mktemp("later") / "project"
    make_project(root, 40)
    assert len(list((root / "content" / "opptak").glob("*/captions.vtt"))) >= 4
    return root


# Run in a process of its own: workers are forked only from a process with no other
# thread, which a test session (browser tests) may not be.
BUILD_LATER = """
import json, sys
from pathlib import Path
from toolkit import pipeline
from toolkit.collections.recordings import captions
from toolkit.content.cache import Cache

later = pipeline.build(Path(sys.argv[1]), cache=Cache(), later=True)
waiting = [page.path for page in later.pages if page.later]
pages = {page.path: page.content for page in later.pages}
print(json.dumps({"workers": captions._workers(10), "waiting": waiting, "pages": pages, "settled": later.settle()}))
"""


def test_pages_made_when_read_are_the_pages_made_at_once(project, tmp_path, monkeypatch):
    from toolkit.collections.recordings import captions

    script = tmp_path / "build_later.py"
    script.write_text(BUILD_LATER, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(project)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    later = json.loads(run.stdout)
    assert later["workers"] == len(os.sched_getaffinity(0)) - 1  # a worker for every core but the build's
    recordings = [path for path in later["pages"] if path.startswith("opptak/")
                  and path.endswith(("/index.md", "/kapitler.vtt")) and path != "opptak/index.md"]
    assert recordings and set(recordings) <= set(later["waiting"]), "a recording's page waits for its captions"
    assert later["settled"] == []

    monkeypatch.setattr(captions, "_workers", lambda files: 0)  # every file parsed here, every page at once
    at_once = pipeline.build(project, cache=Cache())
    assert list(later["pages"]) == [page.path for page in at_once.pages]
    for page in at_once.pages:
        assert later["pages"][page.path] == page.content, page.path
    transcripts = [later["pages"][path] for path in recordings if path.endswith("/index.md")]
    assert transcripts and all("## Transkripsjon" in text for text in transcripts)
    tracks = [later["pages"][path] for path in recordings if path.endswith("/kapitler.vtt")]
    assert tracks and all(text.startswith("WEBVTT") for text in tracks)


def break_first_cue(captions: Path) -> int:
    """Mistype the arrow of the first cue; its line."""
    lines = captions.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if "-->" in text)
    lines[line - 1] = lines[line - 1].replace("-->", "->")
    captions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line


def add_late_chapter(index: Path) -> int:
    """Add a chapter nine hours in, after the end of the captions; its line."""
    text = index.read_text(encoding="utf-8")
    head, end, body = text.partition("\n---\n")
    index.write_text(f"{head}\n- time: '9:00:00'\n  title: Etter slutten{end}{body}", encoding="utf-8")
    return head.count("\n") + 2


@pytest.fixture
def broken(project, tmp_path) -> tuple[Path, list[str]]:
    """A copy of the project whose only errors are in two captions files and a chapter
    after the end of a third recording's captions: all found while MkDocs renders."""
    subprocess.run(["cp", "-r", str(project), str(tmp_path / "p")], check=True)
    root = tmp_path / "p"
    subprocess.run(["rm", "-rf", str(root / ".cache")], check=True)
    files = sorted((root / "content" / "opptak").glob("*/captions.vtt"))
    shown = [f"{f.relative_to(root).as_posix()}:{break_first_cue(f)}:" for f in files[:2]]
    late = files[2].parent / "index.md"
    shown.append(f"{late.relative_to(root).as_posix()}:{add_late_chapter(late)}: kapittelet «Etter slutten»")
    return root, shown


def test_errors_in_captions_stop_the_build_before_anything_is_published(broken, tmp_path):
    root, shown = broken
    target = tmp_path / "site"
    result = toolkit("build", "--site-dir", str(target), cwd=root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for problem in shown:
        assert output.count(problem) == 1, (problem, output)  # each once, all in one run
    assert "Traceback" not in output
    assert not target.exists(), "nothing published"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")], "no staging folder left"
    # `toolkit check` says the same
    check = toolkit("check", cwd=root)
    assert check.returncode == 1
    for problem in shown:
        assert check.stdout.count(problem) == 1, (problem, check.stdout)


def test_an_error_elsewhere_is_listed_with_the_errors_in_captions(broken, tmp_path):
    root, shown = broken
    exercise = sorted((root / "content" / "ovelser").glob("*.md"))[0]
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("duration:", "duratoin:", 1), encoding="utf-8")
    result = toolkit("build", "--site-dir", str(tmp_path / "site"), cwd=root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{exercise.relative_to(root).as_posix()}:" in output
    for problem in shown:
        assert output.count(problem) == 1, (problem, output)


# Parses many hours of captions in a worker and waits; killed from outside meanwhile.
PARSE_AND_WAIT = """
import sys, time
from toolkit.collections.recordings import captions

cue = "{:02d}:{:02d}:{:02d}.000 --> {:02d}:{:02d}:{:02d}.500\\n<v Kari>Setning nummer {}</v>\\n"
def text(n):
    cues = [cue.format(i // 3600, i // 60 % 60, i % 60, i // 3600, i // 60 % 60, i % 60, i) for i in range(n)]
    return "WEBVTT\\n\\n" + "\\n".join(cues)
parsing = captions.Parsing([(text(20000), f"{i}.vtt", None) for i in range(40)], None)
print(*parsing._pool._processes, flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: the captions are parsed in the build's process")
def test_the_worker_that_parses_captions_dies_with_the_build(tmp_path):
    script = tmp_path / "parse.py"
    script.write_text(PARSE_AND_WAIT, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parent.parent)
    try:
        workers = [int(pid) for pid in process.stdout.readline().split()]
        assert workers and all(alive(pid) for pid in workers)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "a worker outlived the build"
