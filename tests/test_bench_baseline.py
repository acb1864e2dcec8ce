"""``make bench BENCH_ARGS='--baseline REV'`` (bench/baseline.py) writes its comparison as one
section of BENCHMARKS.md and leaves the rest of the file as it was; the worktree it checks
the earlier commit out into is removed again. (The timings themselves are the bench's, not
a test's.)"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from bench import baseline
from bench.run import Preview, Run
from tests.conftest import ROOT


def versions(tmp_path: Path) -> list[baseline.Version]:
    ours = baseline.Version("this checkout", tmp_path, {}, Run(18.0, 20.0, 1, True), Run(16.0, 17.0, 1, True),
                            Preview(reloads=[1.0, 2.0, 1.5], settled=[2.0, 3.0, 2.5]))
    theirs = baseline.Version("abc1234 (abc1234)", tmp_path, {}, Run(20.0, 20.0, 1, True),
                              Run(16.0, 16.0, 1, True), Preview(reloads=[2.0, 2.0, 2.0], settled=[2.5, 2.5, 2.5]))
    return [ours, theirs]


def test_the_comparison_is_a_section_with_ratios_against_the_earlier_commit(tmp_path):
    text = baseline.section("abc1234", "abc1234" + "0" * 33, 500, versions(tmp_path), "make bench",
                            dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC), [1.0], 3)
    assert text.startswith(baseline.START) and text.rstrip().endswith(baseline.END)
    assert "| first build, wall (CPU) | 18.0 s (20.0 s) | 20.0 s (20.0 s) | **0.90×** (1.00×) |" in text
    assert "| rebuild, wall (CPU) | 16.0 s (17.0 s) | 16.0 s (16.0 s) | **1.00×** (1.06×) |" in text
    assert "| preview: reloaded after a save (median) | 1.50 s | 2.00 s | **0.75×** |" in text


def test_a_new_comparison_replaces_the_old_one_and_keeps_the_rest_of_the_file(tmp_path):
    new = baseline.section("abc1234", "abc1234" + "0" * 33, 500, versions(tmp_path), "make bench",
                           dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC), [1.0], 3)
    first = baseline.with_section("# Benchmarks\n\nTables.\n", new)
    assert first.startswith("# Benchmarks\n\nTables.\n\n" + baseline.START)
    again = baseline.with_section(first + "\nAfter.\n", new.replace("0.90×", "0.95×"))
    assert again.count(baseline.START) == 1 and "0.95×" in again and "0.90×" not in again
    assert again.startswith("# Benchmarks\n\nTables.\n") and again.rstrip().endswith("After.")


def test_an_unknown_commit_stops_before_anything_is_checked_out(tmp_path):
    with pytest.raises(SystemExit, match="--baseline: 'no-such-commit' is no commit"):
        baseline.checkout(ROOT, "no-such-commit", tmp_path / "src")
    assert not (tmp_path / "src").exists()


def test_the_worktree_of_the_earlier_commit_is_removed_again(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    (repo / "a.txt").write_text("a", encoding="utf-8")
    git("add", "a.txt")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "a")
    commit = baseline.checkout(repo, "HEAD", tmp_path / "src")
    assert (tmp_path / "src" / "a.txt").read_text(encoding="utf-8") == "a"
    assert commit == git("rev-parse", "HEAD").strip()
    baseline.remove(repo, tmp_path / "src")
    assert not (tmp_path / "src").exists()
    assert str(tmp_path / "src") not in git("worktree", "list")
