"""Chinese: how the plan's Chinese text cites mandates and refers to its own parts.

Citations: 大会第 74/251 号决议, 第 3/7、4/6、4/8 和 4/9 号决议, 第 73/260 号和第 67/251 号决议,
第 2997(XXVII)号决议, 第SS.VII/1号决定; the body from the words before it (环境大会, 理事会, 大会 ...).
Cross-references: 表 14.16(1), 表 14.13 至 14.15, 图 14.三十一, 图 14.十八至 14.二十三, 第 14.113 段,
第 14.61 至 14.63 段, 第 14.11(b)段, 次级方案 6, 次级方案 1(气候变化), 次级方案 5 和 6.
"""

from __future__ import annotations

import re

from generator.linking.grammars import (
    AFTER_NUMBER,
    BEFORE_NUMBER,
    MANDATE_NUMBER,
    SUBPROGRAMME_NAME,
    XREF_AFTER,
    XREF_BEFORE,
    XRefPatterns,
    XRefShapes,
)

# --------------------------------------------------------------------------- citations

_SEP = r"(?:、|和|及|与|以及|,)"
CITATION_GROUP = re.compile(
    rf"(?:第\s*)?{BEFORE_NUMBER}{MANDATE_NUMBER}{AFTER_NUMBER}\s*(?:号\s*)?"
    rf"(?:{_SEP}\s*(?:第\s*)?{BEFORE_NUMBER}{MANDATE_NUMBER}{AFTER_NUMBER}\s*(?:号\s*)?)*"
    r"(?P<kind>决议|决定)"
)
KINDS = {"决议": "resolution", "决定": "decision"}

# longest first at each position: 环境大会 is the Environment Assembly, not the General Assembly
BODY_CUES: list[tuple[str, str]] = [
    ("NEUTRAL", r"可持续发展大会|环境与发展大会|首脑会议"),
    (
        "OTHER",
        (
            r"缔约方大会|缔约国大会|缔约方会议|世界卫生大会|安全理事会|安理会|经济及社会理事会"
            r"|经社理事会|人权理事会|协调理事会|托管理事会|执行理事会|协定理事机构|公约理事机构"
            r"|Security Council|Economic and Social Council|Human Rights Council"
            r"|Conference of the Parties|World Health Assembly"
        ),
    ),
    ("UNEA", r"联合国环境大会|环境大会|Environment Assembly|UNEA"),
    ("GC", r"联合国环境规划署理事会|环境署理事会|理事会|理事机构|Governing Council"),
    ("GA", r"联合国大会|大会|General Assembly"),
]
SENTENCE_END = re.compile(r"[。；！？\n]|[.;!?]\s+(?=[A-Z(“\"])")
# 大会第, 大会 1997 年, 理事会 2013 年 2 月 22 日第, 环境大会在其
ATTACHED_GAP = re.compile(
    r"\s*(?:(?:在|于)?\s*\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?)?\s*(?:在|于)?\s*其?\s*的?\s*"
)
NAME_THE_BODY = "name the body in the text (大会/理事会/环境大会); it is printed without a link"

# --------------------------------------------------------------------------- cross-references

_CN = "一二三四五六七八九十"
_XSEP = r"\s*(?:至|到|-|–|—|~|、|以及|和|及|与)\s*"
# Before a 第 … 段 group: the paragraph belongs to another document (its resolution, report,
# chapter), not to this plan.
_FOREIGN_BEFORE = re.compile(
    r"(?:(?<!本)(?:决议|决定|报告|文件|宣言|议程|公约|协定|附件)|章|[A-Z]+/[\w./\-]+\s*[，,]?)\s*$"
)


def xref_patterns(shapes: XRefShapes) -> XRefPatterns:
    s, table, para, subp = shapes.section, shapes.table, shapes.paragraph, shapes.subprogramme
    fig = rf"{XREF_BEFORE}{s}\.[{_CN}]+"
    return XRefPatterns(
        groups={
            "table": re.compile(rf"表\s*{table}(?:{_XSEP}{table})*"),
            "figure": re.compile(rf"图\s*{fig}(?:{_XSEP}{fig})*"),
            # a paragraph group always closes with 段 (第 14.1 alone could be anything)
            "paragraph": re.compile(rf"第\s*{para}(?:(?:\s*段)?{_XSEP}(?:第\s*)?{para})*\s*段"),
            "subprogramme": re.compile(
                rf"次级方案\s*{subp}{SUBPROGRAMME_NAME}?(?:{_XSEP}{subp}{SUBPROGRAMME_NAME}?)*"),
        },
        numbers={
            "table": shapes.table_number,
            "figure": re.compile(rf"{XREF_BEFORE}(?P<num>{s}\.[{_CN}]+)"),
            "paragraph": shapes.paragraph_number,
            "subprogramme": re.compile(rf"{XREF_BEFORE}(?P<num>\d{{1,2}}){XREF_AFTER}(?P<name>{SUBPROGRAMME_NAME})?"),
        },
        foreign_before=_FOREIGN_BEFORE,
        foreign_after=None,
        paragraph_close=re.compile(r"\s*段"),
        own_marker=re.compile(r"第\s*$"),
    )


# Printed references in the default language's text whose target must exist: an error at check
# (a reference xrefs cannot resolve is also a warning there).
CHECKED_REFERENCES = {
    "table": re.compile(r"表\s*(\d+\.\d+)(?:\s*\((\d+)\))?"),
    "figure": re.compile(r"图\s*(\d+\.[零一二三四五六七八九十]+)"),
    "paragraph": re.compile(r"第\s*(\d+\.\d+)\s*(?:(?:至|-|–|—)\s*(\d+\.\d+)\s*)?段"),
}
