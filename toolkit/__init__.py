"""Verktøykassa's package: content collections → validated items → Markdown pages → a site.

Only ``toolkit.mkdocs_plugin`` imports MkDocs: ``hooks/`` hands MkDocs' events to it, and
it hands MkDocs the pages the rest of the package produces. The ``toolkit`` command runs
MkDocs and mike as subprocesses (``toolkit.builder``, ``toolkit.publish``), so the domain
can be tested, and moved to another builder, on its own. Each process reads its settings
once (``toolkit.settings``) and hands them down.
"""

__version__ = "0.1.0"
