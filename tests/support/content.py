"""The shipped content as the toolkit loads it, for tests that look at items directly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit import pipeline
from toolkit.collections import registry
from toolkit.collections.recordings.captions import Captions, CaptionStore
from toolkit.collections.recordings.captions import read_captions as _read_captions
from toolkit.content import Content
from toolkit.content.cache import Cache
from toolkit.content.items import Item, UnreadItem
from toolkit.content.loading import load_item
from toolkit.problems import Problem
from toolkit.site import Site, resolve

ROOT = Path(__file__).resolve().parent.parent.parent
#: The collections of the site, in their order (ids).
COLLECTIONS = registry().ids


def load_content(root: Path = ROOT) -> Content:
    """Everything under ``root``, read and checked, with a fresh in-memory cache."""
    return pipeline.load(root, cache=Cache())


def one_item(root: Path, collection: str, source: Path) -> tuple[Item[Any] | UnreadItem | None, list[Problem]]:
    """One item read from its file, as loading reads it (``UnreadItem``: front matter with errors)."""
    return load_item(root, registry()[collection], source, Cache())


def site_of(content: Content, cohort: str | None = None) -> Site:
    return resolve(content, cohort)


def read_captions(source: Path, shown: str) -> tuple[Captions | None, list[Problem]]:
    """A captions file parsed without any cache."""
    return _read_captions(source, shown, CaptionStore())


#: Each collection's front-matter model, by collection id.
COLLECTION_MODELS = {collection.id: collection.model for collection in registry()}


def item_files(root: Path = ROOT) -> list[tuple[str, Path]]:
    """Every (collection id, Markdown file) under ``root``'s content, as loading finds them."""
    from toolkit.content.loading import item_files as found

    return [(collection.id, path) for collection, path in found(root, registry())[0]]
