"""Annex I (organization chart) and annex II (oversight recommendations) against the source text.

The source is the PDF text extraction of A/75/6 (Sect. 14), Chinese edition, in tests/seed/.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from chinese_text import load_chinese

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "content" / "pages"
SOURCE = ROOT / "tests" / "seed" / "A_75_6_Sect.14_zh.txt"

GRADE = r"USG|ASG|D-2|D-1|P-5|P-4|P-3|P-2|GS\(PL\)|GS\(OL\)|NPO|LL"
ENTRY = re.compile(rf"(\d+) ({GRADE})")
ENTRY_LINE = re.compile(rf"\s*(?:\d+ (?:{GRADE}))(?: (?:\d+ (?:{GRADE})))?\s*")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CJK_OR_PUNCT = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—]"
COLUMN_HEADER = "建议简述 为执行建议而采取的行动"


# ----------------------------------------------------------------------------- helpers


def load(name: str) -> dict:
    return load_chinese(PAGES / f"{name}.yaml")


def only_block(page: dict, kind: str):
    sections = page["sections"]
    assert len(sections) == 1, "the annex page has one section"
    blocks = sections[0]["blocks"]
    assert len(blocks) == 1 and list(blocks[0]) == [kind]
    return blocks[0][kind]


def walk_units(units: list[dict]):
    for unit in units:
        yield unit
        yield from walk_units(unit.get("units", []))


def nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def join_lines(lines: list[str]) -> str:
    """Join PDF lines: no space, except between a Chinese character and a digit/Latin letter,
    where the document itself always prints one (第 14.122 至 14.125 段)."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and (
            (CJK.match(out[-1]) and re.match(r"[0-9A-Za-z]", line[0]))
            or (re.match(r"[0-9A-Za-z]", out[-1]) and CJK.match(line[0]))
        ):
            out += " "
        out += line
    return out


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").split("\n")


def marker(lines: list[str], text: str) -> int:
    hits = [i for i, line in enumerate(lines) if line.strip() == text]
    assert len(hits) == 1, f"{text!r} occurs {len(hits)} times as a line"
    return hits[0]


@pytest.fixture(scope="module")
def annex1_lines(source_lines) -> list[str]:
    return source_lines[marker(source_lines, "附件一") : marker(source_lines, "附件二")]


@pytest.fixture(scope="module")
def annex2_lines(source_lines) -> list[str]:
    return source_lines[marker(source_lines, "附件二") :]


@pytest.fixture(scope="module")
def chart() -> dict:
    return only_block(load("annex-1"), "org_chart")


@pytest.fixture(scope="module")
def recs() -> list[dict]:
    return only_block(load("annex-2"), "recommendations")


def source_boxes(annex1_lines: list[str]) -> list[dict]:
    """The chart's boxes as the source prints them: name, optional (serves), 'RB XB', entry lines.

    Columns by layout: two entries on a line are RB then XB; a single entry is XB when the line
    starts with a space (the left column is blank) and RB otherwise."""
    lines = [x for x in annex1_lines if x.strip()]
    heads = [i for i, x in enumerate(lines) if x.strip() == "RB XB"]
    boxes = []
    for n, h in enumerate(heads):
        label = []
        j = h - 1
        while (
            not ENTRY_LINE.fullmatch(lines[j])
            and lines[j].strip() not in ("RB XB",)
            and (not lines[j].strip().startswith(("缩写", "常预算", "2021 年")))
        ):
            label.insert(0, lines[j].strip())
            j -= 1
        assert 1 <= len(label) <= 2, label
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        rb: list[tuple[str, int]] = []
        xb: list[tuple[str, int]] = []
        entries: list[tuple[str, int]] = []
        for line in lines[h + 1 : end]:
            if not ENTRY_LINE.fullmatch(line):
                break
            found = [(g, int(c)) for c, g in ENTRY.findall(line)]
            entries += found
            if len(found) == 2:
                rb.append(found[0])
                xb.append(found[1])
            elif line.startswith(" "):
                xb.append(found[0])
            else:
                rb.append(found[0])
        boxes.append(
            {
                "name": label[0],
                "serves": label[1] if len(label) == 2 else None,
                "entries": entries,
                "RB": rb,
                "XB": xb,
            }
        )
    return boxes


def posts(unit: dict, column: str) -> list[tuple[str, int]]:
    return [(p["grade"], p["count"]) for p in unit.get("posts", {}).get(column, [])]


def per_grade(pairs) -> Counter:
    c: Counter = Counter()
    for grade, count in pairs:
        c[grade] += count
    return c


# ----------------------------------------------------------------------------- annex I


def test_annex1_page():
    page = load("annex-1")
    assert page["id"] == "annex-1"
    assert page["title"] == "附件一 2021 年组织结构和员额分配"
    assert page["sections"][0]["title"] == "2021 年组织结构和员额分配"


def test_annex1_titles_as_printed(annex1_lines):
    page = load("annex-1")
    heading = [x.strip() for x in annex1_lines if x.strip()][:2]
    assert page["title"] == " ".join(heading)
    assert page["sections"][0]["title"] == heading[1]


def test_chart_posts_are_well_formed(chart):
    for unit in walk_units(chart["units"]):
        assert set(unit) <= {"name", "serves", "posts", "units"}, unit["name"]
        assert set(unit["posts"]) <= {"RB", "XB"}
        for column in unit["posts"].values():
            for post in column:
                assert set(post) == {"grade", "count"}
                assert re.fullmatch(GRADE, post["grade"]), post
                assert isinstance(post["count"], int) and post["count"] > 0, post
            grades = [p["grade"] for p in column]
            assert len(grades) == len(set(grades)), (
                f"{unit['name']}: a grade twice in one column"
            )


def test_every_box_is_a_unit_in_printed_order(chart, annex1_lines):
    boxes = source_boxes(annex1_lines)
    assert len(boxes) == 13
    units = list(walk_units(chart["units"]))
    assert [u["name"] for u in units] == [b["name"] for b in boxes]
    assert [u.get("serves") for u in units] == [b["serves"] for b in boxes]
    source_text = "\n".join(x.strip() for x in annex1_lines)
    for unit in units:
        assert f"\n{unit['name']}\n" in source_text


def test_every_post_entry_of_a_box_is_in_its_unit(chart, annex1_lines):
    """Independently of the column assignment: a unit's RB + XB entries are the box's entries."""
    for unit, box in zip(
        walk_units(chart["units"]), source_boxes(annex1_lines), strict=True
    ):
        mine = Counter(posts(unit, "RB") + posts(unit, "XB"))
        assert mine == Counter(box["entries"]), unit["name"]


def test_counts_per_grade_over_all_units(chart, annex1_lines):
    entries = [e for line in annex1_lines for e in ENTRY.findall(line)]
    assert len(entries) == sum(len(b["entries"]) for b in source_boxes(annex1_lines))
    expected = per_grade((g, int(c)) for c, g in entries)
    units = list(walk_units(chart["units"]))
    got = per_grade(p for u in units for p in posts(u, "RB") + posts(u, "XB"))
    assert got == expected
    assert sum(got.values()) == 965


def test_columns_follow_the_layout(chart, annex1_lines):
    for unit, box in zip(
        walk_units(chart["units"]), source_boxes(annex1_lines), strict=True
    ):
        assert posts(unit, "RB") == box["RB"], unit["name"]
        assert posts(unit, "XB") == box["XB"], unit["name"]


def test_rb_totals_match_the_post_table(chart, source_lines):
    """The RB column summed by grade equals 表 14.14's 2021 年拟议数 line (113 posts)."""
    i = next(
        i for i, x in enumerate(source_lines) if x.startswith("2021 年拟议数 113 ")
    )
    line = join_lines(source_lines[i : i + 3])
    expected = per_grade(
        (g.replace("P-2/1", "P-2"), int(c))
        for c, g in re.findall(rf"(\d+) 个 ({GRADE}|P-2/1)", line)
    )
    assert sum(expected.values()) == 113
    got = per_grade(p for u in walk_units(chart["units"]) for p in posts(u, "RB"))
    assert got == expected


def test_xb_total_matches_table_14_17(chart, source_lines):
    """The XB column sums to 表 14.17 (2)'s subtotal of extrabudgetary posts (852)."""
    table = marker(source_lines, "表 14.17")
    line = next(x for x in source_lines[table:] if x.strip().startswith("小计，(2)"))
    expected = int(line.split()[1])
    assert expected == 852
    got = sum(c for u in walk_units(chart["units"]) for _, c in posts(u, "XB"))
    assert got == expected


def test_abbreviations_verbatim(chart, annex1_lines):
    start = next(
        i for i, x in enumerate(annex1_lines) if x.strip().startswith("缩写：")
    )
    note = join_lines(annex1_lines[start : start + 3])
    assert note.endswith("XB，预算外。")
    rebuilt = (
        "缩写："
        + "；".join(f"{a['abbr']}，{a['text']}" for a in chart["abbreviations"])
        + "。"
    )
    assert rebuilt == note
    assert [a["abbr"] for a in chart["abbreviations"]] == [
        "ASG",
        "GS(OL)",
        "GS(PL)",
        "LL",
        "NPO",
        "RB",
        "USG",
        "XB",
    ]


# ----------------------------------------------------------------------------- annex II


def items(recs):
    for body in recs:
        yield from body["items"]


def texts_in_order(page: dict) -> list[str]:
    """Every text of the page in reading order, as the source prints them. The page title is the
    two heading lines (附件二 / the heading) joined by a space; the section title repeats the second."""
    label, heading = page["title"].split(" ", 1)
    assert label == "附件二" and page["sections"][0]["title"] == heading
    out = [page["title"]]
    for body in only_block(page, "recommendations"):
        out += [body["body"], body["source"]]
        for item in body["items"]:
            out += [item["recommendation"], item["action"]]
    return out


def region_without_headers(annex2_lines) -> list[str]:
    return [
        x
        for x in annex2_lines
        if x.strip() != COLUMN_HEADER and not x.strip().startswith("https://")
    ]


def test_annex2_page(recs):
    page = load("annex-2")
    assert page["id"] == "annex-2"
    assert page["title"] == "附件二 为执行监督机构相关建议而采取的后续行动汇总"
    assert [b["body"] for b in recs] == ["审计委员会", "行政和预算问题咨询委员会"]
    assert [b["source"] for b in recs] == ["A/74/5/Add.7，第二章", "A/74/7"]
    assert [b["symbol"] for b in recs] == ["A/74/5/Add.7", "A/74/7"]
    assert [len(b["items"]) for b in recs] == [8, 1]
    assert [i["paragraph"] for i in items(recs)] == [
        29,
        79,
        80,
        104,
        105,
        88,
        89,
        135,
        "四.82",
    ]


def test_symbol_and_paragraph_agree_with_the_text(recs):
    for body in recs:
        assert body["source"].startswith(body["symbol"])
        for item in body["items"]:
            m = re.search(r"\(第 ?([^ ()]+) 段\)。$", item["recommendation"])
            assert m, item["recommendation"][-20:]
            assert str(item["paragraph"]) == m.group(1)


def test_texts_are_joined_and_spaced_as_printed():
    for text in texts_in_order(load("annex-2"))[1:]:
        assert text == text.strip() and "\n" not in text and "  " not in text
        assert not re.search(rf"{CJK_OR_PUNCT} {CJK_OR_PUNCT}", text), text


def test_each_text_is_a_subsequence_of_the_region(recs, annex2_lines):
    region = nows("".join(annex2_lines))
    for item in items(recs):
        for text in (item["recommendation"], item["action"]):
            assert is_subsequence(nows(text), region), text[:30]
    # and all of them in reading order
    assert is_subsequence(nows("".join(texts_in_order(load("annex-2")))), region)


def test_texts_cover_the_region(annex2_lines):
    """Read back in order, the page's texts are the region's characters exactly, except the
    repeated column headers and the stray link line: every CJK character is covered once."""
    page_text = nows("".join(texts_in_order(load("annex-2"))))
    region = nows("".join(region_without_headers(annex2_lines)))
    assert page_text == region
    printed = sum(x.strip() == COLUMN_HEADER for x in annex2_lines)
    assert printed == 2, "the column headers are printed on each of the two pages"
    headers: Counter = Counter()
    for _ in range(printed):
        headers += Counter(CJK.findall(COLUMN_HEADER))
    assert (
        Counter(CJK.findall(nows("".join(annex2_lines))))
        - Counter(CJK.findall(page_text))
        == headers
    )


def test_texts_keep_the_source_spacing(annex2_lines):
    """With the lines joined, each text occurs in the source in order: spaces between Chinese and
    digits or Latin kept, none added between Chinese characters."""
    lines = [x for x in region_without_headers(annex2_lines) if x.strip()]
    joined = join_lines(lines)
    pos = 0
    for text in texts_in_order(load("annex-2"))[1:]:
        found = joined.find(text, pos)
        assert found >= 0, text[:30]
        pos = found + len(text)
