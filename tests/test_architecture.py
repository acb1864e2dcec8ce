"""The layout DESIGN.md draws, held against the code: the domain knows nothing of MkDocs,
the hooks are wiring, no domain module reaches up to the renderers, renderers read no
file, and nothing in the package keeps state in module globals."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"
ADAPTER = PACKAGE / "mkdocs_plugin"  # the MkDocs side: the only part that may import MkDocs
RENDERERS = PACKAGE / "pages"
# The flow's lower layers: read and check, resolve, publish, and the helpers they share.
DOMAIN = [*sorted((PACKAGE / "content").glob("*.py")), *sorted((PACKAGE / "publish").glob("*.py")),
          PACKAGE / "site.py", PACKAGE / "norsk.py", PACKAGE / "escape.py", PACKAGE / "problems.py",
          PACKAGE / "slug.py", PACKAGE / "layout.py"]


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def absolute_imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_domain_package_imports_nothing_from_mkdocs_or_material():
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in absolute_imports(path)
                                            if m.split(".")[0] in {"mkdocs", "material", "mike", "properdocs"})
        for path in python_files(PACKAGE) if ADAPTER not in path.parents
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_hooks_are_wiring_to_the_adapter_only():
    """hooks/ binds MkDocs events to the plugin object: no logic, no state of its own."""
    for path in sorted((ROOT / "hooks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # the docstring
            assert isinstance(node, ast.Assign), f"{path.name}:{node.lineno}: only assignments here"
            value = node.value
            bound = isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)
            made = isinstance(value, ast.Call) and not value.args and not value.keywords
            assert bound or made, f"{path.name}:{node.lineno}: an event bound to the plugin object"


def test_no_domain_module_imports_the_renderers():
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in absolute_imports(path) if m.startswith("toolkit.pages"))
        for path in DOMAIN
    }
    assert {k: v for k, v in offenders.items() if v} == {}


# What opens, lists or looks at a file (or runs a program): none of it in a renderer.
FILE_ACCESS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "stat", "iterdir", "glob",
               "rglob", "exists", "is_file", "is_dir", "scandir", "listdir", "walk", "run", "Popen", "getmtime"}


def test_no_renderer_reads_a_file():
    """Renderers are pure functions of the site: loading read everything they show."""
    offenders = []
    for path in python_files(RENDERERS):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in FILE_ACCESS:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}()")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: import {m}" for m in modules
                              if m.split(".")[0] in {"subprocess", "shutil", "glob"}]
    assert offenders == []


MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"}


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        return name in MUTABLE_CALLS or name == "maketrans"
    return False


def test_no_module_level_mutable_state_in_the_package():
    """Caches and build state live in objects passed in (``Cache``, ``Site``, the MkDocs
    plugin), never in module globals that a test or a second build could trip over.
    Constants are immutable (tuples, frozensets, ``MappingProxyType``); ``functools``
    memos of pure functions are allowed."""
    offenders = []
    for path in python_files(PACKAGE):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            # A name bound to a mutable container; a class attribute set at import (PyYAML's
            # resolver table of a loader class) is the class's configuration, not state.
            if targets and isinstance(targets[0], ast.Name) and _mutable(node.value):
                offenders.append(f"{where}:{node.lineno}: {ast.unparse(targets[0])} is mutable")
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                offenders.append(f"{where}:{node.lineno}: global {', '.join(node.names)}")
    assert offenders == []


# ---- One package per collection (issue 26) ------------------------------------------------

COLLECTIONS = PACKAGE / "collections"
#: Words of a format that equal a collection's id by the choice of a Norwegian word, each
#: spelt once, as the value of its named constant: the planner's and the ready-made plans'
#: block word «teori» (``teori:<slug>:15``, ``- teori: teori/<slug>``) keeps its meaning in
#: links already shared whatever the theory collection's folder is called.
FORMAT_WORDS = {("toolkit/planner_address.py", "THEORY")}


def collection_packages() -> dict[str, Path]:
    """Each built-in collection's id and the folder of its package."""
    import importlib

    found = {}
    for folder in sorted(p for p in COLLECTIONS.iterdir() if (p / "__init__.py").is_file()):
        module = importlib.import_module(f"toolkit.collections.{folder.name}")
        found[module.COLLECTION.id] = folder
    return found


def docstrings(tree: ast.AST) -> set[int]:
    """The ``id()`` of every docstring's node: prose about the code, not the code."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def spelt_ids(source: str, where: str, ids: set[str]) -> list[tuple[int, str, str]]:
    """(line, id, string) for each string constant of the module ``source`` (at ``where`` in
    the repository) that spells a collection's id: the id itself, or the id as a part of a
    path or address («ovelser/index.md», «items/opptak», «teori:x:15», an attribute's value
    «"teori"»). Norwegian prose that uses the same word («teori, øvelser, opptak og
    historier») spells no id, and neither does a docstring or a named format word."""
    pattern = re.compile(rf"(?:^|[/:=\"'])({'|'.join(map(re.escape, sorted(ids)))})(?:$|[/.:\"'])")
    tree = ast.parse(source)
    skip = docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and (where, t.id) in FORMAT_WORDS for t in node.targets):
            skip.add(id(node.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found += [(node.lineno, match.group(1), node.value) for match in pattern.finditer(node.value)]
    return sorted(found)


def test_a_collections_id_is_spelt_only_in_its_own_package():
    """Acceptance 1 of issue 26: every other module of the toolkit and the hooks imports the
    collection's ``ID`` (or asks the registry), so renaming a collection, or adding one,
    is a change to one package."""
    packages = collection_packages()
    assert set(packages) == {"teori", "ovelser", "moteplaner", "opptak", "historier"}
    offenders = []
    for path in [*python_files(PACKAGE), *python_files(ROOT / "hooks")]:
        where = path.relative_to(ROOT).as_posix()
        for line, spelt, text in spelt_ids(path.read_text(encoding="utf-8"), where, set(packages)):
            if packages[spelt] not in path.parents:
                offenders.append(f"{where}:{line}: «{spelt}» in {text[:60]!r}")
    assert offenders == []


def test_the_id_scan_finds_an_id_wherever_code_spells_it():
    """The scan above is only as good as what it recognises: ids as values, in paths, in
    addresses and attributes, in f-strings; not prose, not docstrings, not the named word."""
    source = (
        '"""A docstring about ovelser/x and «opptak»."""\n'
        'A = "ovelser"\n'
        'B = f"{x}/ovelser/index.md"\n'
        'C = "items/opptak"\n'
        "D = '<input data-kind=\"teori\">'\n"
        'E = "teori:slug:15"\n'
        'F = "Se teori, øvelser, opptak og historier om det."\n'
        'G = "en teoriside i teorien"\n'
        'THEORY = "teori"\n'
    )
    ids = {"ovelser", "opptak", "teori"}
    assert [(line, spelt) for line, spelt, _ in spelt_ids(source, "toolkit/x.py", ids)] == [
        (2, "ovelser"), (3, "ovelser"), (4, "opptak"), (5, "teori"), (6, "teori"), (9, "teori")]
    named = spelt_ids(source, "toolkit/planner_address.py", ids)
    assert (9, "teori") not in [(line, spelt) for line, spelt, _ in named]
