"""Variance at a glance: which compared cells went up or down; the numbers themselves unchanged."""

from __future__ import annotations

import pytest

from generator.content.model import ComparedColumns, TablePart, text_of
from generator.rendering import variance


@pytest.mark.parametrize(("base", "value", "mark"), [
    (2, 1, "down"), (1, 2, "up"), (3, 3, "same"), (2198.0, 2198.0, "same"),
    ("—", 309.1, "up"), (8.5, "—", "down"), ("—", "—", "same"),
    (None, 10, "na"), (10, None, "na"), ("不适用", 3, "na"), (1, "some text", "na"),
])
def test_classify(base, value, mark):
    assert variance.classify(base, value) == mark


def _pairs(site):
    return site.plan.columns.compare


def test_deliverables_compare_actual_with_planned(site):
    part = site.tables["14.3"].parts[0]
    assert variance.comparisons(part, _pairs(site)) == [variance.Comparison(0, 1)]
    marks = variance.part_marks(part, _pairs(site))
    for row, row_marks in zip(part.rows, marks):
        assert [i for i, m in enumerate(row_marks) if m] == ([1] if row.values else [])
        if row.values and all(isinstance(v, int) for v in row.values[:2]):
            planned, actual = row.values[:2]
            expected = "up" if actual > planned else "down" if actual < planned else "same"
            assert row_marks[1] == expected


def test_resources_compare_2021_with_2020(site):
    table = site.tables["14.13"]
    part = table.parts[0]
    labels = [text_of(leaf.label) for leaf in part.leaves()]
    (c,) = variance.comparisons(part, _pairs(site))
    assert labels[c.base] == "2020 年批款数" and labels[c.target] == "2021 年估计数(重计费用前)"
    marks = variance.table_marks(table, _pairs(site))[0]
    by_label = {text_of(row.label): m[c.target] for row, m in zip(part.rows, marks)}
    assert by_label["员额"] == "same"
    assert by_label["一般业务费用"] == "up"  # 360.8 -> 546.9
    assert by_label["房地改善"] == "same"  # — -> —
    # posts tables: 核定数 -> 拟议数
    (c15,) = variance.comparisons(site.tables["14.15"].parts[0], _pairs(site))
    assert (c15.base, c15.target) == (0, 5)


def test_tables_without_a_pair_get_no_marks(site):
    for stem in ("14.2", "14.14"):
        for part_marks in variance.table_marks(site.tables[stem], _pairs(site)):
            assert all(m is None for row in part_marks for m in row)


def test_cells_for_the_renderer(site):
    part = site.tables["14.3"].parts[0]
    cells = variance.part_cells(part, _pairs(site))
    row = next(i for i, r in enumerate(part.rows) if r.values == [2, 1, 3, 3])
    assert cells[row][1] == ("var-down", "低于 2019 年计划数")
    assert cells[row][0] == ("", "")
    en = variance.part_cells(part, _pairs(site), "en")
    assert en[row][1][1] == "below " + text_of(part.leaves()[0].label, "en")


def test_a_part_built_in_code():
    pairs = [ComparedColumns(column="2021 年拟议数", against="2020 年核定数")]
    part = TablePart.model_validate({
        "columns": [{"label": "2020 年核定数"}, {"label": "变动", "columns": [{"label": "共计"}]},
                    {"label": "2021 年拟议数"}],
        "rows": [{"label": "a", "values": [5, 1, 6]}, {"label": "b", "values": [5, "—"]},
                 {"label": "c", "kind": "category", "values": []}],
    })
    assert variance.part_marks(part, pairs) == [[None, None, "up"], [None, None, "na"], [None, None, None]]
    assert variance.part_marks(part, []) == [[None] * 3] * 3  # nothing declared: nothing compared
    assert variance.css_class("up") == "var-up" and variance.css_class(None) == ""
