"""Smoke test in Debian's Chromium (Playwright, no browser download): the built site, served over
HTTP on 127.0.0.1, shows its home page and a subprogramme page, and a paragraph link scrolls the
paragraph into view. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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
