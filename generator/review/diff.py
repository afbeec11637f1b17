"""``diff``: the plan at one git revision against the plan at another (or the working tree)."""

from __future__ import annotations

from pathlib import Path

from generator.review import compare as compare_stage
from generator.review.plans import (
    Plan,
    RevisionError,
    checkout,
    commit_of,
    default_base,
    load_plan,
    merge_base,
)

WORKING_TREE = "working tree"


def _load(root: Path, commit: str | None) -> Plan:
    if commit is None:
        return load_plan(root)
    with checkout(root, commit) as folder:
        return load_plan(folder)


def _errors(plan: Plan) -> list[dict]:
    return [d.to_dict() for d in plan.diagnostics if d.severity == "error"]


def diff(root: Path, base: str | None = None, head: str | None = None) -> dict:
    """The changes from ``base`` to ``head`` as data (see :func:`compare_revisions`)."""
    return compare_revisions(root, base, head)[0]


def compare_revisions(root: Path, base: str | None = None, head: str | None = None) -> tuple[dict, Plan]:
    """The changes from ``base`` to ``head`` as data (see :mod:`generator.review.compare`).

    ``base`` defaults to the default branch; the comparison starts where ``head`` branched from
    it (their merge base), as ``git diff base...head`` does, so that what the base branch did since
    is not shown as undone. ``head`` defaults to the working tree. Raises :class:`RevisionError`
    for a revision git does not know. When either plan has content errors, the result says so
    under ``errors`` and compares nothing. Returns the changes and the head plan (its findings)."""
    root = root.resolve()
    base_ref = base or default_base(root)
    start = merge_base(root, base_ref, head)
    head_commit = commit_of(root, head) if head else None
    result: dict = {
        "base": {"ref": base_ref, "commit": start},
        "head": {"ref": head or WORKING_TREE, "commit": head_commit},
    }
    old, new = _load(root, start), _load(root, head_commit)
    if not (old.ok and new.ok):
        result["errors"] = {"base": _errors(old), "head": _errors(new)}
        return result, new
    result.update(compare_stage.compare(old, new))
    result["counts"] = compare_stage.counts(result)
    return result, new


__all__ = ["diff", "compare_revisions", "RevisionError", "WORKING_TREE"]
