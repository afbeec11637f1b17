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
* mandates on the mandates page: ``#ga-resolution-74-251`` (see :func:`generator.link.mandate_anchor`).

Languages: a page is rendered in one language. A text without a translation into it is shown in
the default language, wrapped in ``lang="zh"`` and marked (class ``fallback``), and the page then
opens with a notice; interface text comes from content/strings/<lang>.yaml (:mod:`generator.i18n`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from pymdownx.slugs import slugify as _pymdownx_slugify

from . import i18n
from .link import Linked
from .model import (
    DEFAULT_LANG,
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

TEMPLATES = Path(__file__).parent / "templates"
MANDATES_PAGE = "mandates"
STATUS_PAGE = "translation-status"
THOUSANDS = "\u202f"  # narrow no-break space: "23 765.9" as printed, never broken across lines
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


def format_number(value: Any, decimals: int | None, group: str = THOUSANDS, point: str = ".") -> str:
    """21466.8 -> '21 466.8' (narrow no-break space, or the language's ``group``); ints stay ints;
    '—' for nil, '' for null."""
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


def inline(ctx: Context, text: Any, calls: list[tuple[int, str]] | None = None) -> Markup:
    """Plain text -> safe HTML: escaped, with cited mandates linked and footnote calls inserted.

    ``calls`` are (position in the text, footnote number) pairs. Mandates are found in the
    language the text is in; their links go to undocs.org in the page's language."""
    raw = ctx.t(text)
    spans = ctx.linked.citations(raw, ctx.text_lang(text))
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
        piece = escape(raw[sp.start:sp.end])
        if sp.mandate is not None:
            m = sp.mandate
            tip = m.symbol
            if m.entry.title is not None:
                tip += ctx.s("colon") + ctx.t(m.entry.title)
            out.append(
                f'<a class="mandate-cite" href="{escape(m.url(ctx.lang))}" '
                f'title="{escape(tip)}">{piece}</a>'
            )
        else:
            out.append(str(piece))
        cursor = sp.end
    emit_plain(len(raw))
    for pos in sorted(inserts):  # calls past the end (cannot happen after validation)
        for number in inserts[pos]:
            out.append(footnote_call(number))
    return mark_fallback(ctx, text, Markup("".join(out)))


def footnote_call(number: Any) -> str:
    n = escape(str(number))
    return f'<sup class="fn-call" id="fnref-{n}"><a href="#fn-{n}">{n}</a></sup>'


# --------------------------------------------------------------------------- blocks


def _html(ctx: Context, template: str, **kwargs: Any) -> Markup:
    """Render an HTML fragment template; its output is safe (everything in it was escaped)."""
    text = ctx.env.get_template(template).render(**kwargs)
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


def _part_view(ctx: Context, part: TablePart, decimals: int | None) -> dict:
    leaves = part.leaves()
    col_decimals = [c.decimals if c.decimals is not None else decimals for c in leaves]
    rows = []
    for row in part.rows:
        cells = []
        for i, v in enumerate(row.values):
            d = col_decimals[i] if i < len(col_decimals) else decimals
            cls = "num" if isinstance(v, (int, float)) or v == NIL else "text"
            if v is None:
                cls = "blank"
            cells.append({"text": ctx.num(v, d), "cls": cls})
        rows.append({"row": row, "cells": cells})
    return {
        "part": part,
        "header": _header_rows(part),
        "depth": max((c.depth() for c in part.columns), default=1),
        "width": len(leaves),
        "rows": rows,
    }


def render_table(ctx: Context, number: str) -> Markup:
    table = ctx.linked.site.tables.get(number)
    if table is None:
        return Markup(f'<p class="missing">{escape(ctx.s("table"))} {escape(number)}</p>')
    parts = [_part_view(ctx, p, table.decimals) for p in table.parts]
    return _html(ctx, "table.html.j2",
        table=table, anchor=f"table-{table.number}", parts=parts,
    )


def render_figure(ctx: Context, number: str) -> Markup:
    site = ctx.linked.site
    stem = next((s for s, f in site.figures.items() if f.number == number), None) or figure_stem(number)
    fig = site.figures.get(stem or "")
    if fig is None:
        return Markup(f'<p class="missing">{escape(ctx.s("figure"))} {escape(number)}</p>')
    parts = [_part_view(ctx, p, fig.decimals) for p in fig.data]
    return _html(ctx, "figure.html.j2",
        figure=fig, anchor=f"figure-{stem}", parts=parts,
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
        groups=groups, mandates_page=MANDATES_PAGE,
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
    return ctx.env.get_template("page.md.j2").render(
        page=page, title=title, blocks=blocks, sections=sections,
        footnotes=footnotes, notice=notice(ctx),
    )


def notice(ctx: Context) -> Markup:
    """The page's notice that some of its text is not translated yet (empty if all is)."""
    if not ctx.fallbacks:
        return Markup("")
    return Markup('<p class="untranslated-notice">{}</p>').format(ctx.s("untranslated_notice"))


def _first_paragraph(page: Page) -> ParagraphBlock | None:
    from .model import walk_blocks

    for _, block, _ in walk_blocks(page):
        if isinstance(block, ParagraphBlock):
            return block
    return None


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
                "summary": inline(ctx, first.text) if first else Markup(""),
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
    return ctx.env.get_template("index.md.j2").render(
        plan=site.plan, title=title, subprogrammes=subprogrammes, foreword=foreword,
        mandates_href=ctx.href(MANDATES_PAGE), notice=notice(ctx),
    )


def render_mandates_page(ctx: Context) -> str:
    """mandates.md: every mandate of the registry, grouped by body, each with an anchor."""
    groups = []
    for body, links in ctx.linked.by_body():
        groups.append({
            "body": body,
            "name": ctx.strings.get(f"body_{body}", body) if ctx.strings else body,
            "anchor": body.lower(),
            "mandates": [
                {
                    "m": m,
                    "cited_on": [
                        {"title": ctx.tx(ctx.linked.site.pages[p].title), "href": ctx.href(p)}
                        for p in ctx.linked.cited_on.get(m.key, [])
                    ],
                }
                for m in links
            ],
        })
    kinds = {k: ctx.s(f"kind_{k}") for k in ("resolution", "decision", "declaration")}
    return ctx.env.get_template("mandates.md.j2").render(groups=groups, kinds=kinds, notice=notice(ctx))


def render_status_page(ctx: Context) -> str:
    """translation-status.md: per page and per kind of field, how much is translated."""
    site = ctx.linked.site
    tables = []
    for language in ctx.languages:
        if language.default:
            continue
        st = i18n.status(site, language.code, ctx.linked.order)
        kinds = st.kinds()
        rows = []
        for page_id in st.pages:
            title = (ctx.s("mandates_title") if page_id == MANDATES_PAGE
                     else ctx.tx(st.titles.get(page_id, page_id)))
            rows.append({"title": title, "href": ctx.href(page_id), "total": st.page_total(page_id),
                         "kinds": [st.pages[page_id].get(k) for k in kinds]})
        tables.append({
            "lang": language, "intro": ctx.s("status_intro", lang=language.name),
            "kinds": [ctx.s(f"kind_{k}") for k in kinds], "rows": rows,
            "total": st.total(), "kind_totals": [st.kind_total(k) for k in kinds],
        })
    return ctx.env.get_template("status.md.j2").render(tables=tables, notice=notice(ctx))


# --------------------------------------------------------------------------- environment


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda s: md_text(str(s))
    env.globals["anchor_attr"] = lambda a: Markup("{#") + escape(a) + Markup("}")
    return env


_ENV: Environment | None = None


def _env() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = make_env()
    return _ENV


def _bind(ctx: Context) -> Context:
    env = _env().overlay()
    env.globals.update(
        t=ctx.t, tx=ctx.tx, inline=lambda text, calls=None: inline(ctx, text, calls), href=ctx.href,
        lang=ctx.lang, s=ctx.s, num=ctx.num,
    )
    ctx.env = env  # type: ignore[attr-defined]
    return ctx


def render(
    linked: Linked,
    *,
    lang: str = DEFAULT_LANG,
    use_directory_urls: bool = False,
    strings: dict[str, i18n.Strings] | None = None,
    languages: tuple[i18n.Language, ...] | None = None,
) -> dict[str, str]:
    """Render every page in one language. Returns {relative path of the Markdown file: its text}.

    ``strings`` are the interface strings by language (default: the project's); with more than
    one of ``languages`` the site also gets its translation status page."""
    if languages is None:
        languages = i18n.DEFAULT_LANGUAGES if lang == DEFAULT_LANG else (
            i18n.DEFAULT_LANGUAGES[0], i18n.Language(lang, lang))
    if strings is None:
        strings, _ = i18n.load_strings(".", languages)
    pages: dict[str, str] = {}

    def ctx_for(page_id: str) -> Context:
        return _bind(Context(linked, page_id, lang, use_directory_urls, strings[lang], languages))

    pages["index.md"] = render_home(ctx_for("index"))
    for page_id in linked.order:
        pages[f"{page_id}.md"] = render_page(ctx_for(page_id), linked.site.pages[page_id])
    pages[f"{MANDATES_PAGE}.md"] = render_mandates_page(ctx_for(MANDATES_PAGE))
    if i18n.multilingual(languages):
        pages[f"{STATUS_PAGE}.md"] = render_status_page(ctx_for(STATUS_PAGE))
    return pages
