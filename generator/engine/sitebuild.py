"""The site build: one MkDocs process per language, side by side, while the generator writes the
pages; then the languages merged into one site.

MkDocs builds in one process, and the i18n plugin builds the languages one after the other: on
a machine with several cores all but one wait. Here each language is built by its own ``mkdocs
build --strict`` into its own folder (the hook, told by :data:`ENV_LANGUAGE`, makes the i18n plugin
build that language only). The processes start at once, and while they start up (Python, MkDocs,
the theme, jieba's dictionary: a second or more) the generator writes every language's pages;
each process waits for them (:data:`ENV_WAIT_FOR_PAGES`: a line on its standard input) before it
reads the docs folder. The parts are then merged into one site:

* the default language's build is the site (theme assets, 404 page, the language at the root);
* every other language's folder (``en/``) comes from its own build;
* the search index holds every language's entries, one file a language (``search/<lang>.js``,
  written by generator.engine.searchindex, as a single build writes them);
* the sitemap lists every language's pages (each build lists its own, with every language's
  alternates), and a copy goes beside each language for Material's language switch.

The result is the site a single ``mkdocs build`` writes (a test compares them), in about half the
time on two cores (``make bench`` measures both).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from generator import pipeline
from generator.diagnostics import format_diagnostics
from generator.engine import searchindex
from generator.i18n import languages as i18n

ENV_LANGUAGE = "PLAN_BUILD_LANGUAGE"  # the one language a build process builds
ENV_WAIT_FOR_PAGES = "PLAN_WAIT_FOR_PAGES"  # the generator is writing the pages: wait for "go"
GO = b"go\n"

SEARCH_INDEX = searchindex.INDEX_JSON
SITEMAP = "sitemap.xml"
_URLSET_END = "</urlset>"
_URL_ENTRY = re.compile(r"[ \t]*<url>.*?</url>\n?", re.S)


def language_of_process() -> str | None:
    return os.environ.get(ENV_LANGUAGE) or None


def pages_are_coming() -> bool:
    """In a build process of the site build: the generator writes the pages, not this process."""
    return os.environ.get(ENV_WAIT_FOR_PAGES) == "1"


def wait_for_pages() -> bool:
    """In a build process: wait until the site build says the pages are written; False when it
    stopped instead (its generator failed: it reports why)."""
    return sys.stdin.buffer.readline() == GO


def generate_pages(root: Path) -> None:
    """The generator into the docs folder, for a site build: its warnings printed, its errors
    raised (:class:`generator.diagnostics.GeneratorError`)."""
    _, diags = pipeline.build(root)
    if diags:
        print(format_diagnostics(diags), file=sys.stderr)


def build_site(root: Path, out: Path, env: Mapping[str, str]) -> bool:
    """Every language of ``root`` by its own ``mkdocs build --strict``, side by side, merged into
    ``out`` (which must not exist), with the generator writing the docs folder while the
    processes start. A content error (:class:`generator.diagnostics.GeneratorError`) stops them
    and comes through. MkDocs' own messages go to this process's stderr; returns whether every
    build succeeded."""
    languages = i18n.configured(root)
    multilingual = i18n.multilingual(languages)
    parts = out.with_name(f"{out.name}.parts")
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    (root / pipeline.DOCS_DIR).mkdir(parents=True, exist_ok=True)  # MkDocs' configuration wants it
    try:
        sites = {lang.code: (parts / lang.code if multilingual else out) for lang in languages}
        procs = {code: _start_build(root, site, env, code if multilingual else None)
                 for code, site in sites.items()}
        try:
            generate_pages(root)
        except BaseException:
            for proc in procs.values():
                proc.kill()
                proc.wait()
            raise
        for proc in procs.values():
            try:
                proc.stdin.write(GO)
                proc.stdin.close()
            except BrokenPipeError:  # it failed before it waited: its exit status says so
                pass
        ok = all([proc.wait() == 0 for proc in procs.values()]) and all(s.is_dir() for s in sites.values())
        if ok and multilingual:
            merge(sites, next(lang.code for lang in languages if lang.default), out)
        return ok
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def _start_build(root: Path, site: Path, env: Mapping[str, str], language: str | None) -> subprocess.Popen:
    extra = {ENV_WAIT_FOR_PAGES: "1"} | ({ENV_LANGUAGE: language} if language else {})
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.Popen(command, cwd=root, env={**env, **extra}, stdin=subprocess.PIPE)


def merge(parts: Mapping[str, Path], default: str, out: Path) -> None:
    """One site at ``out`` from one build per language (``parts``: language -> its site)."""
    base = parts[default]
    others = [code for code in parts if code != default]
    entries: list[dict] = []
    config = None
    sitemaps: list[str] = []
    for code in (default, *others):
        index = json.loads((parts[code] / SEARCH_INDEX).read_text(encoding="utf-8"))
        config = config or index["config"]
        entries += index["docs"]
        sitemap = parts[code] / SITEMAP
        if sitemap.is_file():
            sitemaps.append(sitemap.read_text(encoding="utf-8"))
    for code in others:
        shutil.move(parts[code] / code, base / code)
    write_search_index(base, config, entries)
    if sitemaps:
        write_sitemap([base, *(base / code for code in others)], merge_sitemaps(sitemaps))
    base.rename(out)


def write_search_index(site: Path, config: object, entries: list[dict],
                       caches: dict[str, searchindex.EntriesJson] | None = None) -> None:
    """The search index of every language: one file a language (generator.engine.searchindex)."""
    searchindex.write_indexes(site, config, entries, caches)


def write_sitemap(folders: list[Path], text: str) -> None:
    """The sitemap of every language into each of ``folders`` (the site's root first), gzipped
    too, with the date MkDocs put in the first folder's gzip header."""
    data = text.encode("utf-8")
    mtime = _gzip_mtime(folders[0] / f"{SITEMAP}.gz")
    for folder in folders:
        (folder / SITEMAP).write_bytes(data)
        _gzip(folder / f"{SITEMAP}.gz", data, mtime)


def merge_sitemaps(sitemaps: list[str]) -> str:
    """The first sitemap with the ``<url>`` entries of the others appended, each once."""
    head, end, tail = sitemaps[0].rpartition(_URLSET_END)
    seen = set(_URL_ENTRY.findall(head))
    extra = [entry for text in sitemaps[1:] for entry in _URL_ENTRY.findall(text) if entry not in seen]
    return head + "".join(extra) + end + tail


def _gzip_mtime(path: Path) -> int:
    """The time in a gzip file's header: MkDocs puts the build's date there (SOURCE_DATE_EPOCH's)."""
    return struct.unpack("<I", path.read_bytes()[4:8])[0] if path.is_file() else 0


def _gzip(path: Path, data: bytes, mtime: int) -> None:
    """Write ``data`` gzipped as MkDocs writes ``sitemap.xml.gz``."""
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(path), mode="wb", mtime=mtime) as gz:
        gz.write(data)
