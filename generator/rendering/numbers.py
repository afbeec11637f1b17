"""Numbers as the plan prints them: the one formatting rule of tables, charts and downloads."""

from __future__ import annotations

from typing import Any

from generator.content.model import chinese_to_int

THOUSANDS = "\u202f"  # narrow no-break space: "23 765.9" as printed, never broken across lines


def format_number(value: Any, decimals: int | None, group: str = THOUSANDS, point: str = ".") -> str:
    """21466.8 -> '21 466.8' (narrow no-break space, or the language's ``group``); ints stay ints;
    text such as '—' (nil) as it is; '' for null (a blank cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        text = f"{value:,}"
    elif decimals is not None:
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{value:,}"
        if "e" in text:
            text = f"{value:,f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def figure_number(number: str, numerals: str) -> str:
    """A figure's number as a language numbers figures (its strings' ``figure_numerals``):
    ``roman`` as the English edition of a UN budget fascicle does (图 14.六 is Figure 14.VI);
    anything else as the source prints it."""
    prefix, _, rest = number.partition(".")
    n = chinese_to_int(rest)
    if numerals != "roman" or n is None or n < 1:
        return number
    return f"{prefix}.{roman(n)}"
