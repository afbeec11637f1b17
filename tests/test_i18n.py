"""Two languages: the configuration, the English pages, fallback marking and the status figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator.i18n import languages as i18n
from generator.linking.link import link
from generator.pipeline import build, check


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("docs")
    pages, _ = build(ROOT, out)
    return pages


def test_languages_come_from_mkdocs_yml_and_default_to_chinese_alone(tmp_path):
    langs = i18n.configured(ROOT)
    assert [(lang.code, lang.default) for lang in langs] == [("zh", True), ("en", False)]
    assert i18n.configured(tmp_path) == i18n.DEFAULT_LANGUAGES


def test_a_third_language_is_configuration_and_strings(tmp_path):
    for name in ("content", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "        - locale: en\n          name: English\n",
        "        - locale: en\n          name: English\n        - locale: fr\n          name: Français\n"),
        encoding="utf-8")
    shutil.copy2(tmp_path / "content/strings/en.yaml", tmp_path / "content/strings/fr.yaml")
    pages, _ = build(tmp_path, tmp_path / "out")
    assert "fr/subprogramme-1.md" in pages
    assert "https://undocs.org/fr/" in pages["fr/mandates.md"]
    assert 'lang="zh" class="fallback"' in pages["fr/subprogramme-1.md"]
    # a heading without a translation keeps the Chinese, marked
    assert re.search(r"^### 成果 1：增强气候雄心.*lang=\"zh\" \.fallback", pages["fr/subprogramme-1.md"], re.M)


def test_every_chinese_page_has_its_english_counterpart(real_pages):
    zh = {p[3:] for p in real_pages if p.startswith("zh/")}
    en = {p[3:] for p in real_pages if p.startswith("en/")}
    assert zh == en and len(zh) >= 19
    assert all(real_pages["en/" + p].strip() for p in en)


def _anchors(md: str) -> list[str]:
    return re.findall(r'\{#([^\s}]+)|\bid="([^"]+)"', md)


def test_anchors_are_identical_across_languages(real_pages):
    for name in (p[3:] for p in real_pages if p.startswith("zh/")):
        assert _anchors(real_pages["zh/" + name]) == _anchors(real_pages["en/" + name]), name


def test_english_headings_and_labels_where_translated(real_pages):
    sp1 = real_pages["en/subprogramme-1.md"]
    assert sp1.startswith("# Subprogramme 1 Climate action\n")
    assert "## Objective {#目标}" in sp1
    assert "## Legislative mandates {#立法授权}" in sp1
    assert '<span class="figure-number">Figure 14.I</span>' in sp1  # 图 14.一, numbered as the English edition numbers figures
    res = real_pages["en/resources.md"]
    assert '<span class="table-number">Table 14.16</span>' in res
    assert ">2019 expenditure</th>" in res and ">Technical adjustments</th>" in res


def test_untranslated_text_shows_the_chinese_marked_with_a_notice(real_pages):
    sp1 = real_pages["en/subprogramme-1.md"]
    para = re.search(r'<p class="para" id="para-14.15">.*?</p>', sp1).group(0)
    assert '<span lang="zh" class="fallback" title="Not yet translated">本次级方案促进实现的目标' in para
    assert '<p class="untranslated-notice">Parts of this page are not yet translated' in sp1
    # every heading has its English now; one without would keep the Chinese, marked (the fr test)
    assert "### Result 1: enhanced climate ambition \\(result carried over from 2020\\)" in sp1
    # nothing is marked on the Chinese pages
    assert "fallback" not in real_pages["zh/subprogramme-1.md"]


def test_undocs_links_use_the_page_language(real_pages):
    for name, md in real_pages.items():
        lang = name.split("/")[0]
        other = "en" if lang == "zh" else "zh"
        assert f"undocs.org/{other}/" not in md, name
    assert "https://undocs.org/en/A/RES/74/251" in real_pages["en/subprogramme-1.md"]


def test_numbers_follow_the_reader_convention(real_pages):
    assert ">23\u202f089.8<" in real_pages["zh/resources.md"]
    assert ">23,089.8<" in real_pages["en/resources.md"]


def _raw_translated(root: Path, lang: str) -> int:
    """Mappings in the YAML holding a Chinese text and its translation, counted directly."""
    count = 0

    def walk(node):
        nonlocal count
        if isinstance(node, dict):
            if "zh" in node and lang in node and isinstance(node["zh"], str):
                count += not i18n.is_neutral(node["zh"])
                return
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in (root / "content").rglob("*.yaml"):
        if "strings" not in path.parts:
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return count


def test_status_figures_match_the_yaml(real_pages, tmp_path):
    site = check(ROOT).site
    st = i18n.status(site, "en", link(site)[0].order)
    assert st.total().translated == _raw_translated(ROOT, "en")
    # the page shows the same figures
    page = real_pages["en/translation-status.md"]
    row = re.search(r'<tr class="row-total">(.*?)</tr>', page).group(1)
    cells = re.findall(r'data-translated="(\d+)" data-total="(\d+)"', row)
    assert cells[-1] == (str(st.total().translated), str(st.total().total))
    # one more translation counts once more, in its page and kind
    for name in ("content", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    f = tmp_path / "content/pages/subprogramme-1.yaml"
    text = f.read_text(encoding="utf-8")
    old = "    text: 本次级方案促进实现的目标是推进各国向低排放经济发展过渡并提高其适应和抵御气候变化的能力。\n"
    assert old in text
    f.write_text(text.replace(old, "    text:\n      zh: " + old.split("text: ")[1] + "      en: The objective.\n"),
                 encoding="utf-8")
    site2 = check(tmp_path).site
    st2 = i18n.status(site2, "en", link(site2)[0].order)
    assert st2.pages["subprogramme-1"]["paragraph"].translated == st.pages["subprogramme-1"]["paragraph"].translated + 1
    assert st2.total().translated == st.total().translated + 1 == _raw_translated(tmp_path, "en")


def test_i18n_status_command(capsys):
    from generator.cli.main import main

    assert main(["--root", str(ROOT), "i18n-status", "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data[0]["lang"] == "en"
    assert data[0]["total"]["translated"] == _raw_translated(ROOT, "en")
    assert set(data[0]["pages"]) >= {"index", "subprogramme-1", "mandates"}
