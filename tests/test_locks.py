"""The two locks agree with pyproject.toml, and an editor's install holds no test tools.

``requirements.lock`` is what ``make site``/``serve``/``check``/``edit`` install;
``requirements-dev.lock`` adds the test and benchmark tools for ``make test``/``bench``
with the very same versions of everything else. Both come from ``make lock``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import ROOT

_ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s\\;]+)")
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;]+)$")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock(name: str) -> dict[str, tuple[str, frozenset[str]]]:
    """``{package: (version, hashes)}`` of a lock file."""
    entries: dict[str, tuple[str, frozenset[str]]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        match = _ENTRY.match(line)
        if match:
            current = normal(match["name"])
            entries[current] = (match["version"], frozenset())
        elif current and (hash_ := re.search(r"--hash=(sha256:[0-9a-f]{64})", line)):
            version, hashes = entries[current]
            entries[current] = (version, hashes | {hash_.group(1)})
    return entries


def pins(group: str) -> dict[str, str]:
    """``{package: version}`` pinned in pyproject.toml's dependencies or one of its extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    found = {}
    for requirement in listed:
        match = _PIN.match(requirement.strip())
        assert match, f"{requirement!r} in pyproject.toml is not pinned with =="
        found[normal(match["name"])] = match["version"]
    return found


RUNTIME, DEV = lock("requirements.lock"), lock("requirements-dev.lock")


def test_every_pin_in_pyproject_is_in_its_lock_at_that_version():
    for group, locked in (("runtime", RUNTIME), ("build", RUNTIME), ("runtime", DEV), ("build", DEV), ("dev", DEV)):
        for name, version in pins(group).items():
            assert name in locked, f"{name} ({group}) is missing from a lock: run make lock"
            assert locked[name][0] == version, f"{name}: pyproject.toml says {version}, the lock {locked[name][0]}"


def test_the_editors_lock_has_no_test_or_benchmark_tools():
    tools = set(pins("dev"))
    assert {"pytest", "playwright", "ruff", "hypothesis", "mypy", "jsonschema", "pre-commit"} <= tools
    assert tools.isdisjoint(RUNTIME), sorted(tools & set(RUNTIME))


def test_the_dev_lock_has_everything_the_editors_lock_has_with_the_same_versions_and_hashes():
    for name, (version, hashes) in RUNTIME.items():
        assert DEV.get(name) == (version, hashes), name


def test_every_locked_package_is_hash_pinned_and_the_locks_come_from_make_lock():
    for locked in (RUNTIME, DEV):
        assert all(hashes for _, hashes in locked.values())
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    uv = re.search(r"^UV_VERSION\s*:=\s*(\S+)", makefile, re.M)
    cutoff = re.search(r"^LOCK_CUTOFF\s*:=\s*(\d{4}-\d\d-\d\dT[\d:]+Z)$", makefile, re.M)
    assert uv and cutoff, "make lock pins uv and a resolution cut-off date"
    for name in ("requirements.lock", "requirements-dev.lock"):
        header = (ROOT / name).read_text(encoding="utf-8").splitlines()[:2]
        assert header[1].strip() == "#    make lock", f"{name} was not written by make lock"


def test_what_the_toolkit_and_the_hooks_import_comes_with_the_editors_install():
    """A test tool imported by the domain package or a hook would break `make site`."""
    modules = set()
    for source in [*(ROOT / "toolkit").rglob("*.py"), *(ROOT / "hooks").glob("*.py")]:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"toolkit", "hooks", "__future__"}
    distributions = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        names = {normal(d) for d in distributions.get(module, [])}
        assert names & set(RUNTIME), f"toolkit/ or hooks/ imports {module}, which requirements.lock lacks"
