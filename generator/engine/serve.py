"""``python -m generator serve`` (``make serve``): the live preview, rebuilding what a save changed.

``mkdocs serve`` rebuilds the whole site on every save: a new configuration, and every page of
every language converted, put in its template and indexed again (3 to 4 s for this plan). Here
each language's build stays in memory between saves (its configuration, files, navigation,
template environment, pages and search entries: a :class:`LanguageBuild`), and a save costs what
it changed:

1. the generator runs again, each language in a process of its own that keeps its stages'
   results from one save to the next (:class:`Renderer`, :class:`generator.incremental.Generation`):
   a content file whose bytes did not change is not parsed or modelled again, the content is
   checked, and only the pages the change shows on are rendered again (the dependency map is
   :mod:`generator.incremental`'s); the Markdown pages whose bytes changed are written
   (:mod:`generator.write`);
2. each language converts and templates again only those pages, and its print page when one of
   them is a chapter of it (joining again only the chapters that changed); the search index swaps
   those pages' entries (and writes again only their JSON);
3. the browser reloads: MkDocs' livereload server serves the site and tells the open pages.

Everything is rebuilt (new configurations, every page) when a save changes more than pages: a
page added or removed or its title changed (the navigation shows titles), plan.yaml or the
interface strings, mkdocs.yml, overrides/ or the generator's templates; and when the content goes
from good to broken or back, since the error banner (:mod:`generator.engine.preview`) is on every page.
The terminal says why each time.

Every language is built into the one served folder: the default language first, which empties it,
then each other one with MkDocs' ``dirty`` build, which writes into the folder without emptying it
(and, its pages all missing, builds them all). One search index and one sitemap for all the
languages are then written, as the site build merges them (:mod:`generator.engine.sitebuild`).

A change to the generator's Python code needs a restart, as with ``mkdocs serve``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from watchdog.utils.dirsnapshot import DirectorySnapshot

from generator import incremental, pipeline, write
from generator.diagnostics import GeneratorError
from generator.engine import searchindex, sitebuild
from generator.engine.preview import STATE as PREVIEW
from generator.i18n import languages as i18n
from generator.rendering import printing

log = logging.getLogger("mkdocs.generator.engine.serve")

POLLING_INTERVAL = 0.1  # seconds between two looks at the watched files (mkdocs serve: 0.5)
# at most this share of one core goes to looking at the watched files (a look at a large plan's
# thousands of files takes tens of milliseconds: then the looks are further apart)
POLLING_SHARE = 0.2
SEARCH_PLUGIN = "material/search"
# What a save may change and still be rebuilt page by page: content/ but for these
STRUCTURE_IN_CONTENT = ("plan.yaml", "strings")


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave the navigation inaccurate: true of pages skipped
    as up to date, not of a language whose pages are all built (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirty())


class _Recorder(BasePlugin):
    """What MkDocs made while building one language, kept for the rebuilds of single pages."""

    files: Any = None
    nav: Any = None
    env: Any = None

    @event_priority(-200)  # after the i18n plugin (-100) made the language's files and navigation
    def on_files(self, files, config):
        self.files = files

    @event_priority(-200)
    def on_nav(self, nav, config, files):
        self.nav = nav

    @event_priority(-200)
    def on_env(self, env, config, files):
        self.env = env


class LanguageBuild:
    """One language of the site, built in full once, then page by page."""

    def __init__(self, root: Path, site_dir: Path, serve_url: str, language: i18n.Language,
                 into_existing: bool):
        self.language = language
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
        config.site_url = serve_url
        plugin = config.plugins.get("i18n")
        if plugin is not None:
            plugin.current_language = language.code
            # what the plugin sets while it builds its other languages: this language only, and
            # the generator's hook leaves the pages alone (the preview wrote them)
            plugin.building = True
        self.recorder = _Recorder()
        config.plugins["generator-preview"] = self.recorder
        self.config = config
        mkdocs_build(config, serve_url=serve_url, dirty=into_existing)
        # the search plugin keeps one instance for every configuration of the process (it has an
        # on_startup event): its index of this language is kept here, and put back for a rebuild
        search = config.plugins.get(SEARCH_PLUGIN)
        self.search_index = search.search_index if search is not None else None
        self.search_config = None
        if self.search_index is not None:
            self.search_config = {k: search.config[k] for k in ("lang", "separator", "pipeline", "fields")}
        self.by_source = {os.path.normpath(f.abs_src_path): f for f in self.recorder.files
                          if f.abs_src_path is not None}
        self.print_pages = [f.page for f in self.recorder.files.documentation_pages()
                            if f.page is not None and printing.CHAPTERS_KEY in f.page.meta]

    def file_at(self, path: Path) -> File | None:
        return self.by_source.get(os.path.normpath(path))

    def rebuild(self, files: Iterable[File]) -> bool:
        """Build these files' pages again (copy the others); False when that is not enough and
        the whole site must be built again (a page's title changed: it is in every page's
        navigation)."""
        files = list(files)
        pages = [f.page for f in files if f.page is not None]
        for page in pages:
            title = page.title
            _populate_page(page, self.config, self.recorder.files)
            if page.title != title:
                return False
        if pages:
            # the print page joins its chapters' HTML into its own (the hook): made again from its
            # Markdown, so that what its build goes over is its own HTML, not the last joined page
            for page in [p for p in self.print_pages if p not in pages]:
                _populate_page(page, self.config, self.recorder.files)
                pages.append(page)
        search = self.config.plugins.get(SEARCH_PLUGIN)
        if search is not None:
            search.search_index = self.search_index
        doc_files = self.recorder.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        index = self.search_index
        entries = index.entries if index is not None else []
        fresh: dict[str, list[dict]] = {}  # each page's new search entries (the search plugin adds them)
        try:
            for page in pages:
                if index is not None:
                    index.entries = fresh.setdefault(page.url, [])
                _build_page(page, self.config, doc_files, self.recorder.nav, self.recorder.env)
        finally:
            if index is not None:
                index.entries = _spliced(entries, fresh)
        for f in files:
            if f.page is None:
                f.copy_file()
        return True


def _spliced(entries: list[dict], fresh: dict[str, list[dict]]) -> list[dict]:
    """``entries`` with the entries of each page of ``fresh`` (by URL) where its old ones were (at
    the end for a page that had none)."""
    out: list[dict] = []
    for entry in entries:
        url = entry["location"].partition("#")[0]
        new = fresh.get(url)
        if new is None:
            out.append(entry)
        elif new:
            out += new
            fresh[url] = []  # placed
    return out + [e for new in fresh.values() for e in new]


# A process of the preview's renderer: its language's generation, kept from one save to the next
_GENERATIONS: dict[tuple[Path, str], incremental.Generation] = {}


def _exit_with_parent() -> None:
    """In a renderer process: end when the preview's process is gone, however it ended."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _generate_language(root: Path, languages: tuple[i18n.Language, ...], code: str,
                       structural: str | None) -> incremental.Update | GeneratorError:
    """In a renderer process: what changed in the pages of one language (the content loaded,
    checked and linked there too), or the content's errors."""
    generation = _GENERATIONS.get((root, code))
    if generation is None:
        generation = _GENERATIONS[(root, code)] = incremental.Generation(root, languages, code)
    try:
        return generation.generate(structural)
    except GeneratorError as exc:
        return exc


class Renderer:
    """The generator's stages for the preview, each language in a process of its own that keeps
    its generation between saves (:class:`generator.incremental.Generation`): rendering is most
    of the generator's time, and the languages are independent (each process loads, checks and
    links the content too, which costs a fraction of rendering one language)."""

    def __init__(self, root: Path, languages: tuple[i18n.Language, ...]):
        self.root = root
        self.languages = languages
        # one process a language, always the same one; spawned, not forked: the server's threads are running
        self.pools = {lang.code: ProcessPoolExecutor(max_workers=1, initializer=_exit_with_parent,
                                                     mp_context=multiprocessing.get_context("spawn"))
                      for lang in languages}

    def generate(self, structural: str | None = None) -> list[incremental.Update]:
        """Each language's :class:`generator.incremental.Update`; raises :class:`GeneratorError`
        when the content has errors. ``structural``: why every page must be rendered again."""
        futures = [self.pools[lang.code].submit(_generate_language, self.root, self.languages, lang.code,
                                                structural)
                   for lang in self.languages]
        updates = []
        for future in futures:
            result = future.result()
            if isinstance(result, GeneratorError):
                raise result
            updates.append(result)
        return updates

    def close(self) -> None:
        for pool in self.pools.values():
            pool.shutdown(cancel_futures=True)


class Preview:
    """The served folder, the languages' builds, and what a save rebuilds."""

    def __init__(self, root: Path, site_dir: Path, serve_url: str):
        self.root = root
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.docs_dir = root / pipeline.DOCS_DIR
        self.languages = i18n.configured(root)
        self.renderer = Renderer(root, self.languages)
        self.builds: list[LanguageBuild] = []
        self.stamps: dict[str, tuple[int, int]] = {}
        # what the last save rebuilt page by page (files of the docs folder); None: everything
        self.last_rebuilt: list[str] | None = None
        self.search_json: dict[str, searchindex.EntriesJson] = {}  # each language's entries' JSON

    # ------------------------------------------------------------------ what is watched

    def watched(self) -> list[Path]:
        """Everything a save there changes in the site."""
        return [self.root / "content", self.root / "mkdocs.yml", self.root / "overrides",
                self.root / "generator" / "rendering" / "templates"]

    def _structure_stamps(self) -> dict[str, tuple[int, int]]:
        """The files whose change rebuilds everything, with their modification time and size."""
        roots = [p for p in self.watched() if p.name != "content"]
        roots += [self.root / "content" / name for name in STRUCTURE_IN_CONTENT]
        files = [p for top in roots for p in ([top] if top.is_file() else sorted(top.rglob("*")))]
        return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file()}

    # ------------------------------------------------------------------ building

    def start(self) -> None:
        PREVIEW.start("serve")
        self.stamps = self._structure_stamps()
        self._generate()
        self.build_all()

    def build_all(self) -> None:
        """Every language in full, into the served folder; then its search index and sitemap."""
        t = time.perf_counter()
        self.builds = []
        sitemaps: list[str] = []
        sitemap = self.site_dir / sitebuild.SITEMAP
        for n, language in enumerate(self.languages):
            self.builds.append(LanguageBuild(self.root, self.site_dir, self.serve_url, language,
                                             into_existing=n > 0))
            if sitemap.is_file():
                sitemaps.append(sitemap.read_text(encoding="utf-8"))
        self._write_search_index()
        if len(sitemaps) > 1:
            folders = [self.site_dir, *(self.site_dir / lang.code for lang in self.languages if not lang.default)]
            sitebuild.write_sitemap(folders, sitebuild.merge_sitemaps(sitemaps))
        log.info(f"preview: built every page in {time.perf_counter() - t:.2f} s")

    def _generate(self, structural: str | None = None) -> write.WriteResult | None:
        """The generator's stages; None when the content has errors (shown on every page)."""
        try:
            updates = self.renderer.generate(structural)
        except GeneratorError as exc:
            PREVIEW.failed(exc.diagnostics, self.docs_dir, self.root)
            return None
        PREVIEW.succeeded()
        for d in updates[0].diagnostics:  # every language checks the same content
            if d.severity == "warning":
                log.warning(d.format())
        everything = updates[0].everything
        if everything is not None and self.builds:
            log.info(f"preview: every page generated again ({everything})")
        pages = {name: text for u in updates for name, text in u.pages.items()}
        return write.write(pages, self.docs_dir, keep={name for u in updates for name in u.names})

    def rebuild(self) -> None:
        """After a save (the livereload server calls it): rebuild what changed, the browser reloads."""
        t = time.perf_counter()
        stamps = self._structure_stamps()
        changed = sorted(set(stamps.items()) ^ set(self.stamps.items()))
        self.stamps = stamps
        structural = f"{Path(changed[0][0]).relative_to(self.root).as_posix()} changed" if changed else None
        was_broken, shown = PREVIEW.broken, list(PREVIEW.diagnostics)
        result = self._generate(structural)
        if result is None and was_broken and PREVIEW.diagnostics == shown and not structural:
            self.last_rebuilt = []  # still broken, and the same errors as on the pages already
            return
        if result is None or was_broken or structural or not self._rebuild_pages(result):
            why = ("the content has errors: the banner goes on every page" if result is None
                   else "the content has no errors any more" if was_broken
                   else structural or "a page was added or removed, or a title changed: the navigation shows them")
            log.info(f"preview: building every page ({why})")
            self.last_rebuilt = None
            self.build_all()
            return
        self.last_rebuilt = result.written
        log.info(f"preview: rebuilt {', '.join(result.written) or 'nothing'} in {time.perf_counter() - t:.2f} s")

    def _rebuild_pages(self, result: write.WriteResult) -> bool:
        """The written files, each in its language; False when the whole site must be built."""
        if result.removed:
            return False
        todo: dict[int, list[File]] = {}
        for rel in result.written:
            for n, build in enumerate(self.builds):
                found = build.file_at(self.docs_dir / rel)
                if found is not None:
                    todo.setdefault(n, []).append(found)
                    break
            else:
                return False  # a new page: it is in the navigation of every page
        for n, files in todo.items():
            if not self.builds[n].rebuild(files):
                return False
        if todo:
            self._write_search_index()
        return True

    def _write_search_index(self) -> None:
        built = [b for b in self.builds if b.search_index is not None]
        if built:
            entries = [e for b in built for e in b.search_index.entries]
            sitebuild.write_search_index(self.site_dir, built[0].search_config, entries, self.search_json)


def polling_interval(paths: list[Path]) -> float:
    """Seconds between two looks at the files under ``paths``: :data:`POLLING_INTERVAL`, or longer
    where one look (a snapshot of every file's status, as the server's watcher takes it) would
    take more than :data:`POLLING_SHARE` of the time."""
    t = time.process_time()
    for path in paths:
        if path.is_dir():
            DirectorySnapshot(str(path))
    return max(POLLING_INTERVAL, (time.process_time() - t) / POLLING_SHARE)


def serve(root: Path, host: str, port: int) -> int:
    """Build the site into a temporary folder, serve it on ``host:port`` and rebuild on every
    save until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = Path(tempfile.mkdtemp(prefix="plan-preview-"))
    url = f"http://{host}:{port}/"
    preview = Preview(root, site_dir, url)
    server = LiveReloadServer(builder=preview.rebuild, host=host, port=port, root=str(site_dir),
                              polling_interval=polling_interval(preview.watched()))

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page

    def interrupt(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second one ends the process at once
        raise KeyboardInterrupt  # a terminated preview cleans up as an interrupted one does

    signal.signal(signal.SIGTERM, interrupt)
    try:
        preview.start()
        for path in preview.watched():
            if path.exists():
                server.watch(str(path))
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
        preview.renderer.close()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
