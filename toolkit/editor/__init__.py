"""Editing in the browser: Decap CMS on the editors' own files, as ``toolkit edit``.

The form is generated from the content models and laid out like ``toolkit new``'s
templates (``fields``, ``config``); what the form saves is written into the files as an
editor would write it by hand, changing only what changed (``files``); ``server`` serves
the CMS on this machine, in front of Decap's local backend (decap-server), and answers
with ``toolkit check``'s problems after each save. See docs-dev/editing.md.
"""
