"""Mandate keys, symbols and undocs.org links; the registry in content/mandates.yaml."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.linking import mandates as m

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = yaml.safe_load((ROOT / "content/mandates.yaml").read_text(encoding="utf-8"))
LISTS = yaml.safe_load(
    (ROOT / "tests/data/mandate_lists.yaml").read_text(encoding="utf-8")
)


def entry(key, **extra):
    body, kind, number = m.parse_key(key)
    return {"body": body, "kind": kind, "number": number, **extra}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("GA resolution 74/251", "A/RES/74/251"),
        ("GA resolution 31/111", "A/RES/31/111"),
        ("GA resolution S-19/2", "A/RES/S-19/2"),
        ("GA resolution 2997(XXVII)", "A/RES/2997(XXVII)"),
        ("GA resolution 913(X)", "A/RES/913(X)"),
        ("UNEA resolution 4/16", "UNEP/EA.4/Res.16"),
        ("UNEA resolution 3/1", "UNEP/EA.3/Res.1"),
        ("UNEA decision 3/1", "UNEP/EA.3/Dec.1"),
        ("UNEA decision 4/1", "UNEP/EA.4/Dec.1"),
        ("UNEA resolution 1/7", "A/69/25"),  # UNEA-1: the session report
        ("UNEA resolution 1/1", "A/69/25"),
        ("GC decision 19/1", "A/52/25"),
        ("GC decision 23/11", "A/60/25"),
        ("GC decision 24/4", "A/62/25"),
        ("GC decision 25/1", "A/64/25"),
        ("GC decision 26/15", "A/66/25"),
        ("GC decision 27/2", "A/68/25"),
        ("GC decision SS.VI/1", "A/55/25"),
        ("GC decision SS.VII/1", "A/57/25"),
        ("GC decision SS.VIII/1", "A/59/25"),
        ("GC decision SS.IX/1", "A/61/25"),
        ("GC decision SS.X/5", "A/63/25"),
        ("GC decision SS.XI/2", "A/65/25"),
        ("GC decision SS.XII/3", "A/67/25"),
    ],
)
def test_derived_symbols(key, expected):
    assert m.symbol(entry(key)) == expected


def test_symbol_override_wins_and_declarations_need_one():
    decl = entry("UNEA declaration UNEP/EA.4/HLS.1")
    with pytest.raises(ValueError):
        m.symbol(decl)
    assert m.symbol({**decl, "symbol": "UNEP/EA.4/HLS.1"}) == "UNEP/EA.4/HLS.1"
    assert m.symbol(entry("GC decision 27/2", symbol="A/74/5/Add.7")) == "A/74/5/Add.7"


@pytest.mark.parametrize(
    "bad",
    [
        {
            "body": "GA",
            "kind": "resolution",
            "number": "19/1",
        },  # GA before 31 is Roman-style
        {"body": "GA", "kind": "resolution", "number": "2997(XXXV)"},
        {"body": "GC", "kind": "decision", "number": "12/3"},  # no report known
        {"body": "GC", "kind": "resolution", "number": "27/2"},
        {"body": "GA", "kind": "decision", "number": "74/540"},
        {
            "body": "GA",
            "kind": "resolution",
            "number": "74/251",
            "symbol": "A/RES/74/251 x",
        },
        {
            "body": "GA",
            "kind": "resolution",
            "number": "74/251",
            "symbol": "javascript:alert(1)",
        },
        {"body": "GA", "kind": "resolution", "number": "74/251", "symbol": "../../etc"},
    ],
)
def test_malformed_or_underivable_symbols_raise(bad):
    with pytest.raises(ValueError):
        m.symbol(bad)


@pytest.mark.parametrize(
    "bad", ["A/RES/74/251/", "a/res/74/251", "A/RES/74/251?x", "A/RES/ 74", ""]
)
def test_symbol_regex_rejects(bad):
    with pytest.raises(ValueError):
        m.check_symbol(bad)


def test_urls_use_zh_and_en_and_drop_spaces():
    e = entry("GA resolution 2997(XXVII)")
    assert m.url(e) == "https://undocs.org/zh/A/RES/2997(XXVII)"
    assert m.url(e, "en") == "https://undocs.org/en/A/RES/2997(XXVII)"
    assert m.url(entry("GC decision SS.XI/2"), "zh") == "https://undocs.org/zh/A/65/25"
    assert (
        m.symbol_url("A/RES/2997 (XXVII)", "en")
        == "https://undocs.org/en/A/RES/2997(XXVII)"
    )
    with pytest.raises(ValueError):
        m.url(e, "ch")


def test_keys_round_trip():
    assert (
        m.mandate_key({"body": "UNEA", "kind": "decision", "number": "4/1"})
        == "UNEA decision 4/1"
    )
    assert m.parse_key("GA resolution 2997(XXVII)") == (
        "GA",
        "resolution",
        "2997(XXVII)",
    )
    for bad in [
        "GA resolution",
        "ga resolution 74/251",
        "GA motion 74/251",
        "GA resolution 74 /251",
    ]:
        with pytest.raises(ValueError):
            m.parse_key(bad)


def test_natural_sort():
    numbers = ["2/24", "2/3", "10/1", "2/10", "1/17", "1/9"]
    assert sorted(numbers, key=m.natural_key) == [
        "1/9",
        "1/17",
        "2/3",
        "2/10",
        "2/24",
        "10/1",
    ]
    ss = ["SS.XII/3", "SS.IX/1", "SS.VIII/1", "SS.X/5"]
    assert sorted(ss, key=m.natural_key) == [
        "SS.VIII/1",
        "SS.IX/1",
        "SS.X/5",
        "SS.XII/3",
    ]
    keys = [
        "UNEA resolution 2/24",
        "GA resolution 74/81",
        "UNEA resolution 2/3",
        "GA resolution 74/251",
    ]
    assert sorted(keys, key=m.key_sort_key) == [
        "GA resolution 74/81",
        "GA resolution 74/251",
        "UNEA resolution 2/3",
        "UNEA resolution 2/24",
    ]


def test_every_registry_entry_is_valid_and_has_a_symbol():
    problems = {m.mandate_key(e): p for e in REGISTRY if (p := m.check_entry(e))}
    assert not problems
    for e in REGISTRY:
        assert m.url(e, "zh").startswith("https://undocs.org/zh/")


def test_no_key_defined_twice():
    counts = Counter(m.mandate_key(e) for e in REGISTRY)
    assert [k for k, n in counts.items() if n > 1] == []


def test_unea_resolution_and_decision_3_1_are_two_documents():
    keys = {m.mandate_key(e) for e in REGISTRY}
    assert {
        "UNEA resolution 3/1",
        "UNEA decision 3/1",
        "UNEA resolution 4/1",
        "UNEA decision 4/1",
    } <= keys


def test_registry_covers_the_eight_mandate_lists():
    assert list(LISTS) == [
        "14.9",
        "14.29",
        "14.41",
        "14.55",
        "14.68",
        "14.82",
        "14.94",
        "14.108",
    ]
    keys = {m.mandate_key(e) for e in REGISTRY}
    refs = [
        ref for blocks in LISTS.values() for block in blocks for ref in block["refs"]
    ]
    for ref in refs:
        m.parse_key(ref)
    assert sorted(set(refs) - keys) == []
    for blocks in LISTS.values():
        assert all(block["heading"] and block["refs"] for block in blocks)
    print(
        f"\nmandate lists: {len(refs)} references, {len(set(refs))} documents; registry {len(keys)}"
    )
