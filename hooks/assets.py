"""MkDocs hooks: our stylesheets and scripts under content-hashed names (toolkit/assets.py).

A build that readers get (``mkdocs build``: ``toolkit build``, mike) serves the files of
``extra_css`` and ``extra_javascript`` as one hashed file each, and our other scripts (the
finder's, the search worker) and the favicon under hashed names, so that the web server
lets browsers keep them for a year (docs-dev/web-server.md). Pages point Material's search
dialog at our Pagefind worker when the build has a Pagefind index (``toolkit.search``).
Listed after hooks/toolkit_pages.py, which decides ``extra.pagefind``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from toolkit import assets, search

_command: str | None = None
_plan = assets.Plan([], {}, set())  # this build's bundles and hashed names; none in the preview


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _plan
    _plan = assets.Plan([], {}, set())
    if assets.uses_hashed_assets(_command, os.environ):
        try:
            _plan = assets.plan(Path(config.docs_dir), list(config.extra_css),
                                [str(script) for script in config.extra_javascript])
        except assets.AssetError as exc:
            raise Abort(str(exc)) from None
        config.extra_css, config.extra_javascript = [_plan.bundles[0].path], [_plan.bundles[1].path]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in _plan.replaced:  # bundled, or under a hashed name instead
        if (file := files.get_file_from_path(path)) is not None:
            files.remove(file)
    for asset in _plan.bundles:
        files.append(File.generated(config, asset.path, content=asset.content))
    for path, hashed in _plan.renamed.items():
        files.append(File.generated(config, hashed, abs_src_path=str(Path(config.docs_dir) / path)))
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return assets.page_references(output, page.url, _plan.renamed, urlsplit(config.site_url or "/").path,
                                  search.WORKER if config.extra.get("pagefind") else None)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):  # the 404 page; not the sitemap
        return output
    return assets.page_references(output, template_name, _plan.renamed, urlsplit(config.site_url or "/").path,
                                  search.WORKER if config.extra.get("pagefind") else None)
