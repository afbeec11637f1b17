"""The plan's numbers to download: every table as CSV, the whole plan as one JSON document, and the
Markdown of the "open data" page that lists them. All built from the content at build time.

CSV: plain UTF-8 **without** a byte order mark, one header row, RFC 4180 quoting and CRLF line ends.
A BOM only helps one program (Excel on Windows, opening by double-click) and breaks others: the first
header becomes "\\ufeff表" for Python's csv, R's read.csv and most command-line tools. The open-data
page says how to open the files in Excel (Data > From Text/CSV, UTF-8).

* Columns: [part] (tables in several parts), number, label, row type, [note], then one per leaf
  column of the printed table, grouped headers flattened top-down: "变动 / 技术调整".
* Values: numbers with the decimals they are printed with (21466.8, 2198.0, 113) but without
  thousands separators, so that any program reads them as numbers; "—" (nil) stays "—"; a blank cell
  is empty; text is kept as printed.

JSON: every file of content/ as loaded (what the editors wrote: every language, nothing derived),
grouped as content/ is (plan, pages, tables, figures, mandates).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.content.model import (
    DEFAULT_LANG,
    Column,
    Site,
    Table,
    TableBlock,
    cell_in,
    nav_pages,
    text_of,
    walk_blocks,
)
from generator.i18n import languages as i18n
from generator.rendering.markup import scroll_box

NIL = "—"
DOWNLOADS_DIR = "downloads"
JSON_NAME = "plan.json"

def strings_for(lang: str, strings: i18n.Strings | None = None) -> dict[str, str]:
    """The CSV headers and the open-data page's text (``data_*`` in content/strings/<lang>.yaml,
    and ``open_data_title``): ``strings`` are the language's; without them, the project's."""
    strings = strings if strings is not None else i18n.project_strings(lang)
    return {**strings.section("data_"), "title": strings["open_data_title"]}


def number_key(stem: str) -> tuple:
    """'14.2' before '14.10'."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", stem))


def plain_number(value: Any, decimals: int | None) -> str:
    """A cell for a CSV: the printed precision, no thousands separators; '—' kept, null empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # pragma: no cover - the model rejects it
        return str(value)
    if isinstance(value, int):
        return str(value)
    if decimals is not None:
        return f"{value:.{decimals}f}"
    text = repr(value)
    if "e" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    return text


def _leaf_headers(columns: list[Column], lang: str, prefix: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    for col in columns:
        path = prefix + (text_of(col.label, lang),)
        if col.columns:
            out += _leaf_headers(col.columns, lang, path)
        else:
            out.append(" / ".join(p for p in path if p))
    return out


def table_rows(table: Table, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> list[list[str]]:
    """The table as CSV records (header first), as strings."""
    s = strings_for(lang, strings)
    several = len(table.parts) > 1
    has_notes = any(r.note for p in table.parts for r in p.rows)
    # parts of one table share their leaf columns; if they ever differ, the widest sets the header
    widest = max(table.parts, key=lambda p: len(p.leaves()), default=None)
    headers = _leaf_headers(widest.columns, lang) if widest is not None else []
    first = [p.row_header for p in table.parts if p.row_header is not None]
    label_header = text_of(first[0], lang) if first else s["label"]
    head = ([s["part"]] if several else []) + [s["number"], label_header, s["kind"]]
    head += [s["note"]] if has_notes else []
    records = [head + headers]
    for part in table.parts:
        part_title = text_of(part.title, lang) if part.title is not None else ""
        leaves = part.leaves()
        decimals = [c.decimals if c.decimals is not None else table.decimals for c in leaves]
        for row in part.rows:
            rec = ([part_title] if several else []) + [
                row.number or "", text_of(row.label, lang), s.get(f"kind_{row.kind}", row.kind)
            ]
            rec += [row.note or ""] if has_notes else []
            for i in range(len(headers)):
                value = cell_in(row.values[i], lang) if i < len(row.values) else None
                rec.append(plain_number(value, decimals[i] if i < len(decimals) else table.decimals))
            records.append(rec)
    return records


def table_csv(table: Table, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None) -> bytes:
    """The table as a CSV file (UTF-8, no BOM, header row, CRLF)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(table_rows(table, lang, strings))
    return buf.getvalue().encode("utf-8")


def table_filename(stem: str) -> str:
    """Where a table's CSV goes, relative to the docs folder: downloads/table-14.16.csv."""
    return f"{DOWNLOADS_DIR}/table-{stem}.csv"


def json_filename() -> str:
    return f"{DOWNLOADS_DIR}/{JSON_NAME}"


def _source_data(site: Site) -> dict[str, Any]:
    content = site.content
    if content is None:  # a Site built in code: its model, as the content would have written it
        return {
            "plan": site.plan.model_dump(mode="json", exclude_defaults=True),
            "pages": {k: v.model_dump(mode="json", exclude_defaults=True) for k, v in site.pages.items()},
            "tables": {k: v.model_dump(mode="json", exclude_defaults=True) for k, v in site.tables.items()},
            "figures": {k: v.model_dump(mode="json", exclude_defaults=True) for k, v in site.figures.items()},
            "mandates": [m.model_dump(mode="json", exclude_defaults=True) for m in site.mandates],
        }
    return {
        "plan": content.plan.data if content.plan is not None else None,
        "pages": {k: content.pages[k].data for k in content.pages},
        "tables": {k: content.tables[k].data for k in content.tables},
        "figures": {k: content.figures[k].data for k in content.figures},
        "mandates": content.mandates.data if content.mandates is not None else [],
    }


class JsonParts:
    """The JSON text of each file's data, kept while the data stays the same object (the live
    preview's parse cache keeps a file's data while its bytes stay the same): the plan's JSON is
    then written again from the parts of the files that changed."""

    def __init__(self) -> None:
        self._parts: dict[tuple[int, int], tuple[Any, str]] = {}
        self._used: set[tuple[int, int]] = set()

    def dump(self, data: Any, level: int) -> str:
        key = (id(data), level)
        self._used.add(key)
        hit = self._parts.get(key)
        if hit is None or hit[0] is not data:
            hit = (data, _dump(data, level))
            self._parts[key] = hit
        return hit[1]

    def forget_unused(self) -> None:
        self._parts = {k: v for k, v in self._parts.items() if k in self._used}
        self._used = set()


def _dump(data: Any, level: int) -> str:
    """``data`` as ``json.dumps(..., indent=1)`` writes it ``level`` levels deep in a document."""
    return json.dumps(data, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def _dump_object(items: list[tuple[str, str]], level: int) -> str:
    """A JSON object ``level`` levels deep from its keys and its values' JSON text, as
    ``json.dumps(..., indent=1)`` writes it."""
    if not items:
        return "{}"
    inner = " " * (level + 1)
    return ("{\n" + ",\n".join(f"{inner}{json.dumps(k, ensure_ascii=False)}: {v}" for k, v in items)
            + "\n" + " " * level + "}")


def plan_json(site: Site, parts: JsonParts | None = None) -> bytes:
    """The whole plan as one JSON document (UTF-8, keys in the order the files write them,
    pages in reading order, tables and figures by number: same content, same bytes). With
    ``parts``, the JSON of a file whose data did not change is not made again."""
    data = _source_data(site)
    dump = parts.dump if parts is not None else _dump
    in_nav = [p for _, p in nav_pages(site.plan.navigation) if p in data["pages"]]
    page_order = list(dict.fromkeys(in_nav + sorted(data["pages"])))  # reading order, then the rest
    doc = [
        ("symbol", dump(site.plan.symbol, 1)),
        ("plan", dump(data["plan"], 1)),
        ("pages", _dump_object([(k, dump(data["pages"][k], 2)) for k in page_order], 1)),
        ("tables", _dump_object([(k, dump(data["tables"][k], 2))
                                 for k in sorted(data["tables"], key=number_key)], 1)),
        ("figures", _dump_object([(k, dump(data["figures"][k], 2))
                                  for k in sorted(data["figures"], key=number_key)], 1)),
        ("mandates", dump(data["mandates"], 1)),
    ]
    if parts is not None:
        parts.forget_unused()
    return (_dump_object(doc, 0) + "\n").encode("utf-8")


def files(site: Site, lang: str = DEFAULT_LANG, strings: i18n.Strings | None = None,
          parts: JsonParts | None = None) -> dict[str, bytes]:
    """Every download, by its path relative to the docs folder (``parts``: see :func:`plan_json`)."""
    out = {table_filename(stem): table_csv(site.tables[stem], lang, strings) for stem in sorted(site.tables, key=number_key)}
    out[json_filename()] = plan_json(site, parts)
    return out


def table_pages(site: Site) -> dict[str, str]:
    """Table number -> the id of the page that shows it."""
    out: dict[str, str] = {}
    for page_id, page in site.pages.items():
        for _, block, _ in walk_blocks(page):
            if isinstance(block, TableBlock):
                out.setdefault(block.table, page_id)
    return out


def _default_href(page_id: str, anchor: str) -> str:
    return f"{page_id}.html#{anchor}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_SIZE_UNITS = (("megabytes", 10**6), ("kilobytes", 10**3))  # decimal units, as browsers show downloads


def file_size(size: int, s: Mapping[str, str]) -> str:
    """A download's size as a reader reads it: '845 bytes', '1.2 kB', '3.9 MB' (``data_*`` strings).
    Rounded to a tenth of its unit, it also stays the same through most edits of the content: the
    open-data page is not made again on every save of the live preview."""
    for unit, scale in _SIZE_UNITS:
        if size >= scale:
            return s[unit].format(n=f"{size / scale:.1f}")
    return s["bytes"].format(n=size)


def open_data_page(
    site: Site,
    lang: str = DEFAULT_LANG,
    strings: i18n.Strings | None = None,
    *,
    href: Callable[[str, str], str] = _default_href,
    prefix: str = "",
    downloads: Mapping[str, bytes] | None = None,
) -> str:
    """The Markdown of the open-data page: every CSV with its table number and caption, the JSON,
    what the columns and the encoding are, and the terms of use.

    ``href(page_id, anchor)`` makes the link to a table on its page; ``prefix`` is put before the
    download paths (e.g. "../" for a page one folder down); ``downloads`` are the files
    (:func:`files`) when the caller has them already. Text is HTML, escaped."""
    s = strings_for(lang, strings)
    if downloads is None:
        downloads = files(site, lang, strings)
    where = table_pages(site)
    rows = []
    for stem in sorted(site.tables, key=number_key):
        table = site.tables[stem]
        name = table_filename(stem)
        number = _e(s["table_prefix"] + table.number)
        if table.number in where:
            number = f'<a href="{_e(href(where[table.number], "table-" + table.number))}">{number}</a>'
        size = file_size(len(downloads[name]), s)
        rows.append(
            f"<tr><td>{number}</td><td>{_e(text_of(table.caption, lang))}</td>"
            f'<td><a href="{_e(prefix + name)}" download>{_e(name.rsplit("/", 1)[-1])}</a></td>'
            f'<td class="num">{_e(size)}</td></tr>'
        )
    table_html = (
        f'{scroll_box(s["csv_heading"])}<table class="data-table open-data">'
        f'<thead><tr><th scope="col">{_e(s["col_table"])}</th><th scope="col">{_e(s["col_caption"])}</th>'
        f'<th scope="col">{_e(s["col_file"])}</th><th scope="col">{_e(s["col_size"])}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    json_name = json_filename()
    json_size = file_size(len(downloads[json_name]), s)
    return "\n\n".join([
        f"# {_e(s['title'])}",
        f"<p>{_e(s['intro'])}</p>",
        f"## {_e(s['csv_heading'])}" + " {#csv}",
        f"<p>{_e(s['csv_about'])}</p>",
        table_html,
        f"## {_e(s['json_heading'])}" + " {#json}",
        f'<p><a href="{_e(prefix + json_name)}" download>{_e(JSON_NAME)}</a> ({_e(json_size)})</p>',
        f"<p>{_e(s['json_about'])}</p>",
        f"## {_e(s['licence_heading'])}" + " {#licence}",
        f"<p>{_e(s['licence'].format(symbol=site.plan.symbol))}</p>",
    ]) + "\n"
