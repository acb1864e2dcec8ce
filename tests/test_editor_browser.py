"""`toolkit edit` in Chromium: the form writes the same Markdown an editor would, and commits it.

A temporary copy of the project, in a git repository of its own, is edited through
Decap CMS as `make edit` serves it (without the preview, which these tests do not need).
"""

from __future__ import annotations

import re
import signal

import pytest

from tests.conftest import ROOT, RequestLog, toolkit
from tests.support.editing import Editing, git, needs_the_editor, repository, start

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def editing(tmp_path_factory) -> Editing:
    needs_the_editor()
    base = tmp_path_factory.mktemp("edit")
    running = start(repository(base / "repo"), base / "edit.log")
    yield running
    running.process.send_signal(signal.SIGTERM)  # toolkit edit stops decap-server too
    running.process.wait(timeout=30)


@pytest.fixture
def cms(browser, editing):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
    page = context.new_page()
    page.requests = RequestLog(editing.url)
    page.on("request", lambda request: page.requests.urls.append(request.url))
    yield page
    context.close()


def choose(page, field: str, text: str) -> None:
    page.click(f"[id^='{field}-field']")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def write_markdown(page, field: str, text: str) -> None:
    page.locator(f"[aria-label='markdown field']:has(label[for^='{field}-field']) [contenteditable=true]").click()
    for index, line in enumerate(text.split("\n")):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def publish(page) -> str:
    """Save, and return what the panel says `toolkit check` found in the saved file."""
    page.click("text=Publiser")
    page.click("text=Publiser nå")
    page.wait_for_selector(".vk-check:not([hidden]) [role=status] p", timeout=60000)
    return page.inner_text(".vk-check")


def test_creating_an_exercise_through_the_form_writes_what_toolkit_new_would(cms, editing):
    cms.goto(editing.url + "#/collections/ovelser/new")
    cms.wait_for_selector("[id^='title-field']", timeout=60000)
    cms.fill("[id^='title-field']", "Møte på ti minutter")
    cms.fill("[id^='description-field']", "En kort øvelse for et møte som skal holde tiden.")
    choose(cms, "themes", "Møter")
    cms.fill("[id^='duration-field']", "10")
    cms.fill("[id^='min-field']", "3")
    cms.fill("[id^='max-field']", "8")
    choose(cms, "difficulty", "Middels")
    choose(cms, "led_by", "Gruppen selv")
    write_markdown(cms, "body_formal", "Et kort møte som holder tiden.")
    write_markdown(cms, "body_slik_gjor_dere_det",
                   "1. **Innledning** (2 min): Lederen forklarer.\n2. **Arbeid** (8 min): Gruppen arbeider.")
    panel = publish(cms)

    written = editing.repo / "content/ovelser/mote-pa-ti-minutter.md"
    text = written.read_text(encoding="utf-8")
    head = text.split("---\n")[1]
    assert head.startswith('title: "Møte på ti minutter"\ndescription: >-\n  En kort øvelse for et møte som skal holde tiden.\n')
    assert "themes: [moter]\nrelated: []\nduration: 10\npreparation: 10\ngroup_size: {min: 3, max: 8}\n" in head
    assert "difficulty: middels\nled_by: gruppen\n" in head
    assert head.endswith("owner: Programteamet, Byrådslederens kontor\ndraft: true\n")
    assert re.search(r"^reviewed: \d{4}-\d\d-\d\d$", head, re.M)
    assert text.split("---\n", 2)[2] == (
        "\n## Formål\n\nEt kort møte som holder tiden.\n\n## Slik gjør dere det\n\n"
        "1. **Innledning** (2 min): Lederen forklarer.\n2. **Arbeid** (8 min): Gruppen arbeider.\n")
    # The template's order: every key the file has, in the order the template has them.
    template = (ROOT / "toolkit/templates/ovelser.md").read_text(encoding="utf-8").split("---\n")[1]
    keys = [line.split(":")[0] for line in head.splitlines() if line[:1].isalpha()]
    template_keys = [line.split(":")[0] for line in template.splitlines() if line[:1].isalpha()]
    assert keys == [key for key in template_keys if key in keys]

    check = toolkit("check", cwd=editing.repo)
    assert check.returncode == 0, check.stdout
    assert not [line for line in check.stdout.splitlines() if "mote-pa-ti-minutter" in line and "advarsel" not in line]
    # Committed, that file only, and the panel shows what toolkit check says about it.
    assert git(editing.repo, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Ny", "side", "i", "Øvelse:", "mote-pa-ti-minutter", "(fra", "skjemaet)", "content/ovelser/mote-pa-ti-minutter.md"]
    assert "Sjekk av content/ovelser/mote-pa-ti-minutter.md" in panel
    assert "mangler overskriften «Digital variant»" in panel  # a warning, in the form's words
    assert cms.requests.foreign() == []


def test_changing_one_field_of_an_exercise_changes_that_line_only(cms, editing):
    cms.goto(editing.url + "#/collections/ovelser/entries/pre-mortem")
    cms.wait_for_selector("[id^='preparation-field']", timeout=60000)
    assert cms.input_value("[id^='preparation-field']") == "15"
    cms.fill("[id^='preparation-field']", "20")
    panel = publish(cms)
    assert git(editing.repo, "show", "--format=", "--name-only", "HEAD").split() == ["content/ovelser/pre-mortem.md"]
    diff = git(editing.repo, "show", "--format=", "-U0", "HEAD").splitlines()
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-preparation: 15", "+preparation: 20"]
    assert "Ingen feil eller advarsler i filen." in panel
    assert git(editing.repo, "status", "--porcelain") == ""
    assert cms.requests.foreign() == []


def test_a_new_recording_with_its_captions_uploaded_is_a_page_bundle(cms, editing, tmp_path):
    captions = tmp_path / "captions.vtt"
    captions.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Kari Nordmann>Velkommen.</v>\n",
                        encoding="utf-8")
    cms.goto(editing.url + "#/collections/opptak/new")
    cms.wait_for_selector("[id^='title-field']", timeout=60000)
    cms.fill("[id^='title-field']", "Et nytt foredrag")
    cms.fill("[id^='description-field']", "Et kort foredrag om møter.")
    choose(cms, "themes", "Møter")
    cms.fill("[id^='event-field']", "Temasamling")
    cms.locator("[id^='speakers-field'] button").filter(has_text="Add").click()
    cms.locator("[id^='speakers-field'] input").first.fill("Kari Nordmann")
    cms.fill("[id^='youtube-field']", "abcdefghijk")
    cms.locator("div:has(> div > label[for^='captions-field'])").last.get_by_text("Velg en fil").click()
    cms.set_input_files("input[type=file]", str(captions))
    cms.click("text=Velg markert")
    panel = publish(cms)

    bundle = editing.repo / "content/opptak/et-nytt-foredrag"
    assert (bundle / "captions.vtt").read_text(encoding="utf-8") == captions.read_text(encoding="utf-8")
    index = (bundle / "index.md").read_text(encoding="utf-8")
    assert "\ncaptions: captions.vtt\n" in index and "\nyoutube: abcdefghijk\n" in index
    assert "speakers: [Kari Nordmann]" in index
    assert sorted(git(editing.repo, "show", "--format=", "--name-only", "HEAD").split()) == [
        "content/opptak/et-nytt-foredrag/captions.vtt", "content/opptak/et-nytt-foredrag/index.md"]
    assert "Ingen feil eller advarsler i filen." in panel
    assert cms.requests.foreign() == []


def test_the_cms_opens_without_an_account_in_norwegian(cms, editing):
    cms.goto(editing.url)
    cms.wait_for_selector("text=Samlinger", timeout=60000)
    for label in ("Teori", "Øvelser", "Opptak", "Historier", "Kull"):
        assert cms.locator("nav, aside").get_by_text(label, exact=True).count() >= 1, label
    assert cms.locator("text=Logg inn").count() == 0
    assert cms.requests.foreign() == []


def test_the_cms_is_not_part_of_a_built_site(built_site):
    assert not (built_site / "admin").exists()
    for path in built_site.rglob("*"):
        assert "decap" not in path.name.lower(), path
        if path.suffix in (".html", ".js", ".json"):
            assert "decap-cms" not in path.read_text(encoding="utf-8", errors="replace"), path
