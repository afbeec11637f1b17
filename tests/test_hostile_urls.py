"""Only http(s) URLs are emitted, and a document symbol is checked before it becomes one: a symbol
that is not a document symbol is a located error, not a link to somewhere on (or off) undocs.org."""

from __future__ import annotations

import pytest
from conftest import edit

from generator import pipeline

BAD_SYMBOLS = ['"../../evil.example/x?<b>#y"', '"javascript:alert(1)"', '"A/74/5 /../../x"']


def errors_at(root, rel: str, line: int) -> list[str]:
    return [d.format() for d in pipeline.check(root).diagnostics
            if d.severity == "error" and d.file == rel and d.line == line]


@pytest.mark.parametrize("bad", BAD_SYMBOLS)
def test_a_mandate_symbol_override_is_checked(mini, bad):
    edit(mini, "content/mandates.yaml", "  number: 74/251\n", f"  number: 74/251\n  symbol: {bad}\n")
    assert errors_at(mini, "content/mandates.yaml", 8), pipeline.check(mini).diagnostics


@pytest.mark.xfail(strict=True, reason=(
    "recommendations[].symbol (model.RecommendationGroup.symbol) is any text and "
    "templates/recommendations.html.j2 puts it into https://undocs.org/{lang}/{symbol} unchecked; "
    "fix: validate it with generator.mandates.check_symbol (validate.py, an error at the symbol) "
    "and build the href with mandates.symbol_url in render.py"))
@pytest.mark.parametrize("bad", BAD_SYMBOLS)
def test_a_recommendation_report_symbol_is_checked(mini, bad):
    edit(mini, "content/pages/annex-2.yaml", "symbol: A/74/5/Add.7", f"symbol: {bad}")
    assert errors_at(mini, "content/pages/annex-2.yaml", 10)


@pytest.mark.xfail(strict=True, reason=(
    "plan.yaml's symbol (model.Plan.symbol) is any text and overrides/partials/copyright.html puts it "
    "into https://undocs.org/{lang}/{symbol} unchecked; fix: validate it in validate.py (an error at "
    "plan.yaml's symbol) with generator.mandates.check_symbol, whose SYMBOL_RE must then also accept a "
    "section suffix such as 'A/75/6 (Sect. 14)'"))
@pytest.mark.parametrize("bad", BAD_SYMBOLS)
def test_the_plan_symbol_is_checked(mini, bad):
    edit(mini, "content/plan.yaml", "symbol: A/75/6 (Sect. 14)", f"symbol: {bad}")
    assert errors_at(mini, "content/plan.yaml", 1)
