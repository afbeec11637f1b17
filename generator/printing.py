"""One page holding the whole plan in reading order, for printing (print.css does the rest).

:func:`render_print_page` joins the rendered Markdown of the site's pages. Joining is not mere
concatenation:

* every page becomes a chapter: a marker ``<div class="print-chapter" id="chapter-<page>">`` (print.css
  starts a new sheet there) and its headings one level down under the print page's own title;
* ids must stay unique on one page: paragraphs (``para-14.47``), tables and figures are unique in the
  plan, but section anchors such as ``目标`` repeat on every subprogramme page; an id already used by
  an earlier chapter becomes ``<page>--<id>``;
* links between pages become links inside the print page: ``subprogramme-3.html#para-14.47`` ->
  ``#para-14.47``, ``subprogramme-3.html`` -> ``#chapter-subprogramme-3``; links to pages not in
  the print page stay as they are.

Pages are the renderer's output for ``use_directory_urls: false`` (links ``page.html#anchor``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

STRINGS: dict[str, dict[str, str]] = {
    "zh": {"note": "本页按原文顺序收录整个方案计划，供打印。"},
    "en": {"note": "The whole programme plan on one page, in the order of the document, for printing."},
}

_HEADING = re.compile(r"^(#{1,6})(\s)", re.M)
_FENCE_ID = re.compile(r"\{:?\s*#([^}\s]+)([^}]*)\}")  # an attribute list: {#id} or {#id .cls lang="zh"}
_HTML_ID = re.compile(r'(\sid=")([^"]+)(")')
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_MD_LINK = re.compile(r"(\]\()([^)\s]*)(\))")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _ids(markdown: str) -> list[str]:
    return [html.unescape(m.group(1)) for m in _FENCE_ID.finditer(markdown)] + [
        html.unescape(m.group(2)) for m in _HTML_ID.finditer(markdown)
    ]


def render_print_page(
    pages: Sequence[tuple[str, str]],
    *,
    title: str,
    lang: str = "zh",
    strings: Mapping[str, str] | None = None,
) -> str:
    """The print page's Markdown from ``(page id, rendered Markdown)`` pairs in reading order.

    ``title`` is plain text (escaped here)."""
    s = dict(STRINGS.get(lang, STRINGS["zh"]))
    if strings:
        s.update(strings)
    in_print = {page_id for page_id, _ in pages}
    # first pass: the final id of every (page, id)
    taken: set[str] = set()
    final: dict[tuple[str, str], str] = {}
    for page_id, _ in pages:
        taken.add(f"chapter-{page_id}")
    for page_id, text in pages:
        for ident in _ids(text):
            if (page_id, ident) in final:
                continue
            new = ident if ident not in taken else f"{page_id}--{ident}"
            n = 2
            while new in taken:
                new, n = f"{page_id}--{ident}-{n}", n + 1
            taken.add(new)
            final[(page_id, ident)] = new

    def target(page_id: str, url: str) -> str | None:
        """The in-page URL for a link written on ``page_id``, or None to leave it."""
        if url.startswith("#"):
            anchor = html.unescape(url[1:])
            return "#" + html.escape(final.get((page_id, anchor), anchor), quote=True) if anchor else None
        m = re.fullmatch(r"([A-Za-z0-9_.-]+?)\.(?:html|md)(#.*)?", url)
        if not m or m.group(1) not in in_print:
            return None
        other, frag = m.group(1), m.group(2)
        if not frag or frag == "#":
            return f"#chapter-{other}"
        anchor = html.unescape(frag[1:])
        return "#" + html.escape(final.get((other, anchor), anchor), quote=True)

    chapters = []
    for page_id, text in pages:
        text = _FRONT_MATTER.sub("", text)

        def fence_id(m: re.Match[str], page_id: str = page_id) -> str:
            return "{#" + final.get((page_id, html.unescape(m.group(1))), m.group(1)) + m.group(2) + "}"

        def html_id(m: re.Match[str], page_id: str = page_id) -> str:
            new = final.get((page_id, html.unescape(m.group(2))))
            return m.group(1) + (html.escape(new, quote=True) if new else m.group(2)) + m.group(3)

        def link(m: re.Match[str], page_id: str = page_id) -> str:
            new = target(page_id, m.group(2))
            return m.group(1) + (new if new is not None else m.group(2)) + m.group(3)

        text = _FENCE_ID.sub(fence_id, text)
        text = _HTML_ID.sub(html_id, text)
        text = _HREF.sub(link, text)
        text = _MD_LINK.sub(link, text)
        text = _HEADING.sub(lambda m: ("#" * min(len(m.group(1)) + 1, 6)) + m.group(2), text)
        chapters.append(
            f'<div class="print-chapter" id="chapter-{html.escape(page_id, quote=True)}"></div>\n\n'
            + text.strip()
            + "\n"
        )
    safe_title = re.sub(r"([\\`*_{}\[\]()#+\-.!>|])", r"\\\1", html.escape(" ".join(title.split()), quote=False))
    head = f"# {safe_title}\n\n<p class=\"print-note\">{html.escape(s['note'])}</p>\n"
    return head + "\n" + "\n".join(chapters)
