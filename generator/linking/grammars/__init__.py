"""Prose grammars: how a language's running text cites mandates and refers to the plan's own
tables, figures, paragraphs and subprogrammes. One module per language, named by its code
(``zh.py``, ``en.py``), found by :func:`grammar`; nothing lists the languages.

A grammar module defines:

* ``CITATION_GROUP``: a compiled pattern for a group of cited numbers with its kind word (the named
  group ``kind``: 决议, "resolutions"); ``KINDS``: kind word (lower case) -> "resolution" | "decision";
* ``BODY_CUES``: ``[(body, pattern)]``, the words that name the adopting body in the sentence before
  a citation ("GA", "GC", "UNEA"; "OTHER" for another body, "NEUTRAL" for words that merely contain
  a body's name), in order of precedence; ``SENTENCE_END``; ``ATTACHED_GAP`` (what may stand
  between a body word and the citation it names, such as a date); ``NAME_THE_BODY``: the hint
  for an editor when a citation's body cannot be told;
* ``xref_patterns(shapes)``: the patterns of cross-references (:class:`XRefPatterns`), from the
  numbers' shapes common to every language (:class:`XRefShapes`);
* optionally ``CHECKED_REFERENCES``: ``{"table" | "figure" | "paragraph": pattern}``, printed
  references in the default language's text whose target must exist (an error at ``check``).

A language without a module has no grammar: its own translations are printed as they are, without
links. Where one of its texts is missing, the page shows the default language's text, and that
text is linked by the default language's grammar, as on the default language's pages.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass
from types import ModuleType

# The shapes of mandate numbers, the same in every language. A number does not continue a symbol,
# URL, grade or decimal.
BEFORE_NUMBER = r"(?<![A-Za-z0-9/.\-])"
AFTER_NUMBER = r"(?![A-Za-z0-9/]|\.\d)"
MANDATE_NUMBER = (
    r"(?:S-\d{1,2}/\d{1,3}"  # GA special session
    r"|SS\.[IVX]+/\d{1,3}"  # GC special session
    r"|\d{1,4}\s?\([IVXL]+\)"  # GA before the 31st session
    r"|\d{1,4}/\d{1,4})"  # session/number
)

# A cross-reference's number does not continue a symbol, decimal or another number (ASCII only:
# \w would also refuse the Chinese character before 表14.16 written without a space).
XREF_BEFORE = r"(?<![A-Za-z0-9_./])"
XREF_AFTER = r"(?![\d０-９]|\.\d)"
SUBPROGRAMME_NAME = r"(?:\([^()\n]{1,30}\)|（[^（）\n]{1,30}）)"  # 次级方案 1(气候变化)


@dataclass(frozen=True)
class XRefShapes:
    """The numbers of the plan's section (``section``, "14") as every language prints them."""

    section: str  # escaped for a pattern
    table: str  # 14.16, 14.16(1)
    paragraph: str  # 14.11, 14.11(b): the paragraph's item (b)
    subprogramme: str  # 6
    table_number: re.Pattern[str]  # groups num, part
    paragraph_number: re.Pattern[str]  # group num


def xref_shapes(section: str) -> XRefShapes:
    s = re.escape(section)
    return XRefShapes(
        section=s,
        table=rf"{XREF_BEFORE}{s}\.\d{{1,3}}{XREF_AFTER}(?:\s?\(\d\))?",
        paragraph=rf"{XREF_BEFORE}{s}\.\d{{1,3}}{XREF_AFTER}(?:\s?\([a-z]\))?",
        subprogramme=rf"{XREF_BEFORE}\d{{1,2}}{XREF_AFTER}",
        table_number=re.compile(rf"{XREF_BEFORE}(?P<num>{s}\.\d{{1,3}}){XREF_AFTER}(?:\s?\((?P<part>\d)\))?"),
        paragraph_number=re.compile(rf"{XREF_BEFORE}(?P<num>{s}\.\d{{1,3}}){XREF_AFTER}(?:\s?\([a-z]\))?"),
    )


@dataclass
class XRefPatterns:
    groups: dict[str, re.Pattern[str]]  # by kind: table, figure, paragraph, subprogramme
    numbers: dict[str, re.Pattern[str]]  # one number of a group, by kind (group num)
    foreign_before: re.Pattern[str]  # before a paragraph group: it is another document's
    foreign_after: re.Pattern[str] | None
    paragraph_close: re.Pattern[str] | None  # the 段 that closes a paragraph number
    own_marker: re.Pattern[str] | None  # a later number's own 第 (第 14.58 段和第 14.61)


_GRAMMARS: dict[str, ModuleType | None] = {}


def grammar(lang: str) -> ModuleType | None:
    """The grammar module of ``lang`` (``generator/linking/grammars/<lang>.py``), None without one."""
    if lang not in _GRAMMARS:
        name = f"{__name__}.{lang}"
        found = lang.isidentifier() and importlib.util.find_spec(name) is not None
        _GRAMMARS[lang] = importlib.import_module(name) if found else None
    return _GRAMMARS[lang]


def has_grammar(lang: str) -> bool:
    return grammar(lang) is not None


def require(lang: str) -> ModuleType:
    found = grammar(lang)
    if found is None:
        raise ValueError(f"unsupported language {lang!r}: no grammar (generator/linking/grammars/{lang}.py)")
    return found
