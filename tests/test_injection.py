"""No injection: a site built from content whose every text field is full of attacks (script tags,
event handlers, javascript: links, Markdown and Markdown-extension syntax, raw HTML, Jinja) shows
each of them as the text it is. Nothing runs, nothing changes the page structure, nothing reaches
the template engine, and the only URLs are http(s) or relative.

The hostile project is the miniature plan (tests/fixtures/mini) with a payload appended to every
text field of every kind, built with `mkdocs build --strict` in a copy of the project. The static
checks read the built HTML; the browser checks open every page in Chromium.
"""

from __future__ import annotations

import html
import html.parser
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ARTIFACTS, MINI, ROOT, copy_project, serving

from generator import pipeline

# Each text field n gets every segment k, each marked «n.k» so that the test can find exactly that
# piece of that field on the page. @@ becomes n.
SEGMENTS = [
    '<script>window.__pwned="s@@"</script>',
    "<img src=x onerror=\"window.__pwned='i@@'\">",
    "<svg/onload=window.__pwned='v@@'>",
    "[link@@](javascript:window.__pwned='l@@')",
    "![img@@](javascript:window.__pwned='m@@')",
    "<a href=\"javascript:window.__pwned='a@@'\">a@@</a>",
    "{{ 7*7 }} {% if true %}J@@{% endif %} {# c@@ #} {{ config.site_name }}",
    "\"><script>window.__pwned='q@@'</script>",
    "' onmouseover='window.__pwned=\"o@@\"' x='",
    "*em@@* **b@@** _u@@_ `c@@` ~~d~~ ==m== ^^u^^ :smile: :material-alert: [^1] ++ctrl+alt++",
    "{: onclick=\"window.__pwned='t@@'\" } {#id@@}",
    "</p></div></table></details></li><iframe src=\"javascript:window.__pwned='f@@'\"></iframe>",
    "&lt;b&gt; &amp; &#60;script&#62; &#x3C;",
    "| a@@ | b |",
    "<!-- x@@",
    "javascript:window.__pwned='j@@'",
    "<style>body{display:none}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned='r@@'\">",
    "\\<b\\> \\\\ \\* \\_",
    '--8<-- "mkdocs.yml"',
    "${window.__pwned='e@@'} <%= 1 %> {{{x}}}",
    '<base href="https://evil.example/">',
    "<details open ontoggle=\"window.__pwned='d@@'\">",
    "\n\n# H@@\n\n<script>window.__pwned=\"n@@\"</script>\n\n    indented code\n\n* list@@\n",
    "https://example.org/@@ www.example.org <https://example.org/x@@>",
    '</title></textarea></noscript></style><script>window.__pwned="w@@"</script>',
]

# the keys whose values are text shown to readers (content/README.md), by the file kinds they are in
TEXT_KEYS = {
    "title", "subtitle", "budget", "text", "text_after", "label", "heading", "caption", "unit",
    "row_header", "name", "serves", "abbr", "body", "source", "recommendation", "action", "section",
    "number",
}
# identifiers and references the validator checks (a payload there is an error, not text)
NOT_TEXT = {("footnotes", "number"), ("footnotes", "after"), ("notes", "label"), (None, "body"),
            (None, "number")}
# a hostile org chart (the mini plan has none): units, posts and abbreviations
ORG_CHART = {"org_chart": {
    "abbreviations": [{"abbr": "ASG", "text": "助理秘书长"}],
    "units": [{"name": "执行办公室", "serves": "(所有次级方案)",
               "posts": {"RB": [{"grade": "USG", "count": 1}], "XB": [{"grade": "P-4", "count": 2}]},
               "units": [{"name": "科学司"}]}],
}}


def payload(n: int) -> str:
    return " ".join(f"«{n}.{k}»" + seg.replace("@@", str(n)) for k, seg in enumerate(SEGMENTS))


def _norm(text: str) -> str:
    return " ".join(text.split())


def printed_by_the_theme(rel: str, path: tuple) -> bool:
    """Fields that MkDocs and Material print themselves, outside the generated page body: the plan's
    title and subtitle (site name, header, footer), navigation group titles, and page titles
    (the <title> element and the navigation)."""
    names = [p for p in path if isinstance(p, str)]
    if rel == "plan.yaml":
        return names[:1] in (["title"], ["subtitle"], ["symbol"]) or names[:1] == ["navigation"]
    return rel.startswith("pages/") and names[:1] == ["title"]


class Injector:
    """Appends a numbered payload to every text value of one kind (``theme``: the fields the theme
    prints, else every other); remembers each field it touched."""

    def __init__(self, theme: bool = False):
        self.theme = theme
        self.fields: list[tuple[str, str]] = []  # (file, path) of field n-1

    def visit(self, data, rel: str, path: tuple = ()):
        if isinstance(data, dict):
            for key, value in data.items():
                parent = next((p for p in reversed(path) if isinstance(p, str)), None)
                skip = key in ("refs", "id", "paragraph", "table", "figure", "page", "symbol", "kind",
                               "grade") or (parent, key) in NOT_TEXT
                if key == "number" and parent != "rows":
                    skip = True  # table, figure, footnote and mandate numbers are references
                if isinstance(value, str) and not skip and (key in TEXT_KEYS or key in ("zh", "en")):
                    data[key] = self.inject(value, rel, path + (key,))
                else:
                    self.visit(value, rel, path + (key,))
        elif isinstance(data, list):
            for i, value in enumerate(data):
                if isinstance(value, str) and path and path[-1] in ("paragraphs", "signature"):
                    data[i] = self.inject(value, rel, path + (i,))
                elif isinstance(value, str) and path and path[-1] == "values" and value != "—":
                    data[i] = self.inject(value, rel, path + (i,))
                else:
                    self.visit(value, rel, path + (i,))

    def inject(self, text: str, rel: str, path: tuple) -> str:
        if printed_by_the_theme(rel, path) != self.theme:
            return text
        self.fields.append((rel, "/".join(map(str, path))))
        return text + " " + payload(len(self.fields))


def make_hostile_content(dest: Path, theme: bool = False) -> Injector:
    """content/ of the miniature plan with a payload in every text field, written under ``dest``."""
    shutil.copytree(MINI / "content", dest)
    strings = ROOT / "content" / "strings"
    if strings.is_dir():
        shutil.copytree(strings, dest / "strings")
    # a text cell in a table and a figure, and a hostile org chart: kinds the mini plan lacks
    edit = [
        ("tables/14.1.yaml", lambda d: d["parts"][0]["rows"][2]["values"].__setitem__(1, "文字")),
        ("figures/14.1.yaml", lambda d: d["data"][0]["rows"][0]["values"].__setitem__(0, "文字")),
        ("figures/14.1.yaml", lambda d: d.update(unit="个", subtitle="副标题")),
        ("pages/annex-2.yaml", lambda d: d["sections"][0]["blocks"].append(ORG_CHART)),
        ("mandates.yaml", lambda d: d[0].update(section="sect. II")),
        ("pages/orientation.yaml", lambda d: d["sections"][0].update(
            title={"zh": d["sections"][0]["title"], "en": "Mandate and background"})),
    ]
    injector = Injector(theme)
    for path in sorted(dest.rglob("*.yaml")):
        rel = path.relative_to(dest).as_posix()
        if rel.startswith("strings/"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, change in edit:
            if name == rel:
                change(data)
        injector.visit(data, rel)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6),
                        encoding="utf-8")
    return injector


# --------------------------------------------------------------------------- the hostile site


def _start_build(work: Path, theme: bool) -> tuple[subprocess.Popen, Injector]:
    copy_project(work, skip=("content",))
    injector = make_hostile_content(work / "content", theme)
    (work / "build" / "docs").mkdir(parents=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=work, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1", "HOME": str(work),
             "TMPDIR": str(work)},
    )
    return proc, injector


def _finish_build(work: Path, proc: subprocess.Popen, injector: Injector) -> dict:
    stdout, stderr = proc.communicate(timeout=300)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    pages = sorted(p for p in (work / "site").rglob("*.html")
                   if "assets" not in p.parts and p.name != "404.html") if proc.returncode == 0 else []
    return {"root": work, "site": work / "site", "proc": done, "fields": injector.fields, "pages": pages,
            "name": work.name.rstrip("0123456789")}


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory) -> dict:
    """Both hostile sites, built side by side (each build mostly waits on one core)."""
    started = {}
    for theme in (False, True):
        work = tmp_path_factory.mktemp("hostile-theme" if theme else "hostile")
        started[theme] = (work, *_start_build(work, theme))
    return {theme: _finish_build(*args) for theme, args in started.items()}


@pytest.fixture(scope="module")
def hostile(hostile_builds) -> dict:
    """Payloads in every text field the generator renders into the page body."""
    return hostile_builds[False]


@pytest.fixture(scope="module")
def hostile_theme(hostile_builds) -> dict:
    """Payloads in the fields MkDocs and Material print themselves (site name, nav, <title>)."""
    return hostile_builds[True]


def test_the_hostile_content_is_valid_content(hostile):
    """The payloads are text, so the content passes the checks: they reach the pages."""
    result = pipeline.check(hostile["root"])
    assert [d.format() for d in result.diagnostics if d.severity == "error"] == []
    kinds = {path.split("/")[-1] if not path.split("/")[-1].isdigit() else path.split("/")[-2]
             for _, path in hostile["fields"]}
    # every kind of text field the issue names is attacked
    assert {"title", "text", "text_after", "label", "heading", "caption", "unit", "row_header", "name",
            "serves", "abbr", "body", "source", "recommendation", "action", "section", "subtitle",
            "budget", "paragraphs", "signature", "values", "number", "zh", "en"} <= kinds, kinds
    assert len(hostile["fields"]) >= 60


def test_hostile_site_builds_strict_without_warnings(hostile):
    proc = hostile["proc"]
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "WARNING" not in log, log
    assert "Traceback" not in log


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of the document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.contents: list[tuple[str, str]] = []  # (tag, text) of every element's direct text
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._open:
            self.contents.append((self._open[-1], data))


def _parse(page: Path) -> _Elements:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


ELEMENTS_A_PAYLOAD_COULD_BE = {"script", "iframe", "base", "details", "object", "embed", "meta", "img",
                               "svg", "style", "link", "form", "input", "textarea", "video", "audio"}
URL_ATTRS = ("href", "src", "action", "formaction", "poster", "data", "xlink:href")


def _safe_url(url: str) -> bool:
    """http(s) or relative; browsers drop whitespace and control characters inside a scheme."""
    squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
    return urlsplit(squeezed).scheme in ("", "http", "https")


def test_no_markup_from_content_in_the_built_html(hostile):
    assert hostile["pages"], "no pages were built"
    for page in hostile["pages"]:
        parsed = _parse(page)
        where = page.relative_to(hostile["site"]).as_posix()
        for tag, attrs in parsed.tags:
            handlers = [a for a in attrs if a.startswith("on")]
            assert not handlers, f"{where}: <{tag} {handlers}>"
            if tag in ELEMENTS_A_PAYLOAD_COULD_BE:
                assert "pwned" not in str(attrs) and "evil.example" not in str(attrs), f"{where}: <{tag} {attrs}>"
            assert not (tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh"), where
            for name in URL_ATTRS:
                url = (attrs.get(name) or "").strip()
                if url:
                    assert _safe_url(url), (
                        f"{where}: <{tag} {name}={url!r}>")
        scripts = [text for tag, text in parsed.contents if tag in ("script", "style")]
        assert not any("pwned" in t or "display:none" in t for t in scripts), f"{where}: a payload runs"


def _fields_on(text: str, n_fields: int) -> set[int]:
    """The fields whose every segment appears, verbatim, in ``text``: each «n.k» marker found is
    followed by exactly segment k of field n."""
    norm = _norm(text)
    complete: dict[int, set[int]] = {}
    for m in re.finditer(r"«(\d+)\.(\d+)»", norm):
        n, k = int(m.group(1)), int(m.group(2))
        if 1 <= n <= n_fields and k < len(SEGMENTS):
            seg = _norm(SEGMENTS[k].replace("@@", str(n)))
            pos = m.end() + (SEGMENTS[k][:1].isspace() and norm.startswith(" ", m.end()))
            if norm.startswith(seg, pos):
                complete.setdefault(n, set()).add(k)
    return {n for n, ks in complete.items() if len(ks) == len(SEGMENTS)}


def test_every_payload_is_shown_as_its_text(hostile):
    """Every injected field appears on some page with every one of its segments as plain text
    (the HTML's text, entities decoded), Jinja braces and Markdown markers included."""
    n_fields = len(hostile["fields"])
    shown: set[int] = set()
    for page in hostile["pages"]:
        shown |= _fields_on(" ".join(_parse(page).text), n_fields)
    missing = [hostile["fields"][n - 1] for n in range(1, n_fields + 1) if n not in shown]
    assert missing == []


def test_the_template_engine_never_sees_content(hostile):
    """{{ 7*7 }} stays as written: a payload reaching Jinja would print 49 or the site name."""
    for page in hostile["pages"]:
        text = _norm(html.unescape(" ".join(_parse(page).text)))
        for m in re.finditer(r"«(\d+)\.6»(.{0,20})", text):
            assert m.group(2).startswith("{{ 7*7 }}"), (page.name, m.group(0))


# --------------------------------------------------------------------------- in Chromium

@pytest.fixture(scope="module")
def hostile_server(hostile):
    assert hostile["proc"].returncode == 0, hostile["proc"].stderr
    with serving(hostile["site"]) as url:
        yield url


# every element a payload could have become, and every URL the page holds
_DOM_PROBE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction'].includes(a.name) &&
          (v.startsWith('javascript:') || v.startsWith('data:') || v.startsWith('vbscript:')))
        bad.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  for (const el of document.querySelectorAll('script, iframe, base, meta[http-equiv], details, object, embed')) {
    // a <details> may hold payloads as text (a chart's data table): only its own tag must be clean
    const html = el.outerHTML || '';
    const own = el.tagName === 'DETAILS' ? html.slice(0, html.indexOf('>') + 1) : html;
    if (own.includes('pwned')) bad.push(html.slice(0, 120));
  }
  for (const el of document.querySelectorAll('style'))
    if (el.textContent.includes('display:none') && el.textContent.includes('body{')) bad.push('style');
  return bad;
}"""


def _visit_every_page(site: dict, server: str, browser) -> dict:
    """Open every page of the site; return what happened and which fields were shown as text."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    seen: dict = {"dialogs": [], "console": [], "errors": [], "requests": [], "pwned": [], "dom": [],
                  "hidden": [], "shown": set(), "visited": 0}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    # a failed load is reported by the request check below, with its URL
    page.on("console", lambda m: seen["console"].append(f"{page.url}: {m.text}")
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: seen["errors"].append(f"{page.url}: {e}"))
    page.on("request", lambda r: seen["requests"].append(r.url)
            if not r.url.startswith(server) or r.url.rstrip("/").endswith("/x") else None)
    for path in site["pages"]:
        rel = path.relative_to(site["site"]).as_posix()
        page.goto(f"{server}/{rel}")
        page.wait_for_load_state("load")
        page.mouse.move(300, 300)  # hovering: an onmouseover payload would fire
        page.mouse.move(900, 500)
        page.wait_for_timeout(100)  # scripts of the theme run after load (header, navigation)
        if page.evaluate("typeof window.__pwned") != "undefined":
            seen["pwned"].append((rel, page.evaluate("String(window.__pwned)")))
        seen["dom"] += [(rel, b) for b in page.evaluate(_DOM_PROBE)]
        if not page.locator("body").is_visible():  # the style payload did not hide the page
            seen["hidden"].append(rel)
        seen["shown"] |= _fields_on(page.evaluate("document.documentElement.textContent"), len(site["fields"]))
        seen["visited"] += 1
        if rel in ("orientation.html", "annex-2.html"):
            page.screenshot(path=str(ARTIFACTS / f"{site['name']}-{rel[:-5]}.png"), full_page=False)
    context.close()
    return seen


def _assert_nothing_ran(site: dict, seen: dict) -> None:
    assert seen["visited"] >= 5
    assert seen["pwned"] == []
    assert seen["dom"] == []
    assert seen["dialogs"] == []
    assert seen["errors"] == []
    assert seen["console"] == []
    assert seen["requests"] == []  # nothing fetched from a payload's URL, nothing off the site
    assert seen["hidden"] == []
    missing = [site["fields"][n - 1] for n in range(1, len(site["fields"]) + 1) if n not in seen["shown"]]
    assert missing == []


@pytest.mark.browser
@pytest.mark.slow
def test_nothing_runs_in_chromium_and_payloads_are_text(hostile, hostile_server, browser):
    _assert_nothing_ran(hostile, _visit_every_page(hostile, hostile_server, browser))


@pytest.fixture(scope="module")
def hostile_theme_server(hostile_theme):
    assert hostile_theme["proc"].returncode == 0, hostile_theme["proc"].stderr
    with serving(hostile_theme["site"]) as url:
        yield url


@pytest.mark.browser
@pytest.mark.slow
def test_theme_printed_fields_run_nothing_in_chromium(hostile_theme, hostile_theme_server, browser):
    _assert_nothing_ran(hostile_theme, _visit_every_page(hostile_theme, hostile_theme_server, browser))


def test_theme_printed_fields_are_not_markup_in_the_built_html(hostile_theme):
    test_no_markup_from_content_in_the_built_html(hostile_theme)
