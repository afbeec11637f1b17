"""``python -m generator renumber``: insert, remove or move a paragraph, table or figure; the
ones after it are renumbered and every reference to them updated (generator.editing.renumber).

    python -m generator renumber paragraph --insert-after 14.47 --text "本次级方案……" [--translation en="…"]
    python -m generator renumber paragraph --remove 14.48
    python -m generator renumber paragraph --move 14.50 --after 14.47
    python -m generator renumber table --insert-after 14.16 --file new-table.yaml
    python -m generator renumber figure --remove 14.十八
    … --dry-run   print what would change, write nothing

Exit status: 0 done (or nothing to do), 1 refused (the content has errors, or the edit would
leave some: nothing is written), 2 unusable input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.content.model import DEFAULT_LANG
from generator.diagnostics import errors, format_diagnostics
from generator.editing import renumber


def add_command(sub: argparse._SubParsersAction) -> str:
    p = sub.add_parser("renumber", help="insert, remove or move a paragraph, table or figure, renumbering the rest",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=renumber.KINDS)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--insert-after", metavar="N", help="insert a new one after N")
    what.add_argument("--remove", metavar="N", help="remove N")
    what.add_argument("--move", metavar="N", help="move N (to the place --after names)")
    p.add_argument("--after", metavar="M", help="with --move: the one it comes after")
    p.add_argument("--text", help="the new paragraph's text (Chinese)")
    p.add_argument("--translation", action="append", default=[], metavar="LANG=TEXT",
                   help="its text in another language (repeatable): --translation en=\"The ...\"")
    p.add_argument("--file", type=Path, help="the new table's or figure's YAML file")
    p.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    return "renumber"


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not (root / "content").is_dir():
        print("content: error: the content folder does not exist", file=sys.stderr)
        return 2
    translations = dict(t.split("=", 1) for t in args.translation if "=" in t)
    text = {DEFAULT_LANG: args.text, **translations} if args.text and translations else args.text
    try:
        result = renumber.plan(root, args.kind, insert_after=args.insert_after, remove=args.remove,
                               move=args.move, after=args.after, text=text, new_file=args.file)
    except renumber.RenumberError as exc:
        print(format_diagnostics(exc.diagnostics), file=sys.stderr)
        print("renumber: nothing written", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename}: error: {exc.strerror}", file=sys.stderr)
        return 2
    for change in result.changes:
        print(change.format())
    for rel in result.removed_files:
        print(f"content/{rel}: (file removed)")
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
    renamed = renumber.describe(result.numbers)
    summary = f"{args.kind}s renumbered: {renamed or 'none'}; {len(result.files)} file(s)"
    # a dry run answers as the edit would: the result is checked the same way, only not written
    found = renumber.trial(root, result)
    if found:
        if not errors(result.diagnostics):  # else printed above already
            print(format_diagnostics(found), file=sys.stderr)
        print(f"renumber: nothing {'would be ' if args.dry_run else ''}written "
              "(the edit would leave these errors)", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"dry run: {summary} would change", file=sys.stderr)
        return 0
    renumber.write(root, result)
    print(f"{summary} written", file=sys.stderr)
    return 0
