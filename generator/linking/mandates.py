"""Mandates: keys, document symbols and undocs.org links.

Pure functions over registry entries (the mappings of ``content/mandates.yaml``, or any object with
``body``/``kind``/``number`` and optional ``symbol`` attributes). No I/O.

A mandate is identified by its key ``"<body> <kind> <number>"``, e.g. ``"GA resolution 74/251"``,
``"UNEA decision 4/1"`` (UNEA resolution 4/1 is a different document).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.content.model import DEFAULT_LANG

BODIES = ("GA", "GC", "UNEA")
KINDS = ("resolution", "decision", "declaration")
LANGS = ("ar", "en", "es", "fr", "ru", "zh")  # the six official languages undocs.org serves

# The UNEP Governing Council had no document symbols for its decisions: they were issued in the
# Council's report on the session to the General Assembly (Official Records, Supplement No. 25).
# Regular sessions met in odd years from 1997 on, special (SS.) sessions in even years from 2000.
# Checked one by one (session, year, venue -> report):
#   19 (1997, Nairobi) A/52/25       SS.VI (2000, Malmo) A/55/25     SS.X (2008, Monaco) A/63/25
#   20 (1999) A/54/25                SS.VII (2002, Cartagena) A/57/25 SS.XI (2010, Bali) A/65/25
#   21 (2001) A/56/25                SS.VIII (2004, Jeju) A/59/25    SS.XII (2012, Nairobi) A/67/25
#   22 (2003) A/58/25                SS.IX (2006, Dubai) A/61/25
#   23 (2005) A/60/25   24 (2007) A/62/25   25 (2009) A/64/25   26 (2011) A/66/25
#   27 (2013, first universal session) A/68/25
# Note: 26/x is A/66/25, not A/64/25 (A/64/25 is the twenty-fifth session's report).
GC_SESSION_REPORTS: dict[str, str] = {
    "19": "A/52/25",
    "20": "A/54/25",
    "21": "A/56/25",
    "22": "A/58/25",
    "23": "A/60/25",
    "24": "A/62/25",
    "25": "A/64/25",
    "26": "A/66/25",
    "27": "A/68/25",
    "SS.VI": "A/55/25",
    "SS.VII": "A/57/25",
    "SS.VIII": "A/59/25",
    "SS.IX": "A/61/25",
    "SS.X": "A/63/25",
    "SS.XI": "A/65/25",
    "SS.XII": "A/67/25",
}

# UNEA-1 (2014) resolutions and decisions were issued in the session report, not as UNEP/EA.1/Res.n.
UNEA_SESSION_REPORTS: dict[str, str] = {"1": "A/69/25"}

ROMAN = r"(?:[IVXLC]+)"
# Accepted symbols, each form spelled out. Anything else is refused before it becomes a link.
SYMBOL_RE = re.compile(
    r"""^(?:
        A/RES/(?:3[1-9]|[4-9]\d|\d{3})/\d{1,3}          # GA, session 31 and later
      | A/RES/S-\d{1,2}/\d{1,2}                         # GA special session
      | A/RES/\d{1,4}\s?\((?:[IVXL]+|ES-[IVX]+)\)        # GA, before session 31
      | UNEP/EA\.\d{1,2}/(?:Res|Dec)\.\d{1,2}           # UNEA resolution / decision
      | UNEP/EA\.\d{1,2}/HLS\.\d{1,2}                   # UNEA ministerial declaration
      | A/\d{1,3}/\d{1,4}(?:/Add\.\d{1,3})?(?:/Rev\.\d{1,2})?  # a report, e.g. A/52/25, A/74/5/Add.7
      | A/\d{1,3}/\d{1,4}\s?\(Sect\.\s?\d{1,2}\)      # a budget section, e.g. A/76/6 (Sect. 20)
    )$""",
    re.VERBOSE,
)

_GA_MODERN = re.compile(r"^(?P<session>\d{1,3})/(?P<n>\d{1,4})$")
_GA_SPECIAL = re.compile(r"^S-(?P<session>\d{1,2})/(?P<n>\d{1,3})$")
_GA_OLD = re.compile(r"^(?P<n>\d{1,4})\((?P<roman>[IVXL]+)\)$")
_TWO_PART = re.compile(r"^(?P<session>\d{1,2})/(?P<n>\d{1,3})$")
_GC_SPECIAL = re.compile(r"^(?P<session>SS\.[IVX]+)/(?P<n>\d{1,3})$")
_KEY = re.compile(
    r"^(?P<body>GA|GC|UNEA) (?P<kind>resolution|decision|declaration) (?P<number>\S+)$"
)


def _get(entry: Any, name: str) -> Any:
    if isinstance(entry, Mapping):
        return entry.get(name)
    return getattr(entry, name, None)


def roman_to_int(s: str) -> int:
    """Value of an upper-case Roman numeral ("XXVII" -> 27); ValueError if it is not one."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    if not s or any(c not in values for c in s):
        raise ValueError(f"not a Roman numeral: {s!r}")
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        total += -v if i + 1 < len(s) and values[s[i + 1]] > v else v
    return total


def mandate_key(entry: Any) -> str:
    """The reference key of an entry: "<body> <kind> <number>", e.g. "UNEA decision 4/1"."""
    body, kind, number = _get(entry, "body"), _get(entry, "kind"), _get(entry, "number")
    return make_key(str(body), str(kind), str(number))


def make_key(body: str, kind: str, number: str) -> str:
    key = f"{body} {kind} {number}"
    parse_key(key)
    return key


def parse_key(key: str) -> tuple[str, str, str]:
    """Split "GA resolution 74/251" into ("GA", "resolution", "74/251"); ValueError if malformed."""
    m = _KEY.match(key)
    if not m:
        raise ValueError(
            f"malformed mandate reference {key!r}: expected '<body> <kind> <number>' with body "
            f"one of {', '.join(BODIES)} and kind one of {', '.join(KINDS)}"
        )
    return m["body"], m["kind"], m["number"]


def check_symbol(symbol: str) -> str:
    """Return the symbol if it has an accepted shape, else raise ValueError."""
    if not isinstance(symbol, str) or not SYMBOL_RE.match(symbol):
        raise ValueError(f"not a valid document symbol: {symbol!r}")
    return symbol


def derive_symbol(body: str, kind: str, number: str) -> str:
    """The symbol DESIGN.md's rules give for a mandate (without any override); ValueError if none."""
    if body == "GA" and kind == "resolution":
        if m := _GA_SPECIAL.match(number):
            return f"A/RES/S-{m['session']}/{m['n']}"
        if m := _GA_OLD.match(number):
            if roman_to_int(m["roman"]) >= 31:
                raise ValueError(
                    f"GA resolution {number}: Roman session numbers end at XXX"
                )
            return f"A/RES/{m['n']}({m['roman']})"
        if m := _GA_MODERN.match(number):
            if int(m["session"]) < 31:
                raise ValueError(
                    f"GA resolution {number}: sessions before the 31st are numbered like 2997(XXVII)"
                )
            return f"A/RES/{m['session']}/{m['n']}"
    elif body == "UNEA" and kind in ("resolution", "decision"):
        if m := _TWO_PART.match(number):
            session, n = str(int(m["session"])), str(int(m["n"]))
            if session in UNEA_SESSION_REPORTS:
                return UNEA_SESSION_REPORTS[session]
            part = "Res" if kind == "resolution" else "Dec"
            return f"UNEP/EA.{session}/{part}.{n}"
    elif body == "GC" and kind == "decision":
        m = _TWO_PART.match(number) or _GC_SPECIAL.match(number)
        if m:
            session = m["session"]
            if session in GC_SESSION_REPORTS:
                return GC_SESSION_REPORTS[session]
            raise ValueError(
                f"GC decision {number}: no session report known for session {session}; "
                "give the entry a `symbol`"
            )
    raise ValueError(
        f"{body} {kind} {number}: no symbol can be derived; give the entry a `symbol`"
    )


def symbol(entry: Any) -> str:
    """The entry's document symbol: its `symbol` if given, else derived; always shape-checked."""
    override = _get(entry, "symbol")
    if override:
        return check_symbol(str(override))
    return check_symbol(
        derive_symbol(
            str(_get(entry, "body")),
            str(_get(entry, "kind")),
            str(_get(entry, "number")),
        )
    )


def symbol_url(sym: str, lang: str = DEFAULT_LANG) -> str:
    if lang not in LANGS:
        raise ValueError(
            f"unsupported language code {lang!r} (use one of {', '.join(LANGS)})"
        )
    compact = re.sub(r"\s+", "", check_symbol(sym))
    return f"https://undocs.org/{lang}/{compact}"


def url(entry: Any, lang: str = DEFAULT_LANG) -> str:
    """https://undocs.org/{lang}/{symbol without spaces}; lang is zh or en (never the old "ch")."""
    return symbol_url(symbol(entry), lang)


def natural_key(s: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders numbers by value: "2/3" < "2/24", "SS.IX/1" < "SS.XII/1"."""
    parts: list[tuple[int, int | str]] = []
    for tok in re.findall(r"\d+|[A-Za-z]+|[^A-Za-z\d]+", s):
        if tok.isdigit():
            parts.append((0, int(tok)))
        elif re.fullmatch(r"[IVXLC]+", tok):
            parts.append((0, roman_to_int(tok)))
        else:
            parts.append((1, tok))
    return tuple(parts)


def key_sort_key(key: str) -> tuple[Any, ...]:
    """Sort key for mandate keys: by body, kind, then number in natural order."""
    body, kind, number = parse_key(key)
    return (BODIES.index(body), KINDS.index(kind), natural_key(number))


def check_entry(entry: Any) -> list[str]:
    """Problems with one registry entry (empty when fine). `title` and `section` are optional."""
    problems: list[str] = []
    if not isinstance(entry, Mapping):
        return ["an entry must be a mapping"]
    allowed = {"body", "kind", "number", "title", "section", "symbol"}
    for extra in sorted(set(entry) - allowed):
        problems.append(
            f"unknown key {extra!r} (allowed: {', '.join(sorted(allowed))})"
        )
    for name in ("body", "kind", "number"):
        if not isinstance(entry.get(name), str) or not entry.get(name):
            problems.append(f"`{name}` is required and must be text")
    if problems:
        return problems
    if entry["body"] not in BODIES:
        problems.append(f"body {entry['body']!r} is not one of {', '.join(BODIES)}")
    if entry["kind"] not in KINDS:
        problems.append(f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    if re.search(r"\s", entry["number"]):
        problems.append(f"number {entry['number']!r} must be written without spaces")
    title = entry.get("title")
    if title is not None:
        ok = (
            isinstance(title, str)
            and title.strip()
            or (
                isinstance(title, Mapping)
                and title
                and all(
                    k in LANGS and isinstance(v, str) and v.strip()
                    for k, v in title.items()
                )
                and DEFAULT_LANG in title
            )
        )
        if not ok:
            problems.append(
                f"title must be text: a string, or a mapping with {DEFAULT_LANG} (and other languages') strings"
            )
    if entry.get("section") is not None and not isinstance(entry.get("section"), str):
        problems.append("section must be text")
    if not problems:
        try:
            symbol(entry)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def mandate_anchor(key: str) -> str:
    """'GA resolution 2997(XXVII)' -> 'ga-resolution-2997-xxvii': the entry's id on the mandates page."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
