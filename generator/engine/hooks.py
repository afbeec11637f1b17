"""The MkDocs adapter (mkdocs.yml ``hooks:``): runs the generator inside ``mkdocs build/serve``.

* on_config: the site navigation, name and footer text from content/plan.yaml and
  content/strings/, in the language being built (the i18n plugin builds one language after the
  other and calls on_config for each); the generator's HTML blocks passed through Python-Markdown
  whole (generator.engine.rawhtml);
* on_pre_build: load -> validate -> link -> render -> write into ``docs_dir``, every language at
  once (the i18n plugin needs all of them before the first language is built); a content error
  stops the build with the compiler-style diagnostics, never a traceback;
* on_page_content / on_page_context: the print page's chapters, from the HTML of the pages it
  holds (generator.rendering.printing);
* on_post_page / on_post_template: the theme's markup made valid HTML where no override reaches,
  and the language alternates absolute when the site's address is known;
* on_env: the theme's compiled templates cached between builds;
* on_serve: ``mkdocs serve`` also watches content/ (and the templates).

While serving, a content error does not stop the server: it is printed in the terminal and shown
as a banner on every page, over the last good pages, until the next good save (generator.engine.preview).
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

# MkDocs loads this file by path, not as part of the package: make the package importable.
_PROJECT = str(Path(__file__).resolve().parents[2])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from generator.content import generated, load, model  # noqa: E402
from generator.content.model import NavGroup, NavPage, has_lang, text_of  # noqa: E402
from generator.diagnostics import GeneratorError, format_diagnostics, has_errors  # noqa: E402
from generator.engine import rawhtml, searchindex, sitebuild, versions  # noqa: E402
from generator.engine.preview import STATE as PREVIEW  # noqa: E402
from generator.i18n import languages as i18n  # noqa: E402
from generator.linking import mandates  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.rendering import changes, printing  # noqa: E402

log = logging.getLogger("mkdocs.generator")


def languages_of(config) -> tuple[i18n.Language, ...]:
    """The languages of the loaded configuration's i18n plugin (default first)."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return i18n.DEFAULT_LANGUAGES
    return i18n.from_entries(list(plugin.config.languages))


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _fail(diagnostics) -> PluginError:
    return PluginError("the content has errors:\n" + format_diagnostics(
        d for d in diagnostics if d.severity in ("error", "warning")
    ))


def safe(text: str) -> Markup:
    """Content text for MkDocs' and Material's templates, which do not autoescape: escaped once
    here, and marked safe so that a template's own ``| e`` does not escape it twice."""
    return Markup(escape(text))




def plan_url(symbol: str, lang: str) -> str:
    """undocs.org URL of the plan itself, or "" when the symbol is not a well-formed document
    symbol: a symbol is checked before it becomes a URL."""
    try:
        return mandates.symbol_url(symbol, lang if lang in mandates.LANGS else model.DEFAULT_LANG)
    except ValueError:
        return ""


def nav_from_plan(plan: model.Plan, lang: str = model.DEFAULT_LANG, multilingual: bool = False) -> list:
    """The navigation in ``lang``; page titles come from the pages' own h1. With the i18n
    plugin's folder layout the paths are relative to the language's folder."""

    def convert(items):
        out = []
        for item in items:
            if isinstance(item, NavPage):
                out.append(f"{item.page}.md")
            elif isinstance(item, NavGroup):
                out.append({safe(text_of(item.title, lang)): convert(item.children)})
        return out

    home, *others = generated.generated_pages(multilingual)  # the home page, then the plan's pages
    return [f"{home.id}.md", *convert(plan.navigation), *(f"{page.id}.md" for page in others)]


def _current_language(config, languages: tuple[i18n.Language, ...]) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or languages[0].code


def _build_one_language(config) -> None:
    """In one of the site build's per-language processes (generator.engine.sitebuild): make the i18n
    plugin build that language, into its folder, and no other. It runs after this hook (its
    on_config has priority -100) and keeps its first language for the whole build."""
    code = sitebuild.language_of_process()
    plugin = config.plugins.get("i18n")
    if code is None or plugin is None or plugin.current_language is not None:
        return
    if code not in {lang.code for lang in languages_of(config)}:
        raise PluginError(f"{sitebuild.ENV_LANGUAGE}={code}: not a language of mkdocs.yml")
    plugin.current_language = code


# jieba is given the search plugin's user dictionary in every configuration's on_config, and each
# load counts the words again (their frequencies and jieba's total grow): the second language of one
# `mkdocs build`, or the preview after its first build, would cut Chinese into words a little
# differently from the first. The state after the first load is kept, and put back after each later one.
_USER_WORDS_AFTER_FIRST_LOAD: tuple[dict[str, int], int] | None = None


def _user_dictionary_loaded_once(config) -> None:
    global _USER_WORDS_AFTER_FIRST_LOAD
    search = config.plugins.get("material/search")
    path = search.config.get("jieba_dict_user") if search is not None else None
    if not path or not Path(path).is_file():
        return
    import jieba

    if _USER_WORDS_AFTER_FIRST_LOAD is None:
        words = [line.split()[0] for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        _USER_WORDS_AFTER_FIRST_LOAD = ({w: jieba.dt.FREQ[w] for w in words if w in jieba.dt.FREQ}, jieba.dt.total)
    else:
        freqs, total = _USER_WORDS_AFTER_FIRST_LOAD
        jieba.dt.FREQ.update(freqs)
        jieba.dt.total = total


@event_priority(-50)  # after the search plugin's (0), before the i18n plugin's (-100)
def on_config(config):
    try:  # before anything reaches into the engine's internals
        versions.require()
    except versions.EngineVersionError as exc:
        raise PluginError(str(exc)) from None
    _user_dictionary_loaded_once(config)
    _build_one_language(config)
    root = _root(config)
    source, diags = load.load_plan(root)
    plan, more = (None, []) if source is None or source.data is None else model._validate(model.Plan, source)
    diags += more
    if plan is None:
        if not PREVIEW.serving:
            raise _fail(diags)
        PREVIEW.failed(diags, config.docs_dir, root)
        PREVIEW.restore(config)
        return config
    languages = languages_of(config)
    lang = _current_language(config, languages)
    strings, _ = i18n.load_strings(root, languages)
    config.nav = nav_from_plan(plan, lang, i18n.multilingual(languages)) + changes.nav_entries(root)
    config.site_name = safe(f"{plan.symbol} {text_of(plan.title, lang)}")
    config.extra["plan_symbol"] = safe(plan.symbol)
    config.extra["plan_url"] = plan_url(plan.symbol, lang)
    config.extra["plan_title"] = safe(text_of(plan.title, lang))
    config.extra["plan_subtitle"] = safe(text_of(plan.subtitle, lang)) if plan.subtitle is not None else ""
    # interface strings for the theme overrides (footer, untranslated notice)
    config.extra["lang"] = lang
    config.extra["strings"] = s = dict(strings[lang].fallback) | dict(strings[lang].values)
    _interface_in_language(config, plan, lang, s)
    Path(config.docs_dir).mkdir(parents=True, exist_ok=True)
    if not any(isinstance(e, rawhtml.RawHtmlBlocks) for e in config.markdown_extensions):
        config.markdown_extensions.append(rawhtml.RawHtmlBlocks())
    if _SEARCH_INDEXES not in config.plugins:
        config.plugins[_SEARCH_INDEXES] = _LanguageSearchIndexes()
    PREVIEW.keep(config)
    return config


# ---------------------------------------------------------------------------- search (searchindex.py)

_SEARCH_INDEXES = "generator/search-indexes"


def placeholder_search_entries(config) -> None:
    """Material's entries of a page only mark that it indexed the page: :func:`cut_search_entries`
    puts ours in their place. Its search index is made to add one empty entry for a page it would
    index (not excluded in the page's front matter, some HTML) instead of parsing the page and
    cutting its Chinese into words (jieba), which ours does again. Set on the index instance,
    which the live preview keeps from one build to the next."""
    index = getattr(config.plugins.get("material/search"), "search_index", None)
    if index is None or "add_entry_from_context" in index.__dict__:
        return

    def add_entry_from_context(page) -> None:
        if not (page.meta.get("search") or {}).get("exclude") and "<" in (page.content or ""):
            index.entries.append({"location": page.url, "title": "", "text": ""})

    index.add_entry_from_context = add_entry_from_context


def _unsegmented(text: str) -> str:
    return text


# Chinese text cut into words, by text: the live preview indexes a rebuilt page again, most of
# whose paragraphs are as they were
_SEGMENTED: dict[str, str] = {}
_SEGMENTED_MAX = 200_000  # texts: several times a 100x plan's


def cut_search_entries(page, config) -> None:
    """The page's search entries cut at its numbered blocks too, marked with the language built."""
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if index is not None:
        from material.plugins.search import plugin as material_search

        segment = _unsegmented
        if material_search.jieba:
            segment = _remembered(index._segment_chinese) if PREVIEW.serving else index._segment_chinese
        lang = _current_language(config, languages_of(config))
        searchindex.replace_page_entries(index.entries, page.url, page.content or "", page.title or "", lang,
                                         segment)


def _remembered(segment):
    def remembered(text: str) -> str:
        hit = _SEGMENTED.get(text)
        if hit is None:
            if len(_SEGMENTED) >= _SEGMENTED_MAX:  # a preview left running for days of edits
                _SEGMENTED.clear()
            hit = _SEGMENTED[text] = segment(text)
        return hit
    return remembered


class _LanguageSearchIndexes(BasePlugin):
    """One ``mkdocs build``: the search index of every language written, one file a language. The
    site build (sitebuild.merge) and the preview (serve.py) write them from their own entries."""

    @event_priority(-110)  # after the i18n plugin's (-100): it writes the index of every language last
    def on_post_build(self, config):
        plugin = config.plugins.get("i18n")
        if sitebuild.language_of_process() is not None or (plugin is not None and getattr(plugin, "building", False)):
            return
        full = searchindex.read_full_index(Path(config.site_dir))
        if full is not None:
            searchindex.write_indexes(Path(config.site_dir), *full)
def _interface_in_language(config, plan: model.Plan, lang: str, s: dict) -> None:
    """What MkDocs and Material print of their own, in the language being built: the meta
    description, the headings' permalink tooltip, the colour scheme toggles."""
    if plan.description is not None and has_lang(plan.description, lang):  # the plan's own words
        config.site_description = safe(text_of(plan.description, lang))
    else:
        config.site_description = safe(s["site_description"].format(symbol=plan.symbol))
    toc = config.mdx_configs.get("toc")
    if toc is not None and toc.get("permalink"):
        toc["permalink_title"] = s["permalink_title"]
    palette = config.theme.get("palette")
    if isinstance(palette, list):  # each scheme's toggle switches to the next scheme
        for i, scheme in enumerate(palette):
            target = palette[(i + 1) % len(palette)].get("scheme", "default")
            if isinstance(scheme.get("toggle"), dict) and f"scheme_toggle_{target}" in s:
                scheme["toggle"]["name"] = s[f"scheme_toggle_{target}"]


def on_pre_build(config):
    placeholder_search_entries(config)
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return  # the i18n plugin building its other languages: the pages are already written
    if sitebuild.pages_are_coming():  # the site build's generator writes every language's pages
        if not sitebuild.wait_for_pages():
            raise PluginError("the site build stopped: no pages were written")
        return
    root = _root(config)
    try:
        _, diags = build(root, config.docs_dir, use_directory_urls=config.use_directory_urls,
                         languages=languages_of(config))
    except GeneratorError as exc:
        if not PREVIEW.serving:
            raise _fail(exc.diagnostics) from None
        PREVIEW.failed(exc.diagnostics, config.docs_dir, root)
        return
    PREVIEW.succeeded()
    for d in diags:
        if d.severity == "warning":
            log.warning(d.format())
        elif d.severity == "info":
            log.info(d.format())
    if has_errors(diags):  # pragma: no cover - build raises first
        raise _fail(diags)


# The HTML MkDocs made of each page, by the page's source path without ".md" ("zh/subprogramme-1"):
# the print page's chapters. Pages are converted before any is put in its template, so the print
# page finds every chapter here when its own turn comes. Kept from one build to the next (MkDocs
# loads this file once a process): the live preview rebuilds single pages (generator.engine.serve).
_PAGE_HTML: dict[str, str] = {}


_ASSEMBLERS: dict[str, printing.Assembler] = {}


def _page_key(src_uri: str) -> str:
    return src_uri.removesuffix(".md")


# What Material's search plugin removes from every page's HTML in its on_page_context
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


@event_priority(-100)  # after every plugin that changes a page's HTML
def on_page_content(html, page, config, files):
    # a chapter as its page shows it: with what Material's search plugin removes removed (the
    # plugin does so for each page; the print page is joined after it, not to go over it whole)
    _PAGE_HTML[_page_key(page.file.src_uri)] = (_SEARCH_ATTRIBUTES.sub("", html) if "data-search-" in html
                                                else html)
    return html


@event_priority(-50)  # after Material's search plugin (see on_page_content)
def on_page_context(context, page, config, nav):
    chapters = page.meta.get(printing.CHAPTERS_KEY)
    if chapters:
        folder = posixpath.dirname(page.file.src_uri)
        keys = [(chapter, posixpath.join(folder, chapter)) for chapter in chapters]
        missing = [chapter for chapter, key in keys if key not in _PAGE_HTML]
        if missing:  # a dirty build (`--dirty`) converts only the pages that changed
            log.warning(f"{page.file.src_uri}: not built in this run, left out of the page: "
                        + ", ".join(missing))
        # the page's own HTML (its title and note) and its chapters: the same when built again
        # the live preview builds it again after each save: what it joined is kept, a print page each
        assembler = (_ASSEMBLERS.setdefault(page.file.src_uri, printing.Assembler()) if PREVIEW.serving
                     else printing.Assembler(keep=False))
        page.content = _PAGE_HTML[_page_key(page.file.src_uri)] + assembler.assemble(
            [(chapter, _PAGE_HTML[key]) for chapter, key in keys if key in _PAGE_HTML])
    return context


def on_post_build(config):
    """Material's language switch reads the sitemap under each language's root; the i18n plugin
    writes only the site's own (which lists every language): put a copy beside each language.

    In a per-language process the i18n plugin must not go on to build the other languages (they
    are other processes), and the site build merges the sitemaps itself."""
    if sitebuild.language_of_process() is not None:
        plugin = config.plugins.get("i18n")
        if plugin is not None:
            plugin.building = True  # what the plugin sets while it builds the other languages
        return
    site = Path(config.site_dir)
    for language in (lang for lang in languages_of(config) if not lang.default):
        folder = site / language.code
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if folder.is_dir() and (site / name).is_file():
                shutil.copyfile(site / name, folder / name)


# Material's base.html (no block or partial holds them) gives its drawer and search checkboxes
# autocomplete="off", which HTML allows on text inputs only (the Nu Html Checker's one error here).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


def valid_theme_markup(html: str) -> str:
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1>", html)


# The language alternates Material prints are relative; search engines read only absolute ones.
_ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]*">)')


def absolute_alternates(html: str, page_url: str) -> str:
    return _ALTERNATE.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), html)


def on_post_page(output, page, config):
    cut_search_entries(page, config)

    def theme(html: str) -> str:
        html = valid_theme_markup(html)
        if page.canonical_url:  # the site's address is known (SITE_URL)
            html = absolute_alternates(html, page.canonical_url)
        return html

    # what these fix is the theme's markup around the page's content: the content (the print
    # page's holds the whole plan) is not gone over
    content = page.content or ""
    at = output.find(content) if len(content) > 1000 else -1
    if at < 0:
        return theme(output)
    return theme(output[:at]) + content + theme(output[at + len(content):])


def on_post_template(output_content, template_name, config):  # the 404 page
    return valid_theme_markup(output_content)


def on_env(env, config, files):
    # the theme's templates compiled once a machine, not once a build and language: Jinja's own
    # cache in the system's temporary folder, keyed by each template's source
    env.bytecode_cache = FileSystemBytecodeCache()
    return env


def on_startup(command, dirty):
    PREVIEW.start(command)


def on_page_markdown(markdown, page, config, files):
    return PREVIEW.decorate(markdown, page.file.src_uri)


def on_serve(server, config, builder):
    root = _root(config)
    # the generator writes the docs folder from content/: watching both would rebuild twice a save
    server.unwatch(config.docs_dir)
    server.watch(str(root / "content"))
    server.watch(str(Path(__file__).parents[1]))
    return server
