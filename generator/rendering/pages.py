"""Stage 4, render: linked model -> Markdown pages (one function per page kind).

Pages are Markdown for their headings (so MkDocs builds the table of contents) and HTML for
everything else: the plan's text is plain text, never Markdown, so it is HTML-escaped and
emitted inside raw HTML blocks where Markdown does not touch it. Every template is autoescaped
and undefined names are errors.

Anchors (stable, used by links from other pages and documents):

* paragraphs ``#para-14.47``; footnotes ``#fn-1`` and their calls ``#fnref-1``;
* tables ``#table-14.16``;
* figures ``#figure-14.18``: the arabic number of the figure (图 14.十八), which is also its file
  name, so that the anchor stays ASCII;
* sections: their ``id`` in the YAML, else a slug of the default-language (Chinese) title
  (pymdownx.slugs, like the TOC): the same in every language, so the language switch can keep
  the reader's place;
* mandates on the mandates page: ``#ga-resolution-74-251`` (see :func:`generator.linking.link.mandate_anchor`).

Languages: a page is rendered in one language. A text without a translation into it is shown in
the default language, wrapped in ``lang="zh"`` and marked (class ``fallback``), and the page then
opens with a notice; interface text comes from content/strings/<lang>.yaml (:mod:`generator.i18n.languages`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from pymdownx.slugs import slugify as _pymdownx_slugify

from generator.content import generated
from generator.content.model import (
    DEFAULT_LANG,
    BudgetFigure,
    FigureBlock,
    MandatesBlock,
    OrgChartBlock,
    Page,
    ParagraphBlock,
    RecommendationsBlock,
    Section,
    TableBlock,
    TablePart,
    TextBlock,
    figure_stem,
    has_lang,
    text_of,
)
from generator.diagnostics import Diagnostic, GeneratorError
from generator.i18n import languages as i18n
from generator.linking import backlinks, mandates
from generator.linking.link import Linked
from generator.rendering import charts, downloads, printing, variance
from generator.rendering.markup import scroll_box
from generator.rendering.numbers import figure_number, format_number

TEMPLATES = Path(__file__).parent / "templates"
NIL = "—"

_slugify = _pymdownx_slugify(case="lower")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


# --------------------------------------------------------------------------- escaping helpers


def md_text(text: str) -> Markup:
    """Escape plain text for a Markdown heading line: HTML specials as entities,
    Markdown specials with a backslash."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped).replace("|", "&#124;")
    return Markup(escaped)


def slug(text: str) -> str:
    return _slugify(text, "-")


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What a page being rendered needs to know: the linked site, the language, its own id,
    and the footnotes collected while its paragraphs are rendered."""

    linked: Linked
    page_id: str
    lang: str = DEFAULT_LANG
    use_directory_urls: bool = False
    strings: i18n.Strings | None = None
    languages: tuple[i18n.Language, ...] = i18n.DEFAULT_LANGUAGES
    footnotes: list[tuple[int, Markup]] = field(default_factory=list)
    used_anchors: set[str] = field(default_factory=set)
    fallbacks: int = 0  # texts shown untranslated (in the default language) on this page
    _helpers: dict[str, Any] | None = field(default=None, repr=False)

    def helpers(self) -> dict[str, Any]:
        """The names every template of this page may use, bound to this page (made once a page)."""
        if self._helpers is None:
            self._helpers = {
                "t": self.t, "tx": self.tx, "inline": lambda text, calls=None: inline(self, text, calls),
                "href": self.href, "lang": self.lang, "s": self.s, "num": self.num,
                "figure_number": self.figure_number, "note_label": self.note_label,
                "doc_url": lambda symbol: doc_url(symbol, self.lang),
            }
        return self._helpers

    def render(self, template: str, **kwargs: Any) -> str:
        """Render a template for this page: the page's helpers and ``kwargs`` are its variables."""
        return _env().get_template(template).render(**self.helpers(), **kwargs)

    def t(self, text: Any) -> str:
        return text_of(text, self.lang)

    def s(self, key: str, **fmt: Any) -> str:
        """An interface string of the page's language."""
        assert self.strings is not None
        value = str(self.strings[key])
        return value.format(**fmt) if fmt else value

    def is_fallback(self, text: Any) -> bool:
        """Whether ``text`` is shown in the default language on this page, for want of a translation."""
        return (text is not None and self.lang != DEFAULT_LANG and not has_lang(text, self.lang)
                and not i18n.is_neutral(text))

    def text_lang(self, text: Any) -> str:
        return DEFAULT_LANG if self.is_fallback(text) else self.lang

    def tx(self, text: Any) -> Markup:
        """Text as HTML: escaped, and marked when it is an untranslated fallback."""
        return mark_fallback(self, text, escape(self.t(text)))

    def note_label(self, label: str) -> str:
        """A table note's label: the default language's word for "note" (注) in the page's language."""
        assert self.strings is not None
        word = self.strings.fallback.get("note_label", self.strings.values.get("note_label"))
        return self.s("note_label") if label == word else label

    def figure_number(self, number: str) -> str:
        return figure_number(number, str(self.s("figure_numerals")))

    def num(self, value: Any, decimals: int | None) -> str:
        if self.strings is None:
            return format_number(value, decimals)
        return format_number(value, decimals, str(self.strings["number_group"]), str(self.strings["number_decimal"]))

    def href(self, page_id: str, anchor: str | None = None) -> str:
        """A link from this page to another page (or an anchor on it), as a final URL: raw HTML
        is not rewritten by MkDocs."""
        if page_id == self.page_id:
            url = ""
        elif self.use_directory_urls:
            up = "" if self.page_id == "index" else "../"
            url = up if page_id == "index" else f"{up}{page_id}/"
            url = url or "./"
        else:
            url = f"{page_id}.html"
        return url + (f"#{anchor}" if anchor else "")

    def unique_anchor(self, base: str) -> str:
        anchor, n = base or "section", 1
        while anchor in self.used_anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.used_anchors.add(anchor)
        return anchor


def mark_fallback(ctx: Context, text: Any, html_text: Markup) -> Markup:
    if not ctx.is_fallback(text):
        return html_text
    ctx.fallbacks += 1
    return Markup('<span lang="{}" class="fallback" title="{}">{}</span>').format(
        DEFAULT_LANG, ctx.s("untranslated_mark"), html_text)


@dataclass(frozen=True)
class _Link:
    """A span of a text that becomes a link: a cited mandate, or a cross-reference."""

    start: int
    end: int
    html: str  # the opening tag; "" for a citation that links nowhere (an unknown mandate)


def _links(ctx: Context, text: Any, raw: str) -> list[_Link]:
    """Mandate citations and internal cross-references of ``raw``, in order, without overlaps."""
    lang = ctx.text_lang(text)
    found: list[_Link] = []
    for sp in ctx.linked.citations(raw, lang):
        tag = ""
        if sp.mandate is not None:
            m = sp.mandate
            tip = m.symbol
            if m.entry.title is not None:
                tip += ctx.s("colon") + ctx.t(m.entry.title)
            tag = f'<a class="mandate-cite" href="{escape(m.url(ctx.lang))}" title="{escape(tip)}">'
        found.append(_Link(sp.start, sp.end, tag))
    for x, page_id, anchor in ctx.linked.xrefs(raw, lang):
        if page_id == ctx.page_id and anchor is None:
            continue  # "次级方案 6" on subprogramme 6's own page: a link to where the reader is
        found.append(_Link(x.start, x.end, f'<a class="xref" href="{escape(ctx.href(page_id, anchor))}">'))
    out: list[_Link] = []
    for link in sorted(found, key=lambda k: (k.start, -k.end)):
        if out and link.start < out[-1].end:
            continue  # overlapping: the earlier (or longer) one wins
        out.append(link)
    return out


def inline(ctx: Context, text: Any, calls: list[tuple[int, str]] | None = None) -> Markup:
    """Plain text -> safe HTML: escaped, with cited mandates and cross-references (表 14.16(1),
    第 14.113 段 ...) linked and footnote calls inserted.

    ``calls`` are (position in the text, footnote number) pairs. Mandates and references are found
    in the language the text is in; mandate links go to undocs.org in the page's language."""
    if text is None:
        return Markup("")
    raw = ctx.t(text)
    spans = _links(ctx, text, raw)
    inserts: dict[int, list[str]] = {}
    for pos, number in calls or []:
        for sp in spans:  # never split a link: move the call after it
            if sp.start < pos < sp.end:
                pos = sp.end
        inserts.setdefault(pos, []).append(number)
    out: list[str] = []
    cursor = 0

    def emit_plain(upto: int) -> None:
        nonlocal cursor
        for pos in sorted(p for p in inserts if cursor < p <= upto):
            out.append(str(escape(raw[cursor:pos])))
            for number in inserts.pop(pos):
                out.append(footnote_call(number))
            cursor = pos
        out.append(str(escape(raw[cursor:upto])))
        cursor = upto

    for sp in spans:
        emit_plain(sp.start)
        piece = str(escape(raw[sp.start:sp.end]))
        out.append(f"{sp.html}{piece}</a>" if sp.html else piece)
        cursor = sp.end
    emit_plain(len(raw))
    for pos in sorted(inserts):  # calls past the end (cannot happen after validation)
        for number in inserts[pos]:
            out.append(footnote_call(number))
    return mark_fallback(ctx, text, Markup("".join(out)))


def doc_url(symbol: Any, lang: str) -> str:
    """https://undocs.org/{lang}/{symbol} for a well-formed document symbol, else "" (no link:
    a symbol that is not one must never become a URL; validate reports it)."""
    try:
        return mandates.symbol_url(str(symbol), lang if lang in mandates.LANGS else DEFAULT_LANG)
    except ValueError:
        return ""


def footnote_call(number: Any) -> str:
    n = escape(str(number))
    return f'<sup class="fn-call" id="fnref-{n}"><a href="#fn-{n}">{n}</a></sup>'


# --------------------------------------------------------------------------- blocks


def _html(ctx: Context, template: str, **kwargs: Any) -> Markup:
    """Render an HTML fragment template; its output is safe (everything in it was escaped)."""
    text = ctx.render(template, **kwargs)
    # no blank lines inside a raw HTML block: Markdown would end the block there
    return Markup("\n".join(line for line in text.splitlines() if line.strip()))


def render_paragraph(ctx: Context, block: ParagraphBlock) -> Markup:
    texts: list[tuple[str, Any]] = [("text", block.text)]
    texts += [(f"item{i}", it.text) for i, it in enumerate(block.items)]
    if block.text_after is not None:
        texts.append(("after", block.text_after))
    calls: dict[str, list[tuple[int, str]]] = {}
    for fn in block.footnotes:
        after = ctx.t(fn.after)
        for name, text in texts:
            pos = ctx.t(text).find(after) if after else -1
            if pos >= 0:
                calls.setdefault(name, []).append((pos + len(after), str(fn.number)))
                break
        ctx.footnotes.append((fn.number, inline(ctx, fn.text)))
    html_text = {name: inline(ctx, text, calls.get(name)) for name, text in texts}
    return _html(ctx, "paragraph.html.j2",
        block=block, anchor=f"para-{block.paragraph}", text=html_text, items=block.items,
    )


def _header_rows(part: TablePart) -> list[list[dict]]:
    depth = max((c.depth() for c in part.columns), default=1)
    rows: list[list[dict]] = [[] for _ in range(depth)]

    def place(cols, level):
        for col in cols:
            leaves = len(col.leaves())
            if col.columns:
                rows[level].append({"label": col.label, "colspan": leaves, "rowspan": 1})
                place(col.columns, level + 1)
            else:
                rows[level].append({"label": col.label, "colspan": 1, "rowspan": depth - level})

    place(part.columns, 0)
    return rows


def _part_view(ctx: Context, part: TablePart, decimals: int | None, marks: bool = False) -> dict:
    """A table part for the template. ``marks``: the variance marks (a class and a title on each
    compared cell; the number itself is never touched)."""
    leaves = part.leaves()
    col_decimals = [c.decimals if c.decimals is not None else decimals for c in leaves]
    columns = ctx.linked.site.plan.columns
    cell_marks = (variance.part_cells(part, columns.compare if columns else [], ctx.lang, ctx.strings)
                  if marks else [])
    rows = []
    for r, row in enumerate(part.rows):
        cells = []
        for i, v in enumerate(row.values):
            d = col_decimals[i] if i < len(col_decimals) else decimals
            cls = "num" if isinstance(v, (int, float)) or v == NIL else "text"
            if v is None:
                cls = "blank"
            # a text cell is prose: it may cite a mandate or another table (授权：理事会第 27/2 号决定)
            text = inline(ctx, v) if cls == "text" else ctx.num(v, d)
            mark, title = cell_marks[r][i] if r < len(cell_marks) and i < len(cell_marks[r]) else ("", "")
            cells.append({"text": text, "cls": f"{cls} {mark}" if mark else cls, "title": title})
        rows.append({"row": row, "cells": cells})
    return {
        "part": part,
        "header": _header_rows(part),
        "depth": max((c.depth() for c in part.columns), default=1),
        "width": len(leaves),
        "rows": rows,
        # a part whose rows have no label (one row of text by year) has no column of row labels:
        # an empty column would take a fifth of a phone's width
        "row_labels": part.row_header is not None or any(
            ctx.t(row.label) or row.number or row.note for row in part.rows),
    }


def asset_href(ctx: Context, path: str) -> str:
    """A link from this page to a file of the docs folder (a download)."""
    up = "../" if ctx.use_directory_urls and ctx.page_id != "index" else ""
    return up + path


def render_table(ctx: Context, number: str) -> Markup:
    table = ctx.linked.site.tables.get(number)
    if table is None:
        return Markup(f'<p class="missing">{escape(ctx.s("table"))} {escape(number)}</p>')
    parts = [_part_view(ctx, p, table.decimals, marks=True) for p in table.parts]
    return _html(ctx, "table.html.j2",
        table=table, anchor=f"table-{table.number}", parts=parts,
        csv_href=asset_href(ctx, downloads.table_filename(number)),  # its file's stem: it was found by it
    )


# The figures' stems by their numbers, for the figures of one site (kept with them: looking a
# figure up by its number for every figure block went over every figure)
_FIGURE_STEMS: tuple[dict[str, Any], dict[str, str]] | None = None


def _figure_stem_of(figures: dict[str, Any], number: str) -> str | None:
    global _FIGURE_STEMS
    if _FIGURE_STEMS is None or _FIGURE_STEMS[0] is not figures:
        stems: dict[str, str] = {}
        for stem, fig in figures.items():
            stems.setdefault(fig.number, stem)  # the first, as a search in order finds it
        _FIGURE_STEMS = (figures, stems)
    return _FIGURE_STEMS[1].get(number) or figure_stem(number)


def render_figure(ctx: Context, number: str) -> Markup:
    site = ctx.linked.site
    stem = _figure_stem_of(site.figures, number)
    fig = site.figures.get(stem or "")
    if fig is None:
        return Markup(f'<p class="missing">{escape(ctx.s("figure"))} {escape(number)}</p>')
    # charts.figure_html escapes every text itself (XML-safe: the SVG is also well-formed XML)
    return _html(ctx, "figure.html.j2",
        figure=fig, anchor=f"figure-{stem}", figure_html=Markup(charts.figure_html(fig, ctx.lang, ctx.strings)),
    )


def render_mandates_block(ctx: Context, block: MandatesBlock) -> Markup:
    groups = []
    for group in block.mandates:
        entries = []
        for ref in group.refs:
            m = ctx.linked.mandate(ref)
            entries.append({"ref": ref, "m": m})
        groups.append({"heading": group.heading, "entries": entries})
    return _html(ctx, "mandates_block.html.j2",
        groups=groups, mandates_page=generated.MANDATES.id,
    )


def _post_total(posts) -> int:
    return sum(p.count for p in posts.RB) + sum(p.count for p in posts.XB)


def render_org_chart(ctx: Context, block: OrgChartBlock) -> Markup:
    return _html(ctx, "org_chart.html.j2", chart=block.org_chart, total=_post_total)


def render_recommendations(ctx: Context, block: RecommendationsBlock) -> Markup:
    return _html(ctx, "recommendations.html.j2", groups=block.recommendations)


def render_block(ctx: Context, block: Any) -> Markup:
    if isinstance(block, ParagraphBlock):
        return render_paragraph(ctx, block)
    if isinstance(block, TextBlock):
        return Markup('<p class="text">') + inline(ctx, block.text) + Markup("</p>")
    if isinstance(block, TableBlock):
        return render_table(ctx, block.table)
    if isinstance(block, FigureBlock):
        return render_figure(ctx, block.figure)
    if isinstance(block, MandatesBlock):
        return render_mandates_block(ctx, block)
    if isinstance(block, OrgChartBlock):
        return render_org_chart(ctx, block)
    if isinstance(block, RecommendationsBlock):
        return render_recommendations(ctx, block)
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


# --------------------------------------------------------------------------- pages


def heading(ctx: Context, text: Any, anchor: str | None = None) -> Markup:
    """A Markdown heading's text and attribute list: ``title {#anchor lang="zh" .fallback}``."""
    attrs = [f"#{anchor}"] if anchor else []
    if ctx.is_fallback(text):
        ctx.fallbacks += 1
        mark = re.sub(r'["{}\\]', "", ctx.s("untranslated_mark"))  # attr_list syntax, not HTML
        attrs += [f'lang="{DEFAULT_LANG}"', ".fallback", f'data-untranslated="{mark}"']
    out = md_text(ctx.t(text))
    if attrs:
        # attr_list escapes the values itself when it writes the HTML
        out += Markup(" {" + " ".join(attrs) + "}")
    return out


def _section_views(ctx: Context, sections: list[Section], level: int) -> list[dict]:
    out = []
    for s in sections:
        # from the default-language title: identical anchors in every language
        anchor = ctx.unique_anchor(s.id or slug(text_of(s.title, DEFAULT_LANG)))
        out.append({
            "hashes": "#" * min(level, 6),
            "title": heading(ctx, s.title, anchor),
            "anchor": anchor,
            "blocks": [render_block(ctx, b) for b in s.blocks],
            "sections": _section_views(ctx, s.sections, level + 1),
        })
    return out


def render_page(ctx: Context, page: Page) -> str:
    """A content page (orientation, a subprogramme, an annex, ...)."""
    ctx.used_anchors.add("para")
    blocks = [render_block(ctx, b) for b in page.blocks]
    sections = _section_views(ctx, page.sections, 2)
    footnotes = sorted(ctx.footnotes, key=lambda f: f[0])
    title = heading(ctx, page.title)
    return ctx.render("page.md.j2",
        page=page, title=title, blocks=blocks, sections=sections,
        footnotes=footnotes, notice=notice(ctx),
    )


def notice(ctx: Context) -> Markup:
    """The page's notice that some of its text is not translated yet (empty if all is)."""
    if not ctx.fallbacks:
        return Markup("")
    return Markup('<p class="untranslated-notice">{}</p>').format(ctx.s("untranslated_notice"))


def _first_paragraph(page: Page) -> ParagraphBlock | None:
    from generator.content.model import walk_blocks

    for _, block, _ in walk_blocks(page):
        if isinstance(block, ParagraphBlock):
            return block
    return None


def _budget_cell(ctx: Context, which: str, figure: BudgetFigure) -> tuple[str, Any]:
    """(table number, value) of the cell plan.yaml's ``budget_line`` names (checked by validate)."""
    table = next((t for t in ctx.linked.site.tables.values() if t.number == figure.table), None)
    if table is not None and figure.part <= len(table.parts):
        part = table.parts[figure.part - 1]
        labels = [text_of(c.label, DEFAULT_LANG).strip() for c in part.leaves()]
        col = labels.index(figure.column) if figure.column in labels else None
        for row in part.rows:
            if col is not None and text_of(row.label, DEFAULT_LANG).strip() == figure.row and col < len(row.values):
                value = row.values[col]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    return table.number, value
    site = ctx.linked.site
    src = site.source("plan")
    message = (f"the budget line's {which} is not a number: table {figure.table}, "
               f"row '{figure.row}', column '{figure.column}'")
    if src is None:
        raise GeneratorError([Diagnostic("content/plan.yaml", 0, 0, "error", message)])
    raise GeneratorError([src.diag(("budget_line", which), message)])


def budget_line(ctx: Context) -> Markup | None:
    """"2021 年拟议经常预算资源(重计费用前) 23 765 900 美元；2021 年拟议员额 113 个": the cells
    plan.yaml's ``budget_line`` names; None when it names none."""
    declared = ctx.linked.site.plan.budget_line
    if declared is None:
        return None
    where = ctx.linked.xref_index.tables

    def linked(text: str, number: str) -> Markup:
        page = where.get(number)
        if page is None:
            return escape(text)
        return Markup('<a class="xref" href="{}">{}</a>').format(ctx.href(page, f"table-{number}"), text)

    number, value = _budget_cell(ctx, "resources", declared.resources)
    amount = ctx.num(round(value * declared.resources.factor), None)
    parts = [Markup(escape(ctx.s("budget_resources"))).format(
        year=declared.resources.year, amount=linked(amount, number))]
    if declared.posts is not None:
        p_number, p_value = _budget_cell(ctx, "posts", declared.posts)
        parts.append(Markup(escape(ctx.s("budget_posts"))).format(
            year=declared.posts.year, posts=linked(ctx.num(p_value * declared.posts.factor, 0), p_number)))
    return Markup(escape(ctx.s("budget_sep"))).join(parts)


def render_home(ctx: Context) -> str:
    """index.md: title, symbol, foreword with signature, subprogrammes at a glance, budget."""
    site = ctx.linked.site
    subprogrammes = []
    for page_id in ctx.linked.order:
        if page_id.startswith("subprogramme-"):
            page = site.pages[page_id]
            first = _first_paragraph(page)
            subprogrammes.append({
                "id": page_id, "title": ctx.tx(page.title), "href": ctx.href(page_id),
                # plain text: the card is a link, and a link cannot hold links
                "summary": ctx.tx(first.text) if first else Markup(""),
            })
    foreword = None
    if site.plan.foreword is not None:
        fw = site.plan.foreword
        foreword = {
            "title": heading(ctx, fw.title, "foreword"),
            "paragraphs": [inline(ctx, p) for p in fw.paragraphs],
            "signature": [inline(ctx, line) for line in fw.signature],
        }
    title = heading(ctx, site.plan.title)
    subprogrammes_heading = (heading(ctx, site.plan.subprogrammes_heading, "subprogrammes")
                             if site.plan.subprogrammes_heading is not None else None)
    budget = budget_line(ctx)
    if budget is None and site.plan.budget is not None:  # a plan without resource tables
        budget = inline(ctx, site.plan.budget)
    return ctx.render("index.md.j2",
        plan=site.plan, title=title, subprogrammes=subprogrammes, foreword=foreword, budget=budget,
        subprogrammes_heading=subprogrammes_heading,
        mandates_href=ctx.href(generated.MANDATES.id), open_data_href=ctx.href(generated.OPEN_DATA.id),
        print_href=ctx.href(generated.PRINT.id), notice=notice(ctx),
    )


def _citing_place(ctx: Context, c: backlinks.Citing) -> tuple[str, Markup]:
    """Where a citation is, as a link: (href, text) — "第 14.29 段", "表 14.19", or the page's title."""
    site = ctx.linked.site
    if c.paragraph:
        where: Markup = escape(ctx.s("paragraph", number=c.paragraph))
    elif c.anchor and c.anchor.startswith("table-"):
        where = escape(f"{ctx.s('table')} {c.anchor.removeprefix('table-')}")
    elif c.anchor and c.anchor.startswith("figure-"):
        fig = site.figures.get(c.anchor.removeprefix("figure-"))
        where = escape(f"{ctx.s('figure')} {ctx.figure_number(fig.number) if fig else c.anchor.removeprefix('figure-')}")
    elif c.page_id == "index" and site.plan.foreword is not None:
        where = ctx.tx(site.plan.foreword.title)
    elif c.page_id in site.pages:
        where = ctx.tx(site.pages[c.page_id].title)
    else:
        where = escape(c.label)
    if c.kind != "text" and c.heading is not None:  # an entry of a list: name the list
        where = Markup(escape(ctx.s("cited_list"))).format(where=where, heading=ctx.tx(c.heading))
    anchor = c.anchor if c.anchor is not None or c.page_id != "index" else "foreword"
    return ctx.href(c.page_id, anchor), where


def _cited(ctx: Context, places: list[backlinks.Citing]) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for c in places:
        href, text = _citing_place(ctx, c)
        if (href, str(text)) not in seen:  # a paragraph that cites twice (text and list) is one place
            seen.add((href, str(text)))
            out.append({"href": href, "text": text})
    return out


def _matrix_view(ctx: Context) -> dict:
    site = ctx.linked.site
    columns = []
    for part in backlinks.parts(site):
        page_id = backlinks.ORIENTATION_PAGE if part == "orientation" else f"subprogramme-{part}"
        page_id = page_id if page_id in site.pages else ctx.linked.xref_index.subprogrammes.get(part, page_id)
        title = ctx.t(site.pages[page_id].title) if page_id in site.pages else part
        short = ctx.s("matrix_orientation") if part == "orientation" else ctx.s("matrix_subprogramme", n=part)
        columns.append({"part": part, "href": ctx.href(page_id), "title": title, "short": short})
    rows = backlinks.matrix(site, ctx.linked.backlinks)
    groups: list[dict] = []
    for key, cells in rows.items():
        m = ctx.linked.mandate(key)
        if m is None:
            continue
        body = m.entry.body
        if not groups or groups[-1]["body"] != body:
            groups.append({"body": body, "name": ctx.s(f"body_{body}"), "rows": []})
        name = ctx.s("matrix_row", number=m.entry.number, kind=ctx.s(f"kind_{m.entry.kind}"))
        view_cells = []
        for col in columns:
            places = _cited(ctx, cells.get(col["part"], []))
            if not places:
                view_cells.append(None)
                continue
            where = ctx.s("list_separator").join(Markup(p["text"]).striptags() for p in places)
            view_cells.append({
                "href": places[0]["href"],
                "mark": "✓" if len(places) == 1 else str(len(places)),
                "label": ctx.s("matrix_cell", mandate=name, part=col["title"], n=len(places), places=where),
            })
        groups[-1]["rows"].append({"anchor": m.anchor, "name": name, "cells": view_cells})
    subs = [c for c in columns if c["part"] != "orientation"]
    return {"anchor": "matrix", "columns": columns, "subs": subs, "groups": groups}


def render_mandates_page(ctx: Context) -> str:
    """mandates.md: every mandate of the registry, by body and kind in natural order, each with its
    anchor, symbol, title as printed, document link and every place that cites it; then the matrix
    of mandates against the overall orientation and the subprogrammes."""
    bodies = []
    for b in backlinks.mandates_page(ctx.linked.site, ctx.linked.backlinks):
        kinds = []
        for k in b.kinds:
            entries = []
            for e in k.entries:
                m = ctx.linked.mandate(e.key)
                title = m.entry.title if m is not None else None
                entries.append({
                    "anchor": e.anchor, "number": e.number, "symbol": e.symbol, "section": e.section,
                    # no printed title: the symbol alone, never an invented title
                    "title": inline(ctx, title) if title is not None else Markup(""),
                    "url": m.url(ctx.lang) if m is not None else e.urls.get(ctx.lang, ""),
                    "cited": _cited(ctx, e.cited_in),
                })
            kinds.append({"name": ctx.s(f"kinds_{k.kind}"), "anchor": f"{b.body.lower()}-{k.kind}",
                          "entries": entries})
        bodies.append({"name": ctx.s(f"body_{b.body}"), "anchor": b.body.lower(), "kinds": kinds})
    return ctx.render("mandates.md.j2",
        bodies=bodies, matrix=_matrix_view(ctx), notice=notice(ctx))


def render_status_page(ctx: Context, statuses: dict[str, i18n.Status] | None = None) -> str:
    """translation-status.md: per page and per kind of field, how much is translated
    (``statuses``: :func:`generator.i18n.languages.status` by language, when the caller has them)."""
    site = ctx.linked.site
    tables = []
    for language in ctx.languages:
        if language.default:
            continue
        st = (statuses or {}).get(language.code) or i18n.status(site, language.code, ctx.linked.order)
        kinds = st.kinds()
        rows = []
        for page_id in st.pages:
            title = (ctx.s("mandates_title") if page_id == generated.MANDATES.id
                     else ctx.tx(st.titles.get(page_id, page_id)))
            rows.append({"title": title, "href": ctx.href(page_id), "total": st.page_total(page_id),
                         "kinds": [st.pages[page_id].get(k) for k in kinds]})
        tables.append({
            "lang": language, "intro": ctx.s("status_intro", lang=language.name),
            "share": ctx.s("status_untranslated_share",
                           outside=ctx.num(round(st.outside_running_text().untranslated_share, 1), 1),
                           overall=ctx.num(round(st.total().untranslated_share, 1), 1)),
            "kinds": [ctx.s(f"kind_{k}") for k in kinds], "rows": rows,
            "total": st.total(), "kind_totals": [st.kind_total(k) for k in kinds],
        })
    return ctx.render("status.md.j2", tables=tables, notice=notice(ctx))


def render_open_data_page(ctx: Context, files: dict[str, bytes]) -> str:
    """open-data.md: every table's CSV and the whole plan as JSON (``files``, generator.rendering.downloads)."""
    return downloads.open_data_page(
        ctx.linked.site, ctx.lang, ctx.strings, href=lambda page_id, anchor: ctx.href(page_id, anchor),
        prefix=asset_href(ctx, ""), downloads=files,
    )


def render_print_page(ctx: Context, order: list[str]) -> str:
    """print.md: the frame of the page that holds the home page and every page of the plan in
    reading order (the chapters are put in when the site is built: generator.rendering.printing)."""
    return printing.frame(md_text(ctx.s("print_title")), ctx.s("print_note"), [generated.HOME.id, *order])


# --------------------------------------------------------------------------- environment


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        # compiled templates kept in the system's temporary folder (Jinja's own cache, keyed by
        # each template's source): compiling them is a fifth of a build's rendering otherwise
        bytecode_cache=FileSystemBytecodeCache(),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda s: md_text(str(s))
    env.globals["anchor_attr"] = lambda a: Markup("{#") + escape(a) + Markup("}")
    env.globals["scroll_box"] = scroll_box
    return env


_ENV: Environment | None = None


def _env() -> Environment:
    """One environment a process, so each template is compiled once; the per-page names come in
    as render variables (Context.helpers), never as globals. auto_reload (on by default) still
    picks up an edited template in a long-running ``mkdocs serve``."""
    global _ENV
    if _ENV is None:
        _ENV = make_env()
    return _ENV


def render(
    linked: Linked,
    *,
    lang: str = DEFAULT_LANG,
    use_directory_urls: bool = False,
    strings: dict[str, i18n.Strings] | None = None,
    languages: tuple[i18n.Language, ...] | None = None,
    only: Collection[str] | None = None,
    files: dict[str, bytes] | None = None,
    statuses: dict[str, i18n.Status] | None = None,
) -> dict[str, str]:
    """Render every page in one language. Returns {relative path of the Markdown file: its text}.

    ``strings`` are the interface strings by language (default: the project's); with more than
    one of ``languages`` the site also gets its translation status page. ``only``: the pages to
    render, by id (``index``, a page's id, ``mandates``...; the downloads come with the open-data
    page); ``files`` the downloads and ``statuses`` the translation status by language, when the
    caller has them already."""
    if languages is None:
        languages = i18n.DEFAULT_LANGUAGES if lang == DEFAULT_LANG else (
            i18n.DEFAULT_LANGUAGES[0], i18n.Language(lang, lang))
    if strings is None:
        strings, _ = i18n.load_strings(".", languages)
    pages: dict[str, str] = {}

    def ctx_for(page_id: str) -> Context:
        return Context(linked, page_id, lang, use_directory_urls, strings[lang], languages)

    def wanted(page_id: str) -> bool:
        return only is None or page_id in only

    if files is None and wanted(generated.OPEN_DATA.id):
        files = downloads.files(linked.site, lang, strings[lang])
    # every generated page of the registry (generator.content.generated) has its renderer here
    renderers: dict[str, Callable[[Context], str]] = {
        generated.HOME.id: render_home,
        generated.MANDATES.id: render_mandates_page,
        generated.OPEN_DATA.id: lambda ctx: render_open_data_page(ctx, files or {}),
        generated.PRINT.id: lambda ctx: render_print_page(ctx, linked.order),
        generated.TRANSLATION_STATUS.id: lambda ctx: render_status_page(ctx, statuses),
    }
    made = generated.generated_pages(i18n.multilingual(languages))
    if wanted(made[0].id):
        pages[f"{made[0].id}.md"] = renderers[made[0].id](ctx_for(made[0].id))  # the home page first
    for page_id in linked.order:
        if wanted(page_id):
            pages[f"{page_id}.md"] = render_page(ctx_for(page_id), linked.site.pages[page_id])
    for page in made[1:]:
        if wanted(page.id):
            pages[f"{page.id}.md"] = renderers[page.id](ctx_for(page.id))
    if wanted(generated.OPEN_DATA.id):
        # the downloads are UTF-8 text (CSV, JSON): the write stage takes text
        for path, data in (files or {}).items():
            pages[path] = data.decode("utf-8")
    return pages
