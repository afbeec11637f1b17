"""Languages: which ones the site has, their interface strings, and how much of the content is
translated.

The languages are configured in ONE place, the i18n plugin's ``languages:`` in mkdocs.yml. The
MkDocs hook reads them from the loaded MkDocs config (generator.engine.hooks); the command line
parses mkdocs.yml (:func:`configured`). Without an i18n plugin there is one language, Chinese,
and the pages are written at the root of the docs folder.

Interface strings (labels such as 表/Table, the untranslated-text notice, ...) live in
``content/strings/<lang>.yaml``, one flat mapping per language; a key missing from a language
falls back to the default language's string, with a warning.

Text fields: every field of the model typed :data:`generator.content.model.Text` holds a plain string
(the default language) or a mapping of languages. :func:`text_fields` walks them all with their
file, path and kind; :func:`status` counts per page and per kind how many are translated.
A text without any Han character (a year, "RB", "P-4") reads the same in every language: it is
*neutral*, needs no translation and is never marked as untranslated.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator.content import generated, model
from generator.content.load import load_file
from generator.content.model import DEFAULT_LANG, FigureBlock, Site, TableBlock, figure_stem, walk_blocks
from generator.diagnostics import Diagnostic

STRINGS_DIR = Path("content") / "strings"
# the project this package belongs to: its strings serve content roots that have none (fixtures)
_HOME = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Language:
    code: str  # zh, en: the folder under the docs folder and the undocs.org language
    name: str  # as shown in the language switch
    default: bool = False


DEFAULT_LANGUAGES = (Language(DEFAULT_LANG, "中文", True),)


# --------------------------------------------------------------------------- configuration


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads mkdocs.yml without running its Python tags (!!python/object/apply, !ENV)."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def from_entries(entries: list[Any]) -> tuple[Language, ...]:
    """The languages of the i18n plugin's ``languages:`` entries (mappings or objects), default first."""
    langs = []
    for e in entries:
        get = e.get if isinstance(e, dict) else lambda k, d=None, e=e: getattr(e, k, d)
        if get("build", True) is False:
            continue
        langs.append(Language(str(get("locale")), str(get("name") or get("locale")), bool(get("default", False))))
    langs.sort(key=lambda lang: not lang.default)  # the default language first
    if not langs or not langs[0].default:
        return DEFAULT_LANGUAGES
    return tuple(langs)


def configured(root: Path | str = ".") -> tuple[Language, ...]:
    """The languages of mkdocs.yml's i18n plugin (default first); Chinese alone without one."""
    path = Path(root) / "mkdocs.yml"
    if not path.is_file():
        return DEFAULT_LANGUAGES
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            return from_entries(plugin["i18n"].get("languages") or [])
    return DEFAULT_LANGUAGES


def multilingual(languages: tuple[Language, ...]) -> bool:
    """Whether pages go into one folder per language (the i18n plugin's folder layout)."""
    return len(languages) > 1


# --------------------------------------------------------------------------- interface strings


@dataclass
class Strings:
    """The interface strings of one language, falling back to the default language's."""

    lang: str
    values: dict[str, Any]
    fallback: dict[str, Any] = field(default_factory=dict)
    # section() by prefix: asked for each chart and table a page renders
    _sections: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, key: str) -> Any:
        if key in self.values:
            return self.values[key]
        return self.fallback[key]

    def __getattr__(self, key: str) -> Any:  # for templates: s.table
        if key.startswith("_") or key in ("lang", "values", "fallback"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def section(self, prefix: str) -> dict[str, Any]:
        """The strings whose key starts with ``prefix``, named without it (one module's strings)."""
        if prefix not in self._sections:
            merged = {**self.fallback, **self.values}
            self._sections[prefix] = {key[len(prefix):]: value for key, value in merged.items()
                                      if key.startswith(prefix)}
        return dict(self._sections[prefix])


def _strings_file(root: Path, lang: str) -> tuple[Path, Path]:
    """(the file, the root its name is shown relative to)."""
    own = root / STRINGS_DIR / f"{lang}.yaml"
    if own.is_file():
        return own, root
    return _HOME / STRINGS_DIR / f"{lang}.yaml", _HOME


def load_strings(root: Path | str, languages: tuple[Language, ...]) -> tuple[dict[str, Strings], list[Diagnostic]]:
    """Every language's strings; diagnostics for missing files, unknown and missing keys."""
    root = Path(root)
    diags: list[Diagnostic] = []
    raw: dict[str, dict] = {}
    shown: dict[str, str] = {}
    for lang in languages:
        path, base = _strings_file(root, lang.code)
        shown[lang.code] = (STRINGS_DIR / f"{lang.code}.yaml").as_posix()
        if not path.is_file():
            diags.append(Diagnostic(shown[lang.code], 0, 0, "error" if lang.default else "warning",
                                    f"missing file: the interface strings of '{lang.code}'"))
            raw[lang.code] = {}
            continue
        source, ds = load_file(path, base)
        diags += ds
        if source.data is not None and not isinstance(source.data, dict):
            diags.append(source.diag((), "expected a mapping of string names to text"))
            raw[lang.code] = {}
            continue
        raw[lang.code] = source.data or {}
        if not lang.default:
            default = raw.get(languages[0].code, {})
            for key in raw[lang.code]:
                if default and key not in default:
                    diags.append(source.diag((key,), f"unknown string '{key}' (not in the default language's strings)",
                                             "warning", key=True))
            for key in default:
                if key not in raw[lang.code]:
                    diags.append(Diagnostic(source.path, 1, 1, "warning",
                                            f"string '{key}' is not translated: the default language's is used"))
    default = raw.get(languages[0].code, {})
    return {lang.code: Strings(lang.code, raw[lang.code], default) for lang in languages}, diags


@functools.lru_cache(maxsize=8)
def project_strings(lang: str) -> Strings:
    """The strings of ``lang`` in this project's content/strings/ (the default language's where it
    has none), for callers that are given no site's strings (tools, tests)."""
    languages = configured(_HOME)
    if lang not in {language.code for language in languages}:
        languages = (languages[0], Language(lang, lang))
    return load_strings(_HOME, languages)[0][lang]


# --------------------------------------------------------------------------- text fields

_HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def is_neutral(text: Any) -> bool:
    """A text that reads the same in every language (no Han character or CJK punctuation)."""
    return not _HAN.search(model.text_of(text))


def _is_text_annotation(annotation: Any) -> bool:
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "func", None) is model._check_text:
            return True
    return any(_is_text_annotation(a) for a in typing.get_args(annotation))


_TEXT_FIELDS: dict[type, dict[str, bool]] = {}


def _text_fields_of(cls: type[BaseModel]) -> dict[str, bool]:
    """{field name: whether it holds text (or a list of texts)} for one model class."""
    if cls not in _TEXT_FIELDS:
        _TEXT_FIELDS[cls] = {
            name: _is_text_annotation(f.annotation) or any(
                getattr(m, "func", None) is model._check_text for m in f.metadata)
            for name, f in cls.model_fields.items()
        }
    return _TEXT_FIELDS[cls]


# the kind of a text field for the status report, by (model class name, field); else by class
KINDS = ("title", "paragraph", "footnote", "caption", "label", "cell", "note", "mandate", "annex")
# the plan's prose, shown in the original (and marked) until it is translated; every other kind
# (headings, captions, labels, notes, names) is what a reader finds the page by. A text cell of a
# table or figure is prose too (a result achieved, a body's mandate).
RUNNING_TEXT = ("paragraph", "footnote", "cell")
_KIND_BY_FIELD = {
    ("Plan", "title"): "title", ("Plan", "subtitle"): "title", ("Plan", "budget"): "paragraph",
    ("Foreword", "title"): "title", ("NavGroup", "title"): "title", ("Page", "title"): "title",
    ("Section", "title"): "title", ("MandateGroup", "heading"): "title",
    ("Table", "caption"): "caption", ("Table", "unit"): "caption", ("Figure", "caption"): "caption",
    ("Figure", "subtitle"): "caption", ("Figure", "unit"): "caption", ("TablePart", "title"): "caption",
    ("TablePart", "row_header"): "label",
}
_KIND_BY_CLASS = {
    "Foreword": "paragraph", "ParagraphBlock": "paragraph", "Item": "paragraph", "TextBlock": "paragraph",
    "Footnote": "footnote", "Column": "label", "Row": "label", "Note": "note", "Mandate": "mandate",
    "Abbreviation": "annex", "Unit": "annex", "RecommendationGroup": "annex",
    "Recommendation": "paragraph",  # a recommendation and the action taken: prose, as a paragraph
}


@dataclass(frozen=True)
class TextField:
    file: str  # content/pages/x.yaml
    path: tuple  # the keys and indices inside the file
    kind: str  # one of KINDS
    value: Any  # a str or a {lang: str} mapping

    def translated(self, lang: str) -> bool:
        return model.has_lang(self.value, lang)

    @property
    def neutral(self) -> bool:
        return is_neutral(self.value)


def _walk(obj: Any, path: tuple) -> Iterator[tuple[tuple, str, Any]]:
    if isinstance(obj, model.Row):  # its text cells (numbers, '—' and blanks are no text)
        for i, value in enumerate(obj.values):
            if model.is_text_cell(value):
                yield path + ("values", i), "cell", value
    if isinstance(obj, BaseModel):
        cls = type(obj)
        for name, is_text in _text_fields_of(cls).items():
            value = getattr(obj, name)
            if value is None:
                continue
            if is_text:
                kind = _KIND_BY_FIELD.get((cls.__name__, name)) or _KIND_BY_CLASS.get(cls.__name__, "paragraph")
                if isinstance(value, list):
                    for i, v in enumerate(value):
                        yield path + (name, i), kind, v
                else:
                    yield path + (name,), kind, value
            else:
                yield from _walk(value, path + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _walk(item, path + (i,))


def _file(site: Site, kind: str, key: str | None, fallback: str) -> str:
    source = site.source(kind, key)
    return source.path if source is not None else fallback


def text_fields(site: Site) -> Iterator[tuple[str, TextField]]:
    """Every text field of the content, with the site page it shows on (plan.yaml -> index,
    a table or figure -> the page that places it, mandates.yaml -> mandates)."""
    placed: dict[tuple[str, str], str] = {}
    for page_id, page in site.pages.items():
        for _, block, _ in walk_blocks(page):
            if isinstance(block, TableBlock):
                placed[("tables", block.table)] = page_id
            elif isinstance(block, FigureBlock):
                placed[("figures", figure_stem(block.figure) or block.figure)] = page_id
    plan_file = _file(site, "plan", None, "content/plan.yaml")
    for path, kind, value in _walk(site.plan, ()):
        yield generated.HOME.id, TextField(plan_file, path, kind, value)
    for page_id, page in site.pages.items():
        f = _file(site, "pages", page_id, f"content/pages/{page_id}.yaml")
        for path, kind, value in _walk(page, ()):
            yield page_id, TextField(f, path, kind, value)
    for kind_dir, items in (("tables", site.tables), ("figures", site.figures)):
        for stem, obj in items.items():
            f = _file(site, kind_dir, stem, f"content/{kind_dir}/{stem}.yaml")
            page_id = placed.get((kind_dir, stem), generated.HOME.id)
            for path, kind, value in _walk(obj, ()):
                yield page_id, TextField(f, path, kind, value)
    m_file = _file(site, "mandates", None, "content/mandates.yaml")
    for i, entry in enumerate(site.mandates):
        for path, kind, value in _walk(entry, (i,)):
            yield generated.MANDATES.id, TextField(m_file, path, kind, value)


# --------------------------------------------------------------------------- status


@dataclass
class Count:
    translated: int = 0
    total: int = 0  # fields that need a translation (neutral ones excluded)
    chars_translated: int = 0
    chars_total: int = 0  # characters of the default-language text

    def add(self, field_: TextField, lang: str) -> None:
        if field_.neutral:
            return
        n = len(model.text_of(field_.value))
        self.total += 1
        self.chars_total += n
        if field_.translated(lang):
            self.translated += 1
            self.chars_translated += n

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def untranslated_share(self) -> float:
        """The share (%) of the characters still shown in the default language."""
        return 100.0 * (self.chars_total - self.chars_translated) / self.chars_total if self.chars_total else 0.0


@dataclass
class Status:
    lang: str
    pages: dict[str, dict[str, Count]]  # page id -> kind -> count, pages in site order
    titles: dict[str, Any]  # page id -> its title (text)

    def page_total(self, page_id: str) -> Count:
        return _sum(self.pages[page_id].values())

    def kind_total(self, kind: str) -> Count:
        return _sum(kinds[kind] for kinds in self.pages.values() if kind in kinds)

    def total(self) -> Count:
        return _sum(c for kinds in self.pages.values() for c in kinds.values())

    def outside_running_text(self) -> Count:
        return _sum(self.kind_total(k) for k in KINDS if k not in RUNNING_TEXT)

    def kinds(self) -> list[str]:
        return [k for k in KINDS if any(k in kinds and kinds[k].total for kinds in self.pages.values())]

    def to_dict(self) -> dict:
        def c(x: Count) -> dict:
            return {"translated": x.translated, "total": x.total,
                    "chars_translated": x.chars_translated, "chars_total": x.chars_total}

        return {
            "lang": self.lang,
            "total": c(self.total()),
            "outside_running_text": c(self.outside_running_text()),
            "untranslated_share": {"outside_running_text": round(self.outside_running_text().untranslated_share, 1),
                                   "overall": round(self.total().untranslated_share, 1)},
            "kinds": {k: c(self.kind_total(k)) for k in self.kinds()},
            "pages": {p: {"total": c(self.page_total(p)), "kinds": {k: c(v) for k, v in kinds.items() if v.total}}
                      for p, kinds in self.pages.items()},
        }


def _sum(counts) -> Count:
    out = Count()
    for c in counts:
        out.translated += c.translated
        out.total += c.total
        out.chars_translated += c.chars_translated
        out.chars_total += c.chars_total
    return out


def status(site: Site, lang: str, order: list[str] | None = None) -> Status:
    """How much of the content is translated into ``lang``, per site page and per field kind."""
    others = [page.id for page in generated.GENERATED_PAGES if page.counts_translations and page is not generated.HOME]
    page_ids = [generated.HOME.id, *(order if order is not None else site.pages), *others]
    pages: dict[str, dict[str, Count]] = {p: {} for p in page_ids}
    for page_id, f in text_fields(site):
        pages.setdefault(page_id, {}).setdefault(f.kind, Count()).add(f, lang)
    titles: dict[str, Any] = {generated.HOME.id: site.plan.title}
    titles.update({p: page.title for p, page in site.pages.items()})
    return Status(lang, pages, titles)
