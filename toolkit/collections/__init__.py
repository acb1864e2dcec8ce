"""The collections of Verktøykassa, one module each, found by looking in this package.

Each module here describes one collection (``COLLECTION``, a ``Collection``): its folder,
labels, model, renderer, checks, listing and template. ``registry()`` gathers them, and
every other part of the toolkit iterates over that registry instead of naming
collections. Adding a collection is one module here plus its template
(docs-dev/architecture.md); ``extra`` names more modules by import path, which is how a
test registers a collection of its own without touching this package (through
``TOOLKIT_COLLECTIONS``, which the settings read: ``Settings.collections``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any

from ..content.collection import Collection, Registry


def registry(extra: Iterable[str] = ()) -> Registry:
    """Every collection module of this package, plus the ``extra`` modules (by import
    path: tests, experiments; ``Settings.collections``)."""
    names = [f"{__name__}.{module.name}" for module in pkgutil.iter_modules(__path__)
             if not module.name.startswith("_")]
    names += list(extra)
    return Registry(_collection(name) for name in dict.fromkeys(names))


def _collection(module_name: str) -> Collection[Any]:
    module = importlib.import_module(module_name)
    collection = getattr(module, "COLLECTION", None)
    if not isinstance(collection, Collection):
        raise TypeError(f"{module_name} has no COLLECTION = Collection(...)")
    return collection
