"""The versions of MkDocs and its kin whose internals the adapter uses, checked at start-up.

The adapter reaches past their public interfaces: ``serve.py`` builds single pages with
``mkdocs.commands.build._build_page`` and ``_populate_page`` and swaps entries of Material's search
plugin's ``search_index``; ``hooks.py`` replaces that index's ``add_entry_from_context`` (with what decides
whether it indexes a page) and repeats what the plugin's ``on_page_context`` removes from a page's
HTML; ``serve.py`` and ``hooks.py`` set the i18n plugin's ``current_language``
and ``building``; ``hooks.py`` restores jieba's word counts (``jieba.dt.FREQ``, ``jieba.dt.total``);
``rawhtml.py`` stashes HTML blocks where Python-Markdown's HTML parser would end them, and adds
their ids to those MkDocs' ``mkdocs_raw_html`` preprocessor found.
Another version may have changed any of them, and would fail deep inside a build, or worse, build
a wrong site. So the adapter stops first, naming what differs (:func:`require`); after checking
those internals against a new version, change its number here and in requirements.txt.
"""

from __future__ import annotations

from importlib import metadata

# distribution -> the version whose internals the adapter was written against
WRITTEN_FOR = {
    "mkdocs": "1.6.1",
    "Markdown": "3.11.3",
    "mkdocs-material": "9.8.2",
    "mkdocs-static-i18n": "1.3.1",
    "jieba": "0.42.1",
}


class EngineVersionError(RuntimeError):
    """Installed versions that the adapter was not written for."""


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def mismatches() -> list[tuple[str, str, str | None]]:
    """(distribution, the version the adapter uses, the installed one or None) where they differ."""
    return [(name, wanted, found) for name, wanted in WRITTEN_FOR.items()
            if (found := _installed(name)) != wanted]


def require() -> None:
    """Raise :class:`EngineVersionError` naming every distribution whose version differs."""
    differ = mismatches()
    if not differ:
        return
    found = ", ".join(f"{name} {have or '(not installed)'} (expected {want})" for name, want, have in differ)
    raise EngineVersionError(
        f"the site engine's versions differ from those generator/engine/ was written for: {found}. "
        "Install the pinned versions (pip install -r requirements.txt); to move to new versions, "
        "check the internals generator/engine/versions.py lists, then update its WRITTEN_FOR "
        "and requirements.txt"
    )
