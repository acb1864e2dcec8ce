"""Issue 26: the restructure of the toolkit changes no byte of the site a reader gets.

Each cohort's site is built twice from the same shipped content (``content/``, ``cohorts/``
and ``docs/`` of ``BASELINE``, the commit before the restructure, so that later content
changes do not matter): once with ``BASELINE``'s code, once with this working tree's code
and configuration (``toolkit/``, ``hooks/``, ``overrides/``, ``mkdocs.yml``). Both run in a
``git worktree`` of ``BASELINE`` (bench/baseline.py makes and removes them), so the items'
dates from git and the previous cohort's release are the same for both, on this checkout's
``.venv``. Every file of the two sites must be equal: pages, scripts, the chapter tracks, the
sitemap and its gzip copy (compared unpacked: gzip's header holds a time), the Pagefind index
byte for byte. Only what names the build may differ: the generator ``<meta>`` tag and the
build's date (the sitemap's ``lastmod``; the footer's release stamp, which only
``toolkit release`` writes). Both sides get the same ``SOURCE_DATE_EPOCH`` all the same
(tests/conftest.py), so the normalising is a guard, not a licence.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench import baseline
from tests.conftest import ROOT

#: The commit before issue 26: its code built the sites readers have today.
BASELINE = "1043cc4526c6ab3586f33a6d2f98e5709fb53eca"
#: The code that must build the same sites: None is this working tree (the lead pins the
#: restructure's final commit here once it is merged).
AFTER: str | None = "52c7fc3d3aa5164f026e5efd5c15efa507abc6cd"
#: What the code side brings; everything else (the content above all) is ``BASELINE``'s.
CODE = ("toolkit", "hooks", "overrides", "mkdocs.yml")
COHORTS = ("2026-var", "2026-host")

#: What names the build rather than the content: the generator tag, the sitemap's dates,
#: and the date in the footer of a released version («bygget … fra commit»).
VOLATILE = (
    (re.compile(rb'<meta name="generator" content="[^"]*">'), b'<meta name="generator" content="">'),
    (re.compile(rb"<lastmod>[^<]*</lastmod>"), b"<lastmod></lastmod>"),
    (re.compile(rb"bygget [^<]*? fra commit"), b"bygget fra commit"),
)


def normalised(path: Path) -> bytes:
    """A built file as compared: unpacked if gzip, with what names the build blanked out."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix in (".html", ".xml", ".gz"):
        for pattern, blank in VOLATILE:
            data = pattern.sub(blank, data)
    return data


def files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def install_code(project: Path) -> None:
    """Put the code side's files in place of ``BASELINE``'s in the worktree ``project``."""
    for name in CODE:
        target = project / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    if AFTER is None:
        for name in CODE:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, project / name)
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", AFTER, *CODE], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(project)], input=archive, check=True)


def build(project: Path, cohort: str, site: Path) -> subprocess.CompletedProcess:
    """``toolkit build --cohort`` with the code of ``project`` (first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TOOLKIT_SITE_URL", None)
    return subprocess.run([sys.executable, "-m", "toolkit", "build", "--cohort", cohort, "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Per cohort: (the site ``BASELINE``'s code builds, the site the code side builds)."""
    work = tmp_path_factory.mktemp("restructure")
    before, after = work / "before", work / "after"
    made: list[Path] = []
    try:
        for project in (before, after):
            baseline.checkout(ROOT, BASELINE, project)
            made.append(project)
        install_code(after)
        jobs = [(project, cohort, work / "sites" / project.name / cohort)
                for cohort in COHORTS for project in (before, after)]
        with ThreadPoolExecutor(2) as pool:  # two builds at a time: one per core
            results = list(pool.map(lambda job: build(*job), jobs))
        for (project, cohort, _), result in zip(jobs, results, strict=True):
            assert result.returncode == 0, f"{project.name} {cohort}:\n{result.stdout}{result.stderr}"
        yield {cohort: (work / "sites" / "before" / cohort, work / "sites" / "after" / cohort) for cohort in COHORTS}
    finally:
        for project in made:
            baseline.remove(ROOT, project)


@pytest.mark.parametrize("cohort", COHORTS)
def test_each_cohort_builds_the_same_site_before_and_after_the_restructure(sites, cohort):
    old, new = sites[cohort]
    assert len(files(old)) > 100  # a whole site: pages, assets, the search index
    common = files(old) & files(new)
    # The pages first: a changed page changes the search index's files (named by their hash) too.
    differing = sorted((name for name in common if normalised(old / name) != normalised(new / name)),
                       key=lambda name: (name.startswith("pagefind/"), name))
    detail = ""
    for name in differing[:3]:
        before = normalised(old / name).decode("utf-8", "replace").splitlines()
        after = normalised(new / name).decode("utf-8", "replace").splitlines()
        detail += "\n".join(list(difflib.unified_diff(before, after, name, name, lineterm="", n=1))[:40]) + "\n"
    assert differing == [], f"{len(differing)} files differ:\n{detail}"
    assert sorted(files(old) - common) == [], "only the baseline's site has these"
    assert sorted(files(new) - common) == [], "only the new site has these"
