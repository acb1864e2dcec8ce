"""Parsed captions are cached in .cache/ between runs; an edited caption file is read again."""

from __future__ import annotations

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
