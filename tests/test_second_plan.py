"""A second plan: tests/fixtures/sect20, a small plan of another budget section (A/75/6 (Sect. 20))
written in the model of content/README.md, with no code of its own. It checks with the one
mismatch it was written with, located; it builds; its anchors and links follow its own
numbering; and nothing of the shipped plan (Sect. 14) appears in its site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_project

from generator.cli.main import run_check

FIXTURE = ROOT / "tests" / "fixtures" / "sect20"
# what of the shipped plan could leak into another's site: its numbers, symbol and section
SECT14 = re.compile(r"(?<![\d.])14\.[\d一二三四五六七八九十]|Sect\.\s*14\b|第\s*14\s*款|[表图]\s*14\b|(?:para|table|figure)-14\b")


def _project(work: Path) -> Path:
    """The project (generator, theme, config) with the second plan as its content; interface
    strings are the languages', not the plan's, and come from the project."""
    copy_project(work, skip=("content",))
    shutil.copytree(FIXTURE / "content", work / "content")
    shutil.copytree(ROOT / "content" / "strings", work / "content" / "strings")
    return work


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("sect20"))


def test_check_reports_the_one_mismatch_where_it_is(project) -> None:
    diags, usable = run_check(project)
    assert usable and [d.format() for d in diags if d.severity == "error"] == []
    warnings = [d for d in diags if d.severity == "warning"]
    assert len(warnings) == 1, [d.format() for d in warnings]
    d = warnings[0]
    assert d.file == "content/tables/20.6.yaml"
    assert d.message == '表 20.6 "运输", 2020 年批款数 is 1 210.4, but 表 20.3 "共计" is 1 210.5'
    line = (project / d.file).read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert line[d.column - 1:].startswith("1210.4, 1220.5]")
    assert "content/tables/20.3.yaml:" in d.hint


def test_its_numbering_is_checked_in_its_own_section(project) -> None:
    page = project / "content/pages/subprogramme-2.yaml"
    page.write_text(page.read_text(encoding="utf-8").replace('paragraph: "20.7"', 'paragraph: "14.7"'),
                    encoding="utf-8")
    try:
        diags, _ = run_check(project)
    finally:
        shutil.copy2(FIXTURE / "content/pages/subprogramme-2.yaml", page)
    assert any(d.severity == "error" and d.file == "content/pages/subprogramme-2.yaml"
               and d.message == "paragraph 14.7 is not numbered in section 20" for d in diags)


# --------------------------------------------------------------------------- its site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The second plan's site, built once as `make site` builds it."""
    work = _project(tmp_path_factory.mktemp("sect20-site"))
    proc = build_site(work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work / "site"


def _html(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_its_anchors_and_links_follow_its_numbering(site) -> None:
    orientation = _html(site, "orientation.html")
    assert [m for m in re.findall(r'<p class="para" id="(para-[\d.]+)"', orientation)] == ["para-20.1", "para-20.3"]
    assert 'id="para-20.2"' in orientation and 'href="#fn-1"' in orientation and 'id="fn-1"' in orientation
    # cross-references in prose: a range of paragraphs on other pages, a table and a figure
    assert '<a class="xref" href="subprogramme-1.html#para-20.4">' in orientation
    assert '<a class="xref" href="subprogramme-3.html#para-20.9">' in orientation
    assert '<a class="xref" href="resources.html#table-20.5">' in orientation
    assert '<a class="xref" href="resources.html#figure-20.1">' in orientation
    # a mandate list of two bodies, each entry linked to the mandates page and to its document
    assert 'href="mandates.html#ga-resolution-72-219"' in orientation
    assert 'href="https://undocs.org/zh/UNEP/EA.4/Res.1"' in orientation
    mandates = _html(site, "mandates.html")
    assert 'id="ga-resolution-74-251"' in mandates and 'id="unea-resolution-4-1"' in mandates
    resources = _html(site, "resources.html")
    assert 'id="table-20.5"' in resources and 'id="table-20.6"' in resources and 'id="figure-20.1"' in resources
    assert (site / "downloads" / "table-20.6.csv").is_file()
    # the home page's budget line: the cells plan.yaml names, linked to their table
    home = _html(site, "index.html")
    assert re.search(r'<p class="plan-budget">2021 年拟议经常预算资源\(重计费用前\) '
                     r'<a class="xref" href="resources.html#table-20.5">3\u202f345\u202f500</a> 美元；'
                     r'2021 年拟议员额 <a class="xref" href="resources.html#table-20.5">15</a> 个</p>', home)
    assert "<title>A/75/6 (Sect. 20) 2021 年拟议方案预算</title>" in home
    assert '<h2 id="subprogrammes">次级方案一览' in home and home.count('class="subprogramme-card"') == 3
    assert 'content="欧洲经济委员会 2021 年拟议方案计划（A/75/6 (Sect. 20)，测试用）"' in home


def _visible(text: str) -> str:
    """A page without its icons, scripts and styles (SVG paths are full of numbers like 14.5)."""
    return re.sub(r"<(svg|script|style)\b.*?</\1>", "", text, flags=re.S)


@pytest.mark.slow
def test_nothing_of_sect_14_in_its_site(site) -> None:
    files = [*site.rglob("*.html"), *(site / "downloads").rglob("*"), *(site / "search").rglob("*.json"),
             site / "sitemap.xml"]
    assert len(files) >= 30  # both languages' pages, the downloads, the search index
    leaks = []
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for m in SECT14.finditer(_visible(text) if path.suffix == ".html" else text):
            leaks.append(f"{path.relative_to(site)}: ...{text[max(0, m.start() - 40):m.end() + 20]}...")
    assert leaks == []
    assert "Sect. 20" in _html(site, "en/index.html")


def test_the_leak_pattern_finds_sect_14() -> None:
    assert [m.group(0) for m in SECT14.finditer("表 14.16，第 14.47 段, A/75/6 (Sect. 14), 图 14.十八, #para-14")] == [
        "表 14", "14.4", "Sect. 14", "图 14", "para-14"]
    assert not SECT14.search("2014.5 表 20.6 Sect. 20 第 20.14 段 214.3")
