"""The ``toolkit`` command: what editors and CI run.

MkDocs and mike are run as subprocesses, so this package never imports them. ``main``
reads the run's settings once (``toolkit.settings``: the command line over the
environment) and hands them to the command, which hands them on.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, NoReturn

from . import addresses, builder, processes
from .layout import CONTENT_DIR, STALE_MONTHS
from .problems import ContentError, errors_in, format_problems
from .settings import Settings, SettingsError, current
from .slug import is_slug, slugify
from .writing import (
    CMS_CONFIG,
    SITE,
    UnsafeTarget,
    check_file,
    check_folder,
    made_by,
    overwrites,
    reason,
    remove_leftovers,
    replace_dir,
    shown,
    staging_dir,
)

if TYPE_CHECKING:  # for types only: the command starts without the content package
    from .content.collection import Registry

# Only what every command needs is imported here: `toolkit build` and `toolkit serve` just
# start MkDocs, whose hook imports the pipeline, so importing it here too cost each build
# a quarter of a second (issue 9). Commands that run the pipeline import it themselves.

# toolkit.reports.FORMATS, named here so that `toolkit --help` does not import the reports.
CHECK_FORMATS = ("text", "json", "github", "gitlab")


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder upwards that has ``mkdocs.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise SystemExit("toolkit: fant ikke mkdocs.yml i denne mappen eller over den")


def _registry(settings: Settings) -> Registry:
    """The collections of this run: the package's own and those the settings name."""
    from .collections import registry

    return registry(settings.collections)


def cmd_check(args: argparse.Namespace) -> int:
    from . import pipeline, reports
    from .content import stale, unused_themes

    settings: Settings = args.settings
    content = pipeline.load(args.root, _registry(settings), today=settings.build_date)
    problems = sorted(set(content.problems + unused_themes(content)))
    text = args.format == "text"
    if problems and text:
        print(format_problems(problems))
    errors = errors_in(problems)
    summary = f"{len(errors)} feil, {len(problems) - len(errors)} advarsler"
    print(("Innholdet er i orden" if not errors else "Innholdet har feil") + f" ({summary}).",
          file=sys.stderr)
    overdue = []
    if args.stale or args.months is not None:  # overdue reviews are listed, never an error
        months = args.months if args.months is not None else STALE_MONTHS
        overdue = stale.stale_items(content.items, settings.build_date, months)
        if overdue and text:
            print(format_problems(overdue))
        print(stale.summary(len(overdue), months), file=sys.stderr)
    if not text:  # one document for machines: every problem, overdue reviews included
        report = reports.render(problems + overdue, args.format)
        if report:
            print(report)
    return 1 if errors else 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new item from its collection's template, marked as a draft."""
    collections = _registry(args.settings)
    collection = collections.get(args.collection)
    if collection is None:
        print(f"toolkit new: ukjent samling «{args.collection}» (samlingene er {', '.join(collections.ids)})",
              file=sys.stderr)
        return 2
    slug = slugify(args.title)
    if not slug:
        print("toolkit new: tittelen gir ingen gyldig slug", file=sys.stderr)
        return 2
    if len(slug) > MAX_SLUG:
        slug = shorten_slug(slug)
        print(f"toolkit new: tittelen er lang, så filnavnet er forkortet til «{slug}» (høyst {MAX_SLUG} tegn); "
              "tittelen på siden er hele", file=sys.stderr)
    if collection.is_reserved(slug):
        print(f"toolkit new: {collection.reserved_message(slug)}", file=sys.stderr)
        return 2
    folder = args.root / CONTENT_DIR / collection.id
    target = folder / slug / "index.md" if collection.bundle else folder / f"{slug}.md"
    if target.exists() or (folder / f"{slug}.md").exists() or (folder / slug).exists():
        print(f"toolkit new: {target.relative_to(args.root)} finnes allerede", file=sys.stderr)
        return 1
    # The title goes between double quotes in the template: JSON's escapes are YAML's too,
    # so a quote, a backslash or a line break in it cannot break the front matter.
    values = {"title": json.dumps(args.title, ensure_ascii=False)[1:-1], "today": args.settings.build_date.isoformat()}
    target.parent.mkdir(parents=True, exist_ok=True)
    if collection.template.is_dir():  # a bundle: copy every file of the template folder
        for source in sorted(collection.template.iterdir()):
            text = Template(source.read_text(encoding="utf-8")).safe_substitute(values)
            (target.parent / source.name).write_text(text, encoding="utf-8")
    else:
        text = Template(collection.template.read_text(encoding="utf-8")).safe_substitute(values)
        target.write_text(text, encoding="utf-8")
    print(target.relative_to(args.root))
    return 0


# A file name of at most this many characters before ".md" (a bundle's folder the same):
# far below the file system's 255 bytes, and still a readable address.
MAX_SLUG = 80


def shorten_slug(slug: str, limit: int = MAX_SLUG) -> str:
    """``slug`` cut to at most ``limit`` characters, at a hyphen where there is one."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else ""
    return (cut if cut and len(cut) >= limit // 2 else slug[:limit]).strip("-")


def mkdocs_build(root: Path, site_dir: Path, settings: Settings) -> int:
    """Run a strict build of the settings' cohort into ``site_dir``, with MkDocs or
    ProperDocs (``toolkit.builder``), as a child that dies with this process."""
    command = builder.command(settings, "build", "--strict", "--clean", "--config-file", str(root / "mkdocs.yml"),
                              "--site-dir", str(site_dir))
    return processes.run_foreground(command, cwd=root, env=builder.environment(settings))


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a staging folder beside the target and swap it in only when the build
    succeeded; a staging folder that a killed build left there goes first.

    The pipeline runs once, in MkDocs' process (the hook), which lists content errors
    and warnings as ``toolkit check`` does: running it here first as well doubled the
    cost of a build with hours of captions (issue 9)."""
    try:
        target = check_folder(args.root, args.root / args.site_dir, SITE)
    except UnsafeTarget as exc:
        print(f"toolkit build: {exc}", file=sys.stderr)
        return 2
    try:
        builder.builder(args.settings)
    except builder.BuilderError as exc:
        print(f"toolkit build: {exc}", file=sys.stderr)
        return 2
    remove_leftovers(target, SITE)
    with staging_dir(target, SITE) as staging:
        if mkdocs_build(args.root, staging.path, args.settings) != 0:
            print("Byggingen feilet; ingenting er publisert.", file=sys.stderr)
            return 1
        replace_dir(staging, target)
    print(f"Nettstedet er bygget i {os.path.relpath(target, Path.cwd())}/", file=sys.stderr)
    return 0


def cmd_export_markdown(args: argparse.Namespace) -> int:
    """Write the generated site as plain Markdown plus an mkdocs.yml without our hooks."""
    from .publish.export_markdown import export_markdown

    try:
        export_markdown(args.root, args.dir, args.settings, _registry(args.settings))
    except UnsafeTarget as exc:
        print(f"toolkit export-markdown: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Check, build and deploy one cohort as a mike version (see toolkit.publish.release)."""
    from .publish.release import release

    return release(args.root, args.cohort, args.settings, replace=args.replace, push=args.push, remote=args.remote)


def cmd_export(args: argparse.Namespace) -> int:
    """Write every released version as a plain tree for the web server."""
    from .publish.webserver.export import ExportError, export

    try:
        versions = export(args.root, args.dir)
    except UnsafeTarget as exc:
        print(f"toolkit export: {exc}", file=sys.stderr)
        return 2
    except ExportError as exc:
        print(f"toolkit export: {exc}", file=sys.stderr)
        return 1
    titles = ", ".join(v["title"] for v in versions) or "ingen"
    print(f"Eksporterte {len(versions)} kull ({titles}) til {shown(args.dir)}/", file=sys.stderr)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Items added, removed and changed in substance between two cohorts or git refs."""
    import json

    from .content import changes

    try:
        collections = _registry(args.settings)
        found = changes.compare(changes.snapshot(args.root, args.before, collections),
                                changes.snapshot(args.root, args.after, collections), collections)
    except changes.ChangesError as exc:
        print(f"toolkit changes: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    else:
        print(changes.report(found))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """The form in the browser (Decap CMS) with its local backend, beside the preview."""
    from .editor import server

    return server.run(args.root, args.settings, _registry(args.settings), port=args.port,
                      preview_addr=None if args.no_preview else str(args.preview_addr),
                      commit_saves=not args.no_commit, open_browser=not args.no_browser)


def cmd_cms_config(args: argparse.Namespace) -> int:
    """Decap CMS's configuration, generated from the models (for another backend: GitLab)."""
    from .editor import config

    backend = None
    if args.gitlab:
        if not (args.gitlab_url and args.app_id):
            print("toolkit cms-config: --gitlab trenger også --gitlab-url og --app-id", file=sys.stderr)
            return 2
        backend = config.gitlab_backend(args.gitlab, args.gitlab_url, args.app_id, args.branch)
    target = None
    if args.output is not None:  # decided before anything is generated
        try:
            target = check_file(args.root, args.output, CMS_CONFIG, force=args.force)
        except UnsafeTarget as exc:
            print(f"toolkit cms-config: {exc}", file=sys.stderr)
            return 2
    text = config.render(config.cms_config(args.root, backend=backend, site_url=args.site_url,
                                           editorial_workflow=backend is not None,
                                           registry=_registry(args.settings)))
    if target is None:
        print(text, end="")
        return 0
    if overwrites(target, CMS_CONFIG):
        print(f"toolkit cms-config: overskriver «{shown(args.output)}» (--force)", file=sys.stderr)
    target.write_text(f"# {CMS_CONFIG.file_mark} (laget fra modellene; endringer her blir overskrevet)\n"
                      + text, encoding="utf-8")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check compare) the JSON Schemas generated from the models."""
    from .editor import schemas

    directory = Path(args.dir)
    try:
        directory.exists()
    except OSError as exc:  # a name too long: before anything is read or written
        print(f"toolkit schema: «{shown(directory)}» kan ikke brukes: {reason(exc)}", file=sys.stderr)
        return 2
    if args.check:
        if directory.exists() and not directory.is_dir():
            print(f"toolkit schema: «{shown(directory)}» er ikke en mappe", file=sys.stderr)
            return 2
        stale = schemas.stale(directory, _registry(args.settings))
        for name in stale:
            print(f"{directory / name}: utdatert; kjør «toolkit schema {args.dir}»", file=sys.stderr)
        return 1 if stale else 0
    if directory.exists() and not directory.is_dir():
        print(f"toolkit schema: «{shown(directory)}» er en fil, ikke en mappe; oppgi mappen skjemaene skal i",
              file=sys.stderr)
        return 2
    try:
        written = schemas.write(args.root, directory, _registry(args.settings), force=args.force)
    except UnsafeTarget as exc:
        print(f"toolkit schema: {exc}", file=sys.stderr)
        return 2
    for path, replaced in written:
        print(path)
        if replaced:
            print(f"toolkit schema: overskrev «{shown(path)}» (--force)", file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _say_busy(command: str, where: addresses.Address, option: str) -> int | None:
    """2 after one Norwegian line when nothing can listen on ``where``; None when free."""
    failure = addresses.failure(where)
    if failure is None:
        return None
    number, why = failure
    # A port that is free now, and not the one the form takes (`make edit` beside the preview).
    other = (addresses.free_after(where, avoid=frozenset({addresses.EDITOR_PORT}))
             if number == errno.EADDRINUSE else None)
    print(f"toolkit {command}: {why}; velg en annen med {option}, som {option} {other}"
          if other is not None else f"toolkit {command}: {why}", file=sys.stderr)
    return 2


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the working tree (``make serve``), or with --versions every released cohort
    exactly as ``toolkit export`` gives it to the web server, served by nginx with the
    project's own server block (``deploy/nginx/``) when Debian's nginx is installed.

    The preview is MkDocs' (or ProperDocs') server in its ``--dirty`` mode: after a save it
    rebuilds only the pages that changed (toolkit/mkdocs_plugin/preview.py chooses them).
    Either server is a child that dies with this command (``toolkit.processes``), and the
    port is tried before it starts."""
    where: addresses.Address = args.dev_addr
    settings: Settings = args.settings
    if not args.versions:
        try:
            command = builder.command(settings, "serve", "--dirty", "--livereload", "--dev-addr", str(where),
                                      "--config-file", str(args.root / "mkdocs.yml"))
        except builder.BuilderError as exc:
            print(f"toolkit serve: {exc}", file=sys.stderr)
            return 2
        busy = _say_busy("serve", where, "--dev-addr")
        if busy is not None:
            return busy
        return processes.run_foreground(command, cwd=args.root, env=builder.environment(settings))
    from .publish.webserver.export import ExportError, export
    from .publish.webserver.nginx import Nginx, NginxError, find_nginx

    busy = _say_busy("serve", where, "--dev-addr")
    if busy is not None:
        return busy
    with tempfile.TemporaryDirectory(prefix="toolkit-versions-") as scratch:
        site = Path(scratch) / "site"
        try:
            versions = export(args.root, site)
        except ExportError as exc:
            print(f"toolkit serve: {exc}", file=sys.stderr)
            return 1
        titles = ", ".join(v["title"] for v in versions)
        signal.signal(signal.SIGTERM, _interrupt)  # stopped by a process manager: clean up too
        program = find_nginx(settings)
        if program is not None:
            server = Nginx(program, args.root, site, where.port, where.host)
            try:
                server.start(on_listening=lambda: print(
                    f"Utgitte kull ({titles}) på http://{where}/, servert av nginx med "
                    f"deploy/nginx/verktoykassa.conf – avslutt med Ctrl+C", file=sys.stderr, flush=True))
                code = server.wait()
            except NginxError as exc:
                print(f"toolkit serve: {exc}", file=sys.stderr)
                return 2 if exc.busy else 1
            except KeyboardInterrupt:
                return 0
            finally:
                server.stop()
            if code != 0:
                print(f"toolkit serve: nginx stoppet med kode {code}: {server.last_error()}", file=sys.stderr)
                return 1
            return 0
        print("toolkit serve: nginx er ikke installert (Debian-pakken nginx); bruker Pythons enkle "
              "webserver i stedet, uten komprimering, hurtigbuffer-hoder og Content-Security-Policy.",
              file=sys.stderr)
        return _python_server(site, where, titles)


def _python_server(site: Path, where: addresses.Address, titles: str) -> int:
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    try:
        server = ThreadingHTTPServer((where.host, where.port), handler)
    except OSError as exc:
        print(f"toolkit serve: kan ikke lytte på {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    with server:
        print(f"Utgitte kull ({titles}) på http://{where}/ – avslutt med Ctrl+C", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


# --- toolkit clean -----------------------------------------------------------------------

# What `toolkit clean` removes besides site/ and its leftovers: the toolkit's own caches,
# listed one by one (never .cache/ as a whole: other tools and people keep files there).
# Each is the folder of a constant in the package (tests/test_clean.py holds them equal):
# toolkit.content.cache.CAPTIONS_DIR, toolkit.content.changes.CACHE_DIR, the preview's
# STORE_DIR, TEMPLATE_CACHE_DIR and TRIGGER_DIR (toolkit.mkdocs_plugin.preview), and the
# Decap CMS bundle `make edit` fetches (toolkit.editor.server.DECAP_DIST's parent).
CACHES = (".cache/toolkit/captions", ".cache/toolkit/changes", ".cache/toolkit/preview", ".cache/decap-cms")


def cmd_clean(args: argparse.Namespace) -> int:
    """Remove what the toolkit made here, and nothing else: site/ when it carries the build's
    marker, staging folders a killed build left beside it, and the toolkit's caches."""
    root = args.root
    removed: list[str] = []
    site = root / "site"
    if site.is_dir() and not site.is_symlink():
        if made_by(site, SITE) or not any(site.iterdir()):
            shutil.rmtree(site)
            removed.append("site/")
        else:
            print(f"toolkit clean: lar «{shown(site)}» stå: den er ikke laget av «{SITE.command}»", file=sys.stderr)
    removed += [f"{path.name}/" for path in remove_leftovers(site, SITE)]
    for name in CACHES:
        cache = root / name
        if cache.is_dir() and not cache.is_symlink():
            shutil.rmtree(cache)
            removed.append(f"{name}/")
    for name in (".cache/toolkit", ".cache"):  # only when nothing else is left in them
        try:
            (root / name).rmdir()
        except OSError:
            pass
    print(f"Fjernet {', '.join(removed)}" if removed else "Ingenting å fjerne.", file=sys.stderr)
    return 0


# --- options: every value checked before it is used --------------------------------------

MAX_MONTHS = 1200  # a hundred years: anything more is a typo (and past the calendar's start)


def months(text: str) -> int:
    """``--months``: a whole number of months, at least one."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_MONTHS:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et helt antall måneder fra 1 til {MAX_MONTHS}")
    return int(text)


def port(text: str) -> int:
    try:
        return addresses.port_number(text)
    except addresses.AddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def address(text: str) -> addresses.Address:
    try:
        return addresses.address(text)
    except addresses.AddressError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cohort_id(text: str) -> str:
    """A cohort's id as its file is named: a slug, like 2026-host."""
    if not is_slug(text):
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en kull-id (små bokstaver, tall og bindestreker, "
                                         "som 2026-host)")
    return text


_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def git_word(text: str) -> str:
    """A value handed on to git or mike (a remote, a ref, a branch): never an option of
    theirs (it may not begin with «-»), never blanks or control characters."""
    if not text or text.startswith("-") or _CONTROL.search(text):
        raise argparse.ArgumentTypeError(f"«{text}» kan ikke brukes her: den kan ikke begynne med «-» eller "
                                         "inneholde mellomrom eller kontrolltegn")
    return text


def web_address(text: str) -> str:
    """An http(s) address (the site, GitLab)."""
    if not re.match(r"^https?://[^\s/?#]+", text) or _CONTROL.search(text):
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en nettadresse som begynner med https:// eller http://")
    return text


def text_value(text: str) -> str:
    """A line of text: not empty, no control characters."""
    if not text.strip() or re.search(r"[\x00-\x1f\x7f]", text):
        raise argparse.ArgumentTypeError("verdien er tom eller har kontrolltegn")
    return text


# argparse's own messages, in Norwegian: its wording, our words.
_ARGPARSE_NORWEGIAN = (
    (re.compile(r"^the following arguments are required: (.*)$"), "mangler {0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "ukjent valg eller argument: {0}"),
    (re.compile(r"^argument KOMMANDO: invalid choice: '?(.*?)'? \(choose from (.*)\)$"),
     "ukjent kommando «{0}» (kommandoene er {1})"),
    (re.compile(r"^argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)$"),
     "{0}: ukjent valg «{1}» (velg blant {2})"),
    (re.compile(r"^argument (\S+): expected one argument$"), "{0} trenger en verdi"),
    (re.compile(r"^argument (\S+): ignored explicit argument '(.*)'$"), "{0} tar ingen verdi (fikk «{1}»)"),
    (re.compile(r"^argument (\S+): (.*)$"), "{0}: {1}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "{0} kan bety flere valg: {1}"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "bruk: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its errors as one Norwegian line (and exit code 2), and its help's own
    words in Norwegian."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False, "formatter_class": _Formatter})
        self._positionals.title, self._optionals.title = "argumenter", "valg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")

    def error(self, message: str) -> NoReturn:
        for pattern, norwegian in _ARGPARSE_NORWEGIAN:
            match = pattern.match(message)
            if match:
                message = norwegian.format(*match.groups())
                break
        self.exit(2, f"{self.prog}: {message} (se «{self.prog} --help»)\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="toolkit", description="Verktøykassas verktøy for redaktører.")
    top.add_argument("--root", type=Path, default=None, help="prosjektmappen (standard: finnes selv)")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser, title="kommandoer",
                             metavar="KOMMANDO")

    check = sub.add_parser("check", help="sjekk alt innhold; skriver fil:linje: melding")
    check.add_argument("--stale", action="store_true",
                       help="list også sider som ikke er gjennomgått på en stund")
    check.add_argument("--months", type=months, default=None, metavar="N",
                       help=f"hvor mange måneder som er «en stund» (standard: {STALE_MONTHS}, høyst {MAX_MONTHS})")
    check.add_argument("--format", choices=CHECK_FORMATS, default="text",
                       help="text (fil:linje: melding), json, github (merknader i GitHub Actions) "
                            "eller gitlab (Code Quality-rapport for GitLab)")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="lag et nytt element fra malen")
    new.add_argument("collection", help="samlingen, som ovelser, teori, opptak, historier eller moteplaner")
    new.add_argument("title", type=text_value,
                     help=f"tittelen; filnavnet lages av den (høyst {MAX_SLUG} tegn, forkortet ved behov)")
    new.set_defaults(func=cmd_new)

    build = sub.add_parser("build", help="bygg nettstedet strengt til site/")
    build.add_argument("--cohort", type=cohort_id, default=None, help="kullets id (standard: nyeste kull)")
    build.add_argument("--site-dir", type=Path, default=Path("site"),
                       help="mappen nettstedet bygges i (standard: site); ny, tom eller bygget av toolkit build før")
    build.set_defaults(func=cmd_build)

    export_md = sub.add_parser("export-markdown", help="skriv de genererte sidene som Markdown")
    export_md.add_argument("dir", type=Path, help="ny, tom eller skrevet av toolkit export-markdown før")
    export_md.add_argument("--cohort", type=cohort_id, default=None)
    export_md.set_defaults(func=cmd_export_markdown)

    release = sub.add_parser("release", help="gi ut et kull som en egen versjon på gh-pages (med mike)")
    release.add_argument("cohort", type=cohort_id, help="kullets id, som 2026-host")
    release.add_argument("--replace", action="store_true", help="bygg et kull som allerede er utgitt, på nytt")
    release.add_argument("--push", action="store_true", help="send gh-pages til fjernrepoet etterpå")
    release.add_argument("--remote", type=git_word, default="origin",
                         help="fjernrepoet for --push (standard: origin)")
    release.set_defaults(func=cmd_release)

    export = sub.add_parser("export", help="skriv alle utgitte kull som filer til webserveren")
    export.add_argument("dir", type=Path, help="ny, tom eller skrevet av toolkit export før")
    export.set_defaults(func=cmd_export)

    changes = sub.add_parser("changes", help="hva som er nytt, fjernet og endret mellom to kull eller git-referanser")
    changes.add_argument("before", type=git_word, metavar="FRA", help="et kull (som 2026-var) eller en git-ref")
    changes.add_argument("after", type=git_word, metavar="TIL", help="et kull (som 2026-host) eller en git-ref")
    changes.add_argument("--format", choices=("text", "json"), default="text")
    changes.set_defaults(func=cmd_changes)

    edit = sub.add_parser("edit", help="skjemaet i nettleseren (Decap CMS) og forhåndsvisningen, på denne maskinen")
    edit.add_argument("--port", type=port, default=addresses.EDITOR_PORT,
                      help=f"porten til skjemaet (standard: {addresses.EDITOR_PORT})")
    edit.add_argument("--preview-addr", type=address, default=addresses.address(addresses.PREVIEW),
                      help=f"forhåndsvisningen (standard: {addresses.PREVIEW})")
    edit.add_argument("--no-preview", action="store_true", help="uten forhåndsvisning")
    edit.add_argument("--no-commit", action="store_true", help="lagre filene uten å committe dem")
    edit.add_argument("--no-browser", action="store_true", help="ikke åpne nettleseren")
    edit.set_defaults(func=cmd_edit)

    cms = sub.add_parser("cms-config", help="skriv konfigurasjonen til Decap CMS, laget fra modellene")
    cms.add_argument("--output", type=Path, default=None,
                     help="filen den skrives til (standard: skjermen); ny, eller skrevet av toolkit cms-config før")
    cms.add_argument("--force", action="store_true",
                     help="overskriv filen i --output selv om den ikke er skrevet av toolkit cms-config")
    cms.add_argument("--site-url", type=web_address, default="http://127.0.0.1:8000/",
                     help="nettstedet forhåndsvisningen lenker til")
    cms.add_argument("--gitlab", type=text_value, default=None, metavar="GRUPPE/PROSJEKT",
                     help="GitLab-backend med arbeidsflyt")
    cms.add_argument("--gitlab-url", type=web_address, default=None,
                     help="adressen til GitLab, som https://gitlab.example.org")
    cms.add_argument("--app-id", type=text_value, default=None, help="id-en til OAuth-applikasjonen i GitLab")
    cms.add_argument("--branch", type=git_word, default="main", help="grenen endringene flettes inn i (standard: main)")
    cms.set_defaults(func=cmd_cms_config)

    schema = sub.add_parser("schema", help="skriv JSON Schema for front matter, temaer og kull til en mappe")
    schema.add_argument("dir", help="mappen skjemaene skrives til, som schemas")
    schema.add_argument("--check", action="store_true", help="bare sjekk at skjemaene i mappen er oppdatert")
    schema.add_argument("--force", action="store_true",
                        help="overskriv skjemafiler i mappen selv om de ikke er skrevet av toolkit schema")
    schema.set_defaults(func=cmd_schema)

    serve = sub.add_parser("serve", help="forhåndsvis arbeidskopien, eller alle utgitte kull med --versions")
    serve.add_argument("--versions", action="store_true", help="vis alle utgitte kull slik webserveren får dem")
    serve.add_argument("--cohort", type=cohort_id, default=None,
                       help="kullet som forhåndsvises (standard: nyeste kull)")
    serve.add_argument("--dev-addr", type=address, default=addresses.address(addresses.PREVIEW),
                       help=f"adresse:port (standard: {addresses.PREVIEW})")
    serve.set_defaults(func=cmd_serve)

    clean = sub.add_parser("clean", help="fjern det verktøyet har laget her: site/ og hurtigbufferne")
    clean.set_defaults(func=cmd_clean)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = find_root(args.root)
    try:  # the command line first (a cohort given by --cohort or named by `release ID`), then the environment
        args.settings = current().given(cohort=getattr(args, "cohort", None))
    except SettingsError as exc:
        print(f"toolkit {args.command}: {exc}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:  # Ctrl+C: the command says what it left as it was, not a traceback
        print("\nAvbrutt.", file=sys.stderr)
        return 130
    except OSError as exc:  # the file system said no (a name too long, no permission): one line
        where = f" «{shown(Path(os.fsdecode(exc.filename)))}»" if exc.filename else ""
        print(f"toolkit {args.command}: kan ikke bruke{where}: {reason(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
