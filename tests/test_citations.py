"""find_citations against the labelled set in tests/data/citations.yaml: 100% precision and recall."""

from collections import Counter
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml

from generator.linking.citations import Citation, find_citations
from generator.linking.mandates import mandate_key, parse_key

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load(
    (ROOT / "tests/data/citations.yaml").read_text(encoding="utf-8")
)["cases"]
REGISTRY = yaml.safe_load((ROOT / "content/mandates.yaml").read_text(encoding="utf-8"))
KNOWN = {mandate_key(e) for e in REGISTRY}


def _found(case, known_keys=None):
    return find_citations(case["text"], case.get("lang", "zh"), known_keys=known_keys)


def test_labelled_set_precision_and_recall():
    expected_total = found_total = correct = 0
    misses = []
    for case in CASES:
        expected = [str(k) if k is not None else None for k in case["expect"]]
        got = [c.key for c in _found(case)]
        hit = sum((Counter(expected) & Counter(got)).values())
        expected_total += len(expected)
        found_total += len(got)
        correct += hit
        if got != expected:
            misses.append(f"{case['id']}: expected {expected}, got {got}")
    precision = correct / found_total if found_total else 1.0
    recall = correct / expected_total if expected_total else 1.0
    paragraphs = [c for c in CASES if c["source"] == "paragraph"]
    print(
        f"\ncitations: {len(CASES)} cases ({len(paragraphs)} document paragraphs), "
        f"{expected_total} labelled citations "
        f"({sum(len(c['expect']) for c in paragraphs)} in paragraphs), {found_total} found, "
        f"{correct} correct: precision {precision:.1%}, recall {recall:.1%}"
    )
    assert not misses, "\n".join(misses)
    assert precision == 1.0 and recall == 1.0


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spans_are_exact(case):
    for c in _found(case):
        assert case["text"][c.start : c.end] == c.raw
        assert "".join(c.raw.split()) == c.number
        if c.key is None:
            assert c.reason
        else:
            _body, kind, number = parse_key(c.key)
            assert (kind, number) == (c.kind, c.number)


def test_document_citations_are_in_the_registry():
    missing = {
        k
        for case in CASES
        if case["source"] in ("paragraph", "table", "figure", "list")
        for k in case["expect"]
        if k is not None and k not in KNOWN
    }
    assert not missing, (
        f"cited in the document but not in content/mandates.yaml: {sorted(missing)}"
    )


def test_known_keys_settle_an_ambiguous_decision_only():
    text = "第 4/1 号决定 2020-2021 两年期工作方案和预算"
    assert [c.key for c in find_citations(text)] == [None]
    assert [c.key for c in find_citations(text, known_keys=KNOWN)] == [
        "UNEA decision 4/1"
    ]
    both = KNOWN | {"GC decision 4/1"}
    assert [c.key for c in find_citations(text, known_keys=both)] == [None]
    # known keys never override what the text says
    assert [c.key for c in find_citations("理事会第 4/1 号决定", known_keys=KNOWN)] == [
        "GC decision 4/1"
    ]


def test_known_keys_do_not_change_resolved_citations():
    for case in CASES:
        if None in case["expect"]:
            continue
        assert [c.key for c in _found(case, KNOWN)] == case["expect"], case["id"]


def test_span_of_a_list_and_unresolved_reason():
    text = "根据联合国环境大会第 3/7、4/6、4/8 和 4/9 号决议"
    cs = find_citations(text)
    assert [c.raw for c in cs] == ["3/7", "4/6", "4/8", "4/9"]
    assert text[cs[-1].start : cs[-1].end] == "4/9"
    (c,) = find_citations("人权理事会第 40/11 号决议")
    assert c.key is None and "人权理事会" in c.reason


def test_citation_is_frozen_and_lang_is_checked():
    c = Citation(0, 6, "GA resolution 74/251", "74/251")
    with pytest.raises(FrozenInstanceError):
        c.key = None  # type: ignore[misc]
    with pytest.raises(ValueError):
        find_citations("大会第 74/251 号决议", lang="ch")
