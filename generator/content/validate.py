"""Stage 2, validate: checks across files that the schema alone cannot make.

* page ids match their file names; the navigation names existing pages, each exactly once;
* paragraphs are numbered <section>.1, .2, ... without gaps or repeats, in navigation order;
* every table and figure block names an existing file, and each table and figure is placed once;
* every mandate reference exists in mandates.yaml;
* a footnote's ``after`` text occurs exactly once in its paragraph;
* every table row has one value per leaf column; a row's note names a note of its table;
* references in prose (表 14.16(1), 图 14.三十一, 第 14.113 段, mandates cited in the text) exist;
* footnotes are numbered 1, 2, ... once each; identifiers (page ids, table and figure numbers,
  mandate numbers) have their shape;

:func:`report` adds what only informs: the arithmetic of tables and figures
(:mod:`generator.content.arithmetic`, warnings) and missing translations (info).

Errors stop the build; warnings only with ``--strict``; info never.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, PlainValidator

from generator.content.arithmetic import check_arithmetic, check_declarations
from generator.content.generated import RESERVED
from generator.content.load import Source
from generator.content.model import (
    DEFAULT_LANG,
    FigureBlock,
    MandatesBlock,
    Page,
    ParagraphBlock,
    Section,
    Site,
    TableBlock,
    TablePart,
    _check_text,
    figure_stem,
    has_lang,
    nav_order,
    nav_pages,
    section_number,
    text_of,
    walk_blocks,
    walk_sections,
)
from generator.diagnostics import Diagnostic


class Scoped:
    """A check's findings per file, kept while the file's model is the same object (the model
    cache gives the same object for the same bytes) and what the check compares it with (its
    ``context``: the numbers, the registry) stays equal: the live preview checks the content after
    every save, and a save changes a file or two. Cross-file checks that are cheap run whole."""

    def __init__(self) -> None:
        self._context: dict[str, Any] = {}
        self._found: dict[tuple[str, Any], tuple[Any, list[Diagnostic]]] = {}

    def against(self, check: str, context: Any) -> None:
        """What ``check`` compares every file with now: when it changed, nothing kept holds."""
        if check in self._context and self._context[check] != context:
            self._found = {k: v for k, v in self._found.items() if k[0] != check}
        self._context[check] = context

    def found(self, check: str, key: Any, obj: Any) -> list[Diagnostic] | None:
        hit = self._found.get((check, key))
        return hit[1] if hit is not None and hit[0] is obj else None

    def keep(self, check: str, key: Any, obj: Any, diagnostics: list[Diagnostic]) -> None:
        self._found[(check, key)] = (obj, diagnostics)


def _src(site: Site, kind: str, key: str | None = None) -> Source:
    src = site.source(kind, key)
    if src is None:  # model built without sources (tests): report against a made-up path
        name = {"plan": "content/plan.yaml", "mandates": "content/mandates.yaml"}.get(
            kind, f"content/{kind}/{key}.yaml"
        )
        return Source(name)
    return src


def all_pages(site: Site) -> list[str]:
    """Every page id: navigation order first, then pages missing from the navigation."""
    order = nav_order(site)
    return order + sorted(set(site.pages) - set(order))


def blocks_of(site: Site, kind: type) -> Iterator[tuple[Source, tuple, Any]]:
    """Every block of ``kind`` on every page, with its file and its path in that file."""
    for stem in all_pages(site):
        src = _src(site, "pages", stem)
        for path, block, _ in walk_blocks(site.pages[stem]):
            if isinstance(block, kind):
                yield src, path, block


def check_pages(site: Site) -> list[Diagnostic]:
    out = []
    for stem, page in site.pages.items():
        src = _src(site, "pages", stem)
        if page.id != stem:
            out.append(src.diag(("id",), f"page id '{page.id}' does not match the file name",
                                hint=f"write id: {stem}, or rename the file to {page.id}.yaml"))
        if stem in RESERVED:
            out.append(src.diag(("id",), f"'{stem}' is reserved for {RESERVED[stem].what}, which the generator makes",
                                hint="give the page another id (and its file that name)"))
        if not page.blocks and not page.sections:
            out.append(_empty(src, (), page, "page"))
        ids = Counter()
        for path, section, _ in walk_sections(page):
            if not section.blocks and not section.sections:
                out.append(_empty(src, path, section, "section"))
            if section.id:
                ids[section.id] += 1
                if ids[section.id] == 2:
                    out.append(src.diag(path + ("id",), f"section id '{section.id}' is used twice on this page"))
    return out


def _empty(src: Source, path: tuple, node: Page | Section, what: str) -> Diagnostic:
    """A page or section with nothing under its title: pointed at its empty list, or its title."""
    written = [key for key in ("blocks", "sections") if key in node.model_fields_set]
    return src.diag(path + ((written[0],) if written else ("title",)),
                    f"this {what} is empty: it needs at least one block or section",
                    hint="add blocks (paragraphs, tables, ...) or sections under it, or remove it")


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
    for stem in nav_order(site):
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
    prefix = section_number(site.plan.symbol) or "<section>"
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
                                        hint=f"a figure is named by its number as printed; its file by "
                                        f"the arabic number: content/figures/{prefix}.18.yaml"))
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
                                                        hint=f"a figure's file is named by the arabic number: "
                                                        f"{figure_stem(fig.number) or '<section>.<n>'}.yaml"))
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
    for src, path, block in blocks_of(site, MandatesBlock):
        for g, group in enumerate(block.mandates):
            for r, ref in enumerate(group.refs):
                if ref not in keys:
                    guess = difflib.get_close_matches(ref, sorted(keys), n=1, cutoff=0.7)
                    out.append(src.diag(path + ("mandates", g, "refs", r),
                                        f"unknown mandate '{ref}'" +
                                        (f" (did you mean '{guess[0]}'?)" if guess else ""),
                                        hint="not in content/mandates.yaml" if guess else
                                        "not in content/mandates.yaml; refs are written "
                                        "'<body> <kind> <number>', e.g. 'GA resolution 74/251'"))
    return out


def _langs(text) -> list[str]:
    return [DEFAULT_LANG] if isinstance(text, str) else sorted(text)


def check_footnotes(site: Site) -> list[Diagnostic]:
    out = []
    for src, path, block in blocks_of(site, ParagraphBlock):
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


# --------------------------------------------------------------------------- texts


def _is_text_type(annotation: Any, metadata: list | None = None) -> bool:
    for meta in list(metadata or []) + list(getattr(annotation, "__metadata__", ())):
        if isinstance(meta, PlainValidator) and meta.func is _check_text:
            return True
    return any(_is_text_type(arg) for arg in get_args(annotation))


@cache
def _text_fields(model: type[BaseModel]) -> dict[str, bool]:
    """Each field of a model class, and whether it holds text (a type's annotations, read once)."""
    return {name: _is_text_type(info.annotation, info.metadata) for name, info in model.model_fields.items()}


def iter_texts(obj: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every text field of a model (``(path, text)``), the path as in the YAML file."""
    if isinstance(obj, BaseModel):
        for name, is_text in _text_fields(type(obj)).items():
            value = getattr(obj, name)
            if value is None:
                continue
            if is_text:
                if isinstance(value, list):
                    for i, item in enumerate(value):
                        yield path + (name, i), item
                else:
                    yield path + (name,), value
            else:
                yield from iter_texts(value, path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from iter_texts(item, path + (i,))


def _documents(site: Site) -> Iterator[tuple[Source, Any, tuple]]:
    """(source, model object, path of the object in the file) for every file."""
    yield _src(site, "plan"), site.plan, ()
    for stem in sorted(site.pages):
        yield _src(site, "pages", stem), site.pages[stem], ()
    for stem in sorted(site.tables):
        yield _src(site, "tables", stem), site.tables[stem], ()
    for stem in sorted(site.figures):
        yield _src(site, "figures", stem), site.figures[stem], ()
    yield _src(site, "mandates"), site.mandates, ()


def check_languages(site: Site) -> list[Diagnostic]:
    """Info, never fatal: per file and language, how many texts lack a translation."""
    texts = [(src, list(iter_texts(obj, base))) for src, obj, base in _documents(site)]
    langs = sorted({lang for _, ts in texts for _, t in ts if isinstance(t, dict) for lang in t}
                   - {DEFAULT_LANG})
    out = []
    for lang in langs:
        for src, ts in texts:
            missing = [p for p, t in ts if not has_lang(t, lang)]
            if missing:
                out.append(src.diag(missing[0], f"{len(missing)} of {len(ts)} texts have no '{lang}' "
                                    "translation (the Chinese text is shown)", "info"))
    return out


def check_footnote_numbers(site: Site) -> list[Diagnostic]:
    """Footnotes are numbered 1, 2, 3 ... through the document, each number once."""
    out = []
    seen: dict[int, str] = {}
    expected = 1
    for stem in nav_order(site):
        src = _src(site, "pages", stem)
        for path, block, _ in walk_blocks(site.pages[stem]):
            if not isinstance(block, ParagraphBlock):
                continue
            for f, fn in enumerate(block.footnotes):
                where = path + ("footnotes", f, "number")
                if fn.number in seen:
                    out.append(src.diag(where, f"footnote {fn.number} is defined twice",
                                        hint=f"first at {seen[fn.number]}"))
                    continue
                line, _ = src.pos(where)
                seen[fn.number] = f"{src.path}:{line}"
                if fn.number != expected:
                    out.append(src.diag(where, f"footnote {fn.number} should be footnote {expected}",
                                        hint="footnotes are numbered 1, 2, 3 ... in document order"))
                expected = max(expected, fn.number) + 1
    return out


def check_notes(site: Site) -> list[Diagnostic]:
    """A row's ``note`` names a note of its table; note labels are unique."""
    out = []
    for kind, items in (("tables", site.tables), ("figures", site.figures)):
        for stem, obj in sorted(items.items()):
            src = _src(site, kind, stem)
            labels: dict[str, int] = {}
            for i, note in enumerate(obj.notes):
                if note.label is None:
                    continue
                if note.label in labels:
                    out.append(src.diag(("notes", i, "label"), f"note '{note.label}' is defined twice",
                                        hint=f"first at line {src.pos(('notes', labels[note.label], 'label'))[0]}"))
                else:
                    labels[note.label] = i
            parts = obj.parts if kind == "tables" else obj.data
            key = "parts" if kind == "tables" else "data"
            for p, part in enumerate(parts):
                for r, row in enumerate(part.rows):
                    if row.note is not None and row.note not in labels:
                        out.append(src.diag((key, p, "rows", r, "note"),
                                            f"row '{text_of(row.label)}' refers to note '{row.note}', which does not exist",
                                            hint="add it under notes: with this label" if not labels else
                                            "notes of this table: " + ", ".join(labels)))
    return out


def check_budget_line(site: Site) -> list[Diagnostic]:
    """The cells plan.yaml's ``budget_line`` names exist (the home page reads them)."""
    out: list[Diagnostic] = []
    if site.plan.budget_line is None:
        return out
    plan = _src(site, "plan")
    tables = {t.number: t for t in site.tables.values()}
    for which in ("resources", "posts"):
        figure = getattr(site.plan.budget_line, which)
        if figure is None:
            continue
        where = ("budget_line", which)
        table = tables.get(figure.table)
        if table is None:
            guess = difflib.get_close_matches(figure.table, sorted(tables), n=1)
            out.append(plan.diag(where + ("table",), f"table {figure.table} does not exist",
                                 hint=f"did you mean {guess[0]}?" if guess else None))
            continue
        if figure.part > len(table.parts):
            out.append(plan.diag(where + ("part",), f"table {table.number} has no part {figure.part}"))
            continue
        part = table.parts[figure.part - 1]
        columns = [text_of(c.label).strip() for c in part.leaves()]
        rows = [text_of(r.label).strip() for r in part.rows]
        for key, name, names in (("row", figure.row, rows), ("column", figure.column, columns)):
            if name not in names:
                guess = difflib.get_close_matches(name, names, n=1)
                out.append(plan.diag(where + (key,), f"table {table.number} has no {key} '{name}'",
                                     hint=f"did you mean '{guess[0]}'?" if guess else None))
    return out


_PAGE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_identifiers(site: Site) -> list[Diagnostic]:
    """Page ids, table numbers and decimals have their shapes."""
    out = []
    prefix = section_number(site.plan.symbol)
    for stem, page in site.pages.items():
        if not _PAGE_ID.match(page.id):
            out.append(_src(site, "pages", stem).diag(("id",), f"page id '{page.id}' is not a URL-safe name",
                                                      hint="use lower-case ASCII letters, digits and '-'"))
    for kind, items in (("tables", site.tables), ("figures", site.figures)):
        for stem, obj in sorted(items.items()):
            src = _src(site, kind, stem)
            head = obj.number.partition(".")[0]
            if prefix and head != prefix:
                out.append(src.diag(("number",), f"{'table' if kind == 'tables' else 'figure'} "
                                    f"{obj.number} is not numbered in section {prefix}"))
            places = [(("decimals",), obj.decimals)]
            key = "parts" if kind == "tables" else "data"
            for p, part in enumerate(obj.parts if kind == "tables" else obj.data):
                places += [(path, c.decimals) for path, c in _columns(part.columns, (key, p, "columns"))]
            for path, dec in places:
                if dec is not None and not 0 <= dec <= 6:
                    out.append(src.diag(path, f"decimals must be between 0 and 6, got {dec}"))
    for src, path, block in blocks_of(site, ParagraphBlock):
        for f, fn in enumerate(block.footnotes):
            if fn.number < 1:
                out.append(src.diag(path + ("footnotes", f, "number"),
                                    f"a footnote number is 1 or more, got {fn.number}"))
    return out


def _columns(columns: list, path: tuple) -> Iterator[tuple[tuple, Any]]:
    for i, c in enumerate(columns):
        yield path + (i, "decimals"), c
        yield from _columns(c.columns, path + (i, "columns"))


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
    out += check_footnote_numbers(site)
    out += check_notes(site)
    out += check_identifiers(site)
    out += check_declarations(site)
    out += check_budget_line(site)
    return out


def report(site: Site) -> list[Diagnostic]:
    """Checks that inform without stopping a build: the arithmetic (warnings, since the source
    itself is not always consistent and the page keeps what it printed) and missing translations
    (info). ``python -m generator check`` runs them; the build does not, so that a strict MkDocs
    build is not failed by the source's own rounding."""
    return check_arithmetic(site) + check_languages(site)
