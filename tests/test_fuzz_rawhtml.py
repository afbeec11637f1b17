"""The generator's HTML blocks passed through Python-Markdown whole (generator/engine/rawhtml.py):
whatever the page (HTML blocks balanced or not, nested, followed by text, indented, with comments,
SVG titles, void elements, stray brackets, inline HTML in text), MkDocs' conversion gives the same
HTML and finds the same ids as without the extension; and the pages of the real site do take the
short way.

The number of inputs comes from the Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import markdown
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.structure.pages import _RawHTMLPreprocessor

from generator.engine import rawhtml

EXTENSIONS = ["attr_list", "tables", "toc"]  # mkdocs.yml's


def converted(text: str, *, whole_blocks: bool) -> tuple[str, set[str], int]:
    """The HTML, the ids MkDocs finds, and the number of blocks the extension stashed."""
    md = markdown.Markdown(extensions=EXTENSIONS + ([rawhtml.RawHtmlBlocks()] if whole_blocks else []))
    ids = _RawHTMLPreprocessor()
    ids._register(md)  # as MkDocs' Page.render does
    out = md.convert(text)
    stashed = md.preprocessors["generator_raw_html"].stashed if whole_blocks else 0
    return out, ids.present_anchor_ids, stashed


ATTRS = st.sampled_from(['', ' class="data-table"', ' id="t-1"', ' id="a&amp;b"', " id='q'", ' name="n"', ' ID="U"', ' data-id="d"', ' id="i" name="j"',
                         ' title="x &gt; y"', ' title="x > y"', ' data-x=1', " /", ' markdown="1"',
                         ' aria-label="`x`"'])
TAGS = st.sampled_from(["div", "table", "tr", "td", "p", "span", "a", "svg", "title", "text", "br", "hr",
                        "ul", "li", "figure", "pre", "textarea", "b", "tbody"])
TEXT = st.sampled_from(["", "14.1", "x", "a < b", "a > b", "&lt;", "*em*", "`code`", "<!-- c -->", "\n", "\n\n",
                        "  ", "    ", "<", ">", "</", "<?x?>", "中文"])


@st.composite
def elements(draw, depth: int = 0) -> str:
    tag = draw(TAGS)
    inner = "".join(draw(st.lists(elements(depth + 1) if depth < 3 else TEXT, max_size=3))) if depth < 3 else ""
    inner += draw(TEXT)
    close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", f"</{tag}>", "", "</div>", f"</{tag.upper()}>"]))
    return f"<{tag}{draw(ATTRS)}>{inner}{close}"


CHUNKS = st.lists(elements() | TEXT, min_size=1, max_size=3).map("".join) | st.sampled_from(
    ["# Title", "## Part {#part}", "- item", "| a |\n|---|\n| 1 |", "   <div>indented</div>", "    <div>code</div>"])


@pytest.mark.fuzz
@given(st.lists(CHUNKS, max_size=6), st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n", "\n  \n"]), min_size=6, max_size=6))
@example(['<div class="table-scroll"><table><tr><td id="x">1</td></tr></table></div>', "text"], ["\n\n"] * 6)
@example(["<div>", "<p>inside</p>", "</div>"], ["\n\n"] * 6)  # an element across blank lines
@example(['<svg><title id="t">a</title></svg>'], ["\n\n"] * 6)
@example(["<svg><title>a <b>b</b></title></svg>"], ["\n\n"] * 6)
@example(["text", "<div>after text</div>"], ["\n"] * 6)  # a block opening inside a paragraph
@example(['<div id="a"></div>'], [""] * 6)  # at the very end
@example(["<div></div>x<span></span>"], ["\n\n"] * 6)  # text after the element
@example(['<div title="x > y"></div>'], ["\n\n"] * 6)
def test_a_page_converts_as_without_the_extension(chunks: list[str], gaps: list[str]) -> None:
    text = "".join(c + g for c, g in zip(chunks, gaps))
    assert converted(text, whole_blocks=True)[:2] == converted(text, whole_blocks=False)[:2]


def test_the_real_pages_convert_the_same_and_take_the_short_way(built_site) -> None:
    pages = sorted((built_site["root"] / "build" / "docs").rglob("*.md"))
    assert len(pages) > 40
    for page in pages:
        text = page.read_text(encoding="utf-8")
        fast, plain = converted(text, whole_blocks=True), converted(text, whole_blocks=False)
        assert fast[:2] == plain[:2], page
        assert fast[2] > 0 or "<" not in text, f"{page}: its HTML blocks went the long way"
