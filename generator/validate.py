"""Stage 2, validate: checks across files that the schema alone cannot make.

* page ids match their file names; the navigation names existing pages, each exactly once;
* paragraphs are numbered <section>.1, .2, ... without gaps or repeats, in navigation order;
* every table and figure block names an existing file, and each table and figure is placed once;
* every mandate reference exists in mandates.yaml;
* a footnote's ``after`` text occurs exactly once in its paragraph;
* every table row has one value per leaf column.

Errors stop the build; warnings only with ``--strict``.
"""

from __future__ import annotations

import difflib
from collections import Counter

from .diagnostics import Diagnostic
from .load import Source
from .model import (
    FigureBlock,
    MandatesBlock,
    ParagraphBlock,
    Site,
    TableBlock,
    TablePart,
    figure_stem,
    nav_pages,
    section_number,
    text_of,
    walk_blocks,
    walk_sections,
)

RESERVED_PAGE_IDS = {"index": "the home page", "mandates": "the mandates page"}


def _src(site: Site, kind: str, key: str | None = None) -> Source:
    src = site.source(kind, key)
    if src is None:  # model built without sources (tests): report against a made-up path
        name = {"plan": "content/plan.yaml", "mandates": "content/mandates.yaml"}.get(
            kind, f"content/{kind}/{key}.yaml"
        )
        return Source(name)
    return src


def page_order(site: Site) -> list[str]:
    """Page ids in navigation order (existing pages only, first occurrence)."""
    seen: list[str] = []
    for _, page_id in nav_pages(site.plan.navigation):
        if page_id in site.pages and page_id not in seen:
            seen.append(page_id)
    return seen


def all_pages(site: Site) -> list[str]:
    """Every page id: navigation order first, then pages missing from the navigation."""
    order = page_order(site)
    return order + sorted(set(site.pages) - set(order))


def check_pages(site: Site) -> list[Diagnostic]:
    out = []
    for stem, page in site.pages.items():
        src = _src(site, "pages", stem)
        if page.id != stem:
            out.append(src.diag(("id",), f"page id '{page.id}' does not match the file name",
                                hint=f"write id: {stem}, or rename the file to {page.id}.yaml"))
        if stem in RESERVED_PAGE_IDS:
            out.append(src.diag(("id",), f"'{stem}' is reserved for {RESERVED_PAGE_IDS[stem]}"))
        ids = Counter()
        for path, section, _ in walk_sections(page):
            if section.id:
                ids[section.id] += 1
                if ids[section.id] == 2:
                    out.append(src.diag(path + ("id",), f"section id '{section.id}' is used twice on this page"))
    return out


def check_navigation(site: Site) -> list[Diagnostic]:
    out = []
    plan = _src(site, "plan")
    known = set(site.content.pages) if site.content else set(site.pages)
    counts: Counter[str] = Counter()
    for path, page_id in nav_pages(site.plan.navigation):
        counts[page_id] += 1
        if page_id not in known:
            guess = difflib.get_close_matches(page_id, sorted(known), n=1)
            out.append(plan.diag(path, f"navigation names page '{page_id}', which does not exist",
                                 hint=f"did you mean '{guess[0]}'?" if guess else
                                 f"add content/pages/{page_id}.yaml"))
        elif counts[page_id] == 2:
            out.append(plan.diag(path, f"page '{page_id}' is in the navigation twice"))
    for stem in sorted(known):
        if counts[stem] == 0:
            src = site.content.pages[stem] if site.content else _src(site, "pages", stem)
            out.append(src.diag((), f"page '{stem}' is not in the navigation",
                                hint="add '- page: " + stem + "' to navigation in content/plan.yaml"))
    return out


def check_paragraphs(site: Site, expected_last: int | None = None) -> list[Diagnostic]:
    out = []
    prefix = section_number(site.plan.symbol)
    seen: dict[int, tuple[str, int]] = {}  # number -> (file, line)
    expected = 1
    last: str | None = None
    for stem in page_order(site):
        src = _src(site, "pages", stem)
        for path, block, _ in walk_blocks(site.pages[stem]):
            if not isinstance(block, ParagraphBlock):
                continue
            num = block.paragraph
            where = path + ("paragraph",)
            head, _, tail = num.partition(".")
            if prefix and head != prefix:
                out.append(src.diag(where, f"paragraph {num} is not numbered in section {prefix}",
                                    hint=f"paragraphs of this document are {prefix}.1, {prefix}.2, ..."))
                continue
            n = int(tail)
            if n in seen:
                f, line = seen[n]
                out.append(src.diag(where, f"paragraph {num} is duplicated",
                                    hint=f"first at {f}:{line}"))
                continue
            seen[n] = (src.path, src.pos(where)[0])
            if n == expected:
                expected += 1
            elif n > expected:
                missing = f"{head}.{expected}" if n == expected + 1 else f"{head}.{expected}..{head}.{n - 1}"
                after = f" after {last}" if last else ""
                out.append(src.diag(where, f"paragraph {missing} missing{after}: next is {num}"))
                expected = n + 1
            else:
                out.append(src.diag(where, f"paragraph {num} is out of order: it comes after {last}"))
            last = num
    if expected_last is not None and expected - 1 < expected_last:
        plan = _src(site, "plan")
        out.append(plan.diag(("navigation",),
                             f"paragraphs {prefix}.{expected}..{prefix}.{expected_last} are missing at the end"))
    return out


def check_placements(site: Site) -> list[Diagnostic]:
    out = []
    tables_placed: dict[str, tuple[str, int]] = {}
    figures_placed: dict[str, tuple[str, int]] = {}
    table_files = set(site.content.tables) if site.content else set(site.tables)
    figure_files = set(site.content.figures) if site.content else set(site.figures)
    figure_numbers = {fig.number: stem for stem, fig in site.figures.items()}
    for stem in all_pages(site):
        src = _src(site, "pages", stem)
        for path, block, _ in walk_blocks(site.pages[stem]):
            if isinstance(block, TableBlock):
                ref, where = block.table, path + ("table",)
                if ref not in table_files:
                    guess = difflib.get_close_matches(ref, sorted(table_files), n=1)
                    out.append(src.diag(where, f"table {ref} does not exist",
                                        hint=f"did you mean {guess[0]}?" if guess else f"add content/tables/{ref}.yaml"))
                elif ref in tables_placed:
                    f, line = tables_placed[ref]
                    out.append(src.diag(where, f"table {ref} is placed twice", hint=f"first at {f}:{line}"))
                else:
                    tables_placed[ref] = (src.path, src.pos(where)[0])
            elif isinstance(block, FigureBlock):
                ref, where = block.figure, path + ("figure",)
                fstem = figure_numbers.get(ref) or figure_stem(ref)
                if fstem is None or fstem not in figure_files:
                    out.append(src.diag(where, f"figure {ref} does not exist",
                                        hint="figures are numbered like 14.十八, in files like content/figures/14.18.yaml"))
                elif fstem in figures_placed:
                    f, line = figures_placed[fstem]
                    out.append(src.diag(where, f"figure {ref} is placed twice", hint=f"first at {f}:{line}"))
                else:
                    figures_placed[fstem] = (src.path, src.pos(where)[0])
    for stem in sorted(table_files):
        if stem not in tables_placed:
            out.append(_src(site, "tables", stem).diag((), f"table {stem} is not placed on any page",
                                                       hint=f"add '- table: \"{stem}\"' where it belongs"))
    for stem in sorted(figure_files):
        if stem not in figures_placed:
            number = site.figures[stem].number if stem in site.figures else stem
            out.append(_src(site, "figures", stem).diag((), f"figure {number} is not placed on any page",
                                                        hint=f"add '- figure: \"{number}\"' where it belongs"))
    return out


def check_numbers(site: Site) -> list[Diagnostic]:
    """Table and figure numbers match their file names."""
    out = []
    for stem, table in site.tables.items():
        if table.number != stem:
            out.append(_src(site, "tables", stem).diag(("number",), f"table number {table.number} does not match the file name {stem}.yaml"))
    for stem, fig in site.figures.items():
        if figure_stem(fig.number) != stem:
            out.append(_src(site, "figures", stem).diag(("number",), f"figure number {fig.number} does not match the file name {stem}.yaml",
                                                        hint="a figure file is named by the arabic number: 14.十八 -> 14.18.yaml"))
    return out


def _check_part(src: Source, part: TablePart, path: tuple) -> list[Diagnostic]:
    out = []
    n = len(part.leaves())
    for i, row in enumerate(part.rows):
        if not row.values:  # a row of text only (a heading, or a description spanning the table)
            continue
        if len(row.values) != n:
            out.append(src.diag(path + ("rows", i, "values"),
                                f"row '{text_of(row.label)}' has {len(row.values)} values, but the table has {n} columns"))
    return out


def check_tables(site: Site) -> list[Diagnostic]:
    out = []
    for stem, table in site.tables.items():
        src = _src(site, "tables", stem)
        for i, part in enumerate(table.parts):
            out += _check_part(src, part, ("parts", i))
    for stem, fig in site.figures.items():
        src = _src(site, "figures", stem)
        for i, part in enumerate(fig.data):
            out += _check_part(src, part, ("data", i))
    return out


def check_mandates(site: Site) -> list[Diagnostic]:
    out = []
    msrc = _src(site, "mandates")
    keys: dict[str, int] = {}
    for i, m in enumerate(site.mandates):
        if m.key in keys:
            out.append(msrc.diag((i,), f"mandate '{m.key}' is listed twice",
                                 hint=f"first at line {msrc.pos((keys[m.key],))[0]}"))
        else:
            keys[m.key] = i
    for stem in all_pages(site):
        src = _src(site, "pages", stem)
        for path, block, _ in walk_blocks(site.pages[stem]):
            if not isinstance(block, MandatesBlock):
                continue
            for g, group in enumerate(block.mandates):
                for r, ref in enumerate(group.refs):
                    if ref not in keys:
                        guess = difflib.get_close_matches(ref, sorted(keys), n=1, cutoff=0.7)
                        out.append(src.diag(path + ("mandates", g, "refs", r),
                                            f"mandate '{ref}' is not in content/mandates.yaml" +
                                            (f" (did you mean '{guess[0]}'?)" if guess else ""),
                                            hint=None if guess else "refs are written '<body> <kind> <number>', e.g. 'GA resolution 74/251'"))
    return out


def _langs(text) -> list[str]:
    return ["zh"] if isinstance(text, str) else sorted(text)


def check_footnotes(site: Site) -> list[Diagnostic]:
    out = []
    for stem in all_pages(site):
        src = _src(site, "pages", stem)
        for path, block, _ in walk_blocks(site.pages[stem]):
            if not isinstance(block, ParagraphBlock):
                continue
            for f, fn in enumerate(block.footnotes):
                for lang in _langs(fn.after):
                    after = text_of(fn.after, lang)
                    texts = [text_of(block.text, lang)] + [text_of(it.text, lang) for it in block.items]
                    if block.text_after is not None:
                        texts.append(text_of(block.text_after, lang))
                    count = sum(t.count(after) for t in texts) if after else 0
                    if count != 1:
                        what = "does not occur" if count == 0 else f"occurs {count} times"
                        out.append(src.diag(path + ("footnotes", f, "after"),
                                            f"footnote {fn.number}: the text it follows {what} in paragraph {block.paragraph}",
                                            hint="'after' must be an exact piece of the paragraph's text that occurs once"))
    return out


def validate(site: Site, *, expected_last_paragraph: int | None = None) -> list[Diagnostic]:
    """Run every cross-file check; return the diagnostics (possibly empty)."""
    out: list[Diagnostic] = []
    out += check_pages(site)
    out += check_navigation(site)
    out += check_paragraphs(site, expected_last_paragraph)
    out += check_numbers(site)
    out += check_placements(site)
    out += check_tables(site)
    out += check_mandates(site)
    out += check_footnotes(site)
    return out
