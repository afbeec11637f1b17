"""The live preview (``python -m generator serve``): a save rebuilds the pages it changed, and the
site it then serves is, byte for byte, the site a full build makes of the same content; a change
to more than pages rebuilds everything; a broken save shows its errors on every page until the next
good one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, edit

from generator.engine.searchindex import read_language_index
from generator.engine.serve import Preview

pytestmark = pytest.mark.slow

URL = "http://127.0.0.1:8000/"
PAGE = "content/pages/subprogramme-1.yaml"


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Iterator[Preview]:
    work = tmp_path_factory.mktemp("serve")
    root = copy_project(work / "project")
    pv = Preview(root, work / "site", URL)
    pv.start()
    yield pv
    pv.renderer.close()


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_as_a_full_build(pv: Preview, tmp_path: Path) -> None:
    fresh = Preview(pv.root, tmp_path / "fresh", URL)
    try:
        fresh.start()
        served, built = files(pv.site_dir), files(fresh.site_dir)
        assert served.keys() == built.keys()
        assert [name for name in served if served[name] != built[name]] == []
    finally:
        fresh.renderer.close()


def html(pv: Preview, name: str) -> str:
    return (pv.site_dir / name).read_text(encoding="utf-8")


def test_a_text_edit_rebuilds_its_pages_only(preview: Preview, tmp_path: Path) -> None:
    edit(preview.root, PAGE, "text: ", "text: 预览修改一 ")
    preview.rebuild()
    assert preview.last_rebuilt is not None
    assert {"zh/subprogramme-1.md", "en/subprogramme-1.md"} <= set(preview.last_rebuilt)
    assert "zh/subprogramme-3.md" not in preview.last_rebuilt
    for name in ("subprogramme-1.html", "en/subprogramme-1.html", "print.html"):
        assert "预览修改一" in html(preview, name), name
    docs = [d for lang in ("zh", "en") for d in read_language_index(preview.site_dir, lang)]
    found = {d["location"].split("#")[0] for d in docs if "预览修改一" in d["text"].replace("\u200b", "")}
    assert {"subprogramme-1.html", "en/subprogramme-1.html"} <= found
    assert_as_a_full_build(preview, tmp_path)


def test_a_table_edit_rebuilds_the_page_that_shows_it_and_its_download(preview: Preview, tmp_path: Path) -> None:
    # the source's subtotal 4 no longer adds up: a warning, the page shows what the file says
    edit(preview.root, "content/tables/14.1.yaml", "values: [1, 1, \"—\", 1]", "values: [1, 1, \"—\", 987]")
    preview.rebuild()
    assert preview.last_rebuilt is not None
    assert "zh/downloads/table-14.1.csv" in preview.last_rebuilt
    assert ",987" in (preview.site_dir / "downloads" / "table-14.1.csv").read_text(encoding="utf-8")
    assert_as_a_full_build(preview, tmp_path)


def test_a_broken_save_shows_on_every_page_until_the_next_good_one(preview: Preview, tmp_path: Path) -> None:
    edit(preview.root, PAGE, "text: ", "text: [unclosed ")
    preview.rebuild()
    assert preview.last_rebuilt is None  # the banner is on every page
    for name in ("index.html", "subprogramme-3.html", "en/annex-1.html"):
        page = html(preview, name)
        assert "preview-errors" in page and re.search(r"content/pages/subprogramme-1\.yaml:\d+:\d+", page), name
    # under the banner, the navigation keeps the pages' titles (not names made from file names)
    nav = html(preview, "index.html").split('<nav class="md-nav md-nav--primary"', 1)[1]
    assert "附件一 2021 年组织结构和员额分配" in nav and "Annex 1" not in nav
    assert "预览修改一" in html(preview, "subprogramme-1.html")  # the last good page, under the banner
    preview.rebuild()  # saved again, still broken the same way: the pages already say so
    assert preview.last_rebuilt == []
    edit(preview.root, PAGE, "text: [unclosed ", "text: ")
    preview.rebuild()
    assert preview.last_rebuilt is None
    assert "preview-errors" not in html(preview, "index.html")
    assert_as_a_full_build(preview, tmp_path)


def test_a_new_page_title_rebuilds_every_page(preview: Preview, tmp_path: Path) -> None:
    edit(preview.root, "content/pages/annex-2.yaml", "  zh: 附件二 为执行监督机构", "  zh: 附件二（预览） 为执行监督机构")
    preview.rebuild()
    assert preview.last_rebuilt is None  # the title is in every page's navigation
    assert "附件二（预览）" in html(preview, "subprogramme-3.html")
    assert_as_a_full_build(preview, tmp_path)


def test_the_navigation_in_plan_yaml_rebuilds_every_page(preview: Preview, tmp_path: Path) -> None:
    edit(preview.root, "content/plan.yaml", "zh: 工作方案", "zh: 工作方案（预览）")
    preview.rebuild()
    assert preview.last_rebuilt is None
    assert "工作方案（预览）" in html(preview, "subprogramme-3.html")  # a page inside the group
    assert_as_a_full_build(preview, tmp_path)


# --------------------------------------------------------------------------- at 10x the plan


@pytest.fixture(scope="module")
def preview_10x(tmp_path_factory) -> Iterator[Preview]:
    """The real plan ten times over (tests/bench/replicate.py), built once for the tests below."""
    from tests.bench import replicate

    work = tmp_path_factory.mktemp("serve10x")
    root = copy_project(work / "project", skip=("content",))
    replicate.replicate(ROOT, root, 10)
    pv = Preview(root, work / "site", URL)
    pv.start()
    yield pv
    pv.renderer.close()


@pytest.mark.parametrize("rel, old, new, pages", [
    ("content/pages/subprogramme-2-r4.yaml", "text: ", "text: 十倍预览 ", {"zh/subprogramme-2-r4.md"}),
    ("content/tables/14.1.yaml", "values: [1, 1, \"—\", 1]", "values: [1, 1, \"—\", 654]",
     {"zh/downloads/table-14.1.csv", "zh/orientation.md"}),
    ("content/mandates.yaml", "  title:\n    zh: ", "  title:\n    zh: （十倍）", {"zh/mandates.md"}),
    ("content/pages/annex-2-r7.yaml", "  zh: 附件二", "  zh: 附件二（十倍）", None),
], ids=["text", "table cell", "mandate title", "page title"])
def test_at_10x_a_save_rebuilds_what_it_changed_as_a_full_build_would(
        preview_10x: Preview, tmp_path: Path, rel: str, old: str, new: str, pages: set[str] | None) -> None:
    edit(preview_10x.root, rel, old, new)
    preview_10x.rebuild()
    if pages is None:  # a title: in the navigation of every page
        assert preview_10x.last_rebuilt is None
    else:
        assert preview_10x.last_rebuilt is not None and pages <= set(preview_10x.last_rebuilt)
        assert len(preview_10x.last_rebuilt) < 40  # of the 10x plan's 2 x 331 pages and 2 x 320 downloads
    assert_as_a_full_build(preview_10x, tmp_path)

