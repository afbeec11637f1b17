"""The GitHub workflows: actionlint finds nothing in them, everything they run beyond checkout,
caching and the third-party actions is a make target or a script of the project, and the script
that keeps the pull request's one comment up to date updates it rather than adding another."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
COMMENT_SCRIPT = ROOT / ".github" / "scripts" / "comment.js"


def test_actionlint_passes() -> None:
    actionlint = Path(sys.executable).parent / "actionlint"
    assert actionlint.is_file(), "actionlint is missing: `make` installs requirements.txt"
    assert WORKFLOWS
    proc = subprocess.run([str(actionlint), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_would_catch_a_misspelt_input(tmp_path) -> None:
    bad = tmp_path / "bad.yml"
    text = WORKFLOWS[0].read_text(encoding="utf-8")
    bad.write_text(text.replace("fetch-depth:", "fetch-dept:") if "fetch-depth:" in text
                   else text.replace("uses: actions/checkout@v4", "uses: actions/checkout@v4\n        with:\n          fetch-dept: 0", 1),
                   encoding="utf-8")
    proc = subprocess.run([str(Path(sys.executable).parent / "actionlint"), "-no-color", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and 'input "fetch-dept" is not defined' in proc.stdout


def _run_commands() -> list[str]:
    commands = []
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            commands += [" ".join(step["run"].split()) for step in job["steps"] if "run" in step]
    return commands


def test_workflow_commands_are_make_targets_or_the_generator() -> None:
    commands = _run_commands()
    assert commands
    for command in commands:
        words = command.split()
        if words[0] == "sudo":
            words = words[1:]
        if words[0] == "make":  # a target of the Makefile (a dry run: make says when there is none)
            dry = subprocess.run(["make", "-n", words[1]], cwd=ROOT, capture_output=True, text=True)
            assert dry.returncode == 0, f"{command}: {dry.stderr}"
        else:
            assert words[:3] == [".venv/bin/python", "-m", "generator"], command


def test_comment_script_updates_the_one_comment(tmp_path) -> None:
    """actions/github-script's client, mocked: the first run creates the comment, later runs update
    it (found by the marker, among other people's comments), and a comment by a person that
    quotes the marker is left alone."""
    harness = tmp_path / "harness.js"
    harness.write_text("""
const upsert = require(process.argv[2]);
const comments = [{ id: 1, user: { type: "User" }, body: "<!-- plan-review -->\\nquoted by a person" }];
let next = 10;
const github = {
  paginate: async (fn, args) => (await fn(args)).data,
  rest: { issues: {
    listComments: async () => ({ data: comments.slice() }),
    createComment: async ({ body }) => { const c = { id: next++, user: { type: "Bot" }, body }; comments.push(c); return { data: c }; },
    updateComment: async ({ comment_id, body }) => { comments.find((c) => c.id === comment_id).body = body; },
  } },
};
const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
(async () => {
  const runs = [];
  for (const n of [1, 2, 3]) runs.push(await upsert({ github, context, body: `<!-- plan-review -->\\npush ${n}` }));
  console.log(JSON.stringify({ runs, comments }));
})();
""", encoding="utf-8")
    proc = subprocess.run(["node", str(harness), str(COMMENT_SCRIPT)], capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout)
    assert out["runs"] == [{"created": 10}, {"updated": 10}, {"updated": 10}]
    assert [c["body"] for c in out["comments"]] == ["<!-- plan-review -->\nquoted by a person",
                                                    "<!-- plan-review -->\npush 3"]
