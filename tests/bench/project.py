"""Copies of the project and the child processes that build them.

A copy holds content/, generator/, overrides/ and mkdocs.yml (what a build reads); every build
is a child process, timed with ``time.perf_counter`` and measured with ``os.wait4`` (its own
peak resident memory, not the benchmark's).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.engine.searchindex import read_language_index

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("generator", "overrides", "mkdocs.yml")
PLAIN_CONFIG = "mkdocs-plain.yml"


def env(root: Path) -> dict[str, str]:
    """The children's environment: quiet, reproducible, their temporary files inside the copy."""
    # jieba caches its dictionary in the temporary folder: one cache for all the copies, as one
    # machine's builds share it
    tmp = root.parent / ".tmp"
    tmp.mkdir(exist_ok=True)
    out = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
    out.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1600000000",
                "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(tmp)})
    return out


def make_copy(dest: Path, src: Path = ROOT, content: bool = True) -> Path:
    """A copy of the project at ``dest`` (content/ too unless ``content`` is False)."""
    dest.mkdir(parents=True, exist_ok=True)
    names = PROJECT_FILES + (("content",) if content else ())
    for name in names:
        s = src / name
        if s.is_dir():
            shutil.copytree(s, dest / name, ignore=shutil.ignore_patterns("__pycache__"),
                            dirs_exist_ok=True)
        else:
            shutil.copy2(s, dest / name)
    (dest / "build" / "docs").mkdir(parents=True, exist_ok=True)
    return dest


@dataclass
class Run:
    started: float  # time.monotonic() at the start: the timer hook's clock
    seconds: float
    cpu_seconds: float  # its user and system time, and that of the children it waited for
    maxrss_bytes: int
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], cwd: Path, timeout: float = 3600, extra_env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; its wall time, its CPU time (with its children's) and its own peak resident memory."""
    with open(cwd / ".out", "w+b") as out, open(cwd / ".err", "w+b") as err:
        started, t = time.monotonic(), time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env(cwd) | (extra_env or {}), stdout=out, stderr=err)
        deadline = t + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(started, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def python() -> str:
    return sys.executable


TIMER = "bench_timer.py"


def add_timer(root: Path) -> None:
    """List the timer hook (:mod:`.timer_hook`) first under the copy's ``hooks:``."""
    shutil.copy2(Path(__file__).with_name("timer_hook.py"), root / TIMER)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^hooks:[ \t]*\n", f"hooks:\n  - {TIMER}\n", text)
    if n != 1:
        raise RuntimeError("mkdocs.yml: no `hooks:` list to add the timer to")
    config.write_text(text, encoding="utf-8")


def timeline(path: Path, run_: Run) -> dict[str, float]:
    """Seconds of the build per language (from its ``on_pre_build`` to its ``on_post_build``,
    whether the languages are built one after the other or side by side), what comes before
    MkDocs' first configuration (MkDocs' start-up, and the generator beside it in the site build)
    and after its last build (merging the languages), and the generator's share inside the build
    (from the first ``on_pre_build`` to the first ``on_files``: the hook generating the pages, or
    the site build's process waiting for the generator to finish them)."""
    if not path.exists():
        return {}
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    starts = [e for e in events if e["event"] == "pre_build"]
    ends = [e for e in events if e["event"] == "post_build"]
    if not starts or not ends:
        return {}
    out: dict[str, float] = {}
    out["before_mkdocs"] = min(e["t"] for e in events if e["event"] == "config") - run_.started
    for lang in sorted({e["lang"] for e in starts}):
        first = min(e["t"] for e in starts if e["lang"] == lang)
        last = max((e["t"] for e in ends if e["lang"] == lang), default=first)
        out[f"build_{lang or 'site'}"] = last - first
    out["after_mkdocs"] = run_.started + run_.seconds - max(e["t"] for e in ends)
    files = [e for e in events if e["event"] == "files"]
    if files:
        out["generator_in_build"] = files[0]["t"] - starts[0]["t"]
    return out


def _timed(root: Path, cmd: list[str], what: str) -> tuple[Run, dict[str, float]]:
    events = root / ".timer.jsonl"
    events.unlink(missing_ok=True)
    r = run(cmd, root, extra_env={"BENCH_TIMER": str(events)})
    if r.returncode != 0:
        raise RuntimeError(f"{what} failed in {root}:\n{r.stderr[-3000:]}")
    return r, timeline(events, r)


def site_build(root: Path, site_dir: str = "site") -> tuple[Run, dict[str, float]]:
    """``python -m generator site``, as ``make site`` builds the site (the generator, then one
    MkDocs process per language, merged), into ``site_dir``; with the timer hook in the copy,
    also the build's timeline."""
    shutil.rmtree(root / site_dir, ignore_errors=True)
    return _timed(root, [python(), "-m", "generator", "site", "--site-dir", site_dir], "the site build")


def mkdocs_build(root: Path, site_dir: str = "site", config: str = "mkdocs.yml") -> tuple[Run, dict[str, float]]:
    """``mkdocs build`` of the copy at ``root`` (strict, in one process), into ``site_dir``; with
    the timer hook in the copy, also the build's timeline."""
    shutil.rmtree(root / site_dir, ignore_errors=True)
    return _timed(root, [python(), "-m", "mkdocs", "build", "-q", "-f", config, "-d", site_dir], "mkdocs build")


def stages(root: Path, trace: bool = False) -> dict[str, Any]:
    """The generator's stages, timed in a child process (see :mod:`.stages`)."""
    script = Path(__file__).with_name("stages.py")
    out = root / "build" / "stages-docs"
    cmd = [python(), str(script), str(root), str(out)] + (["trace"] if trace else [])
    r = run(cmd, root)
    if r.returncode != 0:
        raise RuntimeError(f"stages failed in {root}:\n{r.stderr[-3000:]}")
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(r.stdout)


# --------------------------------------------------------------------------- plain MkDocs


def _plain_values(root: Path) -> dict[str, Any]:
    """What the generator's hook sets in on_config (navigation, site name, footer strings),
    computed once, as plain values: the plain build's config carries them instead of the hook."""
    code = (
        "import json, sys\n"
        "sys.path.insert(0, '.')\n"
        "from mkdocs.config import load_config\n"
        "cfg = load_config('mkdocs.yml')\n"
        "from generator.engine import hooks\n"
        "cfg = hooks.on_config(cfg) or cfg\n"
        "def plain(v):\n"
        "    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}\n"
        "    if isinstance(v, (list, tuple)): return [plain(x) for x in v]\n"
        "    return v if v is None or isinstance(v, (bool, int, float)) else str(v)\n"
        "print(json.dumps({'nav': plain(cfg.nav), 'site_name': str(cfg.site_name),\n"
        "                  'extra': plain(dict(cfg.extra))}))\n"
    )
    r = run([python(), "-c", code], root)
    if r.returncode != 0:
        raise RuntimeError(f"reading the hook's settings failed in {root}:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def write_plain_config(root: Path) -> str:
    """``mkdocs-plain.yml``: the project's config without ``hooks:``, with the navigation, site
    name and ``extra`` the hook would set written out (JSON is YAML). Same theme, plugins,
    Markdown extensions; the Markdown must already be in build/docs/."""
    values = _plain_values(root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^hooks:\n(?:[ \t]+-[^\n]*\n|[ \t]*#[^\n]*\n)+", "", text)
    if n != 1:
        raise RuntimeError("mkdocs.yml: no `hooks:` list found to remove")
    name = "site_name: " + json.dumps(values["site_name"], ensure_ascii=False)
    text = re.sub(r"(?m)^site_name:.*$", lambda _: name, text)
    text, n = re.subn(r"(?m)^extra:[ \t]*\n((?:[ \t]+[^\n]*\n|[ \t]*\n)*)", "", text)
    text += "\nextra: " + json.dumps(values["extra"], ensure_ascii=False) + "\n"
    text += "nav: " + json.dumps(values["nav"], ensure_ascii=False) + "\n"
    (root / PLAIN_CONFIG).write_text(text, encoding="utf-8")
    return PLAIN_CONFIG


# --------------------------------------------------------------------------- what was built


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def site_stats(site: Path, languages: list[str], default: str) -> dict[str, dict[str, int]]:
    """Per language: HTML pages and their bytes, and its search index (``search/<lang>.js``, raw and
    gzip: what a reader of that language downloads to search). The default language is at the root
    of the site, the others in their folder."""
    out: dict[str, dict[str, int]] = {}
    others = [lang for lang in languages if lang != default]
    for lang in languages:
        if lang == default:
            pages = [p for p in site.rglob("*.html")
                     if p.relative_to(site).parts[0] not in others]
        else:
            pages = list((site / lang).rglob("*.html"))
        index = site / "search" / f"{lang}.js"
        data = index.read_bytes() if index.is_file() else b""
        out[lang] = {
            "pages": len(pages),
            "html_bytes": sum(p.stat().st_size for p in pages),
            "search_entries": len(read_language_index(site, lang)) if data else 0,
            "search_index_bytes": len(data),
            "search_index_gzip_bytes": gz(data),
        }
    out["all"] = {key: sum(v[key] for v in out.values()) for key in
                  ("pages", "html_bytes", "search_entries", "search_index_bytes", "search_index_gzip_bytes")}
    return out
