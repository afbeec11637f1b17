"""Downloads: every table as CSV, the whole plan as JSON, and the open-data page that lists them."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest
import yaml
from conftest import ROOT, edit, site_of

from generator.content.model import text_of
from generator.rendering import downloads


def read_csv(data: bytes) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_every_csv_holds_the_tables_values(site):
    for stem, table in site.tables.items():
        records = read_csv(downloads.table_csv(table))
        header, rows = records[0], records[1:]
        several = len(table.parts) > 1
        has_notes = any(r.note for p in table.parts for r in p.rows)
        fixed = (1 if several else 0) + 3 + (1 if has_notes else 0)
        expected_rows = [(p, r) for p in table.parts for r in p.rows]
        assert len(rows) == len(expected_rows), stem
        for rec, (part, row) in zip(rows, expected_rows):
            assert len(rec) == len(header)
            assert rec[(1 if several else 0) + 1] == text_of(row.label)
            leaves = part.leaves()
            for i, value in enumerate(row.values):
                cell = rec[fixed + i]
                if value is None:
                    assert cell == "", (stem, row.label, i)
                elif isinstance(value, str):
                    assert cell == value
                else:
                    assert float(cell) == pytest.approx(value), (stem, row.label, i)
                    decimals = leaves[i].decimals if leaves[i].decimals is not None else table.decimals
                    if isinstance(value, float) and decimals is not None:
                        # printed precision: 2198.0 stays "2198.0", never "2198"
                        assert len(cell.partition(".")[2]) == decimals, (stem, cell)
                    assert "\u202f" not in cell and "," not in cell


def test_csv_headers_flatten_grouped_columns(site):
    header = read_csv(downloads.table_csv(site.tables["14.13"]))[0]
    assert header[:3] == ["编号", "项目", "行类型"]
    assert "变动 / 技术调整" in header and "变动 / 百分比" in header
    assert header[-1] == "2021 年估计数(重计费用后)"
    # a table in two parts has a part column; the row header of the table names the label column
    records = read_csv(downloads.table_csv(site.tables["14.16"]))
    assert records[0][0] == "部分"
    assert {r[0] for r in records[1:]} == {text_of(p.title) for p in site.tables["14.16"].parts}
    header15 = read_csv(downloads.table_csv(site.tables["14.15"]))[0]
    assert header15[1] == "职类"


def test_csv_keeps_nil_and_blank_apart(site):
    records = read_csv(downloads.table_csv(site.tables["14.25"]))
    posts = next(r for r in records if r[2] == "专业及以上职类")
    assert posts[4] == ""  # 2019: blank in the source
    assert posts[6] == "—"  # nil
    assert posts[5] == "10"


def test_csv_keeps_text_with_line_breaks(site):
    records = read_csv(downloads.table_csv(site.tables["14.19"]))
    assert any("\n" in cell for r in records for cell in r)


def test_csv_follows_the_yaml(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    edit(tmp_path, "content/tables/14.13.yaml", "[42.4, 26.2,", "[42.5, 26.2,")
    records = read_csv(downloads.table_csv(site_of(tmp_path).tables["14.13"]))
    assert "42.5" in [c for r in records for c in r]


def test_csv_labels_in_another_language(site):
    header = read_csv(downloads.table_csv(site.tables["14.13"], "en"))[0]
    assert header[:3] == ["Number", "Item", "Row type"]


def test_plan_json_round_trips_and_holds_every_file(site):
    data = downloads.plan_json(site)
    doc = json.loads(data.decode("utf-8"))
    assert json.dumps(doc, ensure_ascii=False, indent=1) + "\n" == data.decode("utf-8")
    content = ROOT / "content"
    # the plan's files (content/strings/ holds the site's interface strings, not the plan)
    files = [content / "plan.yaml", content / "mandates.yaml"] + sorted(
        p for folder in ("pages", "tables", "figures") for p in (content / folder).glob("*.yaml"))
    assert files
    for path in files:
        rel = path.relative_to(content)
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if rel.parts == ("plan.yaml",):
            held = doc["plan"]
        elif rel.parts == ("mandates.yaml",):
            held = doc["mandates"]
        else:
            held = doc[rel.parts[0]][path.stem]
        # same data (YAML's own typing may differ for unquoted dates/booleans, which we keep as text)
        assert _normalise(held) == _normalise(raw), rel
    assert len(doc["tables"]) + len(doc["figures"]) + len(doc["pages"]) + 2 == len(files)
    assert list(doc["tables"])[:3] == ["14.1", "14.2", "14.3"]
    assert doc["symbol"] == site.plan.symbol


def _normalise(value):
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, (bool,)) or value.__class__.__name__ in ("date", "datetime"):
        return str(value)
    return value


def test_plan_json_is_deterministic(site):
    assert downloads.plan_json(site) == downloads.plan_json(site_of(ROOT))


def test_files_lists_every_table_and_the_json(site):
    out = downloads.files(site)
    assert set(out) == {downloads.table_filename(s) for s in site.tables} | {"downloads/plan.json"}


def test_open_data_page_lists_every_download(site):
    md = downloads.open_data_page(site)
    assert md.startswith("# 开放数据\n")
    for stem, table in site.tables.items():
        assert f'href="downloads/table-{stem}.csv"' in md
        assert text_of(table.caption) in md or text_of(table.caption).replace("&", "&amp;") in md
    assert 'href="downloads/plan.json"' in md
    assert "UTF-8" in md and "A/75/6 (Sect. 14)" in md
    assert 'href="resources.html#table-14.16"' in md or "table-14.16" in md
    # every table links to the page that shows it
    where = downloads.table_pages(site)
    assert set(where) == {t.number for t in site.tables.values()}
    en = downloads.open_data_page(site, "en", href=lambda page, anchor: f"../{page}/#{anchor}", prefix="../")
    assert en.startswith("# Open data\n") and 'href="../downloads/plan.json"' in en
    size = downloads.file_size(len(downloads.plan_json(site)), downloads.strings_for("en"))
    assert re.fullmatch(r"\d+\.\d [km]B", size) and f"plan.json</a> ({size})" in en


def test_download_sizes_read_in_the_unit_of_their_size():
    en, zh = downloads.strings_for("en"), downloads.strings_for("zh")
    assert [downloads.file_size(n, en) for n in (0, 999, 1000, 1249, 1250, 999_949, 3_861_165)] == [
        "0 bytes", "999 bytes", "1.0 kB", "1.2 kB", "1.2 kB", "999.9 kB", "3.9 MB"]
    assert downloads.file_size(2500, zh) == "2.5 KB" and downloads.file_size(12, zh) == "12 字节"


def test_open_data_page_escapes_captions(site):
    table = site.tables["14.13"].model_copy(deep=True)
    table.caption = "<script>x</script>"
    site2 = type(site)(site.plan, site.pages, {**site.tables, "14.13": table}, site.figures, site.mandates, site.content)
    md = downloads.open_data_page(site2)
    assert "<script>" not in md and "&lt;script&gt;x&lt;/script&gt;" in md
