"""Stage 2: cross-file checks, each error naming the place."""

from __future__ import annotations

from conftest import edit

from generator.pipeline import check


def diags(root) -> list[str]:
    return [d.format() for d in check(root).diagnostics]


def test_fixture_is_clean(mini):
    assert diags(mini) == []


def test_missing_paragraph(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", 'paragraph: "14.4"', 'paragraph: "14.9"')
    edit(mini, "content/pages/subprogramme-1.yaml", 'paragraph: "14.5"', 'paragraph: "14.10"')
    assert diags(mini) == [
        "content/pages/subprogramme-1.yaml:6:20: error: paragraph 14.4..14.8 missing after 14.3: next is 14.9"
    ]


def test_duplicated_paragraph(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", 'paragraph: "14.5"', 'paragraph: "14.4"')
    assert diags(mini) == [
        "content/pages/subprogramme-1.yaml:10:20: error: paragraph 14.4 is duplicated "
        "(hint: first at content/pages/subprogramme-1.yaml:6)"
    ]


def test_out_of_order_paragraphs_follow_navigation(mini):
    edit(mini, "content/plan.yaml", "  - page: orientation\n", "")
    edit(mini, "content/plan.yaml", "  - page: annex-2\n", "  - page: annex-2\n  - page: orientation\n")
    out = diags(mini)
    assert out[0] == "content/pages/orientation.yaml:7:20: error: paragraph 14.1 is out of order: it comes after 14.5"
    assert "content/pages/subprogramme-1.yaml:6:20: error: paragraph 14.1..14.3 missing: next is 14.4" in out


def test_wrong_section_number(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", 'paragraph: "14.5"', 'paragraph: "15.5"')
    assert diags(mini) == [
        "content/pages/subprogramme-1.yaml:10:20: error: paragraph 15.5 is not numbered in section 14 "
        "(hint: paragraphs of this document are 14.1, 14.2, ...)"
    ]


def test_navigation_and_page_ids(mini):
    edit(mini, "content/plan.yaml", "page: subprogramme-1", "page: subprogram-1")
    edit(mini, "content/pages/annex-2.yaml", "id: annex-2", "id: annex-3")
    out = diags(mini)
    assert "content/plan.yaml:18:15: error: navigation names page 'subprogram-1', which does not exist (hint: did you mean 'subprogramme-1'?)" in out
    assert any(d.startswith("content/pages/subprogramme-1.yaml:1:1: error: page 'subprogramme-1' is not in the navigation") for d in out)
    assert any(d.startswith("content/pages/annex-2.yaml:1:5: error: page id 'annex-3' does not match the file name") for d in out)


def test_table_and_figure_placement(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", '- table: "14.1"', '- table: "14.2"')
    edit(mini, "content/pages/subprogramme-1.yaml", "- figure: 14.一", "- figure: 14.二")
    out = diags(mini)
    assert "content/pages/subprogramme-1.yaml:12:16: error: table 14.2 does not exist (hint: did you mean 14.1?)" in out
    assert any(d.startswith("content/pages/subprogramme-1.yaml:13:17: error: figure 14.二 does not exist") for d in out)
    assert any(d.startswith("content/tables/14.1.yaml:1:1: error: table 14.1 is not placed on any page") for d in out)
    assert any(d.startswith("content/figures/14.1.yaml:1:1: error: figure 14.一 is not placed on any page") for d in out)


def test_table_placed_twice(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", '- table: "14.1"', '- table: "14.1"\n      - table: "14.1"')
    assert diags(mini) == [
        "content/pages/subprogramme-1.yaml:13:16: error: table 14.1 is placed twice "
        "(hint: first at content/pages/subprogramme-1.yaml:12)"
    ]


def test_unknown_mandate_with_did_you_mean(mini):
    edit(mini, "content/pages/orientation.yaml", "- GA resolution 74/251", "- GA resolution 74/215")
    assert diags(mini) == [
        "content/pages/orientation.yaml:29:17: error: unknown mandate 'GA resolution 74/215' "
        "(did you mean 'GA resolution 74/251'?) (hint: not in content/mandates.yaml)"
    ]


def test_footnote_after_must_occur_once(mini):
    edit(mini, "content/pages/orientation.yaml", "after: 科学评估", "after: 环境")
    out = diags(mini)
    assert len(out) == 1
    assert out[0].startswith(
        "content/pages/orientation.yaml:19:20: error: footnote 1: the text it follows occurs 2 times in paragraph 14.2"
    )


def test_row_width(mini):
    edit(mini, "content/tables/14.1.yaml", "values: [63.2, \"—\", 401.6, 2]", "values: [63.2, 401.6, 2]")
    assert diags(mini) == [
        "content/tables/14.1.yaml:19:17: error: row '决策机关' has 3 values, but the table has 4 columns"
    ]


def test_a_page_with_the_id_of_a_generated_page_is_an_error(mini):
    """The generator makes the print page (and the home, mandates, open-data, translation status
    pages): a content page of that id would be overwritten without a word."""
    (mini / "content/pages/print.yaml").write_text(
        "# a page the editor meant to print\nid: print\ntitle: 打印\nsections: []\n", encoding="utf-8")
    edit(mini, "content/plan.yaml", "  - page: orientation", "  - page: orientation\n  - page: print")
    found = diags(mini)
    assert ("content/pages/print.yaml:2:5: error: 'print' is reserved for the print page (the whole plan on "
            "one page), which the generator makes (hint: give the page another id (and its file that name))"
            ) in found, found


def test_the_default_language_is_the_contents(mini):
    from generator.i18n.languages import Language

    found = [d.format() for d in check(mini, languages=(Language("en", "English", True),)).diagnostics]
    assert ("mkdocs.yml: error: the default language is 'en', but the content is written in 'zh' "
            "(hint: make 'zh' the default locale)") in found
