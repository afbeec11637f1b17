"""The offline bundle (`python -m generator bundle`, `make bundle`): one reproducible zip, named by
the document symbol and the date, that works unzipped anywhere from file://, with no network.

Built once per module in a copy of the project; then, unzipped into another folder and opened
through file:// in Debian's Chromium: search (the same queries as on the served site), links, the
language switch, a chart; every request the pages make is a file: one. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import search_quality
from conftest import copy_project
from test_search import CHINESE_QUERIES, ENGLISH_QUERIES, Searcher, shot

from generator.engine.bundle import bundle_name, remote_resources, write_zip
from generator.engine.searchindex import read_language_index

EPOCH = 1795780800  # 2026-11-27 12:00 UTC
NAME = "A-75-6-Sect.14_2026-11-27"


# --------------------------------------------------------------------------- without a build


def test_the_name_is_the_symbol_and_the_date():
    assert bundle_name("A/75/6 (Sect. 14)", EPOCH) == NAME
    assert bundle_name("A/76/6 (Sect. 14)/Corr.1", 0) == "A-76-6-Sect.14-Corr.1_1970-01-01"


def test_the_zip_is_reproducible(tmp_path):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (site / "en" / "index.html").write_text("<p>Home</p>", encoding="utf-8")
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert write_zip(site, first, NAME, EPOCH) == 2
    for path in site.rglob("*"):  # other file times and modes: the same bytes
        path.touch()
    (site / "index.html").chmod(0o600)
    write_zip(site, second, NAME, EPOCH)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == [f"{NAME}/en/index.html", f"{NAME}/index.html"]
        assert {info.date_time for info in zf.infolist()} == {(2026, 11, 27, 12, 0, 0)}


def test_remote_resources_are_found(tmp_path):
    (tmp_path / "a.html").write_text(
        '<html><head><script src="https://unpkg.com/iframe-worker/shim"></script>\n'
        '<link rel="stylesheet" href="//fonts.example.org/css">\n'
        '<link rel="alternate" href="https://example.org/en/" hreflang="en">\n'
        '<style>body { background: url("https://example.org/bg.png") }</style></head>\n'
        '<body><a href="https://undocs.org/zh/A/RES/74/251">a link is not a request</a>\n'
        '<img src="assets/x.png" srcset="x.png 1x, http://example.org/x2.png 2x"></body></html>',
        encoding="utf-8")
    (tmp_path / "b.css").write_text("@import 'https://example.org/a.css'; p { }", encoding="utf-8")
    assert remote_resources(tmp_path) == [
        "a.html:1: https://unpkg.com/iframe-worker/shim",
        "a.html:2: //fonts.example.org/css",
        "a.html:4: https://example.org/bg.png",
        "a.html:6: http://example.org/x2.png",
        "b.css: https://example.org/a.css",
    ]


# --------------------------------------------------------------------------- the real bundle


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> dict:
    """`python -m generator bundle` in a copy of the project, the zip unzipped elsewhere."""
    work = tmp_path_factory.mktemp("bundle-project")
    copy_project(work)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "bundle"], cwd=work, capture_output=True, text=True,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1", "HOME": str(work),
             "TMPDIR": str(work), "SOURCE_DATE_EPOCH": str(EPOCH)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zips = sorted((work / "dist").glob("*.zip"))
    unzipped = tmp_path_factory.mktemp("anywhere")
    for path in zips:
        with zipfile.ZipFile(path) as zf:
            zf.extractall(unzipped)
    return {"zips": zips, "site": unzipped / NAME, "proc": proc}


@pytest.mark.slow
def test_one_zip_named_by_symbol_and_date_holding_one_folder(bundle):
    assert [p.name for p in bundle["zips"]] == [f"{NAME}.zip"]
    with zipfile.ZipFile(bundle["zips"][0]) as zf:
        names = zf.namelist()
    assert names == sorted(names)
    assert {n.split("/")[0] for n in names} == {NAME}
    assert f"{NAME}/404.html" not in names and not [n for n in names if n.endswith(".map")]
    for page in ("index.html", "en/index.html", "subprogramme-3.html", "en/mandates.html",
                 "search/search_index.js", "search/zh.js", "search/en.js",
                 "assets/javascripts/vendor/iframe-worker/shim.js", "assets/javascripts/vendor/iframe-worker/LICENSE",
                 "assets/javascripts/search-worker.js", "assets/javascripts/vendor/opencc-js/t2cn.js",
                 "assets/javascripts/vendor/opencc-js/LICENSE"):
        assert f"{NAME}/{page}" in names, page
    print(f"bundle: {bundle['zips'][0].stat().st_size} bytes, {len(names)} files")


@pytest.mark.slow
def test_the_offline_search_index_is_one_script_a_language(bundle):
    script = (bundle["site"] / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = {") and '"docs":[]' in script  # the configuration only
    zh = read_language_index(bundle["site"], "zh")
    en = read_language_index(bundle["site"], "en")
    assert any(doc["location"] == "subprogramme-3.html#para-14.47" for doc in zh)
    assert any(doc["location"] == "en/subprogramme-3.html#para-14.47" for doc in en)


@pytest.mark.slow
def test_nothing_is_loaded_from_another_host(bundle):
    assert remote_resources(bundle["site"]) == []
    home = (bundle["site"] / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in home and "fonts.googleapis" not in home


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if tag in ("a", "link", "script", "img") and values.get(name):
                self.links.append(values[name])


@pytest.mark.slow
def test_every_link_inside_the_bundle_leads_to_a_file_and_place_in_it(bundle):
    site = bundle["site"]
    pages: dict[Path, _Links] = {}
    for path in site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    broken: list[str] = []
    for path, parser in sorted(pages.items()):
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # undocs.org and other documents: links the reader follows, not part of the bundle
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            rel = path.relative_to(site.resolve())
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{rel}: {link}")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{rel}: {link} (no such anchor)")
    assert broken == []


# --------------------------------------------------------------------------- in Chromium, from file://


@pytest.fixture(scope="module")
def offline(browser, bundle):  # noqa: F811
    searcher = Searcher(browser, "offline-search")
    searcher.base = bundle["site"].as_uri()  # type: ignore[attr-defined]
    yield searcher
    searcher.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("query", CHINESE_QUERIES)
def test_offline_search_finds_chinese_words(offline, query):
    offline.check(f"{offline.base}/index.html", query, "zh")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("query", ENGLISH_QUERIES)
def test_offline_search_in_english(offline, query):
    offline.check(f"{offline.base}/en/index.html", query, "en")


# A part of the labelled set (tests/data/search_queries.yaml): every category, both languages.
OFFLINE_QUERIES = {("zh", "垃圾"), ("zh", "自主贡献"), ("zh", "74/251"), ("zh", "７４/２５１"), ("zh", "14.9"),
                   ("zh", "表 14.16"), ("zh", "紅樹林"), ("zh", "气侯变化"), ("zh", "红树林 马达加斯加"),
                   ("en", "Climate action"), ("en", "peatlands"), ("en", "4/16"), ("en", "Table 14.16")}


@pytest.mark.browser
@pytest.mark.slow
def test_offline_labelled_queries_find_their_place(browser, bundle):
    queries = [q for q in search_quality.load_queries() if (q.lang, q.q) in OFFLINE_QUERIES]
    assert len(queries) == len(OFFLINE_QUERIES)
    figures = search_quality.run(browser, bundle["site"].as_uri(), queries)
    for lang in ("zh", "en"):
        got = figures.of(lang)
        assert got["empty"] == 0 and got["success_at_1"] == 1.0, figures.misses(1)


@pytest.mark.browser
@pytest.mark.slow
def test_offline_links_language_switch_and_chart(offline):
    page = offline.page
    page.goto(f"{offline.base}/index.html")
    # a link of the navigation, then a chart on that page
    with page.expect_navigation():
        page.locator("a.subprogramme-card").nth(2).click()
    assert page.url == f"{offline.base}/subprogramme-3.html"
    figure = page.locator('[id="figure-14.6"]')
    figure.scroll_into_view_if_needed()
    assert figure.locator("svg, img").first.is_visible()
    shot(page, "offline-chart-subprogramme-3")
    # the language switch keeps the page and the place
    page.goto(f"{offline.base}/subprogramme-3.html#para-14.47")
    page.locator(".md-header__option .md-select").first.hover()
    link = page.locator('a.md-select__link[hreflang="en"]')
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert page.url == f"{offline.base}/en/subprogramme-3.html#para-14.47"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").first.inner_text().startswith("Subprogramme 3")
    shot(page, "offline-en-subprogramme-3")
    # and back, from a page deeper in the English site
    page.goto(f"{offline.base}/en/mandates.html")
    page.locator(".md-header__option .md-select").first.hover()
    link = page.locator('a.md-select__link[hreflang="zh"]')
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert page.url == f"{offline.base}/mandates.html"


@pytest.mark.browser
@pytest.mark.slow
def test_offline_pages_request_only_files(offline):
    if not offline.results:
        offline.search(f"{offline.base}/index.html", "环境大会")
    assert any(url.endswith("/search/search_index.js") for url in offline.requests)
    assert offline.foreign_requests("file:") == []
    assert offline.errors == []
