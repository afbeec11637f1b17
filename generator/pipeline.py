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
from typing import TYPE_CHECKING, Any

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
    linked: Linked | None = None  # with check(link=True), when the content had no errors to link

    def ok(self, strict: bool = False) -> bool:
        return self.usable and not has_errors(self.diagnostics, strict)


def check(
    root: Path | str = ".",
    *,
    expected_last_paragraph: int | None = None,
    languages: tuple[i18n.Language, ...] | None = None,
    cache: load_stage.ParseCache | None = None,
    models: model.ModelCache | None = None,
    link: bool = False,
    scoped: validate_stage.Scoped | None = None,
) -> CheckResult:
    """Load, model and validate the content. With a ``cache`` and ``models``, files whose bytes
    did not change since the caches saw them are not parsed, nor modelled, again (and with
    ``scoped``, not checked again where a check allows); without a
    cache, a large content is parsed by two processes. With ``link``, the content is also linked
    (:attr:`CheckResult.linked`) when it has no errors so far: beside the validation, in a
    process of its own, where the content is large."""
    root = Path(root)
    if cache is None:
        cache = _parsed_beside(root)
    content = load_stage.load(root, cache=cache)
    site, diags = model.build(content, cache=models)
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
    linked = None
    # cross-file checks only on a complete model: a file that failed to load would show up as
    # a cascade of "missing" errors elsewhere
    if site is not None and not has_errors(diags):
        def validate() -> list[Diagnostic]:
            return (validate_stage.validate(site, expected_last_paragraph=expected_last_paragraph)
                    + link_checks.validate(site, scoped))

        if link:
            from generator.linking import link as link_stage

            def linking() -> tuple[Linked, list[Diagnostic]] | Exception:
                try:
                    return link_stage.link(site)
                except Exception as exc:  # content the validation rejects may not link: its errors say why
                    return exc

            if len(site.pages) >= PARALLEL_FROM_PAGES:
                validation, linking_result = _beside(validate, linking, True)
            else:
                validation = validate()
                linking_result = None if has_errors(validation) else linking()
            diags += validation
            if isinstance(linking_result, Exception) and not has_errors(diags):
                raise linking_result
            if isinstance(linking_result, tuple) and not has_errors(diags):
                linked, link_diags = linking_result
                diags += link_diags
        else:
            diags += validate()
    return CheckResult(site, sort_diagnostics(diags), usable, linked)


# a content of this many pages is loaded and checked by two processes (with fewer, starting the
# second costs about what it saves: the real plan has 16)
PARALLEL_FROM_PAGES = 64


def _content_files(root: Path) -> list[Path]:
    """The YAML files of the content's pages, tables and figures (the bulk of it)."""
    return [p for kind in ("pages", "tables", "figures")
            for p in sorted((root / "content" / kind).glob("*.yaml")) if not p.name.startswith(".")]


def _parsed_beside(root: Path) -> load_stage.ParseCache | None:
    """A parse cache holding the content's files, half of them parsed by a forked process while
    this one parses the other half; None for a content too small to gain from it."""
    paths = _content_files(root)
    if len(paths) < PARALLEL_FROM_PAGES or not _can_fork():
        return None
    cache = load_stage.ParseCache()
    mine, theirs = paths[: len(paths) // 2], paths[len(paths) // 2:]

    def parse(part: list[Path]) -> list[tuple[str, bytes, tuple[load_stage.Source, list[Diagnostic]]]]:
        out = []
        for path in part:
            try:
                raw = path.read_bytes()
            except OSError:
                continue  # load reports it
            out.append((path.relative_to(root).as_posix(), raw, load_stage.load_file(path, root)))
        return out

    for half in _beside(lambda: parse(theirs), lambda: parse(mine), True):
        for display, raw, parsed in half:
            cache.put(display, raw, parsed)
    return cache


def _beside(there, here, fork: bool) -> tuple[Any, Any]:
    """``(there(), here())``: ``there`` in a forked process while this one runs ``here`` (where
    forking is safe and ``fork``), else one after the other. ``there``'s result comes back pickled."""
    if not fork or not _can_fork():
        return there(), here()
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        try:
            send.send((True, there()))
        except BaseException as exc:  # the parent raises it
            send.send((False, exc))
        finally:
            send.close()

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        mine = here()
    finally:
        ok, theirs = receive.recv()  # before join: a large result fills the pipe
        process.join()
    if not ok:
        raise theirs
    return theirs, mine


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
    root = Path(root)
    languages = languages or i18n.configured(root)
    result = check(root, languages=languages, cache=cache, link=True)
    if not result.ok(strict) or result.linked is None:
        raise GeneratorError(result.diagnostics or [Diagnostic("content", 0, 0, "error", "nothing to build")])
    strings, _ = i18n.load_strings(root, languages)
    codes = [lang.code for lang in languages if only is None or lang.code == only]
    pages = render_languages(result.linked, languages, codes, strings, use_directory_urls)
    from generator.rendering import changes  # a pull request's preview: its changes page

    pages.update(changes.pages(root, languages, codes, strings))
    return pages, result.diagnostics


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
    be forked safely (no fork on the system, or other threads running), one after the other.

    What every language shows alike is made once, before: the translation status, and the JSON of
    the plan's download (the forked processes inherit it)."""
    from generator.rendering import downloads
    from generator.rendering import pages as render_stage

    statuses = {lang.code: i18n.status(linked.site, lang.code, linked.order)
                for lang in languages if not lang.default and i18n.multilingual(languages)}
    json_parts = downloads.JsonParts()
    downloads.plan_json(linked.site, json_parts)

    def one(code: str) -> dict[str, str]:
        files = downloads.files(linked.site, code, strings[code], parts=json_parts)
        rendered = render_stage.render(linked, lang=code, use_directory_urls=use_directory_urls,
                                       strings=strings, languages=languages, files=files, statuses=statuses)
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
