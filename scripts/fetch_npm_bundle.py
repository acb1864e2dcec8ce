"""Fetch one npm package's own files, as pinned in package-lock.json, without its dependencies.

Decap CMS ships a prebuilt bundle (``dist/decap-cms.js``) that needs nothing else at run
time, but its package lists the 700 packages it was built from (some 380 MB). So
package.json names it as an optional dependency (``npm ci --omit=optional`` leaves the
tree out) and this script fetches only its tarball with ``npm pack``, checks it against
the integrity recorded in package-lock.json, and unpacks the folder we serve.

    python3 scripts/fetch_npm_bundle.py decap-cms .cache/decap-cms dist

Standard library only: it runs before the project's virtual environment is needed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pinned(name: str) -> tuple[str, str]:
    """(version, integrity) of ``name`` in package-lock.json."""
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"].get(f"node_modules/{name}")
    if entry is None:
        raise SystemExit(f"fetch_npm_bundle: {name} is not in package-lock.json")
    return entry["version"], entry["integrity"]


def fetch(name: str, target: Path, keep: str) -> None:
    version, integrity = pinned(name)
    with tempfile.TemporaryDirectory(prefix="npm-pack-") as scratch:
        result = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", scratch],
            cwd=scratch, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise SystemExit(f"fetch_npm_bundle: npm pack {name}@{version} failed:\n{result.stderr}")
        packed = json.loads(result.stdout)[0]
        if packed["integrity"] != integrity:
            raise SystemExit(
                f"fetch_npm_bundle: {name}@{version} has integrity {packed['integrity']}, "
                f"but package-lock.json records {integrity}"
            )
        staging = Path(scratch) / "package"
        with tarfile.open(Path(scratch) / packed["filename"]) as archive:
            archive.extractall(scratch, filter="data")  # no links out, no absolute paths
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        shutil.copytree(staging / keep, target / keep,
                        ignore=shutil.ignore_patterns("*.map"))  # source maps: 60 MB nobody reads here
        for name_ in ("package.json", "LICENSE"):
            if (staging / name_).exists():
                shutil.copy2(staging / name_, target / name_)
    print(f"{name}@{version} ({integrity[:20]}…) in {target.relative_to(ROOT)}/")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    fetch(sys.argv[1], (ROOT / sys.argv[2]).resolve(), sys.argv[3])
