"""The print page: its frame (print.md), and its chapters joined from the pages' HTML: the whole plan
on one page, ids unique, headings one level down, links between pages made internal."""

from __future__ import annotations

import re

import markdown
import yaml

from generator.rendering.pages import md_text
from generator.rendering.printing import CHAPTERS_KEY, assemble, frame

# the pages' HTML as MkDocs makes it (headings with their ids and permalinks)
PAGE_A = """<h1 id="次级方案-1-气候变化">次级方案 1 气候变化<a class="headerlink" href="#次级方案-1-气候变化" title="Permanent link">¶</a></h1>
<h2 id="目标">目标<a class="headerlink" href="#目标" title="Permanent link">¶</a></h2>
<p class="para" id="para-14.15"><a class="para-num" href="#para-14.15">14.15</a> 甲。见<a href="subprogramme-2.html#para-14.30">第 14.30 段</a>和<a href="#目标">目标</a>。</p>
<h3 class="fallback" id="战略" lang="zh">战略</h3>
<div class="plan-table" id="table-14.3"><p>表</p></div>
"""

PAGE_B = """<h1 id="次级方案-2">次级方案 2</h1>
<h2 id="目标">目标<a class="headerlink" href="#目标" title="Permanent link">¶</a></h2>
<p class="para" id="para-14.30"><a class="para-num" href="#para-14.30">14.30</a> 乙。<a href="#目标">本节</a>，<a href="subprogramme-1.html">次级方案 1</a>，<a href="subprogramme-1.html#目标">其目标</a>，<a href="https://undocs.org/zh/A/RES/74/251">决议</a>，<a href="mandates.html#ga">授权</a>。</p>
"""

CHAPTERS = [("subprogramme-1", PAGE_A), ("subprogramme-2", PAGE_B)]


def ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_whole_plan_in_order_with_unique_ids():
    html = assemble(CHAPTERS)
    found = ids(html)
    assert len(found) == len(set(found)), found
    assert html.index("14.15") < html.index("14.30")
    assert html.startswith('<div class="print-chapter" id="chapter-subprogramme-1"></div>\n<h2 id="次级方案-1-气候变化">')
    assert '<div class="print-chapter" id="chapter-subprogramme-2"></div>' in html
    # headings one level down under the print page's title, closing tags too
    assert '<h3 id="目标">目标' in html and "</h3>" in html and "<h1" not in html
    assert '<h3 id="subprogramme-2--目标">目标' in html
    assert '<h4 class="fallback" id="战略" lang="zh">战略</h4>' in html


def test_links_between_pages_become_internal():
    html = assemble(CHAPTERS)
    assert 'href="#para-14.30"' in html  # was subprogramme-2.html#para-14.30
    assert 'href="#chapter-subprogramme-1"' in html
    assert '<a href="#subprogramme-2--目标">本节</a>' in html  # its own renamed section
    assert '<a class="headerlink" href="#subprogramme-2--目标"' in html  # and its permalink
    assert '<a href="#目标">其目标</a>' in html  # subprogramme-1's section kept its id
    assert 'href="https://undocs.org/zh/A/RES/74/251"' in html
    assert 'href="mandates.html#ga"' in html  # not in the print page: left alone
    defined = set(ids(html))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in defined, target


def test_an_id_taken_twice_over_gets_a_number():
    html = assemble([("a", '<h2 id="x">1</h2>'), ("b", '<p id="b--x">3</p><h2 id="x">2</h2>'),
                     ("c", '<h2 id="b--x">4</h2>')])
    assert ids(html) == ["chapter-a", "x", "chapter-b", "b--x", "b--x-2", "chapter-c", "c--b--x"]


def test_the_frame_names_its_chapters_and_escapes_its_note():
    md = frame(md_text("<b>*x*</b>"), "a & <b>", ["index", "subprogramme-1"])
    front, body = md.removeprefix("---\n").split("---\n", 1)
    meta = yaml.safe_load(front)
    assert meta[CHAPTERS_KEY] == ["index", "subprogramme-1"]
    assert meta["search"] == {"exclude": True} and meta["hide"] == ["navigation", "toc"]
    html = markdown.markdown(body)
    assert "<h1>&lt;b&gt;*x*&lt;/b&gt;</h1>" in html and '<p class="print-note">a &amp; &lt;b&gt;</p>' in html
