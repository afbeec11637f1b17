"""Fuzzing `python -m generator diff` (the comparison a pull request's review shows): two plans,
each the committed plan with files mutated as tests/test_fuzz_content.py mutates them, the base
committed and the head in the working tree, compared through the command line.

Whatever the two plans are: no traceback; exit 0 with the changes, or exit 1 with the errors of
each side, every error located in its file; the Markdown within its budget (a pull-request
comment's); every change that says where the site shows it names a page of the head plan. A plan
compared with itself has no change (or the same errors on both sides).

The number of inputs comes from the Hypothesis profile (tests/conftest.py: fuzz_budget).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import MINI, ROOT, fuzz_budget
from hypothesis import event, example, given
from hypothesis import strategies as st
from test_fuzz_content import (
    CORPUS,
    MINI_CORPUS,
    TEXT_KEYS,
    _diag_located,
    _paths,
    changes,
    mutated_text,
    retyped_text,
    rewritten_text,
)

from generator.cli.main import main
from generator.content.generated import RESERVED
from generator.content.load import parse_yaml
from generator.diagnostics import Diagnostic
from generator.review import report
from generator.review.plans import load_plan

pytestmark = pytest.mark.fuzz

_GIT = ["git", "-c", "user.name=Fuzz", "-c", "user.email=fuzz@example.org", "-c", "commit.gpgsign=false"]


def _git(root: Path, *args: str) -> str:
    return subprocess.run([*_GIT, *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


class Repo:
    """A git repository holding a plan: its files as committed, read back to start every input."""

    def __init__(self, root: Path, corpus: dict[str, str]):
        self.root = root
        self.corpus = corpus
        self.first = _git(root, "rev-parse", "HEAD")  # the plan as it is

    def reset(self, edits: list[tuple[str, str]]) -> dict[str, str]:
        """The committed plan with ``edits`` (file, text) saved over it; the texts of the files."""
        _git(self.root, "checkout", "-q", self.first, "--", "content")
        texts = dict(self.corpus)
        for rel, text in edits:
            (self.root / rel).write_text(text, encoding="utf-8")
            texts[rel] = text
        return texts

    def commit(self) -> str:
        _git(self.root, "add", "-A", "content")
        _git(self.root, "commit", "-q", "--allow-empty", "-m", "an edit")
        return _git(self.root, "rev-parse", "HEAD")


def _repo(work: Path, source: Path, corpus: dict[str, str]) -> Repo:
    shutil.copytree(source / "content", work / "content", ignore=shutil.ignore_patterns("strings"))
    shutil.copytree(ROOT / "content" / "strings", work / "content" / "strings")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    _git(work, "init", "-q", "-b", "main")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "the plan")
    return Repo(work, corpus)


@pytest.fixture(scope="module")
def mini_repo(tmp_path_factory) -> Repo:
    return _repo(tmp_path_factory.mktemp("diff-mini"), MINI, MINI_CORPUS)


@pytest.fixture(scope="module")
def real_repo(tmp_path_factory) -> Repo:
    return _repo(tmp_path_factory.mktemp("diff-real"), ROOT, CORPUS)


@st.composite
def recounted_text(draw, text: str) -> str:
    """Valid content with one to four of its numbers (table and figure cells, mostly) changed."""
    data = yaml.safe_load(text)
    spots = [p for p in _paths(data) if p and isinstance(_at(data, p), (int, float)) and not isinstance(_at(data, p), bool)]
    for path in draw(st.lists(st.sampled_from(spots), min_size=1, max_size=4)) if spots else []:
        parent = _at(data, path[:-1])
        parent[path[-1]] = draw(st.integers(0, 10**6) | st.floats(0, 10**6, allow_nan=False).map(lambda x: round(x, 1)))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def lengthened_text(draw, text: str) -> str:
    """Valid content with one or two of its texts made long (up to some 30,000 characters): what
    a comparison's report must keep within its budget."""
    data = yaml.safe_load(text)
    spots = [p for p in _paths(data) if p and p[-1] in TEXT_KEYS and isinstance(_at(data, p), str)]
    for path in draw(st.lists(st.sampled_from(spots), min_size=1, max_size=2)) if spots else []:
        word = draw(st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=3) | st.just("长"))
        _at(data, path[:-1])[path[-1]] = draw(st.text(min_size=1, max_size=10)) + word * draw(st.integers(1, 10_000))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def edits(corpus: dict[str, str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """What an editor saved: nothing, or one to three files changed; texts or numbers rewritten
    (the plan stays valid) two times in three, else mutated or retyped (it may break)."""
    valid = changes(corpus, rewritten_text, recounted_text, lengthened_text)
    any_change = st.one_of(valid, valid, changes(corpus, mutated_text, retyped_text))
    return st.lists(any_change, max_size=3)


PREVIEW = st.none() | st.just("https://example.org/pr/1/")


def _diff(root: Path, *revisions: str) -> tuple[int, dict, str]:
    out = root.parent / "diff.json"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(root), "diff", *revisions, "--format", "json", "-o", str(out)])
    assert "Traceback" not in err.getvalue()
    return code, json.loads(out.read_text(encoding="utf-8")), err.getvalue()


def _located(errors: list[dict], texts: dict[str, str]) -> None:
    for e in errors:
        _diag_located(Diagnostic(e["file"], e["line"], e["column"], e["severity"], e["message"]), texts)


def _items(result: dict):
    for value in result.values():
        if isinstance(value, list):
            yield from value
        elif isinstance(value, dict) and "caused" in value:
            yield from value["caused"] + value["cleared"]


def _compared(repo: Repo, base_edits: list, head_edits: list, preview: str | None) -> None:
    base_texts = repo.reset(base_edits)
    base = repo.commit()
    head_texts = repo.reset(head_edits)
    code, result, err = _diff(repo.root, base)
    md = report.markdown(result, preview_url=preview)  # what `diff` prints without --format json
    assert len(md) <= report.BUDGET, len(md)
    if "errors" in result:
        event("errors")
        assert code == 1, err
        assert result["errors"]["base"] or result["errors"]["head"]
        _located(result["errors"]["base"], base_texts)
        _located(result["errors"]["head"], head_texts)
        assert "cannot be compared" in md
        return
    assert code == 0, err
    changed = any(result["counts"].values())
    event("changes" if changed else "no change")
    assert ("No change to the plan's content." in md) == (not changed)
    # nothing is left out: plans that read differently have changes
    differ = [rel for rel in set(base_texts) | set(head_texts)
              if parse_yaml(base_texts[rel], rel)[0].data != parse_yaml(head_texts[rel], rel)[0].data]
    assert changed or not differ, f"no change reported, but {differ} changed"
    head = load_plan(repo.root)
    assert head.ok
    pages = set(head.linked.site.pages) | set(RESERVED)
    for item in _items(result):
        assert item.get("page") in pages | {None}, item


@fuzz_budget(ci=12, long=800)
# what the fuzzer found: a value that is neither text nor cell (the paragraph of an audit report a
# recommendation cites) changed, and the comparison said nothing
@example(base=[], head=[("content/pages/annex-2.yaml", MINI_CORPUS["content/pages/annex-2.yaml"].replace(
    "paragraph: 29", "paragraph: 0"))], preview=None)
@given(base=edits(MINI_CORPUS), head=edits(MINI_CORPUS), preview=PREVIEW)
def test_diff_of_two_mutated_mini_plans(mini_repo, base, head, preview):
    _compared(mini_repo, base, head, preview)


def _long_titles(rel: str, length: int) -> tuple[str, str]:
    """A page of the real plan whose section titles say something ``length`` long."""
    data = yaml.safe_load(CORPUS[rel])
    for section in data["sections"]:
        section["title"] = "长" * length
    return rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@fuzz_budget(ci=3, long=100)
# what the fuzzer found, section titles rewritten (at length): a section without an id is known
# by its title's anchor, so the new titles were no change at all; and the report, cut short, was
# longer than its budget
@example(base=[], head=[_long_titles("content/pages/orientation.yaml", 30_000)], preview=None)
@given(base=edits(CORPUS), head=edits(CORPUS), preview=PREVIEW)
def test_diff_of_two_mutated_real_plans(real_repo, base, head, preview):
    _compared(real_repo, base, head, preview)


@fuzz_budget(ci=8, long=500)
@given(plan=edits(MINI_CORPUS))
def test_diff_of_a_plan_with_itself_reports_no_change(mini_repo, plan):
    repo = mini_repo
    repo.reset(plan)
    commit = repo.commit()
    code, result, err = _diff(repo.root, commit, commit)
    if "errors" in result:
        assert code == 1 and result["errors"]["base"] == result["errors"]["head"] != [], err
        return
    assert code == 0, err
    assert not any(result["counts"].values()), result["counts"]
    assert "No change to the plan's content." in report.markdown(result)
