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
    return {"diff": cmd_diff}
