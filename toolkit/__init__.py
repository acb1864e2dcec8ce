"""Verktøykassa's domain package: content collections → validated items → Markdown pages.

Nothing in this package imports MkDocs. The adapters in ``hooks/`` hand the pages this
package produces to MkDocs, and the ``toolkit`` command runs MkDocs and mike as
subprocesses, so the domain can be tested, and moved to another builder, on its own.
"""

__version__ = "0.1.0"
