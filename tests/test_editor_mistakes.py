"""The mistakes editors make that YAML or the model used to take silently, or to report in
words only a programmer reads: each is one edit of a copy of the REAL content/, found at the
place that holds it with a message that says what to type instead, and no page is written
from it (a build stops at the error).

Cases use test_broken_content's form: ``at`` marks the expected column with ``^``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_broken_content import Case, _copy_project, check_case, run_check

from generator.diagnostics import GeneratorError
from generator.pipeline import build

EN_TEXT = ("  text: 表 14.13 至 14.15 显示 2021 年拟议经常预算资源，并酌情显示资源变动细节。",
           "  text:\n    zh: 表 14.13 至 14.15 显示 2021 年拟议经常预算资源，并酌情显示资源变动细节。\n"
           "    en: Tables 14.13 to 14.15 show the proposed regular budget resources for 2021")

CASES = [
    # a comment cuts an unquoted text: "Policymaking organs # A" would be published "Policymaking organs"
    Case("hash-cuts-english-text", "content/pages/resources.yaml", "  en: Overall resource changes",
         "  en: Overall resource changes # 2020 to 2021",
         "YAML reads ' #' and what follows as a comment, so only 'Overall resource changes' is kept",
         "changes ^# 2020"),
    Case("thousands-space-in-money-column", "content/tables/14.21.yaml",
         'values: [3607.6, 3993.0, "—"', 'values: [3607.6, 3 993.0, "—"',
         "'3 993.0' is text, not a number: numbers only; write 3993.0", "3607.6, ^3 993.0"),
    Case("thousands-comma-in-quotes", "content/tables/14.21.yaml",
         'values: [3607.6, 3993.0, "—"', 'values: [3607.6, "3,993.0", "—"',
         "numbers only; write 3993.0", '3607.6, ^"3,993.0"'),
    Case("hyphen-for-nil", "content/tables/14.21.yaml",
         'values: [3607.6, 3993.0, "—"', 'values: [3607.6, 3993.0, "-"',
         "'-' is not the nil marker: write \"—\" (an em dash, in quotes)", '3993.0, ^"-"'),
    Case("english-cites-missing-table", "content/pages/resources.yaml", EN_TEXT[0],
         EN_TEXT[1].replace("to 14.15", "to 14.99"),
         "'14.99' refers to table 14.99, which is not on any page", "    en: ^Tables 14.13 to 14.99"),
    # YAML syntax, said in plain words at the line that holds the mistake
    Case("full-width-colon", "content/pages/resources.yaml", "  en: Overall resource changes",
         "  en：Overall resource changes", "type a half-width colon ':' followed by a space", "  en^：Overall"),
    Case("missing-colon", "content/pages/resources.yaml", "  en: Overall resource changes",
         "  en Overall resource changes", "this line has no ':' after its key", "  ^en Overall"),
    Case("over-indented-key", "content/pages/resources.yaml", '- paragraph: "14.110"\n  text:',
         '- paragraph: "14.110"\n    text:', "line 8 starts in column 5, which lines up with no line above it: "
         "start it in column 3 (like line 7)", "    ^text: 表 14.13"),
    Case("over-indented-after-text", "content/pages/resources.yaml", "资源变动细节。\n- table:",
         "资源变动细节。\n   items: []\n- table:", "line 9 is indented more than line 8", "   ^items: []"),
    Case("under-indented-key", "content/pages/resources.yaml", '- paragraph: "14.110"\n  text:',
         '- paragraph: "14.110"\n text:', "start it in column 3 (like line 7) or column 1 (like line 7)",
         " ^text: 表 14.13"),
    Case("dedented-list-item", "content/pages/subprogramme-5.yaml", "      - UNEA resolution 4/9\n",
         "    - UNEA resolution 4/9\n", "expected a mapping (keys such as 'heading', 'refs') here, got the "
         "text 'UNEA resolution 4/9' (hint: is it an item of 'refs' (line 93)? Then indent its '- ' to "
         "column 7", "    - ^UNEA resolution 4/9"),
    Case("text-where-a-list-belongs", "content/pages/subprogramme-5.yaml",
         "      refs:\n      - GA resolution 74/212\n", "      refs: GA resolution 74/212\n",
         "expected a list here (one item a line, each starting with '- '), got the text", "refs: ^GA resolution"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mistake_is_located_in_plain_words_and_nothing_is_published(case: Case, tmp_path: Path, capsys) -> None:
    root, status = check_case(case, tmp_path, capsys)
    assert status == 1

    out = tmp_path / "docs"
    with pytest.raises(GeneratorError):
        build(root, out)
    assert not out.exists() or not any(out.rglob("*.md"))


def test_the_english_text_is_fine_when_it_cites_what_exists(tmp_path: Path, capsys) -> None:
    root = _copy_project(tmp_path)
    path = root / "content/pages/resources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*EN_TEXT), encoding="utf-8")
    status, found, _ = run_check(root, capsys)
    assert status == 0 and not [d for d in found if d["severity"] == "error"]


def test_a_comment_after_a_one_word_value_is_a_warning(tmp_path: Path, capsys) -> None:
    """``kind: total  # as printed`` is most likely a comment: said, but not fatal."""
    root = _copy_project(tmp_path)
    path = root / "content/tables/14.24.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: total", "kind: total  # as printed", 1),
                    encoding="utf-8")
    status, found, _ = run_check(root, capsys)
    (warning,) = [d for d in found if "comment" in d["message"]]
    assert warning["severity"] == "warning" and "only 'total' is kept" in warning["message"]
    assert status == 0
