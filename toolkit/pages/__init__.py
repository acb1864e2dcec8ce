"""The pages that span collections, as ordinary Markdown that stock MkDocs + Material builds.

The meeting planner (``planner``), the theme pages and their index (``themes``), a
cohort's programme (``programme``), the front page's newest additions (``front``) and
«Nytt i dette kullet» (``cohort_changes``). They ask the registry, or import a collection's
``ID``, for what they show of a collection; each collection's own page and listing live in
its package (``toolkit/collections/<name>/``), and the pieces both use in
``toolkit/partials/``. Every renderer is a pure function of the frozen ``Site``: it reads
no file, keeps no memo and writes every field through ``toolkit.escape``.
"""
