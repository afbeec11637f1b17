"""Stage 1: YAML -> plain data with positions."""

from __future__ import annotations

import shutil

from generator.content.load import ParseCache, load, parse_yaml


def test_positions_of_keys_and_values_are_one_based():
    src, diags = parse_yaml("id: x\nsections:\n  - title: 目标\n    blocks: []\n", "content/pages/x.yaml")
    assert diags == []
    assert src.keys[("id",)] == (1, 1)
    assert src.values[("id",)] == (1, 5)
    assert src.keys[("sections", 0, "title")] == (3, 5)
    assert src.values[("sections", 0, "title")] == (3, 12)
    assert src.pos(("sections", 0, "blocks", 7)) == (4, 13)  # nearest existing ancestor


def test_scalars_keep_text_as_text():
    src, _ = parse_yaml("a: no\nb: 2021-01-01\nc: '14.10'\nd: 14.10\ne: 401\nf: ~\ng: on\n", "t.yaml")
    assert src.data == {"a": "no", "b": "2021-01-01", "c": "14.10", "d": 14.1, "e": 401, "f": None, "g": "on"}


def test_duplicate_key_is_an_error_at_the_second_key():
    text = "id: x\ntitle: a\nsections: []\ntitle: b\n"
    _, diags = parse_yaml(text, "content/pages/x.yaml")
    assert [d.format() for d in diags] == [
        "content/pages/x.yaml:4:1: error: duplicate key 'title' (hint: first defined at line 2, column 1)"
    ]


def test_syntax_error_is_a_located_diagnostic():
    _, diags = parse_yaml("id: x\ntitle: [a, b\nsections: []\n", "content/pages/x.yaml")
    assert len(diags) == 1
    d = diags[0]
    assert (d.file, d.severity) == ("content/pages/x.yaml", "error")
    assert d.line >= 2 and d.column >= 1
    assert "YAML syntax error" in d.message


def test_load_sorts_files_into_their_kinds(mini):
    content = load(mini)
    assert content.plan is not None and content.mandates is not None
    assert sorted(content.pages) == ["annex-2", "orientation", "subprogramme-1"]
    assert list(content.tables) == ["14.1"] and list(content.figures) == ["14.1"]
    assert content.pages["orientation"].path == "content/pages/orientation.yaml"
    assert content.diagnostics == []


def test_missing_plan_is_reported(mini):
    (mini / "content" / "plan.yaml").unlink()
    content = load(mini)
    assert [d.format() for d in content.diagnostics] == ["content/plan.yaml: error: missing file"]


def test_the_parse_cache_lets_go_of_deleted_files(mini):
    """The live preview keeps one cache for hours while editors add and remove pages: a file that
    is gone must not stay in it, and a file that comes back is read afresh."""
    cache = ParseCache()
    pages = mini / "content" / "pages"
    raws = {}
    for n in range(5):  # a page added, loaded, then deleted, five times over
        page = pages / f"draft-{n}.yaml"
        shutil.copy(pages / "annex-2.yaml", page)
        raws[n] = page.read_bytes()
        assert f"draft-{n}" in load(mini, cache=cache).pages
        assert cache.get(f"content/pages/draft-{n}.yaml", raws[n]) is not None
        page.unlink()
        assert f"draft-{n}" not in load(mini, cache=cache).pages
    for n, raw in raws.items():
        assert cache.get(f"content/pages/draft-{n}.yaml", raw) is None
    orientation = (pages / "orientation.yaml").read_bytes()
    assert cache.get("content/pages/orientation.yaml", orientation) is not None  # still there: kept
    shutil.rmtree(mini / "content")
    load(mini, cache=cache)  # no content folder at all: nothing is kept
    assert cache.get("content/pages/orientation.yaml", orientation) is None
