"""Arithmetic checks: the numbers of the tables and figures against each other.

* in each table part (and each figure's data): subtotals and totals equal the sum of their rows;
* the change columns that plan.yaml's ``columns: change:`` names: the change's parts add up to its
  total; the base column plus the change is the estimate; plus recosting, the estimate after
  recosting; the percentage is the change over the base;
* across tables, the relations the content declares (content/README.md, "Relations"): a row
  ``equals`` the sum of rows elsewhere, each row of a part ``equals`` the sum of the same-labelled
  rows of other parts (a chart its table's).

Numbers are compared at the precision they are printed with: ``Decimal(repr(value))``, the
computed side rounded half up to the printed decimals. The source document itself is not always
consistent; the page keeps what the source printed, so every mismatch is a warning that names
both places and both numbers, unless the content acknowledges it next to the number (then it is
info, with the reason), and an acknowledgement that matches no finding is a warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from generator.content.load import Source
from generator.content.model import (
    Acknowledgement,
    Column,
    ColumnLabels,
    Figure,
    Row,
    RowRef,
    Site,
    Table,
    TablePart,
    text_of,
)
from generator.diagnostics import Diagnostic

NIL = "—"  # printed for zero
HINT = "the page keeps the printed number; correct it only if the source prints otherwise"


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


@dataclass(frozen=True)
class Finding:
    """A warning about one printed number (the cell it is about: its file and path there)."""

    file: str
    path: tuple
    diagnostic: Diagnostic


def compare(target: Cell, terms: Sequence[Cell], *, op: str = "+", expected: Decimal | None = None,
            label: str | None = None) -> Finding | None:
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
    diagnostic = Diagnostic(target.source.path, line, col, "warning", message, hint)
    return Finding(target.source.path, target.path, diagnostic)


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


def _sum_columns(grid: Grid, labels: ColumnLabels) -> list[int]:
    """The columns that add up: not percentages."""
    return [c for c, label in enumerate(grid.labels()) if label != labels.percent]


def _check_sum(grid: Grid, labels: ColumnLabels, target: int, members: list[int]) -> Iterable[Finding]:
    members = [m for m in members if _numeric_row(grid.part.rows[m])]
    if not members:
        return
    for c in _sum_columns(grid, labels):
        terms = [grid.cell(m, c, f'"{text_of(grid.part.rows[m].label)}"') for m in members]
        found = compare(grid.cell(target, c), terms)
        if found:
            yield found


def check_part_sums(grid: Grid, labels: ColumnLabels) -> list[Finding]:
    """Subtotals and totals of one part.

    Two layouts occur. Deliverables tables print a subtotal *above* its items (category heading,
    subtotal, items). Resource tables print it *below* (heading, items, subtotal), and a subtotal
    outside any heading (a subtotal of part (1)) or a total adds up the top level: the categories
    that carry numbers of their own, the closed groups' subtotals and loose items.
    """
    rows = grid.part.rows
    out: list[Finding] = []
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
            out += _check_sum(grid, labels, i, members)
        subtotals = [i for i, r in enumerate(rows) if r.kind == "subtotal"]
        for i, row in enumerate(rows):
            if row.kind == "total":
                out += _check_sum(grid, labels, i, [s for s in subtotals if s < i])
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
                out += _check_sum(grid, labels, i, group)
                group = None
                top.append(i)
            else:
                out += _check_sum(grid, labels, i, top)
                top = [i]
                grand = True
        elif row.kind == "total":
            if not grand:
                out += _check_sum(grid, labels, i, top + (group or []))
            top, group = [i], None
    return out


def check_variance(grid: Grid, labels: ColumnLabels) -> list[Finding]:
    """The change columns of each row (plan.yaml's ``columns: change:``): the parts add up to the
    change's total; the column before the group plus the change is the column after it; plus
    recosting, the column after recosting; the percentage is the change over the column before."""
    change = labels.change
    if change is None:
        return []
    groups = [c for c in grid.part.columns if c.columns and text_of(c.label) == change.group]
    if not groups:
        return []
    names = grid.labels()
    leaves = grid.leaves
    group = groups[0]
    first = next(i for i, leaf in enumerate(leaves) if leaf is group.columns[0])
    width = len(group.leaves())
    change_cols = list(range(first, first + width))
    sub = [text_of(leaves[c].label) for c in change_cols]
    if change.total not in sub or first == 0 or first + width >= len(leaves):
        return []
    total_c = change_cols[sub.index(change.total)]
    pct_c = change_cols[sub.index(labels.percent)] if labels.percent in sub else None
    parts_c = [c for c in change_cols if c not in (total_c, pct_c)]
    base_c, before_c = first - 1, first + width
    recost_c = names.index(change.recosting) if change.recosting in names else None
    after_c = recost_c + 1 if recost_c is not None and recost_c + 1 < len(leaves) else None

    out: list[Finding] = []
    for r, row in enumerate(grid.part.rows):
        if not _numeric_row(row) or len(row.values) != len(leaves):
            continue

        def cell(c: int, r: int = r) -> Cell:
            return grid.cell(r, c, text_of(leaves[c].label))

        checks = [(cell(total_c), [cell(c) for c in parts_c]),
                  (cell(before_c), [cell(base_c), cell(total_c)])]
        if recost_c is not None and after_c is not None:
            checks.append((cell(after_c), [cell(before_c), cell(recost_c)]))
        for target, terms in checks:
            found = compare(grid.cell(r, target.path[-1]), terms)
            if found:
                out.append(found)
        if pct_c is not None:
            base, change_total = cell(base_c).value, cell(total_c).value
            if base is not None and change_total is not None and base != 0:
                found = compare(grid.cell(r, pct_c), [cell(total_c), cell(base_c)],
                                op=f"{text_of(leaves[total_c].label)} / {text_of(leaves[base_c].label)} x 100",
                                expected=change_total / base * 100)
                if found:
                    out.append(found)
    return out


# --------------------------------------------------------------------------- relations


class Grids:
    """Every table's and figure's grids: by table number, by figure file."""

    def __init__(self, site: Site) -> None:
        self.tables = {table.number: table_grids(site, stem) for stem, table in sorted(site.tables.items())}
        self.figures = {stem: figure_grids(site, stem) for stem in sorted(site.figures)}
        self._owners = {id(g): grids for grids in (*self.tables.values(), *self.figures.values())
                        for g in grids}

    def all(self) -> list[Grid]:
        return [g for grids in (*self.tables.values(), *self.figures.values()) for g in grids]

    def owner(self, grid: Grid) -> tuple[list[Grid], int]:
        """The grids of the table or figure ``grid`` belongs to, and its place among them."""
        own = self._owners[id(grid)]
        return own, next(i for i, g in enumerate(own) if g is grid)


def select_row(grid: Grid, ref: RowRef) -> int | None:
    if ref.row is not None:
        return grid.row_index(label=ref.row)
    if ref.number is not None:
        return grid.row_index(number=ref.number)
    if ref.kind is not None:
        return grid.row_index(kind=ref.kind, last=True)
    return None


def _same_row(target: Grid, t_row: int, sources: list[tuple[Grid, int | None, str | None]],
              labels: ColumnLabels) -> list[Finding]:
    """Row ``t_row`` of ``target`` equals the sum of the given rows (None: the row is absent,
    nothing to add), column by column: a source's declared column, else the column labelled as
    the target column ``matches``, else the same-labelled column. A column some source lacks is
    not compared."""
    out = []
    for c, label in enumerate(target.labels()):
        if label == labels.percent:
            continue
        wanted = target.leaves[c].matches or label
        terms = []
        for grid, row, column in sources:
            if column is not None:
                sc = grid.column(column)
            else:
                sc = grid.column(wanted)
                if sc is None:
                    sc = grid.column(label)
            if sc is None:
                break
            if row is not None:
                terms.append(grid.cell(row, sc, f'{grid.title} "{text_of(grid.part.rows[row].label)}"'))
        else:
            if terms:
                found = compare(target.cell(t_row, c), terms)
                if found:
                    out.append(found)
    return out


def _ref_grid(grids: Grids, own: list[Grid], table: str | None, part: int) -> Grid | None:
    parts = own if table is None else grids.tables.get(table, [])
    return parts[part] if 0 <= part < len(parts) else None


def check_relations(site: Site, grids: Grids) -> list[Finding]:
    """The relations the content declares: a row ``equals`` the sum of rows elsewhere; each row
    of a part ``equals`` the sum of the same-labelled rows of other parts."""
    labels = site.plan.columns or ColumnLabels()
    out: list[Finding] = []
    for grid in grids.all():
        own, index = grids.owner(grid)
        parts = [(_ref_grid(grids, own, ref.table, ref.part - 1 if ref.part else index), ref.column)
                 for ref in grid.part.equals]
        parts = [(source, column) for source, column in parts if source is not None]
        for r, row in enumerate(grid.part.rows if parts else ()):
            label = text_of(row.label)
            sources = [(source, source.row_index(label=label), column) for source, column in parts]
            if any(found is not None for _, found, _ in sources):
                out += _same_row(grid, r, sources, labels)
        for r, row in enumerate(grid.part.rows):
            if not row.equals:
                continue
            sources = []
            for rref in row.equals:
                source = _ref_grid(grids, own, rref.table, rref.part - 1)
                if source is not None:
                    sources.append((source, select_row(source, rref), rref.column))
            out += _same_row(grid, r, sources, labels)
    return out


# --------------------------------------------------------------------------- acknowledgements


def _acknowledgements(grids: Grids) -> dict[tuple[str, tuple], tuple[Grid, tuple, Acknowledgement]]:
    """(file, path of the cell) -> the acknowledgement written on its row, and where."""
    out = {}
    for grid in grids.all():
        for r, row in enumerate(grid.part.rows):
            for i, ack in enumerate(row.acknowledged):
                c = grid.column(ack.column) if ack.column is not None else 0
                if c is None:
                    continue  # reported by check_declarations
                cell = grid.path + ("rows", r, "values", c)
                out[(grid.source.path, cell)] = (grid, grid.path + ("rows", r, "acknowledged", i), ack)
    return out


def acknowledge(findings: list[Finding], grids: Grids) -> list[Diagnostic]:
    """Findings on an acknowledged cell become info that says why; an acknowledgement whose cell
    has no finding any more is a warning (the numbers changed: remove it, or it hides the next)."""
    acks = _acknowledgements(grids)
    used = set()
    out = []
    for f in findings:
        key = (f.file, f.path)
        if key not in acks:
            out.append(f.diagnostic)
            continue
        used.add(key)
        d = f.diagnostic
        reason = text_of(acks[key][2].reason)
        out.append(Diagnostic(d.file, d.line, d.column, "info", f"{d.message} (acknowledged: {reason})", d.hint))
    for key, (grid, where, ack) in acks.items():
        if key not in used:
            column = f" in column {ack.column}" if ack.column is not None else ""
            out.append(grid.source.diag(where, "this acknowledgement excuses nothing: the numbers of "
                                        f"this row{column} agree", "warning",
                                        hint="remove it, or it would hide the next inconsistency here"))
    return out


# --------------------------------------------------------------------------- declarations


def check_declarations(site: Site) -> list[Diagnostic]:
    """Errors in the relations and acknowledgements the content declares: a table, part, row or
    column they name that does not exist."""
    grids = Grids(site)
    known_columns = {label for g in grids.all() for label in g.labels()}
    out: list[Diagnostic] = []

    def table_of(src: Source, where: tuple, table: str | None, own: list[Grid]) -> list[Grid] | None:
        if table is None:
            return own
        if table not in grids.tables:
            guess = difflib.get_close_matches(table, sorted(grids.tables), n=1)
            out.append(src.diag(where, f"table {table} does not exist",
                                hint=f"did you mean {guess[0]}?" if guess else None))
            return None
        return grids.tables[table]

    def part_of(src: Source, where: tuple, parts: list[Grid], part: int, name: str) -> Grid | None:
        if 0 <= part < len(parts):
            return parts[part]
        out.append(src.diag(where, f"{name} has no part {part + 1}: it has {len(parts)}"))
        return None

    def column_of(src: Source, where: tuple, grid: Grid, column: str) -> None:
        if grid.column(column) is None:
            guess = difflib.get_close_matches(column, grid.labels(), n=1)
            out.append(src.diag(where, f"{grid.title} has no column '{column}'",
                                hint=f"did you mean '{guess[0]}'?" if guess else
                                "its columns: " + ", ".join(grid.labels())))

    for grid in grids.all():
        src = grid.source
        own, index = grids.owner(grid)
        for leaf in grid.leaves:
            if leaf.matches is not None and leaf.matches not in known_columns:
                out.append(src.diag(_leaf_path(grid, leaf) + ("matches",),
                                    f"no table has a column '{leaf.matches}'"))
        for i, ref in enumerate(grid.part.equals):
            where = grid.path + ("equals", i)
            parts = table_of(src, where + ("table",), ref.table, own)
            if parts is None:
                continue
            target = part_of(src, where, parts, ref.part - 1 if ref.part else index,
                             f"table {ref.table}")
            if target is not None and ref.column is not None:
                column_of(src, where + ("column",), target, ref.column)
        for r, row in enumerate(grid.part.rows):
            for i, rref in enumerate(row.equals):
                where = grid.path + ("rows", r, "equals", i)
                given = [k for k in ("row", "number", "kind") if getattr(rref, k) is not None]
                if len(given) != 1:
                    out.append(src.diag(where, "a row in `equals` is named by one of row (its label), "
                                        "number or kind" + (f", not by {' and '.join(given)}" if given else "")))
                    continue
                parts = table_of(src, where + ("table",), rref.table, own)
                if parts is None:
                    continue
                name = f"table {rref.table}" if rref.table else "this table"
                target = part_of(src, where, parts, rref.part - 1, name)
                if target is None:
                    continue
                if select_row(target, rref) is None:
                    what = {"row": f"row '{rref.row}'", "number": f"a row numbered '{rref.number}'",
                            "kind": f"a {rref.kind} row"}[given[0]]
                    out.append(src.diag(where + (given[0],), f"{target.title} has no {what}"))
                if rref.column is not None:
                    column_of(src, where + ("column",), target, rref.column)
            for i, ack in enumerate(row.acknowledged):
                where = grid.path + ("rows", r, "acknowledged", i)
                if ack.column is not None:
                    column_of(src, where + ("column",), grid, ack.column)
                elif len(grid.leaves) != 1:
                    out.append(src.diag(where, "name the column of the acknowledged number: "
                                        f"{grid.title} has {len(grid.leaves)} columns"))
    return out


def _leaf_path(grid: Grid, leaf: Column) -> tuple:
    """The path of a leaf column in its file."""

    def walk(columns: list[Column], path: tuple) -> tuple | None:
        for i, column in enumerate(columns):
            if column is leaf:
                return path + (i,)
            found = walk(column.columns, path + (i, "columns"))
            if found is not None:
                return found
        return None

    return walk(grid.part.columns, grid.path + ("columns",)) or grid.path


# --------------------------------------------------------------------------- entry point


def all_grids(site: Site) -> list[Grid]:
    return Grids(site).all()


def check_arithmetic(site: Site) -> list[Diagnostic]:
    """Every arithmetic check; the findings are warnings (the source is not always consistent),
    or info where the content acknowledges them."""
    labels = site.plan.columns or ColumnLabels()
    grids = Grids(site)
    findings: list[Finding] = []
    for grid in grids.all():
        width = len(grid.leaves)
        if any(row.values and len(row.values) != width for row in grid.part.rows):
            continue  # reported by validate as a row of the wrong width
        findings += check_part_sums(grid, labels)
        findings += check_variance(grid, labels)
    findings += check_relations(site, grids)
    return acknowledge(findings, grids)
