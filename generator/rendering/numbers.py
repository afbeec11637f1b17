"""Numbers as the plan prints them: the one formatting rule of tables, charts and downloads."""

from __future__ import annotations

from typing import Any

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
