"""The search as readers use it: the labelled queries of tests/data/search_queries.yaml (both
languages: topics, parts of words, mandates, paragraph/table/figure numbers, full-width and
traditional forms, typos, several words) typed into the served site's search box in Chromium
(tests/search_quality.py), with the figures they reach held here; and the place a result leads to
shows the match at once, on the first load, before any search index is fetched. The same set
runs from file:// in test_offline_bundle.py (a part of it)."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest
import search_quality
from conftest import ARTIFACTS, _QuietHandler

# The levels the labelled set reaches (make bench prints them): success@1 per language, and every
# query right within three, with no empty result list.
SUCCESS_AT_1 = {"zh": 0.98, "en": 0.95}
MRR = 0.97

# Results whose landing page must show the match: a section, a paragraph, a mandate, a table, a
# page title (Climate action), a traditional-character query.
LANDING = [("zh", "垃圾"), ("zh", "14.9"), ("zh", "74/251"), ("zh", "表 14.16"), ("zh", "紅樹林"),
           ("en", "Climate action"), ("en", "4/16")]

_FIRST_MARK = """() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = (id && document.getElementById(id)) || document.querySelector("article");
  const mark = target.querySelector("mark[data-md-highlight]");
  if (!mark) return null;
  const box = mark.getBoundingClientRect();
  return {text: mark.textContent, visible: box.top >= 0 && box.bottom <= innerHeight};
}"""


@pytest.fixture(scope="module")
def figures(browser, server):
    figures = search_quality.run(browser, server, search_quality.load_queries(), screenshots=None)
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {lang: figures.of(lang) for lang in ("zh", "en")}
    (ARTIFACTS / "search-quality.json").write_text(json.dumps(
        {"figures": summary, "misses": figures.misses(1)}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(summary))
    return figures


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_labelled_queries_find_their_place(figures, lang):
    got = figures.of(lang)
    assert got["queries"] >= 20
    assert got["empty"] == 0, figures.misses(100)
    assert got["success_at_3"] == 1.0, figures.misses(3)
    assert got["success_at_1"] >= SUCCESS_AT_1[lang], figures.misses(1)
    assert got["mrr"] >= MRR, figures.misses(1)


@pytest.mark.browser
@pytest.mark.slow
def test_results_stay_in_the_readers_language(figures):
    for outcome in figures.outcomes:
        english = [p for p in outcome.places if p.startswith("en/")]
        assert english == (outcome.places if outcome.query.lang == "en" else []), outcome.query


@pytest.mark.browser
@pytest.mark.slow
def test_the_place_a_result_leads_to_shows_the_match_on_the_first_load(browser, server):
    queries = [q for q in search_quality.load_queries() if (q.lang, q.q) in LANDING]
    assert len(queries) == len(LANDING)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    searching = context.new_page()
    reading = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, nothing cached
    requests: list[str] = []
    reading.on("request", lambda request: requests.append(request.url))
    landing = reading.new_page()
    try:
        for lang in ("zh", "en"):
            searching.goto(search_quality.start_page(server, lang))
            search_quality.type_query(searching, "14.1", timeout_ms=60_000)
            for query in (q for q in queries if q.lang == lang):
                search_quality.type_query(searching, query.q)
                href = searching.evaluate(search_quality.READ_RESULTS)[0]
                assert "?h=" in href, f"{query.q}: {href} carries no terms to highlight"
                landing.goto(href)
                landing.wait_for_load_state("load")
                landing.wait_for_timeout(200)
                mark = landing.evaluate(_FIRST_MARK)
                assert mark is not None, f"{query.q}: nothing marked at {href}"
                assert mark["visible"], f"{query.q}: the match at {href} is out of sight"
        assert not [url for url in requests if "/search/" in url], "the landing page waited for a search index"
    finally:
        reading.close()
        context.close()


class _Recording(_QuietHandler):
    served: list[str] = []

    def do_GET(self) -> None:
        self.served.append(self.path.split("?")[0])
        super().do_GET()


@pytest.mark.browser
@pytest.mark.slow
def test_a_reader_downloads_the_index_of_the_pages_language_only(browser, built_site):
    served: list[str] = []
    handler = functools.partial(type("Recording", (_Recording,), {"served": served}),
                                directory=str(built_site["site"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/en/index.html")
        search_quality.type_query(page, "4/16", timeout_ms=60_000)
        index = [path for path in served if path.startswith("/search/")]
        assert "/search/en.js" in index and "/search/zh.js" not in index, index
        assert not [path for path in served if "opencc" in path]  # a query the plan's characters spell
        search_quality.type_query(page, "紅樹林")
        assert [path for path in served if "opencc" in path]  # traditional characters: OpenCC, once
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
