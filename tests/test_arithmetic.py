"""The arithmetic checks on the shipped content: every inconsistency the source itself prints is
found (naming both numbers) and acknowledged in the content with a reason, so that the content
checks with no warning; a new inconsistency, or an acknowledgement that no longer matches, is a
warning; a relation naming a table, row or column that does not exist is a located error."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, edit

from generator.cli.main import run_check
from generator.content.arithmetic import fmt, number

# (file, the start of the message, the number it should be): found by reading the source's tables
SOURCE_INCONSISTENCIES = [
    ("content/tables/14.21.yaml", '表 14.21 "共计", 2019 年支出数 is 3 837.0', "= 3 837.1"),
    ("content/tables/14.21.yaml", '表 14.21 "员额", 2019 年支出数 is 3 607.6', "= 3 607.5"),
    ("content/tables/14.28.yaml", '表 14.28 "共计", 2019 年支出数 is 4 931.6', "= 4 931.5"),
    ("content/tables/14.30.yaml", '表 14.30 "共计", 2019 年支出数 is 1 869.6', "= 1 869.7"),
    ("content/tables/14.32.yaml", '表 14.32 "共计", 2019 年支出数 is 1 252.7', "= 1 252.8"),
    ("content/tables/14.18.yaml", '表 14.18 "员额", 2019 年支出数 is 21 466.8', "= 21 466.9"),
    ("content/tables/14.18.yaml", '表 14.18 "非员额", 2019 年支出数 is 1 623.0', "= 1 623.1"),
    ("content/figures/14.26.yaml", '图 14.二十六 财政资源分配 "共计", 千美元 is 2 649.9', '表 14.27 "共计" is 2 649.6'),
    ("content/figures/14.26.yaml", '图 14.二十六 财政资源分配 "共计", 千美元 is 2 649.9', "= 2 649.6"),
    ("content/figures/14.29.yaml", '图 14.二十九 财政资源分配 "非员额", 千美元 is 141.1', '表 14.30 "非员额" is 141.4'),
    ("content/figures/14.29.yaml", '图 14.二十九 财政资源分配 "共计", 千美元 is 1 979.5', "= 1 979.2"),
]


@pytest.fixture(scope="module")
def diags() -> list:
    found, usable = run_check(ROOT)
    assert usable and not [d for d in found if d.severity == "error"]
    return found


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def _warnings(root: Path) -> list:
    found, _ = run_check(root)
    return [d for d in found if d.severity in ("warning", "error")]


@pytest.mark.parametrize("file,start,expected", SOURCE_INCONSISTENCIES)
def test_each_source_inconsistency_is_found_and_acknowledged(diags, file, start, expected) -> None:
    assert any(d.file == file and d.message.startswith(start) and expected in d.message
               and "(acknowledged: printed so" in d.message and d.severity == "info" and d.line > 0
               for d in diags), [d.format() for d in diags if "acknowledged" in d.message]


def test_the_content_checks_without_warnings(diags) -> None:
    assert [d.format() for d in diags if d.severity == "warning"] == []
    assert len([d for d in diags if "(acknowledged: " in d.message]) == len(SOURCE_INCONSISTENCIES)


def test_cross_table_findings_point_at_the_other_places(diags) -> None:
    d = next(d for d in diags if d.message.startswith('表 14.21 "员额"'))
    assert "content/tables/14.23.yaml:" in d.hint and "content/tables/14.24.yaml:" in d.hint


def test_a_new_inconsistency_is_a_warning(plan) -> None:
    edit(plan, "content/tables/14.25.yaml", "values: [2198.0, 2136.4,", "values: [2198.0, 2136.5,")
    found = _warnings(plan)
    assert [d.file for d in found] and all(d.severity == "warning" for d in found)
    assert any(d.file == "content/tables/14.25.yaml" and d.message.startswith('表 14.25 "共计", 2020 年批款数 is')
               for d in found), [d.format() for d in found]


def test_an_acknowledgement_that_no_longer_matches_is_a_warning(plan) -> None:
    # the acknowledgement moved to a column that adds up: it excuses nothing, and the finding it
    # excused is reported again
    edit(plan, "content/tables/14.32.yaml", "{column: 2019 年支出数, reason", "{column: 2020 年批款数, reason")
    found = sorted(_warnings(plan), key=lambda d: "excuses nothing" in d.message)
    assert [d.file for d in found] == ["content/tables/14.32.yaml"] * 2, [d.format() for d in found]
    assert found[0].message.startswith('表 14.32 "共计", 2019 年支出数 is 1 252.7')
    stale = found[1]
    assert "excuses nothing: the numbers of this row in column 2020 年批款数 agree" in stale.message
    text = (plan / stale.file).read_text(encoding="utf-8").splitlines()
    assert text[stale.line - 1][stale.column - 1:].startswith("{column: 2020 年批款数, reason:")


@pytest.mark.parametrize("file,old,new,message,at", [
    ("content/tables/14.16.yaml", '{table: "14.25", kind: total}', '{table: "14.52", kind: total}',
     "table 14.52 does not exist", '"14.52"'),
    ("content/tables/14.21.yaml", '{table: "14.24"}', '{table: "14.24", part: 3}',
     "table 14.24 has no part 3: it has 2", '{table: "14.24", part: 3}'),
    ("content/tables/14.18.yaml", '{table: "14.13", row: "招待费"}', '{table: "14.13", row: "招侍费"}',
     "表 14.13 has no row '招侍费'", '"招侍费"'),
    ("content/tables/14.17.yaml", 'matches: "2020 年批款数"', 'matches: "2020 年拨款数"',
     "no table has a column '2020 年拨款数'", '"2020 年拨款数"'),
    ("content/figures/14.26.yaml", 'column: "2021 年估计数(重计费用前)"', 'column: "2021 年估计数"',
     "表 14.27 has no column '2021 年估计数'", '"2021 年估计数"}'),
    ("content/tables/14.21.yaml", "{column: 2019 年支出数, reason", "{column: 2019 支出数, reason",
     "has no column '2019 支出数'", "2019 支出数, reason"),
    ("content/tables/14.16.yaml", '{table: "14.25", kind: total}', '{table: "14.25"}',
     "a row in `equals` is named by one of row (its label), number or kind", '{table: "14.25"}'),
])
def test_a_declaration_naming_nothing_is_a_located_error(plan, file, old, new, message, at) -> None:
    edit(plan, file, old, new)
    errors = [d for d in _warnings(plan) if d.severity == "error"]
    assert len(errors) == 1 and message in errors[0].message, [d.format() for d in errors]
    d = errors[0]
    line = (plan / file).read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert d.file == file and line[d.column - 1:].startswith(at), (d.format(), line)


def test_numbers_at_printed_precision() -> None:
    assert number(0.1) + number(0.2) == Decimal("0.3")  # no float error: repr, then Decimal
    assert number("—") == 0
    assert number(None) is None and number("不适用") is None and number(True) is None
    assert fmt(Decimal("21466.9"), 1) == "21 466.9"
    assert fmt(Decimal("113"), 0) == "113"
