"""The collections of Verktøykassa, one module each, found by looking in this package.

Each module here describes one collection (``COLLECTION``, a ``Collection``): its folder,
labels, model, renderer, checks, listing and template. ``registry()`` gathers them, and
every other part of the toolkit iterates over that registry instead of naming
collections. Adding a collection is one module here plus its template
(docs-dev/architecture.md); ``TOOLKIT_COLLECTIONS`` may name more modules (comma-separated
import paths), which is how a test registers a collection of its own without touching
this package.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterable, Mapping
from typing import Any

from ..content.collection import Collection, Registry

#: Extra collection modules to register, by import path (tests, experiments).
EXTRA_VAR = "TOOLKIT_COLLECTIONS"


def registry(extra: Iterable[str] = (), environ: Mapping[str, str] = os.environ) -> Registry:
    """Every collection module of this package, plus ``extra`` modules and those named
    in ``TOOLKIT_COLLECTIONS``."""
    names = [f"{__name__}.{module.name}" for module in pkgutil.iter_modules(__path__)
             if not module.name.startswith("_")]
    names += list(extra)
    names += [name.strip() for name in environ.get(EXTRA_VAR, "").split(",") if name.strip()]
    return Registry(_collection(name) for name in dict.fromkeys(names))


def _collection(module_name: str) -> Collection[Any]:
    module = importlib.import_module(module_name)
    collection = getattr(module, "COLLECTION", None)
    if not isinstance(collection, Collection):
        raise TypeError(f"{module_name} has no COLLECTION = Collection(...)")
    return collection
