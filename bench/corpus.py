"""A synthetic but realistic Verktøykassa project of N items, for the benchmark.

The project is a copy of this repository's configuration (``mkdocs.yml``, ``docs/``,
``hooks/``, ``overrides/``, the theme taxonomy) with ``content/`` and ``cohorts/``
generated: the four collections in the proportions a grown programme would have
(35 % exercises, 25 % theory, 25 % stories, 15 % recordings), each item with valid front
matter (content-spec.md, ``toolkit/content/models.py``) and a body of the length the spec asks
for, recordings as page bundles with hour-long WebVTT captions and one tiny video shared
by hard links. Items that the hand-written pages in ``docs/`` link to are generated
under those ids, so the strict build's link validation holds.

The same N and seed always give the same corpus.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.text import Writer
from toolkit.slug import slugify

REPO = Path(__file__).resolve().parent.parent
SHARES = {"ovelser": 0.35, "teori": 0.25, "historier": 0.25, "opptak": 0.15}
COHORT_ID = "2026-host"
OWNER = "Programteamet, Byrådslederens kontor"
REVIEWED = dt.date(2026, 11, 20)
WORDS_PER_SECOND = 2.5  # about 150 words a minute, an ordinary talk

SOURCES = [
    {"author": "Bang, H. og Midelfart, T. N.", "year": 2012, "title": "Effektive ledergrupper",
     "where": "Gyldendal Akademisk, Oslo"},
    {"author": "Bang, H.", "year": 2008,
     "title": "Ledergruppers effektivitet – en kritisk gjennomgang av forskningen",
     "where": "Tidsskrift for Norsk Psykologforening, 45(6)"},
    {"author": "Edmondson, A. C.", "year": 1999,
     "title": "Psychological Safety and Learning Behavior in Work Teams",
     "where": "Administrative Science Quarterly, 44(2)"},
    {"author": "Edmondson, A. C.", "year": 2019, "title": "The Fearless Organization", "where": "Wiley"},
    {"author": "Hackman, J. R.", "year": 2002, "title": "Leading Teams",
     "where": "Harvard Business School Press"},
    {"author": "Wageman, R., Nunes, D. A., Burruss, J. A. og Hackman, J. R.", "year": 2008,
     "title": "Senior Leadership Teams", "where": "Harvard Business School Press"},
]
STEP_NAMES = ["Innledning", "Stille refleksjon", "Runde", "Arbeid i par", "Diskusjon i plenum",
              "Prioritering", "Gruppearbeid", "Avtaler", "Oppsummering", "Utsjekk"]
MATERIALS = ["Tavle eller flippover", "Tusj", "Post-it-lapper", "Tidtaker", "Utskrift av agendaen",
             "Skjema for møteevaluering", "Resultatene fra gruppeundersøkelsen"]
EVENTS = ["Temasamling i Kongresshallen", "Temasamling om møter", "Temasamling om tillit",
          "Temasamling om tillitsreformen", "Ledersamling for toppledergruppene"]
LINKED = re.compile(r"\]\((?:\.\./)*(teori|ovelser|opptak|historier)/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md|/)")


@dataclass
class Stats:
    """What was generated: items per collection and the words in them."""

    items: dict[str, int] = field(default_factory=dict)
    words: int = 0
    transcript_words: int = 0
    transcript_hours: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.items.values())


def counts(n: int) -> dict[str, int]:
    """Items per collection for ``n`` items in the realistic shares, at least one of each."""
    out = {name: max(1, round(n * share)) for name, share in SHARES.items()}
    out["ovelser"] += n - sum(out.values())
    return out


def linked_ids(docs: Path) -> dict[str, list[str]]:
    """Ids of items the hand-written pages link to, which the corpus must therefore have."""
    found: dict[str, list[str]] = {name: [] for name in SHARES}
    for page in sorted(docs.rglob("*.md")):
        for collection, slug in LINKED.findall(page.read_text(encoding="utf-8")):
            if slug != "index" and slug not in found[collection]:
                found[collection].append(slug)
    return found


def copy_config(repo: Path, project: Path) -> None:
    """Everything of the project except the editors' content and cohorts."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "hooks", "overrides"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, project / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
    (project / "content").mkdir(exist_ok=True)
    shutil.copy2(repo / "content" / "temaer.yml", project / "content" / "temaer.yml")


def tiny_video(path: Path) -> None:
    """A one-second, 64×36 H.264 video: enough for the pages, nothing for the site size."""
    if shutil.which("ffmpeg"):
        result = subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=64x36:d=1:r=2",
             "-c:v", "libx264", "-pix_fmt", "yuv420p", "-fflags", "+bitexact", "-map_metadata", "-1",
             str(path)],
            capture_output=True,
        )
        if result.returncode == 0:
            return
    path.write_bytes(b"")


def front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def timestamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{int(seconds % 1 * 1000):03d}"


def clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Generator:
    """Writes the items of one corpus; ``plan`` first so ``related`` can name any item."""

    def __init__(self, project: Path, n: int, seed: int):
        self.project = project
        self.rng = random.Random(seed * 100_003 + n)
        self.write = Writer(self.rng)
        self.themes = list(yaml.safe_load((project / "content" / "temaer.yml").read_text(encoding="utf-8")))
        self.n = n
        self.ids: dict[str, list[tuple[str, str]]] = {}  # collection → [(slug, title)]
        self.stats = Stats()
        self.recording_dates: dict[str, dt.date] = {}
        self.limited: set[str] = set()  # ids of the items only one cohort gets

    def plan(self, reserved: dict[str, list[str]]) -> None:
        taken: set[str] = set()
        for collection, count in counts(self.n).items():
            entries = []
            for slug in reserved.get(collection, []):
                entries.append((slug, slug.replace("-", " ").capitalize()))
                taken.add(slug)
            while len(entries) < count:
                title = self.write.title()
                slug = slugify(title)
                if slug in taken:
                    title = f"{title} {len(entries) + 1}"
                    slug = slugify(title)
                if slug in taken:
                    continue
                taken.add(slug)
                entries.append((slug, title))
            self.ids[collection] = entries
            self.stats.items[collection] = len(entries)
        # About 3 % of the items belong to one cohort only, as a cohort's own stories do;
        # body text and docs/ never link to them (toolkit check refuses links that would
        # break another cohort's build), though `related` may name them.
        reserved_ids = {f"{c}/{s}" for c, slugs in reserved.items() for s in slugs}
        self.limited = {
            f"{c}/{s}" for c, entries in self.ids.items() for s, _ in entries
            if f"{c}/{s}" not in reserved_ids and self.rng.random() < 0.03
        }

    def common(self, collection: str, slug: str, title: str) -> dict:
        r = self.rng
        others = [f"{c}/{s}" for c, entries in self.ids.items() for s, _ in entries]
        item_id = f"{collection}/{slug}"
        related = [i for i in r.sample(others, min(len(others), r.choice([0, 1, 2, 2, 3, 3, 4]))) if i != item_id]
        data = {
            "title": title,
            "description": self.description(),
            "themes": r.sample(self.themes, r.choice([1, 2, 2, 3])),
        }
        if related:
            data["related"] = related
        if item_id in self.limited:
            data["cohorts"] = [COHORT_ID]
        data["reviewed"] = REVIEWED
        data["owner"] = OWNER
        return data

    def description(self) -> str:
        while True:
            text = " ".join(self.write.sentence() for _ in range(self.rng.choice([1, 2])))
            if len(text) <= 300:
                return text

    def save(self, path: Path, meta: dict, body: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(meta) + body, encoding="utf-8")
        self.stats.words += len(body.split())

    def link(self, collection: str, from_collection: str) -> str:
        slug, title = self.rng.choice(
            [(s, t) for s, t in self.ids[collection] if f"{collection}/{s}" not in self.limited]
        )
        target = f"{slug}/index.md" if collection == "opptak" else f"{slug}.md"
        prefix = "" if collection == from_collection else f"../{collection}/"
        if from_collection == "opptak":
            prefix = f"../../{collection}/"
        return f"[{title.lower()}]({prefix}{target})"

    # One method per collection -------------------------------------------------------

    def exercise(self, slug: str, title: str) -> None:
        r, w = self.rng, self.write
        duration = r.choice([10, 15, 15, 20, 30, 30, 45, 60, 90])
        steps = r.randint(3, 6) if duration >= 30 else r.randint(2, 4)
        unit = 5 if duration >= steps * 5 else 1
        minutes = [unit] * steps
        for _ in range((duration - unit * steps) // unit):
            minutes[r.randrange(steps)] += unit
        minutes[-1] += duration - sum(minutes)
        meta = self.common("ovelser", slug, title) | {
            "duration": duration,
            "preparation": r.choice([0, 5, 10, 15, 30]),
            "group_size": {"min": r.choice([2, 3, 4]), "max": r.choice([8, 10, 12, 15, 20])},
            "difficulty": r.choice(["enkel", "middels", "krevende"]),
            "led_by": r.choice(["gruppen", "gruppen", "radgiver"]),
            "materials": r.sample(MATERIALS, r.randint(0, 3)),
        }
        names = r.sample(STEP_NAMES, steps)
        target = r.randint(350, 650)
        step_lines = "\n".join(
            f"{i}. **{name}** ({m} min): {w.sentence()} {w.sentence()}"
            for i, (name, m) in enumerate(zip(names, minutes), 1)
        )
        fixed = (f"## Formål\n\n{w.paragraph(2, 4)}\n\n## Forberedelse\n\n{w.bullets()}\n\n"
                 f"## Slik gjør dere det\n\n{step_lines}\n\n## Refleksjonsspørsmål\n\n"
                 + "\n".join(f"- {q}" for q in w.questions()) + f"\n\n## Tips til den som leder\n\n{w.bullets()}\n\n")
        rest = max(40, target - len(fixed.split()))
        body = fixed + "## Digital variant\n\n" + "\n\n".join(w.paragraphs_of(rest)) + "\n"
        self.save(self.project / "content" / "ovelser" / f"{slug}.md", meta, body)

    def theory(self, slug: str, title: str) -> None:
        r, w = self.rng, self.write
        meta = self.common("teori", slug, title) | {"sources": r.sample(SOURCES, r.randint(1, 3))}
        first = meta["sources"][0]
        cite = f"({first['author'].split(',')[0]}, {first['year']})"
        sections = []
        for _ in range(r.randint(3, 5)):
            paragraphs = w.paragraphs_of(r.randint(100, 240))
            paragraphs[0] = f"{paragraphs[0]} {cite}"
            sections.append(f"## {w.title()}\n\n" + "\n\n".join(paragraphs))
        questions = "\n".join(f"- {q}" for q in w.questions())
        body = "\n\n".join(sections) + f"\n\n## Spørsmål til ledergruppen\n\n{questions}\n"
        self.save(self.project / "content" / "teori" / f"{slug}.md", meta, body)

    def story(self, slug: str, title: str) -> None:
        r, w = self.rng, self.write
        meta = self.common("historier", slug, title) | {
            "unit": w.unit(),
            "date": dt.date(2026, 1, 1) + dt.timedelta(days=r.randrange(300)),
            "example": True,
        }
        parts = []
        for heading in ("Utfordringen", "Hva de gjorde", "Hva de lærte"):
            paragraphs = w.paragraphs_of(r.randint(100, 220))
            if heading == "Hva de gjorde":
                paragraphs[0] += (f" De brukte øvelsen {self.link('ovelser', 'historier')} og leste "
                                  f"{self.link('teori', 'historier')} sammen.")
            parts.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
        body = "Dette er et eksempel.\n\n" + "\n\n".join(parts) + "\n"
        self.save(self.project / "content" / "historier" / f"{slug}.md", meta, body)

    def recording(self, slug: str, title: str, video: Path) -> None:
        r, w = self.rng, self.write
        bundle = self.project / "content" / "opptak" / slug
        bundle.mkdir(parents=True, exist_ok=True)
        speakers = [w.person() for _ in range(r.choice([1, 1, 2]))]
        moderator = w.person()
        length = r.randint(45 * 60, 70 * 60)
        cues, words, t = [], 0, 0.8
        while t < length:
            sentence = w.sentence()
            voice = moderator if r.random() < 0.05 else r.choice(speakers)
            tokens = sentence.split()
            for start in range(0, len(tokens), 12):
                chunk = tokens[start:start + 12]
                end = t + max(1.2, len(chunk) / WORDS_PER_SECOND)
                cues.append(f"{timestamp(t)} --> {timestamp(end)}\n<v {voice}>{' '.join(chunk)}</v>\n")
                words += len(chunk)
                t = end + 0.25
        (bundle / "captions.vtt").write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
        self.stats.transcript_words += words
        self.stats.transcript_hours += t / 3600
        chapters = [{"time": clock(0), "title": "Innledning"}]
        for k in range(1, r.randint(4, 8)):
            chapters.append({"time": clock(int(t * k / 8)), "title": w.title()})
        day = dt.date(2026, 9, 1) + dt.timedelta(days=r.randrange(150))
        self.recording_dates[slug] = day
        meta = self.common("opptak", slug, title) | {
            "date": day,
            "event": r.choice(EVENTS),
            "speakers": speakers,
            "video": "video.mp4",
            "captions": "captions.vtt",
            "chapters": chapters,
        }
        target = bundle / "video.mp4"
        target.unlink(missing_ok=True)
        try:
            os.link(video, target)
        except OSError:
            shutil.copyfile(video, target)
        body = f"{w.paragraph(2, 3)}\n\nOpptaket er fra {meta['event'][0].lower() + meta['event'][1:]}.\n"
        self.save(bundle / "index.md", meta, body)

    def cohort(self) -> None:
        sessions = []
        for slug, _ in self.ids["opptak"][:6]:
            day = self.recording_dates[slug]
            sessions.append({"date": day, "start": "09:00", "end": "12:00", "kind": "temasamling",
                             "title": "Temasamling", "place": "Kongresshallen, Folkets hus",
                             "recording": f"opptak/{slug}"})
        for k in range(4):
            sessions.append({"date": dt.date(2026, 9, 15) + dt.timedelta(weeks=4 * k), "start": "13:00",
                             "end": "15:30", "kind": "ledergruppesamling", "title": f"Ledergruppesamling {k + 1}",
                             "place": "Rådhuset"})
        sessions.sort(key=lambda s: s["date"])
        data = {"title": "Kull høsten 2026", "start": dt.date(2026, 9, 1), "end": dt.date(2027, 1, 31),
                "sessions": sessions}
        folder = self.project / "cohorts"
        folder.mkdir(exist_ok=True)
        (folder / f"{COHORT_ID}.yml").write_text(
            "# Synthetic cohort for the benchmark.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")

    def run(self) -> Stats:
        video = self.project / ".video.mp4"
        tiny_video(video)
        for slug, title in self.ids["teori"]:
            self.theory(slug, title)
        for slug, title in self.ids["ovelser"]:
            self.exercise(slug, title)
        for slug, title in self.ids["historier"]:
            self.story(slug, title)
        for slug, title in self.ids["opptak"]:
            self.recording(slug, title, video)
        video.unlink()
        self.cohort()
        return self.stats


def make_project(project: Path, n: int, *, repo: Path = REPO, seed: int = 9) -> Stats:
    """Write a complete project with ``n`` synthetic items (more if ``docs/`` links to more)."""
    copy_config(repo, project)
    generator = Generator(project, n, seed)
    generator.plan(linked_ids(repo / "docs"))
    return generator.run()
