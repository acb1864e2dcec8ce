"""The site builds the same with ProperDocs, the maintained fork of MkDocs 1.x, as with
MkDocs, and the preview works under it; ``toolkit`` runs whichever builder is installed
(toolkit/builder.py), while mike in ``.venv`` keeps building with MkDocs."""

from __future__ import annotations

import importlib.metadata
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_project, free_port, toolkit
from tests.support import properdocs
from tests.test_preview import fetch, serve_command, wait_for
from toolkit.mkdocs_plugin.plugin import DIRTY_WARNING
from toolkit.settings import SettingsError, from_environment

MKDOCS = f"mkdocs-{importlib.metadata.version('mkdocs')}"


def generator(html: bytes | str) -> str:
    text = html.decode("utf-8") if isinstance(html, bytes) else html
    return re.search(r'<meta name="generator" content="([^"]*)">', text)[1]


def chosen(env: dict[str, str]) -> str:
    """The builder ``toolkit`` runs in a process with these environment variables."""
    result = subprocess.run([sys.executable, "-c", "from toolkit.builder import builder; from toolkit.settings import current; "
                             "print(builder(current()))"],
                            env={**os.environ, **env}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_toolkit_runs_properdocs_when_it_is_installed_and_mkdocs_when_told_to():
    assert chosen({}) == "mkdocs"  # .venv itself has no ProperDocs
    assert chosen(properdocs.env(builder=None)) == "properdocs"  # mike's preference
    assert chosen(properdocs.env(builder="mkdocs")) == "mkdocs"
    assert chosen(properdocs.env(builder="properdocs")) == "properdocs"


def test_mike_in_the_venv_builds_with_mkdocs():
    """mike 2.2 builds with ProperDocs whenever it can find it (DESIGN.md: no fork takes
    over mike's build command); tests/test_release.py checks the released pages too."""
    result = subprocess.run([sys.executable, "-c", "from mike import mkdocs_utils as m; print(m._program_name, m.version_info())"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["mkdocs", "MkDocs", importlib.metadata.version("mkdocs")]


def test_an_unknown_or_missing_builder_is_refused_before_anything_is_built(tmp_path):
    with pytest.raises(SettingsError, match="TOOLKIT_BUILDER='sphinx' er ikke et valg her; velg properdocs, mkdocs"):
        from_environment({"TOOLKIT_BUILDER": "sphinx"})
    result = toolkit("build", "--site-dir", str(tmp_path / "site"), env={"TOOLKIT_BUILDER": "sphinx"})
    assert result.returncode == 2
    assert result.stderr.startswith("toolkit build: TOOLKIT_BUILDER='sphinx' er ikke et valg her")
    result = toolkit("build", "--site-dir", str(tmp_path / "site"), env={"TOOLKIT_BUILDER": "properdocs"})
    assert result.returncode == 2
    assert "toolkit build: TOOLKIT_BUILDER=properdocs, men properdocs er ikke installert" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no site, no staging folder


def files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def test_the_shipped_site_built_with_properdocs_is_the_mkdocs_build_but_for_the_generator_tag(built_site, tmp_path):
    site = tmp_path / "site"
    result = toolkit("build", "--site-dir", str(site), env=properdocs.env())
    assert result.returncode == 0, result.stdout + result.stderr

    # Each was built by the builder it says (built_site: a plain `toolkit build`, MkDocs).
    assert generator((site / "index.html").read_bytes()).startswith(f"mkdocs-ProperDocs {properdocs.installed().version},")
    assert generator((built_site / "index.html").read_bytes()).startswith(f"{MKDOCS},")

    ours, theirs = files(site), files(built_site)
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 200
    tag = re.compile(properdocs.GENERATOR_TAG)
    different = [name for name in sorted(ours)
                 if tag.sub(b"", ours[name].read_bytes()) != tag.sub(b"", theirs[name].read_bytes())]
    assert different == []
    tagged = [name for name in ours if tag.search(ours[name].read_bytes())]
    assert len(tagged) > 60  # every page, so the one difference allowed is on every page


def test_the_preview_runs_under_properdocs_in_strict_mode_and_rebuilds_what_a_save_changed(tmp_path):
    """``make serve``'s recipe with ProperDocs: its dirty-build warning would abort a
    strict preview; the adapter filters it on the logger of the module that logs it."""
    project = copy_project(tmp_path / "project")
    assert re.search(r"^strict: true$", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    port, log = free_port(), tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(serve_command(port), cwd=project, stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, **properdocs.env()}, start_new_session=True)

    def served(page: str) -> str:
        if server.poll() is not None:
            pytest.fail(f"the preview stopped (exit {server.returncode}):\n{log.read_text(encoding='utf-8')}")
        return fetch(url + page)

    try:
        first = wait_for(lambda: served("ovelser/moteevaluering/"), 300, "properdocs serve to come up")
        assert generator(first).startswith("mkdocs-ProperDocs ")

        source = project / "content" / "ovelser" / "moteevaluering.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("title: Møteevaluering", "title: Evaluering av møtet", 1), encoding="utf-8")
        wait_for(lambda: re.search(r"<h1[^>]*>Evaluering av møtet", served("ovelser/moteevaluering/")),
                 120, "the edited page")
        wait_for(lambda: log.read_text(encoding="utf-8").count("Reloading browsers") >= 2, 120, "the second rebuild")
        # Its listing comes with the second rebuild, with the sidebars (the saved page first).
        wait_for(lambda: "Evaluering av møtet" in served("ovelser/"), 120, "its listing, rebuilt too")
        assert "Evaluering av møtet" in served("ovelser/moteevaluering/")
        output = log.read_text(encoding="utf-8")
        assert "Aborted" not in output and DIRTY_WARNING not in output, output
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl-C: toolkit serve and the server it runs
            server.wait(30)

