"""The ``toolkit`` command: what editors and CI run.

MkDocs and mike are run as subprocesses, so this package never imports them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template
from typing import Any

from .layout import CONTENT_DIR, STALE_MONTHS
from .problems import ContentError, errors_in, format_problems
from .publish import builder
from .publish.files import SITE, UnsafeTarget, check_target, replace_dir, staging_dir
from .slug import slugify

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


def cmd_check(args: argparse.Namespace) -> int:
    from . import pipeline, reports
    from .content import stale, unused_themes

    content = pipeline.load(args.root)
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
        overdue = stale.stale_items(content.items, dt.date.today(), months)
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
    from .collections import registry

    collections = registry()
    collection = collections.get(args.collection)
    if collection is None:
        print(f"toolkit new: ukjent samling «{args.collection}» (samlingene er {', '.join(collections.ids)})",
              file=sys.stderr)
        return 2
    slug = slugify(args.title)
    if not slug:
        print("toolkit new: tittelen gir ingen gyldig slug", file=sys.stderr)
        return 2
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
    values = {"title": json.dumps(args.title, ensure_ascii=False)[1:-1], "today": dt.date.today().isoformat()}
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


def mkdocs_build(root: Path, site_dir: Path, cohort: str | None) -> int:
    """Run a strict build of one cohort into ``site_dir``, with MkDocs or ProperDocs
    (``toolkit.publish.builder``)."""
    env = builder.environment()
    if cohort:
        env["TOOLKIT_COHORT"] = cohort
    command = builder.command("build", "--strict", "--clean", "--config-file", str(root / "mkdocs.yml"),
                              "--site-dir", str(site_dir), environ=env)
    return subprocess.run(command, cwd=root, env=env).returncode


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a temporary folder and swap it in only when the build succeeded.

    The pipeline runs once, in MkDocs' process (the hook), which lists content errors
    and warnings as ``toolkit check`` does: running it here first as well doubled the
    cost of a build with hours of captions (issue 9)."""
    try:
        target = check_target(args.root, args.root / args.site_dir, SITE)
    except UnsafeTarget as exc:
        print(f"toolkit build: {exc}", file=sys.stderr)
        return 2
    try:
        builder.builder()
    except builder.BuilderError as exc:
        print(f"toolkit build: {exc}", file=sys.stderr)
        return 2
    staging = staging_dir(target)
    try:
        if mkdocs_build(args.root, staging, args.cohort) != 0:
            print("Byggingen feilet; ingenting er publisert.", file=sys.stderr)
            return 1
        replace_dir(staging, target, SITE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Nettstedet er bygget i {os.path.relpath(target, Path.cwd())}/", file=sys.stderr)
    return 0


def cmd_export_markdown(args: argparse.Namespace) -> int:
    """Write the generated site as plain Markdown plus an mkdocs.yml without our hooks."""
    from .publish.export_markdown import export_markdown

    try:
        export_markdown(args.root, Path(args.dir), args.cohort)
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

    return release(args.root, args.cohort, replace=args.replace, push=args.push, remote=args.remote)


def cmd_export(args: argparse.Namespace) -> int:
    """Write every released version as a plain tree for the web server."""
    from .publish.export import ExportError, export

    try:
        versions = export(args.root, Path(args.dir))
    except UnsafeTarget as exc:
        print(f"toolkit export: {exc}", file=sys.stderr)
        return 2
    except ExportError as exc:
        print(f"toolkit export: {exc}", file=sys.stderr)
        return 1
    titles = ", ".join(v["title"] for v in versions) or "ingen"
    print(f"Eksporterte {len(versions)} kull ({titles}) til {args.dir}/", file=sys.stderr)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Items added, removed and changed in substance between two cohorts or git refs."""
    import json

    from .collections import registry
    from .content import changes

    try:
        collections = registry()
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

    return server.run(args.root, port=args.port, preview_addr=None if args.no_preview else args.preview_addr,
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
    text = config.render(config.cms_config(args.root, backend=backend, site_url=args.site_url,
                                           editorial_workflow=backend is not None))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check compare) the JSON Schemas generated from the models."""
    from .editor import schemas

    directory = Path(args.dir)
    if args.check:
        stale = schemas.stale(directory)
        for name in stale:
            print(f"{directory / name}: utdatert; kjør «toolkit schema {args.dir}»", file=sys.stderr)
        return 1 if stale else 0
    for path in schemas.write(directory):
        print(path)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _foreground(command: list[str], **options: Any) -> int:
    """Run a server until it stops. Ctrl+C in the terminal reaches it as well as us (one
    process group): it shuts down by itself, and we wait for it instead of dying with a
    traceback while it is still writing its last lines."""
    process = subprocess.Popen(command, **options)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the working tree (``make serve``), or with --versions every released cohort
    exactly as ``toolkit export`` gives it to the web server, served by nginx with the
    project's own server block (``deploy/nginx/``) when Debian's nginx is installed.

    The preview is MkDocs' (or ProperDocs') server in its ``--dirty`` mode: after a save it
    rebuilds only the pages that changed (toolkit/mkdocs_plugin/preview.py chooses them)."""
    host, _, port = args.dev_addr.rpartition(":")
    if not args.versions:
        env = builder.environment({**os.environ, **({"TOOLKIT_COHORT": args.cohort} if args.cohort else {})})
        try:
            command = builder.command("serve", "--dirty", "--livereload", "--dev-addr", args.dev_addr,
                                      "--config-file", str(args.root / "mkdocs.yml"), environ=env)
        except builder.BuilderError as exc:
            print(f"toolkit serve: {exc}", file=sys.stderr)
            return 2
        return _foreground(command, cwd=args.root, env=env)
    from .publish.export import ExportError, export
    from .publish.nginx import Nginx, NginxError, find_nginx

    with tempfile.TemporaryDirectory(prefix="toolkit-versions-") as scratch:
        site = Path(scratch) / "site"
        try:
            versions = export(args.root, site)
        except ExportError as exc:
            print(f"toolkit serve: {exc}", file=sys.stderr)
            return 1
        titles = ", ".join(v["title"] for v in versions)
        signal.signal(signal.SIGTERM, _interrupt)  # stopped by a process manager: clean up too
        if find_nginx() is not None:
            # Said before nginx answers, so that whoever sees the address has seen the line.
            print(f"Utgitte kull ({titles}) på http://{args.dev_addr}/, servert av nginx med "
                  f"deploy/nginx/verktoykassa.conf – avslutt med Ctrl+C", file=sys.stderr, flush=True)
            server = Nginx(args.root, site, int(port), host or "127.0.0.1")
            try:
                server.start()
                server.wait()
            except NginxError as exc:
                print(f"toolkit serve: {exc}", file=sys.stderr)
                return 1
            except KeyboardInterrupt:
                pass
            finally:
                server.stop()
            return 0
        print("toolkit serve: nginx er ikke installert (Debian-pakken nginx); bruker Pythons enkle "
              "webserver i stedet, uten komprimering, hurtigbuffer-hoder og Content-Security-Policy.",
              file=sys.stderr)
        return _python_server(site, host or "127.0.0.1", int(port), args.dev_addr, titles)


def _python_server(site: Path, host: str, port: int, address: str, titles: str) -> int:
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    with ThreadingHTTPServer((host, port), handler) as server:
        print(f"Utgitte kull ({titles}) på http://{address}/ – avslutt med Ctrl+C", file=sys.stderr)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def months(text: str) -> int:
    """``--months``: a whole number of months, at least one."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et helt antall måneder (minst 1)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="toolkit", description="Verktøykassas verktøy for redaktører.")
    top.add_argument("--root", type=Path, default=None, help="prosjektmappen (standard: finnes selv)")
    sub = top.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="sjekk alt innhold; skriver fil:linje: melding")
    check.add_argument("--stale", action="store_true",
                       help="list også sider som ikke er gjennomgått på en stund")
    check.add_argument("--months", type=months, default=None, metavar="N",
                       help=f"hvor mange måneder som er «en stund» (standard: {STALE_MONTHS})")
    check.add_argument("--format", choices=CHECK_FORMATS, default="text",
                       help="text (fil:linje: melding), json, github (merknader i GitHub Actions) "
                            "eller gitlab (Code Quality-rapport for GitLab)")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="lag et nytt element fra malen")
    new.add_argument("collection", help="samlingen, som ovelser, teori, opptak, historier eller moteplaner")
    new.add_argument("title")
    new.set_defaults(func=cmd_new)

    build = sub.add_parser("build", help="bygg nettstedet strengt til site/")
    build.add_argument("--cohort", default=None, help="kullets id (standard: nyeste kull)")
    build.add_argument("--site-dir", default="site",
                       help="mappen nettstedet bygges i (standard: site); aldri en av prosjektets mapper")
    build.set_defaults(func=cmd_build)

    export_md = sub.add_parser("export-markdown", help="skriv de genererte sidene som Markdown")
    export_md.add_argument("dir")
    export_md.add_argument("--cohort", default=None)
    export_md.set_defaults(func=cmd_export_markdown)

    release = sub.add_parser("release", help="gi ut et kull som en egen versjon på gh-pages (med mike)")
    release.add_argument("cohort", help="kullets id, som 2026-host")
    release.add_argument("--replace", action="store_true", help="bygg et kull som allerede er utgitt, på nytt")
    release.add_argument("--push", action="store_true", help="send gh-pages til fjernrepoet etterpå")
    release.add_argument("--remote", default="origin", help="fjernrepoet for --push (standard: origin)")
    release.set_defaults(func=cmd_release)

    export = sub.add_parser("export", help="skriv alle utgitte kull som filer til webserveren")
    export.add_argument("dir")
    export.set_defaults(func=cmd_export)

    changes = sub.add_parser("changes", help="hva som er nytt, fjernet og endret mellom to kull eller git-referanser")
    changes.add_argument("before", metavar="FRA", help="et kull (som 2026-var) eller en git-ref")
    changes.add_argument("after", metavar="TIL", help="et kull (som 2026-host) eller en git-ref")
    changes.add_argument("--format", choices=("text", "json"), default="text")
    changes.set_defaults(func=cmd_changes)

    edit = sub.add_parser("edit", help="skjemaet i nettleseren (Decap CMS) og forhåndsvisningen, på denne maskinen")
    edit.add_argument("--port", type=int, default=8001, help="porten til skjemaet (standard: 8001)")
    edit.add_argument("--preview-addr", default="127.0.0.1:8000", help="forhåndsvisningen (standard: 127.0.0.1:8000)")
    edit.add_argument("--no-preview", action="store_true", help="uten forhåndsvisning")
    edit.add_argument("--no-commit", action="store_true", help="lagre filene uten å committe dem")
    edit.add_argument("--no-browser", action="store_true", help="ikke åpne nettleseren")
    edit.set_defaults(func=cmd_edit)

    cms = sub.add_parser("cms-config", help="skriv konfigurasjonen til Decap CMS, laget fra modellene")
    cms.add_argument("--output", default=None, help="filen den skrives til (standard: skjermen)")
    cms.add_argument("--site-url", default="http://127.0.0.1:8000/", help="nettstedet forhåndsvisningen lenker til")
    cms.add_argument("--gitlab", default=None, metavar="GRUPPE/PROSJEKT", help="GitLab-backend med arbeidsflyt")
    cms.add_argument("--gitlab-url", default=None, help="adressen til GitLab, som https://gitlab.example.org")
    cms.add_argument("--app-id", default=None, help="id-en til OAuth-applikasjonen i GitLab")
    cms.add_argument("--branch", default="main", help="grenen endringene flettes inn i (standard: main)")
    cms.set_defaults(func=cmd_cms_config)

    schema = sub.add_parser("schema", help="skriv JSON Schema for front matter, temaer og kull til en mappe")
    schema.add_argument("dir", help="mappen skjemaene skrives til, som schemas")
    schema.add_argument("--check", action="store_true", help="bare sjekk at skjemaene i mappen er oppdatert")
    schema.set_defaults(func=cmd_schema)

    serve = sub.add_parser("serve", help="forhåndsvis arbeidskopien, eller alle utgitte kull med --versions")
    serve.add_argument("--versions", action="store_true", help="vis alle utgitte kull slik webserveren får dem")
    serve.add_argument("--cohort", default=None, help="kullet som forhåndsvises (standard: nyeste kull)")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="adresse:port (standard: 127.0.0.1:8000)")
    serve.set_defaults(func=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = find_root(args.root)
    try:
        return args.func(args)
    except KeyboardInterrupt:  # Ctrl+C: the command says what it left as it was, not a traceback
        print("\nAvbrutt.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
