"""``python -m generator check|build``.

check  validate content/ and print diagnostics (exit 0 clean, 1 errors, 2 unusable input)
build  check, then write the Markdown pages into build/docs/ (what `mkdocs build` does first)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import GeneratorError, diagnostics_json, format_diagnostics, has_errors, summary
from .pipeline import DOCS_DIR, build, check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the project root (holding content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate content/")
    p_check.add_argument("--strict", action="store_true", help="warnings are errors")
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_build = sub.add_parser("build", help="generate the Markdown pages")
    p_build.add_argument("--strict", action="store_true", help="warnings are errors")
    p_build.add_argument("--out", default=None, help=f"output folder (default {DOCS_DIR})")
    p_build.add_argument("--directory-urls", action="store_true",
                         help="links for use_directory_urls: true")
    args = parser.parse_args(argv)
    root = Path(args.root)

    if args.command == "check":
        result = check(root)
        if args.format == "json":
            print(diagnostics_json(result.diagnostics))
        else:
            if result.diagnostics:
                print(format_diagnostics(result.diagnostics), file=sys.stderr)
            print(f"checked content: {summary(result.diagnostics)}", file=sys.stderr)
        if not result.usable:
            return 2
        return 1 if has_errors(result.diagnostics, args.strict) else 0

    try:
        pages, diags = build(root, args.out, strict=args.strict,
                             use_directory_urls=args.directory_urls)
    except GeneratorError as exc:
        print(format_diagnostics(exc.diagnostics), file=sys.stderr)
        usable = check(root).usable
        return 1 if usable else 2
    if diags:
        print(format_diagnostics(diags), file=sys.stderr)
    print(f"generated {len(pages)} pages into {args.out or DOCS_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
