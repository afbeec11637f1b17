"""Find internal cross-references in running prose and captions, and resolve them to pages.

``find_xrefs(text, lang)`` returns one :class:`XRef` per printed reference to a table, figure,
paragraph or subprogramme of this document, with its exact character span and a structured
target (kind, number, part). ``build_index(site)`` records which page holds which paragraph, table
and figure; ``resolve_xref(xref, index)`` turns a reference into ``(page_id, anchor)``, or None
when the target does not exist; ``check_xrefs(site)`` reports those as warnings for ``check``.

What the grammars read (generator/linking/grammars/<lang>.py), in Chinese:
    表 14.16(1), 表 14.16(2)和 14.17(2), 表 14.13 至 14.15, 表 14.21 和图 14.二十
    图 14.三十一, 图 14.十八至 14.二十三
    第 14.113 段, 上文第 14.11 段, 第 14.61 至 14.63 段, 第 14.119 段和第 14.122 至 14.125 段,
    第 14.11(b)段 (linked to the paragraph: items have no anchors)
    次级方案 6, 次级方案 1(气候变化), 次级方案 5 和 6, 次级方案 4：(a caption)
In English: table 14.16 (1), tables 14.13 to 14.15, figure 14.XXXI or figure 14.31,
figures 14.XVIII-14.XXIII, para. 14.113, paras. 14.61–14.63, paragraphs 14.61 to 14.63,
subprogramme 6, subprogrammes 1 and 3.
Not references: SDG targets and indicators (具体目标 14.2, 指标 17.14.1, target 14.2), goals
(目标 14), mandate numbers (74/251), years, amounts, numbers inside a document symbol
(A/75/6 (Sect. 14)), paragraphs of other documents (72/219 号决议第 19 段, A/74/7，第四.82 段,
(第 29 段) of an audit report, paragraph 14.2 of resolution 74/251), 次级方案一级, 本次级方案.
Only numbers of this document's section (``section``, "14") are read: a table, figure or
paragraph of the plan is always numbered 14.n.

Spans. Every printed number is its own reference, with its own span: the span of the first
number of a group starts at the group's marker (表, 图, 第, table, para.), a later number's span
starts at its own 第 if it has one, and a paragraph number's span takes the 段 that closes it:
    第 14.58 段和第 14.61 至 14.63 段  ->  "第 14.58 段", "第 14.61", "14.63 段"
    表 14.16(2)和 14.17(2)           ->  "表 14.16(2)", "14.17(2)"
A range links its two printed ends, each to its own target; the numbers between them are not
printed, so they get no link (a range linked only to its first number would hide the second).
A subprogramme's span takes the name in brackets that follows it: "次级方案 1(气候变化)".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.content.load import Source
from generator.content.model import (
    DEFAULT_LANG,
    FigureBlock,
    OrgChartBlock,
    ParagraphBlock,
    RecommendationsBlock,
    Site,
    TableBlock,
    TextBlock,
    Unit,
    figure_stem,
    section_number,
    text_of,
    walk_blocks,
)
from generator.content.validate import Scoped
from generator.diagnostics import Diagnostic
from generator.linking import grammars
from generator.linking.grammars import XRefPatterns
from generator.linking.mandates import roman_to_int

Kind = Literal["table", "figure", "paragraph", "subprogramme"]
KINDS: tuple[Kind, ...] = ("table", "figure", "paragraph", "subprogramme")
SUBPROGRAMME_PAGE = re.compile(r"^subprogramme-(\d{1,2})$")


@dataclass(frozen=True)
class XRef:
    start: int  # span of the reference in the text: text[start:end] == raw
    end: int
    raw: str
    kind: Kind
    number: str  # "14.16"; a figure's arabic number "14.18"; a subprogramme's "6"
    printed: str = ""  # the number as printed: "14.十八", "14.XVIII", "14.16"
    part: int | None = None  # 表 14.16(1) -> 1

    @property
    def anchor(self) -> str | None:
        """The target's anchor on the page that holds it (None: the top of a subprogramme page)."""
        return anchor_for(self.kind, self.number)


def anchor_for(kind: str, number: str) -> str | None:
    if kind == "table":
        return f"table-{number}"
    if kind == "figure":
        return f"figure-{number}"
    if kind == "paragraph":
        return f"para-{number}"
    return None


# --------------------------------------------------------------------------- finding

_PATTERNS: dict[tuple[str, str], XRefPatterns] = {}


def _get_patterns(lang: str, section: str) -> XRefPatterns:
    key = (lang, section)
    if key not in _PATTERNS:
        _PATTERNS[key] = grammars.require(lang).xref_patterns(grammars.xref_shapes(section))
    return _PATTERNS[key]


def _figure_number(printed: str) -> str | None:
    """'14.十八' / '14.XVIII' / '14.18' -> '14.18'."""
    prefix, _, rest = printed.partition(".")
    if re.fullmatch(r"[IVXLC]+", rest):
        try:
            return f"{prefix}.{roman_to_int(rest)}"
        except ValueError:
            return None
    if rest.isdigit():
        return f"{prefix}.{int(rest)}"
    return figure_stem(printed)


def find_xrefs(text: str, lang: str = DEFAULT_LANG, *, section: str = "14") -> list[XRef]:
    """Every internal cross-reference in `text`, in order of position, read by the grammar of
    ``lang`` (ValueError for a language without one: :func:`grammars.has_grammar`)."""
    grammars.require(lang)
    if not text:
        return []
    pats = _get_patterns(lang, section)
    found: list[XRef] = []
    for kind in KINDS:
        for g in pats.groups[kind].finditer(text):
            if kind == "paragraph" and _foreign(text, g, pats):
                continue
            found.extend(_split_group(text, g, kind, pats))
    found.sort(key=lambda x: x.start)
    return found


def _foreign(text: str, g: re.Match[str], pats: XRefPatterns) -> bool:
    before = text[max(0, g.start() - 30) : g.start()]
    if pats.foreign_before.search(before):
        return True
    return bool(pats.foreign_after and pats.foreign_after.match(text, g.end()))


def _split_group(text: str, g: re.Match[str], kind: Kind, pats: XRefPatterns) -> Iterator[XRef]:
    previous_end = g.start()
    digit = re.search(r"\d", g.group())  # the marker (表, 第, table ...) ends at the first digit
    marker_end = g.start() + (digit.start() if digit else 0)
    for i, m in enumerate(pats.numbers[kind].finditer(text, marker_end, g.end())):
        start, end = m.start(), m.end()
        if i == 0:
            start = g.start()
        elif pats.own_marker is not None:
            own = pats.own_marker.search(text, previous_end, start)
            if own:
                start = own.start()
        if kind == "paragraph" and pats.paragraph_close is not None:
            close = pats.paragraph_close.match(text, end, g.end())
            if close:
                end = close.end()
        printed = m["num"]
        part = None
        if kind == "figure":
            number = _figure_number(printed)
            if number is None:  # not a figure number (图 14.二二)
                previous_end = end
                continue
        elif kind == "subprogramme":
            number = str(int(printed))
        else:
            number = printed
            if kind == "table" and m["part"]:
                part = int(m["part"])
        yield XRef(start, end, text[start:end], kind, number, printed, part)
        previous_end = end


# --------------------------------------------------------------------------- resolving


@dataclass
class XRefIndex:
    """Which page holds which paragraph, table and figure, and which page is each subprogramme's."""

    paragraphs: dict[str, str] = field(default_factory=dict)  # "14.47" -> page id
    tables: dict[str, str] = field(default_factory=dict)  # "14.16" -> page id
    table_parts: dict[str, int] = field(default_factory=dict)  # "14.16" -> number of parts
    figures: dict[str, str] = field(default_factory=dict)  # "14.18" -> page id
    subprogrammes: dict[str, str] = field(default_factory=dict)  # "6" -> "subprogramme-6"


def build_index(site: Site) -> XRefIndex:
    """The index of the targets cross-references can point to. Subprogramme pages are the pages
    whose id is ``subprogramme-<n>``; a table or figure belongs to the page that places it."""
    index = XRefIndex()
    figure_numbers = {fig.number: stem for stem, fig in site.figures.items()}
    for page_id in sorted(site.pages):
        if m := SUBPROGRAMME_PAGE.match(page_id):
            index.subprogrammes[str(int(m[1]))] = page_id
        for _, block, _ in walk_blocks(site.pages[page_id]):
            if isinstance(block, ParagraphBlock):
                index.paragraphs.setdefault(block.paragraph, page_id)
            elif isinstance(block, TableBlock):
                index.tables.setdefault(block.table, page_id)
            elif isinstance(block, FigureBlock):
                stem = figure_numbers.get(block.figure) or figure_stem(block.figure)
                if stem:
                    index.figures.setdefault(stem, page_id)
    for stem, table in site.tables.items():
        index.table_parts[stem] = len(table.parts)
    return index


def resolve_xref(xref: XRef, index: XRefIndex) -> tuple[str, str | None] | None:
    """(page id, anchor) of the reference's target; None when there is no such target."""
    if xref.kind == "subprogramme":
        page = index.subprogrammes.get(xref.number)
        return (page, None) if page else None
    if xref.kind == "table":
        page = index.tables.get(xref.number)
        if page is None:
            return None
        if xref.part is not None and not 1 <= xref.part <= index.table_parts.get(xref.number, 1):
            return None
        return page, xref.anchor
    table = index.figures if xref.kind == "figure" else index.paragraphs
    page = table.get(xref.number)
    return (page, xref.anchor) if page else None


def unresolved_reason(xref: XRef, index: XRefIndex) -> str:
    """Why `xref` does not resolve, for an editor."""
    what = {"table": "table", "figure": "figure", "paragraph": "paragraph", "subprogramme": "subprogramme"}[
        xref.kind
    ]
    if xref.kind == "table" and xref.number in index.tables and xref.part is not None:
        n = index.table_parts.get(xref.number, 1)
        return f"'{xref.raw}' refers to part ({xref.part}) of table {xref.number}, which has {n} part(s)"
    if xref.kind == "subprogramme":
        return (
            f"'{xref.raw}' refers to subprogramme {xref.number}, which has no page "
            f"(content/pages/subprogramme-{xref.number}.yaml)"
        )
    shown = f"{xref.printed} ({xref.number})" if xref.printed != xref.number else xref.number
    return f"'{xref.raw}' refers to {what} {shown}, which is not on any page"


# --------------------------------------------------------------------------- prose of the site


@dataclass(frozen=True)
class ProseField:
    """One text field that is prose: where it is (file kind, key, path) and its text value."""

    kind: str  # "pages" | "tables" | "figures" | "plan"
    key: str | None  # page id, table or figure stem
    path: tuple
    text: Any  # a text value: str or {lang: str}
    paragraph: str | None = None  # the numbered paragraph it belongs to
    label: str = ""  # where it is, for people: "14.11(b)", "table 14.3 caption"


def _units(units: list[Unit], path: tuple) -> Iterator[tuple[tuple, Unit]]:
    for i, unit in enumerate(units):
        yield path + (i,), unit
        yield from _units(unit.units, path + (i, "units"))


def prose_fields(site: Site) -> Iterator[ProseField]:
    """Every prose text of the site: paragraphs (text, items, text after, footnotes), unnumbered
    text, annex texts, table and figure captions, subtitles and notes, the foreword. Headings and
    titles are not prose (a heading is not a link)."""
    if site.plan.foreword:
        for i, t in enumerate(site.plan.foreword.paragraphs):
            yield ProseField("plan", None, ("foreword", "paragraphs", i), t, label=f"foreword {i + 1}")
    for page_id in sorted(site.pages):
        texts = 0
        for path, block, _ in walk_blocks(site.pages[page_id]):
            if isinstance(block, ParagraphBlock):
                n = block.paragraph
                yield ProseField("pages", page_id, path + ("text",), block.text, n, n)
                for i, item in enumerate(block.items):
                    yield ProseField("pages", page_id, path + ("items", i, "text"), item.text, n,
                                     f"{n}{item.label}")
                if block.text_after is not None:
                    yield ProseField("pages", page_id, path + ("text_after",), block.text_after, n,
                                     f"{n} text after")
                for i, fn in enumerate(block.footnotes):
                    yield ProseField("pages", page_id, path + ("footnotes", i, "text"), fn.text, n,
                                     f"{n} footnote {fn.number}")
            elif isinstance(block, TextBlock):
                texts += 1
                yield ProseField("pages", page_id, path + ("text",), block.text,
                                 label=f"{page_id} text {texts}")
            elif isinstance(block, RecommendationsBlock):
                for g, group in enumerate(block.recommendations):
                    src = group.symbol or text_of(group.source)
                    for i, item in enumerate(group.items):
                        where = path + ("recommendations", g, "items", i)
                        at = f"{page_id} {src} para {item.paragraph}" if item.paragraph else f"{page_id} {src} #{i + 1}"
                        yield ProseField("pages", page_id, where + ("recommendation",), item.recommendation,
                                         label=f"{at} recommendation")
                        yield ProseField("pages", page_id, where + ("action",), item.action,
                                         label=f"{at} action")
            elif isinstance(block, OrgChartBlock):
                for where, unit in _units(block.org_chart.units, path + ("org_chart", "units")):
                    if unit.serves is not None:
                        yield ProseField("pages", page_id, where + ("serves",), unit.serves,
                                         label=f"{page_id} {text_of(unit.name)} serves")
    for kind, items in (("tables", site.tables), ("figures", site.figures)):
        what = "table" if kind == "tables" else "figure"
        for stem in sorted(items):
            obj = items[stem]
            yield ProseField(kind, stem, ("caption",), obj.caption, label=f"{what} {obj.number} caption")
            if kind == "figures" and obj.subtitle is not None:
                yield ProseField(kind, stem, ("subtitle",), obj.subtitle, label=f"{what} {obj.number} subtitle")
            for i, note in enumerate(obj.notes):
                yield ProseField(kind, stem, ("notes", i, "text"), note.text,
                                 label=f"{what} {obj.number} note {note.label or i + 1}")


def _langs(text: Any) -> list[str]:
    """The languages of a text value that a grammar reads (a plain string is the default language's)."""
    langs = [DEFAULT_LANG] if isinstance(text, str) else sorted(text)
    return [lang for lang in langs if grammars.has_grammar(lang)]


def _source(site: Site, kind: str, key: str | None) -> Source:
    src = site.source(kind, key)
    if src is None:  # a model built without sources (tests)
        return Source("content/plan.yaml" if kind == "plan" else f"content/{kind}/{key}.yaml")
    return src


def check_xrefs(site: Site, *, translations: bool = False, scoped: Scoped | None = None) -> list[Diagnostic]:
    """Every cross-reference in prose whose target does not exist. In the Chinese texts (the
    source's, verbatim) a warning: the text is printed without a link. With ``translations``,
    the other languages' texts instead, and an error: a translation must cite what the plan
    holds, and would otherwise be published unlinked. With ``scoped``, a file checked before
    against the same targets is not read again."""
    section = section_number(site.plan.symbol)
    if not section:  # a plan without a section number: nothing to read references by
        return []
    index = build_index(site)
    check = f"cross-references{' in translations' if translations else ''}"
    if scoped is not None:
        scoped.against(check, (section, index))
    by_file: dict[tuple[str, str | None], list[ProseField]] = {}
    for prose in prose_fields(site):
        by_file.setdefault((prose.kind, prose.key), []).append(prose)
    out: list[Diagnostic] = []
    for (kind, key), fields in by_file.items():
        obj = site.plan if kind == "plan" else getattr(site, kind)[key]
        found = scoped.found(check, (kind, key), obj) if scoped is not None else None
        if found is None:
            found = [d for prose in fields for d in _unresolved(site, prose, index, section, translations)]
            if scoped is not None:
                scoped.keep(check, (kind, key), obj, found)
        out += found
    return out


def _unresolved(site: Site, prose: ProseField, index: XRefIndex, section: str,
                translations: bool) -> Iterator[Diagnostic]:
    """:func:`check_xrefs` of one prose field."""
    for lang in _langs(prose.text):
        if (lang != DEFAULT_LANG) != translations:
            continue
        text = text_of(prose.text, lang)
        for xref in find_xrefs(text, lang, section=section):
            if resolve_xref(xref, index) is None:
                path = prose.path if isinstance(prose.text, str) else prose.path + (lang,)
                yield _source(site, prose.kind, prose.key).diag(
                    path, unresolved_reason(xref, index), "error" if translations else "warning",
                    hint=("cite what the Chinese text cites, as it is numbered on the site"
                          if translations else "the text is printed as it is, without a link"),
                )
