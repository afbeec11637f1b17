"""Page weight: the bytes a reader downloads, recorded in Chromium (Playwright).

The built site is served over HTTP on 127.0.0.1; each view starts with an empty cache (a new
browser context). Every response is counted with the size of the file served (raw) and that file
gzipped (what a server compressing on the fly sends), by kind (html, css, js, font, image,
search index, other). Three views: the home page; a subprogramme page; then, on that page, a
first search (what the search adds). Whether the search index was fetched before the reader
searched is recorded too.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from tests.chromium import ARGS
from tests.chromium import find as find_chromium

CHROMIUM = find_chromium() or "chromium"  # the launch names it when it is missing


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def kind(path: str, content_type: str = "") -> str:
    p = path.lower()
    if p.endswith("search_index.json") or p.endswith("search_index.js"):
        return "search_index"
    for k, exts in (("html", (".html", "/")), ("css", (".css",)), ("js", (".js", ".mjs")),
                    ("font", (".woff2", ".woff", ".ttf", ".otf")),
                    ("image", (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"))):
        if p.endswith(exts):
            return k
    return "other"


def _sizes(site: Path, url: str) -> tuple[str, int, int] | None:
    path = unquote(urlparse(url).path)
    f = site / path.lstrip("/")
    if f.is_dir():
        f = f / "index.html"
    if not f.is_file():
        return None
    data = f.read_bytes()
    return path, len(data), len(gzip.compress(data, 6, mtime=0))


def _summary(site: Path, urls: list[str]) -> dict[str, Any]:
    seen: dict[str, tuple[int, int]] = {}
    for url in urls:
        s = _sizes(site, url)
        if s is not None:
            seen[s[0]] = (s[1], s[2])
    by_kind: dict[str, dict[str, int]] = {}
    for path, (raw, gz) in seen.items():
        k = by_kind.setdefault(kind(path), {"files": 0, "raw": 0, "gzip": 0})
        k["files"] += 1
        k["raw"] += raw
        k["gzip"] += gz
    return {
        "files": len(seen),
        "raw_bytes": sum(v[0] for v in seen.values()),
        "gzip_bytes": sum(v[1] for v in seen.values()),
        "by_kind": by_kind,
        "search_index_fetched": any(kind(p) == "search_index" for p in seen),
        "largest": sorted(((p, g) for p, (_, g) in seen.items()), key=lambda x: -x[1])[:5],
    }


def measure(site: Path, page: str = "subprogramme-1.html", query: str = "红树林") -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                def view(url: str) -> tuple[Any, Any, list[str]]:
                    context = browser.new_context()
                    urls: list[str] = []
                    context.on("request", lambda r: urls.append(r.url))
                    pg = context.new_page()
                    pg.goto(url, wait_until="networkidle")
                    return context, pg, urls

                ctx, _, home_urls = view(base + "index.html")
                home = _summary(site, home_urls)
                ctx.close()
                ctx, pg, page_urls = view(base + page)
                first = _summary(site, list(page_urls))
                before = len(page_urls)
                t = time.perf_counter()
                box = pg.locator("input.md-search__input")
                box.click()
                box.fill(query)
                box.press("End")  # Material reads the query on keyup
                pg.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
                results_s = time.perf_counter() - t
                pg.wait_for_load_state("networkidle")
                search = _summary(site, page_urls[before:])
                ctx.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        "home": home,
        "page": page,
        "subprogramme_page": first,
        "first_search": search | {"query": query, "results_after_s": results_s},
        "search_index_before_search": first["search_index_fetched"],
    }
