"""References left behind by a renumbering done by hand: ``check`` compares the content with the
last commit (git's HEAD), finds the paragraphs, tables and figures whose text now stands under
another number, and warns about every cross-reference that still cites the old number (it now
lands on another text). `renumber` updates references itself; this catches the hand edit.

Outside a git work tree, or without a commit, there is nothing to compare with: no finding.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from generator.content.model import (
    DEFAULT_LANG,
    ParagraphBlock,
    Site,
    section_number,
    text_of,
    walk_blocks,
)
from generator.diagnostics import Diagnostic
from generator.editing.renumber import printed_like
from generator.linking.xrefs import find_xrefs, prose_fields

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False,
                             timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 else None


def _head_files(root: Path, folder: str) -> dict[str, Any]:
    """The YAML files of ``content/<folder>/`` as the last commit has them, parsed: by name."""
    listing = _git(root, "ls-tree", "--name-only", "--full-name", "HEAD", f"content/{folder}/")
    if not listing:
        return {}
    names = [n for n in listing.decode("utf-8", "replace").splitlines() if n.endswith(".yaml")]
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"HEAD:{n}\n" for n in names).encode("utf-8"))
    if batch is None:
        return {}
    out: dict[str, Any] = {}
    at = 0
    for name in names:
        header_end = batch.index(b"\n", at)
        header = batch[at:header_end].split()
        if len(header) < 3 or header[1] != b"blob":  # "<name> missing"
            at = header_end + 1
            continue
        size = int(header[2])
        body = batch[header_end + 1: header_end + 1 + size]
        at = header_end + 1 + size + 1
        try:
            out[Path(name).stem] = yaml.load(body.decode("utf-8"), Loader=_Loader)
        except (UnicodeDecodeError, yaml.YAMLError):
            continue  # a file broken in the last commit: nothing to compare with
    return out


def _head_paragraphs(pages: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}

    def walk(node: Any) -> None:
        if not isinstance(node, dict):
            return
        for block in node.get("blocks") or []:
            if isinstance(block, dict) and isinstance(block.get("paragraph"), str):
                out[block["paragraph"]] = text_of(block.get("text"))
        for section in node.get("sections") or []:
            walk(section)

    for data in pages.values():
        walk(data)
    return out


def _captions(files: dict[str, Any]) -> dict[str, str]:
    return {stem: text_of(d.get("caption")) for stem, d in files.items()
            if isinstance(d, dict) and isinstance(d.get("caption"), (str, dict))}


def _moved(before: dict[str, str], now: dict[str, str]) -> dict[str, str]:
    """number -> the number its text has now, for each text that changed number."""
    where_now: dict[str, str] = {}
    for number, text in now.items():
        where_now.setdefault(text, number)
    return {number: where_now[text] for number, text in before.items()
            if text and now.get(number) != text and where_now.get(text, number) != number}


def check_against_head(root: Path | str, site: Site) -> list[Diagnostic]:
    """A warning for each cross-reference whose target's text changed number since the last commit."""
    root = Path(root)
    if _git(root, "rev-parse", "--verify", "-q", "HEAD") is None:
        return []
    paragraphs_now = {b.paragraph: text_of(b.text) for p in site.pages.values()
                      for _, b, _ in walk_blocks(p) if isinstance(b, ParagraphBlock)}
    moved = {
        "paragraph": _moved(_head_paragraphs(_head_files(root, "pages")), paragraphs_now),
        "table": _moved(_captions(_head_files(root, "tables")),
                        {stem: text_of(t.caption) for stem, t in site.tables.items()}),
        "figure": _moved(_captions(_head_files(root, "figures")),
                         {stem: text_of(f.caption) for stem, f in site.figures.items()}),
    }
    if not any(moved.values()):
        return []
    section = section_number(site.plan.symbol) or ""
    out: list[Diagnostic] = []
    for prose in prose_fields(site):
        for lang in [DEFAULT_LANG] if isinstance(prose.text, str) else list(prose.text):
            try:
                found = find_xrefs(text_of(prose.text, lang), lang, section=section)
            except ValueError:  # a language without a cross-reference grammar
                continue
            for x in found:
                now = moved.get(x.kind, {}).get(x.number)
                if now is None:
                    continue
                src = site.source(prose.kind, prose.key)
                if src is None:
                    continue
                shown = printed_like(x.printed, now)
                out.append(src.diag(
                    prose.path if isinstance(prose.text, str) else prose.path + (lang,),
                    f"'{x.raw}' pointed, in the last commit, at the {x.kind} that is now {shown}: "
                    f"{x.kind} {x.printed} is now another one",
                    "warning",
                    f"if it still means that {x.kind}, cite {shown}; `renumber` updates references for you"))
    return out

