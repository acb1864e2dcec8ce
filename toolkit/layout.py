"""Where editors' content lives in the repository.

Kept apart from the content package (which loads and validates with pydantic) so that
the ``toolkit`` command can name these folders without importing the whole pipeline:
``toolkit build`` itself only starts MkDocs (issue 9).
"""

from __future__ import annotations

CONTENT_DIR = "content"
THEMES_FILE = "temaer.yml"
COHORTS_DIR = "cohorts"
DOCS_DIR = "docs"
#: ``toolkit check --stale``: a review older than this many months is overdue.
STALE_MONTHS = 12
#: Ledergruppesjekken: the self-check at /sjekk/, one typed file beside the themes.
TEAM_CHECK_FILE = "ledergruppesjekk.yml"
