"""The search index: one entry for every numbered block of a page, one index file per language.

Material's search plugin cuts a page into sections at its headings, so a hit in the middle of a long
section (a list of forty mandates, a section of eight paragraphs) can only lead to the heading.
Here a page is cut once more: every block the generator gave an ``id`` of its own (a numbered
paragraph ``<p id="para-14.47">``, a table ``<div id="table-14.16">``, a figure, a mandate of the
register ``<li id="ga-resolution-74-251">``, a footnote) is an entry of its own, whose ``ref`` is
its printed number (the text of its ``*-num`` / ``*-number`` element: ``14.47``, ``表 14.16``,
``74/251``); a section keeps the text outside its blocks. Chinese is cut into words by jieba, as
Material's plugin does (words joined with U+200B), so that the search can tell a whole word from a
piece of one.

:func:`replace_page_entries` runs after Material's plugin has indexed a page (the hook's
``on_post_page``) and puts these entries where its entries of the page were, each marked with the
language being built. :func:`write_indexes` writes what a reader downloads: for each language
``search/<lang>.js``, a script (a page opened from ``file://`` can load scripts, not JSON) that the
search worker (``overrides/assets/javascripts/search-worker.js``) loads; Material's
``search/search_index.json`` (and the offline bundle's ``search_index.js``) keeps only the
configuration, so that the page that starts the search downloads nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path

SEARCH_DIR = Path("search")
INDEX_JSON = SEARCH_DIR / "search_index.json"
INDEX_SCRIPT = SEARCH_DIR / "search_index.js"  # Material's offline plugin: the index as a script
_SCRIPT_PREFIX = "var __index = "
LANGUAGE_SCRIPT_GLOBAL = "__planSearchIndex"  # what search/<lang>.js assigns (read by the worker)
_COLUMNS = ("location", "title", "text", "ref", "kind")  # an entry of search/<lang>.js: a list, in this order

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "li", "div", "figure", "table", "dd"}  # with an id: an entry of its own
_SKIPPED = {"script", "style", "svg", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}
_SPACED = {"p", "li", "div", "td", "th", "tr", "caption", "figcaption", "dt", "dd"}  # cells are words apart
_NUMBER_CLASS = re.compile(r"(?:^|\s)[\w-]+-(?:num|number)(?:\s|$)")
_SPACES = re.compile(r"\s+")


class _Part:
    def __init__(self, anchor: str | None, title: str = "", tag: str = "") -> None:
        self.anchor = anchor
        self.tag = tag
        self.title = title
        self.text: list[str] = []
        self.ref: list[str] = []
        self.listed = 0  # characters of the text inside list items

    def kind(self) -> str:
        """A block's tag; "list" for a section whose text is mostly a list; "" for other sections."""
        text = "".join(self.text)
        return self.tag or ("list" if self.listed * 2 > len(text.strip()) > 0 else "")


class _PageParser(HTMLParser):
    """A page's HTML (MkDocs' ``page.content``) -> its sections and its blocks with ids, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[_Part] = []
        self.blocks: list[tuple[_Part, _Part]] = []  # (section, block)
        self._stack: list[tuple[str, str]] = []  # (tag, role): role in "", skip, heading, block, ref
        self._open: dict[str, int] = {}  # how many of the stack's elements have each role, and are li
        self._heading: _Part | None = None

    def _role(self, role: str) -> bool:
        return self._open.get(role, 0) > 0

    def _count(self, tag: str, role: str, n: int) -> None:
        for key in (role, "li" if tag == "li" else ""):
            if key:
                self._open[key] = self._open.get(key, 0) + n

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _VOID:
            if tag == "br":
                self.handle_data(" ")
            return
        role = ""
        if tag in _SPACED:
            self.handle_data(" ")
        # skipped: scripts, charts (data-search-exclude), permalinks, download links ("CSV")
        if (tag in _SKIPPED or "data-search-exclude" in values or "headerlink" in values.get("class", "").split()
                or "download" in values or self._role("skip")):
            role = "skip"
        elif tag in _HEADINGS and "id" in values and not self._role("block"):
            first = not self.sections
            self._heading = _Part(None if first else values["id"])
            self.sections.append(self._heading)
            role = "heading"
        elif tag in _BLOCKS and "id" in values and not self._role("block") and self.sections:
            self.blocks.append((self.sections[-1], _Part(values["id"], tag=tag)))
            role = "block"
        elif (self._role("block") and _NUMBER_CLASS.search(values.get("class", "")) and not self._role("ref")
              and not self.blocks[-1][1].ref):  # the block's first number is its own
            role = "ref"
        self._stack.append((tag, role))
        self._count(tag, role, 1)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for closed, role in self._stack[i:]:
                    self._count(closed, role, -1)
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self._role("skip") or not self.sections:
            return
        if self._role("heading"):
            self.sections[-1].title += data
            return
        target = self.blocks[-1][1] if self._role("block") else self.sections[-1]
        target.text.append(data)
        if self._open.get("li", 0):
            target.listed += len(data.strip())
        if self._role("ref"):
            target.ref.append(data)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


_EXCLUDED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\s[^<>]*\bdata-search-exclude\b[^<>]*>")


def _without_excluded(html: str) -> str:
    """``html`` without its elements marked ``data-search-exclude`` (charts, tables of counts),
    which the parser would skip tag by tag: most of a large page's parsing. Each is found to its
    matching end tag; a space stands for one that puts its text apart. An element not closed is
    left to the parser."""
    out, at = [], 0
    for start in _EXCLUDED.finditer(html):
        if start.start() < at:
            continue  # inside one cut already
        tag = start.group(1).lower()
        depth = 1
        for m in re.compile(rf"<(/?){tag}\b[^<>]*>", re.IGNORECASE).finditer(html, start.end()):
            depth += -1 if m.group(1) else 1
            if not depth:
                break
        else:
            return html
        out += [html[at:start.start()], " " if tag in _SPACED else ""]
        at = m.end()
    return "".join(out) + html[at:] if out else html


def page_entries(html: str, url: str, page_title: str, segment: Callable[[str], str]) -> list[dict]:
    """The entries of one page: its first section at ``url``, every other section and every block
    with an id at ``url#id``. ``segment`` cuts Chinese into words (Material's, with U+200B)."""
    parser = _PageParser()
    parser.feed(_without_excluded(html))
    parser.close()
    entries: list[dict] = []
    blocks_of: dict[int, list[_Part]] = {}
    for section, block in parser.blocks:
        blocks_of.setdefault(id(section), []).append(block)
    for section in parser.sections or [_Part(None, page_title)]:
        title = _clean(section.title) or page_title
        location = f"{url}#{section.anchor}" if section.anchor else url
        entries.append({"location": location, "title": segment(title), "text": segment(_clean("".join(section.text))),
                        "kind": section.kind()})
        for block in blocks_of.get(id(section), []):
            ref = _clean("".join(block.ref))
            entry = {"location": f"{url}#{block.anchor}", "title": segment(title),
                     "text": segment(_clean("".join(block.text))), "kind": block.kind()}
            if ref:
                entry["ref"] = ref
            entries.append(entry)
    return entries


def replace_page_entries(entries: list[dict], url: str, html: str, page_title: str, lang: str,
                         segment: Callable[[str], str]) -> None:
    """Put the entries of the page at ``url`` (see :func:`page_entries`), marked with ``lang``,
    where the search plugin's entries of that page are; a page it did not index stays out."""
    mine = [i for i, e in enumerate(entries) if e["location"].split("#")[0] == url]
    if not mine:
        return
    new = [entry | {"lang": lang} for entry in page_entries(html, url, page_title, segment)]
    kept = [e for e in entries if e["location"].split("#")[0] != url]
    at = mine[0]
    entries[:] = kept[:at] + new + kept[at:]


def _row_json(entry: dict) -> str:
    return json.dumps([entry.get(column, "") for column in _COLUMNS], ensure_ascii=False, separators=(",", ":"))


class EntriesJson:
    """The JSON text of each entry of one language, kept while the entry stays the same object:
    the live preview writes the whole index after each save, and only the rebuilt pages' entries
    are new."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[dict, str]] = {}

    def rows(self, entries: Iterable[dict]) -> str:
        kept: dict[int, tuple[dict, str]] = {}
        for entry in entries:
            hit = self._texts.get(id(entry))
            if hit is None or hit[0] is not entry:
                hit = (entry, _row_json(entry))
            kept[id(entry)] = hit
        self._texts = kept
        return ",".join(text for _, text in kept.values())


def _language_index(entries: list[dict], cache: EntriesJson | None = None) -> str:
    """A language's entries as the script ``search/<lang>.js``: [location, title, text, ref, kind]
    each (``kind``: the tag of a numbered block; "list" for a section that is mostly a list; "" for
    another section)."""
    rows = cache.rows(entries) if cache is not None else ",".join(_row_json(e) for e in entries)
    return f"self.{LANGUAGE_SCRIPT_GLOBAL}=" + '{"docs":[' + rows + "]};\n"


def read_language_index(site: Path, lang: str) -> list[dict]:
    """The entries of ``search/<lang>.js`` of a built site, as {location, title, text, ref, kind}."""
    script = (site / SEARCH_DIR / f"{lang}.js").read_text(encoding="utf-8")
    data = script.removeprefix(f"self.{LANGUAGE_SCRIPT_GLOBAL}=").rstrip().removesuffix(";")
    return [dict(zip(_COLUMNS, row)) for row in json.loads(data)["docs"]]


def write_indexes(site: Path, config: object, entries: list[dict],
                  caches: dict[str, EntriesJson] | None = None) -> None:
    """``search/<lang>.js`` for every language of ``entries``, and Material's index files (the JSON,
    and the offline bundle's script where its plugin wrote one) with the configuration only. With
    ``caches`` (one a language, filled as it goes), an entry's JSON written before is not made again."""
    by_lang: dict[str, list[dict]] = {}
    for entry in entries:
        by_lang.setdefault(entry.get("lang", ""), []).append(entry)
    (site / SEARCH_DIR).mkdir(parents=True, exist_ok=True)
    for stale in (site / SEARCH_DIR).glob("*.js"):
        if stale.name != INDEX_SCRIPT.name and stale.stem not in by_lang:
            stale.unlink()
    for lang, docs in by_lang.items():
        if lang:
            cache = caches.setdefault(lang, EntriesJson()) if caches is not None else None
            (site / SEARCH_DIR / f"{lang}.js").write_text(_language_index(docs, cache), encoding="utf-8")
    data = json.dumps({"config": config, "docs": [], "languages": sorted(k for k in by_lang if k)},
                      separators=(",", ":"), default=str)
    (site / INDEX_JSON).write_text(data, encoding="utf-8")
    if (site / INDEX_SCRIPT).is_file():
        (site / INDEX_SCRIPT).write_text(_SCRIPT_PREFIX + data, encoding="utf-8")


def read_full_index(site: Path) -> tuple[object, list[dict]] | None:
    """Material's search index as its plugin wrote it (configuration and entries), or None when
    it has been written as :func:`write_indexes` writes it already."""
    path = site / INDEX_JSON
    if not path.is_file():
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    if "languages" in index:
        return None
    return index["config"], index["docs"]
