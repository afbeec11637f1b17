"""Hostile and broken YAML: nothing is constructed from it, nothing crashes, every problem is a
located `file:line:col` error, and a value of the wrong type is an error, never a conversion."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, edit

from generator import pipeline
from generator.content.load import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_FILE_BYTES, load, load_file, parse_yaml


def messages(text: str, path: str = "content/pages/x.yaml") -> list[str]:
    return [d.format() for d in parse_yaml(text, path)[1]]


def check(root: Path) -> list[str]:
    return [d.format() for d in pipeline.check(root).diagnostics if d.severity == "error"]


# --------------------------------------------------------------------------- nothing executes


def test_python_tags_construct_nothing_and_are_errors(tmp_path):
    marker = tmp_path / "pwned"
    text = (
        f"a: !!python/object/apply:os.system ['touch {marker}']\n"
        "b: !!python/name:os.system\n"
        "c: !custom {x: 1}\n"
        "d: !!binary aGk=\n"
    )
    src, diags = parse_yaml(text, "content/plan.yaml")
    assert not marker.exists()
    assert [d.format() for d in diags] == [
        "content/plan.yaml:1:4: error: YAML tags ('!!python/object/apply:os.system') are not supported "
        "(hint: remove the tag: content is plain mappings, lists and text)",
        "content/plan.yaml:2:4: error: YAML tags ('!!python/name:os.system') are not supported "
        "(hint: remove the tag; put the value in quotes to make it text)",
        "content/plan.yaml:3:4: error: YAML tags ('!custom') are not supported "
        "(hint: remove the tag: content is plain mappings, lists and text)",
        "content/plan.yaml:4:4: error: YAML tags ('!!binary') are not supported "
        "(hint: remove the tag; put the value in quotes to make it text)",
    ]
    # the data holds only plain values: strings, lists, dicts
    assert src.data == {"a": [f"touch {marker}"], "b": "", "c": {"x": 1}, "d": "aGk="}


def test_str_tag_is_just_text():
    src, diags = parse_yaml("a: !!str 14.10\n", "t.yaml")
    assert diags == [] and src.data == {"a": "14.10"}


def test_merge_keys_are_errors():
    assert messages("base: &b {title: x}\npage:\n  <<: *b\n  id: y\n") == [
        "content/pages/x.yaml:3:3: error: YAML merge keys ('<<') are not supported "
        "(hint: write the keys out in full)"
    ]


# --------------------------------------------------------------------------- YAML 1.1 surprises


def test_yaml_11_values_stay_what_was_written():
    text = (
        "a: no\nb: yes\nc: on\nd: 2021-01-01\ne: 010\nf: 0x1F\ng: 1_000\nh: 12:30\n"
        "i: .inf\nj: .nan\nk: 1.0e+999\nl: 0b11\nm: Null\nn: ''\n"
    )
    src, diags = parse_yaml(text, "t.yaml")
    assert diags == []
    assert src.data == {
        "a": "no", "b": "yes", "c": "on", "d": "2021-01-01", "e": "010", "f": "0x1F",
        "g": "1_000", "h": "12:30", "i": ".inf", "j": ".nan", "k": "1.0e+999", "l": "0b11",
        "m": None, "n": "",
    }


def test_decimal_numbers_are_numbers():
    src, _ = parse_yaml("a: 1.10\nb: -3\nc: 401\nd: 0.5e3\ne: +7\n", "t.yaml")
    assert src.data == {"a": 1.1, "b": -3, "c": 401, "d": 500.0, "e": 7}
    assert isinstance(src.data["c"], int)


def test_a_number_where_text_is_expected_is_an_error_with_a_hint(mini):
    edit(mini, "content/pages/orientation.yaml", "title: 总方向", "title: 1.10")
    assert check(mini) == [
        "content/pages/orientation.yaml:2:8: error: expected text, got the number 1.1 "
        "(hint: put the value in quotes, exactly as printed)"
    ]


def test_an_unquoted_paragraph_number_is_an_error_not_14_1(mini):
    edit(mini, "content/pages/orientation.yaml", 'paragraph: "14.1"', "paragraph: 14.10")
    errs = check(mini)
    assert len(errs) == 1 and errs[0].startswith("content/pages/orientation.yaml:7:20: error:"), errs


def test_yes_no_and_dates_in_text_fields_are_the_text(mini):
    edit(mini, "content/pages/orientation.yaml", "title: 总方向", "title: no")
    edit(mini, "content/pages/orientation.yaml", "  - title: 任务和背景", "  - title: 2021-01-01")
    result = pipeline.check(mini)
    assert check(mini) == []
    page = result.site.pages["orientation"]
    assert page.title == "no"
    assert page.sections[0].title == "2021-01-01"


# --------------------------------------------------------------------------- bounds


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_rejected_quickly():
    start = time.perf_counter()
    src, diags = parse_yaml(billion_laughs(), "content/plan.yaml")
    assert time.perf_counter() - start < 0.5
    assert [d.format() for d in diags] == [
        f"content/plan.yaml:5:8: error: aliases expand to more than {MAX_ALIAS_VALUES} values "
        "(hint: an alias bomb? write the values out instead of using '*' aliases)"
    ]
    assert src.data is None


def test_a_few_aliases_are_fine_and_point_at_the_alias():
    src, diags = parse_yaml("a: &t {zh: 前言, en: Foreword}\nb: *t\n", "t.yaml")
    assert diags == []
    assert src.data["b"] == {"zh": "前言", "en": "Foreword"}
    assert src.pos(("b", "zh")) == (2, 4)  # inside an alias: the alias itself


def test_recursive_and_undefined_aliases():
    assert messages("a: &x [1, *x]\n") == [
        "content/pages/x.yaml:1:11: error: alias '*x' refers to the value it is inside of"
    ]
    assert messages("a: *nowhere\n") == [
        "content/pages/x.yaml:1:4: error: alias '*nowhere' has no anchor '&nowhere' before it"
    ]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 5000, 200_000])
def test_deep_nesting_is_rejected(depth):
    start = time.perf_counter()
    diags = parse_yaml("a: " + "[" * depth + "]" * depth + "\n", "t.yaml")[1]
    assert time.perf_counter() - start < 0.5
    assert len(diags) == 1 and diags[0].line == 1 and diags[0].column > MAX_DEPTH
    assert "nest" in diags[0].message


def test_deep_block_nesting_is_rejected():
    text = "a:\n" + "".join("  " * i + "- x:\n" for i in range(1, MAX_DEPTH + 2))
    (diag,) = parse_yaml(text, "t.yaml")[1]
    assert diag.message == f"nested more than {MAX_DEPTH} levels deep"


def test_a_file_too_large_is_not_read(tmp_path):
    path = tmp_path / "content" / "pages" / "big.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"text: '" + b"x" * MAX_FILE_BYTES + b"'\n")
    src, diags = load_file(path, tmp_path)
    assert src.data is None
    assert [d.format() for d in diags] == [
        f"content/pages/big.yaml:1:1: error: the file is too large ({MAX_FILE_BYTES + 9} bytes; "
        f"at most {MAX_FILE_BYTES} bytes) (hint: split it: one file per page, table or figure)"
    ]


# --------------------------------------------------------------------------- bytes and characters


def test_non_utf8_byte_is_located(tmp_path):
    path = tmp_path / "content" / "plan.yaml"
    path.parent.mkdir()
    path.write_bytes("symbol: x\ntitle: 中文 caf".encode() + b"\xe9\n")
    assert [d.format() for d in load_file(path, tmp_path)[1]] == [
        "content/plan.yaml:2:14: error: not UTF-8 text: the byte 0xE9 cannot start a character "
        "(hint: save the file as UTF-8)"
    ]


def test_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes("title: 前言\n".encode("utf-16"))
    assert [d.format() for d in load_file(path, tmp_path)[1]] == [
        "plan.yaml:1:1: error: not UTF-8 text: the file is UTF-16 (hint: save it as UTF-8)"
    ]


def test_bom_is_accepted_and_positions_are_unchanged(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbfsymbol: x\ntitle: y\n")
    src, diags = load_file(path, tmp_path)
    assert diags == [] and src.data == {"symbol": "x", "title": "y"}
    assert src.keys[("symbol",)] == (1, 1) and src.values[("title",)] == (2, 8)


def test_control_character_is_located_in_characters_not_bytes():
    assert messages("id: x\ntitle: 中文\x07\n") == [
        "content/pages/x.yaml:2:10: error: the character U+0007 is not allowed in a YAML file "
        "(hint: delete it (control characters are invisible in most editors))"
    ]


def test_tab_indentation_has_a_hint():
    (msg,) = messages("id: x\nsections:\n\t- title: y\n")
    assert msg.startswith("content/pages/x.yaml:3:1: error: YAML syntax error")
    assert msg.endswith("(hint: indent with spaces, not tabs)")


def test_tabs_inside_text_are_text():
    src, diags = parse_yaml('title: "a\tb"\ntext: a\tb\n', "t.yaml")
    assert diags == [] and src.data == {"title": "a\tb", "text": "a\tb"}


def test_second_document_is_an_error():
    assert messages("id: x\n---\nid: y\n") == [
        "content/pages/x.yaml:2:1: error: a content file holds one YAML document "
        "(hint: remove the second '---' and what follows, or move it to its own file)"
    ]


def test_complex_keys_are_errors():
    assert messages("? [a, b]\n: 1\n") == [
        "content/pages/x.yaml:1:3: error: a mapping key must be a plain word "
        "(hint: a key cannot be a list, a mapping or an alias)"
    ]


def test_duplicate_nested_key_keeps_the_first_and_goes_on():
    src, diags = parse_yaml("a:\n  b: 1\n  b: {c: 2}\nd: 3\nd: 4\n", "t.yaml")
    assert [(d.line, d.column, d.message) for d in diags] == [
        (3, 3, "duplicate key 'b'"), (5, 1, "duplicate key 'd'"),
    ]
    assert src.data == {"a": {"b": 1}, "d": 3}
    assert src.values[("a", "b")] == (2, 6)  # the dropped value did not move the first one's position


# --------------------------------------------------------------------------- the content folder


def test_symlinks_are_refused_and_hidden_files_ignored(mini, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\ntitle: 机密\n", encoding="utf-8")
    os.symlink(secret, mini / "content" / "pages" / "leak.yaml")
    os.symlink(tmp_path, mini / "content" / "linked-folder")
    (mini / "content" / "pages" / ".#orientation.yaml").write_text("broken: [", encoding="utf-8")
    content = load(mini)
    assert "leak" not in content.pages
    assert [d.format() for d in content.diagnostics] == [
        "content/linked-folder:1:1: error: a symbolic link: content files must be real files "
        "(hint: replace the link by the file itself)",
        "content/pages/leak.yaml:1:1: error: a symbolic link: content files must be real files "
        "(hint: replace the link by the file itself)",
    ]


def test_file_names_that_cannot_be_urls_are_refused(mini):
    bad = mini / "content" / "pages" / "<script>.yaml"
    bad.write_text("id: x\ntitle: x\n", encoding="utf-8")
    content = load(mini)
    assert "<script>" not in content.pages
    assert [d.format() for d in content.diagnostics] == [
        "content/pages/<script>.yaml:1:1: error: '<script>.yaml' is not a usable file name "
        "(hint: use ASCII letters, digits, '-', '_' and '.' only, e.g. subprogramme-1.yaml)"
    ]


def test_cli_reports_hostile_files_without_a_traceback(mini):
    (mini / "content" / "pages" / "subprogramme-1.yaml").write_text(billion_laughs(), encoding="utf-8")
    (mini / "content" / "tables" / "14.1.yaml").write_bytes(b"number: '14.1'\ncaption: \xff\n")
    r = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini), "check"],
                       capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "content/pages/subprogramme-1.yaml:5:8: error: aliases expand to more than" in r.stderr
    assert "content/tables/14.1.yaml:2:10: error: not UTF-8 text" in r.stderr


def test_numbers_too_long_for_python_stay_text_and_are_errors_where_numbers_are_expected(mini):
    digits = "1" * 5000  # Python refuses int() of more than 4300 digits
    src, diags = parse_yaml(f"a: {digits}\nb: -{digits[:3999]}\n", "t.yaml")
    assert diags == [] and src.data["a"] == digits and src.data["b"] == -int(digits[:3999])
    edit(mini, "content/tables/14.1.yaml", "decimals: 1", f"decimals: {digits}")
    errs = check(mini)
    assert len(errs) == 1 and errs[0].startswith("content/tables/14.1.yaml:4:11: error:"), errs
