"""Find mandate citations (resolution and decision numbers) in running prose.

``find_citations(text, lang)`` returns one :class:`Citation` per cited number, with its exact
character span in ``text`` and the mandate key it resolves to ("GA resolution 74/251"), or
``key=None`` with a ``reason`` when the body cannot be told: those are reported as warnings and
never turned into links. Plain regexes and a small resolver; no registry I/O (an optional set of
known keys may be passed in).

What the grammars read (one a language: generator/linking/grammars/<lang>.py), in Chinese:
    大会第 74/251 号决议                 环境大会第 4/12 号决议 (Environment Assembly, not GA)
    理事会第 27/2 号决定 / 理事机构第 19/1 号决定 (Governing Council)
    第 1/7 和 3/8 号决议, 第 3/7、4/6、4/8 和 4/9 号决议, 第 73/260 号和第 67/251 号决议 (one
    citation per number; kind from the closing 决议/决定, body from the context before)
    第 2997(XXVII)号决议, 第SS.VII/1号决定, 大会 1997 年 S-19/2 号决议
    bare 2997(XXVII), 913(X), S-19/2 (GA resolutions) and SS.XI/2 (GC decision): their shape alone
    says what they are.
In English: "resolution 74/251", "decisions 27/2 and 27/5", "resolutions 3/7, 4/6 and
4/9", "Environment Assembly resolution 4/12", "Governing Council decision 27/2".
Not citations: SDG targets and indicators (具体目标 14.2, 指标 17.14.1), paragraph, table and
figure numbers (第 14.113 段, 表 14.16(1)), years, percentages, page numbers (63/74), document
symbols (A/73/46, A/RES/74/251), grades (P-2/1), URL paths: a two-part number is a citation only
when 决议/决定 (resolution/decision) closes or opens its group.

How the body is decided, in order:
1. The number's shape gives the possible bodies for the kind:
   - 2997(XXVII) (Roman session, before the 31st) and S-19/2 (special session): GA resolution;
   - SS.XI/2: GC decision (only the Governing Council numbered special sessions so);
   - a/b with a from 31 to 199: GA (its sessions since 1976);
   - a/b with a from 1 to UNEA_MAX_SESSION (7): a resolution can only be UNEA's (the Governing
     Council adopted decisions, never resolutions; GA numbers below 31 are Roman-style); a
     decision may be UNEA's or the Governing Council's (GC sessions 1-27);
   - a/b with a from 8 to 27: a decision is the Governing Council's; a resolution: nobody's;
   - anything else: no body.
2. The context: the nearest body word before the citation in the same sentence (back to 。；！？
   or ". "). 环境大会 / Environment Assembly -> UNEA; 理事会, 理事机构 / Governing Council -> GC;
   大会 / General Assembly -> GA. Words that merely contain these are told apart: 可持续发展大会
   (a conference, ignored), 缔约方大会, 安全理事会, 经济及社会理事会, 人权理事会, 协调理事会,
   多边环境协定理事机构 ... are other bodies: a citation after them stays unresolved.
   If the nearest body word is one of the shape's bodies, it wins. If it contradicts the shape
   and stands right before the citation (大会第 4/16 号决议: only a date, 在, 其 or 的 between),
   the citation stays unresolved (the text and the number disagree); if it is further away
   (联合国环境大会第五届会议将根据第 73/260 号决议举行), it is about something else and the
   shape decides as in 3. Another body's word (人权理事会在其第 40/11 号决议中) always leaves
   the citation unresolved, whatever the shape.
3. No body word: the shape decides when it allows one body. When it allows two (a decision
   a/b with a <= 7), the citation stays unresolved unless ``known_keys`` is given and exactly one
   of the two keys is in it.
In this document every two-part number below 31 in prose has its body in the same sentence
(环境大会 / 联合国环境大会 / 理事会 / 理事机构), except "(第 4/16 号决议)" in 14.52, a
resolution, which only UNEA can have adopted.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from types import ModuleType

from generator.content.model import DEFAULT_LANG
from generator.linking import grammars
from generator.linking.grammars import AFTER_NUMBER, BEFORE_NUMBER, MANDATE_NUMBER

UNEA_MAX_SESSION = 7  # UNEA-7 met in December 2025
# the Governing Council became the Environment Assembly after its 27th session
GC_MAX_SESSION = 27
GA_MIN_SESSION, GA_MAX_SESSION = 31, 199

NUM_RE = re.compile(BEFORE_NUMBER + MANDATE_NUMBER + AFTER_NUMBER)
# numbers whose shape alone says what they are, cited without a kind word
_BARE = re.compile(BEFORE_NUMBER + r"(?:S-\d{1,2}/\d{1,3}|SS\.[IVX]+/\d{1,3}|\d{1,4}\s?\([IVXL]+\))" + AFTER_NUMBER)
_CUE_WINDOW = 400


_CUE_PATTERNS: dict[str, re.Pattern[str]] = {}


def _cue_pattern(grammar: ModuleType) -> re.Pattern[str]:
    """One pattern for a grammar's body words: each alternative named ``<body>_<i>``."""
    if grammar.__name__ not in _CUE_PATTERNS:
        _CUE_PATTERNS[grammar.__name__] = re.compile(
            "|".join(f"(?P<{name}_{i}>{pat})" for i, (name, pat) in enumerate(grammar.BODY_CUES)))
    return _CUE_PATTERNS[grammar.__name__]


@dataclass(frozen=True)
class Citation:
    start: int  # span of the cited number in the text: text[start:end] == raw
    end: int
    key: str | None  # "GA resolution 74/251", or None when the body cannot be told
    raw: str
    number: str = ""  # the number without spaces: 2997(XXVII)
    kind: str = ""  # resolution | decision
    reason: str = ""  # why key is None (for the warning)


def _shape_bodies(number: str, kind: str) -> tuple[str, ...]:
    """The bodies that can have adopted a `kind` numbered `number` (see the module docstring)."""
    if number.startswith("S-") or "(" in number:
        return ("GA",) if kind == "resolution" else ()
    if number.startswith("SS."):
        return ("GC",) if kind == "decision" else ()
    session = int(number.split("/", 1)[0])
    if GA_MIN_SESSION <= session <= GA_MAX_SESSION:
        return ("GA",)
    if 1 <= session <= UNEA_MAX_SESSION:
        return ("UNEA",) if kind == "resolution" else ("UNEA", "GC")
    if session <= GC_MAX_SESSION and kind == "decision":
        return ("GC",)
    return ()


def _context_body(grammar: ModuleType, text: str, pos: int) -> tuple[str | None, str, bool]:
    """The nearest body word before `pos` in the same sentence.

    Returns (body or None, the word, attached): attached when only a date, 在/于/其/的 or spaces
    stand between the word and the citation (大会第, 大会 1997 年, 理事会 2013 年 2 月 22 日第,
    General Assembly resolution).
    """
    lo = max(0, pos - _CUE_WINDOW)
    window = text[lo:pos]
    ends = list(grammar.SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    last: re.Match[str] | None = None
    for m in _cue_pattern(grammar).finditer(window):
        if m.lastgroup and not m.lastgroup.startswith("NEUTRAL"):
            last = m
    if last is None or not last.lastgroup:
        return None, "", False
    attached = bool(grammar.ATTACHED_GAP.fullmatch(window[last.end() :]))
    return last.lastgroup.rsplit("_", 1)[0], last.group(), attached


def _resolve(
    grammar: ModuleType,
    text: str,
    group_start: int,
    number: str,
    kind: str,
    known_keys: Collection[str] | None,
) -> tuple[str | None, str]:
    bodies = _shape_bodies(number, kind)
    cue, word, attached = _context_body(grammar, text, group_start)
    if cue == "OTHER":
        return None, f"{kind} {number} of another body ({word})"
    if cue is not None:
        if cue in bodies:
            return f"{cue} {kind} {number}", ""
        if attached:
            return None, f"{word} ({cue}) cannot have adopted a {kind} numbered {number}"
        # a body word earlier in the sentence that cannot be this number's: the shape decides
    if len(bodies) == 1:
        return f"{bodies[0]} {kind} {number}", ""
    if not bodies:
        return None, f"no body adopts a {kind} numbered {number}"
    if known_keys is not None:
        known = [b for b in bodies if f"{b} {kind} {number}" in known_keys]
        if len(known) == 1:
            return f"{known[0]} {kind} {number}", ""
    return None, f"{kind} {number} could be {' or '.join(bodies)}'s: name the body"


def find_citations(text: str, lang: str = DEFAULT_LANG, known_keys: Collection[str] | None = None) -> list[Citation]:
    """Every cited resolution/decision number in `text`, in order of position, read by the
    grammar of ``lang`` (ValueError for a language without one: :func:`grammars.has_grammar`)."""
    grammar = grammars.require(lang)
    found: list[Citation] = []
    covered: list[tuple[int, int]] = []
    for g in grammar.CITATION_GROUP.finditer(text):
        kind = grammar.KINDS[g["kind"].lower()]
        covered.append(g.span())
        for m in NUM_RE.finditer(text, g.start(), g.end()):
            number = re.sub(r"\s+", "", m.group())
            key, reason = _resolve(grammar, text, g.start(), number, kind, known_keys)
            found.append(Citation(m.start(), m.end(), key, m.group(), number, kind, reason))
    for m in _BARE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        number = re.sub(r"\s+", "", m.group())
        kind = "decision" if number.startswith("SS.") else "resolution"
        key, reason = _resolve(grammar, text, m.start(), number, kind, known_keys)
        found.append(Citation(m.start(), m.end(), key, m.group(), number, kind, reason))
    found.sort(key=lambda c: c.start)
    return found
