"""Publishing, split by what each part serves.

``release``: ``toolkit release``, a cohort as a frozen mike version on ``gh-pages``, all
or nothing even when killed. ``webserver``: what the intranet's nginx gets, the exported
tree (``toolkit export``), nginx run with ``deploy/nginx/`` and its Content-Security-Policy.
``gh_pages``: the branch both read, through git. ``export_markdown``: the generated pages
as plain Markdown for another builder. What plain MkDocs and mike commands may do, and the
templates' context, belong to the MkDocs adapter (``toolkit.mkdocs_plugin``); which builder
to run is ``toolkit.builder``. See docs-dev/release.md and docs-dev/web-server.md.
"""
