"""The comparison as Markdown: for a pull request's job summary and its comment.

GitHub renders the Markdown (with ``<del>`` and ``<ins>`` for the redlines); plan text is escaped
so that no character of it is read as Markdown or HTML. A comment holds at most 65,536
characters: each section lists its first changes and says how many more there are, and the whole
stays under :data:`BUDGET`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from generator.rendering.changes import SECTIONS, excerpt

BUDGET = 60_000  # characters: a pull-request comment holds 65,536
CUT_SHORT = "\n\n… (cut short: the JSON report has everything)\n"
LIMITS = (25, 10, 4)  # changes listed per section, tried in turn until the whole fits the budget
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")
TITLES = {
    "paragraphs": "Paragraphs",
    "cells": "Table and figure cells",
    "findings": "Findings of `check` (errors and warnings)",
    "mandates": "Mandates",
    "citations": "Mandates cited in paragraphs",
    "texts": "Titles, headings, captions and labels",
    "translations": "Translations",
    "pages": "Pages and navigation",
}
COUNTED = {  # (one, several)
    "paragraphs": ("paragraph", "paragraphs"), "cells": ("cell", "cells"), "findings": ("finding", "findings"),
    "mandates": ("mandate", "mandates"), "citations": ("citation", "citations"), "texts": ("text", "texts"),
    "translations": ("translation", "translations"), "pages": ("page", "pages"),
}


def md(text: Any) -> str:
    """Plan text as inline Markdown: HTML-escaped, Markdown specials backslashed, one line."""
    one_line = re.sub(r"\s+", " ", str(text))
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def code(text: Any) -> str:
    """Text in a code span (a backtick inside would end it: those become ')."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def redline_md(ops: list[list[str]], context: int = 24) -> str:
    out = []
    for op, text in excerpt([(o, t) for o, t in ops], context):
        if op == "-":
            out.append(f"<del>{md(text)}</del>")
        elif op == "+":
            out.append(f"<ins>{md(text)}</ins>")
        else:
            out.append(md(text))
    return "".join(out)


def value(v: Any) -> str:
    if isinstance(v, dict):  # a text cell with its translations
        return " / ".join(f"{lang}: {text}" for lang, text in v.items())
    return "(empty)" if v is None else str(v)


class Links:
    """Links into the preview, when its address is known."""

    def __init__(self, preview_url: str | None):
        self.base = (preview_url.rstrip("/") + "/") if preview_url else None

    def __call__(self, item: dict, text: str) -> str:
        if not self.base or not item.get("page"):
            return text
        anchor = f"#{item['anchor']}" if item.get("anchor") else ""
        return f"[{text}]({self.base}{item['page']}.html{anchor})"


def _paragraph_lines(items: list[dict], link: Links) -> list[str]:
    lines = []
    runs = _renumber_runs(items)
    for item in items:
        kind = item["change"]
        if id(item) in runs.skip:
            continue
        if id(item) in runs.first:
            last = runs.first[id(item)]
            lines.append(f"- {link(item, '**' + item['new'] + '**')} … {last['new']}: renumbered from "
                         f"{item['old']} … {last['old']} ({runs.length[id(item)]} paragraphs, text unchanged)")
            continue
        if kind == "added":
            lines.append(f"- {link(item, '**' + item['new'] + '**')} added: {md(shorten(item['text']))}")
        elif kind == "removed":
            lines.append(f"- **{item['old']}** removed (was on {code(item['old_page'])}): {md(shorten(item['text']))}")
        else:
            number = item["new"] if item["old"] == item["new"] else f"{item['old']} → {item['new']}"
            moved = f" (from {code(item['old_page'])})" if item["old_page"] != item["page"] else ""
            text = f": {redline_md(item['redline'])}" if "redline" in item else " (text unchanged)"
            lines.append(f"- {link(item, '**' + number + '**')} {kind}{moved}{text}")
    return lines


class _Runs:
    def __init__(self) -> None:
        self.first: dict[int, dict] = {}
        self.length: dict[int, int] = {}
        self.skip: set[int] = set()


def _renumber_runs(items: list[dict]) -> _Runs:
    """Consecutive pure moves by the same offset on one page (a renumbering): one line each run."""
    runs = _Runs()

    def number(n: str) -> int:
        return int(n.partition(".")[2])

    run: list[dict] = []

    def close() -> None:
        if len(run) >= 3:
            runs.first[id(run[0])] = run[-1]
            runs.length[id(run[0])] = len(run)
            runs.skip |= {id(r) for r in run[1:]}
        run.clear()

    for item in items:
        if item["change"] == "moved" and item["page"] == item["old_page"]:
            offset = number(item["new"]) - number(item["old"])
            if run and (run[-1]["page"] != item["page"] or number(run[-1]["new"]) + 1 != number(item["new"])
                        or number(run[-1]["new"]) - number(run[-1]["old"]) != offset):
                close()
            run.append(item)
        else:
            close()
    close()
    return runs


def _cell_groups(items: list[dict], link: Links) -> list[Group]:
    rows = []
    for i in items:
        if i["change"] == "cell":
            where = link(i, f"{i['kind']} {md(i['number'])}") + (f", part {i['part']}" if i["part"] > 1 else "")
            rows.append(f"| {where} | {md(i['row'])} | {md(i['column'])} | {md(value(i['old']))} | "
                        f"{md(value(i['new']))} |")
    other = []
    for i in items:
        if i["change"] != "cell":
            row = f" {md(i['row'])}" if i.get("row") else ""
            part = f" (part {i['part']})" if i.get("part") else ""
            other.append(f"- {link(i, i['kind'] + ' ' + md(i['number']))}: {i['change']}{row}{part}")
    groups = [(["| where | row | column | old | new |", "| --- | --- | --- | --- | --- |"], rows)] if rows else []
    return groups + ([([], other)] if other else [])


def _finding_line(d: dict, link: Links) -> str:
    where = code(f"{d['file']}:{d['line']}:{d['column']}" if d.get("line") else d["file"])
    hint = f" (hint: {md(d['hint'])})" if d.get("hint") else ""
    return f"- {link(d, where)} {d['severity']}: {md(d['message'])}{hint}"


def _mandate_line(i: dict, link: Links) -> str:
    key = link(i, "**" + md(i["key"]) + "**")
    if i["change"] == "added":
        return f"- {key} added: [{md(i['symbol'])}]({i['url']})"
    if i["change"] == "removed":
        return f"- **{md(i['key'])}** removed (was {code(i['symbol'])})"
    if i["change"] == "relinked":
        return f"- {key} relinked: {code(i['old_symbol'])} → [{md(i['symbol'])}]({i['url']})"
    if i["change"] == "listed":
        return f"- {key} now listed on {code(i['on'])}"
    return f"- **{md(i['key'])}** no longer listed on {code(i['on'])}"


def _citation_line(i: dict, link: Links) -> str:
    verb = "now cites" if i["change"] == "added" else "no longer cites"
    return f"- {link(i, 'paragraph ' + i['paragraph'])} {verb} **{md(i['key'])}**"


def _text_line(i: dict, link: Links) -> str:
    lang = f"{i['lang']} " if "lang" in i else ""
    where = link(i, code(i["what"]))
    if "redline" in i:
        return f"- {lang}{i['change']}, {where}: {redline_md(i['redline'])}"
    text = i["new"] if i["new"] is not None else i["old"]
    return f"- {lang}{i['change']}, {where}: {md(shorten(text or ''))}"


def _page_line(i: dict, link: Links) -> str:
    if i["change"] == "navigation":
        return f"- navigation order: {' '.join(i['old'])} → {' '.join(i['new'])}"
    if i["change"] == "placed":
        return f"- {md(i['id'])} moved from page {code(i['old'])} to {link(i, code(i['new']))}"
    return f"- page {link(i, code(i['id']))} {i['change']}: {md(i['title'])}"


Group = tuple[list[str], list[str]]  # lines that open a group (a table's header), its entries


def _section_groups(name: str, items: Any, link: Links) -> list[Group]:
    line: Callable[[dict, Links], str]
    if name == "paragraphs":
        return [([], _paragraph_lines(items, link))]
    if name == "cells":
        return _cell_groups(items, link)
    if name == "findings":
        return [([f"{title} by this change ({len(items[key])}):", ""], [_finding_line(d, link) for d in items[key]])
                for key, title in (("caused", "Caused"), ("cleared", "Cleared")) if items[key]]
    line = {"mandates": _mandate_line, "citations": _citation_line, "texts": _text_line,
            "translations": _text_line, "pages": _page_line}[name]
    return [([], [line(i, link) for i in items])]


def _bounded(groups: list[Group], limit: int) -> list[str]:
    """Each group's first ``limit`` entries, then how many are left out."""
    lines: list[str] = []
    for opening, entries in groups:
        lines += opening + entries[:limit]
        if len(entries) > limit:
            lines += ([""] if opening and opening[0].startswith("|") else []) + [f"- … and {len(entries) - limit} more"]
        lines.append("")
    return lines


def markdown(result: dict, *, preview_url: str | None = None, heading: str = "##") -> str:
    """The comparison as Markdown of at most :data:`BUDGET` characters."""
    link = Links(preview_url)
    head = result["head"]
    head_name = code(head["ref"]) + (f" ({head['commit'][:10]})" if head.get("commit") else "")
    intro = [f"{heading} Changes to the plan", "",
             f"{head_name} compared with {code(result['base']['ref'])} where it branched off "
             f"({result['base']['commit'][:10]}).", ""]
    if "errors" in result:
        lines = intro + ["The plans cannot be compared: the content has errors (the check lists them)."]
        for side in ("base", "head"):
            if result["errors"][side]:
                lines.append(f"- {side}: {len(result['errors'][side])} error(s)")
        return "\n".join(lines) + "\n"
    counts = result["counts"]
    if not any(counts.values()):
        return "\n".join(intro + ["No change to the plan's content."]) + "\n"
    summary = ", ".join(f"{n} {COUNTED[name][n != 1]}" for name, n in counts.items() if n)
    intro += [f"**{sum(counts.values())} change(s)**: {summary}.", ""]
    if preview_url:
        intro += [f"Every change, linked to its place in the preview: [changes page]({link.base}changes.html).", ""]
    for limit in LIMITS:
        lines = list(intro)
        for name in SECTIONS:
            if counts.get(name):
                lines += [f"{heading}# {TITLES[name]}", ""]
                lines += _bounded(_section_groups(name, result[name], link), limit)
        text = "\n".join(lines)
        if len(text) <= BUDGET:
            return text
    return text[:BUDGET - len(CUT_SHORT)] + CUT_SHORT
