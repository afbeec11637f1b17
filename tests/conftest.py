"""Shared fixtures: the miniature plan in tests/fixtures/mini, copied so tests may change it; the
real site built once; the system's Chromium or Chrome (tests/chromium.py; Playwright, no download) and a quiet local
HTTP server for the browser tests."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import chromium
import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
ARTIFACTS = ROOT / "test-artifacts"  # screenshots of what the browser tests saw (gitignored)
CHROMIUM = chromium.find()  # None: the browser tests fail, saying what to install
CHROMIUM_ARGS = chromium.ARGS

# Property-based tests (tests/test_fuzz_*.py): a fixed, bounded run by default so that CI is quick
# and repeatable; HYPOTHESIS_PROFILE=long (`make fuzz`) tries many more inputs, at random.
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=4000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
LONG_FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def fuzz_budget(ci: int, long: int) -> settings:
    """Settings for a property whose every input is costly (a site build, an import): ``ci``
    inputs in `make test`, ``long`` in `make fuzz`."""
    return settings(max_examples=long if LONG_FUZZ else ci)


def site_of(root: Path):
    """The content model of the project at ``root``, which must load (errors are shown)."""
    from generator.pipeline import check

    result = check(root)
    assert result.site is not None, result.diagnostics
    return result.site


@pytest.fixture(scope="module")
def site():
    """The real content as the model (once per test module)."""
    return site_of(ROOT)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the miniature project (its content/ folder)."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in a content file."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PROJECT_FILES = ("content", "generator", "overrides", "mkdocs.yml")


def copy_project(work: Path, *, skip: tuple[str, ...] = ()) -> Path:
    """A copy of what a site build reads (content, generator, theme, config) in ``work``."""
    for name in PROJECT_FILES:
        src = ROOT / name
        if name in skip:
            continue
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, work / name)
    return work


def build_site(work: Path) -> subprocess.CompletedProcess:
    """`python -m generator site` in the project copy ``work``, as `make site` runs it (strict, one
    MkDocs process per language), with a home and temporary folder of its own."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "site"],
        cwd=work, capture_output=True, text=True,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1",
             "HOME": str(work), "TMPDIR": str(work)},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> dict:
    """The real site, built once per session as `make site` builds it, in a copy of the project."""
    work = copy_project(tmp_path_factory.mktemp("project"))
    return {"root": work, "site": work / "site", "proc": build_site(work)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


class _CompressingHandler(_QuietHandler):
    """Text sent gzip-compressed to a browser that accepts it, over connections kept open, as
    GitHub Pages and other hosts send it: what Lighthouse measures then is what a reader of the
    hosted site waits for."""

    protocol_version = "HTTP/1.1"  # keep-alive: every response has its Content-Length

    COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or not kind.startswith(self.COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    with serving_on(folder, 0) as url:
        yield url


@contextmanager
def serving_on(folder: Path, port: int, compress: bool = False) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1:``port`` (0: a free one), its text gzip-compressed
    if ``compress``; yields the base URL."""
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(built_site) -> Iterator[str]:
    """The real site, served on 127.0.0.1."""
    assert built_site["proc"].returncode == 0, built_site["proc"].stderr
    with serving(built_site["site"]) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.fail(chromium.HOW_TO_INSTALL)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (Chinese locale) whose uncaught script errors are collected in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()
