"""A build converts the pages' Markdown on two cores (issue 26, toolkit/mkdocs_plugin/render.py):
the site is the one a build on one core makes, file for file; a warning from a page the
second process converted stops a strict build as it would have; a page it could not
convert, or its death, costs nothing but time; and it dies with the build."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import make_project
from tests.conftest import ROOT
from tests.test_later_pages import alive

pytestmark = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: no second process")

# `mkdocs build` in a process of its own, with the renderer's knobs set first: PARALLEL_FROM
# past any site keeps every page in the build's process, AHEAD past any site gives the
# second process every page (so the tests know which process converted what).
BUILD = """
import sys
from toolkit.mkdocs_plugin import render
{setup}
from mkdocs.__main__ import cli
cli(sys.argv[1:])
"""

ONE_CORE = "render.PARALLEL_FROM = 10**9"
ALL_TO_THE_WORKER = "render.AHEAD = 10**9"
CONVERTED = re.compile(r"A second process converted (\d+) of the pages")


def mkdocs(project: Path, site: Path, setup: str = "", *args: str, timeout: float = 600,
           ) -> subprocess.CompletedProcess[str]:
    shutil.rmtree(project / ".cache", ignore_errors=True)  # every build from scratch
    return subprocess.run([sys.executable, "-c", BUILD.format(setup=setup), "build", "--strict",
                           "--site-dir", str(site), *args],
                          cwd=project, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def same_tree(a: Path, b: Path) -> list[str]:
    """The files that differ between two sites, or are in one only."""
    different: list[str] = []
    stack = [filecmp.dircmp(a, b)]
    while stack:
        each = stack.pop()
        different += [f"{each.left}/{name}" for name in each.left_only + each.right_only + each.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(each.left, each.right, each.common_files, shallow=False)
        different += [f"{each.left}/{name}" for name in mismatch + errors]
        stack += each.subdirs.values()
    return different


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("render") / "project"
    make_project(root, 40)
    return root


@pytest.fixture(scope="module")
def on_one_core(project, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("one") / "site"
    result = mkdocs(project, site, ONE_CORE, "-v")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not CONVERTED.search(result.stderr)
    return site


@pytest.mark.parametrize("setup", ["", ALL_TO_THE_WORKER], ids=["shared", "all-in-the-worker"])
def test_a_site_converted_on_two_cores_is_the_site_converted_on_one(project, on_one_core, tmp_path, setup):
    site = tmp_path / "site"
    result = mkdocs(project, site, setup, "-v")
    assert result.returncode == 0, result.stderr[-3000:]
    converted = int(CONVERTED.search(result.stderr).group(1))
    pages = len(list(site.rglob("index.html")))
    assert converted > 0
    if setup == ALL_TO_THE_WORKER:
        assert converted == pages  # every page (the 404 page is a template, not a page)
    assert same_tree(on_one_core, site) == []


def break_links(project: Path) -> list[str]:
    """Hand-written pages with a link to a missing page and one to a missing anchor; the
    warnings MkDocs gives for them."""
    (project / "docs" / "metode.md").open("a", encoding="utf-8").write("\nSe [borte](borte.md).\n")
    (project / "docs" / "programmet.md").open("a", encoding="utf-8").write(
        "\nSe [her](tillitsreformen.md#finnes-ikke).\n")
    return ["Doc file 'metode.md' contains a link 'borte.md', but the target is not found among documentation files.",
            "Doc file 'programmet.md' contains a link 'tillitsreformen.md#finnes-ikke', but the doc "
            "'tillitsreformen.md' does not contain an anchor '#finnes-ikke'."]


def test_warnings_of_pages_the_second_process_converted_stop_a_strict_build(project, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    warnings = break_links(copy)
    one = mkdocs(copy, tmp_path / "one", ONE_CORE)
    two = mkdocs(copy, tmp_path / "two", ALL_TO_THE_WORKER)
    for result in (one, two):
        assert result.returncode == 1
        for warning in warnings:
            assert result.stderr.count(warning) == 1, (warning, result.stderr[-3000:])
        assert "Traceback" not in result.stderr
    aborted = [re.search(r"Aborted with (\d+) warnings in strict mode", r.stdout + r.stderr) for r in (one, two)]
    assert aborted[0] and aborted[1] and aborted[0].group(1) == aborted[1].group(1)


# The worker fails to convert one page, and dies on another: both are converted by the build.
FAILING_WORKER = ALL_TO_THE_WORKER + """
import os
convert = render._convert
def failing(src_uri, *args):
    if src_uri == "metode.md":
        raise RuntimeError("a page the worker cannot convert")
    if src_uri.startswith("teori/") and src_uri != "teori/index.md":
        os._exit(3)
    return convert(src_uri, *args)
render._convert = failing
"""


def test_what_the_second_process_did_not_convert_the_build_converts(project, on_one_core, tmp_path):
    site = tmp_path / "site"
    result = mkdocs(project, site, FAILING_WORKER, "-v")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "cannot convert" not in result.stderr
    assert int(CONVERTED.search(result.stderr).group(1)) > 0
    assert same_tree(on_one_core, site) == []


# The worker hangs on a page; the build says where it is and waits.
HANGING_WORKER = ALL_TO_THE_WORKER + """
import os, sys, time
start = render.Renderer.start.__func__
def started(cls, *args):
    renderer = start(cls, *args)
    print("worker", renderer.process.pid, file=sys.stderr, flush=True)
    return renderer
render.Renderer.start = classmethod(started)
render._convert = lambda *args: time.sleep(600)
"""


def test_the_second_process_dies_with_the_build(project, tmp_path):
    process = subprocess.Popen([sys.executable, "-c", BUILD.format(setup=HANGING_WORKER), "build",
                                "--site-dir", str(tmp_path / "site")],
                               cwd=project, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        worker = None
        for line in process.stderr:
            if line.startswith("worker "):
                worker = int(line.split()[1])
                break
        assert worker is not None and alive(worker)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 10
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(worker), "the second process outlived the build"
