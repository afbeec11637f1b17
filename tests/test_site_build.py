"""The whole site from the real content/: `mkdocs build --strict` passes, every paragraph is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PARAGRAPHS = 149


def test_strict_build_passes_without_warnings(built_site):
    proc = built_site["proc"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    log = proc.stdout + proc.stderr
    assert "WARNING" not in log, log
    assert "Traceback" not in log


def test_every_paragraph_has_its_anchor_once(built_site):
    ids: list[str] = []
    for page in sorted(built_site["site"].glob("*.html")):
        if page.name == "print.html":  # the whole plan again, on one page for printing
            continue
        ids += re.findall(r'id="para-(14\.\d+)"', page.read_text(encoding="utf-8"))
    assert sorted(ids, key=lambda s: int(s.split(".")[1])) == [f"14.{n}" for n in range(1, PARAGRAPHS + 1)]


def test_pages_from_the_navigation_exist(built_site):
    site = built_site["site"]
    for name in ("index.html", "mandates.html", "subprogramme-1.html", "annex-1.html", "annex-2.html"):
        assert (site / name).is_file(), name
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "A/75/6 (Sect. 14)" in home
    assert "subprogramme-7.html" in home


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_open_data_print_page_and_downloads_are_in_the_navigation(built_site, prefix):
    site = built_site["site"] / prefix
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    assert 'href="open-data.html"' in nav and 'href="print.html"' in nav
    assert (site / "downloads" / "table-14.16.csv").read_bytes().count(b"\r\n") > 5
    assert (site / "downloads" / "plan.json").is_file()
    # the footer links to the plan itself on undocs.org, in the page's language
    lang = "en" if prefix else "zh"
    assert f'<a href="https://undocs.org/{lang}/A/75/6(Sect.14)">A/75/6 (Sect. 14)</a>' in home


def test_the_print_page_is_not_in_the_search_index(built_site):
    import json

    index = json.loads((built_site["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith(("print.html", "en/print.html")) for doc in index["docs"])
    assert any(doc["location"].startswith("subprogramme-1.html") for doc in index["docs"])


def test_search_index_holds_chinese_words(built_site):
    import json

    index = json.loads((built_site["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b气候变化\u200b" in text  # jieba segmented the Chinese into words


def test_content_error_stops_mkdocs_with_compiler_style_message(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from conftest import copy_project

    copy_project(tmp_path)
    (tmp_path / "build" / "docs").mkdir(parents=True)
    page = tmp_path / "content" / "pages" / "subprogramme-1.yaml"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1", "HOME": str(tmp_path),
             "TMPDIR": str(tmp_path)},
    )
    assert proc.returncode == 1
    log = proc.stdout + proc.stderr
    assert "content/pages/subprogramme-1.yaml:3:1: error: unknown key 'titel' (did you mean 'title'?)" in log
    assert "Traceback" not in log


def test_every_chinese_page_has_its_english_counterpart_linked_both_ways(built_site):
    site = built_site["site"]
    zh_pages = sorted(p.name for p in site.glob("*.html") if p.name != "404.html")
    en_pages = sorted(p.name for p in (site / "en").glob("*.html"))
    assert zh_pages == en_pages and "translation-status.html" in en_pages
    for name in zh_pages:
        zh = (site / name).read_text(encoding="utf-8")
        en = (site / "en" / name).read_text(encoding="utf-8")
        assert '<html lang="zh"' in zh and '<html lang="en"' in en, name
        assert f'href="en/{name}" hreflang="en"' in zh, name
        assert f'href="../{name}" hreflang="zh"' in en, name
        assert "undocs.org/zh/" not in en, name


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_print_page_holds_every_page_in_order(built_site, prefix):
    printed = (built_site["site"] / prefix / "print.html").read_text(encoding="utf-8")
    order = ["index", "orientation", *(f"subprogramme-{n}" for n in range(1, 8)), "resources", "annex-1", "annex-2"]
    positions = [printed.index(f'id="chapter-{p}"') for p in order]
    assert positions == sorted(positions)
    assert len(re.findall(r'class="para" id="para-14\.\d+"', printed)) == PARAGRAPHS
    ids = re.findall(r'\sid="([^"]+)"', printed)
    assert len(ids) == len(set(ids))
    article = printed[printed.index("<article"):printed.index("</article>")]
    for target in re.findall(r'href="#([^"]+)"', article):  # links inside the plan stay inside the page
        assert target in ids, target
    assert 'href="#table-14.1"' in article and 'href="subprogramme-1.html' not in article


def test_one_mkdocs_build_makes_the_same_site(built_site, tmp_path):
    """`mkdocs build --strict` (one process: the i18n plugin builds the languages one after the
    other) and the site build (one process per language, merged) give the same site, but for the
    root 404 page, which one process takes from the last language it builds and the site build
    from the default one. MkDocs' own command, in a copy as a fresh clone has it (no build/)."""
    import subprocess
    import sys

    from conftest import copy_project

    work = copy_project(tmp_path)
    assert not (work / "build").exists()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    proc = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", "site-one"],
                          cwd=work, capture_output=True, text=True,
                          env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1",
                               "HOME": str(work), "TMPDIR": str(work)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    one, parts = work / "site-one", built_site["site"]
    files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(parts).as_posix() for p in parts.rglob("*") if p.is_file())
    assert [f for f in files if f != "404.html" and (one / f).read_bytes() != (parts / f).read_bytes()] == []
