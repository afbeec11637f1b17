"""A redline of two texts: what was deleted and what inserted, character by character in Chinese
(and any script written without spaces) and word by word in English (and any script with them).

One tokenizer serves every language, so no language is named: a CJK character is a token of its
own, a run of letters or digits is one, and so is each space or punctuation mark.
"""

from __future__ import annotations

import difflib
import re

# CJK ideographs, kana, hangul, CJK punctuation and full-width forms: one token each
_TOKEN = re.compile(
    r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|\w+|\s+|[^\w\s]", re.UNICODE)

Op = tuple[str, str]  # ("=", kept) | ("-", deleted) | ("+", inserted)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def redline(old: str, new: str) -> list[Op]:
    """The edit from ``old`` to ``new`` as runs of kept, deleted and inserted text."""
    a, b = tokens(old), tokens(new)
    ops: list[Op] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", "".join(a[i1:i2]))
        else:
            add("-", "".join(a[i1:i2]))
            add("+", "".join(b[j1:j2]))
    return _join_edits(ops)


def _join_edits(ops: list[Op]) -> list[Op]:
    """Edits separated only by spaces read as one: "<del>evolution of</del><ins>changes in</ins>",
    not two deletions and two insertions around a kept space."""
    out: list[Op] = []
    deleted = inserted = ""
    for i, (op, text) in enumerate(ops):
        between_edits = op == "=" and not text.strip() and (deleted or inserted) and i + 1 < len(ops)
        if op == "-" or between_edits:
            deleted += text
        if op == "+" or between_edits:
            inserted += text
        if op == "=" and not between_edits:
            out += [(o, t) for o, t in (("-", deleted), ("+", inserted)) if t]
            deleted = inserted = ""
            out.append((op, text))
    out += [(o, t) for o, t in (("-", deleted), ("+", inserted)) if t]
    return out


def similarity(old: str, new: str) -> float:
    """0..1: how much of the two texts is the same (by the same tokens as the redline)."""
    if old == new:
        return 1.0
    matcher = difflib.SequenceMatcher(None, tokens(old), tokens(new), autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio()
    return matcher.ratio()

