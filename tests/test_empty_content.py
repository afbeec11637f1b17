"""Nothing empty slips through: every list the site needs at least one of is checked at `check`,
with an error at the empty list (file:line:col) in plain words; where empty is legitimate (a
figure whose source gives no value, a row spanning the table), every stage handles it."""

from __future__ import annotations

import pytest
from conftest import MINI, edit

from generator import pipeline
from generator.linking import link
from generator.rendering import pages as render

SP1 = "content/pages/subprogramme-1.yaml"
A2 = "content/pages/annex-2.yaml"
MANDATES_BLOCK = '      - mandates:\n          - heading: 大会决议\n            refs:\n              - GA resolution 74/251\n'
A2_SECTIONS = (MINI / A2).read_text(encoding="utf-8").partition("\n" + "title:")[2].partition("\n")[2]
ORG_CHART_BLOCK = "      - org_chart:\n          units:\n            - name: 执行办公室\n"

# kind -> (file, text to replace, replacement, line:col of the error, what the message says)
EMPTIES = {
    "table parts": ("content/tables/14.1.yaml", "parts:\n", "parts: []\nunused:\n",
                    "content/tables/14.1.yaml:5:8", "a table needs at least one part"),
    "table rows": ("content/tables/14.1.yaml", "    rows:\n", "    rows: []\n    unused:\n",
                   "content/tables/14.1.yaml:16:11", "a table part needs at least one row"),
    "table columns": ("content/tables/14.1.yaml", "    columns:\n", "    columns: []\n    unused:\n",
                      "content/tables/14.1.yaml:8:14", "a table part needs at least one column"),
    "figure part rows": ("content/figures/14.1.yaml", "    rows:\n", "    rows: []\n    unused:\n",
                         "content/figures/14.1.yaml:8:11", "a table part needs at least one row"),
    "navigation": ("content/plan.yaml", "navigation:\n", "navigation: []\nunused:\n",
                   "content/plan.yaml:14:13", "the navigation needs at least one page"),
    "navigation group": ("content/plan.yaml", "    children:\n      - page: subprogramme-1\n",
                         "    children: []\n", "content/plan.yaml:17:15",
                         "a navigation group needs at least one page or group"),
    "foreword": ("content/plan.yaml", "  paragraphs:\n", "  paragraphs: []\n  unused:\n",
                 "content/plan.yaml:9:15", "a foreword needs at least one paragraph"),
    "page": (A2, A2_SECTIONS, "sections: []\n", f"{A2}:3:11", "this page is empty"),
    "section": (SP1, "      - figure: 14.一\n", "      - figure: 14.一\n  - title: 空\n    blocks: []\n",
                f"{SP1}:15:13", "this section is empty"),
    "section without keys": (SP1, "      - figure: 14.一\n", "      - figure: 14.一\n  - title: 空\n",
                             f"{SP1}:14:12", "this section is empty"),
    "mandate list": (SP1, "      - figure: 14.一\n", "      - figure: 14.一\n      - mandates: []\n",
                     f"{SP1}:14:19", "a mandate list needs at least one heading"),
    "mandate heading's refs": (SP1, "      - figure: 14.一\n", "      - figure: 14.一\n"
                               + MANDATES_BLOCK.replace("refs:\n              - GA resolution 74/251", "refs: []"),
                               f"{SP1}:16:19", "a mandate heading needs at least one reference"),
    "org chart units": (SP1, "      - figure: 14.一\n", "      - figure: 14.一\n"
                        + ORG_CHART_BLOCK.replace("units:\n            - name: 执行办公室", "units: []"),
                        f"{SP1}:15:18", "an organization chart needs at least one unit"),
    "recommendations": (A2, "      - recommendations:\n", "      - recommendations: []\n        unused:\n",
                        f"{A2}:7:26", "a recommendations list needs at least one oversight body"),
    "recommendation items": (A2, "            items:\n", "            items: []\n            unused:\n",
                             f"{A2}:11:20", "an oversight body needs at least one recommendation"),
}


def _errors(root) -> list[str]:
    return [d.format() for d in pipeline.check(root).diagnostics if d.severity == "error"]


@pytest.mark.parametrize("kind", sorted(EMPTIES))
def test_an_empty_list_is_a_located_error(mini, kind):
    rel, old, new, where, says = EMPTIES[kind]
    # an "unused" key keeps the emptied list's lines (an unknown key, reported on its own)
    edit(mini, rel, old, new)
    errors = [e for e in _errors(mini) if "unknown key 'unused'" not in e]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{where}: error: {says}"), errors[0]


def test_a_missing_list_is_a_located_error_too(mini):
    edit(mini, "content/tables/14.1.yaml", "parts:\n", "unused:\n")
    errors = [e for e in _errors(mini) if "unknown key 'unused'" not in e]
    assert errors == ["content/tables/14.1.yaml:1:1: error: missing key 'parts'"]


def test_the_mini_plan_with_every_non_empty_list_passes(mini):
    """The blocks the cases above empty are valid when they hold something."""
    edit(mini, SP1, "      - figure: 14.一\n", "      - figure: 14.一\n" + MANDATES_BLOCK + ORG_CHART_BLOCK)
    assert _errors(mini) == []


def _render(root) -> dict[str, str]:
    result = pipeline.check(root)
    assert result.ok(), [d.format() for d in result.diagnostics]
    linked, _ = link.link(result.site)
    return render.render(linked)


def test_a_figure_without_data_renders(mini):
    """The source states no value for some measures: `data: []` is legitimate and says so."""
    path = mini / "content/figures/14.1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("data:")] + "data: []\n", encoding="utf-8")
    pages = _render(mini)
    assert 'id="figure-14.1"' in pages["subprogramme-1.md"]


def test_rows_spanning_the_table_and_a_chart_of_totals_only_render(mini):
    """Rows with `values: []` (text spanning the table), a one-column figure whose only row is a
    total: nothing to draw, and no stage fails on it."""
    edit(mini, "content/tables/14.1.yaml", "        values: [63.2, \"—\", 401.6, 2]\n", "        values: []\n")
    path = mini / "content/figures/14.1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("data:")] + "data:\n  - columns:\n      - label: 2019 年\n    rows:\n"
                    "      - label: 共计\n        kind: total\n        values: [87]\n", encoding="utf-8")
    pages = _render(mini)
    assert "决策机关" in pages["subprogramme-1.md"]


def test_an_empty_mandates_registry_renders(mini):
    """A plan that cites no mandate: an empty registry is legitimate."""
    (mini / "content/mandates.yaml").write_text("[]\n", encoding="utf-8")
    edit(mini, SP1, "大会第 74/251 号决议核准了方案说明。", "方案说明。")
    orientation = mini / "content/pages/orientation.yaml"
    text = orientation.read_text(encoding="utf-8").replace("大会第 2997(XXVII)号决议所确定的优先事项和理事机构第 19/1 号决定", "优先事项")
    orientation.write_text(text[: text.index("      - mandates:")], encoding="utf-8")
    pages = _render(mini)
    assert "mandates.md" in pages


def test_table_rows_of_a_table_without_parts_is_the_header_alone():
    """`check` refuses `parts: []`; the CSV writer, called on such a table anyway, does not fail."""
    from generator.content.model import Table
    from generator.rendering.downloads import table_rows

    table = Table.model_construct(number="14.1", caption="表", unit=None, parts=[], notes=[], decimals=None)
    assert len(table_rows(table)) == 1
