"""A third language is configuration, a strings file and (optionally) a grammar: no code.

The test adds French as a new user would: an entry in mkdocs.yml's i18n languages and
content/strings/fr.yaml copied from English (marked as a copy), no French text in the content and
no French grammar. The site builds; French interface text (navigation, headings, chart texts,
variance tooltips, CSV headers, the open-data page) has no Chinese character; and the text shown
in Chinese for want of a French translation is linked as on the Chinese pages, by the Chinese
grammar, with undocs.org links in French."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_project

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def fr_site(tmp_path_factory) -> Path:
    work = copy_project(tmp_path_factory.mktemp("project-fr"))
    config = work / "mkdocs.yml"
    english = "        - locale: en\n          name: English\n"
    text = config.read_text(encoding="utf-8")
    assert english in text
    config.write_text(text.replace(english, english + "        - locale: fr\n          name: Français\n"),
                      encoding="utf-8")
    strings = (ROOT / "content/strings/en.yaml").read_text(encoding="utf-8")
    (work / "content/strings/fr.yaml").write_text(
        "# Copied from en.yaml, not translated: the French site shows these English strings.\n" + strings,
        encoding="utf-8")
    proc = build_site(work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work / "site"


def test_french_interface_text_has_no_chinese(fr_site: Path) -> None:
    fr = fr_site / "fr"
    home = (fr / "index.html").read_text(encoding="utf-8")
    # the navigation's generated pages, by their link
    for page in ("mandates", "open-data", "print", "translation-status"):
        label = re.search(rf'<a href="(?:\./)?{page}\.html"[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', home, re.S)
        assert label is not None, page
        assert _text(label[1]).strip() and not CJK.search(_text(label[1])), (page, _text(label[1]))
    # the open-data page, but for the tables' captions (content, shown in Chinese untranslated)
    open_data = (fr / "open-data.html").read_text(encoding="utf-8")
    article = re.search(r"<article[^>]*>(.*)</article>", open_data, re.S)[1]
    without_captions = re.sub(r"<tr><td>.*?</tr>", "", article, flags=re.S)
    assert "Open data" in without_captions and not CJK.findall(_text(without_captions))
    # chart texts: axis titles, gaps, the data table's summary
    charts = "".join((fr / f).read_text(encoding="utf-8") for f in ("subprogramme-1.html", "resources.html"))
    # (an axis is titled by the figure's unit or column where it has one: content, in Chinese here)
    axes = re.findall(r'<text class="chart-axis-title"[^>]*>([^<]*)</text>', charts)
    assert "Year" in axes and "Value" in axes and "年份" not in axes and "数值" not in axes
    interface = re.findall(r'<text class="chart-(?:gap-label|note)"[^>]*>([^<]*)</text>', charts)
    interface += re.findall(r'<details class="chart-data"><summary>([^<]*)</summary>', charts)
    assert interface and not [t for t in interface if CJK.search(t)], interface
    # variance tooltips: "above 2019 年计划数" (the compared column's label is content)
    titles = re.findall(r'<td class="num var-(?:up|down|same)" title="([^"]*)"', charts + (fr / "subprogramme-2.html").read_text(encoding="utf-8"))
    assert titles and all(re.match(r"(above|below|same as) ", unescape(t)) for t in titles), titles[:5]
    # CSV headers: the columns the generator adds (the table's own are content)
    header = next(csv.reader(io.StringIO((fr / "downloads/table-14.13.csv").read_text(encoding="utf-8"))))
    assert header[:3] == ["Number", "Item", "Row type"] or header[:4] == ["Part", "Number", "Item", "Row type"], header


def test_fallback_text_is_linked_by_the_default_languages_grammar(fr_site: Path) -> None:
    for page in ("orientation.html", "subprogramme-1.html"):
        zh = (fr_site / page).read_text(encoding="utf-8")
        fr = (fr_site / "fr" / page).read_text(encoding="utf-8")
        for link in ('class="mandate-cite"', 'class="xref"'):
            assert fr.count(link) == zh.count(link) > 0, (page, link)
        assert "https://undocs.org/fr/A/RES/" in fr and "https://undocs.org/zh/A/RES/" not in fr
