"""The live preview's error display: a content error shows on the page and in the terminal, and
the preview (``python -m generator serve``, or ``mkdocs serve``) keeps running on the last good
pages until the next good save.

The state lives here, in an ordinary module (imported once per process), not in the hook file.
The hook calls:

* ``STATE.start(command)`` in ``on_startup``;
* ``STATE.keep(config)`` at the end of a good ``on_config``, ``STATE.restore(config)`` when
  plan.yaml is broken while serving (the pages keep their navigation and theme strings);
* ``STATE.failed(diagnostics, docs_dir)`` instead of raising, when serving and the content has
  errors: the diagnostics go to the terminal and the previous pages stay (nothing is written);
* ``STATE.succeeded()`` after a good build: the banners go away;
* ``STATE.decorate(markdown)`` in ``on_page_markdown``: the error banner on top of each page.

The banner is on every page, so a change of the error state rebuilds every page (the live
preview does; so does ``mkdocs serve`` without ``--dirty``). Everything shown is HTML-escaped: a
message quotes what the editor typed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from generator.content.model import DEFAULT_LANG
from generator.diagnostics import Diagnostic, format_diagnostics, sort_diagnostics
from generator.i18n import languages as i18n
from generator.write import MARKER

SHOWN = ("error", "warning")


def _line(d: Diagnostic) -> str:
    where = d.file + (f":{d.line}" if d.line else "") + (f":{d.column}" if d.line and d.column else "")
    hint = f' <span class="preview-hint">(hint: {escape(d.hint)})</span>' if d.hint else ""
    return (f'<li class="preview-{escape(d.severity)}"><code>{escape(where)}</code>: '
            f"<strong>{escape(d.severity)}</strong>: {escape(d.message)}{hint}</li>")


def banner(diagnostics: Iterable[Diagnostic], strings: i18n.Strings | None = None) -> str:
    """The Markdown (one raw HTML block) of the error banner, in the language of ``strings``
    (``preview_*``; the project's default language's without them); empty when nothing to show."""
    strings = strings if strings is not None else i18n.project_strings(DEFAULT_LANG)
    shown = [d for d in sort_diagnostics(diagnostics) if d.severity in SHOWN]
    if not shown:
        return ""
    items = "\n".join(_line(d) for d in shown)
    return (
        '<div class="admonition failure preview-errors" role="alert">\n'
        f'<p class="admonition-title">{escape(strings["preview_title"])}</p>\n'
        f"<p>{escape(strings['preview_explain'])}</p>\n"
        f"<ul>\n{items}\n</ul>\n"
        "</div>\n"
    )


def error_page(diagnostics: Iterable[Diagnostic], strings: i18n.Strings | None = None) -> str:
    """A whole page (Markdown) for when there is no good page to show under the banner."""
    strings = strings if strings is not None else i18n.project_strings(DEFAULT_LANG)
    return f"# {strings['preview_title']}\n\n{banner(diagnostics, strings)}"


def decorate(markdown: str, diagnostics: Iterable[Diagnostic], strings: i18n.Strings | None = None) -> str:
    """``markdown`` with the banner on top, under the page's title when it opens with one (MkDocs
    takes a page's title, which the navigation shows, from a first-line heading only); blank
    lines around the banner keep it one HTML block."""
    top = banner(diagnostics, strings)
    if not top:
        return markdown
    title, newline, rest = markdown.partition("\n")
    if title.startswith("# ") and newline:
        return f"{title}\n\n{top}\n{rest.lstrip(chr(10))}"
    return f"{top}\n{markdown}"


@dataclass
class PreviewState:
    serving: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kept: dict = field(default_factory=dict)  # the last good site settings, while plan.yaml is broken
    strings: dict[str, i18n.Strings] = field(default_factory=dict)  # the banner's, by language

    def start(self, command: str) -> None:
        self.serving = command == "serve"
        self.diagnostics = []

    @property
    def broken(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def failed(self, diagnostics: Iterable[Diagnostic], docs_dir: Path | str, root: Path | str = ".") -> None:
        """Record a failed generation: report it, keep the last pages, show the banner (in each
        page's language: the project in ``root`` has the strings)."""
        self.diagnostics = sort_diagnostics(diagnostics)
        self.strings, _ = i18n.load_strings(root, i18n.configured(root))
        # not through MkDocs' logger: in a strict build a logged warning aborts the rebuild
        print(format_diagnostics(d for d in self.diagnostics if d.severity in SHOWN),
              file=sys.stderr, flush=True)
        print("preview: the content has errors; showing the last good pages", file=sys.stderr,
              flush=True)
        docs = Path(docs_dir)
        if not any(docs.rglob("*.md")):  # nothing good yet: the error page is the site
            docs.mkdir(parents=True, exist_ok=True)
            default = next(iter(self.strings.values()), None)
            (docs / "index.md").write_text(error_page(self.diagnostics, default), encoding="utf-8")
            (docs / MARKER).touch()  # the folder stays the generator's to overwrite

    def keep(self, config) -> None:
        """Remember what ``on_config`` derived from plan.yaml (navigation, name, extra)."""
        self.kept = {"nav": config.nav, "site_name": config.site_name, "extra": dict(config.extra)}

    def restore(self, config) -> None:
        """Put back the last good settings, so that the pages still render under the banner."""
        if self.kept:
            config.nav = self.kept["nav"]
            config.site_name = self.kept["site_name"]
            config.extra.update(self.kept["extra"])
        else:
            config.nav = None  # MkDocs lists whatever pages there are

    def succeeded(self) -> None:
        self.diagnostics = []

    def decorate(self, markdown: str, src_uri: str = "") -> str:
        """``markdown`` of the page ``src_uri`` (``en/x.md``: an English page) with the banner."""
        if not self.broken:
            return markdown
        folder = src_uri.split("/", 1)[0]
        strings = self.strings.get(folder) or next(iter(self.strings.values()), None)
        return decorate(markdown, self.diagnostics, strings)


STATE = PreviewState()
