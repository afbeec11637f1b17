"""Content files edited in place: ruamel.yaml's round-trip mode, set up so that a file read and
written back without a change is byte for byte the same (comments, quoting, key order, layout).

Used by the commands that write content/ for the editor (``import`` of translations,
``renumber``); the build itself only reads (:mod:`generator.content.load`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

# the indentation styles the content is written in (mapping, sequence, offset): the first one
# that reproduces a file byte for byte is used to write it back
STYLES = ((2, 2, 0), (2, 4, 2), (4, 4, 2), (4, 6, 4), (4, 4, 0))


def make_yaml(style: tuple[int, int, int]) -> YAML:
    y = YAML()  # round-trip mode: comments, order and quoting are kept
    y.preserve_quotes = True
    y.width = 1 << 30  # never fold a long line: the content keeps each text on one line
    y.indent(mapping=style[0], sequence=style[1], offset=style[2])
    # the content writes null as `null` (ruamel would write nothing, losing `- null  # comment`)
    y.representer.add_representer(
        type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return y


def dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


@dataclass
class Doc:
    """One content file, loaded for editing: its text as read, its data, and the writer that
    reproduces it."""

    text: str
    data: Any
    yaml: YAML

    def dump(self) -> str:
        return dump(self.yaml, self.data)


def load_doc(text: str) -> Doc:
    data = None
    for style in STYLES:
        y = make_yaml(style)
        data = y.load(text)
        if dump(y, data) == text:
            return Doc(text, data, y)
    return Doc(text, data, make_yaml(STYLES[0]))  # no exact style: the common one


def lookup(data: Any, path: tuple) -> tuple[Any, Any] | None:
    """(the container, the key or index) of the value at ``path``."""
    node, parent, key = data, None, None
    for part in path:
        parent, key = node, part
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return (parent, key) if parent is not None else None
