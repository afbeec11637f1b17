"""The generator's HTML blocks through Python-Markdown without being parsed twice more.

The pages the generator writes are mostly raw HTML blocks: tables, figures, numbered paragraphs.
Python-Markdown finds where each raw block ends by feeding the whole page to an HTML parser,
then keeps the block verbatim (its ``htmlStash``) and puts it back into the output; MkDocs feeds
the page to another HTML parser for the ids that links may point to. On a page of large tables,
such as the translation status page of a large plan, those two passes are most of the
conversion, and of what a save costs in the live preview.

A page whose HTML blocks this module can read is handled here first: each block is stashed
whole, exactly as Python-Markdown stashes it (same text, same placeholder line), and its ids are
handed to MkDocs' anchor check. The output is the same, byte for byte. This module reads a block
only when it can be sure where Python-Markdown would end it: every chunk of the page (lines
between blank lines) that opens with a block-level tag is one element that closes at the chunk's
end, with nothing in the page (comments, scripts, ``markdown=`` attributes, a stray ``<``...)
that would make the HTML parser read it otherwise. Any other page is left to Python-Markdown
whole.
"""

from __future__ import annotations

import html
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# a start or end tag whose attributes hold no '<', '>' or backtick (Python-Markdown reads a
# backtick as the end of a tag)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>`]*)?)>")
_ID = re.compile(r"""(?:^|\s)(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
# what makes the HTML parser read a page otherwise than as plain elements
_UNSAFE = re.compile(r"<!|<\?|markdown\s*=|<(?:script|style|pre)\b", re.IGNORECASE)
# elements some versions of Python's HTML parser read as text up to their end tag: here they
# must hold nothing else (an SVG's <title>, say), so that every version reads them alike
_TEXT_ONLY = ("title", "textarea")
_BLOCK_START = re.compile(r"^ {0,3}<([a-zA-Z][a-zA-Z0-9]*)", re.MULTILINE)
# Python-Markdown's priorities: whitespace normalised (30), fenced code (25, when enabled: its
# blocks are not HTML), MkDocs' ids (21), HTML blocks (20)
_STASH_PRIORITY = 22
_IDS_PRIORITY = 20.5
_MKDOCS_IDS = "mkdocs_raw_html"


def _chunks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of each run of non-blank lines."""
    runs, start = [], None
    for n, line in enumerate(lines):
        if line.strip(" "):
            if start is None:
                start = n
        elif start is not None:
            runs.append((start, n))
            start = None
    if start is not None:
        runs.append((start, len(lines)))
    return runs


class _StashBlocks(Preprocessor):
    def __init__(self, md: Markdown):
        super().__init__(md)
        self.ids: set[str] = set()
        self.stashed = 0  # blocks

    def run(self, lines: list[str]) -> list[str]:
        self.ids, self.stashed = set(), 0
        text = "\n".join(lines)
        if _UNSAFE.search(text):
            return lines
        blocks: list[tuple[int, int, str, set[str]]] = []
        for first, end in _chunks(lines):
            chunk = "\n".join(lines[first:end])
            opening = [m for m in _BLOCK_START.finditer(chunk) if self.md.is_block_level(m.group(1).lower())]
            if not opening:
                continue  # text (with inline HTML, perhaps): Python-Markdown reads it as such
            if opening[0].start() != 0 or not chunk.startswith("<"):
                return lines  # an HTML block that opens in the middle of other text, or indented
            if end == len(lines):
                return lines  # Python-Markdown keeps a block's trailing blank line: there is none
            found = self._element(chunk)
            if found is None:
                return lines
            blocks.append((first, end, chunk, found))
        if not blocks:
            return lines
        out: list[str] = []
        done = 0
        for first, end, chunk, ids in blocks:
            out += lines[done:first]
            out.append(self.md.htmlStash.store(chunk + "\n"))
            self.ids |= ids
            done = end
        self.stashed = len(blocks)
        return out + lines[done:]

    def _element(self, chunk: str) -> set[str] | None:
        """The ids in ``chunk`` when it is one block-level element, closed at its end, as
        Python-Markdown's HTML parser reads it (an end tag closes the open elements down to its
        own; an unmatched one closes nothing); None otherwise."""
        stack: list[str] = []
        ids: set[str] = set()
        at = 0
        text_only = None
        for m in _TAG.finditer(chunk):
            between = chunk[at:m.start()]
            if "<" in between or ">" in between or (at and not stack):
                return None  # a stray bracket, or text after the element closed
            closing, tag, attrs = m.group(1), m.group(2).lower(), m.group(3)
            if text_only is not None and not (closing and tag == text_only):
                return None
            text_only = tag if tag in _TEXT_ONLY and not closing else None
            if not at and tag == "hr":
                return None  # an element without content: Python-Markdown stashes it otherwise
            if closing:
                if tag in stack:
                    while stack.pop() != tag:
                        pass
            elif not attrs.endswith("/"):
                stack.append(tag)
            if "=" in attrs:  # an id or a name: MkDocs checks links to them
                for name, *value in _ID.findall(attrs):
                    if name.lower() == "id" or tag == "a":
                        ids.add(html.unescape("".join(value)))
            at = m.end()
        return ids if at == len(chunk) and not stack else None


class _HandIdsToMkDocs(Preprocessor):
    """MkDocs' parser (which sees the stashed blocks only as placeholders) has just collected the
    page's ids: the stashed blocks' are added."""

    def __init__(self, md: Markdown, stash: _StashBlocks):
        super().__init__(md)
        self.stash = stash

    def run(self, lines: list[str]) -> list[str]:
        if _MKDOCS_IDS in self.md.preprocessors:
            self.md.preprocessors[_MKDOCS_IDS].present_anchor_ids |= self.stash.ids
        return lines


class RawHtmlBlocks(Extension):
    """The Python-Markdown extension (the adapter adds it to MkDocs' ``markdown_extensions``)."""

    def extendMarkdown(self, md: Markdown) -> None:
        stash = _StashBlocks(md)
        md.preprocessors.register(stash, "generator_raw_html", _STASH_PRIORITY)
        md.preprocessors.register(_HandIdsToMkDocs(md, stash), "generator_raw_html_ids", _IDS_PRIORITY)
