"""JSON Schemas of the content files, generated from the model, for editors' YAML tooling.

``python -m generator schema --write`` writes ``schema/<kind>.schema.json`` and makes the first line
of every content file the ``# yaml-language-server: $schema=...`` comment naming its schema (the
YAML language server then completes keys and flags mistakes as one types). ``--check`` (the
default) only reports what is stale. The editor settings in ``.vscode/settings.json`` map the same
files by glob, for editors that do not read the comment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from generator.content import model

SCHEMA_DIR = "schema"
MODELINE = "# yaml-language-server: $schema="
DIALECT = "http://json-schema.org/draft-07/schema#"

# schema file -> (the model, a title, the content files it describes)
KINDS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "plan.schema.json": (model.Plan, "content/plan.yaml", ("content/plan.yaml",)),
    "page.schema.json": (model.Page, "a page, content/pages/<id>.yaml", ("content/pages/*.yaml",)),
    "table.schema.json": (model.Table, "a table, content/tables/<section>.<n>.yaml", ("content/tables/*.yaml",)),
    "figure.schema.json": (model.Figure, "a figure, content/figures/<section>.<n>.yaml", ("content/figures/*.yaml",)),
    "mandates.schema.json": (model.MandateList, "content/mandates.yaml", ("content/mandates.yaml",)),
}

_TEXT = {
    "description": "text: a string (Chinese), or a mapping of language codes (zh, en, ...) to strings",
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "propertyNames": {"pattern": model._LANG.pattern},
            "additionalProperties": {"type": "string"},
            "required": [model.DEFAULT_LANG],
        },
    ],
}
_STR = {"type": "string", "description": "text; quote it if it looks like a number (\"1.10\")"}
_VALUE = {
    "description": "a number, '—' (nil), null (blank) or text (a string, or a mapping of languages to strings)",
    "anyOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}, _TEXT["anyOf"][1]],
}
# The model's custom scalar validators and what they accept, as JSON Schema.
_PLAIN = {model._check_text: _TEXT, model._check_string: _STR, model._check_value: _VALUE}


class _Generator(GenerateJsonSchema):
    def function_plain_schema(self, schema: Any) -> Any:
        func = schema.get("function", {}).get("function")
        if func in _PLAIN:
            return dict(_PLAIN[func])
        return super().function_plain_schema(schema)


def schema_for(filename: str) -> dict:
    target, title, _ = KINDS[filename]
    adapter = target if isinstance(target, TypeAdapter) else TypeAdapter(target)
    body = adapter.json_schema(schema_generator=_Generator, mode="validation")
    return {"$schema": DIALECT, "title": title, **{k: v for k, v in body.items() if k != "title"}}


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def expected_files() -> dict[str, str]:
    """schema/<file> -> its text, as the model says it should be."""
    return {f"{SCHEMA_DIR}/{name}": render(schema_for(name)) for name in KINDS}


def schema_of(rel: str) -> str | None:
    """The schema file of a content file (``content/pages/x.yaml``), if it has one."""
    path = Path(rel)
    for name, (_, _, globs) in KINDS.items():
        if any(path.match(g) and len(path.parts) == len(Path(g).parts) for g in globs):
            return name
    return None


def modeline(rel: str) -> str | None:
    name = schema_of(rel)
    if name is None:
        return None
    up = os.path.relpath(SCHEMA_DIR, Path(rel).parent.as_posix())
    return f"{MODELINE}{Path(up, name).as_posix()}"


def with_modeline(text: str, line: str) -> str:
    """``text`` whose first line is ``line``: an existing modeline is replaced, else one is added.
    Nothing else in the file changes (line endings included)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    first, sep, rest = text.partition("\n")
    if first.rstrip("\r").startswith(MODELINE.split("$")[0].rstrip()):
        return line + (("\r" if first.endswith("\r") else "") + sep if sep else newline) + rest
    return line + newline + text


def content_files(root: Path) -> list[Path]:
    base = root / "content"
    return sorted(p for p in base.rglob("*.yaml") if schema_of(p.relative_to(root).as_posix()))


def stale(root: Path | str, *, modelines: bool = True) -> list[str]:
    """Files (relative to ``root``) that ``write`` would change."""
    root = Path(root)
    out = []
    for rel, text in expected_files().items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    for path in content_files(root) if modelines else []:
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if with_modeline(text, modeline(rel) or "") != text:
            out.append(rel)
    return out


def write(root: Path | str, *, modelines: bool = True) -> list[str]:
    """Write the schema files and (with ``modelines``) the content files' first lines; return
    the files changed."""
    root = Path(root)
    changed = []
    for rel, text in expected_files().items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(rel)
    if modelines:
        for path in content_files(root):
            rel = path.relative_to(root).as_posix()
            data = path.read_bytes().decode("utf-8")
            new = with_modeline(data, modeline(rel) or "")
            if new != data:
                path.write_bytes(new.encode("utf-8"))
                changed.append(rel)
    return changed


def vscode_settings() -> dict:
    """The ``yaml.schemas`` setting: schema file -> the globs of the files it describes."""
    return {f"./{SCHEMA_DIR}/{name}": list(globs) for name, (_, _, globs) in KINDS.items()}
