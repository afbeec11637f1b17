"""Stage 5, write: rendered pages -> the generated docs folder (build/docs/).

Atomic (each file is written to a temporary file beside it, then renamed over), minimal (a file
whose bytes did not change is not touched, so ``mkdocs serve`` does not see a change and loop),
and exact (files the generator no longer produces are removed). The output depends only on the
input: no timestamps, sorted order.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".generated"  # the docs folder is entirely ours: this file says so


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write(pages: dict[str, str], out_dir: Path | str) -> WriteResult:
    """Write ``{relative path: text}`` into ``out_dir``; remove every other file in it."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    if any(out.iterdir()) and not marker.exists():
        raise RuntimeError(
            f"{out} is not empty and was not made by the generator; refusing to write into it"
        )
    result = WriteResult()
    wanted = {MARKER: b"generated from content/ by `python -m generator build`; do not edit\n"}
    for rel, text in pages.items():
        rel_path = Path(rel)
        if rel_path.is_absolute() or ".." in rel_path.parts:
            raise ValueError(f"refusing to write outside the docs folder: {rel}")
        wanted[rel_path.as_posix()] = text.encode("utf-8")
    for rel in sorted(wanted):
        target = out / rel
        data = wanted[rel]
        if target.is_file() and target.read_bytes() == data:
            result.unchanged.append(rel)
            continue
        write_atomic(target, data)
        if rel != MARKER:
            result.written.append(rel)
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted:
            path.unlink()
            result.removed.append(rel)
    result.removed.sort()
    return result
