"""The pieces every generated page is built from, below the pages that use them.

A collection's page and listing (``toolkit/collections/<name>/``) and the site's own
pages that span collections (``toolkit/pages/``) write ordinary Markdown from the same
pieces: front matter, links between generated pages, an item's themes, facts line,
related items and «Brukes i …» (``item``), and Material's grid cards for a collection's
listing (``listing``). Like every renderer, they are pure functions of the site they are
given: they read no file, keep no memo, and write every field through ``toolkit.escape``.
"""
