"""Broken content: each case is one small mistake made in a copy of the REAL content/, and
``python -m generator check`` must name it with the right file, line, column and message, with
no traceback.

A case gives the file, the text replaced and its replacement, and where the finding must point:
``at`` is a piece of the mutated file with ``^`` marking the expected column (without ``^``, its
first character). Positions are found in the mutated file, so the cases keep working while the
content around them changes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, edit

from generator.cli.main import main


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    old: str
    new: str
    message: str  # a piece of the expected message
    at: str  # where it points, in the mutated file; '^' marks the column
    severity: str = "error"
    count: int = 1  # replace the first ``count`` occurrences (-1: all)
    nth: int = 0  # ``at`` is its nth occurrence (0: the first)


CASES = [
    # ---------------------------------------------------------------- YAML itself
    Case("syntax-unclosed-list", "content/tables/14.24.yaml",
         'values: [588.7, 645.1, "—", "—", "—", "—", "—", 645.1]',
         'values: [588.7, 645.1, "—", "—", "—", "—", "—", 645.1',
         "YAML syntax error: while parsing a flow sequence", '645.1\n      - label^:'),
    Case("syntax-tab-indent", "content/tables/14.22.yaml", "caption:\n  zh: 合规率", "\tcaption:\n  zh: 合规率",
         "(hint: indent with spaces, not tabs)", "^\tcaption"),
    Case("duplicate-key", "content/figures/14.24.yaml", 'number: "14.二十四"',
         'number: "14.二十四"\nnumber: "14.二十四"', "duplicate key 'number'", '"14.二十四"\n^number'),
    # ---------------------------------------------------------------- schema
    Case("unknown-key-did-you-mean", "content/pages/orientation.yaml", "- title:\n    zh: 任务和背景",
         "- titel:\n    zh: 任务和背景", "unknown key 'titel' (did you mean 'title'?)", "- ^titel:"),
    Case("unknown-key-in-row", "content/tables/14.1.yaml", "        values: [1, 1, \"—\", 1]",
         "        value: [1, 1, \"—\", 1]", "unknown key 'value' (did you mean 'values'?)", "^value:"),
    Case("missing-required-key", "content/tables/14.22.yaml", "\ncaption:", "\ncaptions:",
         "unknown key 'captions' (did you mean 'caption'?)", "^captions:"),
    Case("missing-key-parts", "content/tables/14.22.yaml", "\nparts:", "\nparts_:",
         "unknown key 'parts_' (did you mean 'parts'?)", "^parts_:"),
    Case("unquoted-paragraph-number", "content/pages/orientation.yaml", 'paragraph: "14.2"',
         "paragraph: 14.2", "expected text, got the number 14.2", "paragraph: ^14.2"),
    Case("cell-is-a-mapping", "content/tables/14.24.yaml", "values: [588.7, 645.1,",
         "values: [{a: 1}, 645.1,", "a table value must be a number", "values: [^{a: 1}"),
    Case("row-kind-not-allowed", "content/tables/14.24.yaml", "kind: total", "kind: totl",
         "(did you mean 'total'?)", "kind: ^totl"),
    Case("mandate-body-not-allowed", "content/mandates.yaml", '- body: UNEA\n  kind: resolution\n  number: "4/9"',
         '- body: UNEP\n  kind: resolution\n  number: "4/9"', "'GA', 'GC' or 'UNEA'", "- body: ^UNEP"),
    Case("mandate-kind-not-allowed", "content/mandates.yaml", 'kind: resolution\n  number: "4/9"',
         'kind: resolutoin\n  number: "4/9"', "(did you mean 'resolution'?)", "kind: ^resolutoin"),
    Case("language-code", "content/mandates.yaml", "    zh: 治理一次性塑料制品污染",
         "    ZH: 治理一次性塑料制品污染", "'ZH' is not a language code", "  title:\n    ^ZH:"),
    Case("text-without-chinese", "content/mandates.yaml", "    zh: 治理一次性塑料制品污染",
         "    fr: 治理一次性塑料制品污染", "must have the Chinese text under 'zh'", "  title:\n    ^fr:"),
    Case("unknown-block-kind", "content/pages/resources.yaml", '- table: "14.16"', '- tabel: "14.16"',
         "(did you mean 'table' instead of 'tabel'?)", '- ^tabel: "14.16"'),
    Case("section-id-not-an-anchor", "content/pages/annex-2.yaml", "id: oversight-recommendations",
         "id: 监督建议", "is not an anchor", "id: ^监督建议"),
    Case("footnote-number-not-a-number", "content/pages/executive-direction.yaml", "- number: 5",
         "- number: five", "expected a whole number, got the text 'five'", "- number: ^five"),
    Case("decimals-out-of-range", "content/tables/14.24.yaml", "\ndecimals: 1", "\ndecimals: 9",
         "decimals must be between 0 and 6, got 9", "decimals: ^9"),
    Case("mandate-number-shape", "content/mandates.yaml", 'kind: resolution\n  number: "4/9"',
         'kind: resolution\n  number: "4-9"', "no symbol can be derived", 'number: ^"4-9"'),
    Case("table-number-not-in-section", "content/tables/14.22.yaml", 'number: "14.22"',
         'number: "15.22"', "table number 15.22 does not match the file name", 'number: ^"15.22"'),
    # ---------------------------------------------------------------- references
    Case("unknown-mandate-did-you-mean", "content/pages/subprogramme-5.yaml", "- UNEA resolution 4/9\n",
         "- UNEA resolution 4/99\n", "unknown mandate 'UNEA resolution 4/99' (did you mean 'UNEA resolution 4/9'?)",
         "- ^UNEA resolution 4/99"),
    Case("table-block-missing-table", "content/pages/resources.yaml", '- table: "14.16"', '- table: "14.99"',
         "table 14.99 does not exist", '- table: ^"14.99"'),
    Case("figure-block-missing-figure", "content/pages/resources.yaml", "- figure: 14.十八", "- figure: 14.九十",
         "figure 14.九十 does not exist", "- figure: ^14.九十"),
    Case("navigation-missing-page", "content/plan.yaml", "  - page: unscear", "  - page: unsccear",
         "navigation names page 'unsccear', which does not exist", "  - page: ^unsccear"),
    Case("prose-table-part", "content/pages/resources.yaml", "如表 14.16(1)所示，2021", "如表 14.16(3)所示，2021",
         "the text cites 表 14.16(3), but table 14.16 has 2 part(s)", "text: ^如表 14.16(3)"),
    Case("prose-missing-table", "content/pages/executive-direction.yaml", "其他详细情况见表 14.21 和图 14.二十。",
         "其他详细情况见表 14.91 和图 14.二十。", "the text cites 表 14.91, but table 14.91 does not exist",
         "text: ^行政领导和管理构成部分"),
    Case("prose-missing-figure", "content/pages/executive-direction.yaml", "其他详细情况见表 14.21 和图 14.二十。",
         "其他详细情况见表 14.21 和图 14.九十。", "the text cites 图 14.九十, but figure 14.九十 does not exist",
         "text: ^行政领导和管理构成部分"),
    Case("prose-missing-paragraph", "content/pages/policymaking-organs.yaml", "第 14.113 段解释了",
         "第 14.213 段解释了", "the text cites 第 14.213 段, but paragraph 14.213 does not exist",
         "text: ^2021 年拟议经常预算资源为 410 100"),
    Case("prose-unknown-mandate", "content/pages/subprogramme-3.yaml", "第 4/16 号决议", "第 4/96 号决议",
         "unknown mandate 'UNEA resolution 4/96' cited in the text", "text: ^泥炭地只占地球陆地面积"),
    Case("row-note-missing", "content/tables/14.24.yaml",
         '        values: [588.7, 645.1, "—", "—", "—", "—", "—", 645.1]',
         '        values: [588.7, 645.1, "—", "—", "—", "—", "—", 645.1]\n        note: z',
         "refers to note 'z', which does not exist", "        note: ^z"),
    Case("footnote-after-not-in-text", "content/pages/subprogramme-3.yaml", "after: 供的支持与环境署全球报告",
         "after: 供的支持与环境署全球报吿", "footnote 1: the text it follows does not occur", "after: ^供的支持"),
    Case("page-id-not-file-name", "content/pages/unscear.yaml", "id: unscear", "id: unscear-2",
         "page id 'unscear-2' does not match the file name", "id: ^unscear-2"),
    # ---------------------------------------------------------------- defined twice
    Case("mandate-twice", "content/mandates.yaml", '- body: UNEA\n  kind: resolution\n  number: "4/9"',
         '- body: UNEA\n  kind: resolution\n  number: "4/9"\n- body: UNEA\n  kind: resolution\n  number: "4/9"',
         "mandate 'UNEA resolution 4/9' is listed twice", '  number: "4/9"\n- ^body: UNEA'),
    Case("paragraph-twice", "content/pages/subprogramme-3.yaml", 'paragraph: "14.48"', 'paragraph: "14.47"',
         "paragraph 14.47 is duplicated", 'paragraph: ^"14.47"\n', nth=1),
    Case("table-placed-twice", "content/pages/resources.yaml", '- table: "14.16"', '- table: "14.16"\n- table: "14.16"',
         "table 14.16 is placed twice", '- table: "14.16"\n- table: ^"14.16"'),
    Case("footnote-twice", "content/pages/subprogramme-3.yaml", "- number: 3", "- number: 1",
         "footnote 1 is defined twice", "- number: ^1\n        after: 境署"),
    Case("table-number-twice", "content/tables/14.22.yaml", 'number: "14.22"', 'number: "14.23"',
         "table number 14.23 does not match the file name 14.22.yaml", 'number: ^"14.23"'),
    # ---------------------------------------------------------------- numbering
    Case("paragraph-gap-at-end", "content/pages/programme-support.yaml", 'paragraph: "14.149"',
         'paragraph: "14.150"', "paragraph 14.149 missing after 14.148: next is 14.150", 'paragraph: ^"14.150"'),
    Case("paragraph-out-of-order", "content/plan.yaml", "  - page: executive-direction\n  - page: unscear",
         "  - page: unscear\n  - page: executive-direction", "is out of order", 'paragraph: ^"14.1', ),
    Case("paragraph-wrong-section", "content/pages/orientation.yaml", 'paragraph: "14.2"', 'paragraph: "15.2"',
         "paragraph 15.2 is not numbered in section 14", 'paragraph: ^"15.2"'),
    Case("footnote-numbering-gap", "content/pages/executive-direction.yaml", "- number: 5", "- number: 6",
         "footnote 6 should be footnote 5", "- number: ^6"),
    # ---------------------------------------------------------------- arithmetic (warnings)
    Case("deliverables-subtotal", "content/tables/14.1.yaml", 'values: [1, 1, "—", 1]', 'values: [1, 1, "—", 2]',
         '"为各类会议提供会议和秘书处服务(三小时会议次数)", 2021 年计划数 is 4, but', "values: [4, 4, 3, ^4]",
         severity="warning"),
    Case("total-of-rows", "content/tables/14.25.yaml", "values: [2198.0, 2136.4,", "values: [2198.5, 2136.4,",
         '表 14.25 "共计", 2019 年支出数 is 2 356.8, but "员额" 2 198.5 + "非员额" 158.8 = 2 357.3',
         "values: [^2356.8, 2267.8", severity="warning"),
    Case("variance-before-recosting", "content/tables/14.13.yaml", "196.3, 1038.6, 215.2, 4.7, 219.9]",
         "196.3, 1038.6, 215.3, 4.7, 219.9]", "2021 年估计数(重计费用前) is 215.3, but 2020 年批款数 18.9 + 共计 196.3 = 215.2",
         "1038.6, ^215.3", severity="warning"),
    Case("variance-after-recosting", "content/tables/14.16.yaml",
         'values: [2356.8, 2267.8, "—", "—", "—", "—", "—", 2267.8, 88.2, 2356.0]',
         'values: [2356.8, 2267.8, "—", "—", "—", "—", "—", 2267.8, 88.2, 2357.0]',
         "2021 年估计数(重计费用后) is 2 357.0, but 2021 年估计数(重计费用前) 2 267.8 + 重计费用 88.2 = 2 356.0",
         "88.2, ^2357.0", severity="warning"),
    Case("variance-percentage", "content/tables/14.13.yaml", "196.3, 1038.6, 215.2", "196.3, 1038.7, 215.2",
         "百分比 is 1 038.7, but 共计 / 2020 年批款数 x 100 = 1 038.6", "196.3, ^1038.7", severity="warning"),
    Case("variance-change-parts", "content/tables/14.13.yaml", '0.4, "—", 19.2, "—", 19.2, 4800.0',
         '0.4, "—", 19.2, "—", 19.3, 4800.0', "共计 is 19.3, but 技术调整 — + 新的/扩大的任务 19.2 + 其他 — = 19.2",
         '"—", ^19.3, 4800.0', severity="warning"),
    Case("component-vs-its-table", "content/tables/14.16.yaml", "values: [2356.8, 2267.8,",
         "values: [2356.9, 2267.8,", '表 14.16(1) "气候变化", 2019 年支出数 is 2 356.9, but 表 14.25 "共计" is 2 356.8',
         "values: [^2356.9, 2267.8", severity="warning"),
    Case("subcomponents-sum", "content/tables/14.24.yaml", "values: [588.7, 645.1,", "values: [588.7, 645.2,",
         '表 14.21 "员额", 2020 年批款数 is 3 993.0, but 表 14.23 "员额" 3 347.9 + 表 14.24 "员额" 645.2 = 3 993.1',
         "values: [3607.6, ^3993.0", severity="warning"),
    Case("extrabudgetary-grand-total", "content/tables/14.16.yaml", "values: [378732.4, 458829.3, 460184.0]",
         "values: [378732.5, 458829.3, 460184.0]", '2019 年支出数 is 378 732.5, but 表 14.16(1) "小计，(1)" 23 089.8 + 表 14.16(2) "小计，(2)" 355 642.6 = 378 732.4',
         "values: [^378732.5", severity="warning"),
    Case("posts-component", "content/tables/14.17.yaml", 'values: [23, "—", "—", "—", "—", 23]',
         'values: [24, "—", "—", "—", "—", 23]', '表 14.17(1) "环境治理", 2020 年核定数 is 24, but 表 14.28 "共计" is 23',
         "values: [^24,", severity="warning"),
    Case("figure-vs-table", "content/figures/14.24.yaml", "values: [2136.4]", "values: [2136.5]",
         '"员额", 千美元 is 2 136.5, but 表 14.25 "员额" is 2 136.4', "values: [^2136.5]", severity="warning"),
    Case("figure-grades-vs-posts-table", "content/figures/14.18.yaml", "values: [40]", "values: [41]",
         '"P-4", 员额数目 is 41, but 表 14.15 "P-4" is 40', "values: [^41]", severity="warning"),
]

# the file each case's position is in, when it is not the mutated file
ELSEWHERE = {
    "subcomponents-sum": "content/tables/14.21.yaml",
    "paragraph-out-of-order": "content/pages/executive-direction.yaml",
}


def _copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "content", root / "content")
    for name in ("mkdocs.yml",):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, root / name)
    return root


def _locate(text: str, at: str, nth: int = 0) -> tuple[int, int]:
    caret = at.index("^") if "^" in at else 0
    needle = at.replace("^", "", 1)
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += caret
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def run_check(root: Path, capsys, *extra: str) -> tuple[int, list[dict], str]:
    status = main(["--root", str(root), "check", "--format", "json", *extra])
    out = capsys.readouterr()
    return status, json.loads(out.out), out.err


def check_case(case: Case, tmp_path: Path, capsys) -> tuple[Path, int]:
    """Make the case's mistake in a copy of the project and check it: the finding must say the
    case's message at its place. (The copy's root, check's exit status.)"""
    root = _copy_project(tmp_path)
    path = root / case.file
    text = path.read_text(encoding="utf-8")
    assert case.old in text, f"the content changed: {case.old!r} is no longer in {case.file}"
    path.write_text(text.replace(case.old, case.new, case.count), encoding="utf-8")

    status, found, err = run_check(root, capsys)

    assert "Traceback" not in err
    where = ELSEWHERE.get(case.id, case.file)
    line, column = _locate((root / where).read_text(encoding="utf-8"), case.at, case.nth)
    matches = [d for d in found if case.message in d["message"] + (f" (hint: {d['hint']})" if d["hint"] else "")]
    assert matches, f"no finding says {case.message!r}; got:\n" + "\n".join(
        f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}" for d in found
        if d["severity"] != "info")
    assert any((d["file"], d["line"], d["column"], d["severity"]) == (where, line, column, case.severity)
               for d in matches), (where, line, column, case.severity, matches)
    return root, status


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_content_is_caught(case: Case, tmp_path: Path, capsys) -> None:
    _, status = check_case(case, tmp_path, capsys)
    assert status == (1 if case.severity == "error" else 0)


def test_there_are_at_least_forty_kinds_of_mistake() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 40


def test_warnings_fail_only_when_strict(tmp_path: Path, capsys) -> None:
    root = _copy_project(tmp_path)
    status, found, _ = run_check(root, capsys)
    assert status == 0 and not [d for d in found if d["severity"] == "error"]
    status, _, _ = run_check(root, capsys, "--strict")
    assert status == 0  # the source's own inconsistencies are acknowledged: no warning
    edit(root, "content/tables/14.25.yaml", "values: [2198.0, 2136.4,", "values: [2198.0, 2136.5,")
    status, found, _ = run_check(root, capsys)
    assert status == 0 and [d for d in found if d["severity"] == "warning"]
    status, _, _ = run_check(root, capsys, "--strict")
    assert status == 1  # a new inconsistency fails a strict check


def test_missing_translations_are_info_never_fatal(tmp_path: Path, capsys) -> None:
    root = _copy_project(tmp_path)
    path = root / "content" / "tables" / "14.22.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nnumber:", "\nnumber:", 1) + "notes:\n  - text: {zh: 附注, xx: note}\n",
                    encoding="utf-8")
    status, found, _ = run_check(root, capsys)
    infos = [d for d in found if d["severity"] == "info" and "'xx' translation" in d["message"]]
    assert status == 0
    assert infos and all(d["line"] > 0 for d in infos)
    assert any(d["file"] == "content/plan.yaml" for d in infos)
