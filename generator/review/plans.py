"""The plan at a git revision, as data: its content/ (and mkdocs.yml, which names the languages)
taken out of git into a temporary folder, then loaded, checked and linked as a build would."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.i18n import languages as i18n

CONTENT = "content"
CONFIG = "mkdocs.yml"
DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "main", "origin/master", "master")


class RevisionError(Exception):
    """A revision that git does not know, or a folder that is not in a git repository."""


def git(root: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise RevisionError(f"git is not available: {exc}") from None
    if out.returncode != 0:
        raise RevisionError(out.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return out.stdout if binary else out.stdout.decode("utf-8").strip()


def commit_of(root: Path, ref: str) -> str:
    return str(git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"))


def default_base(root: Path) -> str:
    """The default branch: origin's HEAD, else main (or master), locally or at origin."""
    for ref in DEFAULT_BRANCHES:
        try:
            commit_of(root, ref)
        except RevisionError:
            continue
        return ref
    raise RevisionError("no default branch (origin/HEAD, main or master): give the base revision")


def merge_base(root: Path, base: str, head: str | None) -> str:
    """The commit ``head`` (None: HEAD) branched from ``base``: a pull request's changes are what
    it adds since then, as in ``git diff base...head``."""
    return str(git(root, "merge-base", base, head or "HEAD"))


@dataclass
class Side:
    """One side of a comparison: its revision as asked for and the commit it is."""

    ref: str  # as given, or "working tree"
    commit: str | None  # None for the working tree


@contextmanager
def checkout(root: Path, commit: str) -> Iterator[Path]:
    """A temporary folder holding ``commit``'s content/ and mkdocs.yml (nothing else is read)."""
    prefix = str(git(root, "rev-parse", "--show-prefix"))
    with tempfile.TemporaryDirectory(prefix="plan-") as tmp:
        folder = Path(tmp)
        data = git(root, "archive", "--format=tar", f"--prefix={CONTENT}/", f"{commit}:{prefix}{CONTENT}",
                   binary=True)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:  # type: ignore[arg-type]
            tar.extractall(folder, filter="data")
        try:
            config = git(root, "show", f"{commit}:{prefix}{CONFIG}", binary=True)
        except RevisionError:  # a revision without a site configuration: the languages of today's
            config = (root / CONFIG).read_bytes() if (root / CONFIG).is_file() else b""
        if config:
            (folder / CONFIG).write_bytes(config)  # type: ignore[arg-type]
        yield folder


@dataclass
class Plan:
    """A plan as the build sees it: checked, linked, with every finding ``check`` reports."""

    linked: object | None  # generator.linking.link.Linked; None when the content has errors
    diagnostics: list[Diagnostic]
    languages: tuple[i18n.Language, ...]
    sources: dict[str, object]  # content file path -> generator.content.load.Source
    usable: bool = True  # False when there is nothing to check (no content, no plan)

    @property
    def ok(self) -> bool:
        return self.linked is not None


def load_plan(folder: Path) -> Plan:
    """Load, check and link the plan in ``folder``; the findings are those of ``check``."""
    from generator.content import validate
    from generator.diagnostics import has_errors
    from generator.linking import link
    from generator.pipeline import check

    languages = i18n.configured(folder)
    result = check(folder, languages=languages)
    diags = list(result.diagnostics)
    linked = None
    sources: dict[str, object] = {}
    if result.site is not None and not has_errors(diags):
        diags += validate.report(result.site)
        linked, more = link.link(result.site)
        diags += more
        content = result.site.content
        if content is not None:
            for src in [content.plan, content.mandates, *content.pages.values(),
                        *content.tables.values(), *content.figures.values()]:
                if src is not None:
                    sources[src.path] = src
    return Plan(linked, diags, languages, sources, result.usable)
