"""The live preview as a state machine: Hypothesis drives the preview's rebuild path (the
:class:`Preview` that ``python -m generator serve`` runs, in process) through random sequences of
an editor's saves: text changed, a number changed, a file broken and mended, a page added and
removed, a title renamed. After each save the served site is, byte for byte, what a full build
makes of the same content, or, while the content is broken, every page shows the error banner;
and the renderer's worker processes do not grow.

A few steps in `make test`, many more in `make fuzz` (tests/conftest.py: LONG_FUZZ).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import LONG_FUZZ, MINI, ROOT, copy_project
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, precondition, rule
from test_serve import URL, assert_as_a_full_build, html

from generator import pipeline
from generator.engine.serve import Preview

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

PAGES = ("content/pages/orientation.yaml", "content/pages/subprogramme-1.yaml", "content/pages/annex-2.yaml")
TABLE = "content/tables/14.1.yaml"
# words an editor types: Chinese, Latin, digits, punctuation, and what HTML and Markdown treat specially
WORDS = st.text(st.sampled_from(list("环境署方案目标气候变化 abcXYZ0123456789.,;:!?()[]{}<>&*_#|`'\"\\-—")),
                min_size=1, max_size=24).filter(lambda t: t.strip() == t and t.strip())
# the renderer's processes may hold this much more than after the first build: parsed content,
# caches, MkDocs' modules; growth beyond it over a few saves of a small plan is a leak
RSS_SLACK = 1.5
RSS_SLACK_BYTES = 64 << 20


def _children() -> set[int]:
    me = str(os.getpid())
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            out.add(int(stat.parent.name))
    return out


def _rss(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass  # gone
    return total


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


class PreviewMachine(RuleBasedStateMachine):
    added = Bundle("added pages")

    def __init__(self) -> None:
        super().__init__()
        self.work = Path(tempfile.mkdtemp(prefix="preview-states-"))
        self.root = copy_project(self.work / "project", skip=("content",))
        shutil.copytree(MINI / "content", self.root / "content")
        shutil.copytree(ROOT / "content" / "strings", self.root / "content" / "strings")
        self.good: dict[str, str] = {}  # the last good text of each file broken now
        self.count = 0
        before = _children()
        # the address the site is built for (nothing listens there): as test_serve's full builds
        self.preview = Preview(self.root, self.work / "site", URL)
        self.preview.start()
        self.workers = _children() - before
        self.rss_start = _rss(self.workers)

    def teardown(self) -> None:
        self.preview.renderer.close()
        shutil.rmtree(self.work, ignore_errors=True)

    # ------------------------------------------------------------------ editing

    def _read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def _save(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")
        self.preview.rebuild()

    def _replace_line(self, rel: str, prefix: str, value: str, nth: int) -> None:
        lines = self._read(rel).split("\n")
        spots = [i for i, line in enumerate(lines) if line.lstrip().removeprefix("- ").startswith(prefix)]
        i = spots[nth % len(spots)]
        head = lines[i][: lines[i].index(prefix) + len(prefix)]
        lines[i] = head + value
        self._save(rel, "\n".join(lines))

    def _editable(self, rel: str) -> bool:
        return rel not in self.good

    @rule(page=st.sampled_from(PAGES), nth=st.integers(0, 9), text=WORDS)
    def change_text(self, page, nth, text):
        if self._editable(page):
            self._replace_line(page, "text: ", _quoted(text), nth)

    @rule(nth=st.integers(0, 3), value=st.integers(-10**6, 10**9) | st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 1)))
    def change_number(self, nth, value):
        if self._editable(TABLE):
            lines = self._read(TABLE).split("\n")
            rows = [i for i, line in enumerate(lines) if line.strip().startswith("values: [")]
            i = rows[nth % len(rows)]
            head, _, rest = lines[i].partition("[")
            cells = rest.rstrip("]").split(", ")
            cells[0] = repr(value)
            lines[i] = head + "[" + ", ".join(cells) + "]"
            self._save(TABLE, "\n".join(lines))

    @rule(page=st.sampled_from(PAGES), title=WORDS)
    def rename_title(self, page, title):
        if self._editable(page):
            self._replace_line(page, "title: ", _quoted(title), 0)  # the page's: the first

    @rule(rel=st.sampled_from(PAGES + (TABLE, "content/plan.yaml")),
          how=st.sampled_from(["text: [unclosed\n", "\tbad: tab\n", "titel: misspelt\n", ": :\n"]))
    def break_file(self, rel, how):
        if self._editable(rel):
            text = self._read(rel)
            self.good[rel] = text
            self._save(rel, text + how)

    @precondition(lambda self: self.good)
    @rule(data=st.data())
    def mend(self, data):
        rel = data.draw(st.sampled_from(sorted(self.good)))
        self._save(rel, self.good.pop(rel))

    @precondition(lambda self: "content/plan.yaml" not in self.good)
    @rule(target=added, title=WORDS)
    def add_page(self, title):
        self.count += 1
        page_id = f"extra-{self.count}"
        (self.root / f"content/pages/{page_id}.yaml").write_text(
            f"id: {page_id}\ntitle: {_quoted(title)}\nblocks:\n  - text: {_quoted(title)}\n", encoding="utf-8")
        self._save("content/plan.yaml", self._read("content/plan.yaml") + f"  - page: {page_id}\n")
        return page_id

    @precondition(lambda self: "content/plan.yaml" not in self.good)
    @rule(page_id=consumes(added))
    def remove_page(self, page_id):
        (self.root / f"content/pages/{page_id}.yaml").unlink()
        self._save("content/plan.yaml", self._read("content/plan.yaml").replace(f"  - page: {page_id}\n", ""))

    # ------------------------------------------------------------------ what must hold

    @invariant()
    def served_as_a_full_build_or_the_banner(self):
        if not pipeline.check(self.root).ok():  # a broken file, or an edit that broke a reference
            for name in ("index.html", "orientation.html", "en/subprogramme-1.html"):
                assert "preview-errors" in html(self.preview, name), name
            return
        with tempfile.TemporaryDirectory() as tmp:
            assert_as_a_full_build(self.preview, Path(tmp))

    @invariant()
    def workers_stay_bounded(self):
        rss = _rss(self.workers)
        assert rss <= self.rss_start * RSS_SLACK + RSS_SLACK_BYTES, (self.rss_start, rss)


PreviewMachine.TestCase.settings = settings(
    max_examples=6 if LONG_FUZZ else 1, stateful_step_count=12 if LONG_FUZZ else 4, deadline=None,
)
test_preview_rebuilds_as_a_full_build = PreviewMachine.TestCase
