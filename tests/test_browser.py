"""Smoke test in Debian's Chromium (Playwright, no browser download): the built site, served over
HTTP on 127.0.0.1, shows its home page and a subprogramme page, and a paragraph link scrolls the
paragraph into view. Screenshots go to test-artifacts/."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def server(built_site):
    assert built_site["proc"].returncode == 0, built_site["proc"].stderr
    handler = functools.partial(_QuietHandler, directory=str(built_site["site"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


def test_home_page(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/index.html")
    assert page.locator("h1").first.is_visible()
    assert page.get_by_text("A/75/6 (Sect. 14)").first.is_visible()
    cards = page.locator("a.subprogramme-card")
    assert cards.count() == 7
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=False)
    cards.first.click()
    page.wait_for_url("**/subprogramme-1.html")
    assert page.errors == []


def test_subprogramme_paragraph_anchor_scrolls_into_view(server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/subprogramme-3.html#para-14.47")
    para = page.locator('[id="para-14.47"]')
    para.wait_for(state="visible")
    page.wait_for_timeout(300)
    box = para.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert 0 <= box["y"] < viewport["height"], box  # scrolled to, on screen
    assert page.evaluate("window.scrollY") > 0
    assert para.locator("a.para-num").inner_text() == "14.47"
    page.screenshot(path=str(ARTIFACTS / "subprogramme-3-para-14.47.png"), full_page=False)
    page.goto(f"{server}/subprogramme-1.html")
    assert page.locator("h1").first.inner_text().startswith("次级方案 1")
    page.screenshot(path=str(ARTIFACTS / "subprogramme-1.png"), full_page=False)
    assert page.errors == []


def test_chinese_search_finds_a_word_inside_a_sentence(server, page):
    page.goto(f"{server}/index.html")
    page.locator("input.md-search__input").click()
    page.fill("input.md-search__input", "红树林")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10000)
    assert results.count() >= 1
    hrefs = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert any("subprogramme-3.html" in h for h in hrefs), hrefs
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=False)
