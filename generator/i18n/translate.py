"""The translators' round trip: content text <-> gettext PO files.

``export`` writes the text fields of content/ for one language into a PO file (what translation
tools such as Poedit, Weblate, OmegaT or Lokalize read): ``msgid`` the Chinese original,
``msgstr`` the translation (empty where there is none yet), ``msgctxt`` the field's place
(``pages/subprogramme-1.yaml:/sections/0/title``) so that equal texts in different places stay
separate entries, a ``#:`` reference to the file and line, and the field's kind as a comment.

``import`` writes the translated entries back into the YAML with ruamel.yaml's round-trip mode, so
that comments, quoting, key order and indentation stay as they were; only the translated fields
change: a plain string ``title: 目标`` becomes ``title: {zh: 目标, en: Objective}`` written as a
block mapping, and an existing translation is replaced. Entries marked fuzzy, empty ones and
entries whose Chinese text has changed since the export are skipped (the last with a warning), and
so are entries whose place is not a text to translate (an id, a number, a mandate reference: what
an export never writes). A PO file that cannot be read, or whose language is no language code, is
refused with a located error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.content import model
from generator.content.load import load, load_file
from generator.content.model import DEFAULT_LANG, Site, has_lang, text_of
from generator.content.roundtrip import Doc, load_doc, lookup
from generator.diagnostics import Diagnostic
from generator.i18n import languages as i18n
from generator.write import write_atomic

CONTENT = "content/"

# --------------------------------------------------------------------------- places


def context(file: str, path: tuple) -> str:
    """('content/pages/x.yaml', ('sections', 0, 'title')) -> 'pages/x.yaml:/sections/0/title'."""
    rel = file[len(CONTENT):] if file.startswith(CONTENT) else file
    return rel + ":/" + "/".join(str(p) for p in path)


def parse_context(ctxt: str) -> tuple[str, tuple] | None:
    rel, sep, pointer = ctxt.partition(":/")
    if not sep or not rel.endswith(".yaml") or ".." in Path(rel).parts:
        return None
    path = tuple(int(p) if p.isascii() and p.isdigit() else p for p in pointer.split("/")) if pointer else ()
    return CONTENT + rel, path


# --------------------------------------------------------------------------- export


def export(site: Site, lang: str, *, all_text: bool = False, project: str = "") -> polib.POFile:
    """The text fields of ``site`` for translation into ``lang``: the untranslated ones, or all."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": project or site.plan.symbol,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": DEFAULT_LANG,
    }
    seen: set[str] = set()
    for page_id, f in i18n.text_fields(site):
        if f.neutral or (f.translated(lang) and not all_text):
            continue
        ctxt = context(f.file, f.path)
        if ctxt in seen:
            continue
        seen.add(ctxt)
        source = _source(site, f.file)
        line = source.pos(f.path)[0] if source is not None else 0
        po.append(polib.POEntry(
            msgctxt=ctxt,
            msgid=text_of(f.value, DEFAULT_LANG),
            msgstr=f.value[lang] if has_lang(f.value, lang) and isinstance(f.value, dict) else "",
            occurrences=[(f.file, str(line))],
            comment=f"{f.kind} (page: {page_id})" + (
                "\nthe exact words of the translated paragraph after which the footnote is called"
                if f.path[-1] == "after" else ""),
        ))
    return po


def _source(site: Site, file: str):
    content = site.content
    if content is None:
        return None
    for src in [content.plan, content.mandates, *content.pages.values(), *content.tables.values(),
                *content.figures.values()]:
        if src is not None and src.path == file:
            return src
    return None


# --------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    lang: str
    imported: int = 0  # fields whose translation was written (new or changed)
    unchanged: int = 0  # fields that already held this translation
    skipped: int = 0  # empty or fuzzy entries
    files: list[str] = field(default_factory=list)  # the files rewritten
    diagnostics: list[Diagnostic] = field(default_factory=list)


def places(site: Site) -> set[str]:
    """The contexts of every text a PO file may translate: those an export writes."""
    return {context(f.file, f.path) for _, f in i18n.text_fields(site) if not f.neutral}


def _read_po(po: polib.POFile | str | Path) -> tuple[polib.POFile | None, Diagnostic | None]:
    if isinstance(po, polib.POFile):
        return po, None
    if isinstance(po, Path) and not po.is_file():
        return None, Diagnostic(str(po), 0, 0, "error", "no such file")
    try:
        return polib.pofile(str(po), wrapwidth=0), None
    except (OSError, ValueError, UnicodeError) as exc:  # polib reports bad syntax as OSError
        line = re.search(r"\(line (\d+)\)", str(exc))
        message = re.sub(r"\s*\(line \d+\)", "", str(exc)) or type(exc).__name__
        return None, Diagnostic(str(po), int(line.group(1)) if line else 0, 0, "error",
                                f"not a PO file that can be read: {message}",
                                "open it in a PO editor to see what is wrong, or export again")


def _scalar(text: str) -> str:
    """A translation as YAML will read it back: ruamel writes U+0085 (NEL) as it is, which YAML
    reads as a line break (folded to a space); double quotes escape it."""
    return DoubleQuotedScalarString(text) if "\x85" in text else text


def import_po(root: Path | str, po: polib.POFile | str | Path, lang: str | None = None,
              *, translatable: set[str] | None = None) -> ImportResult:
    """Write the translations of a PO file into the YAML under ``root``/content: only into the
    places in ``translatable`` (default: the text fields of the content, as :func:`places`)."""
    root = Path(root)
    po_name = str(po) if not isinstance(po, polib.POFile) else (getattr(po, "fpath", None) or "<po>")
    po, error = _read_po(po)
    if po is None:
        result = ImportResult(lang or "")
        result.diagnostics.append(error)
        return result
    lang = lang or po.metadata.get("Language") or ""
    result = ImportResult(lang)
    if not lang or lang == DEFAULT_LANG or not model._LANG.match(lang):
        result.diagnostics.append(Diagnostic(po_name, 0, 0, "error",
                                             f"no target language to import into (Language: {lang or 'missing'!r})",
                                             "set the Language header to a language code such as en, or pass --lang"))
        return result
    if translatable is None:
        site, _ = model.build(load(root))
        translatable = places(site) if site is not None else set()
    docs: dict[str, Doc] = {}
    changed: set[str] = set()
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr:
            result.skipped += 1
            continue
        where = parse_context(entry.msgctxt or "")
        line = getattr(entry, "linenum", 0) or 0
        if where is None:
            result.diagnostics.append(Diagnostic(po_name, line, 0, "warning",
                                                 f"entry without a content place (msgctxt {entry.msgctxt!r}): skipped"))
            continue
        if entry.msgctxt not in translatable:
            result.diagnostics.append(Diagnostic(po_name, line, 0, "warning",
                                                 f"{entry.msgctxt}: not a text to translate: entry skipped"))
            continue
        file, path = where
        if file not in docs:
            full = root / file
            if not full.is_file():
                result.diagnostics.append(Diagnostic(po_name, line, 0, "warning",
                                                     f"{file} does not exist: entry skipped"))
                continue
            docs[file] = load_doc(full.read_text(encoding="utf-8"))
        doc = docs[file]
        found = lookup(doc.data, path)
        if found is None:
            result.diagnostics.append(Diagnostic(po_name, line, 0, "warning",
                                                 f"{entry.msgctxt}: no such field any more: entry skipped"))
            continue
        parent, key = found
        value = parent[key]
        original = value.get(DEFAULT_LANG) if isinstance(value, dict) else value
        if not isinstance(original, str) or str(original) != entry.msgid:
            src, _ = load_file(root / file, root)
            result.diagnostics.append(src.diag(path, "the Chinese text changed since it was exported: "
                                               f"the {lang} translation was not imported", "warning",
                                               hint="export again and translate the new text"))
            continue
        if isinstance(value, dict):
            if value.get(lang) == entry.msgstr:
                result.unchanged += 1
                continue
            value[lang] = _scalar(entry.msgstr)
        else:
            parent[key] = CommentedMap([(DEFAULT_LANG, value), (lang, _scalar(entry.msgstr))])
        changed.add(file)
        result.imported += 1
    for file in sorted(changed):
        doc = docs[file]
        text = doc.dump()
        if text != doc.text:
            write_atomic(root / file, text.encode("utf-8"))
            result.files.append(file)
    return result
