"""Stage 5, write: rendered pages -> the generated docs folder (build/docs/).

Atomic, minimal, exact and deterministic:

* nothing is written unless every page was rendered (the pipeline renders all pages first), and
  every changed file is first staged as a temporary file beside its target; only when all of them
  are staged are they renamed over their targets. A failure while staging (a full disk, a page
  that cannot be encoded) leaves the folder as it was; a crash at any point leaves no half-written
  file, only whole old or whole new ones (and at worst dot-named temporary files, which MkDocs
  ignores and the next run removes);
* a file whose bytes did not change is not touched, so ``mkdocs serve`` does not see a change
  and loop;
* files the generator no longer produces are removed;
* the output depends only on the input: no timestamps, sorted order.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".generated"  # the docs folder is entirely ours: this file says so


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def _discard(staged: list[tuple[str, Path, Path]]) -> None:
    for _, tmp, _ in staged:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file atomically: readers see the old bytes or the new ones, never a mix."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard([("", tmp, path)])
        raise


def write(pages: dict[str, str], out_dir: Path | str, keep: Collection[str] = ()) -> WriteResult:
    """Write ``{relative path: text}`` into ``out_dir``; remove every other file in it but those
    in ``keep`` (when ``pages`` are only the pages that changed: the others, as they are)."""
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
        if not rel_path.parts or rel_path.is_absolute() or ".." in rel_path.parts:
            raise ValueError(f"refusing to write outside the docs folder: {rel}")
        wanted[rel_path.as_posix()] = text.encode("utf-8")  # may fail: before anything is written
    staged: list[tuple[str, Path, Path]] = []
    try:
        for rel in sorted(wanted):
            target = out / rel
            data = wanted[rel]
            if target.is_file() and target.read_bytes() == data:
                result.unchanged.append(rel)
                continue
            staged.append((rel, _stage(target, data), target))
        while staged:
            rel, tmp, target = staged[0]
            os.replace(tmp, target)
            staged.pop(0)
            if rel != MARKER:
                result.written.append(rel)
    except BaseException:
        _discard(staged)
        raise
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted and rel not in keep:
            path.unlink()
            result.removed.append(rel)
    result.removed.sort()
    return result
