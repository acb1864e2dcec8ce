"""Write a cohort's site as ordinary Markdown that stock MkDocs + Material can build.

The output is ``DIR/docs`` (the hand-written pages plus every generated page and
resource) and ``DIR/mkdocs.yml`` (ours with the navigation expanded and no hooks), so
an editor can read what was generated and the benchmark can build the same pages
without our hooks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .. import pipeline
from ..content.collection import Registry
from ..settings import Settings
from ..writing import MARKDOWN, check_folder, remove_leftovers, replace_dir, staging_dir


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping its !ENV and !!python tags as opaque values."""


class _Tagged:
    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node))
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: _Tagged("tag:yaml.org,2002:python/" + suffix, node),
)


class _Dumper(yaml.SafeDumper):
    pass


def _represent(dumper: yaml.SafeDumper, value: _Tagged) -> yaml.Node:
    node = value.node
    node.tag = value.tag
    return node


_Dumper.add_representer(_Tagged, _represent)


def export_markdown(root: Path, out: Path, settings: Settings, registry: Registry | None = None) -> None:
    """Write ``out/docs`` and ``out/mkdocs.yml`` for the settings' cohort; ``out`` is written
    beside and swapped in only when complete, and must be new, empty or an earlier export
    (``toolkit.writing``)."""
    out = check_folder(root, out, MARKDOWN)  # raises UnsafeTarget: never over the project
    build = pipeline.build(root, settings.cohort, registry, today=settings.build_date)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    remove_leftovers(out, MARKDOWN)
    with staging_dir(out, MARKDOWN) as staging:
        _write(root, staging.path, build, config)
        replace_dir(staging, out)


def _write(root: Path, out: Path, build: pipeline.Build, config: dict) -> None:
    docs = out / "docs"
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    for page in build.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if page.content is not None:
            target.write_text(page.content, encoding="utf-8")
        elif page.source is not None:
            shutil.copyfile(page.source, target)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    if "custom_dir" in config.get("theme", {}):
        shutil.copytree(root / config["theme"]["custom_dir"], out / "overrides", dirs_exist_ok=True)
        config["theme"]["custom_dir"] = "overrides"
    if config.get("nav"):
        config["nav"] = pipeline.expand_nav(config["nav"], build.nav)
    (out / "mkdocs.yml").write_text(
        yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
