"""Two released cohorts, exported for the web server, made in a temporary git repository
as an editor makes them (``toolkit release`` twice, then ``toolkit export``).

The project is copied with one extra, YouTube-backed recording (the shipped content has
none), so that both cohorts have a page whose player comes from YouTube after consent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT, copy_project, toolkit

OLD, NEW = "2026-var", "2026-host"
OLD_TITLE, NEW_TITLE = "Kull våren 2026", "Kull høsten 2026"
RECORDING = "opptak/hva-gjor-en-ledergruppe-effektiv"  # a shipped recording with a local video
YOUTUBE = "opptak/opptak-pa-youtube"
YOUTUBE_ID = "AbCdEfGhIjK"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "redaktor@example.org",
    "GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "redaktor@example.org",
}


def _git(cwd: Path, *args: str) -> None:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"


def youtube_recording(project: Path) -> None:
    """A recording whose video is on YouTube, with the captions of a shipped one."""
    bundle = project / "content" / YOUTUBE
    bundle.mkdir()
    shutil.copy(ROOT / "content" / RECORDING / "captions.vtt", bundle / "captions.vtt")
    (bundle / "index.md").write_text(f"""---
title: Opptak på YouTube
description: Et opptak som ligger på YouTube, til testene.
themes: [moter]
date: 2026-10-15
event: Testsamling
speakers: [Syntetisk stemme (eksempel)]
youtube: {YOUTUBE_ID}
captions: captions.vtt
---

Et opptak til testene.
""", encoding="utf-8")


def release_two_cohorts(base: Path, site_url: str) -> tuple[Path, Path]:
    """(the repository, the exported tree): both cohorts released for ``site_url`` (the
    address they are served from, so that Material's instant navigation works there)."""
    repo = copy_project(base / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    shutil.copytree(ROOT / "deploy", repo / "deploy")  # `toolkit export` checks pages against it
    youtube_recording(repo)
    _git(repo, "init", "--quiet", "--initial-branch", "main")
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--message", "Content for two cohorts")
    env = {**GIT_ENV, "TOOLKIT_SITE_URL": site_url}
    for cohort in (OLD, NEW):
        done = toolkit("release", cohort, cwd=repo, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    export = base / "export"
    done = toolkit("export", str(export), cwd=repo)
    assert done.returncode == 0, done.stderr
    return repo, export
