"""Where editors' content lives in the repository, and the collections' names.

Kept apart from ``toolkit.content`` (which loads and validates items with pydantic) so
that the ``toolkit`` command can name the collections without importing the whole
pipeline: ``toolkit build`` itself only starts MkDocs (issue 9).
"""

from __future__ import annotations

CONTENT_DIR = "content"
THEMES_FILE = "temaer.yml"

COLLECTIONS: dict[str, str] = {
    "teori": "Teori",
    "ovelser": "Øvelser",
    "opptak": "Opptak",
    "historier": "Historier",
}
