"""Issue 27: Ledergruppesjekken at /sjekk/. The check file is typed and checked at its
lines; a member answers on a phone with one tap per statement and gets a link that opens
the same profile; the leader combines the members' links into the group's mean, spread and
most disputed dimension without anyone's answers shown; the weakest dimensions lead to their
exercises and into the planner; snapshots are saved and compared; the result prints on one
A4 page; nothing leaves the browser, and axe finds nothing in light or dark.

Expected numbers are computed here from the digits the test makes up (exact fractions,
rounded half up to one decimal, as the page says them), never read back from the page.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from io import BytesIO
from urllib.parse import urljoin

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import ROOT, copy_project, toolkit
from tests.support.axe import report, violations
from tests.support.content import load_content
from toolkit.content.team_check import MIN_STATEMENTS
from toolkit.pages.team_check import ranked_exercises
from toolkit.site import resolve

CHECK = ROOT / "content" / "ledergruppesjekk.yml"
PHONE = {"width": 375, "height": 812}


def dimensions() -> list[dict]:
    """The shipped check's dimensions as the file has them, in order."""
    return yaml.safe_load(CHECK.read_text(encoding="utf-8"))["dimensions"]


DIMENSIONS = dimensions()
SIZES = [len(d["statements"]) for d in DIMENSIONS]
TOTAL = sum(SIZES)


# ---- Numbers as the page should show them ----------------------------------------------------

def said(value: Fraction) -> str:
    """One decimal, half up, with a decimal comma: Fraction(13, 4) → «3,3»."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


def member_means(digits: str) -> list[Fraction | None]:
    means, at = [], 0
    for size in SIZES:
        given = [int(d) for d in digits[at:at + size] if d != "0"]
        means.append(Fraction(sum(given), len(given)) if given else None)
        at += size
    return means


def group_numbers(answers: list[str]) -> list[dict]:
    """Per dimension: the mean of the members' means, the lowest and highest, how many answered."""
    all_means = [member_means(a) for a in answers]
    rows = []
    for index in range(len(SIZES)):
        scores = [m[index] for m in all_means if m[index] is not None]
        rows.append({"mean": sum(scores, Fraction(0)) / len(scores), "min": min(scores), "max": max(scores),
                     "answered": len(scores)} if scores else None)
    return rows


def most_disputed(rows: list[dict]) -> int:
    """The largest spread among dimensions two or more answered; a tie goes to the first."""
    best, widest = -1, Fraction(0)
    for index, row in enumerate(rows):
        if row and row["answered"] >= 2 and row["max"] - row["min"] > widest:
            best, widest = index, row["max"] - row["min"]
    return best


def digits_for(values: list[int]) -> str:
    """An answer giving every statement of dimension i the value values[i]."""
    return "".join(str(v) * size for v, size in zip(values, SIZES, strict=True))


def random_answer(rng: random.Random) -> str:
    return "".join(rng.choice("0123455") for _ in range(TOTAL))


def table(tab) -> dict[str, list[str]]:
    """The profile's table: each dimension's row, as the reader sees its cells."""
    return tab.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#vk-check-table tbody tr')].map(tr => [tr.dataset.vkDimension,
        [...tr.querySelectorAll('td')].map(td => td.textContent)]))""")


def check_url(site_url: str, answers: list[str] = (), extra: str = "") -> str:
    query = "&".join(f"svar={a}" for a in answers)
    return urljoin(site_url, "sjekk/") + (f"?{query}" if query else "") + extra


@pytest.fixture
def hand(browser, site_url):
    """A 375 × 812 phone with a touch screen; its requests logged."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="nb-NO")
    tab = context.new_page()
    tab.foreign = []
    tab.on("request", lambda request: tab.foreign.append(request.url)
           if not request.url.startswith((site_url, "data:", "blob:")) else None)
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors


# ---- 1. The file, checked ------------------------------------------------------------------------

def test_the_shipped_check_passes_with_eight_dimensions_on_known_themes_each_reaching_two_exercises():
    content = load_content()
    check = content.team_check
    assert check is not None
    assert len(check.dimensions) >= 8
    assert len({d.id for d in check.dimensions}) == len(check.dimensions)
    site = resolve(content)
    for dimension in check.dimensions:
        assert len(dimension.statements) >= MIN_STATEMENTS, dimension.id
        assert dimension.theme in content.themes, dimension.id
        assert len(ranked_exercises(site, dimension.theme)) >= 2, dimension.id
    result = toolkit("check")
    assert result.returncode == 0, result.stdout
    assert "ledergruppesjekk" not in result.stdout + result.stderr  # not even a warning


def test_three_broken_variants_give_three_path_line_errors_at_once(tmp_path):
    project = copy_project(tmp_path / "repo")
    source = project / "content" / "ledergruppesjekk.yml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("    theme: konflikt\n", "    theme: konflikte\n")
    text = text.replace("  - id: tilbakemelding\n", "  - id: moter\n")
    text = text.replace("      - Vi evaluerer møtene våre.\n", "")
    source.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line_of(row: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(lines, start=1) if n > after and line == row)

    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    found = [line for line in result.stdout.splitlines() if line.startswith("content/ledergruppesjekk.yml:")]
    first_moter = line_of("  - id: moter")
    reflection = line_of("  - id: laering-og-refleksjon")
    reflection_index = next(i for i, d in enumerate(dimensions()) if d["id"] == "laering-og-refleksjon") + 1
    assert found == [
        f"content/ledergruppesjekk.yml:{line_of('    theme: konflikte')}: ukjent tema «konflikte» – mente du «konflikt»?",
        f"content/ledergruppesjekk.yml:{line_of('  - id: moter', first_moter)}: id-en «moter» er brukt før, "
        f"på linje {first_moter}: hvert område trenger sin egen id",
        f"content/ledergruppesjekk.yml:{line_of('    statements:', reflection)}: "
        f"«dimensions[{reflection_index}].statements»: har 2 påstander, men et område trenger minst 3",
    ], result.stdout
    assert "Traceback" not in result.stderr


def test_an_empty_statement_and_an_unknown_cohort_are_errors_at_their_lines(tmp_path):
    project = copy_project(tmp_path / "repo")
    source = project / "content" / "ledergruppesjekk.yml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("      - Vi evaluerer møtene våre.\n", '      - "   "\n')
    text = text.replace("    theme: moter\n", "    theme: moter\n    cohorts: [2026-hst]\n")
    source.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = toolkit("check", cwd=project)
    assert result.returncode == 1
    found = [line for line in result.stdout.splitlines() if line.startswith("content/ledergruppesjekk.yml:")]
    empty = lines.index('      - "   "') + 1
    cohort = lines.index("    cohorts: [2026-hst]") + 1
    assert found == [
        f"content/ledergruppesjekk.yml:{cohort}: ukjent kull «2026-hst» – mente du «2026-host»?",
        f"content/ledergruppesjekk.yml:{empty}: «dimensions[8].statements[3]» kan ikke være tom",
    ], result.stdout


def test_a_dimension_for_one_cohort_is_left_out_of_the_other_cohorts_check(tmp_path):
    project = copy_project(tmp_path / "repo")
    source = project / "content" / "ledergruppesjekk.yml"
    text = source.read_text(encoding="utf-8").replace("    theme: tillitsreformen\n",
                                                      "    theme: tillitsreformen\n    cohorts: [2026-host]\n")
    source.write_text(text, encoding="utf-8")
    content = load_content(project)
    assert not [p for p in content.problems if p.is_error]
    autumn = resolve(content, "2026-host").team_check
    spring = resolve(content, "2026-var").team_check
    assert "tillitsbasert-styring" in [d.id for d in autumn.dimensions]
    assert "tillitsbasert-styring" not in [d.id for d in spring.dimensions]
    assert spring.statement_count == autumn.statement_count - 3


def test_the_shipped_check_validates_against_its_json_schema():
    import json

    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "ledergruppesjekk.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(CHECK.read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(data))
    del data["dimensions"][0]["statements"][1:]
    assert list(Draft202012Validator(schema).iter_errors(data))  # one statement is too few


def test_the_page_links_the_starter_exercise_and_plan_and_names_the_research(built_site):
    html = (built_site / "sjekk" / "index.html").read_text(encoding="utf-8")
    assert "../ovelser/gjennomgang-av-ledergruppesjekken/" in html
    assert "../moteplaner/ledergruppesjekken-i-motet/" in html
    assert "Bang" in html and "tillitsreform" in html.lower()
    assert "ikke en validert måling" in html
    plan = load_content().by_id["moteplaner/ledergruppesjekken-i-motet"]
    assert 45 <= plan.meta.minutes <= 60


# ---- 2. Alone, on a phone -------------------------------------------------------------------------

def test_answering_every_statement_takes_one_tap_each_and_the_link_opens_the_same_profile(hand, browser, site_url):
    answer = random_answer(random.Random(27))
    hand.goto(check_url(site_url))
    taps = 0
    for number, digit in enumerate(answer):
        option = 5 if digit == "0" else int(digit) - 1  # «Vet ikke» is the sixth option
        hand.locator(f'fieldset[data-vk-statement="{number}"] label').nth(option).tap()
        taps += 1
    assert taps == TOTAL
    expect(hand.locator("#vk-check-progress")).to_have_text(f"Du har svart på {TOTAL} av {TOTAL} påstander.")
    link = hand.locator("#vk-check-url").input_value()
    assert link.endswith(f"/sjekk/?svar={answer}")
    expected = {d["id"]: [said(m) if m is not None else "–"] for d, m in zip(DIMENSIONS, member_means(answer),
                                                                             strict=True)}
    shown = {key: cells[:1] for key, cells in table(hand).items()}
    assert shown == expected
    expect(hand.locator("#vk-check-chart svg[role=img]")).to_be_visible()

    fresh = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="nb-NO")
    try:
        other = fresh.new_page()
        other.goto(link)
        expect(other.locator("#vk-check-result")).to_be_visible()
        assert table(other) == table(hand)
    finally:
        fresh.close()


def test_answering_lowest_on_one_dimension_puts_its_exercises_first_and_one_goes_into_the_planner(hand, site_url):
    low = next(i for i, d in enumerate(DIMENSIONS) if d["id"] == "konflikt")
    values = [4] * len(DIMENSIONS)
    values[low] = 1
    values[0] = 3  # the second weakest
    hand.goto(check_url(site_url, [digits_for(values)]))
    shown = hand.locator("#vk-check-advice-list > [data-vk-advice]:visible")
    expect(shown).to_have_count(2)
    assert shown.first.get_attribute("data-vk-advice") == "konflikt"
    assert shown.nth(1).get_attribute("data-vk-advice") == DIMENSIONS[0]["id"]
    first = shown.first.locator(".vk-check__exercise").first
    title = first.locator("a").first.text_content()
    first.get_by_role("button", name="Legg i møteplanen").tap()
    expect(first.locator(".vk-plan-add__status")).to_contain_text("er lagt i møteplanen")
    hand.goto(urljoin(site_url, "moteplan/"))
    expect(hand.locator("#vk-planner-blocks > li .vk-block__title", has_text=title)).to_have_count(1)


def test_a_wrong_link_is_told_in_norwegian_and_breaks_nothing(hand, site_url):
    hand.goto(check_url(site_url, ["12x4", "123"]))
    notice = hand.locator("#vk-check-notice")
    expect(notice).to_contain_text("Svar nummer 1 i lenken inneholder «x»")
    expect(notice).to_contain_text(f"Svar nummer 2 i lenken har 3 sifre, men sjekken har {TOTAL} påstander")
    expect(hand.locator("#vk-check-form")).to_be_visible()


# ---- 3. The group -----------------------------------------------------------------------------------

def test_three_members_links_give_the_groups_mean_spread_and_most_disputed_dimension(hand, site_url):
    rng = random.Random(3)
    answers = [random_answer(rng) for _ in range(3)]
    hand.goto(check_url(site_url))
    pasted = "\n".join(f"Her er mine: {check_url(site_url, [a])}" for a in answers)
    hand.locator("#vk-check-links").fill(pasted)
    hand.get_by_role("button", name="Vis gruppens resultat").tap()
    expect(hand.locator("#vk-check-result-title")).to_have_text("Gruppens profil")
    rows = group_numbers(answers)
    expected = {
        d["id"]: ([said(r["mean"]), f"{said(r['min'])}–{said(r['max'])}", str(r["answered"])] if r
                  else ["–", "–", "0"])
        for d, r in zip(DIMENSIONS, rows, strict=True)
    }
    assert table(hand) == expected
    disputed = DIMENSIONS[most_disputed(rows)]
    expect(hand.locator("[data-vk-disputed]")).to_have_attribute("data-vk-disputed", disputed["id"])
    expect(hand.locator(f'[data-vk-advice="{disputed["id"]}"]')).to_be_visible()
    # Nobody's answers on the page: no member's digits, no column per member.
    text = hand.evaluate("() => document.body.innerText")
    assert not any(a in text for a in answers)
    assert hand.locator("#vk-check-table thead th").count() == 4
    expect(hand.locator("#vk-check-form")).to_be_hidden()


def test_a_quick_round_in_the_room_gives_the_mean_and_spread_of_the_counts(hand, site_url):
    hand.goto(check_url(site_url))
    hand.locator("#vk-check-round summary").tap()
    meetings = "moter"
    counts = {1: 0, 2: 2, 3: 1, 4: 3, 5: 0, 0: 1}
    for level, count in counts.items():
        hand.locator(f"#vk-r-{meetings}-{level}").fill(str(count))
    hand.get_by_role("button", name="Vis rundens resultat").tap()
    expect(hand.locator("#vk-check-result-title")).to_have_text("Resultatet av runden i rommet")
    mean = Fraction(sum(level * n for level, n in counts.items() if level), sum(n for level, n in counts.items() if level))
    assert table(hand)[meetings] == [said(mean), "2,0–4,0", "6", "1"]


# ---- 4. Saving, comparing, printing --------------------------------------------------------------

def test_a_saved_snapshot_survives_a_reload_and_a_second_one_compares_with_it(hand, site_url):
    before = digits_for([(2, 3, 3, 4, 2, 3, 3, 2, 4, 3)[i % 10] for i in range(len(DIMENSIONS))])
    after = digits_for([(3, 3, 2, 4, 4, 3, 3, 2, 4, 5)[i % 10] for i in range(len(DIMENSIONS))])
    hand.goto(check_url(site_url, [before]))
    hand.get_by_role("button", name="Lagre resultatet").tap()
    expect(hand.locator("#vk-check-status")).to_contain_text("Resultatet er lagret på denne enheten")
    hand.reload()
    expect(hand.locator("#vk-check-saved-list li")).to_have_count(1)
    hand.goto(check_url(site_url, [after]))
    hand.get_by_role("button", name="Lagre resultatet").tap()
    expect(hand.locator("#vk-check-saved-list li")).to_have_count(2)
    earlier = hand.locator("#vk-check-earlier option").nth(1)  # the newest is first
    hand.locator("#vk-check-earlier").select_option(earlier.get_attribute("value"))
    hand.get_by_role("button", name="Sammenlign").tap()
    rows = hand.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#vk-check-comparison tbody tr')].map(tr => [tr.dataset.vkDimension,
        [...tr.querySelectorAll('td')].map(td => td.textContent)]))""")
    for dimension, then, now in zip(DIMENSIONS, member_means(before), member_means(after), strict=True):
        change = now - then
        words = "uendret" if change == 0 else (f"bedre, +{said(change)}" if change > 0
                                                else f"svakere, \u2212{said(-change)}")
        assert rows[dimension["id"]] == [said(then), said(now), words], dimension["id"]


def test_the_printed_result_is_one_a4_page_with_the_chart_and_the_recommendations(browser, site_url):
    rng = random.Random(9)
    answers = [random_answer(rng) for _ in range(4)]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO")
    try:
        tab = context.new_page()
        tab.goto(check_url(site_url, answers))
        expect(tab.locator("#vk-check-chart svg")).to_be_visible()
        shown = [t.strip() for t in tab.locator("#vk-check-advice-list > [data-vk-advice]:visible h3").all_text_contents()]
        assert len(shown) >= 2
        tab.emulate_media(media="print")
        expect(tab.locator("#vk-check-chart svg")).to_be_visible()
        expect(tab.locator("#vk-check-form")).to_be_hidden()
        reader = PdfReader(BytesIO(tab.pdf(format="A4")))
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert "Gruppens profil" in text and "Hva dere kan gjøre nå" in text
        assert all(title in text for title in shown), (shown, text)
    finally:
        context.close()


# ---- 5. Private and accessible --------------------------------------------------------------------

def test_no_request_leaves_the_site_and_no_cookie_is_set(hand, site_url):
    answers = [random_answer(random.Random(n)) for n in range(3)]
    hand.goto(check_url(site_url))
    hand.locator('fieldset[data-vk-statement="0"] label').nth(3).tap()
    hand.goto(check_url(site_url, answers))
    hand.get_by_role("button", name="Lagre resultatet").tap()
    hand.wait_for_load_state("networkidle")
    assert hand.foreign == []
    assert hand.context.cookies() == []
    expect(hand.locator(".vk-check__private")).to_contain_text("sender ingenting noe sted")


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_axe_finds_no_violation_empty_alone_group_round_or_comparing(browser, site_url, palette):
    context = browser.new_context(viewport=PHONE, color_scheme=palette, is_mobile=True, has_touch=True,
                                  locale="nb-NO")
    rng = random.Random(5)
    answers = [random_answer(rng) for _ in range(3)]
    found = []
    try:
        tab = context.new_page()
        for state, address in [
            ("empty", check_url(site_url)),
            ("alone", check_url(site_url, answers[:1])),
            ("group", check_url(site_url, answers)),
            ("round", check_url(site_url, extra="?runde=" + "_".join(["0.1.2.3.0.1"] * len(DIMENSIONS)))),
            ("wrong link", check_url(site_url, ["12x"])),
        ]:
            tab.goto(address)
            expect(tab.locator("#vk-check")).to_be_visible()
            if state == "group":
                tab.get_by_role("button", name="Lagre resultatet").click()
                tab.goto(check_url(site_url, answers[1:]))
                tab.get_by_role("button", name="Lagre resultatet").click()
                tab.get_by_role("button", name="Sammenlign").click()
                expect(tab.locator("#vk-check-comparison table")).to_be_visible()
                state = "comparing"
            tab.wait_for_load_state("networkidle")
            found += [f"{state}: {line}" for line in report(violations(tab)).splitlines()]
    finally:
        context.close()
    assert not found, "axe-core:\n" + "\n".join(found)
