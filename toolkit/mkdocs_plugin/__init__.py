"""The MkDocs side of Verktøykassa: the only part of the package that imports MkDocs.

``plugin`` holds one object with a method per MkDocs event (``hooks/verktoykassa.py``
binds them); ``config`` its options in mkdocs.yml (``extra.toolkit``); ``ecosystem`` what
plain MkDocs and mike commands may do here; ``context`` what the templates are told about
the build; the rest are its services (the preview's page store, Pagefind, hashed assets,
byte ranges, the preview's box of problems). See docs-dev/architecture.md.
"""
