"""Figures as inline SVG bar charts, drawn at build time from the figure's data (no script, no network).

Two shapes of figure occur in the plan:

* a **series**: a data part with several columns (years) and a row per measure (图 14.一-14.十七):
  one vertical bar per column, one panel per row;
* a **distribution**: a data part with a single column and a row per category (图 14.十八-14.三十一:
  posts by grade, money by class of expenditure): one horizontal bar per row; the ``total`` row is
  not a bar but is stated in the panel's heading, as the source prints it under its chart.

A value the source does not give (``null``) is a marked gap labelled "no data", never a zero bar; a
text value (e.g. 不适用) is a gap labelled with that text as printed. A figure without any numeric
value outside its printed totals gets no chart: :func:`figure_html` states that the source gives
no values (or only totals) instead, above the table of what it does give.

Colours are never written into the SVG: every element carries a class (``chart-bar``, ``chart-gap``,
``chart-grid``...) coloured by custom properties in ``charts.css``, which follow Material's light and
dark (``slate``) schemes and go grey in print. Every piece of text is XML-escaped, so the markup is
both valid HTML and well-formed XML.

Public entry points: :func:`figure_svg`, :func:`figure_fallback_table`, :func:`figure_html`,
:func:`has_chart`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.content.model import (
    DEFAULT_LANG,
    Column,
    Figure,
    Row,
    TablePart,
    cell_in,
    figure_stem,
    text_of,
)
from generator.i18n import languages as i18n
from generator.rendering.markup import scroll_box
from generator.rendering.numbers import figure_number, format_number

NIL = "—"

def strings_for(lang: str, strings: i18n.Strings | None = None) -> dict[str, str]:
    """The charts' interface strings (``chart_*`` in content/strings/<lang>.yaml, ``figure`` and
    ``figure_numerals``): ``strings`` are the language's; without them, the project's."""
    strings = strings if strings is not None else i18n.project_strings(lang)
    return {**strings.section("chart_"), "figure": strings["figure"], "figure_numerals": strings["figure_numerals"]}


# --------------------------------------------------------------------------- text helpers

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: Any) -> str:
    """Escape for XML/HTML text and attribute values (characters XML forbids are dropped)."""
    s = _XML_BAD.sub("", str(text))
    return (
        s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#39;")
    )


def text_width(text: str, size: float) -> float:
    """Rough rendered width: wide (CJK) characters one em, others a bit over half an em."""
    w = 0.0
    for ch in text:
        w += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.58
    return w * size


def wrap(text: str, width: float, size: float, max_lines: int = 3) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (CJK may break anywhere; Latin at spaces)."""
    lines: list[str] = []
    current = ""
    tokens = re.findall(r"[A-Za-z0-9().,/%\-]+\s*|\s+|.", text)
    for tok in tokens:
        if current and text_width(current + tok.rstrip(), size) > width:
            lines.append(current.rstrip())
            current = tok.lstrip()
        else:
            current += tok
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + ["".join(lines[max_lines - 1:])]
    return lines or [""]


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --------------------------------------------------------------------------- scale


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """0 and a few round steps up to at least ``maximum`` (1, 2, 2.5 or 5 times a power of ten)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _tick_label(value: float) -> str:
    if float(value).is_integer():
        return format_number(int(value), None)
    return format_number(value, None)


# --------------------------------------------------------------------------- data views


@dataclass
class Datum:
    label: str
    value: Any  # a number, a text (as printed), or None
    text: str  # the value as printed, or the no-data label


@dataclass
class Panel:
    kind: str  # "series" (vertical bars over columns) | "distribution" (horizontal bars over rows)
    title: str  # "" for a lone panel
    axis: str  # the value axis title
    data: list[Datum]
    total: str | None = None  # the printed total of a distribution


def _leaf_label(col: Column, lang: str) -> str:
    return text_of(col.label, lang)


def _decimals(part: TablePart, figure: Figure) -> list[int | None]:
    return [c.decimals if c.decimals is not None else figure.decimals for c in part.leaves()]


def _datum(label: str, value: Any, decimals: int | None, s: dict[str, str]) -> Datum:
    if value is None:
        return Datum(label, None, s["no_data"])
    return Datum(label, value, format_number(value, decimals))


def _row_label(row: Row, lang: str) -> str:
    label = text_of(row.label, lang)
    return f"{row.number} {label}" if row.number else label


def panels(figure: Figure, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> list[Panel]:
    """The figure's data as chart panels (see the module's docstring for the two shapes)."""
    s = strings_for(lang, strings)
    out: list[Panel] = []
    for part in figure.data:
        leaves = part.leaves()
        decimals = _decimals(part, figure)
        title = text_of(part.title, lang) if part.title is not None else ""
        unit = text_of(figure.unit, lang) if figure.unit is not None else ""
        if len(leaves) == 1:
            items = [r for r in part.rows if r.kind not in ("total", "category", "heading")]
            totals = [r for r in part.rows if r.kind == "total" and r.values]
            data = [_datum(_row_label(r, lang), cell_in(r.values[0], lang) if r.values else None, decimals[0], s)
                    for r in items]
            total = format_number(cell_in(totals[-1].values[0], lang), decimals[0]) if totals else None
            out.append(Panel("distribution", title, _leaf_label(leaves[0], lang) or unit or s["value"], data, total))
            continue
        rows = [r for r in part.rows if r.values]
        for row in rows:
            data = [
                _datum(_leaf_label(col, lang), cell_in(row.values[i], lang) if i < len(row.values) else None,
                       decimals[i], s)
                for i, col in enumerate(leaves)
            ]
            panel_title = title
            if len(rows) > 1:
                panel_title = (title + s["pair_sep"] if title else "") + text_of(row.label, lang)
            out.append(Panel("series", panel_title, unit or s["value"], data))
    return out


def has_values(figure: Figure) -> bool:
    """Whether the source gives at least one number for the figure."""
    return any(is_number(v) for part in figure.data for row in part.rows for v in row.values)


def has_chart(figure: Figure) -> bool:
    """Whether there is a bar to draw: a number other than a printed total (a figure whose source
    gives only totals, or nothing, gets no chart)."""
    return any(is_number(d.value) for panel in panels(figure) for d in panel.data)


# --------------------------------------------------------------------------- drawing

WIDTH = 640
FONT = 12
SMALL = 11
MIN_BAR = 1.5  # a value that is not zero stays visible next to one 400 times larger (图 14.六)


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def text(self, x: float, y: float, content: str, cls: str, anchor: str = "start") -> None:
        self.add(
            f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{esc(content)}</text>'
        )

    def lines(self, x: float, y: float, lines: list[str], cls: str, anchor: str, step: float) -> None:
        """Several lines centred vertically on ``y``."""
        top = y - (len(lines) - 1) * step / 2
        spans = "".join(
            f'<tspan x="{x:.1f}" y="{top + i * step:.1f}">{esc(line)}</tspan>' for i, line in enumerate(lines)
        )
        self.add(f'<text class="{cls}" text-anchor="{anchor}" dominant-baseline="middle">{spans}</text>')

    def rect(self, x: float, y: float, w: float, h: float, cls: str) -> None:
        self.add(f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.add(f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')


def _panel_heading(svg: _Svg, panel: Panel, y: float, s: dict[str, str]) -> float:
    """Write the panel's title (and printed total); return the y below it."""
    title = panel.title
    if panel.total is not None:
        total = s["total_value"].format(value=panel.total)
        title = f"{title}{s['open']}{total}{s['close']}" if title else total
    if not title:
        return y
    for line in wrap(title, WIDTH - 8, FONT + 1, 2):
        y += FONT + 6
        svg.text(4, y, line, "chart-title")
    return y + 6


def _draw_series(svg: _Svg, panel: Panel, top: float, s: dict[str, str]) -> float:
    y0 = _panel_heading(svg, panel, top, s)
    plot_h = 190.0
    axis_title_h = 22.0
    left = 56.0
    right = WIDTH - 12
    plot_top = y0 + axis_title_h + 16  # room for the value labels above the tallest bar
    base = plot_top + plot_h
    numbers = [d.value for d in panel.data if is_number(d.value)]
    ticks = nice_ticks(max([0.0, *numbers]))
    top_value = ticks[-1]

    def y_of(v: float) -> float:
        return base - (v / top_value) * plot_h

    svg.text(4, y0 + 14, panel.axis, "chart-axis-title", "start")
    for t in ticks:
        y = y_of(t)
        svg.line(left, y, right, y, "chart-grid")
        svg.text(left - 6, y + 4, _tick_label(t), "chart-tick", "end")
    band = (right - left) / max(len(panel.data), 1)
    bar_w = min(band * 0.56, 96)
    for i, d in enumerate(panel.data):
        cx = left + band * (i + 0.5)
        if is_number(d.value):
            y = min(y_of(max(float(d.value), 0.0)), base - (MIN_BAR if d.value else 0))
            svg.add(f'<g class="chart-datum" data-label="{esc(d.label)}" data-value="{esc(d.value)}">')
            svg.rect(cx - bar_w / 2, y, bar_w, base - y, "chart-bar")
            svg.text(cx, y - 6, d.text, "chart-value", "middle")
            svg.add("</g>")
        else:
            kind = "chart-gap" if d.value is None else "chart-gap chart-gap-text"
            svg.add(f'<g class="chart-missing" data-label="{esc(d.label)}">')
            svg.rect(cx - bar_w / 2, plot_top, bar_w, plot_h, kind)
            svg.lines(cx, plot_top + plot_h / 2, wrap(d.text, bar_w - 6, SMALL, 4), "chart-gap-label", "middle", SMALL + 3)
            svg.add("</g>")
        svg.lines(cx, base + 16, wrap(d.label, band - 4, FONT, 2), "chart-category", "middle", FONT + 2)
    svg.line(left, base, right, base, "chart-axis")
    svg.line(left, plot_top - 4, left, base, "chart-axis")
    label_lines = max((len(wrap(d.label, band - 4, FONT, 2)) for d in panel.data), default=1)
    bottom = base + 16 + (label_lines - 1) * (FONT + 2) + 14
    svg.text((left + right) / 2, bottom + 6, s["year"], "chart-axis-title", "middle")
    return bottom + 14


def _label_width(panels_: list[Panel]) -> float:
    """One label column for all the distribution panels of a figure, so that their bars line up."""
    widths = [text_width(d.label, FONT) for p in panels_ if p.kind == "distribution" for d in p.data]
    return min(max(widths, default=0) + 8, 190)


def _draw_distribution(svg: _Svg, panel: Panel, top: float, s: dict[str, str], label_w: float) -> float:
    y = _panel_heading(svg, panel, top, s)
    if not panel.data:
        svg.text(4, y + FONT + 4, s["only_total"], "chart-note")
        return y + FONT + 14
    left = label_w + 10
    values = [d.text for d in panel.data]
    value_room = max(text_width(v, FONT) for v in values) + 10
    right = WIDTH - value_room
    numbers = [d.value for d in panel.data if is_number(d.value)]
    ticks = nice_ticks(max([0.0, *numbers]))
    top_value = ticks[-1]
    wrapped = [wrap(d.label, label_w - 8, FONT, 2) for d in panel.data]
    row_h = [max(22.0, len(w) * (FONT + 2) + 8) for w in wrapped]
    plot_top = y + 6
    plot_h = sum(row_h)
    base = plot_top + plot_h

    def x_of(v: float) -> float:
        return left + (v / top_value) * (right - left)

    for t in ticks:
        x = x_of(t)
        svg.line(x, plot_top, x, base, "chart-grid")
        svg.text(x, base + 14, _tick_label(t), "chart-tick", "middle")
    cy = plot_top
    for d, lines, h in zip(panel.data, wrapped, row_h):
        mid = cy + h / 2
        bar_h = min(h - 8, 16)
        svg.lines(left - 8, mid, lines, "chart-category", "end", FONT + 2)
        if is_number(d.value):
            x = max(x_of(max(float(d.value), 0.0)), left + (MIN_BAR if d.value else 0))
            svg.add(f'<g class="chart-datum" data-label="{esc(d.label)}" data-value="{esc(d.value)}">')
            svg.rect(left, mid - bar_h / 2, x - left, bar_h, "chart-bar")
            svg.text(x + 5, mid + 4, d.text, "chart-value", "start")
            svg.add("</g>")
        else:
            kind = "chart-gap" if d.value is None else "chart-gap chart-gap-text"
            svg.add(f'<g class="chart-missing" data-label="{esc(d.label)}">')
            svg.rect(left, mid - bar_h / 2, right - left, bar_h, kind)
            svg.text((left + right) / 2, mid + 4, d.text, "chart-gap-label", "middle")
            svg.add("</g>")
        cy += h
    svg.line(left, plot_top, left, base, "chart-axis")
    svg.line(left, base, right, base, "chart-axis")
    svg.text(right, base + 32, panel.axis, "chart-axis-title", "end")
    return base + 44


def figure_title(figure: Figure, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> str:
    return _title(figure, lang, strings_for(lang, strings))


def _title(figure: Figure, lang: str, s: dict[str, str]) -> str:
    title = f"{s['figure']} {figure_number(figure.number, s['figure_numerals'])} {text_of(figure.caption, lang)}"
    if figure.unit is not None:
        title += f"{s['open']}{text_of(figure.unit, lang)}{s['close']}"
    return title


def figure_description(figure: Figure, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> str:
    """Every value of the chart as a sentence: the text alternative of the picture."""
    s = strings_for(lang, strings)
    sentences = []
    for panel in panels(figure, lang, strings):
        pairs = [f"{d.label}{s['pair_sep']}{d.text}" for d in panel.data]
        if panel.total is not None:
            pairs.append(f"{s['total']}{s['pair_sep']}{panel.total}")
        head = f"{panel.title}{s['pair_sep']}" if panel.title else ""
        sentences.append(head + s["list_sep"].join(pairs) + s["end"])
    return s["sentence_sep"].join(sentences)


def _anchor(figure: Figure) -> str:
    stem = figure_stem(figure.number) or re.sub(r"[^A-Za-z0-9.]+", "-", figure.number)
    return f"chart-{stem}"


def figure_svg(figure: Figure, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> str:
    """The figure as an inline ``<svg>`` (``role="img"``, labelled by its ``<title>`` and ``<desc>``);
    ``""`` when the source gives no number to draw (see :func:`has_chart`)."""
    if not has_chart(figure):
        return ""
    s = strings_for(lang, strings)
    svg = _Svg()
    y = 0.0
    all_panels = panels(figure, lang, strings)
    label_w = _label_width(all_panels)
    for i, panel in enumerate(all_panels):
        if i:
            y += 10
        if panel.kind == "series":
            y = _draw_series(svg, panel, y, s)
        else:
            y = _draw_distribution(svg, panel, y, s, label_w)
    height = math.ceil(y + 4)
    anchor = _anchor(figure)
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{anchor}-title {anchor}-desc" '
        f'lang="{esc(lang)}">'
        f'<title id="{anchor}-title">{esc(figure_title(figure, lang, strings))}</title>'
        f'<desc id="{anchor}-desc">{esc(figure_description(figure, lang, strings))}</desc>'
        + "".join(svg.parts)
        + "</svg>"
    )


# --------------------------------------------------------------------------- the numbers as a table


def _part_table(part: TablePart, figure: Figure, lang: str, s: dict[str, str]) -> str:
    leaves = part.leaves()
    decimals = _decimals(part, figure)
    caption = f"<caption>{esc(text_of(part.title, lang))}</caption>" if part.title is not None else ""
    label = _title(figure, lang, s) + (f"{s['pair_sep']}{text_of(part.title, lang)}" if part.title is not None else "")
    row_header = text_of(part.row_header, lang) if part.row_header is not None else s["item"]
    head = f'<th scope="col">{esc(row_header)}</th>' + "".join(
        f'<th scope="col">{esc(" / ".join(header_path(part.columns, leaf, lang)))}</th>' for leaf in leaves
    )
    body = []
    for row in part.rows:
        cells = []
        for i in range(len(leaves)):
            v = cell_in(row.values[i], lang) if i < len(row.values) else None
            if v is None:
                cells.append(f'<td class="blank chart-no-data">{esc(s["no_data"])}</td>')
            else:
                cls = "num" if is_number(v) or v == NIL else "text"
                cells.append(f'<td class="{cls}">{esc(format_number(v, decimals[i]))}</td>')
        body.append(
            f'<tr class="row-{row.kind}"><th scope="row">{esc(_row_label(row, lang))}</th>{"".join(cells)}</tr>'
        )
    return (
        f'{scroll_box(label)}<table class="data-table chart-table">{caption}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def header_path(columns: list[Column], leaf: Column, lang: str) -> list[str]:
    """The labels from the top header down to ``leaf``: a grouped header reads "变动 / 技术调整"."""
    for col in columns:
        if col is leaf:
            return [text_of(col.label, lang)]
        if col.columns:
            sub = header_path(col.columns, leaf, lang)
            if sub:
                return [text_of(col.label, lang), *sub]
    return []


def figure_fallback_table(
    figure: Figure, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None, *, collapsible: bool = True
) -> str:
    """The figure's numbers as HTML tables, inside a ``<details>`` block (open it to read them)."""
    if not figure.data:
        return ""
    s = strings_for(lang, strings)
    tables = "".join(_part_table(p, figure, lang, s) for p in figure.data)
    if not collapsible:
        return f'<div class="chart-data">{tables}</div>'
    return f'<details class="chart-data"><summary>{esc(s["data_table"])}</summary>{tables}</details>'


def figure_html(figure: Figure, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> str:
    """What goes under the figure's caption: the chart with its numbers in a collapsible table, or,
    when the source gives no values, a statement saying so (and the rows it names, if any).

    One line of HTML without blank lines, so that it stays one raw HTML block in Markdown."""
    s = strings_for(lang, strings)
    svg = figure_svg(figure, lang, strings)
    if svg:
        # the chart's labels repeat the data table below: keep them out of the search index
        # on a phone the chart keeps its width (its text stays legible) and scrolls in its box
        box = scroll_box(figure_title(figure, lang, strings), "plan-chart", "data-search-exclude")
        return (f'{box}{svg}</div>'
                + figure_fallback_table(figure, lang, strings))
    statement = s["only_totals"] if has_values(figure) else s["no_values"]
    note = f'<p class="chart-no-values">{esc(statement)}</p>'
    return note + figure_fallback_table(figure, lang, strings, collapsible=False)
