"""The reader's side of ``make bench`` (issue 15): a phone on a slow connection, through nginx.

Our site as readers get it (the shipped content released with ``toolkit release`` and
written out with ``toolkit export``) and stock Material building the same pages
(``toolkit export-markdown``, then ``mkdocs build``, with the same ``.gz`` files written
beside them) are each served by Debian's nginx with the project's own server block
(``toolkit.publish.webserver.nginx``, deploy/nginx/verktoykassa.conf). Chromium, throttled through the
Chrome DevTools Protocol to the phone profile of the issue (150 ms round trip,
1.6 Mbit/s down, 750 kbit/s up, a CPU four times slower, a 375 px wide screen), opens
the front page, the finder and an exercise page:

- *first view*: a fresh browser, nothing cached;
- *second view*: the same page again in a new tab of that browser (a bookmark, a link
  from the intranet's front page): what the browser's cache saves.

Requests and bytes are what reached nginx (its access log: headers and body as sent,
compressed); first contentful paint is the browser's own ``first-contentful-paint`` entry.
Each figure is the median of the rounds (a script's request that races another can make
a round ask for one file more).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
PAGES = [("front page", ""), ("finder", "ovelser/"), ("exercise page", "ovelser/moteevaluering/")]
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "nb-NO"}
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


@dataclass
class View:
    """One view of one page, over the rounds: each round's requests, bytes and paint."""

    counts: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    paints: list[float] = field(default_factory=list)  # first contentful paint, ms
    violations: int = 0  # Content-Security-Policy violations seen
    hits: list[tuple[str, int]] = field(default_factory=list)  # (path, status) asked for, first round
    error: str = ""

    @property
    def requests(self) -> int:
        return round(statistics.median(self.counts)) if self.counts else 0

    @property
    def bytes(self) -> int:
        return round(statistics.median(self.sizes)) if self.sizes else 0

    @property
    def fcp_ms(self) -> float | None:
        return statistics.median(self.paints) if self.paints else None

    @property
    def varied(self) -> bool:
        """Whether the rounds asked for different files (a script's request that races another)."""
        return len(set(self.counts)) > 1


@dataclass
class Row:
    site: str
    page: str
    first: View
    second: View


def _run(command: list[str], cwd: Path, env: dict | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, env={**ENV, **(env or {})}, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def ours(work: Path, url: str) -> tuple[Path, str]:
    """The shipped content's newest cohort, released and exported: (tree, the cohort's folder)."""
    from toolkit.content.cohorts import load_cohorts, newest

    repo = work / "ours-repo"
    repo.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "content", "cohorts", "deploy", ".gitignore"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    cohort = newest(load_cohorts(repo)[0])
    _run(["git", "init", "--quiet", "--initial-branch", "main"], repo)
    _run(["git", "add", "--all"], repo)
    _run(["git", "commit", "--quiet", "--message", "bench"], repo, GIT_ENV)
    _run([PYTHON, "-m", "toolkit", "release", cohort.id], repo, {**GIT_ENV, "TOOLKIT_SITE_URL": url})
    _run([PYTHON, "-m", "toolkit", "export", str(work / "ours")], repo)
    return work / "ours", f"{cohort.id}/"


def stock(work: Path, url: str) -> tuple[Path, str]:
    """The same pages built by stock MkDocs + Material, with the export's .gz files."""
    from toolkit.publish.webserver.export import precompress

    _run([PYTHON, "-m", "toolkit", "export-markdown", str(work / "stock-project")], REPO)
    _run([PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "stock")],
         work / "stock-project", {"TOOLKIT_SITE_URL": url})
    precompress(work / "stock")
    return work / "stock", ""


# A line of nginx's access log in toolkit.publish.webserver.nginx's format: status "request" bytes sent ...
_HIT = re.compile(r'^(\d{3}) "\S+ (\S+) [^"]*" (\d+) ')

_VIOLATIONS = """
window.__benchViolations = 0;
document.addEventListener("securitypolicyviolation", () => { window.__benchViolations += 1; });
"""


def _throttled(context):
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return page


def _view(page, url: str, log: Path, view: View, first_round: bool) -> None:
    start = log.stat().st_size
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    time.sleep(0.5)
    paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
    if paint is not None:
        view.paints.append(paint)
    view.violations += page.evaluate("window.__benchViolations")
    with open(log, encoding="utf-8") as lines:
        lines.seek(start)
        hits = [_HIT.match(line).groups() for line in lines.read().splitlines() if line]
    view.counts.append(len(hits))
    view.sizes.append(sum(int(size) for _, _, size in hits))
    if first_round:
        view.hits = [(path.split("?")[0], int(status)) for status, path, _ in hits]


def measure_site(browser, name: str, base: str, log: Path, rounds: int) -> list[Row]:
    rows = [Row(name, page, View(), View()) for page, _ in PAGES]
    for round_ in range(rounds):
        for row, (_, path) in zip(rows, PAGES, strict=True):
            context = browser.new_context(**PHONE)
            context.add_init_script(_VIOLATIONS)
            try:
                _view(_throttled(context), base + path, log, row.first, round_ == 0)
                _view(_throttled(context), base + path, log, row.second, round_ == 0)  # a new tab
            except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
                row.first.error = row.first.error or str(exc).splitlines()[0][:200]
            finally:
                context.close()
    return rows


def measure(browser, work: Path, log, rounds: int = 3) -> list[Row]:
    """Both sites, each behind its own nginx with the project's configuration."""
    from tests.conftest import free_port
    from toolkit.publish.webserver.nginx import Nginx, find_nginx
    from toolkit.settings import current

    program = find_nginx(current())
    if program is None:
        raise SystemExit("nginx is missing: `make bench` installs Debian's nginx package")
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    for name, prepare in (("ours", ours), ("stock", stock)):
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        log(f"reader: preparing {name} for {url}")
        tree, prefix = prepare(work, url)
        with Nginx(program, REPO, tree, port) as server:
            log(f"reader: {name}, {rounds} rounds on the throttled phone")
            rows += measure_site(browser, name, url + prefix, server.access_log, rounds)
    return rows


def table(rows: list[Row], rounds: int) -> str:
    out = ["### Reader: a phone on a slow connection, through nginx\n",
           "The shipped content's newest cohort as readers get it (`toolkit release`, `toolkit export`) "
           "beside stock Material building the same pages (`toolkit export-markdown`, `mkdocs build`, the same "
           "`.gz` files), each served by Debian's nginx with `deploy/nginx/verktoykassa.conf`. Chromium throttled "
           f"through the DevTools Protocol: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU {CPU_SLOWDOWN}× "
           "slower, 375 px wide. *First view*: nothing cached. *Second view*: the same page in a new tab of "
           "the same browser. Requests and bytes as nginx sent them (headers and compressed bodies, from its "
           "access log); *first paint*: the browser's first contentful paint. Each the median of "
           f"{rounds} rounds (bench/reader.py).\n",
           "| page | site | first view: requests | KB | first paint | second view: requests | KB | first paint |",
           "|---|---|---:|---:|---:|---:|---:|---:|"]
    for page, _ in PAGES:
        for row in (r for r in rows if r.page == page):
            first, second = row.first, row.second
            note = "; ".join(e for e in (first.error, second.error) if e)
            if first.varied or second.varied:
                note = (note + "; " if note else "") + "requests varied: " + " / ".join(
                    ", ".join(map(str, v.counts)) for v in (first, second))
            if first.violations or second.violations:
                note = (note + "; " if note else "") + f"{first.violations + second.violations} CSP violations"
            out.append(f"| {page} | {row.site}{' — ' + note if note else ''} "
                       f"| {first.requests} | {first.bytes / 1000:.1f} | {_ms(first.fcp_ms)} "
                       f"| {second.requests} | {second.bytes / 1000:.1f} | {_ms(second.fcp_ms)} |")
    return "\n".join(out) + "\n"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def verdicts(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(target, verdict, numbers) for the targets of issue 15 that this table measures."""
    exercise = next((r for r in rows if r.site == "ours" and r.page == "exercise page"), None)
    name = "3. first view of an exercise page on the throttled phone ≤ 100 KB"
    if exercise is None or exercise.first.error:
        return [(name, "not measured", exercise.first.error if exercise else "no exercise page")]
    holds = exercise.first.bytes <= 100_000
    return [(name, "holds" if holds else "does not hold",
             f"{exercise.first.bytes / 1000:.1f} KB in {exercise.first.requests} requests")]


def second_views(rows: list[Row]) -> str:
    """What each second view of ours asked the server for, in words."""
    parts = []
    for row in (r for r in rows if r.site == "ours"):
        asked = ", ".join(f"{path} ({status})" for path, status in row.second.hits)
        parts.append(f"{row.page}: {asked}")
    return "; ".join(parts)
