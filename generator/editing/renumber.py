"""Renumbering as one edit: insert, remove or move a paragraph, table or figure, renumber the ones
after it, and update every reference to them.

Paragraphs, tables and figures are numbered 14.1, 14.2, … in document order (the navigation's
order of pages, then the order of blocks). An operation changes that order; every item then
takes the number of its new place, and the content is rewritten to match:

* the numbered things themselves: a paragraph block's ``paragraph:``, a ``table:`` or
  ``figure:`` block, a table's or figure's ``number:`` and its file name (``tables/14.17.yaml``);
* every cross-reference in every text of every language the cross-reference grammar reads
  (第 14.48 段, 表 14.16(1), 图 14.十八, para. 14.48, table 14.16, figure 14.XVIII), wherever it
  is: paragraphs, items, footnotes, captions, notes, mandate list headings, the navigation's
  titles; a reference keeps its printed form (Chinese numerals stay Chinese numerals);
* footnote numbers, which run 1, 2, 3 … in document order, when a paragraph with footnotes
  moves or goes.

Files are edited in ruamel.yaml's round-trip mode, so comments and layout stay as they were (a
comment that names a number is not rewritten: the dry run lists the files to look at). The
result is checked in a copy of content/ before anything is written: an edit that would leave
errors writes nothing.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.content.load import Source, load_file
from generator.content.model import (
    DEFAULT_LANG,
    FigureBlock,
    ParagraphBlock,
    Site,
    TableBlock,
    chinese_to_int,
    figure_stem,
    nav_pages,
    section_number,
    walk_blocks,
)
from generator.content.roundtrip import Doc, load_doc, lookup
from generator.diagnostics import Diagnostic, errors
from generator.i18n import languages as i18n
from generator.linking.mandates import roman_to_int
from generator.linking.xrefs import find_xrefs
from generator.pipeline import check
from generator.write import write_atomic

KINDS = ("paragraph", "table", "figure")
_FOLDER = {"table": "tables", "figure": "figures"}
_BLOCK_TYPE = {"paragraph": ParagraphBlock, "table": TableBlock, "figure": FigureBlock}
# keys whose value is an identifier, never prose: their text is not searched for references
_IDENTIFIER_KEYS = frozenset({"paragraph", "table", "figure", "number", "id", "page", "symbol"})
_CN_DIGITS = "零一二三四五六七八九"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


class RenumberError(Exception):
    """The operation cannot be done; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass
class Change:
    file: str
    line: int
    before: str
    after: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.before} -> {self.after}"


@dataclass
class Result:
    kind: str
    numbers: dict[str, str]  # old number -> new number, for every item whose number changed
    changes: list[Change] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # content-relative path -> new text
    removed_files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


# --------------------------------------------------------------------------- printed numbers


def int_to_chinese(n: int) -> str:
    """18 -> 十八, 31 -> 三十一 (figure numbers, 1 to 99)."""
    tens, units = divmod(n, 10)
    if not tens:
        return _CN_DIGITS[units]
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[units] if units else "")


def int_to_roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def printed_like(printed: str, number: str) -> str:
    """``number`` (14.19) printed the way ``printed`` was: 14.十八 -> 14.十九, 14.XVIII -> 14.XIX."""
    prefix, _, old = printed.partition(".")
    n = int(number.partition(".")[2])
    if old.isdigit():
        return f"{prefix}.{n}"
    if chinese_to_int(old) is not None:
        return f"{prefix}.{int_to_chinese(n)}"
    try:
        roman_to_int(old)
    except ValueError:
        return f"{prefix}.{n}"
    return f"{prefix}.{int_to_roman(n)}"


def describe(numbers: dict[str, str]) -> str:
    """14.48 -> 14.49, 14.49 -> 14.50, … as runs: "14.48-14.149 -> 14.49-14.150"."""
    runs: list[list[tuple[str, str]]] = []
    for old, new in numbers.items():
        if runs:
            last_old, last_new = runs[-1][-1]
            if (_next(last_old), _next(last_new)) == (old, new):
                runs[-1].append((old, new))
                continue
        runs.append([(old, new)])
    return ", ".join(f"{r[0][0]} -> {r[0][1]}" if len(r) == 1 else f"{r[0][0]}-{r[-1][0]} -> {r[0][1]}-{r[-1][1]}"
                     for r in runs)


def _next(number: str) -> str:
    prefix, _, n = number.partition(".")
    return f"{prefix}.{int(n) + 1}"


# --------------------------------------------------------------------------- the plan's order


@dataclass(frozen=True)
class _Placed:
    number: str  # "14.47"; a figure's arabic "14.18"
    printed: str  # as the block writes it: "14.47", "14.十八"
    page: str
    path: tuple  # the block's path in its page file


def _order(site: Site, kind: str) -> list[_Placed]:
    """Every placed paragraph, table or figure, in document order."""
    block_type = _BLOCK_TYPE[kind]
    out = []
    for _, page_id in nav_pages(site.plan.navigation):
        page = site.pages.get(page_id)
        for path, block, _ in walk_blocks(page) if page else ():
            if isinstance(block, block_type):
                printed = getattr(block, kind)
                number = figure_stem(printed) if kind == "figure" else printed
                out.append(_Placed(number or printed, printed, page_id, path))
    return out


# --------------------------------------------------------------------------- texts


def _texts(node: Any, path: tuple = (), lang: str = DEFAULT_LANG) -> Iterator[tuple[tuple, str, str, Any, Any]]:
    """(path, language, text, container, key) of every prose string under ``node``."""
    if isinstance(node, dict):
        is_text = DEFAULT_LANG in node and all(isinstance(k, str) and 2 <= len(k) <= 3 and k.islower()
                                               for k in node)
        for key, value in node.items():
            if key in _IDENTIFIER_KEYS and not is_text:
                continue
            sub = key if is_text else lang
            if isinstance(value, str):
                yield path + (key,), sub, value, node, key
            else:
                yield from _texts(value, path + (key,), sub)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, str):
                yield path + (i,), lang, value, node, i
            else:
                yield from _texts(value, path + (i,), lang)


def _named(node: Any, kind: str, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, value) of every ``table:`` (or ``figure:``) key under ``node``: blocks, relations."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == kind and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _named(value, kind, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _named(value, kind, path + (i,))


def _touches(text: str, lang: str, kind: str, section: str, numbers: dict[str, str | None]) -> bool:
    """Whether :func:`_rewrite` has something to change or report in ``text``."""
    try:
        return _rewrite(text, lang, kind, section, numbers)[1:] != ([], [])
    except ValueError:  # a language the grammar does not read: said when the file is edited
        return any(n in text for n in numbers)


def _rewrite(text: str, lang: str, kind: str, section: str, numbers: dict[str, str | None]
             ) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The text with its references to renumbered items updated; (before, after) of each; the
    references to removed items."""
    out, edits, lost = text, [], []
    for x in reversed(find_xrefs(text, lang, section=section)):
        if x.kind != kind or x.number not in numbers:
            continue
        new = numbers[x.number]
        if new is None:
            lost.append(x.raw)
            continue
        at = x.raw.index(x.printed)
        raw = x.raw[:at] + printed_like(x.printed, new) + x.raw[at + len(x.printed):]
        out = out[: x.start] + raw + out[x.end:]
        edits.append((x.raw, raw))
    return out, edits[::-1], lost[::-1]


# --------------------------------------------------------------------------- the operation


def _find(seq: list, obj: Any) -> int:
    return next(i for i, item in enumerate(seq) if item is obj)


class _Docs(dict):
    """Content files loaded for editing when first asked for: a round-trip load costs far more
    than the plain one, and most files do not change."""

    def __init__(self, base: Path):
        super().__init__()
        self.base = base

    def __missing__(self, rel: str) -> Doc:
        doc = self[rel] = _editable((self.base / rel).read_text(encoding="utf-8"), f"content/{rel}")
        return doc


def _footnotes(pages: dict[str, Any], page_order: list[str]) -> Iterator[tuple[str, Any]]:
    """(page id, footnote) of every footnote, in document order."""
    def walk(node: Any) -> Iterator[Any]:
        for block in node.get("blocks") or []:
            if isinstance(block, dict):
                yield from block.get("footnotes") or []
        for section in node.get("sections") or []:
            if isinstance(section, dict):
                yield from walk(section)

    for page_id in page_order:
        data = pages.get(page_id)
        if isinstance(data, dict):
            yield from ((page_id, note) for note in walk(data))


def _new_file(path: Path) -> Doc:
    """The new table's or figure's file, for editing; what the loader would say against it (not
    UTF-8, not YAML, a key twice…) refuses it, located in it as it was named."""
    found = path.resolve()
    _, diags = load_file(found, found.parent)
    if errors(diags):
        raise RenumberError([dataclasses.replace(d, file=str(path)) for d in errors(diags)])
    return _editable(found.read_text(encoding="utf-8"), str(path))


def _editable(text: str, shown: str) -> Doc:
    """A file loaded for editing; one that the editing reader cannot read though ``check``'s can
    (they disagree on a few characters) is refused where the editing reader stopped."""
    try:
        return load_doc(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RenumberError([Diagnostic(shown, line, column, "error", f"cannot be edited: {problem}",
                                        "a character YAML readers disagree on (such as U+0085 or U+2028) "
                                        "may be the cause: remove it")]) from None


def plan(root: Path | str, kind: str, *, insert_after: str | None = None, remove: str | None = None,
         move: str | None = None, after: str | None = None, text: Any = None,
         new_file: Path | None = None) -> Result:
    """What the operation changes, as new file texts; nothing is written."""
    root = Path(root)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    result = check(root)
    if result.site is None or errors(result.diagnostics):
        raise RenumberError(errors(result.diagnostics) or result.diagnostics)
    site = result.site
    assert site.content is not None
    section = section_number(site.plan.symbol) or ""
    placed = _order(site, kind)
    numbers = [p.number for p in placed]
    first = int(numbers[0].partition(".")[2]) if numbers else 1
    if numbers != [f"{section}.{first + i}" for i in range(len(numbers))]:
        raise RenumberError([Diagnostic("content", 0, 0, "error",
                                        f"the {kind}s are not numbered {section}.{first}, {section}.{first + 1}, "
                                        "… in document order now: renumber them by hand first")])

    def index_of(number: str | None, option: str) -> int:
        wanted = figure_stem(number) or number if kind == "figure" and number else number
        if wanted not in numbers:
            raise RenumberError([Diagnostic("content", 0, 0, "error",
                                            f"{option}: there is no {kind} {number}")])
        return numbers.index(wanted)

    order: list[_Placed | None] = list(placed)
    moved: _Placed | None = None
    if insert_after is not None:
        order.insert(index_of(insert_after, "--insert-after") + 1, None)
    elif remove is not None:
        order.pop(index_of(remove, "--remove"))
    elif move is not None:
        if after is None:
            raise RenumberError([Diagnostic("content", 0, 0, "error", "--move needs --after")])
        moved = placed[index_of(move, "--move")]
        if index_of(after, "--after") == index_of(move, "--move"):  # 14.一 and 14.1 are one figure
            raise RenumberError([Diagnostic("content", 0, 0, "error", "--move and --after name the same item")])
        order.remove(moved)
        order.insert(next(i for i, p in enumerate(order) if p is not None and p.number ==
                          (figure_stem(after) or after if kind == "figure" else after)) + 1, moved)
    else:
        raise RenumberError([Diagnostic("content", 0, 0, "error",
                                        "say what to do: --insert-after N, --remove N or --move N --after M")])
    new_numbers = [f"{section}.{first + i}" for i in range(len(order))]
    renumber: dict[str, str | None] = {p.number: new for p, new in zip(order, new_numbers, strict=True)
                                       if p is not None and p.number != new}
    removed = placed[index_of(remove, "--remove")] if remove is not None else None
    if removed is not None:
        renumber[removed.number] = None
    out = Result(kind, {k: v for k, v in renumber.items() if v is not None})

    # every content file, for editing
    sources: dict[str, Source] = {s.path.removeprefix("content/"): s for s in site.content.sources()}
    docs = _Docs(root / "content")
    page_order = [p for _, p in nav_pages(site.plan.navigation)]
    footnotes_before = [fn.get("number") for _, fn in _footnotes(
        {p: site.content.pages[p].data for p in page_order if p in site.content.pages}, page_order)]

    # 1. references in every text, and the numbered blocks themselves (paths still as loaded);
    # a file is loaded for editing only when its plain data holds something to change
    for rel, src in sources.items():
        if not any(_touches(value, lang, kind, section, renumber) for _, lang, value, _, _ in _texts(src.data)):
            continue
        shown = f"content/{rel}"
        for path, lang, value, container, key in list(_texts(docs[rel].data)):
            try:
                new_text, edits, lost = _rewrite(value, lang, kind, section, renumber)
            except ValueError:  # a language the cross-reference grammar does not read
                if any(n in value for n in renumber):
                    out.diagnostics.append(sources[rel].diag(path, f"the '{lang}' text may cite a renumbered "
                                                            f"{kind}: update it by hand", "warning"))
                continue
            line = sources[rel].pos(path)[0]
            goes_with_it = (kind == "paragraph" and removed is not None and rel == f"pages/{removed.page}.yaml"
                            and tuple(path[:len(removed.path)]) == tuple(removed.path))
            for raw in [] if goes_with_it else lost:  # a text removed with the block may cite it
                out.diagnostics.append(sources[rel].diag(
                    path, f"'{raw}' cites the {kind} that is removed", "error",
                    "change the text (or keep the paragraph): nothing is written"))
            if edits:
                container[key] = type(value)(new_text) if type(value) is not str else new_text
                out.changes += [Change(shown, line, a, b) for a, b in edits]
    if kind in _FOLDER:  # a table or figure is named by `table:` / `figure:` wherever it is used
        for rel, src in sources.items():
            named = [(path, value) for path, value in _named(src.data, kind)
                     if (figure_stem(value) or value if kind == "figure" else value) in renumber]
            for path, value in named:
                new = renumber[figure_stem(value) or value if kind == "figure" else value]
                if new is None:
                    if not any(path == p.path + (kind,) and rel == f"pages/{p.page}.yaml" for p in placed):
                        out.diagnostics.append(src.diag(path, f"names {kind} {value}, which is removed", "error",
                                                        "change it first: nothing is written"))
                    continue
                found = lookup(docs[rel].data, path)
                assert found is not None
                container, key = found
                printed = printed_like(value, new)
                container[key] = type(container[key])(printed)
                out.changes.append(Change(f"content/{rel}", src.pos(path)[0], f"{kind}: {value}", f"{kind}: {printed}"))
    for p in placed if kind == "paragraph" else ():
        if p.number in renumber and renumber[p.number] is not None:
            found = lookup(docs[f"pages/{p.page}.yaml"].data, p.path + (kind,))
            assert found is not None
            block, key = found
            new = renumber[p.number]
            value = printed_like(p.printed, new) if kind == "figure" else new
            block[key] = type(block[key])(value) if type(block[key]) is not str else value
            out.changes.append(Change(f"content/pages/{p.page}.yaml", sources[f"pages/{p.page}.yaml"].pos(
                p.path + (kind,))[0], f"{kind}: {p.printed}", f"{kind}: {value}"))

    # 2. table and figure files: their number and their name
    renames: dict[str, str] = {}
    if kind in _FOLDER:
        folder = _FOLDER[kind]
        for old, new in renumber.items():
            rel = f"{folder}/{old}.yaml"
            if new is None:
                out.removed_files.append(rel)
                continue
            doc = docs[rel]
            printed = doc.data["number"]
            doc.data["number"] = type(printed)(printed_like(str(printed), new))
            renames[rel] = f"{folder}/{new}.yaml"
            out.changes.append(Change(f"content/{rel}", sources[rel].pos(("number",))[0],
                                      f"number: {printed} (content/{rel})",
                                      f"number: {doc.data['number']} (content/{folder}/{new}.yaml)"))

    # 3. the blocks: inserted, removed, moved
    def block_at(p: _Placed) -> tuple[CommentedSeq, CommentedMap]:
        found = lookup(docs[f"pages/{p.page}.yaml"].data, p.path)
        assert found is not None
        seq, i = found
        return seq, seq[i]

    if insert_after is not None:
        target = placed[index_of(insert_after, "--insert-after")]
        seq, block = block_at(target)
        new_number = new_numbers[order.index(None)]
        if kind == "paragraph":
            if not text:
                raise RenumberError([Diagnostic("content", 0, 0, "error", "--text: the new paragraph's text is needed")])
            new_block = CommentedMap([("paragraph", DoubleQuotedScalarString(new_number)), ("text", text)])
        else:
            if new_file is None:
                raise RenumberError([Diagnostic("content", 0, 0, "error",
                                                f"--file: the new {kind}'s YAML file is needed")])
            new_doc = _new_file(Path(new_file))
            if not isinstance(new_doc.data, dict):
                raise RenumberError([Diagnostic(str(new_file), 1, 1, "error", f"not a {kind} file")])
            printed = printed_like(target.printed, new_number) if kind == "figure" else new_number
            new_doc.data["number"] = DoubleQuotedScalarString(printed)
            # under a name of its own until the files are renamed: tables/14.17.yaml is the old 14.17
            docs[f"{_FOLDER[kind]}/+{new_number}.yaml"] = new_doc
            renames[f"{_FOLDER[kind]}/+{new_number}.yaml"] = f"{_FOLDER[kind]}/{new_number}.yaml"
            new_block = CommentedMap([(kind, DoubleQuotedScalarString(printed) if kind == "table" else printed)])
        seq.insert(_find(seq, block) + 1, new_block)
        page = f"content/pages/{target.page}.yaml"
        out.changes.append(Change(page, sources[f"pages/{target.page}.yaml"].pos(target.path)[0],
                                  f"after {kind} {target.printed}", f"new {kind} {new_number}"))
    elif remove is not None:
        gone = placed[index_of(remove, "--remove")]
        seq, block = block_at(gone)
        del seq[_find(seq, block)]
        out.changes.append(Change(f"content/pages/{gone.page}.yaml", sources[f"pages/{gone.page}.yaml"].pos(
            gone.path)[0], f"{kind} {gone.printed}", "(removed)"))
    elif moved is not None:
        target = next(p for p in placed if p.number == (figure_stem(after) or after if kind == "figure" else after))
        seq, block = block_at(moved)
        to_seq, to_block = block_at(target)
        del seq[_find(seq, block)]
        to_seq.insert(_find(to_seq, to_block) + 1, block)
        out.changes.append(Change(f"content/pages/{moved.page}.yaml", sources[f"pages/{moved.page}.yaml"].pos(
            moved.path)[0], f"{kind} {moved.printed}", f"moved after {kind} {target.printed}"))

    # 4. footnotes run 1, 2, 3 … in document order
    with_notes = {p: docs[f"pages/{p}.yaml"].data for p in page_order if p in site.content.pages
                  and any(True for _ in _footnotes({p: site.content.pages[p].data}, [p]))}
    notes = list(_footnotes(with_notes, page_order))
    if footnotes_before == list(range(1, len(footnotes_before) + 1)):
        for n, (page_id, note) in enumerate(notes, 1):
            if note.get("number") != n:
                line = note.lc.line + 1  # where the footnote was: the change lists the file as read
                out.changes.append(Change(f"content/pages/{page_id}.yaml", line,
                                          f"footnote {note.get('number')}", f"footnote {n}"))
                note["number"] = n

    # the new texts of the files that changed, under their new names
    out.changes.sort(key=lambda c: (c.file, c.line))
    for rel, doc in docs.items():
        text_now = doc.dump()
        name = renames.get(rel, rel)
        if rel in out.removed_files:
            continue
        # a file ruamel.yaml cannot write back byte for byte (an escape it spells its own way)
        # is left alone unless the edit changed something in it
        unchanged = text_now == doc.text or text_now == load_doc(doc.text).dump()
        if name != rel or not unchanged:
            out.files[name] = text_now
    for rel in renames:
        if rel in sources and rel not in renames.values():
            out.removed_files.append(rel)
    return out


def trial(root: Path | str, result: Result) -> list[Diagnostic]:
    """The errors the content would have with the result written (its own, else those of
    ``check`` on a copy of content/ with the result written into it); nothing is written."""
    root = Path(root)
    if errors(result.diagnostics):
        return errors(result.diagnostics)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        shutil.copytree(root / "content", copy / "content")
        write(copy, result)
        return errors(check(copy, languages=i18n.configured(root)).diagnostics)


def write(root: Path | str, result: Result) -> None:
    """The result into ``root``'s content/ (after :func:`trial` found no error)."""
    base = Path(root) / "content"
    for rel in result.removed_files:
        if rel not in result.files:
            (base / rel).unlink(missing_ok=True)
    for rel, text in result.files.items():
        write_atomic(base / rel, text.encode("utf-8"))
