"""The locks agree with pyproject.toml, and an editor's install holds no test tools.

``requirements.lock`` is what ``make site``/``serve``/``check``/``edit`` install;
``requirements-dev.lock`` adds the test and benchmark tools for ``make test``/``bench``
with the very same versions of everything else. ``requirements-properdocs.lock`` is
ProperDocs alone, which ``make test`` installs apart from ``.venv``'s packages (its
dependencies are MkDocs' own, already there). All three come from ``make lock``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from packaging.requirements import Requirement

from tests.conftest import ROOT
from tests.support import properdocs

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
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    if group == "properdocs":  # a dependency group: never installed with the project
        listed = pyproject["dependency-groups"][group]
    else:
        listed = project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    found = {}
    for requirement in listed:
        match = _PIN.match(requirement.strip())
        assert match, f"{requirement!r} in pyproject.toml is not pinned with =="
        found[normal(match["name"])] = match["version"]
    return found


RUNTIME, DEV = lock("requirements.lock"), lock("requirements-dev.lock")
PROPERDOCS = lock("requirements-properdocs.lock")


def test_every_pin_in_pyproject_is_in_its_lock_at_that_version():
    for group, locked in (("runtime", RUNTIME), ("build", RUNTIME), ("runtime", DEV), ("build", DEV), ("dev", DEV),
                          ("properdocs", PROPERDOCS)):
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
    for locked in (RUNTIME, DEV, PROPERDOCS):
        assert all(hashes for _, hashes in locked.values())
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    uv = re.search(r"^UV_VERSION\s*:=\s*(\S+)", makefile, re.M)
    cutoff = re.search(r"^LOCK_CUTOFF\s*:=\s*(\d{4}-\d\d-\d\dT[\d:]+Z)$", makefile, re.M)
    assert uv and cutoff, "make lock pins uv and a resolution cut-off date"
    for name in ("requirements.lock", "requirements-dev.lock", "requirements-properdocs.lock"):
        header = (ROOT / name).read_text(encoding="utf-8").splitlines()[:2]
        assert header[1].strip() == "#    make lock", f"{name} was not written by make lock"


def test_properdocs_is_locked_alone_and_kept_out_of_the_venvs_locks():
    """In .venv, mike would build releases with ProperDocs (DESIGN.md, "Choices made")."""
    assert set(PROPERDOCS) == set(pins("properdocs")) == {"properdocs"}
    assert "properdocs" not in RUNTIME and "properdocs" not in DEV
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for group, listed in project["optional-dependencies"].items():
        assert not any(normal(r).startswith("properdocs") for r in listed), f"properdocs in the {group} extra"


def test_properdocs_needs_nothing_the_editors_lock_does_not_already_have():
    """ProperDocs is installed without its dependencies: every one of them must be met by
    the version .venv has (the editors' lock; the dev lock has the same versions)."""
    distribution = properdocs.installed()
    assert distribution.version == PROPERDOCS["properdocs"][0]
    environment = {"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux",
                   "platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "extra": ""}
    needed = [Requirement(r) for r in distribution.requires or []]
    needed = [r for r in needed if r.marker is None or r.marker.evaluate(environment)]
    assert {normal(r.name) for r in needed} >= {"click", "jinja2", "markdown", "pyyaml", "watchdog"}
    for requirement in needed:
        name = normal(requirement.name)
        assert name in RUNTIME, f"ProperDocs needs {requirement}, which requirements.lock lacks"
        assert requirement.specifier.contains(RUNTIME[name][0]), f"ProperDocs needs {requirement}, the lock has {RUNTIME[name][0]}"


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
