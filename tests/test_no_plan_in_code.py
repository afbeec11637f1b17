"""The generator knows no document: no string literal in generator/ (docstrings aside; comments
are not literals) names a table, figure or paragraph of the shipped plan, or equals one of its
captions or labels. Those belong in content/ (relations, the budget line, column labels) or in a
language's strings."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT, site_of

from generator.content.model import section_number

GENERATOR = ROOT / "generator"

def plan_pattern(section: str) -> re.Pattern[str]:
    """A number of the plan's section (14.16, 表 14, 图 14.十八, Sect. 14) inside a literal."""
    s = re.escape(section)
    return re.compile(rf"(?<![\d.]){s}\.[\d一二三四五六七八九十]|[表图]\s*{s}\b|Sect\.\s*{s}\b")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of string constants that stand alone as statements: docstrings of modules,
    classes and functions, and the attribute docstrings after an assignment."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)}


def _literals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every string literal, the constant parts of f-strings included."""
    docs = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def plan_literals(code: str, pattern: re.Pattern[str], labels: set[str]) -> list[tuple[int, str]]:
    """The literals of ``code`` that name a number of the plan or equal one of its labels."""
    return sorted((line, text) for line, text in _literals(ast.parse(code))
                  if pattern.search(text) or text.strip() in labels)


def _texts(text) -> list[str]:
    if text is None:
        return []
    return [text] if isinstance(text, str) else list(text.values())


def plan_labels(site) -> set[str]:
    """Captions, units, part titles, column and row labels of every table and figure, and the
    titles of the pages and their sections, in every language."""
    from generator.content.model import walk_sections

    out: list[str] = []
    for obj in [*site.tables.values(), *site.figures.values()]:
        out += _texts(obj.caption) + _texts(obj.unit)
        for part in getattr(obj, "parts", None) or getattr(obj, "data", []):
            out += _texts(part.title)
            stack = list(part.columns)
            while stack:
                column = stack.pop()
                out += _texts(column.label)
                stack += column.columns
            for row in part.rows:
                out += _texts(row.label)
    for page in site.pages.values():
        out += _texts(page.title)
        out += [t for _, section, _ in walk_sections(page) for t in _texts(section.title)]
    return {t.strip() for t in out if t.strip()}


# --------------------------------------------------------------------------- the test can fail


def test_a_plan_number_or_label_in_a_literal_is_found() -> None:
    code = '''
"""Module docstring: 表 14.16 may be named here."""
TABLE = "14.16"  # a comment naming 表 14.17 is no literal
CAPTION = "财政资源"
def f(x):
    """A docstring naming 图 14.十八."""
    return f"表 14.{x}" + "2014.5" + "第 20.3 段"
'''
    found = plan_literals(code, plan_pattern("14"), {"财政资源"})
    assert found == [(3, "14.16"), (4, "财政资源"), (7, "表 14.")]


def test_numbers_of_another_section_are_not_this_plans() -> None:
    assert plan_literals('X = "20.3"\nY = "Sect. 20"', plan_pattern("14"), set()) == []
    assert plan_literals('X = "20.3"\nY = "Sect. 20"', plan_pattern("20"), set()) == [(1, "20.3"), (2, "Sect. 20")]


# --------------------------------------------------------------------------- the generator


@pytest.fixture(scope="module")
def site():
    return site_of(ROOT)


def test_the_generator_names_nothing_of_the_plan(site) -> None:
    pattern = plan_pattern(section_number(site.plan.symbol))
    labels = plan_labels(site)
    assert {"财政资源", "共计", "2021 年估计数(重计费用前)", "行政领导和管理"} <= labels  # what is looked for
    found: list[str] = []
    for path in sorted(GENERATOR.rglob("*.py")):
        rel = path.relative_to(GENERATOR).as_posix()
        for line, text in plan_literals(path.read_text(encoding="utf-8"), pattern, labels):
            found.append(f"generator/{rel}:{line}: {text!r}")
    assert found == [], "plan facts in the generator (move them to content/):\n" + "\n".join(found)
