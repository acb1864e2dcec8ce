"""Parsed captions are cached in .cache/ between runs; an edited caption file is read again."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

from bench.corpus import make_project
from tests.conftest import toolkit


def test_a_caption_file_broken_and_fixed_after_a_check_is_read_again(tmp_path):
    make_project(tmp_path, 8)
    assert toolkit("check", cwd=tmp_path).returncode == 0
    assert list((tmp_path / ".cache").rglob("*.pickle")), "the first check keeps the parsed captions"

    captions = sorted((tmp_path / "content" / "opptak").glob("*/captions.vtt"))[0]
    good = captions.read_text(encoding="utf-8")
    lines = good.splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if "-->" in text)
    lines[line - 1] = lines[line - 1].replace("-->", "->")
    captions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = toolkit("check", cwd=tmp_path)
    assert broken.returncode == 1
    assert f"{captions.relative_to(tmp_path).as_posix()}:{line}:" in broken.stdout

    captions.write_text(good, encoding="utf-8")
    assert toolkit("check", cwd=tmp_path).returncode == 0


# Run in a process of its own: workers are forked only from a process with no other
# thread, which a test session (browser tests) may not be.
READ_MANY = """
import os, pickle, sys, time
from pathlib import Path
from toolkit.collections.recordings import captions

folder = Path(sys.argv[1])
store = captions.CaptionStore(folder / "cache")
files = [(Path(name), name) for name in sys.argv[3:]]
workers = captions._workers(len(files))
parse = captions.parse_captions
def traced(text, path):
    (folder / f"parsed-{os.getpid()}").touch()
    # On a busy machine one process could take every file before the other starts: the
    # first file waits (10 s at most) until a second process has one too.
    deadline = time.monotonic() + 10
    while workers > 0 and len(list(folder.glob("parsed-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return parse(text, path)
captions.parse_captions = traced
print(workers)
Path(sys.argv[2]).write_bytes(pickle.dumps(captions.read_many(files, store)))
"""


def test_many_caption_files_are_parsed_on_every_core_with_the_same_result(tmp_path, monkeypatch):
    from toolkit.collections.recordings import captions

    good = "WEBVTT\n\n00:00:0{0}.000 --> 00:00:0{1}.000\n<v Kari>Tekst nummer {0}</v>\n"
    texts = {f"god-{n}.vtt": good.format(n, n + 1) for n in range(5)}
    texts["feil.vtt"] = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHei\n\n00:00:03.000 -> 00:00:04.000\nHå\n"
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin1.vtt").write_bytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nMøte\n".encode("latin-1"))
    names = [*texts, "latin1.vtt", "mangler.vtt"]
    monkeypatch.chdir(tmp_path)

    monkeypatch.setattr(captions, "_workers", lambda files: 0)
    one_by_one = captions.read_many([(tmp_path / name, name) for name in names], captions.CaptionStore())

    script = tmp_path / "read_many.py"
    script.write_text(READ_MANY, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(tmp_path), "out.pickle", *names],
                         capture_output=True, text=True, cwd=tmp_path, check=True)
    cores = len(os.sched_getaffinity(0))
    assert int(run.stdout) == min(cores, 6) - 1, "six files to parse: a worker for every core but this one's"
    assert pickle.loads((tmp_path / "out.pickle").read_bytes()) == one_by_one
    assert [str(p) for p in one_by_one[5][1]] == ["feil.vtt:6: «00:00:03.000 -> 00:00:04.000» er verken en "
                                                  "tekst eller en kommentar: en tekst begynner med tidskoder "
                                                  "som «00:01:05.000 --> 00:01:09.500», en kommentar med «NOTE»"]
    if cores > 1:
        assert len(list(tmp_path.glob("parsed-*"))) > 1, "parsed by a worker and by this process both"
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 6  # what could be read was kept

    # The next run reads every parsed file back from the cache, in whatever process.
    for marker in tmp_path.glob("parsed-*"):
        marker.unlink()
    subprocess.run([sys.executable, str(script), str(tmp_path), "again.pickle", *names],
                   capture_output=True, text=True, cwd=tmp_path, check=True)
    assert pickle.loads((tmp_path / "again.pickle").read_bytes()) == one_by_one
    assert not list(tmp_path.glob("parsed-*")), "nothing parsed again"
