"""The pages the generator makes beside the content's own: one registry, in navigation order.

A content page (``content/pages/<id>.yaml``) may not take one of these ids: ``check`` reports it
at the page's ``id:`` (the generated page would overwrite it). The render stage
(:func:`generator.rendering.pages.render`) makes each of them, the MkDocs adapter puts them in
the navigation (the home page first, the others after the plan's pages), and the translation
status counts the text of the ones that show content.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedPage:
    id: str  # the page's id and file name (<id>.md)
    what: str  # for an editor: "the home page"
    multilingual_only: bool = False  # made only when the site has more than one language
    counts_translations: bool = False  # its text is content: the translation status counts it


HOME = GeneratedPage("index", "the home page", counts_translations=True)
MANDATES = GeneratedPage("mandates", "the page of legislative mandates", counts_translations=True)
OPEN_DATA = GeneratedPage("open-data", "the open-data page")
PRINT = GeneratedPage("print", "the print page (the whole plan on one page)")
TRANSLATION_STATUS = GeneratedPage("translation-status", "the translation status page", multilingual_only=True)

# only in a pull request's preview, when the build is given a comparison (generator.rendering.changes)
CHANGES = GeneratedPage("changes", "the changes page of a pull request's preview")

GENERATED_PAGES: tuple[GeneratedPage, ...] = (HOME, MANDATES, OPEN_DATA, PRINT, TRANSLATION_STATUS)
RESERVED: dict[str, GeneratedPage] = {page.id: page for page in (*GENERATED_PAGES, CHANGES)}


def generated_pages(multilingual: bool) -> list[GeneratedPage]:
    """The generated pages of a site with one language or several, in navigation order."""
    return [page for page in GENERATED_PAGES if multilingual or not page.multilingual_only]
