"""The language commands of ``python -m generator``:

i18n-status  how much of the content is translated, per page and per kind of field
export       the text of one language into a gettext PO file for translators
import       a translated PO file back into the YAML (comments and layout kept)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.diagnostics import format_diagnostics
from generator.i18n import languages as i18n
from generator.i18n import translate
from generator.linking.link import link
from generator.pipeline import check
from generator.write import write_atomic


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("i18n-status", help="how much of the content is translated")
    p.add_argument("--lang", action="append", help="a language (default: every configured one but Chinese)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = sub.add_parser("export", help="untranslated (or all) text of one language into a PO file")
    p.add_argument("--lang", required=True, help="the target language, e.g. en")
    p.add_argument("--all", action="store_true", help="every text, also the translated ones")
    p.add_argument("-o", "--output", default="-", help="the PO file to write (default: standard output)")
    p = sub.add_parser("import", help="a translated PO file into content/")
    p.add_argument("po", help="the PO file")
    p.add_argument("--lang", default=None, help="the target language (default: the file's Language header)")


def _site(root: Path):
    result = check(root)
    if result.site is None or not result.ok():
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
        return None
    return result.site


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if args.command == "import":
        return _import(root, Path(args.po), args.lang)
    site = _site(root)
    if site is None:
        return 1
    if args.command == "export":
        po = translate.export(site, args.lang, all_text=args.all)
        text = str(po) + "\n"
        if args.output == "-":
            sys.stdout.write(text)
        else:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"exported {len(po)} texts for '{args.lang}' to {args.output}", file=sys.stderr)
        return 0
    # i18n-status
    langs = args.lang or [lang.code for lang in i18n.configured(root) if not lang.default]
    linked, _ = link(site)
    statuses = [i18n.status(site, lang, linked.order) for lang in langs]
    if args.format == "json":
        print(json.dumps([s.to_dict() for s in statuses], ensure_ascii=False, indent=2))
        return 0
    for st in statuses:
        kinds = st.kinds()
        width = max(len(p) for p in st.pages)
        print(f"{st.lang}: {_cell(st.total())} text fields translated "
              f"({st.total().percent:.0f}%, {st.total().chars_translated}/{st.total().chars_total} characters)")
        print(f"  still in the original: {st.outside_running_text().untranslated_share:.1f}% of the characters "
              f"outside running text (headings, captions, labels, notes, names), "
              f"{st.total().untranslated_share:.1f}% of all")
        print("  " + "page".ljust(width) + "".join(f"{k:>12}" for k in kinds) + f"{'all':>12}")
        for page_id, counts in st.pages.items():
            cells = "".join(f"{_cell(counts.get(k)):>12}" for k in kinds)
            print("  " + page_id.ljust(width) + cells + f"{_cell(st.page_total(page_id)):>12}")
        print("  " + "total".ljust(width) + "".join(f"{_cell(st.kind_total(k)):>12}" for k in kinds)
              + f"{_cell(st.total()):>12}")
    return 0


def _import(root: Path, po: Path, lang: str | None) -> int:
    """A PO file into the content, all or nothing: translations that would make the content
    invalid (a footnote's call no longer found, say) are reported and nothing is written."""
    site = _site(root)  # into valid content only: its errors would be taken for the import's
    if site is None:
        return 1
    before = {p: p.read_bytes() for p in (root / "content").rglob("*.yaml")}
    result = translate.import_po(root, po, lang, translatable=translate.places(site))
    if result.diagnostics:
        print(format_diagnostics(result.diagnostics), file=sys.stderr)
    if any(d.severity == "error" for d in result.diagnostics):
        return 1
    after = check(root)  # the written YAML must still be valid content
    if not after.ok():
        for path, data in before.items():
            if path.read_bytes() != data:
                write_atomic(path, data)
        print(format_diagnostics(d for d in after.diagnostics if d.severity == "error"), file=sys.stderr)
        print(f"nothing imported: the {result.lang} translations above would make the content invalid",
              file=sys.stderr)
        return 1
    print(f"imported {result.imported} {result.lang} translations into {len(result.files)} files "
          f"({result.unchanged} unchanged, {result.skipped} empty or fuzzy)", file=sys.stderr)
    return 0


def _cell(count: i18n.Count | None) -> str:
    if count is None or not count.total:
        return "-"
    return f"{count.translated}/{count.total}"
