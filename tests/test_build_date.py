"""The build's date follows SOURCE_DATE_EPOCH (reproducible-builds.org) when it is set:
MkDocs dates the sitemap by it, and the toolkit dates items not yet committed by it, so
two builds of one commit with one SOURCE_DATE_EPOCH are the same whatever the clock says.
A value that is no time is refused with a message, not a traceback from inside MkDocs."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess

from tests.conftest import toolkit
from toolkit import pipeline
from toolkit.settings import from_environment

DAY = dt.date(2025, 3, 14)
EPOCH = str(int(dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC).timestamp()))


def test_the_sitemap_is_dated_by_the_build_date_of_the_run(built_site):
    day = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC).date()
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", (built_site / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {day.isoformat()}


def test_an_item_not_yet_committed_counts_as_added_on_the_build_date(project):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "content")
    exercises = project / "content" / "ovelser"
    shutil.copy(exercises / "beslutningslogg.md", exercises / "ny-beslutningslogg.md")
    build_date = from_environment({"SOURCE_DATE_EPOCH": EPOCH}).build_date
    added = {item.id: item.added for item in pipeline.load(project, today=build_date).items}
    assert added["ovelser/ny-beslutningslogg"] == DAY
    assert added["ovelser/beslutningslogg"] != DAY  # committed: the date git gives, not the build's


def test_a_build_date_that_is_no_time_is_refused_before_anything_is_built(tmp_path):
    for value in ("i dag", "1.7e9", "-1", "99999999999999999999"):
        result = toolkit("build", "--site-dir", str(tmp_path / "site"), env={"SOURCE_DATE_EPOCH": value})
        assert result.returncode == 2, value
        assert f"toolkit build: SOURCE_DATE_EPOCH={value!r} er ikke et tidspunkt" in result.stderr
        assert "Traceback" not in result.stderr
        assert list(tmp_path.iterdir()) == []


def test_a_release_names_a_build_date_that_is_no_time_among_its_reasons(project):
    result = toolkit("--root", str(project), "release", "2026-host", env={"SOURCE_DATE_EPOCH": "i morgen"})
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH='i morgen' er ikke et tidspunkt" in result.stderr
    assert "Ingenting er utgitt" in result.stderr
    assert "Traceback" not in result.stderr
