"""Stage 3, link: the model -> linked data for rendering.

Resolves every mandate reference to its registry entry, document symbol and undocs.org URL
(through :mod:`generator.mandates`), and finds mandates cited in running prose (through
:mod:`generator.citations`). Both modules are the mandate helpers' public API; this stage only
adapts them to the renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import citations, mandates
from .diagnostics import Diagnostic
from .model import Mandate, MandatesBlock, Site, walk_blocks
from .validate import page_order

BODY_ORDER = ("GA", "GC", "UNEA")
BODY_NAMES = {
    "GA": {"zh": "大会", "en": "General Assembly"},
    "GC": {"zh": "联合国环境规划署理事会", "en": "UNEP Governing Council"},
    "UNEA": {"zh": "联合国环境大会", "en": "United Nations Environment Assembly"},
}


KIND_NAMES = {
    "resolution": {"zh": "决议", "en": "resolution"},
    "decision": {"zh": "决定", "en": "decision"},
    "declaration": {"zh": "宣言", "en": "declaration"},
}


def mandate_anchor(key: str) -> str:
    """'GA resolution 2997(XXVII)' -> 'ga-resolution-2997-xxvii': the entry's id on the mandates page."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


@dataclass
class MandateLink:
    key: str
    entry: Mandate
    symbol: str
    anchor: str
    _urls: dict[str, str] = field(default_factory=dict)

    def url(self, lang: str = "zh") -> str:
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
    cited_on: dict[str, list[str]] = field(default_factory=dict)  # key -> page ids listing it

    def mandate(self, key: str) -> MandateLink | None:
        return self.mandates.get(key)

    def citations(self, text: str, lang: str = "zh") -> list[Span]:
        return list(_find(self, text, lang))

    def by_body(self) -> list[tuple[str, list[MandateLink]]]:
        groups: dict[str, list[MandateLink]] = {}
        for m in self.mandates.values():
            groups.setdefault(m.entry.body, []).append(m)
        order = [b for b in BODY_ORDER if b in groups] + sorted(set(groups) - set(BODY_ORDER))
        return [(b, groups[b]) for b in order]

    def __hash__(self) -> int:
        return id(self)


@cache
def _find_cached(linked: Linked, text: str, lang: str) -> tuple[Span, ...]:
    spans = []
    last_end = 0
    try:
        found_all = citations.find_citations(text, lang)
    except ValueError:  # a language without a citation grammar yet: its prose links no mandates
        return ()
    for found in sorted(found_all, key=lambda s: (s.start, s.end)):
        if found.start < last_end or found.end <= found.start:
            continue  # overlapping spans: keep the first
        link = linked.mandates.get(found.key) if found.key else None
        spans.append(Span(found.start, found.end, link))
        last_end = found.end
    return tuple(spans)


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
    order = page_order(site)
    linked = Linked(site, registry, order)
    for page_id in order:
        for _, block, _ in walk_blocks(site.pages[page_id]):
            if isinstance(block, MandatesBlock):
                for group in block.mandates:
                    for ref in group.refs:
                        pages = linked.cited_on.setdefault(ref, [])
                        if page_id not in pages:
                            pages.append(page_id)
    return linked, diags
