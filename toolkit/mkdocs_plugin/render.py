"""The pages' Markdown converted to HTML on two cores (issue 26).

MkDocs reads the pages one after the other in one process: for each, the ``pre_page``
event, the file, the ``page_markdown`` event, ``Page.render`` (Python-Markdown with the
site's extensions: most of a build's reading), and the ``page_content`` event. Nothing
reads a page's HTML, table of contents or anchors before the ``env`` event, when every
page has been read and MkDocs starts writing (``mkdocs.commands.build``). So a build
hands part of the conversions to a worker process and goes on reading the next page:

- ``Renderer.start`` (the adapter's ``on_nav``, a build only) forks the worker, which
  holds this process's configuration, files and pages as they are then.
- Each page's ``render`` is ours (``Renderer.render``, set on the page in the adapter's
  ``on_page_markdown``). While the worker has fewer than ``AHEAD`` pages waiting it gets
  the page's Markdown, as every plugin left it, and the page carries no HTML for now;
  otherwise this process converts the page itself. The worker takes the share the other
  core can give, whatever else runs there (the captions' parse, Pagefind).
- The worker converts with MkDocs' own ``Page.render`` on its copy of the page, and sends
  back what that set on the page (the HTML, the table of contents, the title found in it,
  its anchors and its links to other pages' anchors) and the log records it made.
- ``Renderer.finish`` (the adapter's ``on_env``, before any other plugin's) waits for the
  last pages, sets what came back on this process's pages, and logs the records again here,
  so a warning (a broken link) counts in strict mode as if this process had logged it. A
  page the worker could not convert (an error, or the worker gone) is converted here, and
  an error in it is MkDocs' usual «Error reading page» and a failed build.

Not done when a plugin reads the HTML in ``page_content`` (none of ours does; the check
keeps it so), in the preview (its rebuilds convert a page or two, beside the server's
threads), with one core, or for fewer than ``PARALLEL_FROM`` pages. The worker dies with
the build (``processes.dies_with_parent``) and ignores Ctrl+C, which the build handles.
``tests/test_render.py`` holds a site built this way to one built in one process, file by
file.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..processes import dies_with_parent

PARALLEL_FROM = 16  # pages; for fewer the worker's start costs more than it saves
AHEAD = 2  # pages the worker may have waiting; past that this process converts the next one
STALLED_SECONDS = 60.0  # no page back for this long: the worker is taken for lost

log = logging.getLogger(f"{mkdocs_build.log.name}.render")

_UNSET = object()  # an attribute the page did not have before ``Page.render``

#: What the worker sends for a page: its source path, what ``Page.render`` set on it (None
#: when it failed), and the log records it made.
Result = tuple[str, dict[str, Any] | None, list[logging.LogRecord]]


def usable(config: MkDocsConfig, files: Files) -> bool:
    """Whether this build converts pages on a second core."""
    pages = sum(1 for _ in files.documentation_pages())
    return (pages >= PARALLEL_FROM and sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1
            and not config.plugins.events["page_content"])


class _Kept(logging.Handler):
    """In the worker: every record logged while a page is converted, made picklable."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if any(kept is record for kept in self.records):  # seen by a second logger's handler
            return
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _keep_records() -> _Kept:
    """In the worker: each logger's handlers replaced by one that keeps the records, so
    nothing is printed twice and the build's process logs them (``Renderer.finish``)."""
    kept = _Kept()
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and logger.handlers:
            logger.handlers = [kept]
    logging.getLogger().handlers = [kept]  # and the records no handler takes (not Python's last resort)
    return kept


def _work(jobs: Connection, results: Connection, config: MkDocsConfig, files: Files,
          die_with_parent: Any) -> None:
    """The worker: convert each page it is sent, until it is sent None."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the build's to handle
    kept = _keep_records()
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):  # the build is gone
            return
        if job is None:
            return
        src_uri, markdown = job
        kept.records = []
        result: Result
        try:
            result = (src_uri, _convert(src_uri, markdown, config, files), kept.records)
        except Exception:  # noqa: BLE001 - the build's process converts it and reports the error
            result = (src_uri, None, [])
        try:
            results.send(result)
        except (OSError, ValueError):  # the build is gone
            return
        except Exception:  # noqa: BLE001 - what it set cannot be sent: the build's process converts it
            results.send((src_uri, None, []))


def _convert(src_uri: str, markdown: str, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    """In the worker: MkDocs' conversion of one page; what it set on the page."""
    file = files.get_file_from_path(src_uri)
    assert file is not None and file.page is not None
    page = file.page
    page.markdown = markdown
    before = dict(vars(page))
    config._current_page = page
    try:
        Page.render(page, config, files)
    finally:
        config._current_page = None
    changed = {name: value for name, value in vars(page).items() if before.get(name, _UNSET) is not value}
    changed.pop("markdown", None)
    links = changed.get("links_to_anchors")
    if links:  # keyed by File: by its path, to find the build's own File
        changed["links_to_anchors"] = {target.src_uri: anchors for target, anchors in links.items()}
    return changed



@dataclass
class Renderer:
    """A build's worker that converts pages, and the pages it has been given."""

    process: multiprocessing.process.BaseProcess
    jobs: Connection
    results: Connection
    given: dict[str, Page] = field(default_factory=dict)  # source path → page, in the order given
    done: dict[str, tuple[dict[str, Any] | None, list[logging.LogRecord]]] = field(default_factory=dict)
    outbox: queue.SimpleQueue[tuple[str, str] | None] = field(default_factory=queue.SimpleQueue)
    changed: threading.Condition = field(default_factory=threading.Condition)
    gone: bool = False  # the worker stopped answering
    threads: list[threading.Thread] = field(default_factory=list)

    @classmethod
    def start(cls, config: MkDocsConfig, files: Files) -> Renderer | None:
        """Fork the worker, or None where converting on one core is the better choice."""
        if not usable(config, files):
            return None
        context = multiprocessing.get_context("fork")
        jobs_read, jobs_write = context.Pipe(duplex=False)
        results_read, results_write = context.Pipe(duplex=False)
        process = context.Process(target=_work, name="toolkit-render", daemon=True,
                                  args=(jobs_read, results_write, config, files, dies_with_parent(signal.SIGKILL)))
        try:
            with warnings.catch_warnings():
                # Python 3.12 warns at any fork of a process that runs threads (the captions'
                # worker pool has two). The worker takes none of their locks: it reads its
                # pipe, converts Markdown, and logs into a handler of its own.
                warnings.filterwarnings("ignore", message=".*fork", category=DeprecationWarning)
                process.start()
        except OSError:  # no process to be had: one core it is
            return None
        jobs_read.close()
        results_write.close()
        renderer = cls(process, jobs_write, results_read)
        renderer.threads = [threading.Thread(target=renderer._send, name="render-send", daemon=True),
                            threading.Thread(target=renderer._receive, name="render-receive", daemon=True)]
        for thread in renderer.threads:
            thread.start()
        return renderer

    def _send(self) -> None:
        while True:
            job = self.outbox.get()
            try:
                self.jobs.send(job)
            except (OSError, ValueError):  # the worker is gone: what it was given is converted here
                self._lost()
                return
            if job is None:
                return

    def _receive(self) -> None:
        while True:
            try:
                result: Result = self.results.recv()
                src_uri, changed, records = result
            except (EOFError, OSError, ValueError, TypeError):
                self._lost()
                return
            with self.changed:
                self.done[src_uri] = (changed, records)
                self.changed.notify_all()

    def _lost(self) -> None:
        with self.changed:
            self.gone = True
            self.changed.notify_all()

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """``page.render`` in this build: the page to the worker while it has room, else here."""
        del page.render  # the page's own method again, for anyone who asks after this build
        with self.changed:
            waiting = len(self.given) - len(self.done)
            room = not self.gone and waiting < AHEAD
        if not room or page.markdown is None:
            page.render(config, files)
            return
        self.given[page.file.src_uri] = page
        self.outbox.put((page.file.src_uri, page.markdown))
        page.content = ""  # MkDocs asks for some; nothing reads it before ``finish``

    def finish(self, config: MkDocsConfig, files: Files) -> None:
        """Wait for the pages the worker was given and set its work on them; log its records."""
        self.outbox.put(None)
        with self.changed:
            seen = -1
            while not (self.gone or len(self.done) == len(self.given)):
                if len(self.done) == seen:  # nothing came back for a long while: convert them here
                    self.gone = True
                    break
                seen = len(self.done)
                self.changed.wait(STALLED_SECONDS)
        converted = 0
        for src_uri, page in self.given.items():
            changed, records = self.done.get(src_uri, (None, []))
            for record in records:
                logging.getLogger(record.name).handle(record)
            if changed is None:
                _render_here(page, config, files)
                continue
            links = changed.get("links_to_anchors")
            if links:  # the build's own File for each path
                changed["links_to_anchors"] = {files.get_file_from_path(path): anchors
                                               for path, anchors in links.items()}
            for name, value in changed.items():
                setattr(page, name, value)
            converted += 1
        log.debug(f"A second process converted {converted} of the pages.")
        self.close()

    def close(self) -> None:
        """Stop the worker: at the end it has nothing left to do, and when the build failed
        what it does is of no use."""
        self.outbox.put(None)
        self.process.kill()
        self.process.join()
        for thread in self.threads:  # the worker's end of each pipe is closed now
            thread.join(timeout=5)
        if not any(thread.is_alive() for thread in self.threads):
            self.jobs.close()
            self.results.close()


def _render_here(page: Page, config: MkDocsConfig, files: Files) -> None:
    """A page the worker did not convert, converted here; an error in it is reported as
    MkDocs reports one while reading the pages."""
    config._current_page = page
    try:
        page.render(config, files)
    except Exception as exc:
        message = f"Error reading page '{page.file.src_uri}':"
        if not isinstance(exc, BuildError):  # its message is logged already
            message += f" {exc}"
        log.error(message)
        raise
    finally:
        config._current_page = None

