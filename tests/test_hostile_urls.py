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


@pytest.mark.parametrize("bad", BAD_SYMBOLS)
def test_a_recommendation_report_symbol_is_checked(mini, bad):
    edit(mini, "content/pages/annex-2.yaml", "symbol: A/74/5/Add.7", f"symbol: {bad}")
    assert errors_at(mini, "content/pages/annex-2.yaml", 10)


@pytest.mark.parametrize("bad", BAD_SYMBOLS)
def test_the_plan_symbol_is_checked(mini, bad):
    edit(mini, "content/plan.yaml", "symbol: A/75/6 (Sect. 14)", f"symbol: {bad}")
    assert errors_at(mini, "content/plan.yaml", 1)
