"""What changed between two cohorts' toolkits: items added, removed and changed in substance.

``toolkit changes FROM TO`` and each version's page «Nytt i dette kullet» answer the
editors' and leaders' question "what is new since last time?". What a side holds:

- **A released cohort** (in ``versions.json`` on ``gh-pages``): the content at the commit
  it was released from (the version's ``commit`` property), as that cohort saw it: no
  drafts, and only the items for every cohort or for that one (``cohorts:``). This is
  exactly what its readers got, however the content moved on since.
- **A cohort not released yet**: the working tree's content, with the same filter. In a
  release the working tree is clean, so this is the commit being released.
- **A git ref** (a commit, tag or branch): the content at that commit, as ``toolkit
  build`` would have published it there: for the newest cohort of that commit.

An item is known by its id (``ovelser/pre-mortem``); a renamed file is one item removed
and another added. It has changed when its substance has: the title, the description,
the steps of an exercise (the text under «Slik gjør dere det»), the duration or the
themes. Whitespace, line breaks, the order of themes and every other field are not
substance. Released snapshots are kept in ``.cache/toolkit/changes/`` by commit, since
a commit never changes; the preview asks for one at every rebuild.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..layout import COHORTS_DIR, CONTENT_DIR
from ..norsk import sort_key
from .cache import Cache
from .cohorts import Cohort, load_cohorts, newest, published_in
from .collection import Collection, Registry
from .items import Item
from .loading import load_items

#: The substance of an item, in the order changes are named, with their Norwegian names.
SUBSTANCE = MappingProxyType({
    "title": "tittel",
    "description": "beskrivelse",
    "steps": "trinn",
    "duration": "varighet",
    "themes": "temaer",
})
CACHE_DIR = ".cache/toolkit/changes"
BRANCH = "gh-pages"  # as toolkit.publish.gh_pages, which this module does not import (publish imports the pipeline)
VERSIONS_FILE = "versions.json"


class ChangesError(Exception):
    """Why two contents cannot be compared, in Norwegian."""


@dataclass(frozen=True)
class Summary:
    """What counts about one item when comparing: its substance, whitespace collapsed."""

    id: str
    title: str
    fields: dict[str, str]

    @property
    def collection(self) -> str:
        return self.id.split("/", 1)[0]

    def to_json(self) -> dict:
        return {"title": self.title, "fields": self.fields}


@dataclass(frozen=True)
class Snapshot:
    """One side of a comparison: what it is (for people) and its items' substance."""

    label: str
    items: dict[str, Summary]


@dataclass
class Changes:
    before: Snapshot
    after: Snapshot
    added: list[Summary] = field(default_factory=list)
    removed: list[Summary] = field(default_factory=list)
    changed: list[tuple[Summary, list[str]]] = field(default_factory=list)  # (after, fields)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_json(self) -> dict:
        return {
            "from": self.before.label,
            "to": self.after.label,
            "added": [s.id for s in self.added],
            "removed": [s.id for s in self.removed],
            "changed": {s.id: fields for s, fields in self.changed},
        }


def collapse(text: str) -> str:
    """Text as compared: every run of whitespace one space."""
    return " ".join(text.split())


def summarize(item: Item, collection: Collection) -> Summary:
    """An item's substance: title, description, what its collection counts (an exercise's
    steps and length: ``Collection.substance``), themes."""
    meta = item.meta
    fields = {"title": collapse(meta.title), "description": collapse(meta.description)}
    if collection.substance is not None:
        fields.update(collection.substance(item))
    fields["themes"] = ", ".join(sorted(set(meta.themes)))
    return Summary(item.id, meta.title, fields)


def summaries(items: Iterable[Item], cohort: Cohort | None, registry: Registry,
              known: dict[str, Summary] | None = None) -> dict[str, Summary]:
    """The published items of ``cohort`` (drafts out, the cohort filter applied); ``known``
    holds summaries already made of the same items (two cohorts of one working tree)."""
    known = {} if known is None else known
    found = {}
    for item in items:
        if published_in(item, cohort):
            found[item.id] = known.get(item.id) or summarize(item, registry[item.collection])
    return found


def compare(before: Snapshot, after: Snapshot, registry: Registry) -> Changes:
    """Items added, removed and changed in substance from ``before`` to ``after``, each
    list in the site's order (by collection, then title)."""
    def order(summary: Summary) -> tuple[int, str, str]:
        return (registry.position(summary.collection), sort_key(summary.title), summary.id)

    changes = Changes(before, after)
    changes.added = sorted((s for i, s in after.items.items() if i not in before.items), key=order)
    changes.removed = sorted((s for i, s in before.items.items() if i not in after.items), key=order)
    for item_id, summary in sorted(after.items.items(), key=lambda pair: order(pair[1])):
        old = before.items.get(item_id)
        if old is None:
            continue
        fields = [name for name in SUBSTANCE if old.fields.get(name) != summary.fields.get(name)]
        if fields:
            changes.changed.append((summary, fields))
    return changes


# --- where each side's content comes from ---------------------------------------------


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git in ``root``; the caller reads the return code (no git, no repository: not 0)."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as exc:  # no git on this machine: no history, as outside a repository
        return subprocess.CompletedProcess(args, 127, b"", str(exc).encode())


def released_commits(root: Path) -> dict[str, str]:
    """``{cohort id: commit it was released from}``, from ``versions.json`` on gh-pages
    (the local branch, or in a fresh clone the remote's); empty before any release."""
    for ref in (f"refs/heads/{BRANCH}", f"refs/remotes/origin/{BRANCH}"):
        shown = git(root, "show", f"{ref}:{VERSIONS_FILE}")
        if shown.returncode == 0:
            try:
                versions = json.loads(shown.stdout)
            except ValueError:
                return {}
            return {v["version"]: v.get("properties", {}).get("commit") for v in versions
                    if isinstance(v, dict) and v.get("properties", {}).get("commit")}
    return {}


def _commit(root: Path, ref: str) -> str | None:
    found = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return found.stdout.decode().strip() if found.returncode == 0 else None


def _extract(root: Path, commit: str, target: Path) -> None:
    """The commit's ``content/`` and ``cohorts/`` as files under ``target``."""
    listed = git(root, "ls-tree", "--name-only", commit).stdout.decode().split()
    paths = [p for p in (CONTENT_DIR, COHORTS_DIR) if p in listed]
    if not paths:
        return
    archive = git(root, "archive", "--format=tar", commit, "--", *paths)
    if archive.returncode != 0:
        raise ChangesError(f"git archive {commit[:7]} feilet: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")  # nothing outside target, no links out


def at_commit(root: Path, commit: str, cohort_id: str | None, registry: Registry,
              ) -> tuple[str | None, dict[str, Summary]]:
    """The published items at ``commit`` for ``cohort_id`` (None: that commit's newest
    cohort), and the id of the cohort they are for."""
    cache = root / CACHE_DIR / f"{commit}-{cohort_id or 'nyeste'}.json"
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return data["cohort"], {i: Summary(i, s["title"], s["fields"]) for i, s in data["items"].items()}
    with tempfile.TemporaryDirectory(prefix="toolkit-changes-") as scratch:
        _extract(root, commit, Path(scratch))
        cohorts, _ = load_cohorts(Path(scratch))
        cohort = newest(cohorts) if cohort_id is None else cohorts.get(cohort_id)
        if cohort_id is not None and cohort is None:
            raise ChangesError(f"kullet «{cohort_id}» finnes ikke i commit {commit[:7]}")
        items = summaries(load_items(Path(scratch), registry, Cache())[0], cohort, registry)
    found = cohort.id if cohort else None
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"cohort": found, "items": {i: s.to_json() for i, s in items.items()}},
                                ensure_ascii=False), encoding="utf-8")
    return found, items


def snapshot(root: Path, spec: str, registry: Registry, items: list[Item] | None = None,
             cohorts: dict[str, Cohort] | None = None, known: dict[str, Summary] | None = None) -> Snapshot:
    """One side of ``toolkit changes``: a cohort id (released or not) or a git ref.

    ``items`` and ``cohorts`` are the working tree's, when the caller has loaded them, and
    ``known`` the summaries already made of those items."""
    if cohorts is None:
        cohorts, _ = load_cohorts(root)
    if spec in cohorts:
        cohort = cohorts[spec]
        commit = released_commits(root).get(spec)
        if commit is not None and _commit(root, commit):
            _, found = at_commit(root, commit, spec, registry)
            return Snapshot(f"{cohort.title} ({spec}), utgitt fra {commit[:7]}", found)
        if items is None:
            items = load_items(root, registry, Cache.for_project(root))[0]
        return Snapshot(f"{cohort.title} ({spec}), arbeidskopien", summaries(items, cohort, registry, known))
    commit = _commit(root, spec)
    if commit is None:
        names = ", ".join(sorted(cohorts)) or "ingen"
        raise ChangesError(f"«{spec}» er verken et kull (kjente: {names}) eller en git-ref")
    cohort_id, found = at_commit(root, commit, None, registry)
    where = f"kull {cohort_id}" if cohort_id else "ingen kull"
    return Snapshot(f"{spec} ({commit[:7]}, {where})", found)


def previous_cohort(cohort: Cohort, cohorts: dict[str, Cohort]) -> Cohort | None:
    """The cohort that started last before ``cohort`` did."""
    earlier = [c for c in cohorts.values() if (c.meta.start, c.id) < (cohort.meta.start, cohort.id)]
    return max(earlier, key=lambda c: (c.meta.start, c.id), default=None)


def since_previous(root: Path, registry: Registry, items: list[Item], cohort: Cohort | None,
                   cohorts: dict[str, Cohort]) -> tuple[Cohort | None, Changes | None]:
    """For a cohort's page «Nytt i dette kullet»: its previous cohort and what changed
    since (None, None for the first cohort; None changes when it cannot be told)."""
    if cohort is None:
        return None, None
    previous = previous_cohort(cohort, cohorts)
    if previous is None:
        return None, None
    after = Snapshot(cohort.title, summaries(items, cohort, registry))
    try:
        before = snapshot(root, previous.id, registry, items, cohorts, after.items)
    except ChangesError:
        return previous, None
    return previous, compare(before, after, registry)


def report(changes: Changes) -> str:
    """``toolkit changes`` for people: one line per item, grouped, in Norwegian."""
    out = [f"Fra {changes.before.label}", f"til {changes.after.label}:", ""]
    if changes.empty:
        return "\n".join(out + ["Ingen sider er lagt til, fjernet eller endret."])
    for heading, group, sign in (("Nye", changes.added, "+"), ("Fjernet", changes.removed, "-")):
        if group:
            out.append(f"{heading} ({len(group)}):")
            out += [f"  {sign} {s.id}  «{s.title}»" for s in group]
            out.append("")
    if changes.changed:
        out.append(f"Endret ({len(changes.changed)}):")
        out += [f"  ~ {s.id}  «{s.title}»: {', '.join(SUBSTANCE[f] for f in fields)}"
                for s, fields in changes.changed]
    return "\n".join(out).rstrip()
