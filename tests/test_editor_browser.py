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


def markdown_field(page, field: str):
    return page.locator(f"[aria-label='markdown-felt']:has(label[for^='{field}-field']) [contenteditable=true]")


def write_markdown(page, field: str, text: str) -> None:
    markdown_field(page, field).click()
    for index, line in enumerate(text.split("\n")):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def save(page) -> str:
    """Save («Lagre», «Lagre nå»), and return what the panel says about the saved page."""
    page.click('text="Lagre"')
    page.click('text="Lagre nå"')
    page.wait_for_selector(".vk-check:not([hidden]) [role=status] p", timeout=60000)
    return page.inner_text(".vk-check")


def heading(page) -> str:
    return page.inner_text("#vk-check-title")


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
    panel = save(cms)

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
    template = (ROOT / "toolkit/collections/exercises/template.md").read_text(encoding="utf-8").split("---\n")[1]
    keys = [line.split(":")[0] for line in head.splitlines() if line[:1].isalpha()]
    template_keys = [line.split(":")[0] for line in template.splitlines() if line[:1].isalpha()]
    assert keys == [key for key in template_keys if key in keys]

    check = toolkit("check", cwd=editing.repo)
    assert check.returncode == 0, check.stdout
    assert not [line for line in check.stdout.splitlines() if "mote-pa-ti-minutter" in line and "advarsel" not in line]
    # Committed, that file only, and the panel shows what toolkit check says about it.
    assert git(editing.repo, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Ny", "side", "i", "Øvelse:", "mote-pa-ti-minutter", "(fra", "skjemaet)", "content/ovelser/mote-pa-ti-minutter.md"]
    # A new item is a draft until the editor unticks «Utkast»; the warnings name the form's fields.
    assert heading(cms) == "Lagret som utkast"
    assert "Advarsel Digital variant: mangler overskriften «Digital variant»" in panel
    assert cms.requests.foreign() == []


def test_changing_one_field_of_an_exercise_changes_that_line_only(cms, editing):
    cms.goto(editing.url + "#/collections/ovelser/entries/pre-mortem")
    cms.wait_for_selector("[id^='preparation-field']", timeout=60000)
    assert cms.input_value("[id^='preparation-field']") == "15"
    cms.fill("[id^='preparation-field']", "20")
    panel = save(cms)
    assert git(editing.repo, "show", "--format=", "--name-only", "HEAD").split() == ["content/ovelser/pre-mortem.md"]
    diff = git(editing.repo, "show", "--format=", "-U0", "HEAD").splitlines()
    changed = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-preparation: 15", "+preparation: 20"]
    assert heading(cms) == "Publisert" and "Ingen feil." in panel
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
    cms.locator("[id^='speakers-field'] button").filter(has_text="Legg til hvem som snakker").click()
    cms.locator("[id^='speakers-field'] input").first.fill("Kari Nordmann")
    cms.fill("[id^='youtube-field']", "abcdefghijk")
    cms.locator("div:has(> div > label[for^='captions-field'])").last.get_by_text("Velg en fil").click()
    cms.set_input_files("input[type=file]", str(captions))
    cms.click("text=Velg markert")
    panel = save(cms)

    bundle = editing.repo / "content/opptak/et-nytt-foredrag"
    assert (bundle / "captions.vtt").read_text(encoding="utf-8") == captions.read_text(encoding="utf-8")
    index = (bundle / "index.md").read_text(encoding="utf-8")
    assert "\ncaptions: captions.vtt\n" in index and "\nyoutube: abcdefghijk\n" in index
    assert "speakers: [Kari Nordmann]" in index
    assert sorted(git(editing.repo, "show", "--format=", "--name-only", "HEAD").split()) == [
        "content/opptak/et-nytt-foredrag/captions.vtt", "content/opptak/et-nytt-foredrag/index.md"]
    assert heading(cms) == "Lagret som utkast" and "Ingen feil." in panel
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


def test_a_save_with_an_error_is_kept_as_a_draft_and_names_the_field(cms, editing):
    path = "content/ovelser/pre-mortem.md"
    cms.goto(editing.url + "#/collections/ovelser/entries/pre-mortem")
    cms.wait_for_selector("[id^='preparation-field']", timeout=60000)
    write_markdown(cms, "body_forberedelse", "Les [notatet](../teori/finnes-ikke.md) først.\n")
    panel = save(cms)

    assert heading(cms) == "Lagret som utkast – 1 feil må rettes før siden kan publiseres"
    problem = cms.locator(".vk-check__error")
    assert problem.count() == 1
    assert problem.inner_text().startswith("Feil Forberedelse: ")
    assert "##" not in panel and "Linje" not in panel
    # Nothing on the page claims more: no «Publisert», no green notice of Decap's.
    assert "Publisert" not in cms.inner_text("body")
    assert cms.locator(".Toastify__toast:visible").count() == 0
    # The focus is in the field to fix, and the problem's button brings it back there.
    in_field = "el => el.contains(document.activeElement)"
    field = markdown_field(cms, "body_forberedelse")
    assert field.evaluate(in_field)
    cms.locator("#vk-check-title").focus()
    cms.locator(".vk-check__field").click()
    assert field.evaluate(in_field)
    # On disk: a draft, committed alone; `toolkit check` says the same.
    text = (editing.repo / path).read_text(encoding="utf-8")
    assert "\ndraft: true\n" in text and "finnes-ikke" in text
    assert git(editing.repo, "show", "--format=", "--name-only", "HEAD").split() == [path]
    check = toolkit("check", cwd=editing.repo)
    assert f"{path}:" in check.stdout and "finnes-ikke" in check.stdout

    # Fixed and saved again, the page is published as before.
    cms.reload()
    cms.wait_for_selector("[id^='preparation-field']", timeout=60000)
    assert cms.is_checked("[id^='draft-field']")  # the form reads the draft it was kept as
    field = markdown_field(cms, "body_forberedelse")
    field.click()
    cms.keyboard.press("Control+a")
    cms.keyboard.type("Skriv beslutningen på én side og send den ut.")
    cms.click("[id^='draft-field']")
    panel = save(cms)
    assert heading(cms) == "Publisert", panel
    assert "draft:" not in (editing.repo / path).read_text(encoding="utf-8")
    assert toolkit("check", cwd=editing.repo).returncode == 0


def test_the_marks_beside_the_fields_agree_with_the_check(cms, editing):
    """Decap marks every field that is not required «(valgfritt)»; the form says «(anbefalt)»
    where the check warns without it, and names the other of two fields one of which is needed.
    Moving to another collection inside the form (Decap reuses its labels) keeps them right."""
    marks = """() => Object.fromEntries(Array.from(document.querySelectorAll('label[for]')).map(
        label => [label.firstChild.nodeValue.trim(), label.textContent.trim()]))"""
    cms.goto(editing.url + "#/collections/ovelser/new")
    cms.wait_for_selector("[id^='title-field']", timeout=60000)
    cms.wait_for_function(f"({marks})()['Formål'] === 'Formål (anbefalt)'")
    shown = cms.evaluate(marks)
    for section in ("Formål", "Slik gjør dere det", "Digital variant"):
        assert shown[section] == f"{section} (anbefalt)"
    assert shown["Hører sammen med"] == "Hører sammen med (valgfritt)"  # the check says nothing without it
    assert shown["Varighet (minutter)"] == "Varighet (minutter)"
    cms.once("dialog", lambda dialog: dialog.accept())  # «leave the new page?»
    cms.goto(editing.url + "#/collections/opptak/new")
    cms.wait_for_function(f"({marks})()['YouTube-id'] === 'YouTube-id (denne eller «Video»)'")
    shown = cms.evaluate(marks)
    assert shown["Teksting"] == "Teksting"  # a recording is not published without captions
    assert shown["Video"] == "Video (denne eller «YouTube-id»)"
    assert shown["Sist gjennomgått"] == "Sist gjennomgått (valgfritt)"
    assert not [text for text in shown.values() if "anbefalt" in text]


def english_on_the_page(page) -> list[str]:
    """Decap's English phrases (those the Norwegian locale words differently) found in the
    page's text, tips and labels, in the page and in the preview."""
    phrases = page.evaluate("""() => {
        const flat = (o, p = '', out = {}) => { for (const k in o) { const v = o[k], q = p ? p + '.' + k : k;
            if (v && typeof v === 'object') flat(v, q, out); else out[q] = v; } return out; };
        const en = flat(CMS.getLocale('en')), nb = flat(CMS.getLocale('nb_no'));
        return Object.keys(en).filter(k => nb[k] !== en[k]).map(k => en[k]);
    }""")
    texts = []
    for frame in page.frames:
        texts += frame.evaluate("""() => [document.body ? document.body.innerText : '',
            ...Array.from(document.querySelectorAll('[title], [aria-label], [placeholder]')).flatMap(
                el => ['title', 'aria-label', 'placeholder'].map(a => el.getAttribute(a) || ''))]""")
    seen = "\n".join(texts)
    found = []
    for phrase in phrases:
        for part in re.split(r"%\{\w+\}", phrase):
            part = part.strip(" .:…")
            if len(part) >= 3 and re.search(rf"(?<![\w-]){re.escape(part)}(?![\w-])", seen):
                found.append(part)
    return sorted(set(found))


def test_every_label_button_and_tip_is_norwegian(cms, editing):
    for where, ready in (("#/collections/ovelser", "text=Øvelser"),
                         ("#/collections/ovelser/entries/pre-mortem", "[id^='preparation-field']"),
                         ("#/collections/opptak/new", "[id^='speakers-field']"),
                         ("#/collections/teori/new", "[id^='sources-field']")):
        page = cms.context.new_page()  # a fresh page: Decap keeps a page's field ids across collections
        page.goto(editing.url + where)
        page.wait_for_selector(ready, timeout=60000)
        page.wait_for_timeout(500)
        assert english_on_the_page(page) == [], where
        page.close()
    # The markdown toolbar's tips and the list buttons, named in Norwegian.
    cms.goto(editing.url + "#/collections/ovelser/entries/pre-mortem")
    cms.wait_for_selector("[id^='preparation-field']", timeout=60000)
    assert cms.locator("[id^='materials-field'] button").filter(has_text="Legg til materiell").count() == 1
    toolbar = cms.locator("[aria-label='markdown-felt']:has(label[for^='body_formal-field'])")
    toolbar.locator("button").first.hover()
    cms.wait_for_timeout(300)
    assert english_on_the_page(cms) == []


@pytest.mark.parametrize(("path", "piece", "text"), [
    ("historier/entries/fra-rapportering-til-dialog", ".vk-story-facts", "Etat for eksempelvedlikehold"),
    ("teori/entries/beslutninger", "h2", "Kilder"),
    ("opptak/new", "p.vk-facts", None),  # a recording's facts line: there, if still empty
])
def test_each_collections_preview_has_the_pieces_its_pages_have(cms, editing, path, piece, text):
    """preview.js names no collection: it registers its page for every collection of pages
    in the configuration and picks the pieces by the fields the form has."""
    cms.goto(editing.url + "#/collections/" + path)
    cms.wait_for_selector("[id^='title-field']", timeout=60000)
    preview = cms.frame_locator("iframe").first
    preview.locator("article.md-typeset").wait_for(timeout=30000)
    preview.locator(piece, has_text=text).first.wait_for(state="attached", timeout=10000)
    assert preview.locator("dl.vk-summary").count() == 0  # an exercise's boxes only on an exercise


def test_the_preview_is_the_sites_page_with_the_sites_stylesheet(cms, editing):
    cms.goto(editing.url + "#/collections/ovelser/entries/djevelens-advokat")
    cms.wait_for_selector("[id^='duration-field']", timeout=60000)
    preview = cms.frame_locator("iframe").first
    preview.locator("h1").wait_for(timeout=30000)
    title = cms.input_value("[id^='title-field']")
    assert preview.locator("article.md-typeset h1").inner_text() == title
    summary = preview.locator("dl.vk-summary")
    assert summary.evaluate("el => getComputedStyle(el).display") == "grid"  # exercises.css, as on the site
    assert preview.locator("h1").evaluate("el => getComputedStyle(el).fontWeight") == "300"  # Material's
    duration = cms.input_value("[id^='duration-field']")
    assert f"{duration} min" in summary.inner_text()
    cms.fill("[id^='duration-field']", "35")
    preview.locator("dl.vk-summary", has_text="35 min").wait_for(timeout=10000)
    assert preview.locator("h2", has_text="Slik gjør dere det").count() == 1
    assert cms.requests.foreign() == []
    assert any(url.endswith("/admin/site/site.css") for url in cms.requests.urls)
