"""Stage 3, link: the model -> linked data for rendering.

Resolves every mandate reference to its registry entry, document symbol and undocs.org URL
(through :mod:`generator.linking.mandates`), and finds mandates cited in running prose (through
:mod:`generator.linking.citations`). Both modules are the mandate helpers' public API; this stage only
adapts them to the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator.content.model import DEFAULT_LANG, Mandate, Site, nav_order, section_number
from generator.diagnostics import Diagnostic
from generator.linking import backlinks as backlinks_stage
from generator.linking import citations, mandates, xrefs
from generator.linking.mandates import mandate_anchor


@dataclass
class MandateLink:
    key: str
    entry: Mandate
    symbol: str
    anchor: str
    _urls: dict[str, str] = field(default_factory=dict)

    def url(self, lang: str = DEFAULT_LANG) -> str:
        if lang not in self._urls:
            self._urls[lang] = mandates.url(self.entry, lang)
        return self._urls[lang]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    mandate: MandateLink | None


@dataclass
class Linked:
    """The site plus everything resolved that rendering needs."""

    site: Site
    mandates: dict[str, MandateLink]  # by key, in registry order
    order: list[str]  # page ids in navigation order
    # where each mandate is cited: every list entry and every prose citation (generator.linking.backlinks)
    backlinks: backlinks_stage.Backlinks = field(default_factory=backlinks_stage.Backlinks)
    # which page holds which paragraph, table, figure and subprogramme (generator.linking.xrefs)
    xref_index: xrefs.XRefIndex = field(default_factory=xrefs.XRefIndex)
    section: str = ""  # the plan's section number ("14"): tables and paragraphs are 14.n

    def mandate(self, key: str) -> MandateLink | None:
        return self.mandates.get(key)

    def citations(self, text: str, lang: str = DEFAULT_LANG) -> list[Span]:
        return list(_find(self, text, lang))

    def xrefs(self, text: str, lang: str = DEFAULT_LANG) -> list[tuple[xrefs.XRef, str, str | None]]:
        """The internal cross-references in ``text`` that resolve: (reference, page id, anchor)."""
        return list(_xrefs_cached(self, text, lang)) if text else []

    def __hash__(self) -> int:
        return id(self)


@cache
def _find_cached(linked: Linked, text: str, lang: str) -> tuple[Span, ...]:
    spans = []
    last_end = 0
    try:
        # the registry's keys decide a number two bodies could have adopted (4/1: UNEA or GC)
        found_all = citations.find_citations(text, lang, known_keys=set(linked.mandates))
    except ValueError:  # a language without a citation grammar yet: its prose links no mandates
        return ()
    for found in sorted(found_all, key=lambda s: (s.start, s.end)):
        if found.start < last_end or found.end <= found.start:
            continue  # overlapping spans: keep the first
        link = linked.mandates.get(found.key) if found.key else None
        spans.append(Span(found.start, found.end, link))
        last_end = found.end
    return tuple(spans)


@cache
def _xrefs_cached(linked: Linked, text: str, lang: str) -> tuple[tuple[xrefs.XRef, str, str | None], ...]:
    if not linked.section:  # a plan without a section number: nothing to read references by
        return ()
    try:
        found = xrefs.find_xrefs(text, lang, section=linked.section)
    except ValueError:  # a language without a cross-reference grammar yet: no links
        return ()
    out = []
    for x in found:
        target = xrefs.resolve_xref(x, linked.xref_index)
        if target is not None:  # unresolved ones are check's warnings (xrefs.check_xrefs)
            out.append((x, target[0], target[1]))
    return tuple(out)


def _find(linked: Linked, text: str, lang: str) -> tuple[Span, ...]:
    if not text:
        return ()
    return _find_cached(linked, text, lang)


def _key(entry: Any) -> str:
    return mandates.mandate_key(entry)


def link(site: Site) -> tuple[Linked, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    registry: dict[str, MandateLink] = {}
    for entry in site.mandates:
        key = _key(entry)
        if key in registry:
            continue  # reported by validate
        registry[key] = MandateLink(key, entry, mandates.symbol(entry), mandate_anchor(key))
    linked = Linked(
        site, registry, nav_order(site),
        backlinks=backlinks_stage.backlinks(site),
        xref_index=xrefs.build_index(site),
        section=section_number(site.plan.symbol) or "",
    )
    return linked, diags
