"""Rendering the real plan: the budget line computed from the tables, cross-references and mandate
links in prose, the mandates page (natural order, "cited in", the matrix), variance marks, and a
CSV beside every table whose numbers are the page's."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import edit

from generator.i18n import languages as i18n
from generator.linking.link import link
from generator.pipeline import check
from generator.rendering.pages import render

ROOT = Path(__file__).resolve().parents[1]
LANGS = (i18n.Language("zh", "中文", True), i18n.Language("en", "English"))


def _render(root: Path, lang: str = "zh") -> dict[str, str]:
    result = check(root)
    assert result.ok(), [d.format() for d in result.diagnostics if d.severity == "error"]
    strings, _ = i18n.load_strings(root, LANGS)
    return render(link(result.site)[0], lang=lang, strings=strings, languages=LANGS)


@pytest.fixture(scope="module")
def zh() -> dict[str, str]:
    return _render(ROOT, "zh")


@pytest.fixture(scope="module")
def en() -> dict[str, str]:
    return _render(ROOT, "en")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A writable copy of the real content."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _budget(md: str) -> str:
    return re.search(r'<p class="plan-budget">(.*?)</p>', md).group(1)


def test_the_budget_line_is_computed_from_the_resource_tables(zh, en):
    assert re.sub(r"<[^>]+>", "", _budget(zh["index.md"])) == (
        "2021 年拟议经常预算资源(重计费用前) 23\u202f765\u202f900 美元；2021 年拟议员额 113 个")
    assert '<a class="xref" href="resources.html#table-14.13">23\u202f765\u202f900</a>' in zh["index.md"]
    assert re.sub(r"<[^>]+>", "", _budget(en["index.md"])) == (
        "Proposed regular budget resources for 2021 (before recosting): 23,765,900 United States dollars; "
        "proposed posts for 2021: 113")


def test_the_budget_line_follows_the_table(plan):
    text = (plan / "content/tables/14.13.yaml").read_text(encoding="utf-8")
    total = re.search(r"values: \[(23089\.8, .*)\]", text).group(1).split(", ")  # the 共计 row
    assert total[7] == "23765.9"
    edit(plan, "content/tables/14.13.yaml", ", ".join(total), ", ".join(total[:7] + ["12345.6"] + total[8:]))
    assert "12\u202f345\u202f600</a> 美元" in _budget(_render(plan)["index.md"])


def test_a_budget_table_without_its_column_fails_loudly(plan):
    """plan.yaml names the cells of the budget line: a relabelled column is an error at check,
    located at the declaration, before anything is built."""
    edit(plan, "content/tables/14.13.yaml", "zh: 2021 年估计数(重计费用前)", "zh: 2021 年估计数")
    errors = [d for d in check(plan).diagnostics if d.severity == "error"]
    budget = [d for d in errors if d.file == "content/plan.yaml"]
    assert budget and "table 14.13 has no column '2021 年估计数(重计费用前)'" in budget[0].message
    line = (plan / "content/plan.yaml").read_text(encoding="utf-8").splitlines()[budget[0].line - 1]
    assert line[budget[0].column - 1:].startswith("2021 年估计数(重计费用前)")


def test_the_budget_line_comes_from_the_plan(plan):
    """Another table, row and factor named in plan.yaml: the line follows them."""
    edit(plan, "content/plan.yaml", "posts: {table: \"14.15\", row: 共计, column: 2021 年拟议数, year: \"2021\"}",
         "posts: {table: \"14.17\", part: 2, row: 共计, column: 2021 年估计数, year: \"2021\"}")
    assert "2021 年拟议员额 <a class=\"xref\" href=\"resources.html#table-14.17\">965</a> 个" in (
        _budget(_render(plan)["index.md"]))


def test_cross_references_in_running_text_and_captions(zh, en):
    sp1 = zh["subprogramme-1.md"]
    assert '<a class="xref" href="#table-14.3">表 14.3</a>' in sp1
    # captions of tables on the programme-of-work page link to their subprogramme
    assert '<a class="xref" href="subprogramme-1.html">次级方案 1</a>' in zh["programme-of-work.md"]
    # a subprogramme page does not link to itself
    assert 'href="subprogramme-1.html"' not in sp1
    # the same links on English pages (the Chinese text shown for want of a translation)
    assert '<a class="xref" href="#table-14.3">表 14.3</a>' in en["subprogramme-1.md"]
    links = sum(len(re.findall(r'class="xref"', md)) for name, md in zh.items()
                if name.endswith(".md") and name != "print.md")
    assert links >= 50


def test_mandate_citations_have_the_title_as_tooltip(zh):
    assert re.search(r'<a class="mandate-cite" href="https://undocs.org/zh/A/RES/2997\(XXVII\)" '
                     r'title="A/RES/2997\(XXVII\)：[^"]+">2997\(XXVII\)</a>', zh["orientation.md"])


def _register(md: str, body: str, kind: str) -> list[str]:
    section = md[md.index(f"{{#{body}-{kind}}}"):]
    section = section[:section.index("</ul>")]
    return re.findall(r'<li id="([^"]+)">', section)


def test_mandates_page_is_naturally_sorted_with_anchors(zh):
    ids = _register(zh["mandates.md"], "unea", "resolution")
    assert ids.index("unea-resolution-2-5") < ids.index("unea-resolution-2-24")
    numbers = [tuple(int(n) for n in i.split("-")[-2:]) for i in ids]
    assert numbers == sorted(numbers)


def test_every_list_entry_links_to_its_entry_on_the_mandates_page(zh):
    anchors = set(re.findall(r'<li id="([^"]+)">', zh["mandates.md"]))
    targets = [a for name, md in zh.items() if name.endswith(".md")
               for a in re.findall(r'class="mandate-entry" href="mandates\.html#([^"]+)"', md)]
    assert len(targets) > 100
    assert set(targets) <= anchors


def test_cited_in_lists_every_list_and_paragraph(zh):
    md = zh["mandates.md"]
    entry = md[md.index('<li id="ga-resolution-74-251">'):]
    entry = entry[:entry.index("</li>")]
    # no printed title: the symbol only
    assert "mandate-title" not in entry and "<code>A/RES/74/251</code>" in entry
    for para, page in (("14.23", "subprogramme-1"), ("14.102", "subprogramme-7")):
        assert f'<a href="{page}.html#para-{para}">第 {para} 段</a>' in entry


def test_the_matrix_is_a_table_with_linked_marks(zh, en):
    md = zh["mandates.md"]
    table = md[md.index('<table class="data-table mandate-matrix">'):]
    table = table[:table.index("</table>")]
    head = table[:table.index("</thead>")]
    assert ">总方向</a>" in head and all(f'>{n}</a></th>' in head for n in range(1, 8))
    row = re.search(r'<tr><th scope="row"><a href="#ga-resolution-71-6">第 71/6 号决议</a></th>(.*?)</tr>', table)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert len(cells) == 8 and cells[0] == ""
    assert all('aria-label="第 71/6 号决议：次级方案' in c for c in cells[1:])
    assert "Subprogrammes" in en["mandates.md"]


def test_variance_marks_do_not_change_the_numbers(zh):
    md = zh["subprogramme-1.md"]
    table = md[md.index('id="table-14.3"'):]
    table = table[:table.index("</table>")]
    cells = re.findall(r'<td class="([^"]*)"(?: title="([^"]*)")?>([^<]*)</td>', table)
    marked = [c for c in cells if "var-" in c[0]]
    assert marked
    assert {title for cls, title, _ in marked if "var-na" not in cls} <= {"低于 2019 年计划数", "高于 2019 年计划数", "与 2019 年计划数相同"}
    assert ("num var-down", "低于 2019 年计划数", "1") in marked


def _page_table(md: str, number: str) -> list[list[str]]:
    """The body rows of a table on a rendered page: [label, cell, cell ...] as shown."""
    block = md[md.index(f'id="table-{number}"'):]
    block = block[:block.index("\n\n")]  # one raw HTML block: no blank line inside
    rows = []
    for tr in re.findall(r"<tr class=\"row-[a-z]+\">(.*?)</tr>", block, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append(cells)
    return rows


@pytest.mark.parametrize("number", ["14.3", "14.13", "14.15", "14.16", "14.19"])
def test_the_csv_holds_the_numbers_of_the_page(zh, number):
    page = next(md for name, md in zh.items() if name.endswith(".md") and name != "print.md"
                and f'id="table-{number}"' in md)
    shown = _page_table(page, number)
    records = list(csv.reader(io.StringIO(zh[f"downloads/table-{number}.csv"])))
    header, body = records[0], records[1:]
    first = header.index("行类型") + 1 + ("注" in header)
    assert len(body) == len(shown)
    for rec, cells in zip(body, shown):
        values = rec[first:][:len(cells)]
        for v, c in zip(values, cells):
            c = c.replace("\u202f", "")
            if re.fullmatch(r"-?\d+(\.\d+)?", v):
                assert float(v) == float(c), (number, rec, cells)
            else:
                assert v == c, (number, rec, cells)


def test_every_table_has_its_download(zh, en):
    tables = {n for name, md in zh.items() if name.endswith(".md") and name != "print.md"
              for n in re.findall(r'<div class="plan-table" id="table-([\d.]+)">', md)}
    assert len(tables) == 32
    for n in tables:
        assert f"downloads/table-{n}.csv" in zh and f"downloads/table-{n}.csv" in en
    assert en["downloads/table-14.13.csv"].startswith("Number,Item,Row type")


def test_the_json_validates_against_the_content_schema(zh):
    import json

    import jsonschema

    doc = json.loads(zh["downloads/plan.json"])
    schemas = {k: json.loads((ROOT / "schema" / f"{k}.schema.json").read_text(encoding="utf-8"))
               for k in ("plan", "page", "table", "figure", "mandates")}
    jsonschema.validate(doc["plan"], schemas["plan"])
    for kind, key in (("page", "pages"), ("table", "tables"), ("figure", "figures")):
        for value in doc[key].values():
            jsonschema.validate(value, schemas[kind])
    jsonschema.validate(doc["mandates"], schemas["mandates"])




def test_the_plan_symbol_becomes_a_link_only_when_it_is_one():
    from generator.engine.hooks import plan_url

    assert plan_url("A/75/6 (Sect. 14)", "zh") == "https://undocs.org/zh/A/75/6(Sect.14)"
    assert plan_url("A/75/6 (Sect. 14)", "en") == "https://undocs.org/en/A/75/6(Sect.14)"
    for bad in ("../../evil.example/x?<b>#y", "javascript:alert(1)", "A/74/5 /../../x", "A/75/6 (Sect. 14) x"):
        assert plan_url(bad, "zh") == ""
