"""The collections of Verktøykassa, one package each, found by looking in this package.

Each package here (``exercises``, ``meeting_plans``, ``recordings``, ``stories``,
``theory``) holds all the toolkit knows of one collection: its id (``ID``, spelt in its
``model`` and nowhere else), its front matter's model, its checks, its page and listing
renderers, the template ``toolkit new`` copies, and ``COLLECTION``, the ``Collection``
that describes it. ``registry()`` gathers them, and every other part of the toolkit
iterates over that registry or imports a collection's ``ID`` instead of spelling it.
Adding a collection is one package here (docs-dev/architecture.md); ``extra`` names more
by import path, which is how a test registers a collection of its own without touching
this package (``Settings.collections``, from ``TOOLKIT_COLLECTIONS``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any

from ..content.collection import Collection, Registry


def registry(extra: Iterable[str] = ()) -> Registry:
    """Every collection package of this package, plus the ``extra`` ones (by import path:
    tests, experiments; ``Settings.collections``)."""
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
