"""Backlinks: where each mandate is cited ("cited in"), the mandates × parts matrix, and the model
of the mandates page.

A mandate is cited as an entry of a legislative mandate list (the ``mandates:`` block that follows
the list paragraph, e.g. 14.29 "以下清单列示本次级方案所有授权。"), in running text (a paragraph, a
caption, a text cell of a table such as 表 14.19's 授权：理事会第 27/2 号决定; found by
:func:`generator.linking.citations.find_citations` with the registry's keys as ``known_keys``), or in the
printed title of another list entry (SS.VIII/1's title cites SS.VII/1). :func:`backlinks` collects
them all, in document order; :func:`matrix` arranges them by part (the overall orientation and each
subprogramme); :func:`mandates_page` groups the registry by body and kind, naturally sorted
(2/3 before 2/24), each entry with its anchor, symbol, titles, undocs.org URLs and "cited in".

Pure functions over the Site model; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.content.model import (
    DEFAULT_LANG,
    FigureBlock,
    MandatesBlock,
    ParagraphBlock,
    Site,
    TableBlock,
    figure_stem,
    has_lang,
    is_text_cell,
    nav_pages,
    text_of,
    walk_blocks,
)
from generator.diagnostics import Diagnostic
from generator.linking import citations, grammars, mandates
from generator.linking.xrefs import SUBPROGRAMME_PAGE, _langs, _source, prose_fields

ORIENTATION_PAGE = "orientation"


@dataclass(frozen=True)
class Citing:
    """One place that cites a mandate."""

    # "list": an entry of a mandate list; "text": a citation in running text (a paragraph, a
    # caption, a table cell); "title": a citation inside the printed title of another list entry
    kind: Literal["list", "text", "title"]
    page_id: str
    paragraph: str | None  # the list paragraph ("14.29") or the citing paragraph; None if unnumbered
    label: str  # where, for people and tests: "14.29", "14.11(b)", "table 14.19 caption"
    # the anchor on the page: para-14.29, table-14.19 (a caption or cell); None: the page itself
    anchor: str | None = None
    heading: Any = None  # a list's heading as printed (a text value), for kinds "list" and "title"
    via: str | None = None  # for kind "title": the key of the entry whose title cites the mandate


@dataclass
class Backlinks:
    cited_in: dict[str, list[Citing]] = field(default_factory=dict)  # mandate key -> places
    # prose citations whose key is not in the registry: key -> places (validate reports those)
    unknown: dict[str, list[Citing]] = field(default_factory=dict)

    def lists(self, key: str) -> list[Citing]:
        return [c for c in self.cited_in.get(key, []) if c.kind == "list"]

    def texts(self, key: str) -> list[Citing]:
        return [c for c in self.cited_in.get(key, []) if c.kind != "list"]


def page_order(site: Site) -> list[str]:
    """Page ids in navigation order, then pages missing from the navigation (sorted)."""
    order: list[str] = []
    for _, page_id in nav_pages(site.plan.navigation):
        if page_id in site.pages and page_id not in order:
            order.append(page_id)
    return order + sorted(set(site.pages) - set(order))


def backlinks(site: Site) -> Backlinks:
    """Every mandate list entry and every prose citation, by mandate key, in document order.

    A place is listed once per mandate even when it cites the mandate twice."""
    known = {m.key for m in site.mandates}
    out = Backlinks()
    seen: set[tuple] = set()
    for key, citing in _places(site, known):
        mark = (key, citing.kind, citing.page_id, citing.label, repr(citing.heading), citing.via)
        if mark in seen:
            continue
        seen.add(mark)
        (out.cited_in if key in known else out.unknown).setdefault(key, []).append(citing)
    return out


def _block_path(path: tuple) -> tuple:
    """The path of the block a field path lies in: up to the last ("blocks", i)."""
    i = max(j for j, part in enumerate(path) if part == "blocks")
    return path[: i + 2]


def _places(site: Site, known: set[str]) -> Iterator[tuple[str, Citing]]:
    """(key, place) for every citation: the foreword, then pages in navigation order with their
    blocks in document order (a table's or figure's caption, notes and cells at its place)."""
    fields: dict[tuple[str, tuple], list] = {}
    by_object: dict[tuple[str, str | None], list] = {}
    for f in prose_fields(site):
        if f.kind == "pages":
            fields.setdefault((f.key, _block_path(f.path)), []).append(f)
        else:
            by_object.setdefault((f.kind, f.key), []).append(f)
    titles = {m.key: m.title for m in site.mandates if m.title is not None}
    for f in by_object.get(("plan", None), []):
        for key in _prose_keys(f.text, known):
            yield key, Citing("text", "index", None, f.label)
    figure_stems = {fig.number: stem for stem, fig in site.figures.items()}
    for page_id in page_order(site):
        paragraph: str | None = None  # the last numbered paragraph: the one a list belongs to
        for path, block, _ in walk_blocks(site.pages[page_id]):
            if isinstance(block, ParagraphBlock):
                paragraph = block.paragraph
            if isinstance(block, MandatesBlock):
                for group in block.mandates:
                    for ref in group.refs:
                        where, anchor = paragraph or page_id, _para_anchor(paragraph)
                        yield ref, Citing("list", page_id, paragraph, where, anchor, group.heading)
                        # an entry's printed title may cite another mandate (SS.VIII/1 cites SS.VII/1)
                        for key in _prose_keys(titles.get(ref), known):
                            if key != ref:
                                yield key, Citing("title", page_id, paragraph, where, anchor, group.heading, ref)
                continue
            if isinstance(block, TableBlock):
                yield from _object_places(site, "tables", block.table, page_id, by_object, known)
            elif isinstance(block, FigureBlock):
                stem = figure_stems.get(block.figure) or figure_stem(block.figure)
                yield from _object_places(site, "figures", stem, page_id, by_object, known)
            for f in fields.get((page_id, path), []):
                for key in _prose_keys(f.text, known):
                    yield key, Citing("text", page_id, f.paragraph, f.label, _para_anchor(f.paragraph))


def _para_anchor(paragraph: str | None) -> str | None:
    return f"para-{paragraph}" if paragraph else None


def _object_places(
    site: Site, kind: str, stem: str | None, page_id: str, by_object: dict, known: set[str]
) -> Iterator[tuple[str, Citing]]:
    anchor = f"{'table' if kind == 'tables' else 'figure'}-{stem}"
    for f in by_object.get((kind, stem), []):
        for key in _prose_keys(f.text, known):
            yield key, Citing("text", page_id, None, f.label, anchor)
    table = site.tables.get(stem) if kind == "tables" and stem else None
    parts = table.parts if table else (site.figures[stem].data if kind == "figures" and stem in site.figures else [])
    what = "table" if kind == "tables" else "figure"
    number = table.number if table else (site.figures[stem].number if stem in site.figures else stem)
    for part in parts:
        for row in part.rows:
            for value in row.values:
                if is_text_cell(value):  # a text cell (table 14.19: 授权：理事会第 27/2 号决定)
                    for key in _prose_keys(value, known):
                        yield key, Citing("text", page_id, None, f"{what} {number}", anchor)


def _prose_keys(text: Any, known: set[str]) -> Iterator[str]:
    if text is None:
        return
    for lang in _langs(text):
        for c in citations.find_citations(text_of(text, lang), lang, known_keys=known):
            if c.key is not None:
                yield c.key


# --------------------------------------------------------------------------- the matrix


def part_of(page_id: str) -> str | None:
    """The part of the plan a page is: "orientation", a subprogramme's number ("1".."7"), or None."""
    if page_id == ORIENTATION_PAGE:
        return "orientation"
    m = SUBPROGRAMME_PAGE.match(page_id)
    return str(int(m[1])) if m else None


def parts(site: Site) -> list[str]:
    """The matrix's columns: the overall orientation, then the subprogrammes in number order."""
    found = {p for p in (part_of(page_id) for page_id in site.pages) if p is not None}
    subs = sorted((p for p in found if p != "orientation"), key=int)
    return (["orientation"] if "orientation" in found else []) + subs


def matrix(site: Site, links: Backlinks | None = None) -> dict[str, dict[str, list[Citing]]]:
    """mandate key -> part -> the lists and paragraphs of that part that cite it (only cells that
    cite; every registry key has a row, possibly empty). Citations on other pages (resources,
    policymaking organs, ...) are in "cited in" but belong to no part."""
    links = links if links is not None else backlinks(site)
    columns = set(parts(site))
    rows: dict[str, dict[str, list[Citing]]] = {}
    for key in sorted({m.key for m in site.mandates}, key=sort_key):
        row: dict[str, list[Citing]] = {}
        for citing in links.cited_in.get(key, []):
            part = part_of(citing.page_id)
            if part in columns:
                row.setdefault(part, []).append(citing)
        rows[key] = row
    return rows


# --------------------------------------------------------------------------- the mandates page

_OLD = re.compile(r"^(\d+)\(([IVXL]+)\)$")  # 2997(XXVII): GA, sessions 1-30
_REGULAR = re.compile(r"^(\d+)/(\d+)$")  # 74/251, 27/2, 4/1
_SPECIAL = re.compile(r"^S-(\d+)/(\d+)$")  # S-19/2: GA special session
_GC_SPECIAL = re.compile(r"^SS\.([IVX]+)/(\d+)$")  # SS.XI/2: GC special session


def sort_key(key: str) -> tuple:
    """Mandates in reading order: body (GA, GC, UNEA), kind, then by session and number, numbers
    compared as numbers (2/3 before 2/24, 74/81 before 74/121). GA resolutions of the Roman-numbered
    sessions (913(X), 2997(XXVII)) come before session 31, special sessions after the regular ones."""
    body, kind, number = mandates.parse_key(key)
    if m := _OLD.match(number):
        rest: tuple = (0, mandates.roman_to_int(m[2]), int(m[1]))
    elif m := _REGULAR.match(number):
        rest = (1, int(m[1]), int(m[2]))
    elif m := _SPECIAL.match(number):
        rest = (2, int(m[1]), int(m[2]))
    elif m := _GC_SPECIAL.match(number):
        rest = (3, mandates.roman_to_int(m[1]), int(m[2]))
    else:
        rest = (4, mandates.natural_key(number))
    return (mandates.BODIES.index(body), mandates.KINDS.index(kind), rest)


@dataclass
class PageEntry:
    key: str
    anchor: str  # the entry's id on the mandates page: ga-resolution-74-251
    body: str
    kind: str
    number: str
    symbol: str
    title: dict[str, str]  # lang -> title ("" when the registry has none)
    title_lang: dict[str, str]  # lang -> the language the title is really in (zh when it falls back)
    urls: dict[str, str]  # lang -> https://undocs.org/{lang}/{symbol}
    section: str | None
    cited_in: list[Citing]


@dataclass
class KindGroup:
    kind: str  # resolution | decision | declaration (the page's strings name it: kind_resolution)
    entries: list[PageEntry]


@dataclass
class BodyGroup:
    body: str  # GA | GC | UNEA (the page's strings name it: body_GA)
    kinds: list[KindGroup]


def mandates_page(site: Site, links: Backlinks | None = None, langs: tuple[str, ...] | None = None) -> list[BodyGroup]:
    """The mandates page: the registry by body (GA, GC, UNEA) and kind, numbers in natural order,
    each document once (the registry's first entry for a key; validate reports duplicates).

    Titles and URLs in ``langs`` (default: the default language and those of the registry's titles)."""
    links = links if links is not None else backlinks(site)
    if langs is None:
        titled = {lang for m in site.mandates if isinstance(m.title, dict) for lang in m.title}
        langs = (DEFAULT_LANG, *sorted(titled - {DEFAULT_LANG}))
    entries: dict[str, Any] = {}
    for m in site.mandates:
        entries.setdefault(m.key, m)
    by_body: dict[str, dict[str, list[PageEntry]]] = {}
    for key in sorted(entries, key=sort_key):
        m = entries[key]
        symbol = mandates.symbol(m)
        entry = PageEntry(
            key=key,
            anchor=mandates.mandate_anchor(key),
            body=m.body,
            kind=m.kind,
            number=m.number,
            symbol=symbol,
            title={lang: text_of(m.title, lang) for lang in langs},
            title_lang={lang: lang if m.title is not None and has_lang(m.title, lang) else DEFAULT_LANG
                        for lang in langs},
            urls={lang: mandates.symbol_url(symbol, lang) for lang in langs},
            section=m.section,
            cited_in=list(links.cited_in.get(key, [])),
        )
        by_body.setdefault(m.body, {}).setdefault(m.kind, []).append(entry)
    out = []
    for body in sorted(by_body, key=mandates.BODIES.index):
        kinds = [KindGroup(kind, by_body[body][kind]) for kind in sorted(by_body[body], key=mandates.KINDS.index)]
        out.append(BodyGroup(body, kinds))
    return out


def symbol_sharing(site: Site) -> dict[str, list[str]]:
    """Documents that hold several mandates (a session report): symbol -> keys, for people who
    wonder why two entries link to the same document."""
    shared: dict[str, list[str]] = {}
    seen: set[str] = set()
    for m in site.mandates:
        if m.key in seen:
            continue
        seen.add(m.key)
        shared.setdefault(mandates.symbol(m), []).append(m.key)
    return {s: sorted(keys, key=sort_key) for s, keys in shared.items() if len(keys) > 1}



# --------------------------------------------------------------------------- warnings for check


def check_citations(site: Site) -> list[Diagnostic]:
    """A warning for every mandate cited in prose whose body the linker cannot tell (4/1 could be
    UNEA's or the Governing Council's and the sentence does not say): it is printed without a link.
    (A cited key that is not in the registry is validate's error.)"""
    known = {m.key for m in site.mandates}
    out: list[Diagnostic] = []
    for prose in prose_fields(site):
        for lang in _langs(prose.text):
            grammar = grammars.require(lang)
            for c in citations.find_citations(text_of(prose.text, lang), lang, known_keys=known):
                if c.key is None:
                    path = prose.path if isinstance(prose.text, str) else prose.path + (lang,)
                    out.append(_source(site, prose.kind, prose.key).diag(
                        path, f"cannot tell which mandate '{c.raw}' is: {c.reason}", "warning",
                        hint=grammar.NAME_THE_BODY,
                    ))
    return out
