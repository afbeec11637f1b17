"""Reviewing a pull request: `diff` compares two revisions of the plan as data, `review` makes a
pull request's annotations, job summary and comment, and a preview built with the comparison has a
changes page whose every link lands on its change.

The scenario: a git repository holding a copy of the project, its `main` as it is, and a branch
`edit` that changes a paragraph's wording, a table cell (which breaks the table's total), a
mandate's document symbol, adds an English translation of a paragraph and changes an English
caption, and swaps two paragraphs (renumbering both)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_project, edit

from generator.cli.main import main
from generator.rendering.changes import ENV_CHANGES
from generator.review import report
from generator.review.diff import diff
from generator.review.pullrequest import MARKER

SUBPROGRAMME_3 = "content/pages/subprogramme-3.yaml"
TABLE = "content/tables/14.27.yaml"
PARAGRAPH_EDIT = ("为沿海社区提供了巨大的经济效益", "为沿海社区提供了可观的经济效益")
CELL_EDIT = ("values: [2405.0, 2514.0,", "values: [2406.0, 2514.0,")
SYMBOL_EDIT = ('  number: "70/195"\n', '  number: "70/195"\n  symbol: A/RES/70/196\n')
TRANSLATION = "As stated in the proposed programme budget (an English text made for this test)"
TRANSLATION_ADD = ('  - paragraph: "14.46"\n    text: 如',
                   f'  - paragraph: "14.46"\n    text:\n      en: {TRANSLATION}\n      zh: 如')
# an inconsistency the base branch already has: reported in the summary, not annotated
BASE_FINDING = ("content/tables/14.28.yaml", "values: [100.8, 149.3,", "values: [100.8, 149.4,")
CAPTION_EDIT = ("en: 'Subprogramme 3: evolution of financial and post resources'",
                "en: 'Subprogramme 3: changes in financial and post resources'")


def git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    out = subprocess.run(["git", *identity, *args], cwd=root, capture_output=True, text=True, check=True)
    return out.stdout


def swap_paragraphs(root: Path, first: str, second: str) -> None:
    """Put paragraph ``second`` (one line of text) before ``first`` and swap their numbers."""
    path = root / SUBPROGRAMME_3
    lines = path.read_text(encoding="utf-8").split("\n")
    a, b = lines.index(f'  - paragraph: "{first}"'), lines.index(f'  - paragraph: "{second}"')
    block_a, block_b = lines[a:b], lines[b:b + 2]
    block_a[0], block_b[0] = f'  - paragraph: "{second}"', f'  - paragraph: "{first}"'
    lines[a:b + 2] = block_b + block_a
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("review"))
    edit(root, *BASE_FINDING)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the plan")
    git(root, "checkout", "-q", "-b", "edit")
    edit(root, SUBPROGRAMME_3, *PARAGRAPH_EDIT)
    edit(root, TABLE, *CELL_EDIT)
    edit(root, "content/mandates.yaml", *SYMBOL_EDIT)
    edit(root, SUBPROGRAMME_3, *TRANSLATION_ADD)
    edit(root, TABLE, *CAPTION_EDIT)
    swap_paragraphs(root, "14.48", "14.49")
    git(root, "commit", "-q", "-am", "an editor's change")
    return root


@pytest.fixture(scope="module")
def result(repo) -> dict:
    return diff(repo, "main")


def test_paragraphs_matched_by_text_a_renumbering_is_two_moves(result) -> None:
    paragraphs = {(p["old"], p["new"]): p for p in result["paragraphs"]}
    assert set(paragraphs) == {("14.47", "14.47"), ("14.48", "14.49"), ("14.49", "14.48")}
    changed = paragraphs["14.47", "14.47"]
    assert changed["change"] == "changed" and changed["anchor"] == "para-14.47"
    assert ["-", "巨大"] in changed["redline"] and ["+", "可观"] in changed["redline"]
    for key in (("14.48", "14.49"), ("14.49", "14.48")):
        assert paragraphs[key]["change"] == "moved" and "redline" not in paragraphs[key]


def test_cell_change_and_the_finding_it_causes(result) -> None:
    [cell] = result["cells"]
    assert (cell["change"], cell["number"], cell["row"], cell["column"], cell["old"], cell["new"]) == (
        "cell", "14.27", "员额", "2019 年支出数", 2405.0, 2406.0)
    assert cell["anchor"] == "table-14.27" and cell["page"] == "programme-of-work"
    caused = [f for f in result["findings"]["caused"] if f["file"] == TABLE]
    assert len(caused) == 1 and "2 406.0" in caused[0]["message"] and caused[0]["severity"] == "warning"
    assert result["findings"]["cleared"] == []


def test_mandate_relinked_and_translations(result) -> None:
    assert result["mandates"] == [{
        "change": "relinked", "key": "GA resolution 70/195", "old_symbol": "A/RES/70/195",
        "symbol": "A/RES/70/196", "old_url": "https://undocs.org/zh/A/RES/70/195",
        "url": "https://undocs.org/zh/A/RES/70/196", "page": "mandates", "anchor": "ga-resolution-70-195"}]
    translations = {t["what"]: t for t in result["translations"]}
    added = translations["paragraph 14.46"]
    assert (added["change"], added["lang"], added["new"], added["anchor"]) == ("added", "en", TRANSLATION, "para-14.46")
    caption = translations[f"{TABLE}: caption"]
    assert caption["change"] == "changed" and caption["anchor"] == "table-14.27"
    assert ["-", "evolution of"] in caption["redline"] and ["+", "changes in"] in caption["redline"]
    assert result["texts"] == [] and result["pages"] == [] and result["citations"] == []
    assert result["counts"] == {"paragraphs": 3, "cells": 1, "findings": 1, "mandates": 1, "citations": 0,
                                "texts": 0, "translations": 2, "pages": 0}


def test_markdown_and_json_from_the_command_line(repo, capsys) -> None:
    assert main(["--root", str(repo), "diff", "main", "edit"]) == 0
    text = capsys.readouterr().out
    assert "<del>巨大</del><ins>可观</ins>" in text
    assert "**14.49 → 14.48** moved (text unchanged)" in text
    assert "| table 14.27 | 员额 | 2019 年支出数 | 2405.0 | 2406.0 |" in text
    assert "**GA resolution 70/195** relinked: `A/RES/70/195` → [A/RES/70/196](https://undocs.org/zh/A/RES/70/196)" in text
    assert "en changed, `content/tables/14.27.yaml: caption`: Subprogramme 3: <del>evolution of</del><ins>changes in</ins>" in text
    out = repo / "build" / "diff.json"
    assert main(["--root", str(repo), "diff", "main", "edit", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["head"]["ref"] == "edit" and data["counts"]["paragraphs"] == 3


def test_unknown_revision_is_a_message_not_a_traceback(repo, capsys) -> None:
    assert main(["--root", str(repo), "diff", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("diff: ") and "Traceback" not in err


def test_markdown_is_bounded_and_escaped() -> None:
    moves = [{"change": "changed", "old": f"14.{n}", "new": f"14.{n}", "old_page": "p", "page": "p",
              "anchor": f"para-14.{n}", "redline": [["=", "x" * 400], ["-", "<b>|*"], ["+", "新" * 300]]}
             for n in range(1, 400)]
    result = {"base": {"ref": "main", "commit": "0" * 40}, "head": {"ref": "edit", "commit": "1" * 40},
              "paragraphs": moves, "counts": {"paragraphs": len(moves)}}
    text = report.markdown(result)
    assert len(text) <= report.BUDGET
    assert re.search(r"- … and \d+ more", text)
    assert "<del>&lt;b&gt;\\|\\*</del>" in text and "<b>" not in text


def test_renumbering_run_is_one_line() -> None:
    moves = [{"change": "moved", "old": f"14.{n}", "new": f"14.{n + 1}", "old_page": "p", "page": "p",
              "anchor": f"para-14.{n + 1}"} for n in range(10, 60)]
    result = {"base": {"ref": "main", "commit": "0" * 40}, "head": {"ref": "edit", "commit": None},
              "paragraphs": moves, "counts": {"paragraphs": len(moves)}}
    text = report.markdown(result)
    assert "**14.11** … 14.60: renumbered from 14.10 … 14.59 (50 paragraphs, text unchanged)" in text
    assert "moved" not in text


def test_review_annotates_the_new_finding_and_summarises_all(repo, tmp_path, capsys) -> None:
    summary = tmp_path / "summary.md"
    status = main(["--root", str(repo), "review", "main", "--summary", str(summary),
                   "--out", str(tmp_path / "review"), "--preview-url", "https://example.org/pr-preview/pr-7/"])
    out = capsys.readouterr().out
    assert status == 0
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    # the changed cell's total, two lines below the cell: not a changed line, but a new finding
    lines = (repo / "content" / "tables" / "14.27.yaml").read_text(encoding="utf-8").splitlines()
    total = next(n for n, line in enumerate(lines, 1) if line.strip() == "kind: total") + 1  # its values
    assert [a.split(",")[:2] for a in annotations] == [["::warning file=content/tables/14.27.yaml", f"line={total}"]]
    assert "2 406.0" in annotations[0]
    text = summary.read_text(encoding="utf-8")
    findings = [line for line in text.splitlines() if line.startswith("- ") and "**warning**" in line]
    clean = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json"], cwd=repo,
                           capture_output=True, text=True)
    warnings = [d for d in json.loads(clean.stdout) if d["severity"] == "warning"]
    # the base's own findings (14.28's sum and the totals it feeds): listed, not annotated
    assert len(findings) == len(warnings) > 2
    assert findings[0].startswith(f"- ✎ `content/tables/14.27.yaml:{total}:")
    assert not any(f.startswith("- ✎") for f in findings[1:])
    assert any(f.startswith("- `content/tables/14.28.yaml:") for f in findings[1:])
    assert "### Changes to the plan" in text
    comment = (tmp_path / "review" / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(MARKER + "\n")
    assert "(https://example.org/pr-preview/pr-7/subprogramme-3.html#para-14.47)" in comment
    assert json.loads((tmp_path / "review" / "changes.json").read_text(encoding="utf-8"))["counts"]["cells"] == 1


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "article":
            self.in_article += 1
        if tag == "a" and self.in_article and a.get("href") and not a["href"].startswith(("http", "#")):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1


def _parse(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.slow
def test_changes_page_links_every_change_to_its_place(repo, result) -> None:
    (repo / "build").mkdir(exist_ok=True)
    (repo / "build" / "diff.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, ENV_CHANGES: "build/diff.json"})
    assert proc.returncode == 0, proc.stderr
    linked = [i for name in ("paragraphs", "cells", "mandates", "translations") for i in result[name] if i.get("page")]
    linked += [f for f in result["findings"]["caused"] if f.get("page")]
    for folder in (repo / "site", repo / "site" / "en"):
        page = folder / "changes.html"
        links = [h for h in _parse(page).links if "#" in h and not h.startswith("changes.html")]
        assert len(links) == len(linked), links
        for href in links:
            target, _, anchor = href.partition("#")
            assert anchor in _parse(folder / target).ids, f"{page}: {href} lands nowhere"
    assert "changes.html" in (repo / "site" / "index.html").read_text(encoding="utf-8")  # in the navigation
    index = json.loads((repo / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any(d["location"].startswith(("changes.html", "en/changes.html")) for d in index["docs"])



def test_broken_head_is_reported_not_compared(mini, capsys) -> None:
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-q", "-m", "the plan")
    page = next((mini / "content" / "pages").glob("*.yaml"))
    page.write_text(page.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    assert main(["--root", str(mini), "diff", "main"]) == 1
    captured = capsys.readouterr()
    assert "The plans cannot be compared: the content has errors" in captured.out
    assert "- head: 1 error(s)" in captured.out and "Traceback" not in captured.err
    status = main(["--root", str(mini), "review", "main", "--summary", str(mini / "summary.md")])
    assert status == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error")]
    assert len(annotations) == 1 and "unknown key 'titel'" in annotations[0]
