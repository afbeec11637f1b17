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
    in_print = {page_id for page_id, _ in chapters}
    # first pass: the final id of every (page, id)
    taken = {f"chapter-{page_id}" for page_id in in_print}
    final: dict[tuple[str, str], str] = {}
    for page_id, text in chapters:
        for ident in _ids(text):
            if (page_id, ident) in final:
                continue
            new = ident if ident not in taken else f"{page_id}--{ident}"
            n = 2
            while new in taken:
                new, n = f"{page_id}--{ident}-{n}", n + 1
            taken.add(new)
            final[(page_id, ident)] = new

    def anchor(page_id: str, fragment: str) -> str:
        name = html.unescape(fragment)
        return "#" + html.escape(final.get((page_id, name), name), quote=True)

    def target(page_id: str, url: str) -> str | None:
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

    out = []
    for page_id, text in chapters:

        def html_id(m: re.Match[str], page_id: str = page_id) -> str:
            new = final.get((page_id, html.unescape(m.group(2))))
            return m.group(1) + (html.escape(new, quote=True) if new else m.group(2)) + m.group(3)

        def link(m: re.Match[str], page_id: str = page_id) -> str:
            new = target(page_id, m.group(2))
            return m.group(1) + (new if new is not None else m.group(2)) + m.group(3)

        text = _HTML_ID.sub(html_id, text)
        text = _HREF.sub(link, text)
        text = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", text)
        out.append(f'<div class="print-chapter" id="chapter-{html.escape(page_id, quote=True)}"></div>\n'
                   + text.strip() + "\n")
    return "\n".join(out)
