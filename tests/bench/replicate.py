"""Synthetic plans: the real content replicated ``factor`` times through the same schema.

Copy ``k`` (1 .. factor-1) of every page gets a new id (``subprogramme-1-r2``), its paragraphs,
footnotes, tables and figures are renumbered to follow the previous copy (14.150 .., 表 14.33 ..,
图 14.三十二 ..), and the navigation gains one group per copy holding the copied pages in their
order. The result is ordinary content/ that the real generator loads, validates and renders; no
Markdown is written by hand. Copy 0 is the real content, unchanged.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.content import load as load_stage
from generator.content.model import chinese_to_int

_DIGITS = "零一二三四五六七八九"
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def int_to_chinese(n: int) -> str:
    """1 -> 一, 18 -> 十八, 31 -> 三十一 (the document's figure numbers); from 100 on the arabic
    number, which the model also accepts (its numerals stop at 99)."""
    if n >= 100 or n < 1:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    path.write_text(text, encoding="utf-8")


def _number(prefix: str, n: int) -> str:
    return f"{prefix}.{n}"


class _Renumber:
    """Numbers of one copy: every number shifted by the real plan's count times the copy index."""

    def __init__(self, k: int, counts: dict[str, int], prefix: str, page_ids: set[str]):
        self.k = k
        self.counts = counts
        self.prefix = prefix
        self.page_ids = page_ids

    def page(self, page_id: str) -> str:
        return f"{page_id}-r{self.k}"

    def paragraph(self, number: str) -> str:
        head, _, tail = number.partition(".")
        return f"{head}.{int(tail) + self.k * self.counts['paragraphs']}"

    def table(self, number: str) -> str:
        head, _, tail = number.partition(".")
        return f"{head}.{int(tail) + self.k * self.counts['tables']}"

    def figure(self, number: str) -> str:
        head, _, tail = number.partition(".")
        n = chinese_to_int(tail)
        if n is None:
            raise ValueError(f"figure number {number!r} has no numeral")
        return f"{head}.{int_to_chinese(n + self.k * self.counts['figures'])}"

    def footnote(self, number: int) -> int:
        return number + self.k * self.counts["footnotes"]

    def blocks(self, blocks: list) -> list:
        out = []
        for block in blocks:
            block = copy.deepcopy(block)
            if isinstance(block, dict):
                if "paragraph" in block:
                    block["paragraph"] = self.paragraph(str(block["paragraph"]))
                    for fn in block.get("footnotes") or []:
                        fn["number"] = self.footnote(int(fn["number"]))
                if "table" in block:
                    block["table"] = self.table(str(block["table"]))
                if "figure" in block:
                    block["figure"] = self.figure(str(block["figure"]))
            out.append(block)
        return out

    def sections(self, sections: list) -> list:
        out = []
        for section in sections:
            section = dict(section)
            if "blocks" in section:
                section["blocks"] = self.blocks(section["blocks"] or [])
            if "sections" in section:
                section["sections"] = self.sections(section["sections"] or [])
            out.append(section)
        return out

    def page_data(self, data: dict) -> dict:
        data = dict(data)
        data["id"] = self.page(data["id"])
        if "blocks" in data:
            data["blocks"] = self.blocks(data["blocks"] or [])
        if "sections" in data:
            data["sections"] = self.sections(data["sections"] or [])
        return data

    def relations(self, data: dict) -> dict:
        """A table's or figure's data with the tables its relations name renumbered (the copy's
        tables add up among themselves)."""
        data = copy.deepcopy(data)
        for part in data.get("parts") or data.get("data") or []:
            refs = list(part.get("equals") or [])
            for row in part.get("rows") or []:
                refs += row.get("equals") or []
            for ref in refs:
                if ref.get("table") is not None:
                    ref["table"] = self.table(str(ref["table"]))
        return data

    def navigation(self, items: list) -> list:
        out = []
        for item in items:
            if "page" in item:
                out.append({"page": self.page(item["page"])})
            else:
                out.append({"title": item["title"], "children": self.navigation(item["children"])})
        return out


def _count(content: load_stage.Content) -> dict[str, int]:
    paragraphs = footnotes = 0

    def walk(blocks: list, sections: list) -> None:
        nonlocal paragraphs, footnotes
        for block in blocks or []:
            if isinstance(block, dict) and "paragraph" in block:
                head, _, tail = str(block["paragraph"]).partition(".")
                paragraphs = max(paragraphs, int(tail))
                for fn in block.get("footnotes") or []:
                    footnotes = max(footnotes, int(fn["number"]))
        for section in sections or []:
            walk(section.get("blocks"), section.get("sections"))

    for source in content.pages.values():
        walk(source.data.get("blocks"), source.data.get("sections"))
    tables = max(int(str(s.data["number"]).partition(".")[2]) for s in content.tables.values())
    figures = max(chinese_to_int(str(s.data["number"]).partition(".")[2]) or 0
                  for s in content.figures.values())
    return {"paragraphs": paragraphs, "footnotes": footnotes, "tables": tables, "figures": figures}


def replicate(src_root: Path, dest_root: Path, factor: int) -> dict[str, int]:
    """Write ``dest_root/content`` holding the content of ``src_root`` ``factor`` times.

    Returns the counts of the result (pages, paragraphs, tables, figures)."""
    if factor < 1:
        raise ValueError("factor must be 1 or more")
    content = load_stage.load(src_root)
    errors = [d for d in content.diagnostics if d.severity == "error"]
    if errors or content.plan is None:
        raise ValueError(f"the content of {src_root} does not load: {errors[:3]}")
    out = dest_root / "content"
    if out.exists():
        shutil.rmtree(out)
    # what is not replicated is copied as it is (mandates, interface strings, notes for editors)
    shutil.copytree(src_root / "content", out)
    counts = _count(content)
    plan = dict(content.plan.data)
    nav = list(plan["navigation"])
    for k in range(1, factor):
        r = _Renumber(k, counts, "", set(content.pages))
        for stem, source in content.pages.items():
            _dump(r.page_data(source.data), out / "pages" / f"{r.page(stem)}.yaml")
        for source in content.tables.values():
            data = r.relations(source.data)
            data["number"] = r.table(str(data["number"]))
            _dump(data, out / "tables" / f"{data['number']}.yaml")
        for source in content.figures.values():
            data = r.relations(source.data)
            data["number"] = r.figure(str(data["number"]))
            head, _, tail = data["number"].partition(".")
            _dump(data, out / "figures" / f"{head}.{chinese_to_int(tail)}.yaml")
        nav.append({"title": {"zh": f"副本 {k + 1}", "en": f"Copy {k + 1}"},
                    "children": r.navigation(plan["navigation"])})
    if factor > 1:
        plan["navigation"] = nav
        _dump(plan, out / "plan.yaml")
    return {
        "factor": factor,
        "pages": len(content.pages) * factor,
        "paragraphs": counts["paragraphs"] * factor,
        "tables": len(content.tables) * factor,
        "figures": len(content.figures) * factor,
    }
