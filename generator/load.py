"""Stage 1, load: the YAML files under content/ -> plain Python data with positions.

Every file is composed into YAML nodes (with libyaml when available) and converted to plain
dicts, lists and scalars by hand, so that

* the line and column of every mapping key and every value is kept, by path
  (a tuple of keys and list indices), for later stages to point at;
* duplicate keys are errors, not silently overwritten;
* YAML 1.1's implicit typing cannot change the text: ``no`` stays the string ``"no"`` and
  ``2021-01-01`` stays a string. Only plain (unquoted) integers, floats and ``null`` become
  non-strings; the model rejects a number where it expects text (with a hint to quote it).

A syntax error becomes a located :class:`~generator.diagnostics.Diagnostic`, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity

try:  # libyaml is about seven times faster; fall back to the pure-Python loader without it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"

_constructor = yaml.SafeLoader("")  # only used for its scalar constructors


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
    tables: dict[str, Source] = field(default_factory=dict)  # by file stem: "14.16"
    figures: dict[str, Source] = field(default_factory=dict)  # by file stem: "14.18"
    mandates: Source | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def sources(self) -> list[Source]:
        out = [s for s in (self.plan, self.mandates) if s is not None]
        for group in (self.pages, self.tables, self.figures):
            out.extend(group[k] for k in sorted(group))
        return out


class _Converter:
    def __init__(self, source: Source):
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    def _at(self, node: yaml.Node) -> Pos:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.source.values[path] = self._at(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._error(key_node, "a mapping key must be a plain word")
                    continue
                key = key_node.value
                if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
                    self._error(key_node, "YAML merge keys ('<<') are not supported")
                    continue
                if key in out:
                    first = self.source.keys[path + (key,)]
                    self._error(
                        key_node,
                        f"duplicate key '{key}'",
                        hint=f"first defined at line {first[0]}, column {first[1]}",
                    )
                    continue
                self.source.keys[path + (key,)] = self._at(key_node)
                out[key] = self.convert(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.style:  # quoted or block scalar: always a string (plain is None or "")
            return node.value
        if node.tag == _NULL:
            return None
        if node.tag == _INT:
            try:
                return _constructor.construct_yaml_int(node)
            except ValueError:
                return node.value
        if node.tag == _FLOAT:
            try:
                return _constructor.construct_yaml_float(node)
            except ValueError:
                return node.value
        # str, bool and timestamp: keep exactly what the editor wrote
        return node.value

    def _error(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        line, col = self._at(node)
        self.diagnostics.append(Diagnostic(self.source.path, line, col, "error", message, hint))


def parse_yaml(text: str, display_path: str) -> tuple[Source, list[Diagnostic]]:
    """Parse one YAML document into a :class:`Source`; problems come back as diagnostics."""
    source = Source(display_path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = "YAML syntax error: " + " ".join(
            str(p) for p in (exc.context, exc.problem) if p
        )
        hint = None
        if "\t" in text and "tab" in message.lower():
            hint = "indent with spaces, not tabs"
        elif "mapping values are not allowed" in message:
            hint = "a value containing ': ' must be quoted"
        return source, [Diagnostic(display_path, line, col, "error", message, hint)]
    except yaml.YAMLError as exc:  # pragma: no cover - errors without a mark
        return source, [Diagnostic(display_path, 0, 0, "error", f"YAML error: {exc}")]
    if node is None:
        return source, []
    conv = _Converter(source)
    source.data = conv.convert(node, ())
    return source, conv.diagnostics


def load_file(path: Path, root: Path) -> tuple[Source, list[Diagnostic]]:
    display = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Source(display), [Diagnostic(display, 0, 0, "error", f"not UTF-8 text: {exc}")]
    return parse_yaml(text, display)


def load(root: Path | str, content_dir: str = "content") -> Content:
    """Read every YAML file under ``root/content_dir``.

    ``root`` is the project root; positions are reported relative to it.
    """
    root = Path(root)
    base = root / content_dir
    content = Content(root=root)
    if not base.is_dir():
        content.diagnostics.append(
            Diagnostic(content_dir, 0, 0, "error", "the content folder does not exist")
        )
        return content
    for path in sorted(base.rglob("*")):
        if path.suffix == ".yml" and path.is_file():
            content.diagnostics.append(
                Diagnostic(
                    path.relative_to(root).as_posix(), 0, 0, "warning",
                    "ignored: content files end in .yaml",
                )
            )
            continue
        if path.suffix != ".yaml" or not path.is_file():
            continue
        source, diags = load_file(path, root)
        content.diagnostics.extend(diags)
        rel = path.relative_to(base)
        parts = rel.parts
        if parts == ("plan.yaml",):
            content.plan = source
        elif parts == ("mandates.yaml",):
            content.mandates = source
        elif len(parts) == 2 and parts[0] == "pages":
            content.pages[path.stem] = source
        elif len(parts) == 2 and parts[0] == "tables":
            content.tables[path.stem] = source
        elif len(parts) == 2 and parts[0] == "figures":
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
    return content
