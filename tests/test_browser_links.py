"""Links of the wired site in Chromium, in both languages: a cross-reference in prose lands on its
target, a mandate list entry lands on its entry of the mandates page (which says where it is cited
and holds the matrix), a table's CSV download holds the numbers of the page, charts in the light
and dark schemes, the print page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import re
import urllib.request

import pytest
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _in_view(pg, selector: str) -> bool:
    return pg.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.top < window.innerHeight; }""", selector)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_cross_reference_lands_on_its_target(server, page, prefix):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/{prefix}programme-of-work.html")
    link = page.locator('a.xref[href^="subprogramme-3.html"]').first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(f"**/{prefix}subprogramme-3.html")
    # a link to a table elsewhere: lands on that table
    page.goto(f"{server}/{prefix}subprogramme-1.html")
    xref = page.locator('a.xref[href="#table-14.3"]').first
    xref.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{prefix.strip('/') or 'zh'}-subprogramme-1-xref.png"))
    xref.click()
    page.wait_for_url("**#table-14.3")
    assert _in_view(page, '[id="table-14.3"]')
    assert page.errors == []


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_mandate_list_entry_lands_on_the_mandates_page(server, page, prefix):  # noqa: F811
    page.goto(f"{server}/{prefix}subprogramme-1.html")
    entry = page.locator("ul.mandate-list a.mandate-entry").first
    anchor = entry.get_attribute("href").split("#")[1]
    doc = page.locator("ul.mandate-list a.mandate-doc").first.get_attribute("href")
    assert doc.startswith(f"https://undocs.org/{'en' if prefix else 'zh'}/")
    entry.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"{prefix.strip('/') or 'zh'}-subprogramme-1-mandates.png"))
    entry.click()
    page.wait_for_url(f"**/{prefix}mandates.html#{anchor}")
    target = f'[id="{anchor}"]'
    assert _in_view(page, target)
    # the entry says where it is cited, and one of those places is the list we came from
    cited = page.locator(f"{target} .mandate-cited a")
    assert cited.count() >= 1
    assert any(h.startswith("subprogramme-1.html#para-") for h in cited.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    page.screenshot(path=str(ARTIFACTS / f"{prefix.strip('/') or 'zh'}-mandates-entry.png"))
    page.goto(f"{server}/{prefix}mandates.html#matrix")
    matrix = page.locator("table.mandate-matrix")
    assert matrix.locator("thead th").count() == 10  # mandate, orientation, "subprogrammes", 1..7
    assert matrix.locator("td.cited a").count() > 50
    page.screenshot(path=str(ARTIFACTS / f"{prefix.strip('/') or 'zh'}-mandates-matrix.png"))
    assert page.errors == []


def _cells(pg, number: str) -> list[list[str]]:
    return pg.evaluate(
        """sel => [...document.querySelectorAll(sel + ' tbody tr')].map(tr =>
             [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))
           .filter(r => r.length)""", f'[id="table-{number}"]')


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_csv_download_holds_the_numbers_of_the_table(server, page, prefix):  # noqa: F811
    page.goto(f"{server}/{prefix}resources.html#table-14.13")
    table = page.locator('[id="table-14.13"]')
    table.screenshot(path=str(ARTIFACTS / f"{prefix.strip('/') or 'zh'}-table-14.13-variance.png"))
    assert page.locator('[id="table-14.13"] td.var-up').count() >= 1
    link = page.locator('[id="table-14.13"] a.table-download')
    with page.expect_download() as info:
        link.click()
    download = info.value
    text = open(download.path(), encoding="utf-8", newline="").read()  # CRLF kept, as served
    assert not text.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(text)))
    shown = [r for r in _cells(page, "14.13")]
    body = [r[3:] for r in records[1:] if any(r[3:])]  # number, label, row type, then the columns
    assert len(body) == len(shown) == 13
    group = "," if prefix else "\u202f"
    for rec, cells in zip(body, shown):
        for v, c in zip(rec, cells):
            c = c.replace(group, "")
            assert (float(v) == float(c)) if re.fullmatch(r"-?\d+(\.\d+)?", v) else v == c, (rec, cells)
    # the same file is served where the link points
    url = link.evaluate("a => a.href")
    assert urllib.request.urlopen(url).read().decode("utf-8") == text
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_in_both_schemes(browser, server, scheme):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    pg.goto(f"{server}/resources.html#figure-14.18")
    svg = pg.locator('[id="figure-14.18"] svg.chart')
    assert svg.is_visible()
    fill = svg.locator(".chart-bar").first.evaluate("e => getComputedStyle(e).fill")
    background = pg.evaluate("getComputedStyle(document.body).backgroundColor")
    assert fill != background and fill not in ("none", "rgb(0, 0, 0)")
    pg.locator('[id="figure-14.18"]').screenshot(path=str(ARTIFACTS / f"chart-14.18-{scheme}.png"))
    context.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_print_page_prints_the_whole_plan(server, page, prefix):  # noqa: F811
    page.emulate_media(media="print")
    page.goto(f"{server}/{prefix}print.html")
    assert page.locator(".md-sidebar").first.is_hidden()
    assert page.locator(".print-chapter").count() == 17  # the home page and the 16 pages of the plan
    assert page.locator(".para").count() == 149
    page.screenshot(path=str(ARTIFACTS / f"{prefix.strip('/') or 'zh'}-print.png"))
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 50
    assert page.errors == []
