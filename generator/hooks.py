"""The MkDocs adapter (mkdocs.yml ``hooks:``): runs the generator inside ``mkdocs build/serve``.

* on_config: the site navigation, name and footer text from content/plan.yaml and
  content/strings/, in the language being built (the i18n plugin builds one language after the
  other and calls on_config for each);
* on_pre_build: load -> validate -> link -> render -> write into ``docs_dir``, every language at
  once (the i18n plugin needs all of them before the first language is built); a content error
  stops the build with the compiler-style diagnostics, never a traceback;
* on_serve: ``mkdocs serve`` also watches content/ (and the templates).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads this file by path, not as part of the package: make the package importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from generator import i18n, load, model  # noqa: E402
from generator.diagnostics import GeneratorError, format_diagnostics, has_errors  # noqa: E402
from generator.model import NavGroup, NavPage, text_of  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.render import MANDATES_PAGE, STATUS_PAGE  # noqa: E402

log = logging.getLogger("mkdocs.generator")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _fail(diagnostics) -> PluginError:
    return PluginError("the content has errors:\n" + format_diagnostics(
        d for d in diagnostics if d.severity in ("error", "warning")
    ))


def nav_from_plan(plan: model.Plan, lang: str = model.DEFAULT_LANG, multilingual: bool = False) -> list:
    """The navigation in ``lang``; page titles come from the pages' own h1. With the i18n
    plugin's folder layout the paths are relative to the language's folder."""

    def convert(items):
        out = []
        for item in items:
            if isinstance(item, NavPage):
                out.append(f"{item.page}.md")
            elif isinstance(item, NavGroup):
                out.append({text_of(item.title, lang): convert(item.children)})
        return out

    extra = [f"{STATUS_PAGE}.md"] if multilingual else []
    return ["index.md", *convert(plan.navigation), f"{MANDATES_PAGE}.md", *extra]


def _current_language(config, languages: tuple[i18n.Language, ...]) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or languages[0].code


def on_config(config):
    root = _root(config)
    content = load.load(root)
    source = content.plan
    if source is None or source.data is None:
        raise _fail(content.diagnostics)
    plan, diags = model._validate(model.Plan, source)
    if plan is None:
        raise _fail([d for d in content.diagnostics if d.file == source.path] + diags)
    languages = i18n.from_mkdocs_config(config)
    lang = _current_language(config, languages)
    strings, _ = i18n.load_strings(root, languages)
    config.nav = nav_from_plan(plan, lang, i18n.multilingual(languages))
    config.site_name = f"{plan.symbol} {text_of(plan.title, lang)}"
    config.extra["plan_symbol"] = plan.symbol
    config.extra["plan_title"] = text_of(plan.title, lang)
    config.extra["plan_subtitle"] = text_of(plan.subtitle, lang) if plan.subtitle is not None else ""
    # interface strings for the theme overrides (footer, untranslated notice)
    config.extra["lang"] = lang
    config.extra["strings"] = dict(strings[lang].fallback) | dict(strings[lang].values)
    Path(config.docs_dir).mkdir(parents=True, exist_ok=True)
    return config


def on_pre_build(config):
    plugin = config.plugins.get("i18n")
    if plugin is not None and getattr(plugin, "building", False):
        return  # the i18n plugin building its other languages: the pages are already written
    root = _root(config)
    try:
        _, diags = build(root, config.docs_dir, use_directory_urls=config.use_directory_urls,
                         languages=i18n.from_mkdocs_config(config))
    except GeneratorError as exc:
        raise _fail(exc.diagnostics) from None
    for d in diags:
        if d.severity == "warning":
            log.warning(d.format())
        elif d.severity == "info":
            log.info(d.format())
    if has_errors(diags):  # pragma: no cover - build raises first
        raise _fail(diags)


def on_serve(server, config, builder):
    root = _root(config)
    server.watch(str(root / "content"))
    server.watch(str(Path(__file__).parent))
    return server
