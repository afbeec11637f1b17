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
* sections: their ``id`` in the YAML, else a slug of the title (pymdownx.slugs, like the TOC);
* mandates on the mandates page: ``#ga-resolution-74-251`` (see :func:`generator.link.mandate_anchor`).
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

from .link import BODY_NAMES, KIND_NAMES, Linked
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
    text_of,
)

TEMPLATES = Path(__file__).parent / "templates"
MANDATES_PAGE = "mandates"
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


def format_number(value: Any, decimals: int | None) -> str:
    """21466.8 -> '21 466.8' (narrow no-break space); ints stay ints; '—' for nil, '' for null."""
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
    return text.replace(",", THOUSANDS)


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What a page being rendered needs to know: the linked site, the language, its own id,
    and the footnotes collected while its paragraphs are rendered."""

    linked: Linked
    page_id: str
    lang: str = DEFAULT_LANG
    use_directory_urls: bool = False
    footnotes: list[tuple[int, Markup]] = field(default_factory=list)
    used_anchors: set[str] = field(default_factory=set)

    def t(self, text: Any) -> str:
        return text_of(text, self.lang)

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


def inline(ctx: Context, text: Any, calls: list[tuple[int, str]] | None = None) -> Markup:
    """Plain text -> safe HTML: escaped, with cited mandates linked and footnote calls inserted.

    ``calls`` are (position in the text, footnote number) pairs."""
    raw = ctx.t(text)
    lang_attr = ""
    if ctx.lang != DEFAULT_LANG and isinstance(text, (str, dict)) and not (
        isinstance(text, dict) and ctx.lang in text
    ):
        lang_attr = DEFAULT_LANG  # fallback to Chinese: mark it
    spans = ctx.linked.citations(raw, ctx.lang)
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
                tip += "：" + ctx.t(m.entry.title)
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
    result = "".join(out)
    if lang_attr:
        result = f'<span lang="{lang_attr}" class="fallback">{result}</span>'
    return Markup(result)


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
            cells.append({"text": format_number(v, d), "cls": cls})
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
        return Markup(f'<p class="missing">表 {escape(number)}</p>')
    parts = [_part_view(ctx, p, table.decimals) for p in table.parts]
    return _html(ctx, "table.html.j2",
        table=table, anchor=f"table-{table.number}", parts=parts,
    )


def render_figure(ctx: Context, number: str) -> Markup:
    site = ctx.linked.site
    stem = next((s for s, f in site.figures.items() if f.number == number), None) or figure_stem(number)
    fig = site.figures.get(stem or "")
    if fig is None:
        return Markup(f'<p class="missing">图 {escape(number)}</p>')
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


def _section_views(ctx: Context, sections: list[Section], level: int) -> list[dict]:
    out = []
    for s in sections:
        anchor = ctx.unique_anchor(s.id or slug(ctx.t(s.title)))
        out.append({
            "hashes": "#" * min(level, 6),
            "title": md_text(ctx.t(s.title)),
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
    return ctx.env.get_template("page.md.j2").render(
        page=page, title=md_text(ctx.t(page.title)), blocks=blocks, sections=sections,
        footnotes=footnotes,
    )


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
                "id": page_id, "title": page.title, "href": ctx.href(page_id),
                "summary": inline(ctx, first.text) if first else Markup(""),
            })
    return ctx.env.get_template("index.md.j2").render(
        plan=site.plan, title=md_text(ctx.t(site.plan.title)), subprogrammes=subprogrammes,
        mandates_href=ctx.href(MANDATES_PAGE),
    )


def render_mandates_page(ctx: Context) -> str:
    """mandates.md: every mandate of the registry, grouped by body, each with an anchor."""
    groups = []
    for body, links in ctx.linked.by_body():
        groups.append({
            "body": body,
            "name": BODY_NAMES.get(body, {}).get(ctx.lang) or BODY_NAMES.get(body, {}).get("zh", body),
            "anchor": body.lower(),
            "mandates": [
                {
                    "m": m,
                    "cited_on": [
                        {"title": ctx.linked.site.pages[p].title, "href": ctx.href(p)}
                        for p in ctx.linked.cited_on.get(m.key, [])
                    ],
                }
                for m in links
            ],
        })
    kinds = {k: v.get(ctx.lang, v["zh"]) for k, v in KIND_NAMES.items()}
    return ctx.env.get_template("mandates.md.j2").render(groups=groups, kinds=kinds)


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
    env.filters["fmt"] = format_number
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
        t=ctx.t, inline=lambda text, calls=None: inline(ctx, text, calls), href=ctx.href,
        lang=ctx.lang,
    )
    ctx.env = env  # type: ignore[attr-defined]
    return ctx


def render(linked: Linked, *, lang: str = DEFAULT_LANG, use_directory_urls: bool = False) -> dict[str, str]:
    """Render every page. Returns {relative path of the Markdown file: its text}."""
    pages: dict[str, str] = {}

    def ctx_for(page_id: str) -> Context:
        return _bind(Context(linked, page_id, lang, use_directory_urls))

    pages["index.md"] = render_home(ctx_for("index"))
    for page_id in linked.order:
        pages[f"{page_id}.md"] = render_page(ctx_for(page_id), linked.site.pages[page_id])
    pages[f"{MANDATES_PAGE}.md"] = render_mandates_page(ctx_for(MANDATES_PAGE))
    return pages
