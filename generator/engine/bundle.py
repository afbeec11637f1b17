"""``python -m generator bundle``: the offline bundle, one zip of the whole site that works from
``file://`` (unzip anywhere, double-click index.html): pages, links, charts, the language switch and
search, with no network.

The site is built as usual but with Material's ``offline`` plugin switched on (``OFFLINE_BUNDLE=true``,
see mkdocs.yml: it writes the search index as a script too, which a page opened from a file can
load), into a temporary folder; the hosted build (``make site``) is untouched. Then:

* every page is checked to load nothing from another host (scripts, stylesheets, fonts, images);
* the site is packed into ``dist/<symbol>_<date>.zip``, e.g. ``dist/A-75-6-Sect.14_2026-11-27.zip``,
  under one folder of the same name, so that unzipping does not spill files.

Reproducible: the date is SOURCE_DATE_EPOCH's, else the last commit's (the one MkDocs also uses for
the sitemap); entries are sorted and get that date and fixed permissions, so the same commit gives
the same bytes.
"""

from __future__ import annotations

import fnmatch
import os
import re
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

ENV_SWITCH = "OFFLINE_BUNDLE"  # read by mkdocs.yml: plugins.offline.enabled
DIST_DIR = "dist"
_ZIP_EPOCH_MIN = 315532800  # 1980-01-01: the earliest time a zip entry can carry
# Left out of the zip: a web server's "not found" page (its links are absolute, /..., which from
# file:// lead nowhere, and no file:// reader ever sees it) and the theme's source maps (for
# debugging Material's scripts; 1.3 MB).
_LEFT_OUT = ("404.html", "*.map")

# Tags and attributes by which a page makes the browser fetch something on its own (a link the
# reader follows, <a href>, is not such a request: undocs.org links stay links).
_FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
_FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                       "preconnect", "dns-prefetch", "apple-touch-icon", "mask-icon"}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""", re.IGNORECASE)


def bundle_name(symbol: str, epoch: int) -> str:
    """``A/75/6 (Sect. 14)`` and 2026-11-27 -> ``A-75-6-Sect.14_2026-11-27``: a file name without
    spaces, slashes or parentheses that still reads as the symbol."""
    stem = re.sub(r"[^A-Za-z0-9.]+", "-", re.sub(r"\s+", "", symbol)).strip("-.")
    day = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    return f"{stem or 'site'}_{day}"


def write_zip(site: Path, dest: Path, folder: str, epoch: int) -> int:
    """Pack ``site`` into ``dest`` under ``folder/``: sorted entries, one timestamp, fixed
    permissions, so that equal sites give equal bytes. Returns the number of files."""
    stamp = time.gmtime(max(epoch, _ZIP_EPOCH_MIN))[:6]
    files = sorted((p.relative_to(site).as_posix(), p) for p in site.rglob("*")
                   if p.is_file() and not _left_out(p.relative_to(site)))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel, path in files:
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so that the permissions above are honoured
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(dest)
    return len(files)


def _left_out(rel: Path) -> bool:
    return any(fnmatch.fnmatch(rel.as_posix(), pattern) for pattern in _LEFT_OUT)  # "*" spans folders


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        names: tuple[str, ...] = _FETCHING.get(tag, ())
        if tag == "link" and set(values.get("rel", "").lower().split()) & _FETCHING_LINK_RELS:
            names = ("href",)
        for name in names:
            for url in values.get(name, "").split(","):  # srcset: "url 2x, url 3x"
                if url.strip():
                    self.urls.append((line, url.strip().split()[0]))
        if "style" in values:
            self.urls += [(line, u) for u in _css_urls(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            line = self.getpos()[0]
            self.urls += [(line, u) for u in _css_urls(data)]


def _css_urls(css: str) -> list[str]:
    return _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)


def remote_resources(site: Path) -> list[str]:
    """``page.html:12: https://...`` for everything a page or stylesheet of ``site`` would load
    from another host."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = _Fetches()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            found += [f"{rel}:{line}: {url}" for line, url in parser.urls if _REMOTE.match(url)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{rel}: {url}" for url in _css_urls(text) if _REMOTE.match(url)]
    return found


def build_offline_site(root: Path, out: Path, epoch: int) -> bool:
    """The site (as ``make site`` builds it, generator.engine.sitebuild) with the offline plugin on, into ``out``."""
    from generator.engine import sitebuild

    env = dict(os.environ, **{ENV_SWITCH: "true", "SOURCE_DATE_EPOCH": str(epoch)})
    return sitebuild.build_site(root, out, env) and (out / "index.html").is_file()
