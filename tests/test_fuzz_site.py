"""Fuzzing the whole site build (`python -m generator site`) on mutated content: whatever an
editor saves, the build either succeeds (whenever `check` passes) or is refused with located
errors and leaves site/ as it was; never a traceback, never a half-written site.

Each input costs a build of the miniature plan (two MkDocs processes): a few in `make test`,
more in `make fuzz` (tests/conftest.py: fuzz_budget).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, copy_project, fuzz_budget
from hypothesis import example, given
from test_fuzz_content import EMPTY_PARTS, MINI_CHANGES, MINI_CORPUS

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

_LOCATED = re.compile(r"^content/[^:\n]+:\d+:\d+: (error|warning): .+")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The project with the miniature plan as its content, and a site/ from an earlier build."""
    work = copy_project(tmp_path_factory.mktemp("fuzz-site"), skip=("content",))
    shutil.copytree(MINI / "content", work / "content")
    shutil.copytree(ROOT / "content" / "strings", work / "content" / "strings")
    (work / "site").mkdir()
    (work / "site" / "earlier.html").write_text("the site of an earlier build", encoding="utf-8")
    return work


def _site(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "site"], cwd=root, capture_output=True, text=True,
        env={"PATH": os.environ["PATH"], "NO_MKDOCS_2_WARNING": "1", "HOME": str(root),
             "TMPDIR": str(root), "SOURCE_DATE_EPOCH": "1700000000"},
    )


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True,
                          text=True, env={"PATH": os.environ["PATH"], "HOME": str(root)})


@fuzz_budget(ci=3, long=40)
@example(change=EMPTY_PARTS)  # check used to pass it, and writing the table's CSV crashed the build
# valid content whose text is what Markdown, HTML and Jinja2 read as their own: it builds
@example(change=("content/pages/subprogramme-1.yaml", MINI_CORPUS["content/pages/subprogramme-1.yaml"].replace(
    "title: 次级方案 1 气候变化", 'title: "次级方案 1 <b>|*x*</b> {{ y }} [z](javascript:x)"')))
@given(change=MINI_CHANGES)
def test_a_mutated_plan_builds_or_is_refused_with_located_errors(project, change):
    rel, text = change
    path = project / rel
    path.write_text(text, encoding="utf-8")
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    try:
        checked = _check(project)
        built = _site(project)
        out = built.stdout + built.stderr
        assert "Traceback" not in out, out
        assert not (project / ".site.new").exists() and not (project / ".site.old").exists()
        if checked.returncode == 0:
            assert built.returncode == 0, out
            for page in ("index.html", "en/index.html", "subprogramme-1.html", "en/subprogramme-1.html"):
                assert (project / "site" / page).is_file(), page
        else:
            assert built.returncode in (1, 2), out
            errors = [line for line in built.stderr.splitlines() if ": error: " in line]
            assert errors, built.stderr
            for line in errors:
                assert _LOCATED.match(line), line
            after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
            assert after == before  # site/ is as it was
    finally:
        path.write_text(MINI_CORPUS[rel], encoding="utf-8")
