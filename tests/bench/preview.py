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
import threading
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


class MemoryWatch:
    """The peak resident memory of a process and its children (the preview's renderer processes),
    sampled twice a second from /proc: of the largest process, and of all of them together."""

    def __init__(self, pid: int):
        self.pid = pid
        self.largest = self.together = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            sizes = [_rss(p) for p in _tree(self.pid)]
            self.largest = max(self.largest, *sizes, 0)
            self.together = max(self.together, sum(sizes))

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        return {"largest_bytes": self.largest, "together_bytes": self.together}


def _tree(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(c for c, parent in parents.items() if parent == p)
    return out


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


NAV_TITLE = "zh: 工作方案"  # a navigation group's title in content/plan.yaml, shown on the page's navigation


def measure(root: Path, page: str = "subprogramme-1", edits: int = 3,
            command: list[str] | None = None, startup_timeout: float = 600,
            browser: bool = True, navigation: bool = False) -> dict[str, Any]:
    """Start the server in the copy at ``root``, time ``edits`` saves (then as many with the
    page open in Chromium, and with ``navigation`` one save of a navigation title), stop the server."""
    port = free_port()
    cmd = command or [project.python(), "-m", *COMMANDS[0].split()]
    shown = " ".join(cmd[2:] if cmd[:2] == [project.python(), "-m"] else cmd)
    cmd = cmd + ["-a", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/{page}.html"
    log = open(root / ".serve.log", "w+b")
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=project.env(root), stdout=log, stderr=log)
    memory = MemoryWatch(proc.pid)
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
        out: dict[str, Any] = {
            "command": shown,
            "page": f"{page}.html",
            "startup_s": startup,
            "edit_to_preview_s": statistics.median(latencies),
            "edit_to_preview_runs_s": latencies,
        }
        if browser:
            shown_in_browser = in_browser(url, source, previous, edits)
            out["edit_to_browser_s"] = statistics.median(shown_in_browser)
            out["edit_to_browser_runs_s"] = shown_in_browser
        if navigation:
            plan = root / "content" / "plan.yaml"
            marker = f"BENCHNAV{int(time.time() * 1000) % 100000}"
            text = plan.read_text(encoding="utf-8")
            if NAV_TITLE not in text:
                raise RuntimeError(f"{plan}: no {NAV_TITLE!r} to edit")
            plan.write_text(text.replace(NAV_TITLE, NAV_TITLE + marker, 1), encoding="utf-8")
            t = time.perf_counter()
            if wait_for(url, lambda body: marker in body, startup_timeout) is None:
                raise RuntimeError(f"the navigation edit never reached {url}")
            out["navigation_edit_s"] = time.perf_counter() - t
        out["memory"] = memory.stop()
        return out
    finally:
        memory.stop()
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
