"""Search quality: the labelled queries of tests/data/search_queries.yaml typed into the site's search
box in Chromium, and the figures a reader feels: success@1, success@3, mean reciprocal rank, empty
result lists, and the time from the last keystroke to the results on the screen.

Used by tests/test_search_quality.py (which holds the figures) and by ``make bench`` (which prints
them). A result list is read as the reader sees it: one entry per page, in the order shown; an
entry's place is its best-scored link (the one Enter opens), without the ``?h=`` highlight
parameter. A query is right at k when one of its expected places is among the first k entries.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.yaml"

# The result list, one entry per page (Material's result item), each its best-scored link.
READ_RESULTS = """() => [...document.querySelectorAll("li.md-search-result__item")].map(li => {
  const links = [...li.querySelectorAll("a.md-search-result__link")].map(a => ({
    href: a.href,
    score: parseFloat(a.querySelector("article").getAttribute("data-md-score") || "0"),
  }));
  let best = links[0];
  for (const link of links) if (link.score > best.score) best = link;
  return best ? best.href : null;
}).filter(Boolean)"""

# Done when the line above the results no longer shows what it showed before the query.
_ANSWERED = """(before) => {
  const meta = document.querySelector(".md-search-result__meta");
  return meta && meta.textContent !== before;
}"""


@dataclass
class Query:
    lang: str
    q: str
    cat: str
    expect: list[str]


@dataclass
class Outcome:
    query: Query
    places: list[str]           # the result list, one place a page, best first
    seconds: float              # last keystroke to results shown

    @property
    def rank(self) -> int | None:
        for i, place in enumerate(self.places, 1):
            if place in self.query.expect:
                return i
        return None


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, lang: str | None = None) -> dict:
        rows = [o for o in self.outcomes if lang is None or o.query.lang == lang]
        ranks = [o.rank for o in rows]
        n = len(rows) or 1
        return {
            "queries": len(rows),
            "success_at_1": round(sum(r == 1 for r in ranks) / n, 3),
            "success_at_3": round(sum(r is not None and r <= 3 for r in ranks) / n, 3),
            "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
            "empty": sum(not o.places for o in rows),
            "median_ms": round(1000 * statistics.median(o.seconds for o in rows), 1) if rows else None,
            "max_ms": round(1000 * max(o.seconds for o in rows), 1) if rows else None,
        }

    def misses(self, k: int = 1) -> list[str]:
        return [f"{o.query.lang}: {o.query.q!r} ({o.query.cat}) -> {o.places[:3]}"
                for o in self.outcomes if o.rank is None or o.rank > k]


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(lang, item["q"], item["cat"], list(item["expect"]))
            for lang, items in data.items() for item in items]


def place_of(href: str, base: str) -> str:
    """``http://host/en/page.html?h=x#para-14.1`` -> ``en/page.html#para-14.1`` (relative to ``base``)."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    root = unquote(urlsplit(base).path).rstrip("/") + "/"
    if path.startswith(root):
        path = path[len(root):]
    fragment = unquote(parts.fragment)
    return f"{path}#{fragment}" if fragment else path


def start_page(base: str, lang: str, default: str = "zh") -> str:
    return f"{base}/index.html" if lang == default else f"{base}/{lang}/index.html"


def type_query(page, query: str, timeout_ms: int = 20_000) -> float:
    """Type ``query`` into the search box of ``page`` as a reader does (the box emptied first);
    the seconds from the last keystroke to the results (or "no results") on the screen."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")  # Material reads the box on keyup
    page.wait_for_function("() => !document.querySelector('li.md-search-result__item')", timeout=timeout_ms)
    before = page.locator(".md-search-result__meta").text_content()
    start = time.perf_counter()
    box.fill(query)
    box.press("End")
    page.wait_for_function(_ANSWERED, arg=before, timeout=timeout_ms)
    return time.perf_counter() - start


def run(browser, base: str, queries: list[Query], screenshots: Path | None = None) -> Figures:
    """Every query of ``queries`` on the site at ``base`` (http:// or file://), one tab a language;
    the search index is loaded once a tab (the first query waits for it: not timed)."""
    figures = Figures()
    for lang in dict.fromkeys(q.lang for q in queries):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(start_page(base, lang))
        type_query(page, "14.1", timeout_ms=60_000)  # the index fetched and set up
        page.wait_for_selector("li.md-search-result__item", timeout=60_000)
        for query in (q for q in queries if q.lang == lang):
            seconds = type_query(page, query.q)
            hrefs = page.evaluate(READ_RESULTS)
            figures.outcomes.append(Outcome(query, [place_of(h, base) for h in hrefs], seconds))
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                name = "".join(c if c.isalnum() else "-" for c in f"{lang}-{query.q}")
                page.screenshot(path=str(screenshots / f"search-quality-{name}.png"))
        context.close()
    return figures
