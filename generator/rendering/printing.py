"""The print page: the whole plan on one page in reading order, for printing (print.css does the rest).

The page comes in two parts, so that the plan's Markdown is converted once, not twice (the print
page used to repeat every page's Markdown: 40% of the site's, and at scale one page of tens of MB):

* :func:`frame` (the render stage): print.md holds the page's title, a note, and in its front
  matter (``print_chapters``) the ids of its chapters: the home page and every page of the plan, in
  reading order;
* :func:`assemble` (the MkDocs hook, when the site is built): the chapters' HTML, as MkDocs made it
  for their own pages, joined into the print page's content.

Joining is not mere concatenation:

* every page becomes a chapter: a marker ``<div class="print-chapter" id="chapter-<page>">``
  (print.css starts a new sheet there) and its headings one level down under the print page's own
  title;
* ids must stay unique on one page: paragraphs (``para-14.47``), tables and figures are unique in the
  plan, but section anchors such as ``目标`` repeat on every subprogramme page; an id already used by
  an earlier chapter becomes ``<page>--<id>``;
* links between pages become links inside the print page: ``subprogramme-3.html#para-14.47`` ->
  ``#para-14.47``, ``subprogramme-3.html`` -> ``#chapter-subprogramme-3``; links to pages not in
  the print page stay as they are.

Pages are built with ``use_directory_urls: false`` (links ``page.html#anchor``), all in one folder.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import yaml

CHAPTERS_KEY = "print_chapters"  # the front matter key of print.md: its chapters' page ids

_HTML_ID = re.compile(r'(\sid=")([^"]+)(")')
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
_PAGE_URL = re.compile(r"([A-Za-z0-9_.-]+?)\.(?:html|md)(#.*)?")


def frame(title: str, note: str, chapters: Sequence[str]) -> str:
    """print.md: front matter (out of the search index, no sidebars, the chapters), the title
    (Markdown, escaped by the caller) and the note (plain text). The chapters are put in by
    :func:`assemble`."""
    front = yaml.safe_dump({
        "search": {"exclude": True},
        "hide": ["navigation", "toc"],
        CHAPTERS_KEY: list(chapters),
    }, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n\n# {title}\n\n<p class=\"print-note\">{html.escape(note)}</p>\n"


def _ids(text: str) -> list[str]:
    return [html.unescape(m.group(2)) for m in _HTML_ID.finditer(text)]


def assemble(chapters: Sequence[tuple[str, str]]) -> str:
    """The print page's chapters as one HTML fragment, from ``(page id, the page's HTML)`` pairs in
    reading order."""
    return Assembler(keep=False).assemble(chapters)


class Assembler:
    """:func:`assemble`, keeping each chapter's ids and joined HTML while its page's HTML stays
    the same (``keep``): the live preview builds the print page again after every save, and then
    joins again only the chapters that changed (all of them when an id moved between chapters)."""

    def __init__(self, keep: bool = True):
        self.keep = keep
        self._ids: dict[str, tuple[str, list[str]]] = {}  # page id -> (its HTML, the ids in it)
        self._joined: dict[str, tuple[str, str]] = {}  # page id -> (its HTML, the chapter)
        self._final: dict[tuple[str, str], str] = {}
        self._last_ids: list[tuple[str, list[str]]] | None = None  # the chapters' ids _final was made of

    def _ids_of(self, page_id: str, text: str) -> list[str]:
        hit = self._ids.get(page_id)
        if hit is not None and hit[0] == text:
            return hit[1]
        ids = _ids(text)
        if self.keep:
            self._ids[page_id] = (text, ids)
        return ids

    def assemble(self, chapters: Sequence[tuple[str, str]]) -> str:
        in_print = {page_id for page_id, _ in chapters}
        ids = [(page_id, self._ids_of(page_id, text)) for page_id, text in chapters]
        if self.keep and ids == self._last_ids:  # no id came or went: every final id stays
            final = self._final
        else:
            final = self._final_ids(in_print, ids)
            self._last_ids = ids if self.keep else None
        if final is not self._final and final != self._final:  # a chapter's links may point into any other
            self._joined = {}
        if self.keep:
            self._final = final
            self._ids = {page_id: self._ids[page_id] for page_id in in_print if page_id in self._ids}
        out = []
        for page_id, text in chapters:
            hit = self._joined.get(page_id)
            if hit is None or hit[0] != text:
                hit = (text, _chapter(page_id, text, final, in_print))
                if self.keep:
                    self._joined[page_id] = hit
            out.append(hit[1])
        if self.keep:
            self._joined = {page_id: self._joined[page_id] for page_id in in_print if page_id in self._joined}
        return "\n".join(out)

    @staticmethod
    def _final_ids(in_print: set[str], ids: list[tuple[str, list[str]]]) -> dict[tuple[str, str], str]:
        """The final id of every (page, id): an id already taken by an earlier chapter is renamed."""
        taken = {f"chapter-{page_id}" for page_id in in_print}
        final: dict[tuple[str, str], str] = {}
        for page_id, idents in ids:
            for ident in idents:
                if (page_id, ident) in final:
                    continue
                new = ident if ident not in taken else f"{page_id}--{ident}"
                n = 2
                while new in taken:
                    new, n = f"{page_id}--{ident}-{n}", n + 1
                taken.add(new)
                final[(page_id, ident)] = new
        return final


def _chapter(page_id: str, text: str, final: dict[tuple[str, str], str], in_print: set[str]) -> str:
    """One page's HTML as a chapter of the print page, its ids and links made those of the page."""

    def anchor(page_id: str, fragment: str) -> str:
        name = html.unescape(fragment)
        return "#" + html.escape(final.get((page_id, name), name), quote=True)

    def target(url: str) -> str | None:
        """The in-page URL for a link written on ``page_id``, or None to leave it."""
        if url.startswith("#"):
            return anchor(page_id, url[1:]) if len(url) > 1 else None
        m = _PAGE_URL.fullmatch(url)
        if not m or m.group(1) not in in_print:
            return None
        other, fragment = m.group(1), m.group(2)
        if not fragment or fragment == "#":
            return f"#chapter-{other}"
        return anchor(other, fragment[1:])

    def html_id(m: re.Match[str]) -> str:
        new = final.get((page_id, html.unescape(m.group(2))))
        return m.group(1) + (html.escape(new, quote=True) if new else m.group(2)) + m.group(3)

    def link(m: re.Match[str]) -> str:
        new = target(m.group(2))
        return m.group(1) + (new if new is not None else m.group(2)) + m.group(3)

    text = _HTML_ID.sub(html_id, text)
    text = _HREF.sub(link, text)
    text = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", text)
    return (f'<div class="print-chapter" id="chapter-{html.escape(page_id, quote=True)}"></div>\n'
            + text.strip() + "\n")
