"""Arithmetic checks: the numbers of the tables and figures against each other.

* in each table part (and each figure's data): subtotals and totals equal the sum of their rows;
* the variance columns: 技术调整 + 新的/扩大的任务 + 其他 = 变动共计; 2020 + 变动 = 2021 (before
  recosting); + 重计费用 = after recosting; 百分比 = 变动 / 2020 x 100;
* across tables: each component's row in 表 14.16 / 14.17 equals the component's own table, the
  category tables (14.13, 14.15, 14.18) equal the sum of the components, and each chart shows
  the numbers of the table it draws.

Numbers are compared at the precision they are printed with: ``Decimal(repr(value))``, the
computed side rounded half up to the printed decimals. The source document itself is not always
consistent; the page keeps what the source printed, so every mismatch is a warning that names
both places and both numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from generator.content.load import Source
from generator.content.model import Column, Figure, Row, Site, Table, TablePart, text_of
from generator.diagnostics import Diagnostic

NIL = "—"  # printed for zero
PERCENT = "百分比"
CHANGE_GROUP = "变动"
CHANGE_TOTAL = "共计"
RECOSTING = "重计费用"
BEFORE = "2021 年估计数(重计费用前)"
AFTER = "2021 年估计数(重计费用后)"
HINT = "the page keeps the printed number; correct it only if the source prints otherwise"

# Which table each resource chart draws (the chart follows its table in the document).
FIGURE_TABLE = {
    "14.18": "14.18", "14.19": "14.20", "14.20": "14.21", "14.21": "14.23", "14.22": "14.24",
    "14.24": "14.25", "14.25": "14.26", "14.26": "14.27", "14.27": "14.28", "14.28": "14.29",
    "14.29": "14.30", "14.30": "14.31", "14.31": "14.32",
}
# The components of the budget: their row number in 表 14.16 (1) / 14.17 (1) -> their own table.
COMPONENT_TABLE = {
    "A.": "14.20", "B.": "14.21", "1.": "14.25", "2.": "14.26", "3.": "14.27", "4.": "14.28",
    "5.": "14.29", "6.": "14.30", "7.": "14.31", "D.": "14.32",
}
# 行政领导和管理 (表 14.21) is 执行主任办公室 (表 14.23) and UNSCEAR (表 14.24).
SUBCOMPONENT_TABLES = {"14.21": ("14.23", "14.24")}
# Post tables name the 2020 and 2021 columns differently from the money tables.
POST_COLUMNS = {"2020 年核定数": "2020 年批款数", "2021 年拟议数": BEFORE}
# The chart of 表 14.15's grades uses the grade codes.
GRADE_LABELS = {"P-2": "P-2/1", "GS(PL)": "特等", "GS(OL)": "其他职等", "LL": "当地雇员"}


# --------------------------------------------------------------------------- cells


def number(value: Any) -> Decimal | None:
    """A printed value as a Decimal: '—' is zero; blank (null) and text are not numbers."""
    if value == NIL:
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return Decimal(repr(value))
    except InvalidOperation:  # pragma: no cover - inf/nan cannot be written as plain YAML numbers
        return None


def fmt(value: Decimal, decimals: int) -> str:
    """3837.1 -> '3 837.1': as printed, with a space between thousands."""
    text = f"{value:,.{max(decimals, 0)}f}"
    return text.replace(",", " ")


@dataclass(frozen=True)
class Cell:
    source: Source
    path: tuple
    name: str  # 表 14.21 "共计", 2019 年支出数
    raw: Any
    decimals: int | None

    @property
    def value(self) -> Decimal | None:
        return number(self.raw)

    @property
    def blank(self) -> bool:
        return self.raw is None

    @property
    def places(self) -> int:
        if self.decimals is not None:
            return self.decimals
        v = self.value
        return max(0, -int(v.as_tuple().exponent)) if v is not None else 0

    def where(self) -> str:
        line, col = self.source.pos(self.path)
        return f"{self.source.path}:{line}:{col}"


def _q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def compare(target: Cell, terms: Sequence[Cell], *, op: str = "+", expected: Decimal | None = None,
            label: str | None = None) -> Diagnostic | None:
    """A warning when ``target`` does not equal the sum of ``terms`` (or ``expected``) at the
    precision ``target`` is printed with; None when they agree or cannot be compared."""
    got = target.value
    if got is None or not terms:
        return None
    values = [t.value for t in terms]
    if any(v is None and not t.blank for v, t in zip(values, terms)):
        return None  # text in a number column: nothing to add up
    if all(v is None for v in values):
        return None
    if expected is None:
        expected = sum((v for v in values if v is not None), Decimal(0))
    places = target.places
    if _q(got, places) == _q(expected, places):
        return None
    shown = [NIL if t.raw == NIL else fmt(v, t.places) if v is not None else "blank"
             for v, t in zip(values, terms)]
    names = [t.name for t in terms]
    if op == "+" and len(terms) == 1:
        expr = f"{names[0]} is {shown[0]}"
    elif op == "+":
        expr = " + ".join(f"{n} {s}" for n, s in zip(names, shown))
        expr += f" = {fmt(_q(expected, places), places)}"
    else:
        expr = f"{op} = {fmt(_q(expected, places), places)}"
    message = f"{target.name} is {fmt(got, places)}, but {label + ': ' if label else ''}{expr}"
    others = sorted({t.where() for t in terms if t.source.path != target.source.path})
    hint = HINT
    if others:
        hint = "see " + ", ".join(others[:4]) + (", ..." if len(others) > 4 else "") + "; " + HINT
    line, col = target.source.pos(target.path)
    return Diagnostic(target.source.path, line, col, "warning", message, hint)


# --------------------------------------------------------------------------- grids


@dataclass
class Grid:
    """One table part or figure data block, addressable by row and column label."""

    source: Source
    path: tuple  # ("parts", i) or ("data", i)
    title: str  # 表 14.21 / 图 14.二十六 财政资源分配
    part: TablePart
    default_decimals: int | None

    @property
    def leaves(self) -> list[Column]:
        return self.part.leaves()

    def labels(self) -> list[str]:
        return [text_of(c.label) for c in self.leaves]

    def cell(self, r: int, c: int, name: str | None = None) -> Cell:
        row = self.part.rows[r]
        leaf = self.leaves[c]
        raw = row.values[c] if c < len(row.values) else None
        decimals = leaf.decimals if leaf.decimals is not None else self.default_decimals
        if name is None:
            name = f'{self.title} "{text_of(row.label)}", {text_of(leaf.label)}'
        return Cell(self.source, self.path + ("rows", r, "values", c), name, raw, decimals)

    def row_index(self, *, label: str | None = None, number: str | None = None,
                  kind: str | None = None, last: bool = False) -> int | None:
        found = None
        for i, row in enumerate(self.part.rows):
            if label is not None and text_of(row.label) != label:
                continue
            if number is not None and row.number != number:
                continue
            if kind is not None and row.kind != kind:
                continue
            found = i
            if not last:
                break
        return found

    def column(self, label: str) -> int | None:
        labels = self.labels()
        return labels.index(label) if label in labels else None


def table_grids(site: Site, stem: str) -> list[Grid]:
    table: Table | None = site.tables.get(stem)
    src = site.source("tables", stem)
    if table is None or src is None:
        return []
    grids = []
    for i, part in enumerate(table.parts):
        title = f"表 {table.number}"
        if len(table.parts) > 1 and part.title is not None and text_of(part.title).startswith("("):
            title += text_of(part.title).split(" ")[0]  # 表 14.16(1)
        grids.append(Grid(src, ("parts", i), title, part, table.decimals))
    return grids


def figure_grids(site: Site, stem: str) -> list[Grid]:
    fig: Figure | None = site.figures.get(stem)
    src = site.source("figures", stem)
    if fig is None or src is None:
        return []
    out = []
    for i, part in enumerate(fig.data):
        title = f"图 {fig.number}" + (f" {text_of(part.title)}" if part.title is not None else "")
        out.append(Grid(src, ("data", i), title, part, fig.decimals))
    return out


def _is_heading(row: Row) -> bool:
    return row.kind == "heading" or row.kind == "category" and all(v is None for v in row.values)


def _numeric_row(row: Row) -> bool:
    return bool(row.values) and any(number(v) is not None for v in row.values)


# --------------------------------------------------------------------------- within a part


def _sum_columns(grid: Grid) -> list[int]:
    """The columns that add up: not percentages, not text."""
    return [c for c, label in enumerate(grid.labels()) if label != PERCENT]


def _check_sum(grid: Grid, target: int, members: list[int]) -> Iterable[Diagnostic]:
    members = [m for m in members if _numeric_row(grid.part.rows[m])]
    if not members:
        return
    for c in _sum_columns(grid):
        terms = [grid.cell(m, c, f'"{text_of(grid.part.rows[m].label)}"') for m in members]
        d = compare(grid.cell(target, c), terms)
        if d:
            yield d


def check_part_sums(grid: Grid) -> list[Diagnostic]:
    """Subtotals and totals of one part.

    Two layouts occur. Deliverables tables print a subtotal *above* its items (category heading,
    subtotal, items). Resource tables print it *below* (heading, items, subtotal), and a subtotal
    outside any heading (小计，(1)) or a total adds up the top level: the categories that carry
    numbers of their own, the closed groups' subtotals and loose items.
    """
    rows = grid.part.rows
    out: list[Diagnostic] = []
    leading = any(
        row.kind == "subtotal" and i > 0 and _is_heading(rows[i - 1])
        and i + 1 < len(rows) and rows[i + 1].kind == "item"
        for i, row in enumerate(rows)
    )
    if leading:
        for i, row in enumerate(rows):
            if row.kind != "subtotal":
                continue
            members = []
            for j in range(i + 1, len(rows)):
                if rows[j].kind != "item":
                    break
                members.append(j)
            out += _check_sum(grid, i, members)
        subtotals = [i for i, r in enumerate(rows) if r.kind == "subtotal"]
        for i, row in enumerate(rows):
            if row.kind == "total":
                out += _check_sum(grid, i, [s for s in subtotals if s < i])
        return out

    top: list[int] = []
    group: list[int] | None = None
    grand = False  # a top-level subtotal was seen: a later total spans several parts
    for i, row in enumerate(rows):
        if _is_heading(row):
            group = []
        elif row.kind == "item":
            (group if group is not None else top).append(i)
        elif row.kind == "category":  # a category with numbers of its own
            group = None
            top.append(i)
        elif row.kind == "subtotal":
            if group is not None:
                out += _check_sum(grid, i, group)
                group = None
                top.append(i)
            else:
                out += _check_sum(grid, i, top)
                top = [i]
                grand = True
        elif row.kind == "total":
            if not grand:
                out += _check_sum(grid, i, top + (group or []))
            top, group = [i], None
    return out


def check_variance(grid: Grid) -> list[Diagnostic]:
    """The 变动 (change) columns of each row: parts, total, before and after recosting, percent."""
    groups = [c for c in grid.part.columns if c.columns and text_of(c.label) == CHANGE_GROUP]
    if not groups:
        return []
    labels = grid.labels()
    leaves = grid.leaves
    group = groups[0]
    first = next(i for i, leaf in enumerate(leaves) if leaf is group.columns[0])
    width = len(group.leaves())
    change_cols = list(range(first, first + width))
    sub = [text_of(leaves[c].label) for c in change_cols]
    if CHANGE_TOTAL not in sub or first == 0 or first + width >= len(leaves):
        return []
    total_c = change_cols[sub.index(CHANGE_TOTAL)]
    pct_c = change_cols[sub.index(PERCENT)] if PERCENT in sub else None
    parts_c = [c for c in change_cols if c not in (total_c, pct_c)]
    base_c, before_c = first - 1, first + width
    # only the budget's own layout: 2020 | 变动 ... | 2021 (before recosting, or proposed posts)
    if not labels[base_c].startswith("2020") or labels[before_c] not in (BEFORE, "2021 年拟议数"):
        base_c = before_c = None
    recost_c = labels.index(RECOSTING) if RECOSTING in labels else None
    after_c = recost_c + 1 if recost_c is not None and recost_c + 1 < len(leaves) else None

    out: list[Diagnostic] = []
    for r, row in enumerate(grid.part.rows):
        if not _numeric_row(row) or len(row.values) != len(leaves):
            continue

        def cell(c: int, r: int = r) -> Cell:
            return grid.cell(r, c, text_of(leaves[c].label))

        checks = [(cell(total_c), [cell(c) for c in parts_c])]
        if base_c is not None and before_c is not None:
            checks.append((cell(before_c), [cell(base_c), cell(total_c)]))
        if recost_c is not None and after_c is not None:
            checks.append((cell(after_c), [cell(before_c), cell(recost_c)]))
        for target, terms in checks:
            d = compare(grid.cell(r, target.path[-1]), terms)
            if d:
                out.append(d)
        if pct_c is not None and base_c is not None:
            base, change = cell(base_c).value, cell(total_c).value
            if base is not None and change is not None and base != 0:
                d = compare(grid.cell(r, pct_c), [cell(total_c), cell(base_c)],
                            op=f"{text_of(leaves[total_c].label)} / {text_of(leaves[base_c].label)} x 100",
                            expected=change / base * 100)
                if d:
                    out.append(d)
    return out


# --------------------------------------------------------------------------- across tables


def _same_row(target: Grid, t_row: int, sources: list[tuple[Grid, int | None]],
              columns: dict[str, str] | None = None) -> list[Diagnostic]:
    """Row ``t_row`` of ``target`` equals the sum of the given rows (None: the row is absent,
    zero), column by column where the column labels match (through ``columns``)."""
    out = []
    for c, label in enumerate(target.labels()):
        if label == PERCENT:
            continue
        wanted = (columns or {}).get(label, label)
        terms = []
        for grid, row in sources:
            sc = grid.column(wanted)
            if sc is None:
                sc = grid.column(label)
            if sc is None:
                break
            if row is not None:
                terms.append(grid.cell(row, sc, f'{grid.title} "{text_of(grid.part.rows[row].label)}"'))
        else:
            if terms:
                d = compare(target.cell(t_row, c), terms)
                if d:
                    out.append(d)
    return out


def _financial(grids: list[Grid]) -> Grid | None:
    return grids[0] if grids else None


def _posts(grids: list[Grid]) -> Grid | None:
    return grids[1] if len(grids) > 1 else None


def check_components(site: Site) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    # 表 14.16 (1) and 表 14.17 (1): each component's row is its own table's total
    for stem, kind in (("14.16", _financial), ("14.17", _posts)):
        grids = table_grids(site, stem)
        if not grids:
            continue
        main = grids[0]
        for num, table in COMPONENT_TABLE.items():
            r = main.row_index(number=num)
            own = kind(table_grids(site, table))
            if r is None or own is None:
                continue
            total = own.row_index(kind="total", last=True)
            if total is not None:
                out += _same_row(main, r, [(own, total)], POST_COLUMNS if stem == "14.17" else None)
    # a component made of sub-components
    for stem, subs in SUBCOMPONENT_TABLES.items():
        whole = table_grids(site, stem)
        parts = [table_grids(site, s) for s in subs]
        for p, grid in enumerate(whole):
            for r, row in enumerate(grid.part.rows):
                label = text_of(row.label)
                sources = [(g[p], g[p].row_index(label=label)) for g in parts if len(g) > p]
                if len(sources) == len(subs):
                    out += _same_row(grid, r, sources)
    # 表 14.18: the sum of the components, row by row, in both parts
    overall = table_grids(site, "14.18")
    members = [table_grids(site, t) for t in COMPONENT_TABLE.values()]
    for p, grid in enumerate(overall):
        for r, row in enumerate(grid.part.rows):
            label = text_of(row.label)
            sources = [(g[p], g[p].row_index(label=label)) for g in members if len(g) > p]
            if any(i is not None for _, i in sources):
                out += _same_row(grid, r, sources)
    out += _check_overall(site)
    return out


def _check_overall(site: Site) -> list[Diagnostic]:
    """表 14.13, 14.14, 14.15, 14.16 and 14.17 against 表 14.18 and each other."""
    out: list[Diagnostic] = []
    t13, t16, t18 = (table_grids(site, s) for s in ("14.13", "14.16", "14.18"))
    t14, t15, t17 = (table_grids(site, s) for s in ("14.14", "14.15", "14.17"))
    fin18, posts18 = _financial(t18), _posts(t18)
    if t13 and fin18:
        g13 = t13[0]
        total13 = g13.row_index(kind="total", last=True)
        post13 = g13.row_index(label="员额")
        if post13 is not None and (r := fin18.row_index(label="员额")) is not None:
            out += _same_row(g13, post13, [(fin18, r)])
        if total13 is not None and (r := fin18.row_index(kind="total")) is not None:
            out += _same_row(g13, total13, [(fin18, r)])
        non_post = [i for i, row in enumerate(g13.part.rows) if row.kind == "item" and i != post13]
        if non_post and (r := fin18.row_index(label="非员额")) is not None:
            out += _same_row(fin18, r, [(g13, i) for i in non_post])
    if t16 and fin18:
        sub1 = t16[0].row_index(kind="subtotal", last=True)
        if sub1 is not None and (r := fin18.row_index(kind="total")) is not None:
            out += _same_row(t16[0], sub1, [(fin18, r)])
    if t17 and posts18:
        sub1 = t17[0].row_index(kind="subtotal", last=True)
        if sub1 is not None and (r := posts18.row_index(kind="total")) is not None:
            out += _same_row(t17[0], sub1, [(posts18, r)], POST_COLUMNS)
    if t15 and posts18:
        total15 = t15[0].row_index(kind="total", last=True)
        if total15 is not None and (r := posts18.row_index(kind="total")) is not None:
            out += _same_row(t15[0], total15, [(posts18, r)], POST_COLUMNS)
    if t14 and t15:
        total15 = t15[0].row_index(kind="total", last=True)
        g14 = t14[0]
        if total15 is not None and g14.labels() and g14.part.rows:
            for r, year in ((0, "2020 年核定数"), (1, "2021 年拟议数")):
                c15 = t15[0].column(year)
                if r < len(g14.part.rows) and c15 is not None:
                    d = compare(g14.cell(r, 0), [t15[0].cell(total15, c15, f'表 14.15 "共计", {year}')])
                    if d:
                        out.append(d)
    # the extrabudgetary part's total is the regular budget plus the extrabudgetary subtotal
    for grids, cols in ((t16, {"2020 年估计数": "2020 年批款数", "2021 年估计数": AFTER}),
                        (t17, {"2020 年估计数": "2020 年核定数", "2021 年估计数": "2021 年拟议数"})):
        if len(grids) < 2:
            continue
        regular, extra = grids[0], grids[1]
        total = extra.row_index(kind="total", last=True)
        sub1 = regular.row_index(kind="subtotal", last=True)
        sub2 = extra.row_index(kind="subtotal", last=True)
        if None not in (total, sub1, sub2):
            out += _same_row(extra, total, [(regular, sub1), (extra, sub2)], cols)
    return out


def check_figures(site: Site) -> list[Diagnostic]:
    """Each resource chart against the table it draws (the 2021 estimate before recosting)."""
    out: list[Diagnostic] = []
    for fstem, tstem in FIGURE_TABLE.items():
        tables = table_grids(site, tstem)
        fin, posts = _financial(tables), _posts(tables)
        for grid in figure_grids(site, fstem):
            title = text_of(grid.part.title) if grid.part.title is not None else ""
            if not grid.leaves:
                continue
            for r, row in enumerate(grid.part.rows):
                if not _numeric_row(row):
                    continue
                label = text_of(row.label)
                if title == "财政资源分配" and fin is not None:
                    ref, ref_row = fin, fin.row_index(label=label)
                elif title == "非员额财政资源分配" and fin is not None:
                    if row.kind == "total":
                        ref, ref_row = fin, fin.row_index(label="非员额")
                    elif tstem == "14.18" and (t13 := table_grids(site, "14.13")):
                        ref, ref_row = t13[0], t13[0].row_index(label=label)
                    else:
                        continue
                elif title == "员额分配" and posts is not None:
                    if row.kind == "total":
                        ref, ref_row = posts, posts.row_index(kind="total", last=True)
                    elif tstem == "14.18" and (t15 := table_grids(site, "14.15")):
                        ref = t15[0]
                        ref_row = ref.row_index(label=GRADE_LABELS.get(label, label), kind="item")
                    else:
                        continue
                else:
                    continue
                if ref_row is None:
                    continue
                c = ref.column(BEFORE)
                if c is None:
                    c = ref.column("2021 年拟议数")
                if c is None:
                    continue
                d = compare(grid.cell(r, 0), [ref.cell(ref_row, c, f'{ref.title} "{text_of(ref.part.rows[ref_row].label)}"')])
                if d:
                    out.append(d)
    return out


# --------------------------------------------------------------------------- entry point


def all_grids(site: Site) -> list[Grid]:
    grids = []
    for stem in sorted(site.tables):
        grids += table_grids(site, stem)
    for stem in sorted(site.figures):
        grids += figure_grids(site, stem)
    return grids


def check_arithmetic(site: Site) -> list[Diagnostic]:
    """Every arithmetic check; the diagnostics are warnings (the source is not always consistent)."""
    out: list[Diagnostic] = []
    for grid in all_grids(site):
        width = len(grid.leaves)
        if any(row.values and len(row.values) != width for row in grid.part.rows):
            continue  # reported by validate as a row of the wrong width
        out += check_part_sums(grid)
        out += check_variance(grid)
    out += check_components(site)
    out += check_figures(site)
    return out
