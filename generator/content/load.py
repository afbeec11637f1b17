"""Stage 1, load: the YAML files under content/ -> plain Python data with positions.

Every file is read as a stream of YAML events (libyaml's parser when available) and turned into
plain dicts, lists and scalars by one loop of our own, so that

* the line and column of every mapping key and every value is kept, by path
  (a tuple of keys and list indices), for later stages to point at;
* nothing is ever constructed from a tag: ``!!python/object`` and every other explicit tag
  but ``!!str`` is an error, and so are merge keys (``<<``);
* duplicate keys are errors, not silently overwritten;
* YAML 1.1's implicit typing cannot change the text: ``no``, ``on`` and ``2021-01-01`` stay the
  strings the editor wrote, and so do ``010``, ``0x1F``, ``1_000``, ``12:30``, ``.inf`` and
  ``.nan``. Only plain decimal numbers (``401``, ``-3``, ``14.10``) and ``null``/``~``/nothing
  become non-strings; the model rejects a number where it expects text (with a hint to quote it);
* hostile input is bounded: files over :data:`MAX_FILE_BYTES`, nesting deeper than
  :data:`MAX_DEPTH` and aliases that expand to more than :data:`MAX_ALIAS_VALUES` values (an
  "alias bomb") are rejected at once with a located error, before any later stage walks them.

Every problem, a syntax error, a bad byte or a control character included, becomes a located
:class:`~generator.diagnostics.Diagnostic` (``file:line:col``), never a traceback.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Severity

try:  # libyaml is about seven times faster; fall back to the pure-Python parser without it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]

# The real content's largest file is about 35 KB and its deepest nesting about 15 levels: these
# bounds leave room for growth while keeping a hostile file from costing time or memory.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_VALUES = 10_000  # values that aliases may add to a file, all aliases together

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# YAML 1.2's decimal numbers only: YAML 1.1's octal (010), hex, binary, 1_000, sexagesimal
# (12:30), .inf and .nan stay the text they were written as.
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_LANG_KEY = re.compile(r"[a-z]{2,3}")  # zh:, en:, fr: the key of a text's language
# an identifier that becomes a URL: a page id, a table or figure file name
_FILE_STEM_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# folders of content/ read by another part of the generator (i18n reads strings/)
_READ_ELSEWHERE = frozenset({"strings"})


@dataclass
class Source:
    """One YAML file: its data and where every key and value of it was written."""

    path: str  # as shown to editors, relative to the project root: content/pages/x.yaml
    data: Any = None
    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)

    def pos(self, path: Path_ = (), *, key: bool = False) -> Pos:
        """The position of the value (or key) at ``path``, else of its nearest ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def diag(
        self,
        path: Path_,
        message: str,
        severity: Severity = "error",
        hint: str | None = None,
        *,
        key: bool = False,
    ) -> Diagnostic:
        line, col = self.pos(path, key=key)
        return Diagnostic(self.path, line, col, severity, message, hint)

    def get(self, path: Path_, default: Any = None) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node


@dataclass
class Content:
    """Everything under content/, as sources, before the model sees it."""

    root: Path  # the project root (content/ is inside it)
    plan: Source | None = None
    pages: dict[str, Source] = field(default_factory=dict)  # by file stem
    tables: dict[str, Source] = field(default_factory=dict)  # by file stem: the table number
    figures: dict[str, Source] = field(default_factory=dict)  # by file stem: the figure number in arabic
    mandates: Source | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def sources(self) -> list[Source]:
        out = [s for s in (self.plan, self.mandates) if s is not None]
        for group in (self.pages, self.tables, self.figures):
            out.extend(group[k] for k in sorted(group))
        return out


# --------------------------------------------------------------------------- events -> data


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read sensibly."""


@dataclass
class _Frame:
    """An open mapping or sequence."""

    value: dict | list
    path: Path_
    record: bool  # False inside the value of a duplicate key: its positions are not kept
    anchor: str | None
    size: int = 1  # values inside it, aliases expanded
    key: str | None = None  # a mapping's key whose value comes next
    has_key: bool = False
    skip: bool = False  # the value that comes next belongs to a duplicate key: drop it


def _tag(tag: str) -> str:
    """A tag as the editor wrote it: !!python/object, not tag:yaml.org,2002:python/object."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _at(event: yaml.Event) -> Pos:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _plain_scalar(value: str) -> Any:
    if value in _NULLS:
        return None
    if _INT_RE.fullmatch(value):
        if len(value) <= 4000:  # Python refuses to convert longer digit strings
            return int(value)
        return value
    if _FLOAT_RE.fullmatch(value):
        number = float(value)
        return number if math.isfinite(number) else value
    return value  # text; and yes/no/on/off, dates and the YAML 1.1 numbers stay as written


class _Reader:
    def __init__(self, source: Source, lines: list[str] | None = None):
        self.source = source
        self.lines = lines or []
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.alias_values = 0
        self.documents = 0
        self.root: Any = None

    def error(self, pos: Pos, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(self.source.path, pos[0], pos[1], "error", message, hint))

    def read(self, loader: Any) -> None:
        while loader.check_event():
            self.event(loader.get_event())

    def event(self, ev: yaml.Event) -> None:
        if isinstance(ev, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error(_at(ev), "a content file holds one YAML document",
                           "remove the second '---' and what follows, or move it to its own file")
                raise _Stop
            return
        if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
                self.anchors[frame.anchor] = (frame.value, frame.size)
            self.place(frame.value, frame.size)
            return
        if not isinstance(ev, yaml.NodeEvent):
            return  # stream and document ends
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.value, dict) and not parent.has_key:
            self.key(parent, ev)
            return
        self.node(parent, ev)

    # a mapping key
    def key(self, frame: _Frame, ev: yaml.Event) -> None:
        if not isinstance(ev, yaml.ScalarEvent):
            self.error(_at(ev), "a mapping key must be a plain word",
                       "a key cannot be a list, a mapping or an alias")
            raise _Stop
        if ev.tag not in (None, "!", _STR):
            self.error(_at(ev), f"YAML tags ('{_tag(ev.tag)}') are not supported")
        name = ev.value
        if name == "<<" and not ev.style:
            self.error(_at(ev), "YAML merge keys ('<<') are not supported",
                       "write the keys out in full")
            frame.skip = True
        elif name in frame.value:
            first = self.source.keys.get(frame.path + (name,))
            self.error(_at(ev), f"duplicate key '{name}'",
                       f"first defined at line {first[0]}, column {first[1]}" if first else None)
            frame.skip = True
        elif frame.record:
            self.source.keys[frame.path + (name,)] = _at(ev)
        frame.key, frame.has_key = name, True

    # a value: in a sequence, after a key, or the document itself
    def node(self, parent: _Frame | None, ev: yaml.Event) -> None:
        record = parent is None or (parent.record and not parent.skip)
        if parent is None:
            path: Path_ = ()
        elif isinstance(parent.value, list):
            path = parent.path + (len(parent.value),)
        else:
            path = parent.path + (parent.key,)  # type: ignore[operator]
        if record:
            self.source.values[path] = _at(ev)
        if isinstance(ev, yaml.AliasEvent):
            self.alias(ev)
            return
        if ev.anchor is not None and ev.anchor in self.open_anchors:
            self.open_anchors.discard(ev.anchor)  # redefined inside itself: the inner one wins
        if isinstance(ev, yaml.ScalarEvent):
            value = self.scalar(ev)
            if isinstance(value, str) and not ev.style:
                self.cut_by_comment(ev, value, parent)
            if ev.anchor is not None:
                self.anchors[ev.anchor] = (value, 1)
            self.place(value, 1)
            return
        # a mapping or a sequence starts
        standard = _MAP if isinstance(ev, yaml.MappingStartEvent) else _SEQ
        if ev.tag not in (None, "!", standard):
            self.error(_at(ev), f"YAML tags ('{_tag(ev.tag)}') are not supported",
                       "remove the tag: content is plain mappings, lists and text")
        if len(self.stack) >= MAX_DEPTH:
            self.error(_at(ev), f"nested more than {MAX_DEPTH} levels deep",
                       "content files are never this deep: is a closing bracket missing?")
            raise _Stop
        value: dict | list = {} if isinstance(ev, yaml.MappingStartEvent) else []
        if ev.anchor is not None:
            self.open_anchors.add(ev.anchor)
        self.stack.append(_Frame(value, path, record, ev.anchor))

    def scalar(self, ev: yaml.ScalarEvent) -> Any:
        if ev.tag in (None, "!"):
            return _plain_scalar(ev.value) if not ev.style and ev.tag is None else ev.value
        if ev.tag != _STR:
            self.error(_at(ev), f"YAML tags ('{_tag(ev.tag)}') are not supported",
                       "remove the tag; put the value in quotes to make it text")
        return ev.value

    def cut_by_comment(self, ev: yaml.ScalarEvent, value: str, parent: _Frame | None) -> None:
        """An unquoted text followed by ' #' on its line: YAML reads the rest as a comment, so
        "Costs # of posts" would be published as "Costs". An error where the text is prose
        (spaces, non-ASCII letters, or the text of a language), a warning after a one-word value
        such as ``kind: total  # …``, where a comment is more likely meant."""
        end = ev.end_mark
        if end.line >= len(self.lines):
            return
        rest = self.lines[end.line][end.column:]
        hash_at = rest.find("#")
        if hash_at < 0 or rest[:hash_at].strip():
            return
        col = end.column + hash_at + 1
        comment = rest[hash_at:].rstrip()
        shown = value if len(value) <= 40 else "…" + value[-30:]
        language = parent is not None and isinstance(parent.key, str) and bool(_LANG_KEY.fullmatch(parent.key))
        prose = language or not value.isascii() or " " in value.strip()
        self.diagnostics.append(Diagnostic(
            self.source.path, end.line + 1, col, "error" if prose else "warning",
            f"the text stops before ' {comment[:30]}': YAML reads ' #' and what follows as a "
            f"comment, so only '{shown}' is kept",
            "if '#' belongs to the text, put the whole value in quotes (\"...\"); if it is a "
            "comment, put it on its own line above"))

    def alias(self, ev: yaml.AliasEvent) -> None:
        name = ev.anchor
        if name in self.open_anchors:
            self.error(_at(ev), f"alias '*{name}' refers to the value it is inside of")
            raise _Stop
        if name not in self.anchors:
            self.error(_at(ev), f"alias '*{name}' has no anchor '&{name}' before it")
            raise _Stop
        value, size = self.anchors[name]
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            self.error(_at(ev), f"aliases expand to more than {MAX_ALIAS_VALUES} values",
                       "an alias bomb? write the values out instead of using '*' aliases")
            raise _Stop
        self.place(value, size)

    def place(self, value: Any, size: int) -> None:
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        if not parent.skip:
            parent.value[parent.key] = value
        parent.key, parent.has_key, parent.skip = None, False, False


def _line_col(text: str, index: int) -> Pos:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_FULL_WIDTH_COLON = "\uff1a"  # ：
_KEY_THEN_FULL_WIDTH = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\uff1a")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines_before(lines: list[str], index: int) -> list[tuple[int, str]]:
    """(index, line) of the lines before ``index`` that hold YAML, nearest first."""
    return [(i, lines[i]) for i in range(min(index, len(lines)) - 1, -1, -1)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def _starts(line: str) -> list[int]:
    """The columns (0-based) where something starts on a line: its indentation, and after each
    '- ' the key or value of the list item (``- paragraph:`` starts at 0 and at 2)."""
    out = [_indent(line)]
    rest = line[out[0]:]
    while rest.startswith("- "):
        out.append(out[-1] + 2 + _indent(rest[2:]))
        rest = rest[2 + _indent(rest[2:]):]
    return out


def _indentation_advice(lines: list[str], index: int) -> str:
    """Which lines above line ``index`` start in a column near its own: where it could belong."""
    col = _indent(lines[index]) if index < len(lines) else 0
    more: tuple[int | None, int] = (None, 0)
    less: tuple[int | None, int] = (None, 0)
    for i, line in _content_lines_before(lines, index):
        starts = _starts(line)
        if col in starts:
            return ""
        above = [c for c in starts if c > col]
        below = [c for c in starts if c < col]
        if above and more[0] is None:
            more = (i, min(above))
        if below and less[0] is None:
            less = (i, max(below))
        if more[0] is not None and less[0] is not None:
            break
    places = [f"column {c + 1} (like line {i + 1})" for i, c in (more, less) if i is not None]
    return ", which lines up with no line above it: start it in " + " or ".join(places) if places else ""


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Pos, str, str | None]:
    """A YAML parser's error in the words of the mistake an editor made, at the line that holds
    it: libyaml reports a missing or full-width colon on the line after it, and an indentation
    mistake as a missing "key" or "'-' indicator"."""
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = "YAML syntax error: " + " ".join(str(p) for p in (exc.context, exc.problem) if p)
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    problem = exc.problem or ""
    context = exc.context_mark
    if mark and "\t" in line[: mark.column + 1]:
        return pos, message, "indent with spaces, not tabs"
    if "could not find expected ':'" in problem and context is not None and context.line < len(lines):
        # the line that lacks its colon is where the simple key started, not where libyaml stopped
        key_line = lines[context.line]
        full = _KEY_THEN_FULL_WIDTH.match(key_line)
        if full:
            col = key_line.index(_FULL_WIDTH_COLON, full.start(1))
            return ((context.line + 1, col + 1),
                    f"YAML syntax error: '{full.group(1)}\uff1a' has a full-width colon '\uff1a' after the key",
                    f"type a half-width colon ':' followed by a space: '{full.group(1)}: ' "
                    "(请把全角冒号“：”改为半角冒号“:”，并在其后加一个空格)")
        return ((context.line + 1, context.column + 1),
                "YAML syntax error: this line has no ':' after its key",
                "a line of a mapping is 'key: value': type ':' and a space after the key; if the "
                "line continues the text above it, put that whole text in quotes")
    if "did not find expected key" in problem or "did not find expected '-' indicator" in problem:
        index = mark.line if mark else 0
        advice = _indentation_advice(lines, index)
        where = f"starts in column {pos[1]}{advice}" if advice else "is not indented like the lines around it"
        return (pos, f"YAML syntax error: line {pos[0]} {where}",
                "keys of one mapping, and the '- ' of the items of one list, start in the same "
                "column; indent with spaces")
    if "mapping values are not allowed" in problem and mark:
        above = _content_lines_before(lines, mark.line)
        if above and _indent(line) > _indent(above[0][1]) and ": " in above[0][1]:
            i, prev = above[0]
            return ((mark.line + 1, _indent(line) + 1),
                    f"YAML syntax error: line {mark.line + 1} is indented more than line {i + 1}, "
                    f"so it reads as the rest of line {i + 1}'s value",
                    f"start it in column {_indent(prev) + 1}, like line {i + 1}, if it is a key of "
                    "the same mapping; if ': ' belongs to the text, put the text in quotes")
        return pos, message, "a value containing ': ' must be quoted"
    if "cannot start any token" in message:
        return pos, message, "a value starting with ` or @ must be quoted"
    return pos, message, None


def parse_yaml(text: str, display_path: str) -> tuple[Source, list[Diagnostic]]:
    """Parse one YAML document into a :class:`Source`; problems come back as diagnostics."""
    source = Source(display_path)

    def fail(pos: Pos, message: str, hint: str | None = None) -> tuple[Source, list[Diagnostic]]:
        return Source(display_path), [Diagnostic(display_path, pos[0], pos[1], "error", message, hint)]

    if text.startswith("\ufeff"):  # a byte order mark: harmless, some editors write one
        text = text[1:]
    if len(text) > MAX_FILE_BYTES:
        return fail((1, 1), f"the file is too large (more than {MAX_FILE_BYTES // (1024 * 1024)} MiB)",
                    "split it: one file per page, table or figure")
    bad = re.search(r"[\ud800-\udfff]", text)
    if bad:  # only reachable from text that did not come from a UTF-8 file
        return fail(_line_col(text, bad.start()), "not UTF-8 text: a lone surrogate character")
    reader = _Reader(source, text.splitlines())
    loader = _Loader(text)
    try:
        reader.read(loader)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        return fail(*_syntax_error(exc, text))
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        index = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        return fail(_line_col(text, index),
                    f"the character U+{ord(char):04X} is not allowed in a YAML file",
                    "delete it (control characters are invisible in most editors)")
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark
        return fail((1, 1), f"YAML error: {exc}")
    finally:
        loader.dispose()
    source.data = reader.root  # None when reading stopped half-way: no follow-on errors
    return source, reader.diagnostics


def _decode(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Diagnostic(display, 1, 1, "error", "not UTF-8 text: the file is UTF-16",
                                 "save it as UTF-8")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return None, [Diagnostic(display, line, col, "error",
                                 f"not UTF-8 text: the byte 0x{raw[exc.start]:02X} cannot start a character",
                                 "save the file as UTF-8")]


class ParseCache:
    """Parsed files kept while their bytes stay the same: the live preview loads the content on
    every save, and parses again only the files that changed. A :class:`Source` is never changed
    once loaded, so loads may share it. A load keeps only the files it read: a file deleted (or
    renamed) while the preview runs for hours is let go."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[bytes, Source, list[Diagnostic]]] = {}

    def keep_only(self, displays: set[str]) -> None:
        """Forget every file but ``displays`` (the ones the last load read)."""
        for display in self._files.keys() - displays:
            del self._files[display]

    def get(self, display: str, raw: bytes) -> tuple[Source, list[Diagnostic]] | None:
        hit = self._files.get(display)
        return (hit[1], list(hit[2])) if hit is not None and hit[0] == raw else None

    def put(self, display: str, raw: bytes, parsed: tuple[Source, list[Diagnostic]]) -> None:
        self._files[display] = (raw, parsed[0], list(parsed[1]))


def load_file(path: Path, root: Path, cache: ParseCache | None = None) -> tuple[Source, list[Diagnostic]]:
    display = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # don't even read it
            return Source(display), [Diagnostic(
                display, 1, 1, "error",
                f"the file is too large ({size} bytes; at most {MAX_FILE_BYTES} bytes)",
                "split it: one file per page, table or figure")]
        raw = path.read_bytes()
    except OSError as exc:
        return Source(display), [Diagnostic(display, 1, 1, "error", f"cannot read the file: {exc.strerror}")]
    if cache is not None and (hit := cache.get(display, raw)) is not None:
        return hit
    text, diags = _decode(raw, display)
    parsed = (Source(display), diags) if text is None else parse_yaml(text, display)
    if cache is not None:
        cache.put(display, raw, parsed)
    return parsed


# --------------------------------------------------------------------------- the content folder


def _files(base: Path) -> list[Path]:
    """Every file under ``base``, sorted, without following symbolic links and without hidden
    files (editors' backup and lock files start with a dot)."""
    out: list[Path] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(folder)
        out.extend(here / f for f in files if not f.startswith("."))
        out.extend(here / d for d in dirs if (here / d).is_symlink())
    return sorted(out)


def _symlink_error(shown: str) -> Diagnostic:
    # a link could pull any file of the machine into the site
    return Diagnostic(shown, 1, 1, "error", "a symbolic link: content files must be real files",
                      "replace the link by the file itself")


def load_plan(root: Path | str, content_dir: str = "content") -> tuple[Source | None, list[Diagnostic]]:
    """Only ``content/plan.yaml`` (the site's navigation and names, which MkDocs' configuration
    needs before any page), with the diagnostics :func:`load` would give about it."""
    root = Path(root)
    path = root / content_dir / "plan.yaml"
    shown = path.relative_to(root).as_posix()
    if path.is_symlink():
        return None, [_symlink_error(shown)]
    if not path.is_file():
        return None, [Diagnostic(shown, 0, 0, "error", "missing file")]
    return load_file(path, root)


def load(root: Path | str, content_dir: str = "content", cache: ParseCache | None = None) -> Content:
    """Read every YAML file under ``root/content_dir``.

    ``root`` is the project root; positions are reported relative to it. With a ``cache``, a
    file whose bytes it holds already is not parsed again.
    """
    root = Path(root)
    base = root / content_dir
    content = Content(root=root)
    read: set[str] = set()
    if not base.is_dir():
        content.diagnostics.append(
            Diagnostic(content_dir, 0, 0, "error", "the content folder does not exist")
        )
        if cache is not None:
            cache.keep_only(read)
        return content
    for path in _files(base):
        rel = path.relative_to(base)
        parts = rel.parts
        shown = path.relative_to(root).as_posix()
        if parts[0] in _READ_ELSEWHERE and len(parts) > 1:
            continue
        if path.is_symlink():
            content.diagnostics.append(_symlink_error(shown))
            continue
        if path.suffix == ".yml":
            content.diagnostics.append(
                Diagnostic(shown, 0, 0, "warning", "ignored: content files end in .yaml")
            )
            continue
        if path.suffix != ".yaml":
            continue
        kind = parts[0] if len(parts) == 2 and parts[0] in ("pages", "tables", "figures") else None
        if kind is not None and not _FILE_STEM_RE.fullmatch(path.stem):
            # the file name becomes a page id and a URL
            content.diagnostics.append(Diagnostic(
                shown, 1, 1, "error", f"'{path.name}' is not a usable file name",
                "use ASCII letters, digits, '-', '_' and '.' only, e.g. subprogramme-1.yaml"))
            continue
        source, diags = load_file(path, root, cache)
        read.add(shown)
        content.diagnostics.extend(diags)
        if parts == ("plan.yaml",):
            content.plan = source
        elif parts == ("mandates.yaml",):
            content.mandates = source
        elif kind == "pages":
            content.pages[path.stem] = source
        elif kind == "tables":
            content.tables[path.stem] = source
        elif kind == "figures":
            content.figures[path.stem] = source
        else:
            content.diagnostics.append(
                Diagnostic(
                    source.path, 0, 0, "warning",
                    "ignored: not a place the generator reads",
                    "see content/README.md for the files and folders",
                )
            )
    if content.plan is None:
        content.diagnostics.append(
            Diagnostic(f"{content_dir}/plan.yaml", 0, 0, "error", "missing file")
        )
    if cache is not None:
        cache.keep_only(read)
    return content
