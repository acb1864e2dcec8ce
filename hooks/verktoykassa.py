"""MkDocs hooks: every event of a build, handed to Verktøykassa's MkDocs adapter.

Nothing but wiring. The adapter (``toolkit/mkdocs_plugin/``) is one plugin object that
holds the build's state; MkDocs loads this module once per process, so under ``mkdocs
serve`` the same object sees every rebuild. See docs-dev/architecture.md.
"""

from __future__ import annotations

from toolkit.mkdocs_plugin.plugin import ToolkitPlugin

plugin = ToolkitPlugin()

on_startup = plugin.on_startup
on_config = plugin.on_config
on_serve = plugin.on_serve
on_pre_build = plugin.on_pre_build
on_files = plugin.on_files
on_nav = plugin.on_nav
on_env = plugin.on_env
on_page_markdown = plugin.on_page_markdown
on_page_context = plugin.on_page_context
on_post_page = plugin.on_post_page
on_post_template = plugin.on_post_template
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
