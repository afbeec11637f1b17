"""Stage 4: rendering. Text is plain: whatever an editor types is shown as those characters."""

from __future__ import annotations

from conftest import edit

from generator.link import link
from generator.pipeline import check
from generator.render import format_number, md_text, render


def pages(root) -> dict[str, str]:
    result = check(root)
    assert result.ok(), result.diagnostics
    linked, _ = link(result.site)
    return render(linked)


def test_pages_of_the_fixture(mini):
    out = pages(mini)
    assert sorted(out) == ["annex-2.md", "index.md", "mandates.md", "orientation.md", "subprogramme-1.md"]


def test_script_in_text_is_shown_as_text(mini):
    evil = "<script>alert(1)</script> *not emphasis* [not](a-link) & {#x}"
    edit(mini, "content/pages/subprogramme-1.yaml", "推进各国向低排放经济发展过渡。", evil)
    edit(mini, "content/pages/subprogramme-1.yaml", "  - title: 目标", f"  - title: '{evil}'")
    edit(mini, "content/tables/14.1.yaml", "label: 决策机关", f"label: '{evil}'")
    md = pages(mini)["subprogramme-1.md"]
    assert "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis* [not](a-link) &amp; {#x}</p>" in md
    heading = next(line for line in md.splitlines() if line.startswith("## ") and "script" in line)
    assert heading.startswith("## &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*not emphasis\\*")
    assert "\\{\\#x\\}" in heading
    assert '<th scope="row"><span class="row-number">A.</span> &lt;script&gt;' in md


def test_paragraph_anchor_and_items(mini):
    md = pages(mini)["orientation.md"]
    assert '<p class="para" id="para-14.1"><a class="para-num" href="#para-14.1">14.1</a> ' in md
    assert '<div class="para" id="para-14.2">' in md
    assert '<li><span class="item-label">(a)</span> 科学评估<sup class="fn-call" id="fnref-1"><a href="#fn-1">1</a></sup>；</li>' in md
    assert '<p class="text-after">这些工作&lt;相互&gt;补充 &amp; 加强。</p>' in md
    assert '<li id="fn-1" value="1">见 A/74/6 (Sect. 14)。' in md


def test_citations_link_to_the_document_with_title(mini):
    md = pages(mini)["subprogramme-1.md"]
    assert 'href="https://undocs.org/zh/A/RES/74/251"' in md
    assert 'title="A/RES/74/251：2020-2021 两年期方案预算"' in md


def test_table_html(mini):
    md = pages(mini)["subprogramme-1.md"]
    assert '<div class="plan-table" id="table-14.1">' in md
    assert '<span class="table-number">表 14.1</span> 按构成部分列示的财政资源 <span class="table-unit">(千美元)</span>' in md
    assert '<th scope="col" colspan="2">变动</th>' in md
    assert '<th scope="col" rowspan="2">2019 年支出数</th>' in md
    assert '<td class="num">2\u202f356.8</td><td class="blank"></td><td class="num">0.0</td><td class="num">10</td>' in md
    assert '<tr class="row-total">' in md
    assert '<tr class="row-category"><th scope="row" class="span" colspan="5">C. 工作方案</th></tr>' in md
    assert '<figure class="plan-figure" id="figure-14.1">' in md
    # no blank line inside a raw HTML block
    block = md[md.index('<div class="plan-table"'):md.index("</figure>")]
    assert "\n\n" not in block.split("\n</div>\n")[0]


def test_format_number():
    assert format_number(23765.9, 1) == "23\u202f765.9"
    assert format_number(401600, 1) == "401\u202f600"
    assert format_number(2356.0, 1) == "2\u202f356.0"
    assert format_number(1.75, None) == "1.75"
    assert format_number("—", 1) == "—"
    assert format_number(None, 1) == ""


def test_md_text_escapes_markdown_and_html():
    assert md_text("a_b *c* <d> & [e](f) #g | h") == "a\\_b \\*c\\* &lt;d&gt; &amp; \\[e\\]\\(f\\) \\#g &#124; h"


def test_home_and_mandates_pages(mini):
    out = pages(mini)
    home = out["index.md"]
    assert "A/75/6 (Sect. 14)" in home
    assert '<a class="subprogramme-card" href="subprogramme-1.html">' in home
    assert "英厄·安诺生(签名)" in home
    assert '<p class="plan-budget">2021 年拟议经常预算资源 23 765 900 美元(重计费用前)</p>' in home
    reg = out["mandates.md"]
    assert '<li id="ga-resolution-2997-xxvii"><a class="mandate-number" href="https://undocs.org/zh/A/RES/2997(XXVII)">' in reg
    assert reg.index("## 大会") < reg.index("## 联合国环境规划署理事会")


def test_rendering_is_deterministic(mini):
    assert pages(mini) == pages(mini)
