"""A save costs what it changes: the generator's stages kept between two saves (in the live
preview), and the map from what changed in the content to the pages it shows on.

What a change touches:

* the prose of a page (paragraphs and their items and footnotes, text blocks, recommendations;
  not its titles, headings, numbers or what it places): the page itself;
* a table or a figure whose number (and a table's count of parts) stays: the page that places
  it, and a table's CSV;

and with either: the home page (its cards quote the subprogrammes' first paragraphs, its budget
line the resource tables), the open-data page and ``plan.json`` (every file's data, every file's
size), the translation status page when a page's counts changed, the mandates page when the
mandates a page cites, or where, changed.

Anything else (a page's title, headings or paragraph numbers, a page, table or figure added or
removed, a table or figure placed nowhere, ``plan.yaml``, ``mandates.yaml``, the interface strings,
the templates: what the caller calls structural) renders every page again, and says why. The
write stage writes only the files whose bytes changed either way.

Every change is validated: the checks of a file's prose (references and citations in its text,
cross-references) are kept per file while the file and what it is checked against (the numbers,
the registry) stay the same (:class:`generator.content.validate.Scoped`); the other cross-file
checks (numbering, placements, the tables' declarations) run whole. The files whose bytes did not
change are not parsed or modelled again
(:class:`generator.content.load.ParseCache`, :class:`generator.content.model.ModelCache`), and
the JSON of unchanged files is not made again (:class:`generator.rendering.downloads.JsonParts`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import pipeline
from generator.content import generated, model
from generator.content import load as load_stage
from generator.content import validate as validate_stage
from generator.content.model import Site
from generator.diagnostics import Diagnostic, GeneratorError, sort_diagnostics
from generator.i18n import languages as i18n
from generator.linking import backlinks as backlinks_stage
from generator.linking import link as link_stage
from generator.linking import xrefs
from generator.rendering import downloads
from generator.rendering import pages as render_stage


@dataclass
class Update:
    """What one run of :meth:`Generation.generate` made."""

    pages: dict[str, str]  # the files (by their path in the docs folder) whose text changed
    names: set[str]  # every file of this language, changed or not
    diagnostics: list[Diagnostic]
    everything: str | None  # why every page was rendered; None: only ``rendered``
    rendered: list[str] = field(default_factory=list)  # the pages rendered (ids: index, mandates...)


@dataclass
class _Last:
    """The last good run: what the next one is compared with, and what it reuses."""

    site: Site
    linked: link_stage.Linked
    statuses: dict[str, i18n.Status]
    files: dict[str, bytes]  # the downloads
    pages: dict[str, str]  # every file of the language
    strings: dict[str, i18n.Strings]


class Generation:
    """The generator for one language, kept in a long-running process between saves."""

    def __init__(self, root: Path, languages: tuple[i18n.Language, ...], code: str,
                 use_directory_urls: bool = False):
        self.root = root
        self.languages = languages
        self.code = code
        self.use_directory_urls = use_directory_urls
        self.prefix = f"{code}/" if i18n.multilingual(languages) else ""
        self.parse_cache = load_stage.ParseCache()
        self.models = model.ModelCache()
        self.json_parts = downloads.JsonParts()
        self.scoped = validate_stage.Scoped()
        self.last: _Last | None = None

    def generate(self, structural: str | None = None) -> Update:
        """Check the content, then render what changed since the last run (every page the first
        time, or with ``structural``: why everything must be rendered). Raises
        :class:`GeneratorError` when the content has errors."""
        result = pipeline.check(self.root, languages=self.languages, cache=self.parse_cache, models=self.models,
                                scoped=self.scoped)
        if not result.ok() or result.site is None:
            raise GeneratorError(result.diagnostics or [Diagnostic("content", 0, 0, "error", "nothing to build")])
        site = result.site
        why = structural or self._why_everything(site)
        if why is not None:
            return self._everything(site, result.diagnostics, why)
        return self._some(site, result.diagnostics)

    # ------------------------------------------------------------------ what changed

    def _why_everything(self, site: Site) -> str | None:
        last = self.last
        if last is None:
            return "first build"
        old, new = last.site.content, site.content
        assert old is not None and new is not None
        if old.plan is not new.plan:
            return f"{new.plan.path if new.plan else 'content/plan.yaml'} changed"
        if old.mandates is not new.mandates:
            return f"{new.mandates.path if new.mandates else 'content/mandates.yaml'} changed"
        for kind in ("pages", "tables", "figures"):
            if getattr(old, kind).keys() != getattr(new, kind).keys():
                return f"a file was added to or removed from content/{kind}/"
        old_plan = last.site.plan
        for stem in _changed(old.pages, new.pages):
            if _page_shape(last.site.pages[stem], old_plan) != _page_shape(site.pages[stem], site.plan):
                return f"{new.pages[stem].path}: more than its prose changed (a title, heading, number or placement)"
        index = last.linked.xref_index
        for stem in _changed(old.tables, new.tables):
            was, now = last.site.tables[stem], site.tables[stem]
            if (was.number, len(was.parts)) != (now.number, len(now.parts)) or stem not in index.tables:
                return f"{new.tables[stem].path}: its number or parts changed, or no page places it"
        for stem in _changed(old.figures, new.figures):
            if last.site.figures[stem].number != site.figures[stem].number or stem not in index.figures:
                return f"{new.figures[stem].path}: its number changed, or no page places it"
        return None

    # ------------------------------------------------------------------ rendering

    def _everything(self, site: Site, diags: list[Diagnostic], why: str) -> Update:
        linked, link_diags = link_stage.link(site)
        strings, _ = i18n.load_strings(self.root, self.languages)
        statuses = self._statuses(site, linked)
        files = downloads.files(site, self.code, strings[self.code], parts=self.json_parts)
        rendered = render_stage.render(
            linked, lang=self.code, use_directory_urls=self.use_directory_urls, strings=strings,
            languages=self.languages, files=files, statuses=statuses)
        pages = {self.prefix + name: text for name, text in rendered.items()}
        before = self.last.pages if self.last is not None else {}
        self.last = _Last(site, linked, statuses, files, pages, strings)
        return Update({k: v for k, v in pages.items() if before.get(k) != v}, set(pages),
                      sort_diagnostics(diags + link_diags), why)

    def _some(self, site: Site, diags: list[Diagnostic]) -> Update:
        last = self.last
        assert last is not None and last.site.content is not None and site.content is not None
        old = last.site
        linked = last.linked  # its registry, order and cross-reference index stay what they were
        index = linked.xref_index
        tables = _changed(old.content.tables, site.content.tables)
        figures = _changed(old.content.figures, site.content.figures)
        touched = set(_changed(old.content.pages, site.content.pages))
        touched |= {index.tables[stem] for stem in tables} | {index.figures[stem] for stem in figures}
        linked.site = site
        only = touched | {generated.HOME.id, generated.OPEN_DATA.id}
        if self._relink(old, site, touched):
            only.add(generated.MANDATES.id)
        statuses = {code: _status_with(st, site, linked, touched) for code, st in last.statuses.items()}
        if statuses != last.statuses:
            only.add(generated.TRANSLATION_STATUS.id)
        files = dict(last.files)
        for stem in tables:
            files[downloads.table_filename(stem)] = downloads.table_csv(site.tables[stem], self.code, last.strings[self.code])
        files[downloads.json_filename()] = downloads.plan_json(site, self.json_parts)
        rendered = render_stage.render(
            linked, lang=self.code, use_directory_urls=self.use_directory_urls, strings=last.strings,
            languages=self.languages, only=only, files=files, statuses=statuses)
        changed = {}
        for name, text in rendered.items():
            name = self.prefix + name
            if last.pages.get(name) != text:
                changed[name] = last.pages[name] = text
        last.site, last.statuses, last.files = site, statuses, files
        return Update(changed, set(last.pages), sort_diagnostics(diags), None, sorted(only))

    def _relink(self, old: Site, site: Site, touched: set[str]) -> bool:
        """The backlinks of the ``touched`` pages, from their new content; whether they changed."""
        linked = self.last.linked if self.last is not None else None
        assert linked is not None
        was = _backlinks_of(old, touched, linked.xref_index)
        now = _backlinks_of(site, touched, linked.xref_index)
        if was == now:
            return False
        if was.cited_in.keys() != now.cited_in.keys() or was.unknown.keys() != now.unknown.keys():
            # the order of the mandates follows their first citation: find it again
            linked.backlinks = backlinks_stage.backlinks(site)
            return True
        order = {page_id: n for n, page_id in enumerate(["index", *backlinks_stage.page_order(site)])}
        merged = backlinks_stage.Backlinks()
        for mine, theirs, out in ((now.cited_in, linked.backlinks.cited_in, merged.cited_in),
                                  (now.unknown, linked.backlinks.unknown, merged.unknown)):
            for key, places in theirs.items():
                kept = [c for c in places if c.page_id not in touched] + mine.get(key, [])
                out[key] = sorted(kept, key=lambda c: order.get(c.page_id, len(order)))  # stable
        linked.backlinks = merged
        return True

    def _statuses(self, site: Site, linked: link_stage.Linked) -> dict[str, i18n.Status]:
        return {lang.code: i18n.status(site, lang.code, linked.order)
                for lang in self.languages if not lang.default and i18n.multilingual(self.languages)}


def _changed(old: dict[str, load_stage.Source], new: dict[str, load_stage.Source]) -> list[str]:
    """The files loaded again (a parse cache gives the same object for unchanged bytes)."""
    return [stem for stem, source in new.items() if old.get(stem) is not source]


def _page_shape(page: model.Page, plan: model.Plan) -> Any:
    """What others see of a page: all of it but its prose (paragraph text, items, footnotes...)."""
    shape = page.model_dump()
    for prose in xrefs.prose_fields(Site(plan, {"page": page})):
        if prose.kind != "pages":
            continue
        node = shape
        try:
            for part in prose.path[:-1]:
                node = node[part]
            node[prose.path[-1]] = None
        except (KeyError, IndexError, TypeError):
            return copy.deepcopy(page)  # a path the model does not have: the page itself, compared whole
    return shape


def _placed_on(site: Site, page_ids: set[str], index: xrefs.XRefIndex) -> Site:
    """The site with only these pages, and the tables and figures they place."""
    return Site(site.plan, {p: site.pages[p] for p in page_ids},
                {s: t for s, t in site.tables.items() if index.tables.get(s) in page_ids},
                {s: f for s, f in site.figures.items() if index.figures.get(s) in page_ids},
                site.mandates, site.content)


def _backlinks_of(site: Site, page_ids: set[str], index: xrefs.XRefIndex) -> backlinks_stage.Backlinks:
    """The citations on these pages (the foreword's are the home page's: not these)."""
    found = backlinks_stage.backlinks(_placed_on(site, page_ids, index))
    out = backlinks_stage.Backlinks()
    for mine, into in ((found.cited_in, out.cited_in), (found.unknown, out.unknown)):
        for key, places in mine.items():
            places = [c for c in places if c.page_id in page_ids]
            if places:
                into[key] = places
    return out


def _status_with(last: i18n.Status, site: Site, linked: link_stage.Linked, page_ids: set[str]) -> i18n.Status:
    """``last`` with the counts of these pages (their fields, and the tables and figures they
    place) made again from ``site``."""
    counts = {p: {} for p in page_ids}
    for page_id, f in i18n.text_fields(_placed_on(site, page_ids, linked.xref_index)):
        if page_id in counts:
            counts[page_id].setdefault(f.kind, i18n.Count()).add(f, last.lang)
    pages = {p: counts.get(p, kinds) for p, kinds in last.pages.items()}
    titles: dict[str, Any] = {"index": site.plan.title}
    titles.update({p: page.title for p, page in site.pages.items()})
    return i18n.Status(last.lang, pages, titles)
