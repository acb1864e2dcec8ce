"""Our stylesheets and scripts under content-hashed names (toolkit/mkdocs_plugin/assets.py, toolkit/mkdocs_plugin/plugin.py),
and the export's precompressed files (toolkit/publish/webserver/export.py), which together let the web server
cache everything but the HTML for a year and send nothing it has to compress."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.conftest import ROOT
from toolkit.mkdocs_plugin import assets
from toolkit.publish.webserver.export import precompress
from toolkit.settings import from_environment


def listed(key: str) -> list[str]:
    """The paths under ``key:`` in mkdocs.yml (its tags need MkDocs' own loader)."""
    block = re.search(rf"^{key}:\n((?:  (?:- .+|#.*)\n)+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return re.findall(r"^  - (\S+)", block.group(1), re.M)  # comments between the entries left out


CONFIG = {"extra_css": listed("extra_css"), "extra_javascript": listed("extra_javascript")}


def test_a_hashed_name_carries_eight_hex_digits_of_the_content():
    name = assets.hashed_name("assets/javascripts/finder.js", b"one")
    assert re.fullmatch(r"assets/javascripts/finder\.[0-9a-f]{8}\.js", name)
    assert name != assets.hashed_name("assets/javascripts/finder.js", b"two")
    assert name == assets.hashed_name("assets/javascripts/finder.js", b"one")


def test_a_bundle_keeps_the_order_and_no_script_runs_into_the_next():
    js = assets.bundle(assets.JS_BUNDLE, [("a.js", b"var a = 1"), ("b.js", b"(function () {})()\n")])
    text = js.content.decode()
    assert text.index("var a=1") < text.index("(function(){})()")
    assert "var a=1\n;\n" in text  # minified; without the «;» b.js's «(» would call «1»
    assert js.path == assets.hashed_name(assets.JS_BUNDLE, js.content)


def test_a_build_gets_hashed_assets_and_the_preview_the_plain_files():
    assert assets.uses_hashed_assets("build", None)  # toolkit build, and mike
    assert not assets.uses_hashed_assets("serve", None)  # make serve
    assert not assets.uses_hashed_assets("build", from_environment({"TOOLKIT_ASSETS": "plain"}).assets)


def test_a_stylesheet_with_import_cannot_be_bundled():
    with pytest.raises(assets.AssetError, match="x.css: @import"):
        assets.bundle(assets.CSS_BUNDLE, [("x.css", b'@import "y.css";\np { color: red }')])


@pytest.mark.parametrize("page, html, expected", [
    ("ovelser/", '<script src="../assets/javascripts/finder.js">', '<script src="../assets/javascripts/finder.1234abcd.js">'),
    ("", '<link rel="icon" href="assets/favicon.svg">', '<link rel="icon" href="assets/favicon.1234abcd.svg">'),
    ("404.html", '<link href="/2026-host/assets/favicon.svg">', '<link href="/2026-host/assets/favicon.1234abcd.svg">'),
    ("ovelser/", '<a href="../assets/javascripts/other.js">', '<a href="../assets/javascripts/other.js">'),
    ("ovelser/", '<a href="https://example.org/assets/favicon.svg">', '<a href="https://example.org/assets/favicon.svg">'),
    ("ovelser/", '<a title="../assets/favicon.svg">', '<a title="../assets/favicon.svg">'),
    ("ovelser/", '<a xhref="../assets/favicon.svg" data-src="../assets/favicon.svg">', '<a xhref="../assets/favicon.svg" data-src="../assets/favicon.1234abcd.svg">'),
    ("ovelser/", '<img alt="" src="../assets/favicon.svg"><a href="../assets/my-favicon.svg">', '<img alt="" src="../assets/favicon.1234abcd.svg"><a href="../assets/my-favicon.svg">'),
    ("ovelser/", '<a href="../assets/favicon.svg?v=1">', '<a href="../assets/favicon.svg?v=1">'),
])
def test_references_to_a_renamed_file_follow_it(page, html, expected):
    renamed = {"assets/javascripts/finder.js": "assets/javascripts/finder.1234abcd.js",
               "assets/favicon.svg": "assets/favicon.1234abcd.svg"}
    site_path = "/2026-host/" if page == "404.html" else "/"
    assert assets.rewrite_references(html, page, renamed, site_path) == expected


def test_a_build_serves_our_stylesheets_and_scripts_as_one_hashed_file_each(built_site):
    css = list((built_site / "assets/stylesheets").glob("site.*.css"))
    js = list((built_site / "assets/javascripts").glob("site.*.js"))
    assert len(css) == len(js) == 1
    assert re.fullmatch(r"site\.[0-9a-f]{8}\.css", css[0].name) and re.fullmatch(r"site\.[0-9a-f]{8}\.js", js[0].name)
    bundled_css, bundled_js = css[0].read_text(), js[0].read_text()
    positions = [bundled_css.index(f"/* {path} */") for path in CONFIG["extra_css"]]
    assert positions == sorted(positions)  # the order of mkdocs.yml: the cascade is unchanged
    for path in CONFIG["extra_javascript"]:  # each script whole, minified, in mkdocs.yml's order
        assert assets.minified(path, (ROOT / "docs" / path).read_bytes()).decode().strip() in bundled_js
    shipped = sum(len((ROOT / "docs" / path).read_bytes()) for path in CONFIG["extra_javascript"])
    assert len(bundled_js.encode()) < 0.8 * shipped  # comments and needless whitespace gone
    for path in [*CONFIG["extra_css"], *CONFIG["extra_javascript"]]:
        assert not (built_site / path).exists(), f"{path} is served unhashed too"
    page = (built_site / "ovelser/moteevaluering/index.html").read_text()
    assert f'href="../../assets/stylesheets/{css[0].name}"' in page
    assert f'src="../../assets/javascripts/{js[0].name}"' in page


def test_no_page_refers_to_a_file_of_ours_without_a_hash(built_site):
    plain = re.compile(r'(?:src|href)="[^"]*assets/(?:javascripts|stylesheets)/[^"/]+?(?<!\.min)\.(?:js|css)"'
                       r'|href="[^"]*assets/favicon\.svg"')
    for page in [*built_site.rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        for match in plain.finditer(text):
            assert re.search(r"\.[0-9a-f]{8}\.(min\.)?(js|css)\"$", match.group(0)), (page, match.group(0))
    worker = re.search(r'"search": "([^"]+)"', (built_site / "index.html").read_text()).group(1)
    assert re.fullmatch(r"assets/javascripts/workers/search-pagefind\.[0-9a-f]{8}\.js", worker)
    assert (built_site / worker).is_file()


def test_the_export_writes_a_gzip_copy_beside_every_file_that_compresses(tmp_path):
    page = tmp_path / "2026-host" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>Hei</p>\n" * 200)
    (tmp_path / "2026-host" / "video.mp4").write_bytes(b"\0" * 5000)
    (tmp_path / "2026-host" / "nb_1a2b3c4.pf_fragment").write_bytes(gzip.compress(b"x" * 5000))
    (tmp_path / "tiny.json").write_text("{}")
    (tmp_path / "sitemap.xml").write_text("<urlset></urlset>" * 50)
    (tmp_path / "sitemap.xml.gz").write_bytes(b"MkDocs' own")
    assert precompress(tmp_path) == 1
    assert gzip.decompress((tmp_path / "2026-host/index.html.gz").read_bytes()) == page.read_bytes()
    assert not (tmp_path / "2026-host/video.mp4.gz").exists()  # video, and Pagefind's own gzip data
    assert not (tmp_path / "2026-host/nb_1a2b3c4.pf_fragment.gz").exists()
    assert not (tmp_path / "tiny.json.gz").exists()  # gzip would make it bigger
    assert (tmp_path / "sitemap.xml.gz").read_bytes() == b"MkDocs' own"
    first = (tmp_path / "2026-host/index.html.gz").read_bytes()
    (tmp_path / "2026-host/index.html.gz").unlink()
    precompress(tmp_path)
    assert (tmp_path / "2026-host/index.html.gz").read_bytes() == first  # reproducible
