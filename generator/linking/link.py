"""Stage 3, link: the model -> linked data for rendering.

Resolves every mandate reference to its registry entry, document symbol and undocs.org URL
(through :mod:`generator.linking.mandates`), and finds mandates cited in running prose (through
:mod:`generator.linking.citations`). Both modules are the mandate helpers' public API; this stage only
adapts them to the renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.content.model import DEFAULT_LANG, Mandate, Site, nav_order, section_number
from generator.diagnostics import Diagnostic
from generator.linking import backlinks as backlinks_stage
from generator.linking import citations, grammars, mandates, xrefs
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

    # what was found in each text, by (text, language): many texts repeat (a caption on its page
    # and the print page, a paragraph in each language's fallback). Kept by this object, so it
    # goes with it: the live preview links a new model on every save.
    _found_citations: dict[tuple[str, str], tuple[Span, ...]] = field(default_factory=dict, repr=False)
    _found_xrefs: dict[tuple[str, str], tuple] = field(default_factory=dict, repr=False)

    def citations(self, text: str, lang: str = DEFAULT_LANG) -> list[Span]:
        return self._found(self._found_citations, _citations, text, lang)

    def xrefs(self, text: str, lang: str = DEFAULT_LANG) -> list[tuple[xrefs.XRef, str, str | None]]:
        """The internal cross-references in ``text`` that resolve: (reference, page id, anchor)."""
        return self._found(self._found_xrefs, _xrefs, text, lang)

    def _found(self, store: dict, find: Callable[[Linked, str, str], tuple], text: str, lang: str) -> list:
        if not text:
            return []
        if (text, lang) not in store:
            store[(text, lang)] = find(self, text, lang)
        return list(store[(text, lang)])


def _citations(linked: Linked, text: str, lang: str) -> tuple[Span, ...]:
    """The mandates cited in ``text``, read by the grammar of ``lang`` (none without one: a
    language without a grammar prints its own text without links)."""
    if not grammars.has_grammar(lang):
        return ()
    spans = []
    last_end = 0
    # the registry's keys decide a number two bodies could have adopted (4/1: UNEA or GC)
    for found in sorted(citations.find_citations(text, lang, known_keys=linked.mandates.keys()),
                        key=lambda s: (s.start, s.end)):
        if found.start < last_end or found.end <= found.start:
            continue  # overlapping spans: keep the first
        link = linked.mandates.get(found.key) if found.key else None
        spans.append(Span(found.start, found.end, link))
        last_end = found.end
    return tuple(spans)


def _xrefs(linked: Linked, text: str, lang: str) -> tuple[tuple[xrefs.XRef, str, str | None], ...]:
    if not linked.section or not grammars.has_grammar(lang):
        return ()  # nothing to read references by
    out = []
    for x in xrefs.find_xrefs(text, lang, section=linked.section):
        target = xrefs.resolve_xref(x, linked.xref_index)
        if target is not None:  # unresolved ones are check's warnings (xrefs.check_xrefs)
            out.append((x, target[0], target[1]))
    return tuple(out)


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
