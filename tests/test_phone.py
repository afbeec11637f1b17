"""Tables, charts and paragraph numbers on a phone (390x844), measured in Chromium: every column
of a table is in sight or the box it scrolls in shows a cue (a shadow at the edge beyond which
columns lie), the row labels stay in view while the figures scroll, no table has an empty
column of row labels, chart text renders at 11 px or more, and paragraph numbers (14.100) never
wrap. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# pages with money tables, posts tables, text tables, charts and the mandates matrix
PAGES = ["resources.html", "programme-of-work.html", "executive-direction.html", "subprogramme-1.html",
         "subprogramme-4.html", "mandates.html"]
LANGS = ["", "en/"]

# For each scroll box wider than its screen: whether it carries the edge shadows (the cue), and
# where its first row label is once the box is scrolled to its far end.
MEASURE_TABLES = """() => [...document.querySelectorAll('.md-typeset .table-scroll')].map(box => {
  const style = getComputedStyle(box);
  const table = box.querySelector('table');
  const result = {
    label: box.getAttribute('aria-label'),
    overflows: box.scrollWidth > box.clientWidth + 1,
    cue: (style.backgroundImage.match(/radial-gradient/g) || []).length === 2
         && style.backgroundAttachment.includes('local')
         && getComputedStyle(table).backgroundColor === 'rgba(0, 0, 0, 0)',
    emptyLabelColumn: [...table.querySelectorAll('tbody tr')].every(
      tr => tr.firstElementChild.tagName === 'TH' && tr.firstElementChild.textContent.trim() === ''),
  };
  const th = table.querySelector('tbody th[scope=row]:not([colspan])');
  if (result.overflows && th) {
    box.scrollLeft = box.scrollWidth;
    const b = box.getBoundingClientRect(), t = th.getBoundingClientRect();
    result.labelInView = t.left >= b.left - 1 && t.right <= b.right + 1;
    result.labelShare = t.width / b.width;
    box.scrollLeft = 0;
  }
  return result;
})"""

# the smallest chart text as drawn: its font size times the scale of its <svg>
MEASURE_CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
})"""

WRAPPED_PARAGRAPH_NUMBERS = """() => [...document.querySelectorAll('a.para-num')]
  .filter(a => a.getClientRects().length > 1 || a.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(a).fontSize))
  .map(a => a.textContent)"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_tables_fit_a_phone(server, phone, lang):
    problems, scrolling = [], 0
    for name in PAGES:
        phone.goto(f"{server}/{lang}{name}")
        for box in phone.evaluate(MEASURE_TABLES):
            where = f"{lang}{name}: {box['label']}"
            if box["emptyLabelColumn"]:
                problems.append(f"{where}: an empty column of row labels")
            if not box["overflows"]:
                continue
            scrolling += 1
            if not box["cue"]:
                problems.append(f"{where}: columns out of sight without a cue")
            if "labelInView" in box and not box["labelInView"]:
                problems.append(f"{where}: the row labels scroll out of view")
            if box.get("labelShare", 0) > 0.5:
                problems.append(f"{where}: the row labels take {box['labelShare']:.0%} of the width")
    assert scrolling > 10  # the measure saw wide tables
    assert not problems, "\n".join(problems)


def test_screenshots_at_phone_width(server, phone):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"money-table": ("resources.html", "[id='table-14.13']"),
             "posts-table": ("resources.html", "[id='table-14.16']"),
             "mandates-matrix": ("mandates.html", "table.mandate-matrix"),
             "chart": ("subprogramme-1.html", "[id='figure-14.1']")}
    for lang in LANGS:
        for name, (page, selector) in shots.items():
            phone.goto(f"{server}/{lang}{page}")
            target = phone.locator(selector).first
            target.scroll_into_view_if_needed()
            phone.evaluate("sel => document.querySelector(sel).scrollIntoView({block: 'start'})", selector)
            phone.evaluate("window.scrollBy(0, -60)")
            phone.wait_for_timeout(500)  # the header's title and the back-to-top button end their transitions
            phone.screenshot(path=str(ARTIFACTS / f"phone-{lang.strip('/') or 'zh'}-{name}.png"))


@pytest.mark.parametrize("lang", LANGS)
def test_chart_text_is_legible_on_a_phone(server, phone, lang):
    sizes = {}
    for name in ("subprogramme-1.html", "executive-direction.html", "resources.html"):
        phone.goto(f"{server}/{lang}{name}")
        sizes[name] = phone.evaluate(MEASURE_CHART_TEXT)
    assert all(sizes.values()), sizes  # each page has charts
    small = {name: [round(s, 1) for s in found if s < 11] for name, found in sizes.items()}
    assert not any(small.values()), small


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_paragraph_numbers_never_wrap(server, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        wrapped, seen = [], 0
        for name in ("executive-direction.html", "resources.html", "programme-of-work.html"):
            page.goto(f"{server}/{name}")
            seen += page.locator("a.para-num").count()
            wrapped += page.evaluate(WRAPPED_PARAGRAPH_NUMBERS)
        if viewport is DESKTOP:
            page.goto(f"{server}/executive-direction.html#para-14.117")
            page.screenshot(path=str(ARTIFACTS / "desktop-para-14.117.png"))
    finally:
        context.close()
    assert seen > 20
    assert not wrapped, wrapped
