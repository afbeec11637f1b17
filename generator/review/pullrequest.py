"""What a pull request's workflow reports about a change to the content, in one run:

* GitHub annotations (workflow commands, on standard output) for the findings of ``check`` on the
  lines the pull request changed, and for those it caused elsewhere (a changed cell that breaks a
  total two lines below): GitHub shows about ten of each kind a step, so findings the content
  already had would crowd out the new ones;
* the job summary: every finding (those on changed lines marked), then the comparison of the
  plans (:mod:`generator.review.report`);
* the pull request's comment: a hidden marker (by which the workflow finds the comment again and
  updates it), the preview's address, the check's counts and the comparison;
* the comparison as JSON where the site build finds it (the preview's changes page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, github_annotation, sort_diagnostics, summary
from generator.review.plans import git
from generator.review.report import code, md

MARKER = "<!-- plan-review -->"  # the comment's hidden marker
GITHUB_ANNOTATIONS_PER_KIND = 10  # what GitHub shows of each kind a step
SUMMARY_FINDINGS = 500  # findings listed in the job summary at most (it holds 1 MiB)
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass
class ChangedLines:
    """The lines of each file a change added or rewrote (new numbering), and the findings the
    change caused (file, severity, message), wherever they are."""

    lines: dict[str, set[int]] = field(default_factory=dict)
    caused: set[tuple[str, str, str]] = field(default_factory=set)

    def touches(self, d: Diagnostic) -> bool:
        if (d.file, d.severity, d.message) in self.caused:
            return True
        changed = self.lines.get(d.file)
        if changed is None:
            return False
        return not d.line or d.line in changed  # a finding about the whole file: the file changed


def changed_lines(root: Path, since: str, comparison: dict | None = None,
                  paths: tuple[str, ...] = ("content",)) -> ChangedLines:
    """The working tree's lines changed since the commit ``since`` (``git diff -U0``), and the
    findings ``comparison`` (:func:`generator.review.diff.diff`'s) says the change caused."""
    text = str(git(root, "diff", "--no-color", "--no-ext-diff", "--relative", "-U0", since, "--", *paths))
    caused = (comparison or {}).get("findings", {}).get("caused", [])
    out = ChangedLines(caused={(d["file"], d["severity"], d["message"]) for d in caused})
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else out.lines.setdefault(name.removeprefix("b/"), set())
        elif (m := _HUNK.match(line)) and current is not None:
            start, count = int(m[1]), int(m[2]) if m[2] is not None else 1
            current.update(range(start, start + count))
    return out


def annotations(diags: list[Diagnostic], changed: ChangedLines) -> list[str]:
    """The workflow commands for the errors and warnings on changed lines, or caused by the change."""
    return [github_annotation(d) for d in sort_diagnostics(diags)
            if d.severity in ("error", "warning") and changed.touches(d)]


def findings_markdown(diags: list[Diagnostic], changed: ChangedLines, heading: str = "##") -> str:
    shown = [d for d in sort_diagnostics(diags) if d.severity in ("error", "warning")]
    on_changed = [d for d in shown if changed.touches(d)]
    lines = [f"{heading} Content check: {summary(shown)}", ""]
    if not shown:
        return "\n".join(lines + ["No errors or warnings.", ""])
    lines += [f"{len(on_changed)} on lines this pull request changed or caused by it (marked ✎; annotated on the diff"
              + (f", where GitHub shows the first {GITHUB_ANNOTATIONS_PER_KIND} of each kind" if
                 len(on_changed) > GITHUB_ANNOTATIONS_PER_KIND else "") + "), "
              f"{len(shown) - len(on_changed)} elsewhere.", ""]
    for d in (on_changed + [d for d in shown if not changed.touches(d)])[:SUMMARY_FINDINGS]:
        mark = "✎ " if changed.touches(d) else ""
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        hint = f" (hint: {md(d.hint)})" if d.hint else ""
        lines.append(f"- {mark}{code(where)} **{d.severity}**: {md(d.message)}{hint}")
    if len(shown) > SUMMARY_FINDINGS:
        lines.append(f"- … and {len(shown) - SUMMARY_FINDINGS} more (`make check` lists them)")
    return "\n".join(lines + [""])


def comment_markdown(diags: list[Diagnostic], changed: ChangedLines, diff_md: str,
                     preview_url: str | None, run_url: str | None) -> str:
    shown = [d for d in diags if d.severity in ("error", "warning")]
    on_changed = sum(changed.touches(d) for d in shown)
    lines = [MARKER, "## Plan review", ""]
    if preview_url:
        lines.append(f"**Preview**: {preview_url} (the [changes page]({preview_url.rstrip('/')}/changes.html) "
                     "links every change to its place)")
    lines.append(f"**Content check**: {summary(shown)}, {on_changed} on lines this pull request changed or caused by it"
                 + (f" ([all findings]({run_url}))" if run_url else ""))
    return "\n".join(lines + ["", diff_md])
