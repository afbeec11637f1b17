"""``python -m generator <command>``.

check        validate content/ and print diagnostics (exit 0 clean, 1 errors, 2 unusable input)
build        check, then write the Markdown pages into build/docs/ (what `mkdocs build` does first)
site         check, then build the whole site into site/ (a failed build leaves site/ as it was)
schema       the JSON Schemas of the content files: --check (default) or --write
i18n-status  how much of the content is translated, per page and per kind of field
export       text of one language into a gettext PO file; import: a translated PO file back
bundle       the offline bundle: the site for file://, zipped into dist/<symbol>_<date>.zip
serve        the live preview: rebuilds only what a save changed
diff         what changed in the plan between two git revisions; review: a pull request's report
renumber     insert, remove or move a paragraph, table or figure; renumber the rest, update references

A command is a function ``(args) -> exit status`` registered with its arguments below.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.cli import editing as editing_cli
from generator.cli import i18n as i18n_cli
from generator.cli import review as review_cli
from generator.diagnostics import (
    Diagnostic,
    GeneratorError,
    diagnostics_github,
    diagnostics_json,
    format_diagnostics,
    has_errors,
    summary,
)
from generator.engine import bundle, sitebuild, versions
from generator.pipeline import DOCS_DIR, build, check

Command = Callable[[argparse.Namespace], int]

# the commands that run the site engine: it must be the version generator/engine/ knows
ENGINE_COMMANDS = ("site", "serve", "bundle")


# --------------------------------------------------------------------------- check


def run_check(root: Path) -> tuple[list[Diagnostic], bool]:
    """Everything ``check`` reports, and whether there was content to check at all."""
    from generator.content import validate
    from generator.editing import moved
    from generator.linking import checks

    result = check(root)
    diags = list(result.diagnostics)
    if result.site is not None and not has_errors(diags):
        diags += (validate.report(result.site) + checks.report(result.site)
                  + moved.check_against_head(root, result.site))
    return diags, result.usable


def print_diagnostics(diags: list[Diagnostic], fmt: str, verbose: bool = False) -> None:
    shown = diags if verbose or fmt == "json" else [d for d in diags if d.severity != "info"]
    if fmt == "json":
        print(diagnostics_json(shown))
    elif fmt == "github":
        if shown:
            print(diagnostics_github(shown))
    elif shown:
        print(format_diagnostics(shown), file=sys.stderr)
    if fmt != "json":
        hidden = len(diags) - len(shown)
        more = f" ({hidden} info hidden: --verbose shows them)" if hidden else ""
        print(f"checked content: {summary(diags)}{more}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    diags, usable = run_check(Path(args.root))
    print_diagnostics(diags, args.format, args.verbose)
    if not usable:
        return 2
    return 1 if has_errors(diags, args.strict) else 0


# --------------------------------------------------------------------------- build, site


def cmd_build(args: argparse.Namespace) -> int:
    root = Path(args.root)
    try:
        pages, diags = build(root, args.out, strict=args.strict,
                             use_directory_urls=args.directory_urls)
    except GeneratorError as exc:
        print(format_diagnostics(exc.diagnostics), file=sys.stderr)
        return 1 if check(root).usable else 2
    if diags:
        print(format_diagnostics(diags), file=sys.stderr)
    print(f"generated {len(pages)} pages into {args.out or DOCS_DIR}", file=sys.stderr)
    return 0


def source_date_epoch(root: Path) -> str | None:
    """SOURCE_DATE_EPOCH if set, else the last commit's date: every date MkDocs prints (the
    sitemap's) comes from it, so two builds of the same commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=False)
    except OSError:
        return None
    value = out.stdout.strip()
    return value if out.returncode == 0 and value.isdigit() else None


def refused(diags: list[Diagnostic], usable: bool, what: str) -> int:
    """Print why ``what`` is not built; the exit status (1 errors, 2 unusable input)."""
    print(format_diagnostics([d for d in diags if d.severity == "error"] or diags), file=sys.stderr)
    print(f"{what} not built: {summary(diags)}", file=sys.stderr)
    return 1 if usable else 2


def refuse_broken_content(root: Path, what: str) -> int | None:
    """Check the content before building ``what``: on errors print them and return the exit
    status; None when the content is good to build."""
    result = check(root)
    return None if result.ok() else refused(result.diagnostics, result.usable, what)


def cmd_site(args: argparse.Namespace) -> int:
    """The site into a temporary folder beside site/ (generator.engine.sitebuild: the generator, and one
    MkDocs process per language), swapped in only when the build succeeded."""
    root = Path(args.root).resolve()
    site = (root / args.site_dir).resolve()
    tmp = site.with_name(f".{site.name}.new")
    old = site.with_name(f".{site.name}.old")
    for leftover in (tmp, old):
        shutil.rmtree(leftover, ignore_errors=True)
    env = dict(os.environ)
    epoch = source_date_epoch(root)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    try:
        built = sitebuild.build_site(root, tmp, env)
    except GeneratorError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return refused(exc.diagnostics, check(root).usable, f"site ({args.site_dir}/ is unchanged)")
    if not built:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"site not built: mkdocs failed; {args.site_dir}/ is unchanged", file=sys.stderr)
        return 1
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"built the site into {args.site_dir}/", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.engine import serve  # MkDocs' build and server: imported only for this command

    host, _, port = args.dev_addr.rpartition(":")
    return serve.serve(Path(args.root).resolve(), host or "127.0.0.1", int(port))


# --------------------------------------------------------------------------- schema


def cmd_bundle(args: argparse.Namespace) -> int:
    """The offline bundle (generator.engine.bundle): the site for file://, zipped."""
    root = Path(args.root).resolve()
    status = refuse_broken_content(root, "bundle")
    if status is not None:
        return status
    site_model = check(root).site
    assert site_model is not None  # the check found no errors
    epoch_text = source_date_epoch(root)
    if epoch_text is None:
        print("note: neither SOURCE_DATE_EPOCH nor a git commit: the bundle is dated now",
              file=sys.stderr)
    epoch = int(epoch_text) if epoch_text else int(time.time())
    name = bundle.bundle_name(site_model.plan.symbol, epoch)
    out_dir = Path(args.out) if Path(args.out).is_absolute() else root / args.out
    with tempfile.TemporaryDirectory(prefix="bundle-") as tmp:
        site = Path(tmp) / name
        if not bundle.build_offline_site(root, site, epoch):
            print("bundle not built: mkdocs failed", file=sys.stderr)
            return 1
        if not (site / "search" / "search_index.js").is_file():
            print("bundle not built: no search/search_index.js: is the offline plugin in mkdocs.yml, "
                  f"enabled by {bundle.ENV_SWITCH}?", file=sys.stderr)
            return 1
        remote = bundle.remote_resources(site)
        if remote:
            for line in remote:
                print(f"{line}: error: loaded from another host; the bundle must work without a network",
                      file=sys.stderr)
            print(f"bundle not built: {len(remote)} remote resource(s)", file=sys.stderr)
            return 1
        dest = out_dir / f"{name}.zip"
        count = bundle.write_zip(site, dest, name, epoch)
    shown = dest.relative_to(root) if dest.is_relative_to(root) else dest
    print(f"bundled {count} files into {shown} ({dest.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.content import schema

    root = Path(args.root)
    if args.write:
        changed = schema.write(root, modelines=not args.no_modelines)
        for rel in changed:
            print(f"wrote {rel}", file=sys.stderr)
        print(f"schema: {len(changed)} file(s) changed", file=sys.stderr)
        return 0
    stale = schema.stale(root, modelines=not args.no_modelines)
    for rel in stale:
        print(f"{rel}: error: out of date (run `python -m generator schema --write`)", file=sys.stderr)
    return 1 if stale else 0


# --------------------------------------------------------------------------- registration


def _register(sub: argparse._SubParsersAction) -> dict[str, Command]:
    p = sub.add_parser("check", help="validate content/")
    p.add_argument("--strict", action="store_true", help="warnings are errors")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text (compiler style), json, or GitHub Actions annotations")
    p.add_argument("-v", "--verbose", action="store_true", help="also show info (translations)")

    p = sub.add_parser("build", help="generate the Markdown pages")
    p.add_argument("--strict", action="store_true", help="warnings are errors")
    p.add_argument("--out", default=None, help=f"output folder (default {DOCS_DIR})")
    p.add_argument("--directory-urls", action="store_true", help="links for use_directory_urls: true")

    p = sub.add_parser("site", help="build the site (mkdocs build --strict), swapped in on success")
    p.add_argument("--site-dir", default="site", help="the site folder (default site)")

    p = sub.add_parser("schema", help="JSON Schemas of the content files")
    p.add_argument("--write", action="store_true",
                   help="write schema/*.json and the content files' yaml-language-server lines")
    p.add_argument("--no-modelines", action="store_true", help="leave the content files alone")

    commands: dict[str, Command] = {
        "check": cmd_check, "build": cmd_build, "site": cmd_site, "schema": cmd_schema,
    }
    i18n_cli.add_commands(sub)
    commands.update({name: i18n_cli.run for name in ("i18n-status", "export", "import")})
    p = sub.add_parser("bundle", help="the offline bundle: the site for file://, zipped into dist/")
    p.add_argument("--out", default=bundle.DIST_DIR, help=f"folder of the zip (default {bundle.DIST_DIR})")
    commands["bundle"] = cmd_bundle
    p = sub.add_parser("serve", help="live preview that rebuilds only what a save changed")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="where to serve (default 127.0.0.1:8000)")
    commands["serve"] = cmd_serve
    commands.update(review_cli.add_commands(sub))
    commands[editing_cli.add_command(sub)] = editing_cli.run
    return commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the project root (holding content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    commands = _register(sub)
    args = parser.parse_args(argv)
    if args.command in ENGINE_COMMANDS:
        try:
            versions.require()
        except versions.EngineVersionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return commands[args.command](args)

