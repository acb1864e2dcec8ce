"""URL slugs for Norwegian titles: lowercase ASCII and hyphens, æ→ae, ø→o, å→a."""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

_NORWEGIAN = MappingProxyType(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"}))
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """Turn a title into a slug: ``"Møte på ti minutter"`` → ``"mote-pa-ti-minutter"``."""
    text = text.translate(_NORWEGIAN).lower()
    # Other accented letters (é, ü) lose their accent rather than the letter.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))
