"""Fuzzing the translators' round trip (`python -m generator import`): a PO file, however mutated
(its syntax broken, its places pointed anywhere in the content, its translations any text, its
language header anything), is imported or refused with a located message; it never raises, and
the YAML it leaves stays loadable and passes `check` as before. The translations it imports read
back exactly as written in the PO file.

The number of inputs comes from the Hypothesis profile (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import polib
import pytest
import yaml
from conftest import MINI, ROOT, fuzz_budget
from hypothesis import example, given
from hypothesis import strategies as st
from test_fuzz_content import TRAPS, mutated_text

from generator.cli.main import main
from generator.content.model import text_of
from generator.i18n import translate
from generator.pipeline import check

pytestmark = pytest.mark.fuzz

# what a PO file is made of, to break it with
PO_TRAPS = [
    'msgid "', 'msgstr ""', 'msgstr[0] "x"', 'msgid_plural "x"', "#, fuzzy", "#~ ", '#| msgid "x"',
    'msgctxt "pages/../plan.yaml:/title"', '"\\"', '"\\n"', '"\\t"', '"\\x"', '"', "\\", '""', "\n\n",
    'msgctxt ""', '"Language: \\n"', '"Language: zh\\n"', '"Content-Type: text/plain; charset=latin-1\\n"',
]
LANGS = ["en", "", "zh", "EN", "x y", "en-GB", "fr", "../en", "en\nzh", "zh-Hans", "_", "e" * 40]
TEXT = st.text(max_size=40) | st.sampled_from(TRAPS) | st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


def _strings_at(data, path=()):
    """Every text value in the YAML data, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings_at(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings_at(v, path + (i,))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("po") / "project"
    shutil.copytree(MINI / "content", root / "content")
    shutil.copytree(ROOT / "content" / "strings", root / "content" / "strings")
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    assert check(root).ok()
    return root


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def _exported() -> str:
    """The mini plan's text for English, every entry translated."""
    po = translate.export(check(MINI).site, "en", all_text=True)
    for e in po:
        e.msgstr = e.msgstr or (e.msgid if e.msgctxt.endswith("/after") else f"{e.msgid} [en]")
    return str(po) + "\n"


EXPORTED = _exported()


def _edited(**changes: str) -> str:
    """EXPORTED with its first entry changed (and the header's language, if given)."""
    po = polib.pofile(EXPORTED, wrapwidth=0)
    if "language" in changes:
        po.metadata["Language"] = changes.pop("language")
    for key, value in changes.items():
        setattr(po[0], key, value)
    return str(po) + "\n"


# every text value of every content file: a PO entry may name any of them
PLACES = sorted(
    (p.relative_to(MINI / "content").as_posix(), path, value)
    for p in sorted((MINI / "content").rglob("*.yaml"))
    for path, value in _strings_at(yaml.safe_load(p.read_text(encoding="utf-8")))
)


@st.composite
def mutated_po(draw, text: str) -> str:
    po = polib.pofile(text, wrapwidth=0)
    entries = list(po)
    for _ in range(draw(st.integers(1, 4))):
        entry = draw(st.sampled_from(entries))
        how = draw(st.sampled_from(["msgstr", "retarget", "context", "msgid", "fuzzy", "language"]))
        if how == "msgstr":
            entry.msgstr = draw(TEXT)
        elif how == "retarget":  # a place of any text in the content, its text as the msgid
            rel, path, value = draw(st.sampled_from(PLACES))
            entry.msgctxt = translate.context("content/" + rel, path)
            entry.msgid, entry.msgstr = value, draw(TEXT)
        elif how == "context":
            entry.msgctxt = draw(st.sampled_from(["", "plan.yaml", "plan.yaml:/", "../mkdocs.yml:/site_name",
                                                  "strings/en.yaml:/label", "pages/nowhere.yaml:/title",
                                                  "plan.yaml:/navigation/-1/title", "plan.yaml:/title/zh",
                                                  "plan.yaml:/navigation/²/title", "plan.yaml:/navigation/٣"])
                                 | st.text(max_size=30))
        elif how == "msgid":
            entry.msgid = draw(TEXT)
        elif how == "fuzzy":
            entry.flags.append("fuzzy")
        else:
            po.metadata["Language"] = draw(st.sampled_from(LANGS))
    out = str(po) + "\n"
    if draw(st.booleans()):
        out = draw(mutated_text(out, PO_TRAPS))
    return out


def _run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(argv))
    return code, err.getvalue()


# a place in the content (file:line:col), a line of the PO file (which has no columns), or the
# PO file as a whole (its language)
_LOCATED = re.compile(r"^([^:\n]+:\d+(:\d+)?|[^:\n]+\.po): (error|warning|info): .+")


def _translations(root: Path, lang: str) -> dict[tuple[str, tuple], str]:
    """Every `lang` text of the content, by file and path."""
    out = {}
    for p in sorted((root / "content").rglob("*.yaml")):
        rel = p.relative_to(root).as_posix()
        for path, value in _strings_at(yaml.safe_load(p.read_text(encoding="utf-8"))):
            if path and path[-1] == lang:
                out[(rel, path[:-1])] = value
    return out


@fuzz_budget(ci=25, long=1500)
# a place that is not a text to translate (a mandate's body): imported, it made the YAML invalid
@example(text=_edited(msgctxt="mandates.yaml:/1/body", msgid="GA", msgstr="General Assembly"))
@example(text=_edited(msgctxt="pages/subprogramme-1.yaml:/id", msgid="subprogramme-1", msgstr="x"))
# a language code that is none: written as a key of every text, the YAML was invalid
@example(text=_edited(language="x y"))
# a PO file polib cannot read: a traceback
@example(text=EXPORTED.replace('msgid "', 'msgid "\n', 3))
# a translation that makes the content invalid: a footnote's call no longer found in its paragraph
@example(text=EXPORTED.replace('msgid "科学评估"\nmsgstr "科学评估"', 'msgid "科学评估"\nmsgstr "nowhere"'))
# a translation with U+0085, which YAML reads as a line break: imported, it read back changed
@example(text=_edited(msgstr="a\x85b\x85\x85"))
# a place whose path holds a character str.isdigit() calls a digit and int() does not read
@example(text=_edited(msgctxt="plan.yaml:/navigation/²/title"))
@given(text=mutated_po(EXPORTED))
def test_a_mutated_po_file_is_imported_or_refused_and_never_corrupts_the_yaml(project, text):
    pristine = _snapshot(project)
    po_file = project / "fuzz.po"
    po_file.write_text(text, encoding="utf-8")
    try:
        code, err = _run("--root", str(project), "import", str(po_file))
        assert "Traceback" not in err
        lines = [line for line in err.splitlines() if not line.startswith(("imported ", "nothing imported"))]
        for line in lines:  # every message says where: the PO file's line, or the content's place
            assert _LOCATED.match(line), line
        after = check(project)
        assert after.ok(), [d.format() for d in after.diagnostics if d.severity == "error"]
        assert code in (0, 1), err
        if code == 0:  # what was imported reads back as the PO file has it
            try:
                po = polib.pofile(str(po_file), wrapwidth=0)  # as import reads it: from a string, polib splits lines at U+0085 too
            except OSError:
                pytest.fail("a PO file polib cannot read was imported")
            lang = po.metadata.get("Language", "")
            got = _translations(project, lang)
            last = {translate.parse_context(e.msgctxt or ""): e for e in po
                    if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}
            for where, entry in last.items():
                if where is not None and where in got and _original(project, *where) == entry.msgid:
                    assert got[where] == entry.msgstr
    finally:
        for p in sorted((project / "content").rglob("*")):
            if p.is_file() and p not in pristine:
                p.unlink()
        for p, content in pristine.items():
            p.write_bytes(content)


def _original(root: Path, file: str, path: tuple) -> str | None:
    node = yaml.safe_load((root / file).read_text(encoding="utf-8"))
    for part in path:
        node = node[part]
    return text_of(node) if isinstance(node, (str, dict)) else None
