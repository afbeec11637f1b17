"""The content against the source text: every numbered paragraph, heading, footnote, table and figure.

The source (tests/seed/) is the PDF text extraction the content was made from. Comparisons ignore
whitespace, since the PDF's line breaks and spacing are layout, not wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chinese_text import load_chinese

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SOURCE_LINES = (Path(__file__).parent / "seed" / "A_75_6_Sect.14_zh.txt").read_text(encoding="utf-8").split("\n")

CHINESE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

# Lines of the PDF extraction that are layout, not text: link targets, page headers, and the labels of
# charts (numbers, grades, the names of expenditure categories) that spilled out of the figures.
ARTIFACT = re.compile(
    r"https?://\S+"
    r"|[\d\s.—,%-]+"
    r"|USG|ASG|D-2|D-1|P-5|P-4|P-3|P-2|P-2/1|GS\(OL\)|GS\(PL\)|LL"
    r"|员额|非员额|\d+ 个员额|_+|第 14 款 环境|\d+/74 20-05271"
    r"|其他工作人员费用|招待费|咨询人|代表差旅|工作人员差旅|订约承办事务|一般业务费用|用品和材料|家具和设备"
    r"|研究金、赠款和捐助款|研究金、赠款和捐|助款"
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 31 -> 三十一: the figure numbering of the source."""
    tens, units = divmod(n, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return prefix + (CHINESE_NUMERALS[units - 1] if units else "")


def text_of(value) -> str:
    return value["zh"] if isinstance(value, dict) else value


def load(path: Path):
    return load_chinese(path)


def page_ids(nodes) -> list[str]:
    ids = []
    for node in nodes:
        if "page" in node:
            ids.append(node["page"])
        ids.extend(page_ids(node.get("children", [])))
    return ids


PLAN = load(CONTENT / "plan.yaml")
PAGES = [load(CONTENT / "pages" / f"{page_id}.yaml") for page_id in page_ids(PLAN["navigation"])]


def walk_blocks(page):
    """Every block of a page, in document order, with the headings above it."""

    def walk(section, headings):
        for block in section.get("blocks", []):
            yield headings, block
        for sub in section.get("sections", []):
            yield from walk(sub, [*headings, text_of(sub["title"])])

    yield from walk(page, [])


def all_blocks():
    for page in PAGES:
        for _, block in walk_blocks(page):
            yield block


def all_headings():
    def walk(section):
        for sub in section.get("sections", []):
            yield text_of(sub["title"])
            yield from walk(sub)

    for page in PAGES:
        yield from walk(page)


PARAGRAPHS = [b for b in all_blocks() if "paragraph" in b and "text" in b]
FOOTNOTE_TEXTS = [squash(text_of(f["text"])) for p in PARAGRAPHS for f in p.get("footnotes", [])]


def as_printed(paragraph) -> str:
    """The paragraph as the source prints it: number, text with footnote calls, items."""
    text = text_of(paragraph["text"])
    for footnote in paragraph.get("footnotes", []):
        anchor = text_of(footnote["after"])
        at = text.index(anchor) + len(anchor)
        text = f"{text[:at]}{footnote['number']} {text[at:]}"
    parts = [paragraph["paragraph"], text]
    for item in paragraph.get("items", []):
        parts += [item["label"], text_of(item["text"])]
    if "text_after" in paragraph:
        parts.append(text_of(paragraph["text_after"]))
    return squash("".join(parts))


def source_segment(number: str) -> list[str]:
    """The source lines from paragraph `number` up to the start of the next paragraph."""
    major, minor = number.split(".")
    start = re.compile(rf"\s*{major}\.{minor}\s")
    following = re.compile(rf"\s*{major}\.{int(minor) + 1}\s")
    lines = [line.strip() for line in SOURCE_LINES]
    begin = next(i for i, line in enumerate(SOURCE_LINES) if start.match(line))
    end = next((i for i in range(begin + 1, len(lines)) if following.match(SOURCE_LINES[i])), len(lines))
    return [line for line in lines[begin:end] if line]


def test_all_149_paragraphs_in_document_order():
    numbers = [p["paragraph"] for p in PARAGRAPHS]
    assert numbers == [f"14.{n}" for n in range(1, 150)]


@pytest.mark.parametrize("paragraph", PARAGRAPHS, ids=lambda p: p["paragraph"])
def test_paragraph_wording_matches_source(paragraph):
    """Walk the source lines of the paragraph: each is either the next piece of the paragraph's text or
    something that is not prose (a chart label, a link target, a footnote printed mid-paragraph)."""
    remaining = as_printed(paragraph)
    for line in source_segment(paragraph["paragraph"]):
        piece = squash(line)
        if not remaining:
            break
        if remaining.startswith(piece):
            remaining = remaining[len(piece):]
        elif ARTIFACT.fullmatch(line) or any(re.sub(r"^\d", "", piece) in note for note in FOOTNOTE_TEXTS):
            continue
        else:
            pytest.fail(f"source line {line!r} is neither the next text of {paragraph['paragraph']} "
                        f"(which continues {remaining[:30]!r}) nor layout")
    assert remaining == "", f"text not in the source: {remaining[:60]!r}"


def test_headings_are_the_sources():
    source = squash("".join(SOURCE_LINES))
    for heading in all_headings():
        assert squash(heading) in source, heading


def test_five_footnotes_each_once():
    numbers = [f["number"] for p in PARAGRAPHS for f in p.get("footnotes", [])]
    assert numbers == [1, 2, 3, 4, 5]
    source = squash("".join(SOURCE_LINES))
    for note in FOOTNOTE_TEXTS:
        assert note in source


def test_foreword_and_signature():
    source = squash("".join(SOURCE_LINES))
    foreword = PLAN["foreword"]
    assert len(foreword["paragraphs"]) == 6
    for paragraph in [*foreword["paragraphs"], *foreword["signature"]]:
        assert squash(text_of(paragraph)) in source
    assert text_of(foreword["signature"][-1]).startswith("英厄·安诺生")


def test_every_table_and_figure_placed_once_in_order():
    tables = [b["table"] for b in all_blocks() if "table" in b]
    figures = [b["figure"] for b in all_blocks() if "figure" in b]
    assert tables == [f"14.{n}" for n in range(1, 33)]
    assert figures == [f"14.{chinese_number(n)}" for n in range(1, 32)]


def test_table_and_figure_numbers_appear_in_source_once():
    captions = [line.strip() for line in SOURCE_LINES]
    for n in range(1, 33):
        assert captions.count(f"表 14.{n}") == 1, n
    for n in range(1, 32):
        assert captions.count(f"图 14.{chinese_number(n)}") == 1, n


def test_mandate_lists_follow_their_paragraphs():
    list_paragraphs = []
    for page in PAGES:
        previous = None
        for _, block in walk_blocks(page):
            if "mandates" in block:
                assert block["mandates"], f"empty mandate list after {previous}"
                list_paragraphs.append(previous)
            if "paragraph" in block:
                previous = block["paragraph"]
    assert list_paragraphs == ["14.9", "14.29", "14.41", "14.55", "14.68", "14.82", "14.94", "14.108"]
