"""The layout DESIGN.md draws: the domain knows nothing of MkDocs; hooks are adapters."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_package_imports_nothing_from_mkdocs_or_material():
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path)
                                            if m.split(".")[0] in {"mkdocs", "material", "mike"})
        for path in (ROOT / "toolkit").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_hooks_hold_only_mkdocs_event_adapters():
    for path in (ROOT / "hooks").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
        assert classes == [], f"{path.name} defines classes"
        for function in functions:
            assert function.name.startswith("on_"), f"{path.name}: {function.name} is not an event"
            assert function.end_lineno - function.lineno < 25, f"{path.name}: {function.name} is long"
