"""English: how English translations cite mandates and refer to the plan's own parts.

Citations: "resolution 74/251", "decisions 27/2 and 27/5", "resolutions 3/7, 4/6 and 4/9",
"Environment Assembly resolution 4/12", "Governing Council decision 27/2".
Cross-references: table 14.16 (1), tables 14.13 to 14.15, figure 14.XXXI or figure 14.31,
figures 14.XVIII-14.XXIII, para. 14.113, paras. 14.61–14.63, paragraphs 14.61 to 14.63,
subprogramme 6, subprogrammes 1 and 3; not "paragraph 14.2 of resolution 74/251".
"""

from __future__ import annotations

import re

from generator.linking.grammars import (
    AFTER_NUMBER,
    BEFORE_NUMBER,
    MANDATE_NUMBER,
    XREF_AFTER,
    XREF_BEFORE,
    XRefPatterns,
    XRefShapes,
)

# --------------------------------------------------------------------------- citations

CITATION_GROUP = re.compile(
    rf"\b(?P<kind>[Rr]esolutions?|[Dd]ecisions?)\s+"
    rf"{BEFORE_NUMBER}{MANDATE_NUMBER}{AFTER_NUMBER}"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){BEFORE_NUMBER}{MANDATE_NUMBER}{AFTER_NUMBER})*"
)
KINDS = {"resolution": "resolution", "resolutions": "resolution", "decision": "decision", "decisions": "decision"}

BODY_CUES: list[tuple[str, str]] = [
    ("OTHER", r"Security Council|Economic and Social Council|Human Rights Council"
              r"|Conference of the Parties|World Health Assembly"),
    ("UNEA", r"Environment Assembly|UNEA"),
    ("GC", r"Governing Council"),
    ("GA", r"General Assembly"),
]
SENTENCE_END = re.compile(r"[。；！？\n]|[.;!?]\s+(?=[A-Z(“\"])")
ATTACHED_GAP = re.compile(r"\s*")  # General Assembly resolution 74/251
NAME_THE_BODY = ("name the body in the text (General Assembly/Governing Council/Environment Assembly); "
                 "it is printed without a link")

# --------------------------------------------------------------------------- cross-references

_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+to\s+|\s*[-–—]\s*)"
_FOREIGN_BEFORE = re.compile(r"[A-Z]+/[\w./\-]+\s*,\s*$")
_FOREIGN_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?(?:General\s+Assembly\s+|Assembly\s+|Governing\s+Council\s+|Council\s+"
    r"|Environment\s+Assembly\s+)?(?:resolution|decision|report|document|annex|chapter|outcome"
    r"|declaration|agenda|convention|A/|UNEP/)",
    re.IGNORECASE,
)


def xref_patterns(shapes: XRefShapes) -> XRefPatterns:
    s, table, para, subp = shapes.section, shapes.table, shapes.paragraph, shapes.subprogramme
    fig = rf"{XREF_BEFORE}{s}\.(?:[IVXLC]+(?![A-Za-z])|\d{{1,3}}{XREF_AFTER})"
    return XRefPatterns(
        groups={
            "table": re.compile(rf"\b[Tt]ables?\s+{table}(?:{_SEP}{table})*"),
            "figure": re.compile(rf"\b[Ff]igures?\s+{fig}(?:{_SEP}{fig})*"),
            "paragraph": re.compile(rf"\b(?:[Pp]aras?\.|[Pp]aragraphs?)\s*{para}(?:{_SEP}{para})*"),
            "subprogramme": re.compile(rf"\b[Ss]ubprogrammes?\s+{subp}(?:{_SEP}{subp})*"),
        },
        numbers={
            "table": shapes.table_number,
            "figure": re.compile(rf"{XREF_BEFORE}(?P<num>{s}\.(?:[IVXLC]+(?![A-Za-z])|\d{{1,3}}{XREF_AFTER}))"),
            "paragraph": shapes.paragraph_number,
            "subprogramme": re.compile(rf"{XREF_BEFORE}(?P<num>\d{{1,2}}){XREF_AFTER}"),
        },
        foreign_before=_FOREIGN_BEFORE,
        foreign_after=_FOREIGN_AFTER,
        paragraph_close=None,
        own_marker=None,
    )
