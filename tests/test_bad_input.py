"""Issue 14: every bad input an editor can make is a `path:line: message`, never a
traceback, within seconds; a file saved with a byte order mark builds; one broken file
gives only its own errors.

Each test breaks a copy of the shipped project the way an editor or an editor's tool
would, and runs `toolkit check` (and, where it matters, `toolkit build`) as a command.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import toolkit

LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+): (?P<message>.+)$")
EXERCISE = "content/ovelser/pre-mortem.md"
COHORT = "cohorts/2026-host.yml"
THEMES = "content/temaer.yml"


def check(project: Path, *args: str) -> tuple[int, list[tuple[str, int, str]], str]:
    """Run `toolkit check`: exit code, the problem lines parsed, and all output. Fails the
    test on a traceback, a line not in the problem shape, or more than ten seconds."""
    started = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", "toolkit", "check", *args], cwd=project,
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("toolkit check ran for a minute without an answer")
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert elapsed < 10, f"toolkit check took {elapsed:.1f} s"
    problems = []
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        assert match, f"not a path:line: message line: {line!r}"
        problems.append((match["path"], int(match["line"]), match["message"]))
    return result.returncode, problems, output


def errors_in(problems: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    return [p for p in problems if not p[2].startswith("advarsel:")]


def edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, relpath: str, text: str) -> int:
    lines = (project / relpath).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-01"])
def test_impossible_date_in_an_item_is_reported_at_its_line(project, date):
    text = (project / EXERCISE).read_text(encoding="utf-8")
    text = re.sub(r"^reviewed: \S+", f"reviewed: {date}", text, count=1, flags=re.M)
    (project / EXERCISE).write_text(text, encoding="utf-8")
    code, problems, _ = check(project)
    assert code == 1
    line = line_of(project, EXERCISE, "reviewed:")
    assert (EXERCISE, line, f"«reviewed»: {date} finnes ikke i kalenderen; skriv en dato som finnes, "
            "på formen ÅÅÅÅ-MM-DD") in problems


def test_impossible_dates_in_a_cohort_and_its_sessions_are_each_reported(project):
    text = (project / COHORT).read_text(encoding="utf-8")
    text = re.sub(r"^start: \S+", "start: 2026-02-30", text, count=1, flags=re.M)
    text = re.sub(r"^(\s+)(- )?date: \S+", r"\1\2date: 2026-13-01", text, count=1, flags=re.M)
    (project / COHORT).write_text(text, encoding="utf-8")
    code, problems, _ = check(project)
    assert code == 1
    messages = {(path, line) for path, line, _ in errors_in(problems)}
    assert (COHORT, line_of(project, COHORT, "start: 2026-02-30")) in messages
    assert (COHORT, line_of(project, COHORT, "date: 2026-13-01")) in messages


@pytest.mark.parametrize("relpath", [COHORT, THEMES, "docs/metode.md", EXERCISE])
def test_a_latin1_byte_is_reported_with_its_file_and_line_and_the_build_publishes_nothing(project, relpath):
    path = project / relpath
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3] + " Møte".encode("latin-1")
    path.write_bytes(b"\n".join(lines))
    code, problems, _ = check(project)
    assert code == 1
    assert (relpath, 4, "filen er ikke UTF-8 (byten 0xf8 på denne linjen): lagre den som UTF-8") in problems or any(
        p[0] == relpath and p[1] == 4 and "er ikke UTF-8 (byten 0xf8" in p[2] for p in problems), problems
    site = project / "site"
    result = toolkit("build", "--site-dir", str(site), cwd=project)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{relpath}:4:" in result.stdout + result.stderr
    assert not site.exists()


def test_files_saved_with_a_byte_order_mark_build(project, tmp_path):
    for relpath in (EXERCISE, COHORT, THEMES, "docs/metode.md"):
        path = project / relpath
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, problems, output = check(project)
    assert code == 0, output
    assert errors_in(problems) == []
    site = tmp_path / "site"
    result = toolkit("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Pre-mortem" in (site / "ovelser" / "pre-mortem" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("yaml_text, message", [
    ("materials: &m [Tavle]\nowner: *m\n", "YAML-aliaser (*navn) er ikke tillatt her: skriv verdien ut på nytt"),
    ("owner: !!binary aGVp\n", "YAML-taggen «!!binary» er ikke tillatt"),
    ("owner: !!python/object/apply:os.system [echo hei]\n", "YAML-taggen «!!python/object/apply:os.system» er ikke tillatt"),
])
def test_aliases_and_tags_in_front_matter_are_refused_at_their_line(project, yaml_text, message):
    edit(project, EXERCISE, "---\n", "---\n" + yaml_text)
    code, problems, _ = check(project)
    assert code == 1
    assert any(path == EXERCISE and line in (2, 3) and text.startswith(message) for path, line, text in problems), problems


def test_a_billion_laughs_front_matter_is_refused_at_once(project):
    bomb = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 80):  # 9 ** 80 strings, if anything expanded them
        bomb.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    text = "---\n" + "\n".join(bomb) + "\n---\n"
    assert len(text) > 4000
    (project / "content" / "teori" / "bombe.md").write_text(text, encoding="utf-8")
    code, problems, _ = check(project)  # within ten seconds, or it fails
    assert code == 1
    assert any(path == "content/teori/bombe.md" and "YAML-aliaser" in text for path, _, text in problems)


def test_a_cohort_in_both_yml_and_yaml_is_an_error(project):
    (project / "cohorts" / "2026-host.yaml").write_bytes((project / COHORT).read_bytes())
    code, problems, _ = check(project)
    assert code == 1
    assert ("cohorts/2026-host.yml", 0, "kullet «2026-host» finnes også i cohorts/2026-host.yaml: slett den ene filen") in problems


def test_a_cohort_named_like_mikes_alias_is_an_error(project):
    (project / "cohorts" / "latest.yml").write_bytes((project / COHORT).read_bytes())
    code, problems, _ = check(project)
    assert code == 1
    assert any(path == "cohorts/latest.yml" and line == 1 and "mike bruker det som alias" in text
               for path, line, text in problems)


@pytest.mark.parametrize("relpath", ["content/ovelser/index.md", "content/opptak/index/index.md"])
def test_an_item_called_index_is_refused(project, relpath):
    (project / relpath).parent.mkdir(parents=True, exist_ok=True)
    (project / relpath).write_bytes((project / EXERCISE).read_bytes())
    code, problems, _ = check(project)
    assert code == 1
    assert any(path == relpath and "er reservert" in text for path, _, text in problems), problems


def test_toolkit_new_refuses_reserved_names_and_writes_nothing(project):
    before = sorted(p.name for p in (project / "content" / "ovelser").iterdir())
    for title in ("Index", "Pause", "Teori"):
        result = toolkit("new", "ovelser", title, cwd=project)
        assert result.returncode == 2
        assert "er reservert" in result.stderr
    assert sorted(p.name for p in (project / "content" / "ovelser").iterdir()) == before


def test_a_theme_called_index_is_refused(project):
    edit(project, THEMES, "\n", "\nindex:\n  label: Oversikt\n  description: Alt.\n")
    code, problems, _ = check(project)
    assert code == 1
    assert (THEMES, 2, "«index» er reservert: temaer/index er oversikten over alle temaene; velg et annet navn") in problems


@pytest.mark.parametrize("name", ["pre-mortem.MD", "pre-mortem.markdown", "pre-mortem.txt"])
def test_a_content_file_with_an_unexpected_extension_is_a_warning(project, name):
    (project / EXERCISE).rename(project / "content" / "ovelser" / name)
    _, problems, _ = check(project)
    assert any(path == f"content/ovelser/{name}" and text.startswith("advarsel: filendelsen")
               for path, _, text in problems), problems


@pytest.mark.parametrize("value", ["", " []"])
def test_empty_cohorts_field_says_what_to_write(project, value):
    edit(project, EXERCISE, "---\n", f"---\ncohorts:{value}\n")
    code, problems, _ = check(project)
    assert code == 1
    assert (EXERCISE, 2, "«cohorts»: er tom: skriv hvilke kull siden er med i, for eksempel "
            "«cohorts: [2026-host]», eller fjern linjen for å ta den med i alle kull") in problems


def recording(project: Path) -> Path:
    return sorted(p for p in (project / "content" / "opptak").iterdir() if p.is_dir())[0]


def test_a_caption_time_of_a_day_or_more_is_an_error_at_its_line(project):
    bundle = recording(project)
    captions = bundle / "captions.vtt"
    lines = captions.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if "-->" in line)
    start, _, end = lines[number].partition(" --> ")
    lines[number] = f"{start} --> 100:00:00.000"
    captions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, problems, _ = check(project)
    assert code == 1
    shown = captions.relative_to(project).as_posix()
    assert any(path == shown and line == number + 1 and "et døgn eller mer" in text
               for path, line, text in problems), problems


def test_a_caption_after_the_end_of_the_video_is_an_error(project):
    bundle = recording(project)
    index = bundle / "index.md"
    text = index.read_text(encoding="utf-8")
    text = re.sub(r"^duration: .*\n", "", text, flags=re.M).replace("---\n", "---\nduration: 0:10\n", 1)
    index.write_text(text, encoding="utf-8")
    code, problems, _ = check(project)
    assert code == 1
    shown = (bundle / "captions.vtt").relative_to(project).as_posix()
    assert any(path == shown and "etter slutten av videoen" in text for path, _, text in problems), problems


def test_one_broken_file_gives_only_its_own_errors(project):
    """An exercise other pages link to (related, body links, the finder) is broken: only
    its own line is reported, not an «ukjent id» in every file that names it."""
    target = "content/ovelser/innsjekk-og-utsjekk.md"
    linked_from = [p for p in (project / "content").rglob("*.md")
                   if "ovelser/innsjekk-og-utsjekk" in p.read_text(encoding="utf-8")
                   or "innsjekk-og-utsjekk.md" in p.read_text(encoding="utf-8")]
    assert len(linked_from) >= 2, "the fixture needs an exercise that other pages link to"
    edit(project, target, "duration:", "duration: [\nx:")
    code, problems, _ = check(project)
    assert code == 1
    assert {path for path, _, _ in errors_in(problems)} == {target}


def test_a_front_matter_saved_with_a_byte_order_mark_gives_no_knock_on_errors(project):
    path = project / EXERCISE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, problems, output = check(project)
    assert code == 0, output
