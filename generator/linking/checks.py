"""The link stage's checks: what the linker reads must exist and have its shape.

:func:`validate` (errors, with ``check`` and before every build): document symbols written in the
content (the plan's own, the reports of annex II, the registry's mandates) have the shape of a
symbol; references printed in the default language's text (表 14.16(1), 图 14.三十一, 第 14.113 段:
its grammar's ``CHECKED_REFERENCES``) and mandates cited in any language's text exist.

:func:`report` (warnings, with ``check``): cross-references that lead nowhere, and cited
mandates whose body the text does not tell; both are printed without a link.
"""

from __future__ import annotations

import difflib

from generator.content.model import (
    DEFAULT_LANG,
    ParagraphBlock,
    RecommendationsBlock,
    Site,
    paragraph_sort_key,
    section_number,
    text_of,
    walk_blocks,
)
from generator.content.validate import Scoped, _src, all_pages, blocks_of, iter_texts
from generator.diagnostics import Diagnostic
from generator.linking import backlinks, citations, grammars, mandates, xrefs


def check_symbols(site: Site) -> list[Diagnostic]:
    """Document symbols written in the content become undocs.org links: each must have the shape
    of a symbol, and every mandate of the registry must have one."""
    out = []
    try:
        mandates.check_symbol(site.plan.symbol)
    except ValueError as exc:
        out.append(_src(site, "plan").diag(("symbol",), str(exc)))
    for src, path, block in blocks_of(site, RecommendationsBlock):
        for g, group in enumerate(block.recommendations):
            if group.symbol is None:
                continue
            try:
                mandates.check_symbol(group.symbol)
            except ValueError as exc:
                out.append(src.diag(path + ("recommendations", g, "symbol"), str(exc)))
    msrc = _src(site, "mandates")
    for i, m in enumerate(site.mandates):
        try:
            mandates.symbol(m)
        except ValueError as exc:
            out.append(msrc.diag((i, "symbol" if m.symbol else "number"), str(exc)))
    return out


def check_prose_references(site: Site, scoped: Scoped | None = None) -> list[Diagnostic]:
    """Tables, figures and paragraphs referred to in the default language's text, and mandates
    cited in the text of any language with a grammar, exist. With ``scoped``, a page checked
    before against the same numbers and registry is not read again."""
    out: list[Diagnostic] = []
    prefix = section_number(site.plan.symbol) or ""
    default = grammars.grammar(DEFAULT_LANG)
    checked = getattr(default, "CHECKED_REFERENCES", {}) if default is not None else {}
    paragraphs = {
        b.paragraph for p in site.pages.values() for _, b, _ in walk_blocks(p)
        if isinstance(b, ParagraphBlock)
    }
    figures = {fig.number for fig in site.figures.values()}
    registry = {m.key for m in site.mandates}
    if scoped is not None:
        tables = {number: len(table.parts) for number, table in site.tables.items()}
        scoped.against("prose references", (prefix, paragraphs, figures, tables, registry))
    for stem in all_pages(site):
        kept = scoped.found("prose references", stem, site.pages[stem]) if scoped is not None else None
        if kept is not None:
            out += kept
            continue
        found = _prose_references(site, stem, prefix, checked, paragraphs, figures, registry)
        if scoped is not None:
            scoped.keep("prose references", stem, site.pages[stem], found)
        out += found
    return out


def _prose_references(site: Site, stem: str, prefix: str, checked: dict, paragraphs: set[str],
                      figures: set[str], registry: set) -> list[Diagnostic]:
    """:func:`check_prose_references` of one page."""
    out: list[Diagnostic] = []
    src = _src(site, "pages", stem)
    for path, text in iter_texts(site.pages[stem]):
        if path and path[-1] == "title":
            continue
        default_text = text_of(text)
        if "table" in checked:
            for m in checked["table"].finditer(default_text):
                number, part = m.group(1), m.group(2)
                if not number.startswith(prefix + "."):
                    continue
                table = site.tables.get(number)
                if table is None:
                    out.append(src.diag(path, f"the text cites {m.group(0)}, but table {number} does not exist"))
                elif part is not None and not 1 <= int(part) <= len(table.parts):
                    out.append(src.diag(path, f"the text cites {m.group(0)}, but table {number} has "
                                        f"{len(table.parts)} part(s)"))
        if "figure" in checked:
            for m in checked["figure"].finditer(default_text):
                if m.group(1).startswith(prefix + ".") and m.group(1) not in figures:
                    out.append(src.diag(path, f"the text cites {m.group(0)}, but figure {m.group(1)} does not exist"))
        if "paragraph" in checked:
            for m in checked["paragraph"].finditer(default_text):
                first, last = m.group(1), m.group(2) or m.group(1)
                if not first.startswith(prefix + "."):
                    continue
                lo, hi = paragraph_sort_key(first)[1], paragraph_sort_key(last)[1]
                missing = [f"{prefix}.{n}" for n in range(lo, hi + 1) if f"{prefix}.{n}" not in paragraphs]
                if missing or hi < lo:
                    out.append(src.diag(path, f"the text cites {m.group(0)}, but paragraph "
                                        f"{(missing or [last])[0]} does not exist"))
        for lang in xrefs._langs(text):
            for c in citations.find_citations(text_of(text, lang), lang, registry):
                if c.key and c.key not in registry:
                    guess = difflib.get_close_matches(c.key, sorted(registry), n=1, cutoff=0.8)
                    out.append(src.diag(path, f"unknown mandate '{c.key}' cited in the text" +
                                        (f" (did you mean '{guess[0]}'?)" if guess else ""),
                                        hint="add it to content/mandates.yaml"))
    return out


def validate(site: Site, scoped: Scoped | None = None) -> list[Diagnostic]:
    """The errors; with ``scoped``, the files' findings are kept from one call to the next (see
    :class:`generator.content.validate.Scoped`)."""
    # a translation citing what does not exist is an error: it would be published unlinked
    return (check_symbols(site) + check_prose_references(site, scoped)
            + xrefs.check_xrefs(site, translations=True, scoped=scoped))


def report(site: Site) -> list[Diagnostic]:
    return xrefs.check_xrefs(site) + backlinks.check_citations(site)
