"""The pipeline: load -> model -> validate -> link -> render -> write, as three entry points.

``check`` runs up to validation; ``generate`` up to rendering (the pages in memory); ``build``
runs everything. All return diagnostics; ``generate`` and ``build`` raise :class:`GeneratorError`
when the content has errors (or warnings, if strict).

``build`` renders every configured language (:mod:`generator.i18n.languages`); with more than one, each
goes into its own folder of the docs folder (``zh/``, ``en/``: the i18n plugin's folder layout).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content import load as load_stage
from generator.content import model
from generator.content import validate as validate_stage
from generator.diagnostics import Diagnostic, GeneratorError, has_errors, sort_diagnostics
from generator.i18n import languages as i18n
from generator.linking import checks as link_checks

if TYPE_CHECKING:
    from generator.linking.link import Linked

DOCS_DIR = Path("build") / "docs"


@dataclass
class CheckResult:
    site: model.Site | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    usable: bool = True  # False when there is nothing to check (no content, no plan)

    def ok(self, strict: bool = False) -> bool:
        return self.usable and not has_errors(self.diagnostics, strict)


def check(
    root: Path | str = ".",
    *,
    expected_last_paragraph: int | None = None,
    languages: tuple[i18n.Language, ...] | None = None,
    cache: load_stage.ParseCache | None = None,
) -> CheckResult:
    root = Path(root)
    content = load_stage.load(root, cache=cache)
    site, diags = model.build(content)
    # content/strings/ is read by the i18n stage, not by load: drop load's "ignored" notes on it
    strings_dir = i18n.STRINGS_DIR.as_posix() + "/"
    diags = [d for d in content.diagnostics if not d.file.startswith(strings_dir) or d.severity == "error"] + diags
    languages = languages or i18n.configured(root)
    if languages[0].code != model.DEFAULT_LANG:  # a plain text field is in the default language
        diags.append(Diagnostic("mkdocs.yml", 0, 0, "error",
                                f"the default language is '{languages[0].code}', but the content is written "
                                f"in '{model.DEFAULT_LANG}'", f"make '{model.DEFAULT_LANG}' the default locale"))
    _, string_diags = i18n.load_strings(root, languages)
    diags += string_diags
    usable = site is not None
    # cross-file checks only on a complete model: a file that failed to load would show up as
    # a cascade of "missing" errors elsewhere
    if site is not None and not has_errors(diags):
        diags += validate_stage.validate(site, expected_last_paragraph=expected_last_paragraph)
        diags += link_checks.validate(site)
    return CheckResult(site, sort_diagnostics(diags), usable)


def generate(
    root: Path | str = ".",
    *,
    strict: bool = False,
    use_directory_urls: bool = False,
    languages: tuple[i18n.Language, ...] | None = None,
    only: str | None = None,
    cache: load_stage.ParseCache | None = None,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Check, link and render every language (``only`` that one): (pages by their path in the
    docs folder, diagnostics). Raises :class:`GeneratorError` when the content has errors.

    ``languages`` default to those of the project's mkdocs.yml."""
    from generator.linking import link as link_stage

    root = Path(root)
    languages = languages or i18n.configured(root)
    result = check(root, languages=languages, cache=cache)
    if not result.ok(strict) or result.site is None:
        raise GeneratorError(result.diagnostics or [Diagnostic("content", 0, 0, "error", "nothing to build")])
    linked, diags = link_stage.link(result.site)
    strings, _ = i18n.load_strings(root, languages)
    codes = [lang.code for lang in languages if only is None or lang.code == only]
    pages = render_languages(linked, languages, codes, strings, use_directory_urls)
    from generator.rendering import changes  # a pull request's preview: its changes page

    pages.update(changes.pages(root, languages, codes, strings))
    return pages, sort_diagnostics(result.diagnostics + diags)


def render_languages(
    linked: Linked,
    languages: tuple[i18n.Language, ...],
    codes: list[str],
    strings: dict[str, i18n.Strings],
    use_directory_urls: bool = False,
) -> dict[str, str]:
    """The pages of the languages ``codes``, by their path in the docs folder.

    The languages render side by side where they can: rendering is most of the generator's time,
    and the languages are independent. This process renders the first while forked ones render
    the others (they inherit the linked model rather than receive a copy); where a process cannot
    be forked safely (no fork on the system, or other threads running), one after the other."""
    from generator.rendering import pages as render_stage

    def one(code: str) -> dict[str, str]:
        rendered = render_stage.render(linked, lang=code, use_directory_urls=use_directory_urls,
                                       strings=strings, languages=languages)
        prefix = f"{code}/" if i18n.multilingual(languages) else ""
        return {prefix + name: text for name, text in rendered.items()}

    pages: dict[str, str] = {}
    if len(codes) < 2 or not _can_fork():
        for code in codes:
            pages.update(one(code))
        return pages
    fork = multiprocessing.get_context("fork")

    def forked(code: str, conn) -> None:
        try:
            conn.send((True, one(code)))
        except BaseException as exc:  # the parent raises it
            conn.send((False, exc))
        finally:
            conn.close()

    others = []
    for code in codes[1:]:
        receive, send = fork.Pipe(duplex=False)
        process = fork.Process(target=forked, args=(code, send), daemon=True)
        process.start()
        send.close()
        others.append((process, receive))
    pages.update(one(codes[0]))
    for process, receive in others:
        ok, value = receive.recv()  # before join: a large result fills the pipe
        process.join()
        if not ok:
            raise value
        pages.update(value)
    return pages


def _can_fork() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and (os.cpu_count() or 1) > 1)


def build(
    root: Path | str = ".",
    out_dir: Path | str | None = None,
    *,
    strict: bool = False,
    use_directory_urls: bool = False,
    languages: tuple[i18n.Language, ...] | None = None,
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Check, link, render and write into ``out_dir`` (default build/docs/). Returns (pages,
    diagnostics)."""
    from generator import write as write_stage

    pages, diags = generate(root, strict=strict, use_directory_urls=use_directory_urls, languages=languages)
    write_stage.write(pages, Path(out_dir) if out_dir is not None else Path(root) / DOCS_DIR)
    return pages, diags
