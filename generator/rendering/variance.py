"""Variance at a glance: which cells of a table went up or down against the value they compare with.

The columns compared are named in plan.yaml (``columns: compare:``), by their Chinese label (every
label has one; the English is a translation), so the marks are the same in every language. In the
shipped plan: deliverables and compliance rates, ``2019 年实际数`` against ``2019 年计划数``; resources,
the 2021 estimate before recosting (or the proposed posts) against the 2020 appropriation (or the
approved posts). The renderer adds :func:`css_class` to the later cell of each pair (and, if it
likes, :func:`describe` as its ``title``); charts.css draws a ▲/▼ after the number. Numbers are
never changed.

"—" is nil, i.e. zero, as in the source's tables; a blank (null) or a text cell cannot be compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from generator.content.model import DEFAULT_LANG, ComparedColumns, Table, TablePart, text_of
from generator.i18n import languages as i18n

Mark = Literal["up", "down", "same", "na"]
NIL = "—"


@dataclass(frozen=True)
class Comparison:
    base: int  # index of the leaf column compared against
    target: int  # index of the leaf column that gets the mark


def _number(value: Any) -> float | None:
    if value == NIL:
        return 0.0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def classify(base: Any, value: Any) -> Mark:
    """``value`` against ``base``: "up", "down", "same", or "na" when either is blank or text."""
    a, b = _number(base), _number(value)
    if a is None or b is None:
        return "na"
    if b > a:
        return "up"
    if b < a:
        return "down"
    return "same"


def comparisons(part: TablePart, pairs: Sequence[ComparedColumns]) -> list[Comparison]:
    """The column pairs of a table part that are compared (by leaf column index)."""
    labels = [text_of(c.label, DEFAULT_LANG).strip() for c in part.leaves()]
    return [Comparison(labels.index(p.against), labels.index(p.column)) for p in pairs
            if p.column in labels and p.against in labels]


def part_marks(part: TablePart, pairs: Sequence[ComparedColumns]) -> list[list[Mark | None]]:
    """For every row and leaf column of the part: the mark of a compared cell, else None."""
    compared = comparisons(part, pairs)
    width = len(part.leaves())
    out: list[list[Mark | None]] = []
    for row in part.rows:
        marks: list[Mark | None] = [None] * width
        values = list(row.values) + [None] * (width - len(row.values))
        if row.values:
            for c in compared:
                marks[c.target] = classify(values[c.base], values[c.target])
        out.append(marks)
    return out


def table_marks(table: Table, pairs: Sequence[ComparedColumns]) -> list[list[list[Mark | None]]]:
    """:func:`part_marks` for every part of the table."""
    return [part_marks(p, pairs) for p in table.parts]


def css_class(mark: Mark | None) -> str:
    """The class for a cell's ``class`` attribute ("" for a cell that is not compared)."""
    return f"var-{mark}" if mark else ""


def describe(
    mark: Mark | None, base_label: str, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None
) -> str:
    """A short text for the cell's ``title``: "低于 2019 年计划数"; "" for na / not compared."""
    if not mark:
        return ""
    strings = strings if strings is not None else i18n.project_strings(lang)
    return str(strings[f"variance_{mark}"]).format(base=base_label)


def part_cells(
    part: TablePart, pairs: Sequence[ComparedColumns], lang: str = DEFAULT_LANG,
    strings: i18n.Strings | None = None,
) -> list[list[tuple[str, str]]]:
    """For every row and leaf column: ``(css class, title)``, both "" for a cell not compared.
    What the renderer needs to mark a part's cells in one call."""
    leaves = part.leaves()
    base_of = {c.target: text_of(leaves[c.base].label, lang) for c in comparisons(part, pairs)}
    return [
        [(css_class(m), describe(m, base_of.get(i, ""), lang, strings)) for i, m in enumerate(row)]
        for row in part_marks(part, pairs)
    ]
