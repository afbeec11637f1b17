"""WCAG 2.1 AA, measured by axe-core in Chromium: every page of every language of the built site,
at desktop (1366x900) and phone (390x844) width, in the light and the dark scheme, has no violation
of the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa.

axe-core is the npm package pinned in package.json; `make test` installs it (`make node-test`),
and it is injected into each page with Playwright's add_script_tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `make node-test` (npm ci --omit=dev)")
    return AXE.read_text(encoding="utf-8")


PRINT_PAGES = {"print.html", "en/print.html"}


def site_pages(site: Path, *, print_pages: bool) -> list[str]:
    """Every HTML page of the site, the other languages' folders included. The print page joins
    every other page's HTML (a third of the time axe takes): checked once, at desktop in light."""
    return sorted(rel for p in site.rglob("*.html") if "assets" not in p.parts
                  if (rel := p.relative_to(site).as_posix()) not in PRINT_PAGES or print_pages)


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return result["violations"]


def describe(violation: dict) -> str:
    node = violation["nodes"][0]
    return (f"{violation['id']} ({len(violation['nodes'])}x), e.g. {node['target']}: "
            + " ".join(node["failureSummary"].split())[:300])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_every_page_meets_wcag_21_aa(built_site, server, browser, axe_source, width, scheme):
    pages = site_pages(built_site["site"], print_pages=(width, scheme) == ("desktop", "light"))
    assert len(pages) > 20 and any(p.startswith("en/") for p in pages)
    # one context for all pages: the scheme follows the reader's system setting (prefers-color-scheme)
    context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme)
    page = context.new_page()
    failures = []
    try:
        for rel in pages:
            page.goto(f"{server}/{rel}")
            assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
            failures += [f"{rel}: {describe(v)}" for v in axe_violations(page, axe_source)]
    finally:
        context.close()
    assert not failures, "\n".join(failures)
