"""Issue 26: the settings are one typed object (toolkit/settings.py), read once where a
process starts: the command line over the environment over mkdocs.yml's ``extra.toolkit``
over the defaults. The environment is read in that one module, carries the settings from
the ``toolkit`` command to the MkDocs and mike it starts, and a setting that cannot be
used is one Norwegian line naming it, never a traceback."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, toolkit
from toolkit.mkdocs_plugin.config import OptionsError, options
from toolkit.settings import Pause, Settings, SettingsError, Stamp, from_environment


def environment_reads(path: Path) -> list[str]:
    """Every place ``path`` reads the process's environment: ``os.environ``, ``getenv``,
    ``environb``, or either imported from ``os``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "environb", "getenv", "getenvb"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: from os import {alias.name}"
                      for alias in node.names if alias.name in ("environ", "environb", "getenv", "getenvb")]
    return found


def test_the_environment_is_read_in_the_settings_module_alone():
    files = [*sorted((ROOT / "toolkit").rglob("*.py")), *sorted((ROOT / "hooks").glob("*.py"))]
    reads = [line for path in files for line in environment_reads(path)]
    assert reads and all(line.startswith("toolkit/settings.py:") for line in reads), reads


def test_the_command_line_comes_before_the_environment_which_comes_before_mkdocs_yml():
    environment = from_environment({"TOOLKIT_COHORT": "2026-var", "TOOLKIT_SEARCH": "material"})
    assert environment.given(cohort="2026-host").cohort == "2026-host"
    assert environment.given(cohort=None).cohort == "2026-var"
    from_file = environment.with_config(search="pagefind", assets="plain")
    assert (from_file.search, from_file.assets) == ("material", "plain")
    assert Settings().with_config(search="auto", assets="auto") == Settings(today=Settings().today)


def test_a_child_process_reads_back_the_settings_it_was_given():
    """``toolkit`` hands MkDocs and mike their settings through the environment: what the
    child reads is what the parent had, and the rest of the environment goes along."""
    parent = from_environment({"HOME": "/home/redaktor", "TOOLKIT_COLLECTIONS": "a.b, c.d", "PATH": "/bin",
                               "SOURCE_DATE_EPOCH": "1764979200", "TOOLKIT_SEARCH": "Material",
                               "TOOLKIT_NGINX": "", "MIKE_DOCS_VERSION": "2026-host"})
    release = dataclasses.replace(parent.given(cohort="2026-host"), stamp=Stamp("0123456789abcdef", "2026-11-27T14:05:00+01:00"),
                                  test_pause=Pause("locked", Path("/tmp/pause")))
    child = from_environment(release.environment(), today=release.today)
    assert child == release
    assert child.environment()["HOME"] == "/home/redaktor"
    assert (child.collections, child.search, child.nginx) == (("a.b", "c.d"), "material", "")
    assert child.build_date == dt.date(2025, 12, 6)
    assert "TOOLKIT_COHORT" not in dataclasses.replace(release, cohort=None).environment()


def test_the_build_date_is_the_epochs_when_it_is_a_time_and_today_otherwise():
    today = dt.date(2026, 12, 5)
    assert from_environment({"SOURCE_DATE_EPOCH": "1764979200"}, today).build_date == dt.date(2025, 12, 6)
    no_time = from_environment({"SOURCE_DATE_EPOCH": "i morgen"}, today)
    assert (no_time.build_date, no_time.invalid_epoch) == (today, "i morgen")
    assert from_environment({}, today).build_date == today


def test_settings_that_cannot_be_used_are_named_all_at_once():
    with pytest.raises(SettingsError) as refused:
        from_environment({"TOOLKIT_SEARCH": "lunr", "TOOLKIT_ASSETS": "gzip", "TOOLKIT_BUILDER": "mkdocs"})
    assert str(refused.value) == ("TOOLKIT_SEARCH='lunr' er ikke et valg her; velg pagefind, material eller auto; "
                                  "TOOLKIT_ASSETS='gzip' er ikke et valg her; velg hashed, plain eller auto")
    result = toolkit("check", env={"TOOLKIT_SEARCH": "lunr"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "toolkit check: TOOLKIT_SEARCH='lunr' er ikke et valg her; velg pagefind, material eller auto"]


def cohort_in_header(site: Path) -> str:
    header = (site / "index.html").read_text(encoding="utf-8")
    return re.search(r'class="vk-cohort[^"]*"[^>]*>\s*([^<]*?)\s*<', header)[1]


def test_a_cohort_given_on_the_command_line_wins_over_the_environment_in_the_build(tmp_path):
    site = tmp_path / "site"
    built = toolkit("build", "--cohort", "2026-var", "--site-dir", str(site), env={"TOOLKIT_COHORT": "2026-host"})
    assert built.returncode == 0, built.stderr
    assert cohort_in_header(site) == "Kull våren 2026"
    built = toolkit("build", "--site-dir", str(site), env={"TOOLKIT_COHORT": "2026-var"})
    assert built.returncode == 0, built.stderr
    assert cohort_in_header(site) == "Kull våren 2026"
    built = toolkit("build", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    assert cohort_in_header(site) == "Kull høsten 2026"  # the default: the newest cohort


def with_options(project: Path, block: str) -> Path:
    """mkdocs.yml of ``project`` with ``block`` (lines under ``toolkit:``) in its ``extra``."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nextra:\n", "\nextra:\n  toolkit:\n" + block, 1), encoding="utf-8")
    return config


def test_the_adapters_options_in_mkdocs_yml_reach_the_build_and_the_environment_overrides_them(tmp_path):
    project = copy_project(tmp_path / "project")
    with_options(project, "    search: material\n")
    site = tmp_path / "site"
    built = toolkit("build", "--site-dir", str(site), cwd=project)
    assert built.returncode == 0, built.stderr
    assert not (site / "pagefind").exists() and (site / "search" / "search_index.json").is_file()
    built = toolkit("build", "--site-dir", str(site), cwd=project, env={"TOOLKIT_SEARCH": "pagefind"})
    assert built.returncode == 0, built.stderr
    assert (site / "pagefind").is_dir()


def test_a_mistake_in_the_adapters_options_stops_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    config = with_options(project, "    serch: material\n    assets: gzip\n")
    lines = config.read_text(encoding="utf-8").splitlines()
    serch, assets = lines.index("    serch: material") + 1, lines.index("    assets: gzip") + 1
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert f"mkdocs.yml:{assets}: extra.toolkit.assets: «gzip» er ikke et valg her; velg auto, hashed eller plain" in said
    assert f"mkdocs.yml:{serch}: extra.toolkit.serch: ukjent innstilling (innstillingene er search, assets)" in said
    assert "Traceback" not in said
    assert not site.exists()


def test_no_options_in_mkdocs_yml_are_the_defaults():
    chosen = options({}, str(ROOT / "mkdocs.yml"))
    assert (chosen.search, chosen.assets) == ("auto", "auto")
    with pytest.raises(OptionsError, match=r"mkdocs.yml:1: extra.toolkit skal være innstillinger"):
        options({"toolkit": "material"}, str(ROOT / "mkdocs.yml"))
