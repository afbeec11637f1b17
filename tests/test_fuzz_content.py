"""Fuzzing the loader, the model and the validator (and, for content that passes, link and render).

Every input either passes or comes back as diagnostics that each point into a file
(``file:line:col`` with line and column inside that file); none raises. Inputs are random text and
bytes, and the real content/ files mutated: characters inserted and deleted, lines duplicated,
swapped, re-indented and cut, values replaced by YAML traps and by values of other types.

The number of inputs per test comes from the Hypothesis profile (tests/conftest.py): "ci" by
default, HYPOTHESIS_PROFILE=long for a long random run.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import MINI, ROOT
from hypothesis import given
from hypothesis import strategies as st

from generator import pipeline
from generator.content import model, validate
from generator.content.load import Content, load, load_file, parse_yaml
from generator.diagnostics import Diagnostic
from generator.linking import checks, link
from generator.rendering import pages as render

pytestmark = pytest.mark.fuzz

CONTENT = ROOT / "content"
CORPUS = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
          for p in sorted(CONTENT.rglob("*.yaml")) if "strings" not in p.parts}
MINI_CORPUS = {p.relative_to(MINI).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted((MINI / "content").rglob("*.yaml"))}

# what breaks YAML, what YAML 1.1 reads as something else, and what must stay text
TRAPS = [
    "no", "yes", "on", "off", "~", "null", "1.10", "14.10", "010", "0x1F", "1_000", "12:30", ".inf",
    ".nan", "2021-01-01", "1e3", "-", "- x", ": x", "x: y", "? x", "&a x", "*a", "&a", "*nowhere", "!!python/object/apply:os.system ['true']",
    "!!binary aGk=", "!custom x", "<<: *a", "{", "}", "[", "]", "[x, y]", "{x: y}", "|", ">", "|-\n  x",
    "'", '"', "'x'", '"x\\u0000"', "#", "%YAML 1.1", "---", "...", "@x", "`x`", "\t", "\\", "\x00",
    "\x07", "\x85", "\u2028", "\ufeff", "\ud7ff", "\U0001f600", "中文", "<script>", "{{ x }}", "{% x %}",
    "[l](javascript:x)", "999999999999999999999999", "1" * 400, "-0", "+1", "0.0", "1.0e+999",
]
YAML_CHARS = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t\n ~.0123456789") + ["中", "文", "\r", "\x00", "\x1b"])


def _diag_located(d: Diagnostic, texts: dict[str, str]) -> None:
    """A diagnostic that points into a file: a known file, a line and a column inside it."""
    assert d.file in texts, d.format()
    # YAML also breaks lines at \r, U+0085, U+2028 and U+2029: count those too
    lines = max(len(texts[d.file].split("\n")), len(texts[d.file].splitlines()))
    assert 1 <= d.line <= lines + 1, d.format()
    assert d.column >= 1, d.format()
    assert d.message, d.format()


def _check_located(diags: list[Diagnostic], texts: dict[str, str]) -> None:
    for d in diags:
        _diag_located(d, texts)


# --------------------------------------------------------------------------- strategies


@st.composite
def mutated_text(draw, text: str) -> str:
    """The text with one to four edits, each a kind of mistake (or attack) an editor could make."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["insert", "delete", "dup", "swap", "indent", "value", "cut", "chars"]))
        pos = draw(st.integers(0, len(text)))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "insert":
            text = text[:pos] + draw(st.sampled_from(TRAPS)) + text[pos:]
        elif op == "chars":
            text = text[:pos] + draw(st.text(YAML_CHARS, min_size=1, max_size=6)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
        elif op == "dup":  # a repeated line: duplicate keys, extra items
            text = "\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1:])
        elif op == "swap":
            j = draw(st.integers(0, max(len(lines) - 1, 0)))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "indent":
            shift = draw(st.sampled_from(["  ", " ", "\t", "-", "REMOVE"]))
            lines[i] = lines[i][2:] if shift == "REMOVE" else shift + lines[i]
            text = "\n".join(lines)
        elif op == "value" and ": " in lines[i]:
            key, _, _ = lines[i].partition(": ")
            lines[i] = f"{key}: {draw(st.sampled_from(TRAPS))}"
            text = "\n".join(lines)
        elif op == "cut":
            text = text[:pos]
    return text


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=30), st.sampled_from(TRAPS), st.sampled_from(["—", "zh", "en", "14.1", "(a)"]),
)
ANY_VALUE = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["zh", "en", "text", "title", "label", "values", "rows", "columns", "id", "x"])
        | st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, path + (i,))


@st.composite
def retyped_text(draw, text: str) -> str:
    """Valid YAML in which one to three values are replaced by values of any type."""
    data = yaml.safe_load(text)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(ANY_VALUE)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                          default_style=draw(st.sampled_from([None, '"', "'"])),
                          default_flow_style=draw(st.sampled_from([False, None])))


TEXT_KEYS = {"title", "text", "caption", "heading", "name", "serves", "subtitle", "unit", "row_header",
             "recommendation", "action", "body", "source", "zh", "en", "text_after"}


@st.composite
def rewritten_text(draw, text: str) -> str:
    """Valid content whose text fields hold any characters at all: it should pass and render."""
    data = yaml.safe_load(text)
    spots = [p for p in _paths(data) if p and (p[-1] in TEXT_KEYS or (len(p) > 1 and p[-2] in
             ("paragraphs", "signature")))]
    for path in draw(st.lists(st.sampled_from(spots), max_size=4)) if spots else []:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent[path[-1]], str):
            parent[path[-1]] = draw(st.text(min_size=1, max_size=40) | st.sampled_from(TRAPS))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --------------------------------------------------------------------------- the content, once


@pytest.fixture(scope="module")
def real_content() -> Content:
    content = load(ROOT)
    assert [d for d in content.diagnostics if d.severity == "error"] == []
    return content


def _with_file(content: Content, rel: str, text: str) -> tuple[Content, list[Diagnostic]]:
    """The loaded content with one file replaced by ``text``, loaded the way load() loads it."""
    src, diags = parse_yaml(text, rel)
    copy = dataclasses.replace(content, pages=dict(content.pages), tables=dict(content.tables),
                               figures=dict(content.figures), diagnostics=list(diags))
    parts = Path(rel).relative_to("content").parts
    if parts == ("plan.yaml",):
        copy.plan = src
    elif parts == ("mandates.yaml",):
        copy.mandates = src
    else:
        getattr(copy, parts[0])[Path(rel).stem] = src
    return copy, diags


def _check(content: Content) -> list[Diagnostic]:
    """The stages pipeline.check runs after loading: model, then cross-file validation."""
    site, diags = model.build(content)
    diags = content.diagnostics + diags
    if site is not None and not any(d.severity == "error" for d in diags):
        diags += validate.validate(site) + checks.validate(site)
    return diags


# --------------------------------------------------------------------------- the properties


@given(st.text(YAML_CHARS, max_size=200) | st.text(max_size=200))
def test_random_text_loads_or_is_located(text):
    _, diags = parse_yaml(text, "content/pages/x.yaml")
    _check_located(diags, {"content/pages/x.yaml": text.removeprefix("\ufeff")})


@given(st.binary(max_size=300))
def test_random_bytes_load_or_are_located(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "content" / "plan.yaml"
        path.parent.mkdir()
        path.write_bytes(data)
        _, diags = load_file(path, Path(tmp))
    text = data.decode("utf-8", "replace")
    _check_located(diags, {"content/plan.yaml": text})


@given(st.data())
def test_mutated_real_content_passes_or_is_located(real_content, data):
    rel = data.draw(st.sampled_from(sorted(CORPUS)), label="file")
    text = data.draw(mutated_text(CORPUS[rel]), label="text")
    content, _ = _with_file(real_content, rel, text)
    diags = _check(content)
    _check_located(diags, {**CORPUS, rel: text.removeprefix("\ufeff")})


@given(st.data())
def test_retyped_real_content_passes_or_is_located(real_content, data):
    rel = data.draw(st.sampled_from(sorted(CORPUS)), label="file")
    text = data.draw(retyped_text(CORPUS[rel]), label="text")
    content, _ = _with_file(real_content, rel, text)
    diags = _check(content)
    _check_located(diags, {**CORPUS, rel: text})


@pytest.fixture(scope="module")
def mini_copy(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, dest)
    return dest


rendered: list[str] = []


@given(st.data())
def test_mutated_mini_project_checks_and_renders(mini_copy, data):
    """The whole pipeline through its entry points: check; and when the content passes, link and
    render every page without an exception."""
    rel = data.draw(st.sampled_from(sorted(MINI_CORPUS)), label="file")
    mutate = data.draw(st.sampled_from([mutated_text, retyped_text, rewritten_text]), label="how")
    text = data.draw(mutate(MINI_CORPUS[rel]), label="text")
    path = mini_copy / rel
    path.write_text(text, encoding="utf-8")
    try:
        result = pipeline.check(mini_copy)
        _check_located(result.diagnostics, {**MINI_CORPUS, rel: text.removeprefix("\ufeff")})
        if not result.ok() or result.site is None:
            return
        rendered.append(rel)
        linked, link_diags = link.link(result.site)
        _check_located(link_diags, {**MINI_CORPUS, rel: text})
        pages = render.render(linked)
        assert "index.md" in pages
    finally:
        path.write_text(MINI_CORPUS[rel], encoding="utf-8")
