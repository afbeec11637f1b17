"""Markup shared by the page templates and the blocks made in Python."""

from __future__ import annotations

from markupsafe import Markup


def scroll_box(label: str, cls: str = "table-scroll", extra: str = "") -> Markup:
    """The opening tag of the box a table (or chart) scrolls in when it is wider than the screen:
    a named region a keyboard can reach and scroll (WCAG 2.1.1, 4.1.2), labelled by ``label``
    (plain text, escaped here). ``extra``: more attributes, as markup. Closed by ``</div>``."""
    return Markup('<div class="{}" role="region" tabindex="0" aria-label="{}"{}>').format(
        cls, " ".join(label.split()), Markup(f" {extra}" if extra else ""))
