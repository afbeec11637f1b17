"""Two plans compared as data: what a reviewer of a change to content/ needs to know.

* paragraphs, matched by their text, not by their number: a paragraph whose text is unchanged but
  whose number or page is not has *moved* (so a renumbering is a list of moves, never edits);
  then the same number with a similar text has *changed*; then the most similar text elsewhere
  has moved and changed; what is left was added or removed;
* table and figure cells (old -> new), rows and parts added or removed;
* the findings of ``check`` (errors and warnings) that the change causes, and those it clears;
* mandates added, removed or relinked (their document symbol changed), mandates listed on a page
  or cited in a paragraph's prose added or removed;
* every other text field (titles, headings, captions, labels, notes): the original changed, and
  translations added, changed or removed;
* pages added or removed, and the navigation's order.

Every change says where the head plan shows it (page id and anchor), for the preview's changes
page. The result is plain data (JSON-ready).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.content.generated import HOME, MANDATES
from generator.content.model import (
    DEFAULT_LANG,
    FigureBlock,
    MandatesBlock,
    ParagraphBlock,
    TableBlock,
    has_lang,
    text_of,
    walk_blocks,
    walk_sections,
)
from generator.content.validate import iter_texts
from generator.linking import mandates as mandate_symbols
from generator.linking.link import Linked
from generator.rendering.changes import SECTIONS
from generator.rendering.pages import Context, slug
from generator.review.plans import Plan
from generator.review.redline import redline, similarity

SAME_NUMBER_SIMILARITY = 0.5  # the same number and at least this alike: one paragraph, edited
MOVED_SIMILARITY = 0.7  # another number, at least this alike: the paragraph moved and was edited


# --------------------------------------------------------------------------- paragraphs


@dataclass
class Para:
    number: str
    page: str
    texts: dict[str, str]  # language -> the paragraph's text (items, footnotes joined)
    cites: frozenset[str] = frozenset()


def _paragraph_texts(block: ParagraphBlock, codes: list[str]) -> dict[str, str]:
    fields = [block.text, *(item.text for item in block.items)]
    fields += [block.text_after] if block.text_after is not None else []
    fields += [fn.text for fn in block.footnotes]
    labels = [""] + [f"{item.label} " for item in block.items] + [""] * (len(fields) - 1 - len(block.items))
    out = {}
    for code in codes:
        if any(has_lang(f, code) for f in fields):
            out[code] = "\n".join(label + text_of(f, code) for label, f in zip(labels, fields) if has_lang(f, code))
    return out


def paragraphs(linked: Linked, codes: list[str]) -> list[Para]:
    out = []
    for page_id in linked.order:
        for _, block, _ in walk_blocks(linked.site.pages[page_id]):
            if isinstance(block, ParagraphBlock):
                texts = _paragraph_texts(block, codes)
                cites = frozenset(s.mandate.key for s in linked.citations(texts[DEFAULT_LANG]) if s.mandate)
                out.append(Para(block.paragraph, page_id, texts, cites))
    return out


def match_paragraphs(old: list[Para], new: list[Para]) -> tuple[list[tuple[Para, Para]], list[Para], list[Para]]:
    """(pairs, removed, added), by text first and number second (see the module's notes)."""
    pairs: list[tuple[Para, Para]] = []
    old_left = {p.number: p for p in old}
    new_left = {p.number: p for p in new}
    by_text: dict[str, list[str]] = {}
    for p in old:
        by_text.setdefault(p.texts[DEFAULT_LANG], []).append(p.number)
    for p in new:  # 1. the same text: the same paragraph, wherever it is now
        numbers = [n for n in by_text.get(p.texts[DEFAULT_LANG], []) if n in old_left]
        if numbers:
            number = p.number if p.number in numbers else numbers[0]
            pairs.append((old_left.pop(number), new_left.pop(p.number)))
    for number in list(new_left):  # 2. the same number, a similar text: edited in place
        if number in old_left and similarity(old_left[number].texts[DEFAULT_LANG],
                                             new_left[number].texts[DEFAULT_LANG]) >= SAME_NUMBER_SIMILARITY:
            pairs.append((old_left.pop(number), new_left.pop(number)))
    for number in list(new_left):  # 3. the most similar text elsewhere: moved and edited
        text = new_left[number].texts[DEFAULT_LANG]
        scored = [(similarity(o.texts[DEFAULT_LANG], text), o.number) for o in old_left.values()]
        best = max(scored, default=(0.0, ""))
        if best[0] >= MOVED_SIMILARITY:
            pairs.append((old_left.pop(best[1]), new_left.pop(number)))
    return pairs, list(old_left.values()), list(new_left.values())


def _ops(old: str, new: str) -> list[list[str]]:
    return [list(op) for op in redline(old, new)]


def compare_paragraphs(old: list[Para], new: list[Para], default: str) -> tuple[list[dict], list[dict], list[dict]]:
    """(paragraph changes, translation changes in paragraphs, citation changes)."""
    changes, translations, citations = [], [], []
    pairs, removed, added = match_paragraphs(old, new)
    order = {p.number: i for i, p in enumerate(new)}
    # in the head plan's order, each added paragraph in its place; the removed ones last
    for o, n in sorted(pairs + [(None, p) for p in added], key=lambda pair: order[pair[1].number]):
        if o is None:
            changes.append({"change": "added", "old": None, "new": n.number, "page": n.page,
                            "anchor": f"para-{n.number}", "text": n.texts[default]})
            citations += [{"change": "added", "key": key, "paragraph": n.number, "page": n.page,
                           "anchor": f"para-{n.number}"} for key in sorted(n.cites)]
            continue
        where = {"page": n.page, "anchor": f"para-{n.number}"}
        moved = o.number != n.number or o.page != n.page
        edited = o.texts[default] != n.texts[default]
        if moved or edited:
            change = {"change": "moved" if moved and not edited else "changed", "old": o.number,
                      "new": n.number, "old_page": o.page, **where}
            if moved and edited:
                change["change"] = "moved and changed"
            if edited:
                change["redline"] = _ops(o.texts[default], n.texts[default])
            changes.append(change)
        for lang in sorted(set(o.texts) | set(n.texts) - {default}):
            if lang == default or o.texts.get(lang) == n.texts.get(lang):
                continue
            kind = "added" if lang not in o.texts else "removed" if lang not in n.texts else "changed"
            item = {"change": kind, "lang": lang, "what": f"paragraph {n.number}", "paragraph": n.number, **where,
                    "old": o.texts.get(lang), "new": n.texts.get(lang)}
            if kind == "changed":
                item["redline"] = _ops(o.texts[lang], n.texts[lang])
            translations.append(item)
        for key in sorted(n.cites - o.cites):
            citations.append({"change": "added", "key": key, "paragraph": n.number, **where})
        for key in sorted(o.cites - n.cites):
            citations.append({"change": "removed", "key": key, "paragraph": n.number, **where})
    for p in removed:
        changes.append({"change": "removed", "old": p.number, "new": None, "old_page": p.page,
                        "page": None, "anchor": None, "text": p.texts[default]})
    return changes, translations, citations


# --------------------------------------------------------------------------- tables and figures


def _row_keys(rows: list) -> list[str]:
    """A key per row: its original label, numbered where the label repeats."""
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        label = text_of(row.label)
        seen[label] += 1
        keys.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return keys


def compare_grid(kind: str, number: str, parts_name: str, old: Any, new: Any,
                 where: dict, source: Any) -> list[dict]:
    """Cell changes of one table or figure (``parts_name``: 'parts' or 'data')."""
    out = []
    old_parts, new_parts = getattr(old, parts_name), getattr(new, parts_name)
    base = {"kind": kind, "number": number, "file": getattr(source, "path", None), **where}
    for i in range(max(len(old_parts), len(new_parts))):
        if i >= len(old_parts) or i >= len(new_parts):
            out.append({**base, "change": "part added" if i >= len(old_parts) else "part removed",
                        "part": i + 1})
            continue
        op, np_ = old_parts[i], new_parts[i]
        columns = [text_of(c.label) for c in np_.leaves()] or [str(k + 1) for k in range(
            max((len(r.values) for r in np_.rows), default=0))]
        old_rows = dict(zip(_row_keys(op.rows), enumerate(op.rows)))
        for key, (j, row) in zip(_row_keys(np_.rows), enumerate(np_.rows)):
            if key not in old_rows:
                out.append({**base, "change": "row added", "part": i + 1, "row": key, "new": row.values})
                continue
            _, old_row = old_rows.pop(key)
            for k in range(max(len(old_row.values), len(row.values))):
                a = old_row.values[k] if k < len(old_row.values) else None
                b = row.values[k] if k < len(row.values) else None
                if a != b or type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
                    line = source.pos((parts_name, i, "rows", j, "values", k))[0] if source else 0
                    out.append({**base, "change": "cell", "part": i + 1, "row": key,
                                "column": columns[k] if k < len(columns) else str(k + 1),
                                "old": a, "new": b, "line": line})
        for key in old_rows:
            out.append({**base, "change": "row removed", "part": i + 1, "row": key})
    return out


# --------------------------------------------------------------------------- where things are


def section_anchors(linked: Linked, page_id: str) -> dict[tuple, str]:
    """The anchor of each section of a page, by its path in the page file, as the renderer gives
    them (pages.render_page: sections in document order, each anchor made unique on its page)."""
    ctx = Context(linked, page_id)
    ctx.used_anchors.add("para")
    return {path: ctx.unique_anchor(section.id or slug(text_of(section.title, DEFAULT_LANG)))
            for path, section, _ in walk_sections(linked.site.pages[page_id])}


def _locate(linked: Linked, file: str, path: tuple, anchors: dict | None = None) -> tuple[tuple, dict]:
    """A stable key for the text at ``path`` of ``file`` (sections by anchor, mandates by key)
    and where the site shows it: {page, anchor}. ``anchors`` keeps each page's section anchors
    for the next call."""
    site = linked.site
    parts = file.split("/")
    stem = parts[-1].removesuffix(".yaml")
    if len(parts) >= 3 and parts[-2] == "pages" and stem in site.pages:
        anchors = {} if anchors is None else anchors
        if stem not in anchors:
            anchors[stem] = section_anchors(linked, stem)
        key: list = []
        anchor = None
        i = 0
        while i < len(path):
            if path[i] == "sections" and i + 1 < len(path):
                anchor = anchors[stem][path[:i + 2]]
                key += ["§", anchor]
                i += 2
                continue
            key.append(path[i])
            i += 1
        return (file, *key), {"page": stem, "anchor": anchor}
    if len(parts) >= 3 and parts[-2] == "tables":
        table = site.tables.get(stem)
        number = table.number if table else stem
        return (file, *path), {"page": linked.xref_index.tables.get(number), "anchor": f"table-{number}"}
    if len(parts) >= 3 and parts[-2] == "figures":
        return (file, *path), {"page": linked.xref_index.figures.get(stem), "anchor": f"figure-{stem}"}
    if stem == "mandates" and path and isinstance(path[0], int) and path[0] < len(site.mandates):
        key_ = mandate_symbols.mandate_key(site.mandates[path[0]])
        entry = linked.mandates.get(key_)
        return (file, key_, *path[1:]), {"page": MANDATES.id, "anchor": entry.anchor if entry else None}
    if path[:1] == ("foreword",):
        return (file, *path), {"page": HOME.id, "anchor": "foreword"}
    if path[:1] == ("navigation",):
        return (file, *path), {"page": None, "anchor": None}
    return (file, *path), {"page": HOME.id, "anchor": None}


def _documents(linked: Linked) -> Iterator[tuple[str, Any]]:
    site = linked.site
    content = site.content
    if content is None:
        return
    yield content.plan.path, site.plan
    if content.mandates is not None:
        for i, m in enumerate(site.mandates):
            yield content.mandates.path, (i, m)
    for stem, page in site.pages.items():
        yield content.pages[stem].path, page
    for stem, table in site.tables.items():
        yield content.tables[stem].path, table
    for stem, fig in site.figures.items():
        yield content.figures[stem].path, fig


def _inside_paragraph(linked: Linked, file: str, path: tuple) -> bool:
    """A text of a paragraph block (compared with its paragraph, not here)."""
    src = linked.site.content.pages.get(file.split("/")[-1].removesuffix(".yaml")) if linked.site.content else None
    if src is None or src.path != file:
        return False
    for k in range(len(path)):
        if k and path[k - 1] == "blocks":
            node = src.get(path[:k + 1])
            if isinstance(node, dict) and "paragraph" in node:
                return True
    return False


@dataclass
class TextUnit:
    label: str
    where: dict
    texts: dict[str, str] = field(default_factory=dict)
    place: tuple = ()  # (file, *path in it): where the text is when its key changed with it


def _leaves(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, path + (i,))
    else:
        yield path, node


def _compared_elsewhere(path: tuple) -> bool:
    """A value another part of the comparison reports: a cell, a mandate list's references, the
    navigation."""
    is_cell = len(path) >= 6 and path[0] in ("parts", "data") and path[2] == "rows" and path[4] == "values"
    return is_cell or "refs" in path or path[:1] == ("navigation",)


def text_units(linked: Linked, codes: list[str]) -> dict[tuple, TextUnit]:
    """Every text field but the paragraphs', by a key that survives reordering; and every other
    value of a page, table, figure or the plan (a recommendation's paragraph, a document symbol,
    a table's unit…) that no other part of the comparison reports, in the default language's
    place (``codes[0]``)."""
    units: dict[tuple, TextUnit] = {}
    anchors: dict[str, dict] = {}
    texts: set[tuple] = set()
    for file, doc in _documents(linked):
        if isinstance(doc, tuple):  # a mandate entry: (index, entry)
            index, entry = doc
            found = [((index, *p), t) for p, t in iter_texts(entry)]
        else:
            found = list(iter_texts(doc))
        for path, text in found:
            texts.add((file, *path))
            if _inside_paragraph(linked, file, path):
                continue
            key, where = _locate(linked, file, path, anchors)
            label = f"{file}: " + ".".join(str(p) for p in key[1:])
            units[key] = TextUnit(label, where, {c: text_of(text, c) for c in codes if has_lang(text, c)},
                                  (file, *path))
    content = linked.site.content
    for src in content.sources() if content is not None else []:
        if src is content.mandates:  # compared as mandates
            continue
        for path, value in _leaves(src.data):
            if (_compared_elsewhere(path) or any((src.path, *path[:k]) in texts for k in range(1, len(path) + 1))
                    or _inside_paragraph(linked, src.path, path)):
                continue
            key, where = _locate(linked, src.path, path, anchors)
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            units[key] = TextUnit(f"{src.path}: " + ".".join(str(p) for p in key[1:]), where,
                                  {codes[0]: shown}, (src.path, *path))
    return units


# --------------------------------------------------------------------------- the comparison


def _listed(linked: Linked) -> set[tuple[str, str]]:
    """(page id, mandate key) of every mandate listed in a page's mandate lists."""
    out = set()
    for page_id, page in linked.site.pages.items():
        for _, block, _ in walk_blocks(page):
            if isinstance(block, MandatesBlock):
                out |= {(page_id, ref) for group in block.mandates for ref in group.refs}
    return out


def _placements(linked: Linked) -> dict[str, str]:
    out = {}
    for page_id, page in linked.site.pages.items():
        for _, block, _ in walk_blocks(page):
            if isinstance(block, TableBlock):
                out.setdefault(f"table {block.table}", page_id)
            elif isinstance(block, FigureBlock):
                out.setdefault(f"figure {block.figure}", page_id)
    return out


def _finding_key(d: Any) -> tuple:
    return d.file, d.severity, d.message


def _finding(d: Any, where: dict) -> dict:
    return {**d.to_dict(), **where}


def compare(old: Plan, new: Plan) -> dict:
    """Everything that changed from ``old`` to ``new`` (both loaded: ``Plan.ok``)."""
    a, b = old.linked, new.linked
    assert isinstance(a, Linked) and isinstance(b, Linked)
    default = next(lang.code for lang in new.languages if lang.default)
    codes = sorted({lang.code for lang in (*old.languages, *new.languages)}, key=lambda c: c != default)
    result: dict[str, Any] = {}

    para_changes, para_translations, citations = compare_paragraphs(
        paragraphs(a, codes), paragraphs(b, codes), default)
    result["paragraphs"] = para_changes

    cells: list[dict] = []
    for kind, attr, parts_name in (("table", "tables", "parts"), ("figure", "figures", "data")):
        olds, news = getattr(a.site, attr), getattr(b.site, attr)
        srcs = getattr(b.site.content, attr) if b.site.content else {}
        for stem in sorted(set(olds) | set(news)):
            file = f"content/{attr}/{stem}.yaml"
            where = _locate(b if stem in news else a, file, ())[1]
            number = (news.get(stem) or olds[stem]).number
            if stem not in olds or stem not in news:
                cells.append({"kind": kind, "number": number, "change": "added" if stem in news else "removed",
                              "file": file, **(where if stem in news else {"page": None, "anchor": None})})
                continue
            cells += compare_grid(kind, number, parts_name, olds[stem], news[stem], where, srcs.get(stem))
    result["cells"] = cells

    old_findings = {_finding_key(d): d for d in old.diagnostics if d.severity != "info"}
    new_findings = {_finding_key(d): d for d in new.diagnostics if d.severity != "info"}
    file_where = {}
    for plan in (b, a):
        for file, _ in _documents(plan):
            file_where.setdefault(file, _locate(plan, file, ())[1])
    result["findings"] = {
        "caused": [_finding(d, file_where.get(d.file, {})) for k, d in new_findings.items() if k not in old_findings],
        "cleared": [_finding(d, {}) for k, d in old_findings.items() if k not in new_findings],
    }

    mandates = []
    for key in b.mandates:
        entry = b.mandates[key]
        where = {"page": MANDATES.id, "anchor": entry.anchor}
        if key not in a.mandates:
            mandates.append({"change": "added", "key": key, "symbol": entry.symbol, "url": entry.url(default), **where})
        elif a.mandates[key].symbol != entry.symbol:
            mandates.append({"change": "relinked", "key": key, "old_symbol": a.mandates[key].symbol,
                             "symbol": entry.symbol, "old_url": a.mandates[key].url(default),
                             "url": entry.url(default), **where})
    for key in a.mandates:
        if key not in b.mandates:
            mandates.append({"change": "removed", "key": key, "symbol": a.mandates[key].symbol,
                             "page": None, "anchor": None})
    listed_old, listed_new = _listed(a), _listed(b)
    for page_id, key in sorted(listed_new - listed_old):
        entry = b.mandates.get(key)
        mandates.append({"change": "listed", "key": key, "on": page_id, "page": MANDATES.id,
                         "anchor": entry.anchor if entry else None})
    for page_id, key in sorted(listed_old - listed_new):
        mandates.append({"change": "unlisted", "key": key, "on": page_id, "page": page_id, "anchor": None})
    result["mandates"] = mandates
    result["citations"] = citations

    texts, translations = [], list(para_translations)
    old_units, new_units = text_units(a, codes), text_units(b, codes)
    # a section without an id is known by its title's anchor: a new title is a new key, and the
    # text is matched by its place in the file instead
    gone = {unit.place: unit for key, unit in old_units.items() if key not in new_units}
    for key, unit in new_units.items():
        before = old_units.get(key) or (gone.get(unit.place) if key not in old_units else None)
        if before is None:
            continue  # part of a page, table, figure or mandate added: reported there
        if before.texts.get(default) != unit.texts.get(default):
            texts.append({"change": "changed", "what": unit.label, **unit.where,
                          "old": before.texts.get(default), "new": unit.texts.get(default),
                          "redline": _ops(before.texts.get(default, ""), unit.texts.get(default, ""))})
        for lang in codes:
            if lang == default or before.texts.get(lang) == unit.texts.get(lang):
                continue
            kind = ("added" if lang not in before.texts else "removed" if lang not in unit.texts
                    else "changed")
            item = {"change": kind, "lang": lang, "what": unit.label, **unit.where,
                    "old": before.texts.get(lang), "new": unit.texts.get(lang)}
            if kind == "changed":
                item["redline"] = _ops(before.texts[lang], unit.texts[lang])
            translations.append(item)
    result["texts"] = texts
    result["translations"] = translations

    pages = []
    for page_id in b.order:
        if page_id not in a.site.pages:
            pages.append({"change": "added", "id": page_id, "title": text_of(b.site.pages[page_id].title),
                          "page": page_id, "anchor": None})
    for page_id in a.order:
        if page_id not in b.site.pages:
            pages.append({"change": "removed", "id": page_id, "title": text_of(a.site.pages[page_id].title),
                          "page": None, "anchor": None})
    common = set(a.order) & set(b.order)
    old_order = [p for p in a.order if p in common]
    new_order = [p for p in b.order if p in common]
    if old_order != new_order:
        pages.append({"change": "navigation", "old": a.order, "new": b.order, "page": None, "anchor": None})
    old_places, new_places = _placements(a), _placements(b)
    for what in sorted(set(old_places) & set(new_places)):
        if old_places[what] != new_places[what]:
            pages.append({"change": "placed", "id": what, "old": old_places[what], "new": new_places[what],
                          "page": new_places[what], "anchor": None})
    result["pages"] = pages
    return result



def counts(result: dict) -> dict[str, int]:
    out = {}
    for name in SECTIONS:
        value = result.get(name, [])
        out[name] = len(value["caused"]) + len(value["cleared"]) if name == "findings" else len(value)
    return out
