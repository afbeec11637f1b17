"""The print page: the whole plan on one page, ids unique, links between pages made internal."""

from __future__ import annotations

import re

import markdown

from generator.printing import render_print_page

PAGE_A = """# 次级方案 1 气候变化

## 目标 {#目标}

<p class="para" id="para-14.15"><a class="para-num" href="#para-14.15">14.15</a> 甲。见<a href="subprogramme-2.html#para-14.30">第 14.30 段</a>和<a href="#目标">目标</a>。</p>

### 战略 {#战略 lang="zh" .fallback}

<div class="plan-table" id="table-14.3"><p>表</p></div>
"""

PAGE_B = """# 次级方案 2

## 目标 {#目标}

<p class="para" id="para-14.30"><a class="para-num" href="#para-14.30">14.30</a> 乙。<a href="#目标">本节</a>，<a href="subprogramme-1.html">次级方案 1</a>，<a href="subprogramme-1.html#目标">其目标</a>，<a href="https://undocs.org/zh/A/RES/74/251">决议</a>，<a href="mandates.html#ga">授权</a>。</p>
"""


def html_of(md: str) -> str:
    return markdown.markdown(md, extensions=["attr_list", "md_in_html", "toc"])


def ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_whole_plan_in_order_with_unique_ids():
    md = render_print_page([("subprogramme-1", PAGE_A), ("subprogramme-2", PAGE_B)], title="A/75/6 (Sect. 14)")
    html = html_of(md)
    found = ids(html)
    assert len(found) == len(set(found)), found
    assert md.index("14.15") < md.index("14.30")
    assert md.startswith("# A/75/6 \\(Sect\\. 14\\)\n")
    assert '<div class="print-chapter" id="chapter-subprogramme-1"></div>' in md
    # headings one level down under the print page's title
    assert "\n## 次级方案 1 气候变化\n" in md and "\n### 目标 {#目标}\n" in md
    assert "\n### 目标 {#subprogramme-2--目标}\n" in md
    assert '#### 战略 {#战略 lang="zh" .fallback}' in md
    assert '<h4 class="fallback" id="战略" lang="zh">' in html or 'id="战略"' in html


def test_links_between_pages_become_internal():
    md = render_print_page([("subprogramme-1", PAGE_A), ("subprogramme-2", PAGE_B)], title="t")
    assert 'href="#para-14.30"' in md  # was subprogramme-2.html#para-14.30
    assert 'href="#chapter-subprogramme-1"' in md
    assert '<a href="#subprogramme-2--目标">本节</a>' in md  # its own renamed section
    assert '<a href="#目标">其目标</a>' in md  # subprogramme-1's section kept its id
    assert 'href="https://undocs.org/zh/A/RES/74/251"' in md
    assert 'href="mandates.html#ga"' in md  # not in the print page: left alone
    html = html_of(md)
    defined = set(ids(html))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in defined, target


def test_title_is_escaped():
    md = render_print_page([], title="<b>*x*</b>")
    assert md.splitlines()[0] == "# &lt;b&gt;\\*x\\*&lt;/b&gt;"
