"""``python -m tests.audit`` (make audit): the built site as outside tools judge it.

* the Nu Html Checker (npm vnu-jar, Java) on every page of every language: errors per page;
* Lighthouse 12.2.3 (npm, Node 20, Debian's Chromium) on the home page, a subprogramme page and the
  mandates page of each language, as a phone (mobile) and as a desktop: the scores of
  accessibility, best practices, SEO and performance.

The site is built for the address it is served at (SITE_URL), so that its canonical and
language links are absolute, and served with its text gzip-compressed, as on the hosted site. The targets: no Nu error, accessibility,
best practices and SEO 100, performance at least 90 on a phone; the exit status is 1 when one
is missed. Lighthouse is slow (a minute a page here): not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = ["index.html", "subprogramme-1.html", "mandates.html"]
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100}
MOBILE_PERFORMANCE = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(site: Path, url: str) -> None:
    env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "generator", "site", "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"the site did not build:\n{proc.stderr}")


def nu_errors(site: Path) -> tuple[Counter, list[str]]:
    """Errors per page (path under the site), and the messages."""
    proc = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", "--errors-only", str(site)],
                          capture_output=True, text=True)
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    per_page: Counter = Counter()
    lines = []
    for m in messages:
        page = Path(m.get("url", "").removeprefix("file:")).relative_to(site).as_posix()
        per_page[page] += 1
        lines.append(f"{page}:{m.get('lastLine', '?')}: {m.get('message')}")
    return per_page, lines


def lighthouse(url: str, desktop: bool) -> dict[str, int]:
    cmd = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
           "--chrome-flags=--headless --no-sandbox --disable-gpu",
           "--only-categories=" + ",".join(CATEGORIES)]
    if desktop:
        cmd.append("--preset=desktop")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=CHROMIUM))
    if proc.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="the Nu Html Checker only")
    args = parser.parse_args(argv)
    for tool in (VNU, LIGHTHOUSE):
        if not tool.exists():
            sys.exit(f"{tool.relative_to(ROOT)} is missing: run `make audit` (npm ci installs it)")
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import serving_on

    port = free_port()
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        url = f"http://127.0.0.1:{port}/"
        build(site, url)
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "assets" not in p.parts)
        per_page, lines = nu_errors(site)
        print(f"Nu Html Checker: {sum(per_page.values())} errors on {len(pages)} pages")
        for page in pages:
            print(f"  {page:32} {per_page.get(page, 0)}")
        for line in lines[:50]:
            print("    " + line)
        if per_page:
            missed.append("Nu Html Checker errors")
        if args.no_lighthouse:
            return 1 if missed else 0
        print("\nLighthouse 12.2.3" + "".join(f"{c:>16}" for c in CATEGORIES))
        with serving_on(site, port, compress=True):
            for lang in ("", "en/"):
                for page in PAGES:
                    for form in ("mobile", "desktop"):
                        scores = lighthouse(f"{url}{lang}{page}", desktop=form == "desktop")
                        print(f"  {lang + page:24} {form:8}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
                        missed += [f"{lang}{page} {form}: {c} {scores[c]}" for c, want in TARGETS.items() if scores[c] < want]
                        if form == "mobile" and scores["performance"] < MOBILE_PERFORMANCE:
                            missed.append(f"{lang}{page} mobile: performance {scores['performance']}")
    if missed:
        print("\nmissed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
