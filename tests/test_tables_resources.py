"""The resource tables (表 14.13 to 14.32) and resource charts (图 14.十八 to 14.三十一) against the source.

The source is the PDF text extraction of A/75/6 (Sect. 14), Chinese edition, in tests/seed/. Its tables are
flattened: each row is a label followed by its numbers on one line (or the numbers alone on the next line
when the label wraps), headers are split over many lines. The charts' labels spill into the text as a run
of loose numbers followed by a run of labels in the same order.

Tables are checked number by number: the numbers at the end of each source line of the table's region,
tokenised as printed ("23 765.9", "1 038.6", "—"), must equal the table's non-blank cells row by row.
Charts are checked against their spilled labels, the totals printed under their headings and the tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chinese_text import load_chinese

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "content" / "tables"
FIGURES = ROOT / "content" / "figures"
SOURCE = ROOT / "tests" / "seed" / "A_75_6_Sect.14_zh.txt"
LINES = SOURCE.read_text(encoding="utf-8").split("\n")

TABLE_NUMBERS = list(range(13, 33))
FIGURE_NUMBERS = list(range(18, 32))
CN = {
    18: "十八",
    19: "十九",
    20: "二十",
    21: "二十一",
    22: "二十二",
    23: "二十三",
    24: "二十四",
    25: "二十五",
    26: "二十六",
    27: "二十七",
    28: "二十八",
    29: "二十九",
    30: "三十",
    31: "三十一",
}

# A printed number: digit groups joined by single spaces form one number only when every following group
# has exactly three digits and the number ends in decimals (money: "23 765.9"); whole numbers in these
# tables (posts, percentages) stay below 1 000, so "100 65 100 100" is four numbers. "—" is nil.
NUM = r"\d{1,3}(?: \d{3})+\.\d+|\d+\.\d+|\d+|—"
TRAILING_RUN = re.compile(rf"(?:^|(?<=\s))((?:{NUM})(?:\s+(?:{NUM}))*)\s*$")
LONE_INT = re.compile(r"^\d{1,3}$")
LONE_DEC = re.compile(r"^(?:\d{1,3}(?: \d{3})+|\d+)\.\d$")
GRADES = {"USG", "ASG", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "GS(PL)", "GS(OL)", "LL"}
CATEGORIES = {
    "其他工作人员费用",
    "招待费",
    "咨询人",
    "代表差旅",
    "工作人员差旅",
    "订约承办事务",
    "一般业务费用",
    "用品和材料",
    "家具和设备",
    "房地改善",
    "研究金、赠款和捐助款",
}
# where a table region ends: the next table, figure or paragraph, an annex, or a chart's spilled labels
# (a lone whole number, or an axis of tick values)
REGION_END = re.compile(r"^\s*(?:表 14\.\d+\s*$|图 14\.|14\.\d{2,3}\s|附件)|^\d{1,3}$|^\s*(?:\d\.\d\s+){3}")


def parse(token: str):
    if token == "—":
        return "—"
    token = token.replace(" ", "")
    return float(token) if "." in token else int(token)


def numbers(text: str) -> list:
    return [parse(t) for t in re.findall(NUM, text)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load(folder: Path, n: int) -> dict:
    return load_chinese(folder / f"14.{n}.yaml")


def find_line(pattern: str, start: int = 0) -> int:
    rx = re.compile(pattern)
    for i in range(start, len(LINES)):
        if rx.search(LINES[i]):
            return i
    raise AssertionError(f"no source line matches {pattern!r}")


def table_region(n: int) -> list[str]:
    start = find_line(rf"^\s*表 14\.{n}\s*$")
    end = start + 1
    while end < len(LINES) and not REGION_END.search(LINES[end]):
        end += 1
    return LINES[start + 1 : end]


def source_rows(region: list[str]) -> list[dict]:
    """One entry per source line that ends in numbers: the numbers, and the gap before them."""
    rows = []
    for line in region:
        if line.startswith("http"):
            continue
        m = TRAILING_RUN.search(line)
        if not m:
            continue
        label = line[: m.start(1)]
        gap = len(label) - len(label.rstrip())
        rows.append({"values": numbers(m.group(1)), "label": label.strip(), "gap": gap, "line": line})
    return rows


def leaves(columns: list[dict]) -> list[dict]:
    out = []
    for c in columns:
        out.extend(leaves(c["columns"]) if c.get("columns") else [c])
    return out


def is_number_cell(v) -> bool:
    return v == "—" or (isinstance(v, (int, float)) and not isinstance(v, bool))


def yaml_rows(table: dict) -> list[dict]:
    return [r for p in table["parts"] for r in p["rows"]]


# ----------------------------------------------------------------------------- tables


@pytest.mark.parametrize("n", TABLE_NUMBERS)
def test_table_file_shape(n):
    table = load(TABLES, n)
    assert table["number"] == f"14.{n}"
    assert table["caption"], "caption"
    assert squash(table["caption"]) in squash("".join(LINES[find_line(rf"^\s*表 14\.{n}\s*$") :][:6]))
    for part in table["parts"]:
        width = len(leaves(part["columns"]))
        for row in part["rows"]:
            assert len(row["values"]) == width, (
                f"{row['label']}: {len(row['values'])} values for {width} columns"
            )
            for v in row["values"]:
                assert v is None or isinstance(v, str) or is_number_cell(v)
                assert not (isinstance(v, str) and v.strip() in {"-", "–", ""}), "nil is written '—'"


# 表 14.14 prints its numbers in the middle of the line ("2020 年核定数 113 1 个 USG，…"), and 表 14.19's
# first row has its two numbers on two lines of their own (the text cells sit between them).
ROW_BY_ROW = [n for n in TABLE_NUMBERS if n not in (14, 19)]


@pytest.mark.parametrize("n", ROW_BY_ROW)
def test_table_numbers_row_by_row(n):
    table = load(TABLES, n)
    src = source_rows(table_region(n))
    got = [[v for v in r["values"] if is_number_cell(v)] for r in yaml_rows(table)]
    got = [g for g in got if g]
    assert [s["values"] for s in src] == got


@pytest.mark.parametrize("n", ROW_BY_ROW)
def test_table_blank_cells_where_source_leaves_a_gap(n):
    """A row whose first cells are blank (null) is printed with a wide gap after its label, and only then."""
    table = load(TABLES, n)
    src = source_rows(table_region(n))
    rows = [r for r in yaml_rows(table) if any(is_number_cell(v) for v in r["values"])]
    assert len(rows) == len(src)
    for row, s in zip(rows, src):
        values = row["values"]
        leading_blank = values[0] is None
        inner_blank = any(v is None for v in values) and not leading_blank
        assert not inner_blank, f"{row['label']}: a blank cell inside the row"
        if s["label"]:
            assert leading_blank == (s["gap"] >= 2), f"{row['label']}: {s['line']!r}"
        else:
            assert not leading_blank, f"{row['label']}: numbers alone on their line start in the first column"


def test_table_14_14_numbers_and_grades():
    table = load(TABLES, 14)
    region = table_region(14)
    rows = yaml_rows(table)
    src = [
        (m.group(1), int(m.group(2)))
        for line in region
        if (m := re.match(r"^\s*(2020 年核定数|2021 年拟议数) (\d+) ", line))
    ]
    assert [(r["label"], r["values"][0]) for r in rows] == src
    text = squash("".join(region))
    for r in rows:
        grades = r["values"][1]
        assert squash(grades) in text
        # the grade list adds up to the number of posts, and matches 表 14.15
        counts = {g: int(c) for c, g in re.findall(r"(\d+) 个 (\S+?)(?:，|$)", grades)}
        assert sum(counts.values()) == r["values"][0]
        t15 = {row["label"]: row["values"][-1] for row in yaml_rows(load(TABLES, 15))}
        assert counts["P-2/1"] == t15["P-2/1"] and counts["LL"] == t15["当地雇员"]
        assert counts["GS(PL)"] == t15["特等"] and counts["GS(OL)"] == t15["其他职等"]
    notes = {nt["label"]: nt["text"] for nt in table["notes"]}
    assert squash("a" + notes["a"]) in text
    assert squash("注：" + notes["注"]) in text


def test_table_14_19_numbers_and_text():
    table = load(TABLES, 19)
    region = table_region(19)
    src = [v for s in source_rows(region) for v in s["values"]]
    got = [v for r in yaml_rows(table) for v in r["values"] if is_number_cell(v)]
    assert src == got
    text = squash("".join(region))
    pos = 0
    for r in yaml_rows(table):
        for cell in [r["label"]] + [v for v in r["values"] if isinstance(v, str) and v != "—"]:
            at = text.find(squash(cell), pos)
            assert at >= 0, f"not in the source, or out of order: {cell[:30]}"
            pos = at
    # the total row leaves the text columns blank
    assert yaml_rows(table)[-1]["values"][:2] == [None, None]


@pytest.mark.parametrize("n", TABLE_NUMBERS)
def test_table_labels_in_source_order(n):
    table = load(TABLES, n)
    text = squash("".join(table_region(n)))
    pos = 0
    for part in table["parts"]:
        if part.get("title"):
            assert squash(part["title"]) in text
        for c in part["columns"]:
            assert squash(c["label"]) in text, c["label"]
            for leaf in leaves([c]):
                assert squash(leaf["label"]) in text, leaf["label"]
        for row in part["rows"]:
            label = squash((row.get("number") or "") + row["label"])
            at = text.find(label, pos)
            assert at >= 0, f"row label not found in order: {label}"
            pos = at + len(label)


def test_table_decimals_follow_print():
    """Money is printed with one decimal, posts and percentages of 表 14.22 as whole numbers."""
    for n in TABLE_NUMBERS:
        table = load(TABLES, n)
        for part in table["parts"]:
            cols = leaves(part["columns"])
            for row in part["rows"]:
                for col, v in zip(cols, row["values"]):
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        dec = col.get("decimals", table.get("decimals"))
                        assert dec is not None, f"14.{n}: no decimals for {col['label']}"
                        assert isinstance(v, float) == (dec == 1), f"14.{n} {row['label']} {v}"


# ----------------------------------------------------------------------------- figures


def figure_region(n: int) -> list[str]:
    start = find_line(rf"^\s*图 14\.{CN[n]}\s*$")
    end = start + 1
    while end < len(LINES) and not re.match(r"^\s*(图 14\.|附件一)", LINES[end]):
        end += 1
    return LINES[start:end]


def spill(n: int) -> dict:
    """The chart labels spilled into the figure's stretch of text, and the totals under its headings."""
    lines = [ln.strip() for ln in figure_region(n) if ln.strip() and not ln.startswith("http")]
    out: dict = {"grades": [], "money": {}, "categories": [], "loose": []}
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if m := re.match(r"^(\d+) 个员额$", ln):
            out["posts_total"] = int(m.group(1))
        elif ln == "财政资源分配" and re.fullmatch(NUM, nxt):
            out["money_total"] = parse(nxt)
        elif ln == "非员额财政资源分配" and re.fullmatch(NUM, nxt):
            out["nonpost_total"] = parse(nxt)
        elif LONE_INT.match(ln):
            j = i
            while j < len(lines) and LONE_INT.match(lines[j]):
                j += 1
            k = j
            while k < len(lines) and lines[k] in GRADES:
                k += 1
            out["grades"].append(([int(x) for x in lines[i:j]], lines[j:k]))
            i = k
            continue
        elif ln in ("员额", "非员额") and re.fullmatch(NUM, nxt):
            out["money"][ln] = parse(nxt)
            out["loose"].append(parse(nxt))
            i += 2
            continue
        elif LONE_DEC.match(ln):
            j = i
            while j < len(lines) and LONE_DEC.match(lines[j]):
                j += 1
            labels, k = [], j
            while k < len(lines):
                if lines[k] in CATEGORIES or lines[k] == "非员额":
                    labels.append(lines[k])
                elif lines[k] == "研究金、赠款和捐" and k + 1 < len(lines) and lines[k + 1] == "助款":
                    labels.append("研究金、赠款和捐助款")
                    k += 1
                else:
                    break
                k += 1
            vals = [parse(x) for x in lines[i:j]]
            out["loose"].extend(vals)
            if labels:
                out["categories"].append((vals, labels))
            i = k
            continue
        i += 1
    return out


def data_part(fig: dict, title: str) -> dict | None:
    parts = [p for p in fig.get("data", []) if p.get("title") == title]
    assert len(parts) <= 1
    return parts[0] if parts else None


def items_and_total(part: dict | None) -> tuple[dict, float | int | None]:
    if part is None:
        return {}, None
    items = {r["label"]: r["values"][0] for r in part["rows"] if r.get("kind") != "total"}
    totals = [r["values"][0] for r in part["rows"] if r.get("kind") == "total"]
    assert len(totals) <= 1
    return items, totals[0] if totals else None


# Pairings the spilled labels do not settle by themselves (see the comments in the figure files):
# 图 14.二十 spills nine counts but eight grade labels; the ninth count is the section's one USG.
UNLABELLED_GRADE = {20: "USG"}
# 图 14.二十四 spills "非员额" where its sixth non-post class belongs; consultants add up only with it.
RELABELLED_CATEGORY = {24: {"非员额": "咨询人"}}
# The matching table of each chart.
FIGURE_TABLE = {
    18: 18,
    19: 20,
    20: 21,
    21: 23,
    22: 24,
    23: 16,
    24: 25,
    25: 26,
    26: 27,
    27: 28,
    28: 29,
    29: 30,
    30: 31,
    31: 32,
}
# Where the chart prints a number its table contradicts: (data title, row label) -> (chart, table)
CHART_VS_TABLE = {
    26: {("财政资源分配", "共计"): (2649.9, 2649.6)},
    29: {("财政资源分配", "非员额"): (141.1, 141.4)},
}


@pytest.mark.parametrize("n", FIGURE_NUMBERS)
def test_figure_file_shape(n):
    fig = load(FIGURES, n)
    assert fig["number"] == f"14.{CN[n]}"
    region = figure_region(n)
    assert squash(fig["caption"]) in squash("".join(region[:4]))
    assert squash(f"({fig['unit']})") in squash("".join(region[:6]))
    for part in fig.get("data", []):
        width = len(leaves(part["columns"]))
        for row in part["rows"]:
            assert len(row["values"]) == width


@pytest.mark.parametrize("n", [n for n in FIGURE_NUMBERS if n != 23])
def test_figure_against_its_spilled_labels(n):
    fig = load(FIGURES, n)
    sp = spill(n)
    grades, posts_total = items_and_total(data_part(fig, "员额分配"))
    money, money_total = items_and_total(data_part(fig, "财政资源分配"))
    cats, nonpost_total = items_and_total(data_part(fig, "非员额财政资源分配"))

    # totals under the chart headings
    assert posts_total == sp.get("posts_total")
    assert money_total == sp.get("money_total")
    assert nonpost_total == sp.get("nonpost_total")

    # grades: the k-th spilled count goes with the k-th spilled label
    expected: dict = {}
    for counts, labels in sp["grades"]:
        if len(counts) == len(labels) + 1 and n in UNLABELLED_GRADE:
            assert UNLABELLED_GRADE[n] not in labels
            labels = labels + [UNLABELLED_GRADE[n]]
        assert len(counts) == len(labels), f"unpaired grade counts {counts} / {labels}"
        expected.update(zip(labels, counts))
    assert grades == expected

    # post / non-post money; 图 14.十九 has no post money and no chart of its own for the split: its one
    # spilled "非员额 410.1" is the non-post total printed under its single heading
    if data_part(fig, "财政资源分配") is None:
        assert sp["money"] == {"非员额": nonpost_total}
    else:
        assert money == sp["money"]

    # non-post classes
    expected = {}
    for vals, labels in sp["categories"]:
        labels = [RELABELLED_CATEGORY.get(n, {}).get(lab, lab) for lab in labels]
        assert len(vals) == len(labels), f"unpaired classes {vals} / {labels}"
        expected.update(zip(labels, vals))
    assert cats == expected


@pytest.mark.parametrize("n", [n for n in FIGURE_NUMBERS if n != 23])
def test_figure_against_its_table(n):
    fig = load(FIGURES, n)
    table = load(TABLES, FIGURE_TABLE[n])
    fin = {r["label"]: r["values"] for r in table["parts"][0]["rows"]}
    i2021 = leaves(table["parts"][0]["columns"]).index(
        next(c for c in leaves(table["parts"][0]["columns"]) if c["label"] == "2021 年估计数(重计费用前)")
    )
    known = CHART_VS_TABLE.get(n, {})

    def check(title, label, chart_value, table_value):
        if (title, label) in known:
            assert (chart_value, table_value) == known[(title, label)]
        else:
            assert chart_value == table_value, f"{title} {label}"

    money, money_total = items_and_total(data_part(fig, "财政资源分配"))
    for label, v in money.items():
        check("财政资源分配", label, v, fin[label][i2021])
    if data_part(fig, "财政资源分配") is not None:
        check("财政资源分配", "共计", money_total, fin["共计"][i2021])
    _, nonpost_total = items_and_total(data_part(fig, "非员额财政资源分配"))
    nonpost = fin["非员额"][i2021]
    assert nonpost_total == nonpost

    cats, _ = items_and_total(data_part(fig, "非员额财政资源分配"))
    if cats:
        assert round(sum(cats.values()), 1) == nonpost, "the non-post classes add up to the table's 非员额"

    grades, posts_total = items_and_total(data_part(fig, "员额分配"))
    if len(table["parts"]) > 1:
        posts = {r["label"]: r["values"][-1] for r in table["parts"][1]["rows"]}
        assert posts_total == posts["共计"]
        if grades:
            assert sum(grades.values()) == posts_total
            gs = sum(v for g, v in grades.items() if g.startswith("GS") or g == "LL")
            assert gs == posts.get("一般事务及有关职类", 0)
    else:
        assert data_part(fig, "员额分配") is None, "no posts, no post chart"


def test_figure_14_18_classes_are_table_14_13():
    cats, total = items_and_total(data_part(load(FIGURES, 18), "非员额财政资源分配"))
    t13 = {r["label"]: r["values"][7] for r in yaml_rows(load(TABLES, 13))}
    assert cats == {k: v for k, v in t13.items() if k not in ("员额", "共计") and v != "—"}
    grades, _ = items_and_total(data_part(load(FIGURES, 18), "员额分配"))
    t15 = {r["label"]: r["values"][-1] for r in yaml_rows(load(TABLES, 15))}
    assert grades["P-2"] == t15["P-2/1"]
    assert all(grades[g] == t15[g] for g in ("USG", "ASG", "D-2", "D-1", "P-5", "P-4", "P-3"))


def test_component_charts_add_up_to_the_section():
    """Grades of 图 14.二十 and 14.二十四 to 14.三十一 make up 表 14.14; the non-post classes of every chart that
    prints them leave exactly 表 14.23's 37.5 (执行主任办公室, whose chart prints no classes) of 表 14.13."""
    grades: dict = {}
    for n in [20, *range(24, 32)]:
        g, _ = items_and_total(data_part(load(FIGURES, n), "员额分配"))
        for k, v in g.items():
            grades[k] = grades.get(k, 0) + v
    t15 = {r["label"]: r["values"][-1] for r in yaml_rows(load(TABLES, 15))}
    assert grades == {
        "USG": t15["USG"],
        "ASG": t15["ASG"],
        "D-2": t15["D-2"],
        "D-1": t15["D-1"],
        "P-5": t15["P-5"],
        "P-4": t15["P-4"],
        "P-3": t15["P-3"],
        "P-2": t15["P-2/1"],
        "GS(PL)": t15["特等"],
        "GS(OL)": t15["其他职等"],
        "LL": t15["当地雇员"],
    }
    classes: dict = {}
    for n in [19, 22, *range(24, 32)]:
        c, _ = items_and_total(data_part(load(FIGURES, n), "非员额财政资源分配"))
        for k, v in c.items():
            classes[k] = classes.get(k, 0) + v
    t13 = {
        r["label"]: r["values"][7] for r in yaml_rows(load(TABLES, 13)) if r["label"] not in ("员额", "共计")
    }
    rest = {k: round((v if v != "—" else 0) - classes.get(k, 0), 1) for k, v in t13.items()}
    assert all(v >= 0 for v in rest.values()), rest
    oed = {r["label"]: r["values"] for r in load(TABLES, 23)["parts"][0]["rows"]}
    assert round(sum(rest.values()), 1) == oed["非员额"][7]


@pytest.mark.parametrize("n", FIGURE_NUMBERS)
def test_figure_values_are_in_the_source(n):
    """Every value of a chart is among the loose numbers near it, under its headings, or in its table."""
    sp = spill(n)
    near = set(sp["loose"]) | {sp.get("posts_total"), sp.get("money_total"), sp.get("nonpost_total")}
    near |= {c for counts, _ in sp["grades"] for c in counts}
    table = {v for r in yaml_rows(load(TABLES, FIGURE_TABLE[n])) for v in r["values"]}
    for part in load(FIGURES, n).get("data", []):
        for row in part["rows"]:
            for v in row["values"]:
                assert v is None or v in near or v in table, f"{row['label']}: {v}"


def test_figure_14_23_prints_labels_only():
    fig = load(FIGURES, 23)
    region = [ln.strip() for ln in LINES[find_line(r"^\s*表 14\.25\s*$") : find_line(r"^\s*图 14\.二十四")]]
    axis = next(i for i, ln in enumerate(region) if re.match(r"^(\d\.\d\s+){3}", ln))
    labels = [ln for ln in region[axis + 1 :] if ln]
    rows = fig["data"][0]["rows"]
    assert [r["number"] + " " + r["label"] for r in rows] == labels
    assert all(v is None for r in rows for v in r["values"]), "the chart prints no values"
