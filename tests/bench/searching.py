"""Search quality as the bench reports it: the labelled queries of tests/data/search_queries.yaml typed
into the built site's search box in Chromium (tests/search_quality.py): success@1, success@3, mean
reciprocal rank, empty result lists, and the time from the last keystroke to the results shown."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any

from tests import search_quality

from .weight import ARGS, CHROMIUM, _Quiet


def measure(site: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                figures = search_quality.run(browser, f"http://127.0.0.1:{server.server_address[1]}",
                                             search_quality.load_queries())
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    langs = list(dict.fromkeys(o.query.lang for o in figures.outcomes))
    return {"by_language": {lang: figures.of(lang) for lang in langs}, "misses": figures.misses(1)}
