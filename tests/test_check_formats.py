"""``toolkit check --format``: the same problems where editors and CI look at them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import toolkit
from tests.test_content_errors import EXERCISE, write
from toolkit import reports
from toolkit.problems import Problem, warning

GITLAB_SCHEMA = json.loads((Path(__file__).parent / "schemas/gitlab-code-quality.schema.json").read_text())


@pytest.fixture
def three_broken(project) -> Path:
    """The three broken files of test_content_errors: a wrong type, an unknown theme, bad YAML."""
    write(project, "ovelser/a.md", EXERCISE.replace("duration: 10", "duration: ti"))
    write(project, "ovelser/b.md", EXERCISE.replace("themes: [moter]", "themes: [motr]"))
    write(project, "ovelser/c.md", EXERCISE.replace("led_by: gruppen", "led_by: [gruppen"))
    return project


def test_text_format_is_the_plain_check_output(three_broken):
    plain = toolkit("check", cwd=three_broken)
    text = toolkit("check", "--format", "text", cwd=three_broken)
    assert plain.returncode == text.returncode == 1
    assert text.stdout == plain.stdout
    assert text.stdout.splitlines()[0] == "content/ovelser/a.md:5: «duration» skal være et heltall, ikke «ti»"


def test_json_lists_path_line_column_severity_and_message(three_broken):
    result = toolkit("check", "--format", "json", cwd=three_broken)
    assert result.returncode == 1
    entries = json.loads(result.stdout)
    assert [(e["path"], e["line"], e["severity"]) for e in entries] == [
        ("content/ovelser/a.md", 5, "error"),
        ("content/ovelser/b.md", 4, "error"),
        ("content/ovelser/c.md", 9, "error"),
    ]
    assert entries[0]["message"] == "«duration» skal være et heltall, ikke «ti»"
    assert entries[1]["message"] == "ukjent tema «motr» – mente du «moter»?"
    assert entries[2]["message"].startswith("ugyldig YAML")
    # The YAML parser knows where on the line it stopped; the model checks know the line only.
    assert entries[0]["column"] is None and isinstance(entries[2]["column"], int) and entries[2]["column"] >= 1
    assert set(entries[0]) == {"path", "line", "column", "severity", "message"}


def test_github_format_is_one_workflow_command_per_problem(three_broken):
    result = toolkit("check", "--format", "github", cwd=three_broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0] == "::error file=content/ovelser/a.md,line=5,title=toolkit check::«duration» skal være et heltall, ikke «ti»"
    assert lines[1] == "::error file=content/ovelser/b.md,line=4,title=toolkit check::ukjent tema «motr» – mente du «moter»?"
    assert lines[2].startswith("::error file=content/ovelser/c.md,line=9,col=") and "::ugyldig YAML" in lines[2]


def test_gitlab_report_is_valid_code_quality_json_with_each_problem_on_its_line(three_broken):
    result = toolkit("check", "--format", "gitlab", cwd=three_broken)
    assert result.returncode == 1
    assert not result.stdout.startswith("\ufeff")  # GitLab's parser refuses a byte order mark
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(GITLAB_SCHEMA).validate(report)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) for i in report] == [
        ("content/ovelser/a.md", 5, "major"),
        ("content/ovelser/b.md", 4, "major"),
        ("content/ovelser/c.md", 9, "major"),
    ]
    assert len({i["fingerprint"] for i in report}) == 3


def test_the_schema_rejects_what_gitlab_would_not_read():
    validator = jsonschema.Draft202012Validator(GITLAB_SCHEMA)
    good = reports.gitlab_report([Problem("content/x.md", 3, "feil")])
    assert validator.is_valid(good)
    for broken in (
        [{**good[0], "severity": "error"}],
        [{k: v for k, v in good[0].items() if k != "fingerprint"}],
        [{**good[0], "location": {"path": "./content/x.md", "lines": {"begin": 3}}}],
        [{**good[0], "location": {"path": "content/x.md"}}],
        {"issues": good},
    ):
        assert not validator.is_valid(broken), broken


def test_clean_content_gives_an_empty_report_and_exit_0():
    for fmt, empty in (("json", []), ("gitlab", [])):
        result = toolkit("check", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == empty
    github = toolkit("check", "--format", "github")
    assert github.returncode == 0 and github.stdout == ""


def test_warnings_and_file_level_problems_in_every_format():
    problems = [warning("content/temaer.yml", 14, "temaet brukes ikke"), Problem("cohorts", 0, "ukjent kull")]
    github = reports.render(problems, "github").splitlines()
    assert github == ["::error file=cohorts,title=toolkit check::ukjent kull",
                      "::warning file=content/temaer.yml,line=14,title=toolkit check::temaet brukes ikke"]
    gitlab = json.loads(reports.render(problems, "gitlab"))
    jsonschema.Draft202012Validator(GITLAB_SCHEMA).validate(gitlab)
    assert [(i["severity"], i["location"]["lines"]["begin"]) for i in gitlab] == [("major", 1), ("minor", 14)]
    assert [e["line"] for e in json.loads(reports.render(problems, "json"))] == [None, 14]


def test_github_command_escapes_what_would_end_or_split_the_command():
    line = reports.github_command(Problem("content/a,b:c.md", 2, "50 % feil\nlinje to"))
    assert line == "::error file=content/a%2Cb%3Ac.md,line=2,title=toolkit check::50 %25 feil%0Alinje to"


def test_the_same_message_twice_in_a_file_gets_two_fingerprints():
    report = reports.gitlab_report([Problem("a.md", 3, "samme"), Problem("a.md", 9, "samme")])
    assert report[0]["fingerprint"] != report[1]["fingerprint"]
    moved = reports.gitlab_report([Problem("a.md", 4, "samme")])
    assert moved[0]["fingerprint"] == report[0]["fingerprint"]  # lines added above: same finding
