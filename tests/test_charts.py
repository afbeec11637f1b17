"""Charts: inline SVG drawn from the figures' YAML. Built from the real content (and from mutated
copies of it), parsed back as XML, and looked at in Chromium in light, dark and print."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT, edit, site_of

from generator.content.model import Figure
from generator.i18n import languages as i18n
from generator.rendering import charts, variance

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


def datums(svg: str) -> dict[str, str]:
    """label -> data-value of every bar."""
    return {g.get("data-label"): g.get("data-value") for g in parse(svg).iter(SVG + "g")
            if g.get("class") == "chart-datum"}


def texts(el: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in el.iter(SVG + "text")]


def bar_heights(svg: str) -> dict[str, float]:
    out = {}
    for g in parse(svg).iter(SVG + "g"):
        if g.get("class") == "chart-datum":
            rect = g.find(SVG + "rect")
            out[g.get("data-label")] = float(rect.get("height")) * float(rect.get("width"))
    return out


# --------------------------------------------------------------------------- every figure


def test_every_chart_is_well_formed_and_accessible(site):
    drawn = set()
    for stem, fig in site.figures.items():
        svg = charts.figure_svg(fig)
        if not svg:
            continue
        drawn.add(stem)
        root = parse(svg)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        title = root.find(SVG + "title")
        desc = root.find(SVG + "desc")
        assert title.get("id") == title_id == f"chart-{stem}-title"
        assert desc.get("id") == desc_id
        assert fig.number in title.text
        assert "fill=" not in svg and "style=" not in svg  # colours come from charts.css only
        assert "\n\n" not in svg  # stays one raw HTML block in Markdown
    numbers = {stem for stem, fig in site.figures.items()
               if any(isinstance(v, (int, float)) for p in fig.data for r in p.rows if r.kind != "total"
                      for v in r.values)}
    assert drawn == numbers and len(drawn) > 15


def test_every_value_of_a_chart_is_labelled_as_printed(site):
    for fig in site.figures.values():
        svg = charts.figure_svg(fig)
        if not svg:
            continue
        labels = texts(parse(svg))
        for part in fig.data:
            decimals = [c.decimals if c.decimals is not None else fig.decimals for c in part.leaves()]
            for row in part.rows:
                for i, v in enumerate(row.values):
                    if isinstance(v, (int, float)) and row.kind != "total":
                        printed = charts.format_number(v, decimals[i])
                        assert printed in labels, (fig.number, row.label, printed)


def test_performance_chart_has_axes_and_years(site):
    svg = charts.figure_svg(site.figures["14.9"])
    labels = texts(parse(svg))
    for year in ("2017", "2018", "2019"):
        assert year in labels
    assert "年份" in labels and "数值" in labels  # axis titles
    assert "0" in labels  # the value axis starts at zero
    assert datums(svg) == {"2018": "44", "2019": "62"}


def test_missing_year_is_a_gap_not_zero(site):
    fig = site.figures["14.1"]  # 2017 not stated
    svg = charts.figure_svg(fig)
    root = parse(svg)
    assert "2017" not in datums(svg)  # no bar, not even a zero one
    gaps = [g for g in root.iter(SVG + "g") if g.get("class") == "chart-missing"]
    assert [g.get("data-label") for g in gaps] == ["2017"]
    rect = gaps[0].find(SVG + "rect")
    assert rect.get("class") == "chart-gap" and float(rect.get("height")) > 0
    assert "无数据" in texts(gaps[0])
    assert "2017：无数据" in root.find(SVG + "desc").text
    # and the same year as a zero is a bar
    zero = fig.model_copy(deep=True)
    zero.data[0].rows[0].values[0] = 0
    assert datums(charts.figure_svg(zero))["2017"] == "0"


def test_text_value_is_a_gap_labelled_as_printed(site):
    svg = charts.figure_svg(site.figures["14.14"])  # 2019: 不适用
    gaps = [g for g in parse(svg).iter(SVG + "g") if g.get("class") == "chart-missing"]
    assert len(gaps) == 1 and "不适用" in texts(gaps[0])
    assert "chart-gap-text" in gaps[0].find(SVG + "rect").get("class")


def test_figure_without_data_gets_a_statement_not_a_chart(site):
    fig = site.figures["14.2"]
    assert fig.data == []
    assert charts.figure_svg(fig) == ""
    html = charts.figure_html(fig)
    assert "<svg" not in html and "原文未给出本图的数值。" in html and "<table" not in html
    # all values blank (图 14.二十三): a statement, and the rows it names
    html = charts.figure_html(site.figures["14.23"])
    assert "<svg" not in html and "原文未给出本图的数值。" in html and "气候变化" in html
    # only totals (图 14.二十一): says so, and shows them
    html = charts.figure_html(site.figures["14.21"])
    assert "<svg" not in html and "仅给出本图的共计数" in html and "3\u202f385.4" in html


def test_distribution_charts_posts_by_grade_and_money_by_class(site):
    fig = site.figures["14.18"]
    svg = charts.figure_svg(fig)
    bars = datums(svg)
    assert bars["P-4"] == "40" and bars["USG"] == "1"
    assert bars["研究金、赠款和捐助款"] == "322.4"
    assert "共计" not in bars  # the total is in the heading, not a bar
    headings = [t for t in texts(parse(svg)) if t.startswith("员额分配")]
    assert headings == ["员额分配（共计 113）"]
    # bars are proportional to the values within a panel
    area = bar_heights(svg)
    assert area["P-4"] == pytest.approx(40 * area["USG"], rel=0.02)
    # a panel with only its total says so (图 14.二十)
    svg20 = charts.figure_svg(site.figures["14.20"])
    assert "原文仅给出共计，未给出分项数值。" in texts(parse(svg20))


def test_chart_follows_the_yaml(content_copy):
    before = charts.figure_svg(site_of(content_copy).figures["14.9"])
    edit(content_copy, "content/figures/14.9.yaml", "- 62  #", "- 31  #")
    after = charts.figure_svg(site_of(content_copy).figures["14.9"])
    assert datums(before)["2019"] == "62" and datums(after)["2019"] == "31"
    assert "62" in texts(parse(before)) and "62" not in texts(parse(after))
    assert bar_heights(after)["2019"] < bar_heights(before)["2019"]
    # a grade's count in a resource figure
    edit(content_copy, "content/figures/14.18.yaml", "- label: P-3\n        values: [13]",
         "- label: P-3\n        values: [30]")
    svg = charts.figure_svg(site_of(content_copy).figures["14.18"])
    assert datums(svg)["P-3"] == "30"


def test_text_from_the_data_is_escaped(site):
    evil = "<script>alert('x')</script> & \"q\" ]]>"
    fig = site.figures["14.18"].model_copy(deep=True)
    fig.caption = "<b>2021"
    fig.data[0].rows[6].label = evil
    fig.data[0].title = {"zh": "<i>员额", "en": "<i>posts"}
    for html in (charts.figure_svg(fig), charts.figure_fallback_table(fig), charts.figure_html(fig)):
        assert "<script>" not in html and "<b>" not in html
        # every '<' starts a tag of ours
        assert set(re.findall(r"<(/?[a-z]+)", html)) <= {
            "svg", "/svg", "title", "/title", "desc", "/desc", "g", "/g", "rect", "line", "text", "/text",
            "tspan", "/tspan", "div", "/div", "details", "/details", "summary", "/summary", "table",
            "/table", "caption", "/caption", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th",
            "/th", "td", "/td", "p", "/p",
        }
    svg = charts.figure_svg(fig)
    assert evil in datums(svg)
    assert "<b>2021" in parse(svg).find(SVG + "title").text
    assert any(t.startswith("<i>员额") for t in texts(parse(svg)))
    assert "<i>posts" in parse(charts.figure_svg(fig, "en")).find(SVG + "desc").text


def test_fallback_table_holds_every_value(site):
    fig = site.figures["14.1"]
    html = charts.figure_fallback_table(fig)
    assert html.startswith('<details class="chart-data"><summary>本图数据</summary>')
    root = ET.fromstring(html)
    cells = ["".join(td.itertext()) for td in root.iter("td")]
    assert cells == ["无数据", "6", "14"]
    assert [th.text for th in root.iter("th")][:4] == ["项目", "2017", "2018", "2019"]


def test_strings_make_the_labels_language_dependent(site):
    fig = site.figures["14.1"]
    svg = charts.figure_svg(fig, "en")
    labels = texts(parse(svg))
    assert "no data" in labels and "Year" in labels and "无数据" not in labels
    assert parse(svg).find(SVG + "title").text.startswith("Figure 14.一 ")
    # a site's own strings (content/strings/<lang>.yaml) win over the project's
    custom = charts.figure_svg(fig, "zh", i18n.Strings("zh", {"chart_no_data": "未提供"}, i18n.project_strings("zh").values))
    assert "未提供" in texts(parse(custom))


def test_nice_ticks():
    assert charts.nice_ticks(62) == [0, 20, 40, 60, 80]
    assert charts.nice_ticks(42800)[-1] >= 42800
    assert charts.nice_ticks(1) == [0, 0.25, 0.5, 0.75, 1]
    assert charts.nice_ticks(0) == [0.0, 1.0]


def test_figure_model_without_number_stem_still_gets_unique_ids():
    fig = Figure.model_validate({"number": "X", "caption": "c", "data": [
        {"columns": [{"label": "2019"}, {"label": "2020"}], "rows": [{"label": "r", "values": [1, 2]}]}]})
    root = parse(charts.figure_svg(fig))
    assert root.get("aria-labelledby") == "chart-X-title chart-X-desc"


# --------------------------------------------------------------------------- in Chromium



def _material_css() -> list[Path]:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))


def _table_html(table, pairs, marks=True) -> str:
    """A table in the site's markup, with the variance classes (what the renderer will emit)."""
    rows = []
    for part in table.parts:
        cells = variance.part_cells(part, pairs)
        head = "".join(f"<th>{charts.esc(' / '.join(charts.header_path(part.columns, leaf, 'zh')))}</th>"
                       for leaf in part.leaves())
        rows.append(f"<thead><tr><th></th>{head}</tr></thead><tbody>")
        for row, marks_row in zip(part.rows, cells):
            tds = "".join(
                f'<td class="num {cls if marks else ""}" title="{charts.esc(title)}">'
                f"{charts.esc(charts.format_number(v, table.decimals))}</td>"
                for v, (cls, title) in zip(row.values, marks_row)
            )
            rows.append(f'<tr class="row-{row.kind}"><th>{charts.esc(charts.text_of(row.label))}</th>{tds}</tr>')
        rows.append("</tbody>")
    return (f'<div class="plan-table"><p class="table-caption">表 {table.number} {charts.esc(charts.text_of(table.caption))}</p>'
            f'<div class="table-scroll"><table class="data-table">{"".join(rows)}</table></div></div>')


def preview_page(site, folder: Path) -> Path:
    """A standalone page: Material's own CSS, the site's CSS and ours, a header and sidebar like
    Material's, a few figures and tables."""
    styles = _material_css() + [
        ROOT / "overrides/assets/stylesheets/plan.css",
        ROOT / "overrides/assets/stylesheets/charts.css",
        ROOT / "overrides/assets/stylesheets/print.css",
    ]
    links = "".join(f'<link rel="stylesheet" href="{p.as_uri()}">' for p in styles)
    figures = []
    for stem in ("14.1", "14.6", "14.14", "14.18", "14.2", "14.21"):
        fig = site.figures[stem]
        figures.append(
            f'<figure class="plan-figure" id="figure-{stem}"><figcaption><span class="figure-number">图 '
            f"{charts.esc(fig.number)}</span> {charts.esc(charts.text_of(fig.caption))}</figcaption>"
            f"{charts.figure_html(fig)}</figure>"
        )
    pairs = site.plan.columns.compare
    tables = _table_html(site.tables["14.3"], pairs) + _table_html(site.tables["14.13"], pairs)
    body = f"""<!doctype html><html lang="zh"><head><meta charset="utf-8">{links}</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="blue-grey" data-md-color-accent="light-blue">
<header class="md-header" data-md-component="header"><nav class="md-header__inner md-grid">
<div class="md-header__title">A/75/6 (Sect. 14)</div></nav></header>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-sidebar md-sidebar--primary"><div class="md-sidebar__scrollwrap"><nav class="md-nav">
<ul class="md-nav__list"><li class="md-nav__item">次级方案 1</li></ul></nav></div></div>
<div class="md-content"><article class="md-content__inner md-typeset">
<h1>图表预览</h1>
<p class="para" id="para-14.22"><a class="para-num" href="#para-14.22">14.22</a> 段落编号应在打印时保留。<a href="https://undocs.org/zh/A/RES/74/251">第 74/251 号决议</a></p>
{"".join(figures)}{tables}
</article></div></div></main>
<footer class="md-footer"><div class="md-footer-meta">footer</div></footer></div></body></html>"""
    page = folder / "charts.html"
    page.write_text(body, encoding="utf-8")
    return page


@pytest.mark.browser
def test_charts_in_light_dark_and_print(site, tmp_path, browser):
    url = preview_page(site, tmp_path).as_uri()
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        pg.goto(url)
        bar = 'document.querySelector("#figure-14\\\\.1 .chart-bar")'
        fill = f"getComputedStyle({bar}).fill"
        light = pg.evaluate(fill)
        # every text of every chart inside its SVG's box (nothing cut off)
        outside = pg.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
            const vb = svg.viewBox.baseVal;
            return [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();
              return b.x < -1 || b.y < -1 || b.x + b.width > vb.width + 1 || b.y + b.height > vb.height + 1; })
              .map(t => t.textContent); })""")
        assert outside == []
        pg.screenshot(path=str(ARTIFACTS / "charts-light.png"), full_page=True)
        pg.evaluate('document.body.setAttribute("data-md-color-scheme", "slate")')
        dark = pg.evaluate(fill)
        dark_bg = pg.evaluate('getComputedStyle(document.body).backgroundColor')
        text_fill = pg.evaluate('getComputedStyle(document.querySelector("svg.chart text")).fill')
        pg.screenshot(path=str(ARTIFACTS / "charts-dark.png"), full_page=True)
        assert light != dark
        assert _luminance(dark) > _luminance(dark_bg) + 0.3  # bars stand out on the dark page
        assert _luminance(text_fill) > 0.5  # light text on dark
        marker = pg.evaluate('getComputedStyle(document.querySelector("td.var-down"), "::after").content')
        assert "▼" in marker
        pg.emulate_media(media="print")
        printed = pg.evaluate(fill)
        r, g, b = _rgb(printed)
        assert r == g == b  # grey in print, whatever the scheme
        assert pg.evaluate('getComputedStyle(document.querySelector(".md-header")).display') == "none"
        assert pg.evaluate('getComputedStyle(document.querySelector(".md-sidebar")).display') == "none"
        assert pg.evaluate('getComputedStyle(document.querySelector(".md-footer")).display') == "none"
        assert pg.evaluate('getComputedStyle(document.querySelector("thead")).display') == "table-header-group"
        assert pg.evaluate('getComputedStyle(document.querySelector("tbody tr")).breakInside') == "avoid"
        assert pg.locator(".para-num").first.is_visible()
        assert pg.evaluate('getComputedStyle(document.body).backgroundColor') == "rgb(255, 255, 255)"
        pg.screenshot(path=str(ARTIFACTS / "charts-print.png"), full_page=True)
        pg.pdf(path=str(tmp_path / "charts.pdf"))  # the print engine lays it out without error
    finally:
        pg.close()


def _rgb(color: str) -> tuple[int, int, int]:
    r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", color)[:3])
    return r, g, b


def _luminance(color: str) -> float:
    return sum(c * w for c, w in zip(_rgb(color), (0.2126, 0.7152, 0.0722))) / 255
