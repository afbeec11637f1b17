"""Fuzzing `python -m generator renumber`: random sequences of insertions, removals and moves of
paragraphs, tables and figures, on targets that exist and on ones that do not, with or without
--dry-run, with any new text or new file, on the plan as it is and on the plan with a text
rewritten or a file broken.

After every command: no traceback; a refusal (exit 1 or 2) says what is wrong in located lines
and leaves every file byte for byte as it was; a dry run writes nothing; a command that succeeds
leaves content `check` accepts with no error; and an insertion undone by removing what it
inserted gives back every file byte for byte.

The miniature plan costs a few checks per command; the real one (every cross-reference form of
both languages, footnotes, a hundred numbered paragraphs) more: fewer of those. The number of
inputs comes from the Hypothesis profile (tests/conftest.py: fuzz_budget).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI, ROOT, fuzz_budget
from hypothesis import event, example, given
from hypothesis import strategies as st
from test_fuzz_content import CORPUS, MINI_CORPUS, TRAPS, changes, mutated_text, retyped_text, rewritten_text

from generator.cli.main import main
from generator.content.model import ParagraphBlock, walk_blocks
from generator.diagnostics import errors
from generator.editing.renumber import KINDS, int_to_roman
from generator.pipeline import check

pytestmark = pytest.mark.fuzz

# targets no plan has, or that only look like a number
NOT_NUMBERS = ["14.0", "14.999", "15.1", "14", "14.", ".1", "", "x", "14.1.1", "14.01", " 14.1", "14.1 ",
               "14.-1", "14.十", "14.零", "14.XVIII", "14.1e3", "14.٣", "14.²", "14.一百", "14.IIII", "14.(a)"]
# how the grammars print references: Chinese and English, single, grouped and ranges ({} a number)
XREF_FORMS = ["第 {} 段", "上文第 {} 段", "第 {} 至 14.3 段", "表 {}", "表 {}(1)", "表 {} 和图 14.一", "图 {}",
              "图 {}至 14.二", "para. {}", "paras. {}–14.3", "paragraphs 14.1 to {}", "table {} (2)",
              "tables 14.1 to {}", "figure {}", "figures 14.I-{}"]


def _numbers(root: Path) -> dict[str, list[str]]:
    """Every paragraph, table and figure number of the plan at ``root``, as printed and as the
    other forms a reference may take (a figure's 14.十八 also as 14.18 and 14.XVIII)."""
    site = check(root).site
    assert site is not None
    out: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for page in site.pages.values():
        for _, block, _ in walk_blocks(page):
            if isinstance(block, ParagraphBlock):
                out["paragraph"].append(block.paragraph)
    out["table"] = [t.number for t in site.tables.values()]
    for stem, fig in site.figures.items():
        prefix, _, n = stem.partition(".")
        out["figure"] += [fig.number, stem, f"{prefix}.{int_to_roman(int(n))}"]
    return out


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def _restore(root: Path, files: dict[str, bytes]) -> None:
    for p in sorted((root / "content").rglob("*")):
        if p.is_file() and p.relative_to(root).as_posix() not in files:
            p.unlink()
    for rel, data in files.items():
        path = root / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def _project(work: Path, source: Path) -> Path:
    shutil.copytree(source / "content", work / "content", ignore=shutil.ignore_patterns("strings"))
    shutil.copytree(ROOT / "content" / "strings", work / "content" / "strings")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    assert check(work).ok()
    return work


@pytest.fixture(scope="module")
def mini_plan(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("renumber-mini"), MINI)


@pytest.fixture(scope="module")
def real_plan(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("renumber-real"), ROOT)


# --------------------------------------------------------------------------- strategies


def _number_of(numbers: dict[str, list[str]], kind: str) -> st.SearchStrategy[str]:
    """A number of ``kind`` the plan has, one past its last, or one it cannot have."""
    last = len(numbers[kind]) + 1
    return st.one_of(st.sampled_from(numbers[kind] or ["14.1"]), st.sampled_from(NOT_NUMBERS),
                     st.integers(1, last + 1).map(lambda n: f"14.{n}"))


def new_text(numbers: dict[str, list[str]]) -> st.SearchStrategy[str | None]:
    """A new paragraph's text: none, any text, a trap, or prose citing numbers of the plan."""
    cite = st.tuples(st.sampled_from(XREF_FORMS), st.sampled_from(KINDS).flatmap(
        lambda kind: _number_of(numbers, kind))).map(lambda form: form[0].format(form[1]))
    return st.one_of(
        st.none(), st.text(max_size=30), st.sampled_from(TRAPS),
        st.lists(cite | st.sampled_from(["见", "和", "。", "本段为新段落，", " "]), min_size=1, max_size=5).map("".join))


NEW_FILE = "@new"  # in an operation's arguments: the file it brings, written beside the project
MISSING, FOLDER = "@missing", "@folder"


@st.composite
def new_file(draw, corpus: dict[str, str], kind: str) -> tuple[str | None, str | bytes | None]:
    """A new table's or figure's file (its --file argument, its content): a copy of one of the
    plan's, mutated, of the other kind, a list, empty, not UTF-8, missing or a folder."""
    folder = {"table": "content/tables/", "figure": "content/figures/"}
    text = corpus[min(rel for rel in corpus if rel.startswith(folder[kind]))]
    other = corpus[min(rel for rel in corpus if rel.startswith(folder["figure" if kind == "table" else "table"]))]
    choice = draw(st.sampled_from(["copy", "mutated", "other", "list", "empty", "bytes", "missing", "folder", "none"]))
    if choice in ("missing", "folder", "none"):
        return {"missing": MISSING, "folder": FOLDER, "none": None}[choice], None
    if choice == "bytes":
        return NEW_FILE, draw(st.binary(max_size=40))
    body = {"copy": text, "other": other, "list": "- 1\n- 2\n", "empty": ""}.get(choice)
    return NEW_FILE, draw(mutated_text(text)) if body is None else body


@st.composite
def operation(draw, corpus: dict[str, str], numbers: dict[str, list[str]]) -> dict:
    """A renumber command: its arguments, the new file it brings, and whether an insertion it
    makes is undone at once (by removing what it inserted)."""
    kind = draw(st.sampled_from(KINDS))
    number = _number_of(numbers, kind)
    how = draw(st.sampled_from(["insert", "remove", "move"]))
    args, file = [kind], None
    if how == "insert":
        args.append(f"--insert-after={draw(number)}")
        if kind == "paragraph":
            text = draw(new_text(numbers))
            args += [] if text is None else [f"--text={text}"]
            args += [f"--translation={t}" for t in draw(st.lists(
                st.tuples(st.sampled_from(["en", "fr", "", "zh", "x y"]), st.text(max_size=20)).map("=".join)
                | st.sampled_from(["en", "=", "en=para. 14.2"]), max_size=2))]
        else:
            path, file = draw(new_file(corpus, kind))
            args += [] if path is None else [f"--file={path}"]
    elif how == "remove":
        args.append(f"--remove={draw(number)}")
    else:
        args.append(f"--move={draw(number)}")
        after = draw(st.none() | number)
        args += [] if after is None else [f"--after={after}"]
    if draw(st.booleans()):
        args.append("--dry-run")
    return {"args": args, "file": file, "undo": draw(st.booleans())}


def operations(corpus: dict[str, str], source: Path, most: int) -> st.SearchStrategy[list[dict]]:
    # the plan's numbers are read when the first input is drawn (not when the tests are collected)
    return st.deferred(lambda: st.lists(operation(corpus, _numbers(source)), min_size=1, max_size=most))


# --------------------------------------------------------------------------- the properties


def _run(root: Path, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "renumber", *args])
    return code, out.getvalue(), err.getvalue()


# a place in the content (file:line:col), the content folder, or a file named on the command line
_LOCATED = re.compile(r"^[^:\n]+(:\d+:\d+)?: (error|warning): .+")
_NEW = re.compile(r"-> new (paragraph|table|figure) (\S+)$", re.M)


def _step(root: Path, op: dict) -> None:
    """One command, and what must hold after it."""
    args = [a.replace(NEW_FILE, str(root / "new.yaml")).replace(MISSING, str(root / "nowhere.yaml"))
            .replace(FOLDER, str(root)) for a in op["args"]]
    if op["file"] is not None:
        data = op["file"]
        (root / "new.yaml").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if "--dry-run" in args:  # it writes nothing, and answers as the command without it does
        dry = _once(root, args)
        real = _once(root, [a for a in args if a != "--dry-run"], op["undo"])
        assert dry == real, f"--dry-run exits {dry}, the edit {real}"
        return
    _once(root, args, op["undo"])


def _once(root: Path, args: list[str], undo: bool = False) -> int:
    before = _snapshot(root)
    errors_before = {d.format() for d in errors(check(root).diagnostics)}
    code, out, err = _run(root, args)
    event(f"{args[0]} {args[1].partition('=')[0]}{' --dry-run' if '--dry-run' in args else ''}: exit {code}")
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), (code, err)
    if code != 0:
        assert _snapshot(root) == before, f"refused ({err.strip()}) but files changed"
        # lines as a terminal shows them (str.splitlines() also breaks at U+001E, U+0085 …, which
        # a message may quote)
        said = [line for line in err.rstrip("\n").split("\n") if not line.startswith("renumber: nothing ")]
        assert said, err
        for line in said:
            assert _LOCATED.match(line), line
        return code
    if "--dry-run" in args:
        assert _snapshot(root) == before, "a dry run wrote"
        return code
    new_errors = [d.format() for d in errors(check(root).diagnostics) if d.format() not in errors_before]
    assert new_errors == [], (args, new_errors)
    inserted = _NEW.search(out)
    if undo and inserted:
        kind, number = inserted.groups()
        event("insertion undone")
        code, out, err = _run(root, [kind, f"--remove={number}"])
        assert code == 0, err
        assert _snapshot(root) == before, f"{args} then --remove={number} did not give back the files"
    return code


def starts(corpus: dict[str, str]) -> st.SearchStrategy[tuple[str, str] | None]:
    """The plan to start from: as it is (half the time), a text rewritten (it stays valid), or a
    file broken (every command is refused)."""
    return st.one_of(st.none(), st.none(), changes(corpus, rewritten_text), changes(corpus, mutated_text, retyped_text))


def _scenario(root: Path, start: tuple[str, str] | None, ops: list[dict]) -> None:
    pristine = _snapshot(root)
    try:
        if start is not None:
            rel, text = start
            (root / rel).write_text(text, encoding="utf-8")
        for op in ops:
            _step(root, op)
    finally:
        _restore(root, pristine)
        (root / "new.yaml").unlink(missing_ok=True)


_FIGURE = MINI_CORPUS["content/figures/14.1.yaml"]


def _insert(kind: str, after: str, file: str | bytes) -> dict:
    return {"args": [kind, f"--insert-after={after}", f"--file={NEW_FILE}"], "file": file, "undo": False}


@fuzz_budget(ci=30, long=1000)
# a new paragraph citing itself could not be removed again: its own reference was counted
@example(start=None, ops=[{"args": ["paragraph", "--insert-after=14.1", "--text=新段落",
                                    "--translation=en=para. 14.2"], "file": None, "undo": True}])
# what the fuzzer found: a new file ruamel.yaml cannot read (a key twice, not UTF-8, not YAML) was a traceback
@example(start=None, ops=[_insert("table", "14.1", "number: '14.2'\nnumber: x\n")])
@example(start=None, ops=[_insert("figure", "14.1", b"\x9e")])
@example(start=None, ops=[_insert("table", "14.1", "a: [\n")])
# a figure number whose digit is one to str.isdigit() but not to int(): a traceback
@example(start=None, ops=[_insert("figure", "14.²", _FIGURE)])
# U+0085 starting the file: a line break to the loader, not to ruamel.yaml, which raised
@example(start=None, ops=[_insert("table", "14.1", "\x85" + MINI_CORPUS["content/tables/14.1.yaml"])])
# a page with a footnote (loaded for renumbering footnotes) and an escape ruamel.yaml spells its own
# way: rewritten though nothing in it changed, so that removing the inserted table left it changed
@example(start=("content/pages/orientation.yaml", MINI_CORPUS["content/pages/orientation.yaml"].replace(
    "text: 环境署将提供下列支持：", 'text: "\\x83\\U000FEACE"')),
    ops=[{**_insert("table", "14.1", MINI_CORPUS["content/tables/14.1.yaml"]), "undo": True}])
# a figure moved after itself, named in two ways: a traceback (StopIteration)
@example(start=None, ops=[{"args": ["figure", "--move=14.一", "--after=14.1"], "file": None, "undo": False}])
@given(start=starts(MINI_CORPUS),
       ops=operations(MINI_CORPUS, MINI, 3))
def test_renumbering_the_mini_plan(mini_plan, start, ops):
    _scenario(mini_plan, start, ops)


@fuzz_budget(ci=4, long=50)
@given(start=starts(CORPUS), ops=operations(CORPUS, ROOT, 2))
def test_renumbering_the_real_plan(real_plan, start, ops):
    _scenario(real_plan, start, ops)
