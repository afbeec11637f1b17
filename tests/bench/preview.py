"""Edit-to-preview: from saving a changed YAML file to the rebuilt page being served.

Starts a preview server in a copy of the project (``python -m generator serve``, which ``make
serve`` runs, or ``mkdocs serve``, for comparison), waits for the page, then saves an edit to one
paragraph of a page file and polls the served page until the edited text is in it. Each edit puts a
new marker into the same paragraph, so every save is a real change. Both servers are MkDocs'
livereload server, which holds a request for a page while a rebuild is under way: the page comes
back the moment the rebuild ends, when the browsers are told to reload. Then the same edits with
the page open in Chromium, reloaded by the server's livereload script: what an editor sees.
"""

from __future__ import annotations

import re
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from . import project

POLL = 0.02  # seconds between two requests for the page
# the preview commands measured by default (module and arguments, run with the project's Python):
# the first is what `make serve` runs
COMMANDS = ("generator serve", "mkdocs serve --no-strict")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, predicate, timeout: float) -> float | None:
    """Seconds until the page at ``url`` satisfies ``predicate``; None on timeout."""
    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        body = fetch(url)
        if body is not None and predicate(body):
            return time.perf_counter() - t
        time.sleep(POLL)
    return None


_TEXT_LINE = re.compile(r"(?m)^(?P<head>\s+(?:- )?text: )(?P<quote>['\"]?)(?P<rest>.*)$")


def edit(path: Path, marker: str, previous: str | None) -> None:
    """Put ``marker`` at the start of the first paragraph text of ``path`` (replacing the
    previous marker) and save the file the way an editor does (one write)."""
    text = path.read_text(encoding="utf-8")
    if previous is not None:
        new = text.replace(previous + " ", marker + " ", 1)
    else:
        m = _TEXT_LINE.search(text)
        if m is None:
            raise RuntimeError(f"{path}: no text line to edit")
        new = text[:m.start("rest")] + marker + " " + text[m.start("rest"):]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(new)


def measure(root: Path, page: str = "subprogramme-1", edits: int = 3,
            command: list[str] | None = None, startup_timeout: float = 600) -> dict[str, Any]:
    """Start the server in the copy at ``root``, time ``edits`` saves, stop the server."""
    port = free_port()
    cmd = command or [project.python(), "-m", *COMMANDS[0].split()]
    shown = " ".join(cmd[2:] if cmd[:2] == [project.python(), "-m"] else cmd)
    cmd = cmd + ["-a", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/{page}.html"
    log = open(root / ".serve.log", "w+b")
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=project.env(root), stdout=log, stderr=log)
    try:
        startup = wait_for(url, lambda body: "</html>" in body, startup_timeout)
        if startup is None:
            log.seek(0)
            raise RuntimeError(f"the preview server did not serve {url}:\n"
                               + log.read().decode("utf-8", "replace")[-3000:])
        startup = time.perf_counter() - t
        time.sleep(1.0)  # let the watcher settle after the first build
        source = root / "content" / "pages" / f"{page}.yaml"
        latencies: list[float] = []
        previous = None
        for i in range(edits):
            marker = f"BENCHEDIT{i}X{int(time.time() * 1000) % 100000}"
            edit(source, marker, previous)
            t = time.perf_counter()
            seen = wait_for(url, lambda body, m=marker: m in body, 120)
            if seen is None:
                raise RuntimeError(f"the edit {marker} never reached {url}")
            latencies.append(time.perf_counter() - t)
            previous = marker
            time.sleep(1.0)  # the server's own reload settles before the next save
        shown_in_browser = in_browser(url, source, previous, edits)
        return {
            "command": shown,
            "page": f"{page}.html",
            "startup_s": startup,
            "edit_to_preview_s": statistics.median(latencies),
            "edit_to_preview_runs_s": latencies,
            "edit_to_browser_s": statistics.median(shown_in_browser),
            "edit_to_browser_runs_s": shown_in_browser,
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def in_browser(url: str, source: Path, previous: str | None, edits: int) -> list[float]:
    """What an editor sees: the page open in Chromium, the server's livereload script reloading
    it after each save; seconds from the save until the edited text is on the page."""
    from playwright.sync_api import sync_playwright

    from .weight import ARGS, CHROMIUM

    latencies: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_page()
            pg.goto(url, wait_until="load")  # not "networkidle": livereload keeps a request open
            time.sleep(1.0)
            for i in range(edits):
                marker = f"BROWSEREDIT{i}X{int(time.time() * 1000) % 100000}"
                edit(source, marker, previous)
                t = time.perf_counter()
                pg.wait_for_function(f"document.body && document.body.textContent.includes('{marker}')",
                                     timeout=120_000)
                latencies.append(time.perf_counter() - t)
                previous = marker
                time.sleep(1.0)
        finally:
            browser.close()
    return latencies
