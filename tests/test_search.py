"""Search that understands Chinese, in the reader's language.

The index (generator/engine/searchindex.py: one file a language, an entry for every numbered block;
jieba segments the Chinese at build time, overrides/search/userdict.txt keeps the plan's terms of
art whole) and the site served over HTTP on 127.0.0.1, searched in Debian's Chromium: a word inside
a sentence, a mandate number and a paragraph number each find the place that contains them, best
first; a reader of the English site gets English pages only, of the Chinese site Chinese ones; no
request leaves the page's origin. Screenshots go to test-artifacts/. The same queries run on the
offline bundle from file:// in test_offline_bundle.py; the labelled set and its figures are in
test_search_quality.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ARTIFACTS, ROOT

from generator.engine import searchindex

USERDICT = ROOT / "overrides" / "search" / "userdict.txt"

# Words inside sentences, terms of art, mandate numbers, a paragraph number: each must be found,
# best first. (Material's worker alone would rank 国家自主贡献 and 环境大会 below pages that merely
# contain 国家 and 自主, 环境 and 大: assets/javascripts/search.js keeps the words whole.)
CHINESE_QUERIES = ["泥炭地", "红树林", "排放差距报告", "负责任银行原则", "沙尘暴", "74/251", "4/16", "14.47",
                   "国家自主贡献", "环境大会"]
ENGLISH_QUERIES = ["Climate action", "mandates"]

_SECTION_TEXT = """(id) => {
  const article = document.querySelector("article") || document.body;
  const heads = [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  const start = id ? document.getElementById(id) : heads[0];
  if (!start) return null;
  if (!heads.includes(start)) return start.textContent;  // a numbered block: its own text
  const range = document.createRange();
  range.setStartBefore(start);
  const next = heads[heads.indexOf(start) + 1];
  if (next) range.setEndBefore(next); else range.setEndAfter(article.lastChild);
  return range.toString();
}"""


# --------------------------------------------------------------------------- helpers (shared)


class Searcher:
    """Two tabs in one recorded browser context: one to search in (the index is loaded and indexed
    once per start page), one with scripts off to read the results' targets quickly."""

    def __init__(self, browser, label: str) -> None:  # noqa: F811
        self.label = label
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.results: dict[str, list[list[dict]]] = {}
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.reader_context = browser.new_context(java_script_enabled=False)
        self.reader_context.on("request", lambda request: self.requests.append(request.url))
        self.reader = self.reader_context.new_page()

    def close(self) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        top3 = {q: [[item["title"] for item in group[:1]] + [best_target(group, title=True)]
                    for group in groups[:3]] for q, groups in self.results.items()}
        (ARTIFACTS / f"{self.label}-results.json").write_text(
            json.dumps(top3, ensure_ascii=False, indent=1), encoding="utf-8")
        self.reader_context.close()
        self.context.close()

    def search(self, start: str, query: str) -> list[list[dict]]:
        """Type ``query`` into the search box of ``start``; the result groups (one per page, best
        first), each a list of {href, title, marked}: the page, then its sections best first."""
        if self.page.url != start:
            self.page.goto(start)
        box = self.page.locator("input.md-search__input")
        box.click()
        box.fill("")
        box.press("End")
        self.page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=5000)
        box.fill(query)
        box.press("End")  # Material reads the query on keyup
        self.page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
        groups = self.page.locator("li.md-search-result__item").evaluate_all("""items => items.map(li =>
            [...li.querySelectorAll("a.md-search-result__link")].map(a => ({
                href: a.href,
                title: (a.querySelector("h1, h2") || a).innerText.replace(/\\u200b/g, "").trim(),
                marked: a.querySelector("mark") !== null,
                score: parseFloat(a.querySelector("article").getAttribute("data-md-score") || "0"),
            })))""")
        shot(self.page, f"{self.label}-{query}")
        self.results[f"{'en' if '/en/' in urlsplit(start).path else 'zh'}: {query}"] = groups
        return groups

    def text_at(self, href: str) -> str:
        """The text of the section ``href`` points to (its heading to the next heading), or of
        the page's beginning (h1 to the first sub-heading), as the search index cuts pages."""
        self.reader.goto(href)
        anchor = unquote(urlsplit(href).fragment)
        text = self.reader.evaluate(_SECTION_TEXT, anchor or None)
        assert text is not None, f"{href}: no element with id {anchor!r}"
        return text.replace("\u200b", "")

    def check(self, start: str, query: str, lang: str) -> list[list[dict]]:
        """Search ``query`` from ``start``: results exist, all in ``lang``'s part of the site, and
        the best one contains the query."""
        groups = self.search(start, query)
        assert groups, f"{query!r}: no result"
        hrefs = [item["href"] for group in groups for item in group]
        english = [h for h in hrefs if "/en/" in urlsplit(h).path]
        if lang == "en":
            assert english == hrefs, f"{query!r} on the English site: results outside /en/: {hrefs}"
        else:
            assert not english, f"{query!r} on the Chinese site: English results {english}"
        target = best_target(groups[0])
        assert contains_query(self.text_at(target), query), f"{query!r}: best result {target} lacks it"
        return groups

    def foreign_requests(self, allowed: str) -> list[str]:
        """Requests whose URL does not start with ``allowed`` (data: and blob: stay in the page)."""
        return [u for u in self.requests if not u.startswith(allowed) and not u.startswith(("data:", "blob:"))]


def best_target(group: list[dict], title: bool = False) -> str:
    """The best match of a result group (one page): its best-scored place, the one Enter opens."""
    best = max(group, key=lambda item: item["score"])
    return best["title" if title else "href"]


def contains_query(text: str, query: str) -> bool:
    """Chinese and numbers: the query as written; English: every word (any case)."""
    if re.search(r"[A-Za-z]", query):
        return all(word.lower() in text.lower() for word in query.split())
    return query in text


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "-", name)
    page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=False)


# --------------------------------------------------------------------------- the index


@pytest.fixture(scope="module")
def index(built_site) -> dict[str, list[dict]]:
    """Every language's index (search/<lang>.js), as lists of {location, title, text, ref, kind}."""
    assert built_site["proc"].returncode == 0, built_site["proc"].stderr
    return {lang: searchindex.read_language_index(built_site["site"], lang) for lang in ("zh", "en")}


def _tokens(docs: list[dict]) -> set[str]:
    out: set[str] = set()
    for doc in docs:
        out.update(t.lower() for t in re.split(r"[\s\u200b、，。；：（）()《》“”]+", doc["title"] + " " + doc["text"]) if t)
    return out


def test_terms_of_art_mandates_and_paragraph_numbers_are_whole_words(index):
    tokens = _tokens(index["zh"])
    for term in ["国家自主贡献", "可持续发展目标", "环境大会", "排放差距报告", "负责任银行原则", "泥炭地",
                 "74/251", "4/16", "14.47"]:
        assert term in tokens, term


def test_one_index_a_language_and_the_page_downloads_none(built_site, index):
    stub = json.loads((built_site["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["languages"] == ["en", "zh"] and "config" in stub
    assert all(doc["location"].startswith("en/") for doc in index["en"])
    assert not any(doc["location"].startswith("en/") for doc in index["zh"])


def test_every_numbered_block_is_an_entry_with_its_number(index):
    by_location = {doc["location"]: doc for doc in index["zh"]}
    para = by_location["subprogramme-3.html#para-14.47"]
    assert para["ref"] == "14.47" and para["kind"] == "p" and "红树林" in para["text"]
    assert by_location["resources.html#table-14.16"]["ref"] == "表 14.16"
    assert by_location["resources.html#figure-14.18"]["ref"] == "图 14.十八"
    assert by_location["mandates.html#ga-resolution-74-251"]["ref"] == "74/251"
    assert by_location["mandates.html#ga-resolution-74-251"]["kind"] == "li"
    # a block's text is its own, not also its section's
    section = by_location["subprogramme-3.html#2019-年方案执行情况厄瓜多尔肯尼亚和马达加斯加的红树林生态系统可持续管理达到新高度"]
    assert "原始红树林覆盖面积" not in section["text"].replace("\u200b", "")
    # the mandates of a section's list: the section is marked as a list
    assert by_location["subprogramme-3.html#立法授权"]["kind"] == "list"


def test_a_page_is_cut_at_its_headings_and_its_numbered_blocks():
    html = ('<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>Intro <b>text</b></p>'
            '<h2 id="s">Section</h2><p class="para" id="para-1.2"><a class="para-num" href="#para-1.2">1.2</a>'
            ' Body<br>line</p><div class="chart" data-search-exclude><svg><text>9</text></svg></div>'
            '<table><tr><th>a</th><td>b</td></tr></table><a href="x.csv" download>CSV</a>')
    entries = searchindex.page_entries(html, "p.html", "Page", lambda text: text)
    assert entries == [
        {"location": "p.html", "title": "Title", "text": "Intro text", "kind": ""},
        {"location": "p.html#s", "title": "Section", "text": "a b", "kind": ""},
        {"location": "p.html#para-1.2", "title": "Section", "text": "1.2 Body line", "kind": "p", "ref": "1.2"},
    ]


@pytest.mark.parametrize("html", [
    '<h1 id="t">T</h1><p>a</p><div class="x" data-search-exclude><div>in</div><table><tr><td>9</td></tr></table></div>'
    '<p>b</p><div data-search-exclude><p>c</p></div>d',
    '<h1 id="t">T</h1>a<span data-search-exclude>x</span>b<div data-search-exclude>y<div>z</div></div>',
    '<h1 id="t">T</h1><p>a</p><div data-search-exclude><div>never closed</div>',  # left to the parser
    '<h1 id="t">T</h1><DIV data-search-exclude>x</div>e<svg data-search-exclude><text>1</text></svg>',
], ids=["nested", "inline", "unclosed", "case"])
def test_what_is_out_of_search_is_cut_before_parsing_with_the_same_entries(html: str, monkeypatch) -> None:
    cut = searchindex.page_entries(html, "p.html", "P", lambda text: text)
    monkeypatch.setattr(searchindex, "_without_excluded", lambda text: text)  # the parser skips them itself
    assert cut == searchindex.page_entries(html, "p.html", "P", lambda text: text)
    assert not re.search(r"in|9|c|x|y|z|1", cut[0]["text"].replace("never closed", ""))


def test_the_user_dictionary_holds_terms_of_the_plan_that_jieba_would_split():
    import jieba

    terms = [line.strip() for line in USERDICT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(terms) == len(set(terms)), "duplicate terms"
    plan_text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yaml"))
    tokenizer = jieba.Tokenizer()  # the default dictionary alone
    for term in terms:
        # Material hands jieba runs of Han characters only
        assert re.fullmatch(r"[\u4e00-\u9fff]+", term), f"{term!r}: only Han characters"
        assert term in plan_text, f"{term!r} does not occur in content/"
        assert len(list(tokenizer.cut(term))) > 1, f"{term!r}: jieba keeps it whole without the dictionary"
    tokenizer.load_userdict(str(USERDICT))
    for term in terms:
        assert list(tokenizer.cut(term)) == [term], term


def test_the_vendored_opencc_is_the_released_file_with_its_licences():
    folder = ROOT / "overrides" / "assets" / "javascripts" / "vendor" / "opencc-js"
    digest = hashlib.sha256((folder / "t2cn.js").read_bytes()).hexdigest()
    assert "sha256 of t2cn.js" in (folder / "README.md").read_text(encoding="utf-8")
    assert digest in (folder / "README.md").read_text(encoding="utf-8")
    for name in ("LICENSE", "LICENSE-Apache-2.0.txt", "THIRD_PARTY_LICENSES.md"):
        assert (folder / name).is_file(), name


def test_english_pages_keep_their_sections_that_fall_back_to_chinese(index):
    zh = {d["location"] for d in index["zh"]}
    en = {d["location"].removeprefix("en/") for d in index["en"]}
    assert zh == en


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def searcher(browser, server):  # noqa: F811
    searcher = Searcher(browser, "search-http")
    yield searcher
    searcher.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("query", CHINESE_QUERIES)
def test_chinese_search_finds_the_sections_that_contain_the_word(server, searcher, query):  # noqa: F811
    searcher.check(f"{server}/index.html", query, "zh")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("query", ENGLISH_QUERIES)
def test_english_search_gives_english_pages_only(server, searcher, query):  # noqa: F811
    groups = searcher.check(f"{server}/en/index.html", query, "en")
    titles = [group[0]["title"] for group in groups]
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in titles), titles  # English page titles


@pytest.mark.browser
@pytest.mark.slow
def test_chinese_words_on_the_english_site_find_its_untranslated_text(server, searcher):  # noqa: F811
    # English pages show untranslated paragraphs in Chinese: searching them from /en/ stays on /en/
    searcher.check(f"{server}/en/index.html", "14.47", "en")
    searcher.check(f"{server}/en/index.html", "红树林", "en")


@pytest.mark.browser
@pytest.mark.slow
def test_search_stays_on_the_sites_own_origin(server, searcher):  # noqa: F811
    if not searcher.results:
        searcher.search(f"{server}/index.html", "环境大会")
    # the page fetches Material's index (the configuration only); the worker, whose requests the
    # browser context does not see, loads search/<lang>.js from the same origin (search.js names it)
    assert any(url.endswith("/search/search_index.json") for url in searcher.requests)
    assert searcher.foreign_requests(server + "/") == []
    assert searcher.errors == []


def test_the_search_index_loads_only_when_the_reader_searches(server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/subprogramme-3.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search_index.json" in url]
    page.locator("input.md-search__input").first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert [url for url in requested if "search_index.json" in url]
