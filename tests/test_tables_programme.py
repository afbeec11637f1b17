"""Tables 14.1-14.12 and figures 14.一-14.十七 checked against the source text.

The source is the PDF text extraction of A/75/6 (Sect. 14), Chinese edition. Each test finds the
table's region in it (from its "表 14.N" line to the next paragraph or heading), reads the cells
out of the flattened lines and compares them, in row order, with content/tables/14.N.yaml.
Figure values must be backed by the paragraph the YAML comment next to each value cites.

The source file is tests/seed/A_75_6_Sect.14_zh.txt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chinese_text import load_chinese

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SEED_NAME = "A_75_6_Sect.14_zh.txt"


SEED = ROOT / "tests" / "seed" / SEED_NAME

DELIVERABLES = ["14.1", "14.3", "14.4", "14.6", "14.9", "14.10", "14.11", "14.12"]
PERFORMANCE = ["14.2", "14.5", "14.7", "14.8"]
CN_NUMERALS = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
]
FIGURES = [str(n) for n in range(1, 18)]

NIL = "—"
WS = re.compile(r"\s+")
CJK = r"\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”‘’《》—"
# A cell value token: an integer, a decimal, or the nil dash.
VALUE_TOKEN = re.compile(r"^(?:\d+(?:\.\d+)?|—)$")
PARAGRAPH_START = re.compile(r"^\s*14\.(\d+)\s")
URL = re.compile(r"^\s*https?://")
PAGE_HEADER = re.compile(
    r"^\s*(?:第 14 款 环境|A/75/6 \(Sect\. 14\)|\d\d-\d{5}|\d+/\d+)\s*$"
)
# Lines that close a table region: a paragraph, a heading of the document.
REGION_END = [
    PARAGRAPH_START,
    re.compile(r"^\s*次级方案 \d+\s*$"),
    re.compile(r"^\s*(?:立法授权|评价活动|应交付产出)\s*$"),
    re.compile(r"^\s*20\d\d 年计划成果\s*$"),
    re.compile(r"^\s*[A-Z]\. 20\d\d 年"),
]
HEADER_LINES = {"类别和次类别", "2019 年", "计划数", "实际数", "2020 年", "2021 年"}


# ---------------------------------------------------------------------------------------------
# source helpers


def source_lines() -> list[str]:
    assert SEED is not None
    return SEED.read_text(encoding="utf-8").split("\n")


def is_noise(line: str) -> bool:
    return not line.strip() or bool(URL.match(line)) or bool(PAGE_HEADER.match(line))


def table_region(number: str) -> list[str]:
    """The source lines of 表 <number>, from its caption to the next paragraph or heading."""
    lines = source_lines()
    starts = [i for i, line in enumerate(lines) if line.strip() == f"表 {number}"]
    assert len(starts) == 1, (
        f"表 {number}: expected one table line, found {len(starts)}"
    )
    region = []
    for line in lines[starts[0] + 1 :]:
        if any(p.match(line) for p in REGION_END):
            break
        if not is_noise(line):
            region.append(line)
    assert region, f"表 {number}: empty region"
    return region


def group_numbers(tokens: list[str]) -> list[str]:
    """Merge thousands groups: "23 765.9" is one number (a single space between digit groups of 3)."""
    out: list[str] = []
    for tok in tokens:
        if (
            out
            and re.fullmatch(r"\d{3}(?:\.\d+)?", tok)
            and re.fullmatch(r"\d{1,3}(?: \d{3})*", out[-1])
        ):
            out[-1] = f"{out[-1]} {tok}"
        else:
            out.append(tok)
    return out


def parse_number(tok: str) -> int | float | str:
    if tok == NIL:
        return NIL
    digits = tok.replace(" ", "")
    return float(digits) if "." in digits else int(digits)


def trailing_values(line: str) -> list[int | float | str]:
    """The cell values printed at the end of a flattened table line ("出版物(出版物数目) 1 1 1 2")."""
    tokens = line.split()
    k = len(tokens)
    while k > 0 and VALUE_TOKEN.match(tokens[k - 1]):
        k -= 1
    return [parse_number(t) for t in group_numbers(tokens[k:])]


def squash(text: str) -> str:
    return WS.sub("", text)


def load(path: Path) -> dict:
    return load_chinese(path)


def yaml_cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def assert_no_inner_spaces(text: str, where: str) -> None:
    bad = re.search(rf"[{CJK}]\s+[{CJK}]", text)
    assert not bad, f"{where}: space between Chinese characters in {text!r}"


# ---------------------------------------------------------------------------------------------
# deliverables tables


@pytest.mark.parametrize("number", DELIVERABLES)
def test_deliverables_table_matches_source(number: str) -> None:
    table = load(CONTENT / "tables" / f"{number}.yaml")
    region = table_region(number)
    assert table["number"] == number
    assert table["caption"] == region[0].strip(), "caption differs from the source"

    (part,) = table["parts"]
    rows = part["rows"]
    leaves = [c["label"] for c in part["columns"]]

    # column headers: the printed pairs "2019 年" / "计划数" joined, and the row header
    header = [line.strip() for line in region[1:] if line.strip() in HEADER_LINES]
    assert header[0] == "类别和次类别" == part["row_header"]
    printed = header[1:9]
    assert leaves == [printed[i] + printed[i + 1] for i in range(0, 8, 2)]

    body = [line for line in region[1:] if line.strip() not in HEADER_LINES]

    # 1. the numbers, row by row: every line that ends in cells gives one row of values
    source_rows = []
    for line in body:
        values = trailing_values(line)
        if values:
            assert len(values) == len(leaves), f"{number}: cannot read {line!r}"
            source_rows.append(values)
    yaml_rows = [
        r["values"]
        for r in rows
        if r.get("values") and any(v is not None for v in r["values"])
    ]
    assert yaml_rows == source_rows

    # 2. every row has one value per leaf column (or none at all: a text row spanning the table)
    for r in rows:
        assert len(r.get("values", [])) in (0, len(leaves)), (
            f"{number}: {r['label']}: values"
        )
        if r.get("kind") == "category":
            assert r["values"] == [None] * len(leaves)

    # 3. categories A.-D. as printed
    source_categories = []
    for line in body:
        m = re.match(r"^\s*([A-D]\.)\s+(\S.*?)\s*$", line)
        if m:
            source_categories.append((m.group(1), m.group(2)))
    yaml_categories = [
        (r["number"], r["label"]) for r in rows if r.get("kind") == "category"
    ]
    assert yaml_categories == source_categories

    # 4. the whole text, in order: numbers, labels (wrapped lines joined) and values
    yaml_text = "".join(
        (r.get("number") or "")
        + r["label"]
        + "".join(yaml_cell_text(v) for v in r.get("values", []))
        for r in rows
    )
    assert squash(yaml_text) == squash("".join(body))
    for r in rows:
        assert_no_inner_spaces(r["label"], f"{number} {r['label']}")
        if r.get("number"):
            assert re.fullmatch(r"[A-D]\.|\d+\.", r["number"])
        if (
            r.get("kind") not in ("category",)
            and not r.get("number")
            and r.get("values")
        ):
            assert r.get("kind") == "subtotal", (
                f"{number}: {r['label']}: a count line is a subtotal"
            )


def as_int(value: int | str) -> int:
    return 0 if value == NIL else int(value)


@pytest.mark.parametrize("number", DELIVERABLES)
def test_deliverables_subtotals_add_up(number: str) -> None:
    """The subcategory counts are the sums of their numbered items ("—" counting as 0)."""
    (part,) = load(CONTENT / "tables" / f"{number}.yaml")["parts"]
    current, items = None, []
    groups = []
    for r in part["rows"] + [{"kind": "category", "label": "end"}]:
        if r.get("kind") in ("subtotal", "category") or not r.get("values"):
            if current is not None:
                groups.append((current, items))
            current, items = (r if r.get("kind") == "subtotal" else None), []
        else:
            items.append(r)
    assert groups
    for subtotal, members in groups:
        assert members, f"{number}: {subtotal['label']} has no items"
        sums = [sum(as_int(m["values"][i]) for m in members) for i in range(4)]
        assert [as_int(v) for v in subtotal["values"]] == sums, subtotal["label"]


# ---------------------------------------------------------------------------------------------
# performance-measure tables


def performance_cells(number: str) -> tuple[list[str], list[str]]:
    """Years and cell texts of a flattened performance-measure table.

    In the extraction each cell's last line ends with a space; the wrapped lines within a cell
    don't. Cells follow each other left to right, one per year.
    """
    region = table_region(number)
    assert region[0].strip() == "业绩计量"
    years = region[1].split()
    assert all(re.fullmatch(r"20\d\d", y) for y in years)
    cells, current = [], ""
    for line in region[2:]:
        current += line.strip()
        if line.endswith(" "):
            cells.append(current)
            current = ""
    assert current == "", f"{number}: unterminated cell {current!r}"
    return years, cells


def numbers_in(texts: list[str | None]) -> list[str]:
    return [n for t in texts if t for n in re.findall(r"\d+(?:/\d+)?", t)]


@pytest.mark.parametrize("number", PERFORMANCE)
def test_performance_table_matches_source(number: str) -> None:
    table = load(CONTENT / "tables" / f"{number}.yaml")
    years, cells = performance_cells(number)
    assert table["number"] == number
    assert table["caption"] == "业绩计量"
    (part,) = table["parts"]
    assert [c["label"] for c in part["columns"]] == years
    (row,) = part["rows"]
    assert len(cells) == len(years)
    assert row["values"] == cells
    for value in row["values"]:
        assert value is None or isinstance(value, str)
        if value:
            assert_no_inner_spaces(value, number)
    # the numbers in the cells, in order, as printed
    assert numbers_in(row["values"]) == numbers_in(cells)


# ---------------------------------------------------------------------------------------------
# figures


def figure_line(lines: list[str], cn: str) -> int:
    hits = [i for i, line in enumerate(lines) if line.strip() == f"图 14.{cn}"]
    assert len(hits) == 1, f"图 14.{cn}: expected one figure line, found {len(hits)}"
    return hits[0]


def paragraph_text(lines: list[str], number: str) -> str:
    """The paragraph's text (whitespace removed), up to the next paragraph or figure."""
    starts = [
        i
        for i, line in enumerate(lines)
        if re.match(rf"^\s*{re.escape(number)}\s", line)
    ]
    assert starts, f"paragraph {number} not found"
    out = [lines[starts[0]]]
    for line in lines[starts[0] + 1 :]:
        if PARAGRAPH_START.match(line) or line.strip().startswith("图 14."):
            break
        if not is_noise(line):
            out.append(line)
    return squash("".join(out))


CN_DIGITS = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def last_number(quote: str) -> int | float:
    """The last number in a quoted phrase: digits (with thousands groups) or a Chinese numeral."""
    found = [
        (m.start(), m.group())
        for m in re.finditer(
            r"\d{1,3}(?: \d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一两二三四五六七八九十](?=个|家)",
            quote,
        )
    ]
    assert found, f"no number in {quote!r}"
    tok = found[-1][1]
    return CN_DIGITS[tok] if tok in CN_DIGITS else parse_number(tok)


COMMENT = re.compile(r"^\s*-\s*(?P<value>\S.*?)\s+#\s*(?P<col>[^:]+):\s*(?P<src>.*)$")
CITE = re.compile(
    r'^(?P<para>14\.\d+) "(?P<q1>[^"]+)"(?: (?P<op>[-+]) "(?P<q2>[^"]+)")?$'
)
LABEL = re.compile(r'^chart label "(?P<label>[^"]+)"$')


@pytest.mark.parametrize("n", FIGURES)
def test_figure_matches_source(n: str) -> None:
    path = CONTENT / "figures" / f"14.{n}.yaml"
    fig = load(path)
    cn = CN_NUMERALS[int(n) - 1]
    lines = source_lines()
    at = figure_line(lines, cn)
    assert fig["number"] == f"14.{cn}"

    # the caption: the "业绩计量：..." text printed under the figure number, its lines joined
    following = [line.strip() for line in lines[at + 1 : at + 12] if not is_noise(line)]
    joined, ends = "", set()
    for line in following:
        joined += line
        ends.add(len(squash(joined)))
    caption = squash(fig["caption"])
    assert caption.startswith("业绩计量：")
    assert squash(joined).startswith(caption) and len(caption) in ends, (
        "caption differs from the source"
    )
    assert_no_inner_spaces(fig["caption"], f"图 14.{cn}")

    data = fig["data"]
    if not data:
        return
    (series,) = data
    (row,) = series["rows"]
    assert row["label"] == fig["caption"].split("：", 1)[1]
    columns = [c["label"] for c in series["columns"]]
    assert len(row["values"]) == len(columns)

    # each value has a comment naming its column and its source
    comments = [
        COMMENT.match(line) for line in path.read_text(encoding="utf-8").splitlines()
    ]
    comments = [m for m in comments if m]
    assert [m["col"] for m in comments] == columns
    for value, m in zip(row["values"], comments):
        src = m["src"]
        if value is None:
            assert src == "not stated in the text"
            continue
        if (label := LABEL.match(src)) is not None:
            # a loose chart label: a line of its own between the last paragraph and the figure line
            assert value == label["label"]
            before = []
            for line in reversed(lines[:at]):
                if PARAGRAPH_START.match(line):
                    break
                before.append(line.strip())
            assert value in before, (
                f"图 14.{cn}: label {value!r} not printed before the figure"
            )
            continue
        cite = CITE.match(src)
        assert cite, f"{path.name}: cannot read source comment {src!r}"
        text = paragraph_text(lines, cite["para"])
        assert squash(cite["q1"]) in text, (
            f"{cite['q1']!r} not in paragraph {cite['para']}"
        )
        expected = last_number(cite["q1"])
        if cite["op"]:
            assert squash(cite["q2"]) in text, (
                f"{cite['q2']!r} not in paragraph {cite['para']}"
            )
            other = last_number(cite["q2"])
            expected = expected - other if cite["op"] == "-" else expected + other
        assert value == expected, (
            f"图 14.{cn} {m['col']}: {value} != {expected} ({src})"
        )
        assert isinstance(value, int), "counts are integers"
