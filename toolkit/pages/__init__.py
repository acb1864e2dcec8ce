"""Render the resolved site as ordinary Markdown pages that stock MkDocs + Material builds.

Every renderer is a pure function of the ``Site`` (and an item): it reads no file and
keeps no state. Each collection's page has its module (registered with the collection
in ``toolkit/collections/``); the site's own generated pages (the finder, the theme pages,
the programme, the planner, the front page's newest additions) have theirs; shared
pieces (facts line, theme links, related items) live in ``common``.
"""
