"""A large plan (the real one ten times over) is parsed, checked and linked by two processes, each
doing a part: the pages and the diagnostics are those one process makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, edit

pytestmark = pytest.mark.slow

# in a process of its own: a process with threads running (pytest's may) never forks
COMPARE = r"""
import hashlib, json, sys
from generator import pipeline
from generator.diagnostics import GeneratorError

def generate():
    try:
        pages, diags = pipeline.generate(sys.argv[1])
    except GeneratorError as exc:
        return {"errors": [d.format() for d in exc.diagnostics]}
    digest = hashlib.sha256(json.dumps(pages, sort_keys=True).encode()).hexdigest()
    return {"pages": digest, "diagnostics": [d.format() for d in diags]}

assert pipeline._can_fork(), "this machine cannot fork: nothing to compare"
two = generate()
pipeline.PARALLEL_FROM_PAGES = 10**9
print(json.dumps([two, generate()]))
"""


def generated_by_two_and_by_one(root: Path) -> tuple[dict, dict]:
    run = subprocess.run([sys.executable, "-c", COMPARE, str(root)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    two, one = json.loads(run.stdout.strip().splitlines()[-1])
    return two, one


def test_a_large_plan_is_generated_by_two_processes_as_by_one(tmp_path: Path) -> None:
    from generator import pipeline
    from tests.bench import replicate

    root = copy_project(tmp_path, skip=("content",))
    replicate.replicate(ROOT, root, 10)
    assert len(list((root / "content" / "pages").glob("*.yaml"))) >= pipeline.PARALLEL_FROM_PAGES
    two, one = generated_by_two_and_by_one(root)
    assert two == one and "pages" in two
    # a cross-file error (a paragraph number used twice), found beside the linking
    edit(root, "content/pages/subprogramme-2-r4.yaml", "paragraph: '14.628'", "paragraph: '14.627'")
    two, one = generated_by_two_and_by_one(root)
    assert two == one and any("14.627" in e for e in two["errors"])
