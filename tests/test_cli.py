"""`python -m generator check|build`: exit codes and output formats."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, edit


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})


def test_check_clean_exits_0(mini):
    r = run("--root", str(mini), "check")
    assert r.returncode == 0, r.stderr
    assert "checked content: 0 error(s)" in r.stderr


def test_check_errors_exit_1_with_compiler_style_lines(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", "  - title: 目标\n", "  - titel: 目标\n")
    r = run("--root", str(mini), "check")
    assert r.returncode == 1
    assert "content/pages/subprogramme-1.yaml:4:5: error: unknown key 'titel' (did you mean 'title'?)" in r.stderr
    assert "Traceback" not in r.stderr


def test_check_json(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", "  - title: 目标\n", "  - title: 目标\n    title: x\n")
    r = run("--root", str(mini), "check", "--format", "json")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data[0]["file"] == "content/pages/subprogramme-1.yaml"
    assert (data[0]["line"], data[0]["column"], data[0]["severity"]) == (5, 5, "error")


def test_unusable_input_exits_2(tmp_path):
    r = run("--root", str(tmp_path), "check")
    assert r.returncode == 2
    assert "content: error: the content folder does not exist" in r.stderr


def test_syntax_error_in_plan_exits_2_without_traceback(mini):
    (mini / "content" / "plan.yaml").write_text("symbol: [A/75/6\n", encoding="utf-8")
    r = run("--root", str(mini), "check")
    assert r.returncode == 2
    assert "content/plan.yaml:2:1: error: YAML syntax error" in r.stderr
    assert "Traceback" not in r.stderr


def test_build_writes_markdown(mini, tmp_path):
    out = tmp_path / "out"
    r = run("--root", str(mini), "build", "--out", str(out))
    assert r.returncode == 0, r.stderr
    # every page of the fixture, the home page and the mandates page (other generated pages may join)
    assert {"annex-2.md", "index.md", "mandates.md", "orientation.md", "subprogramme-1.md"} <= {
        p.name for p in out.glob("*.md")}
