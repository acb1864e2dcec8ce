"""``make bench BENCH_ARGS='--baseline REV'``: this checkout against an earlier commit.

Issue 17 asks that a redesign leave builds and the preview no slower than before it. Ratios
against stock MkDocs drift between runs on a shared machine (stock itself was half as fast
again on 2026-11-27 as on 2026-12-01), so this compares the two versions of *our* toolchain
directly, in one run, on one machine: the same synthetic corpus (bench/corpus.py, the same
seed) with each version's own configuration, builds taking turns round by round, the fastest
of each kind counting, then the preview's five saves under each. The earlier commit is
checked out with ``git worktree add`` into the bench's work folder (removed again at the
end) and runs on this checkout's ``.venv`` with its own ``toolkit`` first on the path; a
commit whose dependencies differ from the installed ones cannot be measured this way.

The result is a section of BENCHMARKS.md between its own markers; a run replaces it and
leaves the rest of the file as it is.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import sections
from bench.corpus import make_project

START, END = "<!-- baseline: bench/baseline.py -->", "<!-- /baseline -->"


@dataclass
class Version:
    """One side of the comparison: what it is, and what was measured of it."""

    name: str  # "this checkout" or the commit
    project: Path
    env: dict[str, str]
    first: object | None = None  # bench.run.Run: the first build of a fresh checkout
    rebuild: object | None = None
    preview: object | None = None  # bench.run.Preview


def checkout(repo: Path, revision: str, folder: Path) -> str:
    """``revision`` checked out (detached) into ``folder``; its full commit id."""
    commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", f"{revision}^{{commit}}"],
                            capture_output=True, text=True)
    if commit.returncode != 0:
        raise SystemExit(f"--baseline: {revision!r} is no commit of this repository")
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--quiet", "--detach", str(folder),
                    commit.stdout.strip()], check=True)
    return commit.stdout.strip()


def remove(repo: Path, folder: Path) -> None:
    """The worktree ``checkout`` made, and nothing else."""
    subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(folder)], capture_output=True)


def compare(repo: Path, revision: str, n: int, work: Path, env: dict[str, str], runner, browser,
            log: Callable[[str], None], rounds: int) -> tuple[str, list[Version]]:
    """Measure this checkout and ``revision`` at ``n`` items; ``runner`` is bench.run (its
    ``measure``, ``measure_preview``, ``fastest`` and ``PYTHON``)."""
    source = work / "baseline-src"
    commit = checkout(repo, revision, source)
    try:
        versions = [
            Version("this checkout", work / "current" / "project", dict(env)),
            Version(f"{revision} ({commit[:7]})", work / "baseline" / "project",
                    {**env, "PYTHONPATH": str(source)}),
        ]
        log(f"baseline: corpus of {n} items for this checkout and for {revision}")
        make_project(versions[0].project, n)
        make_project(versions[1].project, n, repo=source)
        build = [runner.PYTHON, "-m", "toolkit", "build", "--site-dir"]
        for round_ in range(1, rounds + 1):
            for version in versions:
                shutil.rmtree(version.project / ".cache", ignore_errors=True)
                site = str(version.project.parent / "site")
                logs = version.project.parent
                first = runner.measure([*build, site], version.project, logs / "first.log", env=version.env)
                again = runner.measure([*build, site], version.project, logs / "rebuild.log", env=version.env)
                if not (first.ok and again.ok):
                    raise SystemExit(f"--baseline: the build of {version.name} failed:\n{first.log or again.log}")
                version.first = runner.fastest(version.first, first)
                version.rebuild = runner.fastest(version.rebuild, again)
                log(f"baseline: round {round_} of {rounds}: {version.name}: first build {first.wall:.1f} s, "
                    f"rebuild {again.wall:.1f} s")
        if browser is not None:
            for version in versions:
                log(f"baseline: preview of {version.name}")
                version.preview = runner.measure_preview(browser, version.project, version.project.parent,
                                                         env=version.env)
        return commit, versions
    finally:
        remove(repo, source)


def _ratio(ours: float | None, theirs: float | None) -> str:
    return f"**{ours / theirs:.2f}×**" if ours and theirs else "–"


def section(revision: str, commit: str, n: int, versions: list[Version], command: str,
            started: dt.datetime, loads: list[float], rounds: int) -> str:
    """The BENCHMARKS.md section, between its markers."""
    current, base = versions
    lines = [START, f"## Against an earlier commit: {revision}", "",
             f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}`; load average (1 min) "
             + ", ".join(f"{a:.1f}" for a in loads) + f". {n} items, the same corpus for both (each "
             f"with its own configuration); builds took turns, {rounds} rounds, the fastest of each counts; "
             "the preview is the median of five saves under `make serve`. A ratio below 1 is faster "
             f"than {revision} (commit {commit[:12]}).", "",
             f"| | this checkout | {revision} | ratio |", "|---|---:|---:|---:|"]
    for label, kind in (("first build, wall (CPU)", "first"), ("rebuild, wall (CPU)", "rebuild")):
        ours, theirs = getattr(current, kind), getattr(base, kind)
        lines.append(f"| {label} | {ours.wall:.1f} s ({ours.cpu:.1f} s) | {theirs.wall:.1f} s ({theirs.cpu:.1f} s) "
                     f"| {_ratio(ours.wall, theirs.wall)} ({ours.cpu / theirs.cpu:.2f}×) |")
    if current.preview is not None and base.preview is not None:
        for label, attribute in (("preview: reloaded after a save (median)", "reloads"),
                                 ("preview: settled (median)", "settled")):
            ours = getattr(current.preview, attribute)
            theirs = getattr(base.preview, attribute)
            a = statistics.median(ours) if ours else None
            b = statistics.median(theirs) if theirs else None
            lines.append(f"| {label} | {a or 0:.2f} s | {b or 0:.2f} s | {_ratio(a, b)} |")
        errors = [f"{v.name}: {v.preview.error}" for v in versions if v.preview.error]
        if errors:
            lines += ["", "Preview errors: " + "; ".join(errors)]
    lines += ["", END, ""]
    return "\n".join(lines)


def with_section(text: str, new: str) -> str:
    """``text`` (BENCHMARKS.md) with this section replaced by ``new``, or added at the end."""
    return sections.replace(text, new, START, END)
