"""The content model: schema errors point at file:line:col, with a did-you-mean."""

from __future__ import annotations

from conftest import edit

from generator.content import model
from generator.content.load import load


def check(root):
    content = load(root)
    site, diags = model.build(content)
    return site, [d.format() for d in content.diagnostics + diags]


def test_fixture_is_valid(mini):
    site, diags = check(mini)
    assert diags == []
    assert site.plan.symbol == "A/75/6 (Sect. 14)"
    assert site.figures["14.1"].number == "14.一"


def test_unknown_key_with_did_you_mean(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", "  - title: 目标\n", "  - titel: 目标\n")
    _, diags = check(mini)
    assert diags == ["content/pages/subprogramme-1.yaml:4:5: error: unknown key 'titel' (did you mean 'title'?)"]


def test_number_where_text_is_expected_says_quote_it(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", 'paragraph: "14.4"', "paragraph: 14.4")
    _, diags = check(mini)
    assert diags == [
        "content/pages/subprogramme-1.yaml:6:20: error: expected text, got the number 14.4 "
        "(hint: put the value in quotes, exactly as printed)"
    ]


def test_unknown_block_kind(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", '- table: "14.1"', '- tabel: "14.1"')
    _, diags = check(mini)
    assert len(diags) == 1
    assert diags[0].startswith("content/pages/subprogramme-1.yaml:12:9: error: not a block")
    assert "did you mean 'table'" in diags[0]


def test_text_with_languages_needs_chinese(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", "title: 次级方案 1 气候变化", "title: {en: Climate action}")
    _, diags = check(mini)
    assert diags == [
        "content/pages/subprogramme-1.yaml:2:8: error: a text with languages must have the Chinese text under 'zh'"
    ]


def test_row_kind_did_you_mean(mini):
    edit(mini, "content/tables/14.1.yaml", "kind: total", "kind: totl")
    _, diags = check(mini)
    assert len(diags) == 1 and "did you mean 'total'" in diags[0]
    assert diags[0].startswith("content/tables/14.1.yaml:26:15: error:")


def test_chinese_numerals():
    assert [model.chinese_to_int(s) for s in ("一", "十", "十八", "二十", "三十一")] == [1, 10, 18, 20, 31]
    assert model.figure_stem("14.十八") == "14.18"
    assert model.chinese_to_int("十十") is None
