"""The layout DESIGN.md draws, held against the code: the domain knows nothing of MkDocs,
the hooks are wiring, every import runs down the layers (docs-dev/architecture.md draws
them), renderers read no file and keep no memo, nothing in the package keeps state in
module globals, and a collection is one package that no other module names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"
ADAPTER = PACKAGE / "mkdocs_plugin"  # the MkDocs side: the only part that may import MkDocs
COLLECTIONS = PACKAGE / "collections"


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def absolute_imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # The package a relative import starts from: a package's __init__.py is the package
    # itself (``from . import page`` in collections/exercises/__init__.py is
    # collections.exercises.page), any other module is in the package of its folder.
    package = ".".join(path.relative_to(ROOT).parent.parts if path.name == "__init__.py"
                       else path.relative_to(ROOT).with_suffix("").parts[:-1])
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


def test_relative_imports_are_read_from_where_they_stand():
    """A package's face imports as much as any module: missing its imports would hide an
    upward import or a cycle from the layer tests below."""
    face = absolute_imports(COLLECTIONS / "exercises" / "__init__.py")
    assert {"toolkit.content.collection", "toolkit.collections.exercises.page",
            "toolkit.collections.exercises.model"} <= face
    module = absolute_imports(COLLECTIONS / "exercises" / "page.py")
    assert {"toolkit.partials.item", "toolkit.collections.exercises.model"} <= module


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


# The layers of the package from the bottom up, as docs-dev/architecture.md draws them: a
# module may import its own layer and those below, never one above. In the collections'
# layer a package may import another (the stories name the exercises and the theory), in
# no circle (test_no_import_cycle); the registry (collections/__init__.py, their package's
# face) finds them by looking, and imports none.
LAYERS = (
    ("helpers", ["problems", "escape", "norsk", "slug", "layout", "writing", "processes", "addresses",
                 "planner_address", "settings"]),
    ("content", ["content"]),
    ("site", ["site"]),
    ("partials", ["partials"]),
    ("collections", ["collections"]),
    ("pages", ["pages"]),
    ("pipeline", ["pipeline", "reports"]),
    ("the MkDocs adapter, publishing, editing and the command", ["mkdocs_plugin", "publish", "editor", "cli", "builder",
                                                                "__main__"]),
)


def layer_of(module: str) -> int | None:
    """The layer of ``toolkit.<module>`` (a dotted name below ``toolkit``), or None."""
    return next((number for number, (_, names) in enumerate(LAYERS) if module.split(".")[0] in names), None)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The modules of the package (dotted, below ``toolkit``) that ``path`` imports: ``from
    .model import ID`` imports ``…model``, ``from .. import exercises`` the package."""
    found = set()
    for name in (m.removeprefix("toolkit.") for m in absolute_imports(path) if m.startswith("toolkit.")):
        if name in modules:
            found.add(name)
        elif name.rsplit(".", 1)[0] in modules:
            found.add(name.rsplit(".", 1)[0])
    return found - {module_name(path)}


def import_graph() -> dict[str, set[str]]:
    paths = python_files(PACKAGE)
    modules = {module_name(p) for p in paths}
    return {module_name(p): imported_modules(p, modules) for p in paths}


def test_every_module_is_in_a_layer():
    assert [name for name in import_graph() if name and layer_of(name) is None] == []


def test_no_module_imports_a_layer_above_its_own():
    """Data flows one way: content knows no site, the site no page, a shared piece of a
    page no collection, a collection no page that spans collections, and nothing below
    them knows the MkDocs adapter."""
    offenders = []
    for name, imported in sorted(import_graph().items()):
        here = layer_of(name)
        for other in sorted(imported):
            there = layer_of(other)
            if here is not None and there is not None and there > here:
                offenders.append(f"{name} ({LAYERS[here][0]}) imports {other} ({LAYERS[there][0]})")
    assert offenders == []


def test_no_import_cycle():
    """Not even one for types alone: following each module's imports never leads back to it."""
    graph = import_graph()
    state: dict[str, str] = {}
    cycles: list[str] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph.get(name, ())):
            if state.get(other) == "open":
                cycles.append(" -> ".join(trail[trail.index(other):] + [other]))
            elif other not in state:
                visit(other, trail + [other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def renderer_files() -> list[Path]:
    """Every module that renders: the shared pieces, the pages that span collections, and
    in each collection's package the modules its registry entry renders with (its page,
    its listing, its reading order), found by asking the registry rather than by name."""
    import sys

    from toolkit.collections import registry

    modules = set()
    for collection in registry():
        for function in (collection.render, collection.generated, collection.reading_order):
            if function is not None:
                modules.add(Path(sys.modules[function.__module__].__file__ or ""))
    return sorted({*python_files(PACKAGE / "pages"), *python_files(PACKAGE / "partials"), *modules})


# What opens, lists or looks at a file (or runs a program): none of it in a renderer.
FILE_ACCESS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "stat", "iterdir", "glob",
               "rglob", "exists", "is_file", "is_dir", "scandir", "listdir", "walk", "run", "Popen", "getmtime"}
# Memos a renderer could hide: the site is frozen and a page is a pure function of it, so
# what is worth keeping is worked out before rendering (a collection's prepare step, the
# site's indexes) and what a renderer is given, never kept behind its back.
MEMOS = {"lru_cache", "cache", "cached_property"}


def test_the_renderers_are_found():
    names = {path.relative_to(PACKAGE).as_posix() for path in renderer_files()}
    assert {"partials/item.py", "pages/planner.py", "collections/exercises/page.py",
            "collections/exercises/finder.py", "collections/recordings/page.py"} <= names
    assert "collections/recordings/prepare.py" not in names  # it works before rendering


def renderer_offences(source: str, where: str) -> list[str]:
    """What in the module ``source`` opens a file, keeps a memo or asks the process: a call
    that reads or runs, a memo as a decorator, as a call or as a name imported
    (``_page = functools.lru_cache()(page)`` hides one as well as ``@lru_cache`` does), an
    import of a module that reads the machine."""
    offenders = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in FILE_ACCESS:
                offenders.append(f"{where}:{node.lineno}: {name}()")
        if isinstance(node, ast.Attribute) and node.attr in MEMOS and getattr(node.value, "id", "") == "functools":
            offenders.append(f"{where}:{node.lineno}: functools.{node.attr}")
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in MEMOS and not (isinstance(target, ast.Attribute)
                                          and getattr(target.value, "id", "") == "functools"):
                    offenders.append(f"{where}:{decorator.lineno}: @{name}")
        if isinstance(node, ast.ImportFrom) and node.module == "functools":
            offenders += [f"{where}:{node.lineno}: from functools import {a.name}" for a in node.names
                          if a.name in MEMOS]
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            offenders += [f"{where}:{node.lineno}: import {m}" for m in modules
                          if m.split(".")[0] in {"subprocess", "shutil", "glob", "mimetypes", "os"}]
    return offenders


def test_no_renderer_reads_a_file_keeps_a_memo_or_asks_the_process():
    """Renderers are pure functions of the site: loading read everything they show, and
    decided what depends on the machine (a video's media type from ``mimetypes``, whose
    table the process may change)."""
    offenders = []
    for path in renderer_files():
        offenders += renderer_offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_renderer_scan_finds_a_memo_however_it_is_written():
    """Acceptance 2 of issue 26 (no ``lru_cache`` in the renderers) is only as good as the
    scan: a decorator, a call at module level, a name imported, a file read, all found."""
    source = (
        "import functools\n"
        "from functools import cache, partial\n"
        "@functools.lru_cache(maxsize=65536)\n"
        "def a(x): return x\n"
        "@cache\n"
        "def b(x): return x\n"
        "c = functools.lru_cache(maxsize=None)(a)\n"
        "d = partial(a, 1)\n"
        "def e(path): return path.read_text()\n"
    )
    assert sorted(renderer_offences(source, "x.py")) == [
        "x.py:2: from functools import cache", "x.py:3: functools.lru_cache", "x.py:5: @cache",
        "x.py:7: functools.lru_cache", "x.py:9: read_text()"]


def test_the_site_a_renderer_is_given_cannot_be_changed():
    """A renderer cannot write into the site (issue 26 found one that kept transcripts
    there): the site is frozen, and its indexes are read-only mappings made with it."""
    import dataclasses

    from tests.support.content import load_content
    from toolkit.site import resolve

    site = resolve(load_content())
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.items = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.by_id["x/y"] = site.items[0]  # type: ignore[index]
    assert isinstance(site.items, tuple) and site.related(site.items[0]) is not site.related(site.items[0])


MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray",
                 "fromkeys", "maketrans"}


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", "")
        return name in MUTABLE_CALLS
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


def test_no_script_or_template_of_the_toolkit_spells_a_collections_id():
    """The same for what is not Python: the editor's scripts choose the preview's pieces by
    a collection's fields and read the collections from the configuration, and the
    templates ask the page's data."""
    ids = "|".join(collection_packages())
    spelt = re.compile(rf"""['"/`]({ids})['"/`]""")
    offenders = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".js", ".html", ".css", ".yml", ".json") and "collections" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if spelt.search(line):
                    offenders.append(f"{path.relative_to(ROOT).as_posix()}:{number}: {line.strip()[:80]}")
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
