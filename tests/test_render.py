"""Stage 4: rendering. Text is plain: whatever an editor types is shown as those characters."""

from __future__ import annotations

import yaml
from conftest import edit

from generator.linking.link import link
from generator.pipeline import check
from generator.rendering.pages import format_number, md_text, render


def pages(root, *, checked: bool = True) -> dict[str, str]:
    """Render the content at ``root``; ``checked=False`` renders what the validator rejected, to
    show that the renderer does not rely on the validator alone."""
    result = check(root)
    if checked:
        assert result.ok(), result.diagnostics
    linked, _ = link(result.site)
    return render(linked)


def test_pages_of_the_fixture(mini):
    out = pages(mini)
    assert sorted(out) == [
        "annex-2.md", "downloads/plan.json", "downloads/table-14.1.csv", "index.md", "mandates.md",
        "open-data.md", "orientation.md", "print.md", "subprogramme-1.md"]


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
    # the mini plan has no resource tables: its own budget line
    assert '<p class="plan-budget">2021 年拟议经常预算资源 23 765 900 美元(重计费用前)</p>' in home
    assert '<a href="open-data.html">开放数据</a>' in home and '<a href="print.html">' in home
    reg = out["mandates.md"]
    assert ('<li id="ga-resolution-2997-xxvii"><span class="mandate-number">2997(XXVII)</span> '
            '<span class="mandate-title">国际环境合作的组织和财政安排</span> <a class="mandate-doc" '
            'href="https://undocs.org/zh/A/RES/2997(XXVII)"') in reg
    assert reg.index("## 大会") < reg.index("## 联合国环境规划署理事会")
    # cited in: the paragraph that cites it in its text, and the list (with its heading)
    entry = reg[reg.index('<li id="ga-resolution-2997-xxvii">'):]
    entry = entry[:entry.index("</li>")]
    assert '<a href="orientation.html#para-14.1">第 14.1 段</a>' in entry
    assert "（大会决议）</a>" in entry


def test_mandate_list_entries_link_to_the_document_and_the_register(mini):
    md = pages(mini)["orientation.md"]
    assert ('<a class="mandate-entry" href="mandates.html#ga-resolution-2997-xxvii" title="见“立法授权”页上的这项授权">'
            '2997(XXVII)</a> <span class="mandate-title">国际环境合作的组织和财政安排</span> '
            '<a class="mandate-doc" href="https://undocs.org/zh/A/RES/2997(XXVII)"') in md


def test_cross_references_in_prose_link_to_their_target(mini):
    md = pages(mini)["subprogramme-1.md"]
    # 表 14.1 is on this page: a link to its anchor
    assert '<a class="xref" href="#table-14.1">表 14.1</a> 按类别' in md
    edit(mini, "content/pages/orientation.yaml", "所确定的优先事项",
         "所确定的优先事项(见表 14.1 和第 14.2 段以及次级方案 1)")
    md = pages(mini)["orientation.md"]
    assert '<a class="xref" href="subprogramme-1.html#table-14.1">表 14.1</a>' in md
    assert '<a class="xref" href="#para-14.2">第 14.2 段</a>' in md
    assert '<a class="xref" href="subprogramme-1.html">次级方案 1</a>' in md
    # the mandate citation in the same text is still linked
    assert '<a class="mandate-cite" href="https://undocs.org/zh/A/RES/2997(XXVII)"' in md


def test_a_reference_to_nothing_is_text(mini):
    edit(mini, "content/pages/orientation.yaml", "所确定的优先事项", "所确定的优先事项(见表 14.99)")
    result = check(mini)  # validate reports it; rendered anyway, it stays text
    md = render(link(result.site)[0])["orientation.md"]
    assert "见表 14.99)" in md and 'href="#table-14.99"' not in md


def test_a_report_symbol_that_is_not_one_gets_no_link(mini):
    md = pages(mini)["annex-2.md"]
    assert 'href="https://undocs.org/zh/A/74/5/Add.7"' in md
    for bad in ('"javascript:alert(1)"', '"../../evil.example/x?<b>#y"', '"A/74/5 /../../x"'):
        edit(mini, "content/pages/annex-2.yaml", "symbol: A/74/5/Add.7", f"symbol: {bad}")
        assert not check(mini).ok()  # the validator rejects it ...
        md = pages(mini, checked=False)["annex-2.md"]  # ... and the renderer links nothing
        assert "undocs.org/zh/A/74/5" not in md and "javascript:" not in md and "evil.example" not in md
        edit(mini, "content/pages/annex-2.yaml", f"symbol: {bad}", "symbol: A/74/5/Add.7")


def test_downloads_and_print_page(mini):
    out = pages(mini)
    md = out["subprogramme-1.md"]
    assert '<a class="table-download" href="downloads/table-14.1.csv" download' in md
    assert out["downloads/table-14.1.csv"].startswith("编号,")
    assert '"symbol": "A/75/6 (Sect. 14)"' in out["downloads/plan.json"]
    assert 'href="downloads/table-14.1.csv"' in out["open-data.md"]
    printed = out["print.md"]  # the frame: the chapters are put in when the site is built
    meta = yaml.safe_load(printed.split("---\n")[1])
    assert meta["search"] == {"exclude": True}
    assert meta["print_chapters"][0] == "index" and meta["print_chapters"][1:] == link(check(mini).site)[0].order



def test_rendering_is_deterministic(mini):
    assert pages(mini) == pages(mini)


def test_citations_and_references_the_linker_cannot_resolve_are_warnings(mini):
    from generator.linking.backlinks import check_citations
    from generator.linking.xrefs import check_xrefs

    assert check_citations(check(mini).site) == [] and check_xrefs(check(mini).site) == []
    edit(mini, "content/pages/orientation.yaml", "所确定的优先事项", "所确定的优先事项(见第 4/1 号决定和表 14.99)")
    site = check(mini).site
    [cite] = [d.format() for d in check_citations(site)]
    assert cite.startswith("content/pages/orientation.yaml:8:") and ": warning: cannot tell which mandate '4/1'" in cite
    [xref] = [d.format() for d in check_xrefs(site)]
    assert xref.startswith("content/pages/orientation.yaml:8:") and "表 14.99" in xref
    # both are printed as text
    md = render(link(site)[0])["orientation.md"]
    assert "见第 4/1 号决定和表 14.99)" in md
