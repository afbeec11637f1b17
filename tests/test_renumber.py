"""``python -m generator renumber``: one command inserts, removes or moves a paragraph, table or
figure, renumbers the rest and updates every reference, in a copy of the real content/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from generator.cli.main import main
from generator.content.model import walk_blocks
from generator.editing.renumber import int_to_chinese, int_to_roman, printed_like
from generator.pipeline import build, check

NEW_TEXT = "本段为插入的新段落，用于核对重新编号。"
_XREF = re.compile(r'<a class="xref" href="([^"#]*)#([^"]+)">')
_NUMBER = re.compile(r"14\.[0-9一二三四五六七八九十IVXLC]+")
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _targets(docs: Path) -> list[tuple[str, str]]:
    """Every cross-reference link of the built pages, in order, with the text it lands on (its
    numbers taken out: they are what renumbering changes)."""
    out = []
    for md in sorted(docs.rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        for href, anchor in _XREF.findall(text):
            page = md.parent / (Path(href).with_suffix(".md").name if href else md.name)
            target = page.read_text(encoding="utf-8")
            at = target.index(f'id="{anchor}"')
            landed = _NUMBER.sub("", _TAG.sub("", target[at:at + 600].split(">", 1)[1]))
            out.append((md.relative_to(docs).as_posix(), " ".join(landed.split())[:60]))
    return out


def _renumber(root: Path, *args: str) -> int:
    return main(["--root", str(root), "renumber", *args])


def test_insert_after_14_47_keeps_every_cross_reference_on_its_text(project: Path, tmp_path: Path, capsys) -> None:
    before_files = {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
                    for p in (project / "content").rglob("*.yaml")}
    build(project, tmp_path / "before")
    before = _targets(tmp_path / "before")
    assert len(before) > 50

    assert _renumber(project, "paragraph", "--insert-after", "14.47", "--text", NEW_TEXT) == 0
    out = capsys.readouterr()
    assert re.search(r"content/pages/policymaking\-organs\.yaml:\d+:\ 第\ 14\.113\ 段\ \->\ 第\ 14\.114\ 段", out.out), out.out
    assert re.search(r"content/pages/subprogramme\-3\.yaml:\d+:\ after\ paragraph\ 14\.47\ \->\ new\ paragraph\ 14\.48", out.out), out.out

    result = check(project)
    assert result.ok(), [d.format() for d in result.diagnostics if d.severity == "error"]
    build(project, tmp_path / "after")
    assert _targets(tmp_path / "after") == before
    page = (tmp_path / "after/zh/subprogramme-3.md").read_text(encoding="utf-8")
    assert f'<a class="para-num" href="#para-14.48">14.48</a> {NEW_TEXT}</p>' in page
    assert 'href="#para-14.150">14.150</a>' in (tmp_path / "after/zh/programme-support.md").read_text(encoding="utf-8")

    # comments and layout kept: each changed file has the same lines but for the numbers (and
    # the two lines of the new paragraph)
    for rel, old in before_files.items():
        new = (project / rel).read_text(encoding="utf-8")
        old_lines, new_lines = old.splitlines(), new.splitlines()
        if rel.endswith("subprogramme-3.yaml"):
            at = new_lines.index('  - paragraph: "14.48"')
            assert new_lines[at + 1] == f"    text: {NEW_TEXT}"
            del new_lines[at:at + 2]
        assert [_NUMBER.sub("#", t) for t in new_lines] == [_NUMBER.sub("#", t) for t in old_lines], rel


def test_dry_run_writes_nothing(project: Path, capsys) -> None:
    files = {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")}
    assert _renumber(project, "paragraph", "--remove", "14.48", "--dry-run") == 0
    out = capsys.readouterr()
    assert re.search(r"content/pages/subprogramme\-3\.yaml:\d+:\ paragraph:\ 14\.49\ \->\ paragraph:\ 14\.48", out.out), out.out
    assert "dry run: paragraphs renumbered: 14.49-14.149 -> 14.48-14.148; 12 file(s) would change" in out.err
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")} == files


def test_removing_a_cited_paragraph_is_refused_at_the_citing_place(project: Path, capsys) -> None:
    files = {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")}
    assert _renumber(project, "paragraph", "--remove", "14.113") == 1
    err = capsys.readouterr().err
    assert ("content/pages/policymaking-organs.yaml:11:9: error: '第 14.113 段' cites the paragraph that "
            "is removed") in err
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")} == files


def test_moving_a_table_renames_files_and_updates_references(project: Path, capsys) -> None:
    caption = (project / "content/tables/14.20.yaml").read_text(encoding="utf-8")
    assert _renumber(project, "table", "--move", "14.20", "--after", "14.16") == 0
    capsys.readouterr()
    moved = (project / "content/tables/14.17.yaml").read_text(encoding="utf-8")
    assert moved == caption.replace('number: "14.20"', 'number: "14.17"')
    assert 'number: "14.18"' in (project / "content/tables/14.18.yaml").read_text(encoding="utf-8")
    # 表 14.20 in the policymaking organs' text follows its table
    assert "见表 14.17 和图 14.十九" in (project / "content/pages/policymaking-organs.yaml").read_text(encoding="utf-8")
    # and so does a relation that names it (the old 14.18, now 14.19, sums the old 14.20)
    assert '      - {table: "14.17"}\n      - {table: "14.21"}' in (
        project / "content/tables/14.19.yaml").read_text(encoding="utf-8")
    assert check(project).ok()


def test_removing_a_table_a_relation_names_is_refused(project: Path, capsys) -> None:
    assert _renumber(project, "table", "--remove", "14.25") == 1
    err = capsys.readouterr().err
    assert re.search(r"content/tables/14\.18\.yaml:\d+:\d+:\ error:\ names\ table\ 14\.25,\ which\ is\ removed", err), err
    assert (project / "content/tables/14.25.yaml").exists()


def test_inserting_a_figure_takes_its_file_and_renumbers_in_chinese_numerals(project: Path, tmp_path: Path, capsys) -> None:
    new = tmp_path / "new-figure.yaml"
    new.write_text((project / "content/figures/14.19.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert _renumber(project, "figure", "--insert-after", "14.十八", "--file", str(new)) == 0
    capsys.readouterr()
    assert 'number: "14.十九"' in (project / "content/figures/14.19.yaml").read_text(encoding="utf-8")
    assert 'number: "14.三十二"' in (project / "content/figures/14.32.yaml").read_text(encoding="utf-8")
    assert "见表 14.20 和图 14.二十。" in (project / "content/pages/policymaking-organs.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("printed", "number", "expected"), [
    ("14.十八", "14.19", "14.十九"), ("14.九", "14.10", "14.十"), ("14.十九", "14.20", "14.二十"),
    ("14.XVIII", "14.19", "14.XIX"), ("14.16", "14.17", "14.17"),
])
def test_a_number_keeps_its_printed_form(printed: str, number: str, expected: str) -> None:
    assert printed_like(printed, number) == expected


def test_numerals() -> None:
    assert [int_to_chinese(n) for n in (1, 10, 11, 20, 31)] == ["一", "十", "十一", "二十", "三十一"]
    assert [int_to_roman(n) for n in (4, 9, 14, 40, 99)] == ["IV", "IX", "XIV", "XL", "XCIX"]


def test_moving_a_paragraph_renumbers_its_footnotes(project: Path, capsys) -> None:
    assert _renumber(project, "paragraph", "--move", "14.47", "--after", "14.56") == 0
    out = capsys.readouterr().out
    assert re.search(r"content/pages/subprogramme\-3\.yaml:\d+:\ footnote\ 3\ \->\ footnote\ 1", out), out
    result = check(project)
    assert result.ok(), [d.format() for d in result.diagnostics if d.severity == "error"]
    page = result.site.pages["subprogramme-3"]
    moved = next(b for _, b, _ in walk_blocks(page) if getattr(b, "paragraph", None) == "14.56")
    assert moved.text.startswith("红树林作为全球重要的栖息地") and [f.number for f in moved.footnotes] == [2, 3]


def test_check_warns_about_a_reference_left_behind_by_a_hand_renumbering(project: Path, capsys) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(project), "GIT_AUTHOR_NAME": "Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org"}
    for git in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "the plan"]):
        subprocess.run(["git", *git], cwd=project, env=env, check=True, capture_output=True)
    assert main(["--root", str(project), "check", "--format", "json"]) == 0
    assert "last commit" not in capsys.readouterr().out
    # 14.113 moved below 14.114 by hand: their texts change places, 第 14.113 段 is not updated
    page = project / "content/pages/resources.yaml"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines.index('      - paragraph: "14.113"\n') + 1
    second = lines.index('    - paragraph: "14.114"\n') + 1
    texts = [line.split("text: ", 1) for line in (lines[first], lines[second])]
    lines[first], lines[second] = texts[0][0] + "text: " + texts[1][1], texts[1][0] + "text: " + texts[0][1]
    page.write_text("".join(lines), encoding="utf-8")
    assert main(["--root", str(project), "check", "--format", "json"]) == 0
    found = [d for d in json.loads(capsys.readouterr().out) if "last commit" in d["message"]]
    assert [(d["file"], d["line"], d["severity"], d["message"]) for d in found] == [(
        "content/pages/policymaking-organs.yaml", 11, "warning",
        "'第 14.113 段' pointed, in the last commit, at the paragraph that is now 14.114: "
        "paragraph 14.113 is now another one")]
