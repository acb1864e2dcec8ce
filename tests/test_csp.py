"""Every page keeps to the web server's Content-Security-Policy (toolkit/publish/webserver/csp.py).

A page author who adds an inline script, an ``onclick=``, a ``style=`` attribute or a
``<style>`` element makes ``test_no_built_page_has_anything_the_policy_would_block`` fail
with the file, the line and what to do instead (move it into docs/assets/; see
docs-dev/web-server.md). The released tree (both cohorts, redirect pages) is checked by
``toolkit export`` itself and in the browser by tests/test_nginx.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from tests.conftest import ROOT
from toolkit.publish.webserver import csp
from toolkit.publish.webserver.export import ExportError, _check_policy

POLICY = csp.policy((ROOT / csp.NGINX_CONFIG).read_text(encoding="utf-8"))
ALLOWED = csp.allowed_hashes(POLICY)
MATERIAL = Path(material.__file__).parent / "templates"


def test_no_built_page_has_anything_the_policy_would_block(built_site):
    assert csp.problems(built_site, ALLOWED) == []


def test_every_allowed_hash_is_used_by_a_page_or_a_redirect(built_site):
    """No hash stays in the policy after its script is gone (each one is a script the
    browser would run). Material's outdated notice and mike's redirect pages exist only
    in a release: their scripts are rendered here from the templates."""
    used = set()
    for page in built_site.rglob("*.html"):
        used |= {csp.script_hash(s) for s in csp.inline_scripts(page.read_text())}
    outdated = (ROOT / "overrides/partials/javascripts/outdated.html").read_text()
    redirect = (ROOT / "toolkit/templates/redirect.html").read_text()
    for template in (outdated, redirect):
        used |= {csp.script_hash(s) for s in re.findall(r"<script[^>]*>(.*?)</script>", template, re.S)}
    assert ALLOWED == used


@pytest.mark.parametrize("partial, attribute, jinja", [
    ("base.html", "data-md-scope", '"{{ config.extra.scope | d(base_url) }}"'),
    ("outdated.html", "data-md-base", '"{{ base_url }}"'),
])
def test_our_constant_copies_of_materials_inline_scripts_differ_only_where_the_page_differs(
        partial, attribute, jinja):
    """Material writes the page's base into two of its scripts; ours read it from a data
    attribute, so one hash allows them on every page. After a Material upgrade this fails
    until the copies in overrides/partials/javascripts/ are taken over again."""
    theirs = re.search(r"<script>(.*?)</script>", (MATERIAL / "partials/javascripts" / partial).read_text()).group(1)
    ours = re.search(rf'<script {attribute}="[^"]*">(.*?)</script>',
                     (ROOT / "overrides/partials/javascripts" / partial).read_text()).group(1)
    dataset = "document.currentScript.dataset." + re.sub(r"-(\w)", lambda m: m.group(1).upper(),
                                                          attribute.removeprefix("data-"))
    expected = theirs.replace(jinja, dataset)
    if partial == "outdated.html":  # resolved against the page, as Material's bundle does
        expected = expected.replace(f"new URL({dataset})", f"new URL({dataset},location)")
    assert ours == expected


def test_materials_other_inline_scripts_are_allowed_as_they_are():
    for partial in ("palette.html", "content.html"):
        text = (MATERIAL / "partials/javascripts" / partial).read_text()
        scripts = [s for s in re.findall(r"<script>(.*?)</script>", text) if "__tabs" not in s]
        assert scripts and {csp.script_hash(s) for s in scripts} <= ALLOWED, partial


def test_everything_the_policy_blocks_is_found_with_its_line():
    page = """<!doctype html>
<p>Tekst</p>
<script>alert(1)</script>
<button onclick="window.print()">Skriv ut</button>
<div style="color: red">rød</div>
<style>p { color: red }</style>
<a href="javascript:void(0)">lenke</a>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/javascripts/site.js"></script>
"""
    found = [(b.line, b.message.split(" ")[0]) for b in csp.blocked(page, set())]
    assert found == [(3, "innebygd"), (4, "hendelsesattributtet"), (5, "style=-attributtet"),
                     (6, "<style>-elementet"), (7, "javascript:-adressen")]
    assert csp.blocked("<script>alert(1)</script>", {csp.script_hash("alert(1)")}) == []


def test_a_script_hash_is_what_browsers_compute():
    # The example of the CSP specification's hash-source: sha256 of «alert('Hello, world.');».
    assert csp.script_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_export_refuses_a_tree_with_a_script_the_policy_would_block(tmp_path):
    tree = tmp_path / "export"
    (tree / "2026-host").mkdir(parents=True)
    (tree / "2026-host" / "index.html").write_text("<p>Hei</p>\n<script>document.title = 'x'</script>\n")
    with pytest.raises(ExportError) as refused:
        _check_policy(ROOT, tree)
    assert "2026-host/index.html:2: innebygd skript" in str(refused.value)
    assert "toolkit release ID --replace" in str(refused.value)
