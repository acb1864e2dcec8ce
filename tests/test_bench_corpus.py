"""The benchmark's synthetic corpus stays valid content, so `make bench` does not rot.

The benchmark itself (bench/run.py) is not a test; only its corpus generator is checked
here, at a tiny size, against the same `toolkit check` editors run.
"""

from __future__ import annotations

from bench.corpus import make_project
from tests.conftest import toolkit


def test_the_synthetic_benchmark_corpus_passes_toolkit_check(tmp_path):
    stats = make_project(tmp_path, 12)
    assert all(stats.items[name] >= 1 for name in ("teori", "ovelser", "opptak", "historier"))
    assert stats.transcript_words > 0
    assert list((tmp_path / "content" / "opptak").glob("*/captions.vtt"))
    result = toolkit("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
