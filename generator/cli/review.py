"""``python -m generator diff`` and ``review``: what a change to the content does, for a reviewer.

diff BASE [HEAD]   the plans compared as data (generator.review), as Markdown or JSON
review [BASE]      everything a pull request's workflow reports, in one run (see cmd_review)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from generator.review.diff import RevisionError, diff
from generator.review.report import markdown


def _write(text: str, out: str | None) -> None:
    if out is None or out == "-":
        sys.stdout.write(text)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def as_json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1) + "\n"


def cmd_diff(args: argparse.Namespace) -> int:
    try:
        result = diff(Path(args.root), args.base, args.head)
    except RevisionError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2
    text = as_json(result) if args.format == "json" else markdown(result, preview_url=args.preview_url)
    _write(text, args.output)
    if "errors" in result:
        print("diff: the plans cannot be compared: the content has errors (python -m generator check)",
              file=sys.stderr)
        return 1
    return 0


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    p = sub.add_parser("diff", help="what changed in the plan between two git revisions, as data")
    p.add_argument("base", nargs="?", default=None,
                   help="the revision to compare with (default: the default branch, origin/HEAD or main); "
                        "compared from where HEAD branched off it, like git diff BASE...HEAD")
    p.add_argument("head", nargs="?", default=None, help="the revision to compare (default: the working tree)")
    p.add_argument("--format", choices=("md", "json"), default="md", help="Markdown (default) or JSON")
    p.add_argument("-o", "--output", default=None, help="write to this file (default: standard output)")
    p.add_argument("--preview-url", default=None, help="the preview's address: Markdown links into it")
    return {"diff": cmd_diff} | add_review_command(sub)


def cmd_review(args: argparse.Namespace) -> int:
    """For a pull request's workflow: annotations, job summary, comment, and the comparison for
    the preview's changes page. Exit status as ``check``'s (1 when the content has errors)."""
    import os

    from generator.diagnostics import has_errors
    from generator.rendering.changes import ENV_CHANGES
    from generator.review import pullrequest
    from generator.review.diff import compare_revisions
    from generator.review.plans import default_base, merge_base

    root = Path(args.root).resolve()
    try:
        base = args.base or default_base(root)
        start = merge_base(root, base, None)
        result, head = compare_revisions(root, base, None)
        changed = pullrequest.changed_lines(root, start, result)
    except RevisionError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 2
    diags, usable = head.diagnostics, head.usable  # as `check` reports them
    for line in pullrequest.annotations(diags, changed):
        print(line)
    diff_md = markdown(result, preview_url=args.preview_url, heading="###")
    out = root / args.out
    _write(as_json(result), str(out / "changes.json"))
    _write(diff_md, str(out / "diff.md"))
    _write(pullrequest.comment_markdown(diags, changed, diff_md, args.preview_url, args.run_url),
           str(out / "comment.md"))
    summary_text = pullrequest.findings_markdown(diags, changed) + "\n" + diff_md
    summary_file = args.summary or os.environ.get("GITHUB_STEP_SUMMARY") or str(out / "summary.md")
    with open(summary_file, "a", encoding="utf-8") as f:  # a job summary is appended to
        f.write(summary_text + "\n")
    print(f"review: {len(diags)} finding(s); summary in {summary_file}, comment in {out / 'comment.md'}; "
          f"the preview's changes page: {ENV_CHANGES}={Path(args.out) / 'changes.json'} make site", file=sys.stderr)
    if not usable:
        return 2
    return 1 if has_errors(diags) else 0


def add_review_command(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:
    p = sub.add_parser("review", help="a pull request's annotations, job summary, comment and changes page")
    p.add_argument("base", nargs="?", default=None, help="the branch the pull request goes into "
                   "(default: the default branch); compared from where the working tree branched off it")
    p.add_argument("--summary", default=None,
                   help="the job summary to append to (default: $GITHUB_STEP_SUMMARY, else OUT/summary.md)")
    p.add_argument("--out", default="build/review",
                   help="folder for diff.md, comment.md and changes.json (default build/review)")
    p.add_argument("--preview-url", default=None, help="the preview's address, for links")
    p.add_argument("--run-url", default=None, help="the workflow run's address, for the comment")
    return {"review": cmd_review}
