"""The arithmetic checks on the shipped content: every inconsistency the source itself prints is
reported (as a warning naming both numbers), and nothing else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT

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
def warnings() -> list:
    diags, usable = run_check(ROOT)
    assert usable and not [d for d in diags if d.severity == "error"]
    return [d for d in diags if d.severity == "warning"]


@pytest.mark.parametrize("file,start,expected", SOURCE_INCONSISTENCIES)
def test_each_source_inconsistency_is_reported(warnings, file, start, expected) -> None:
    assert any(d.file == file and d.message.startswith(start) and expected in d.message
               and d.line > 0 for d in warnings), [d.format() for d in warnings]


def test_nothing_else_is_reported(warnings) -> None:
    assert len(warnings) == len(SOURCE_INCONSISTENCIES), "\n".join(d.format() for d in warnings)


def test_cross_table_warnings_point_at_the_other_places(warnings) -> None:
    d = next(d for d in warnings if d.message.startswith('表 14.21 "员额"'))
    assert "content/tables/14.23.yaml:" in d.hint and "content/tables/14.24.yaml:" in d.hint


def test_numbers_at_printed_precision() -> None:
    assert number(0.1) + number(0.2) == Decimal("0.3")  # no float error: repr, then Decimal
    assert number("—") == 0
    assert number(None) is None and number("不适用") is None and number(True) is None
    assert fmt(Decimal("21466.9"), 1) == "21 466.9"
    assert fmt(Decimal("113"), 0) == "113"
