"""Diagnostics: the one way every stage reports a problem to an editor.

A diagnostic points at a place in a content file and prints like a compiler message::

    content/pages/subprogramme-1.yaml:42:7: error: unknown key 'titel' (did you mean 'title'?)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int = 0
    column: int = 0
    severity: Severity = "error"
    message: str = ""
    hint: str | None = None

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class GeneratorError(Exception):
    """Raised when a stage cannot go on; carries the diagnostics that explain why."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return format_diagnostics(self.diagnostics)


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    bad = {"error", "warning"} if strict else {"error"}
    return any(d.severity in bad for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.severity, d.message))


def format_diagnostics(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in sort_diagnostics(diagnostics))


def diagnostics_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(
        [d.to_dict() for d in sort_diagnostics(diagnostics)], ensure_ascii=False, indent=2
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github_annotation(d: Diagnostic) -> str:
    """One GitHub Actions workflow command: the finding shows on the pull request's diff."""
    props = [f"file={_escape_property(d.file)}"]
    if d.line:
        props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
    props.append(f"title={_escape_property('content ' + d.severity)}")
    text = d.message + (f" (hint: {d.hint})" if d.hint else "")
    return f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_escape_data(text)}"


def diagnostics_github(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(github_annotation(d) for d in sort_diagnostics(diagnostics))


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    ds = list(diagnostics)
    n_err = sum(d.severity == "error" for d in ds)
    n_warn = sum(d.severity == "warning" for d in ds)
    n_info = sum(d.severity == "info" for d in ds)
    text = f"{n_err} error(s), {n_warn} warning(s)"
    return text + (f", {n_info} info" if n_info else "")
