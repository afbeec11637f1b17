"""find_xrefs against the labelled set in tests/data/xrefs.yaml (100% precision and recall), and
resolving cross-references against the real content and the miniature plan."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import edit
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.model import text_of
from generator.linking.citations import find_citations
from generator.linking.xrefs import XRef, build_index, check_xrefs, find_xrefs, prose_fields, resolve_xref
from generator.pipeline import check

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests/data/xrefs.yaml").read_text(encoding="utf-8"))["cases"]
# the fields a person must read for cross-references: anything that looks like one
TRIGGER = re.compile(r"表\s*\d|图\s*\d|段|次级方案\s*\d|14\.\d|具体目标|指标\s*\d|发展目标\s*\d")
TRIGGER_EN = re.compile(r"[Tt]ables?\s+\d|[Ff]igures?\s+\d|[Pp]ara|[Ss]ubprogrammes?\s+\d|14\.\d|[Tt]arget|[Ii]ndicator|Goal")


def _as_tuple(e) -> tuple:
    return (e["raw"], e["kind"], str(e["number"]), e.get("part"))


def _found(case) -> list[XRef]:
    return find_xrefs(case["text"], case.get("lang", "zh"))


def test_labelled_set_precision_and_recall():
    expected_total = found_total = correct = 0
    misses = []
    for case in CASES:
        expected = [_as_tuple(e) for e in case["expect"]]
        got = [(x.raw, x.kind, x.number, x.part) for x in _found(case)]
        correct += sum((Counter(expected) & Counter(got)).values())
        expected_total += len(expected)
        found_total += len(got)
        if got != expected:
            misses.append(f"{case['id']}: expected {expected}, got {got}")
    precision = correct / found_total if found_total else 1.0
    recall = correct / expected_total if expected_total else 1.0
    real = [c for c in CASES if c["source"] != "extra"]
    zh = [c for c in real if c.get("lang", "zh") == "zh"]
    by_kind = Counter(e["kind"] for c in zh for e in c["expect"])
    print(
        f"\nxrefs: {len(CASES)} cases ({len(zh)} Chinese and {len(real) - len(zh)} English fields of "
        f"the real content), {expected_total} labelled references ({sum(by_kind.values())} in the "
        "Chinese content: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
        + f"; {sum(len(c['expect']) for c in real) - sum(by_kind.values())} in its English texts), "
        f"{found_total} found, {correct} correct: precision {precision:.1%}, recall {recall:.1%}"
    )
    assert not misses, "\n".join(misses)
    assert precision == 1.0 and recall == 1.0


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spans_are_exact_and_disjoint(case):
    last_end = 0
    for x in _found(case):
        assert case["text"][x.start : x.end] == x.raw
        assert x.start >= last_end
        last_end = x.end


def test_labelled_set_covers_the_real_content(site):
    """Every Chinese prose field that could hold a cross-reference is labelled, with its current
    text; labelled English texts are in step with content/ too."""
    labelled = {c["id"]: c for c in CASES if c["source"] != "extra"}
    fields = {f.label: text_of(f.text) for f in prose_fields(site)}
    english = {
        f"{f.label} [en]": f.text["en"] for f in prose_fields(site) if isinstance(f.text, dict) and "en" in f.text
    }
    unlabelled = [label for label, text in fields.items() if TRIGGER.search(text) and label not in labelled]
    assert not unlabelled, f"label these fields in tests/data/xrefs.yaml: {unlabelled}"
    stale = [i for i, c in labelled.items() if {**fields, **english}.get(i) != c["text"]]
    assert not stale, f"these cases no longer match content/: {stale}"
    # translations are being added: an English field not labelled yet is named, not failed; its
    # references are still checked to resolve (test_every_reference_in_the_content_resolves)
    new = [label for label, text in english.items() if TRIGGER_EN.search(text) and label not in labelled]
    if new:
        print(f"\nxrefs: English fields not in tests/data/xrefs.yaml yet: {new}")


def test_every_reference_in_the_content_resolves(site):
    assert check_xrefs(site) == []
    index = build_index(site)
    resolved = 0
    for field in prose_fields(site):
        for x in find_xrefs(text_of(field.text)):
            assert resolve_xref(x, index) is not None, (field.label, x)
            resolved += 1
    labelled = sum(len(c["expect"]) for c in CASES if c["source"] != "extra" and c.get("lang", "zh") == "zh")
    assert resolved == labelled


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("第 14.113 段", ("resources", "para-14.113")),
        ("上文第 14.11 段", ("orientation", "para-14.11")),
        ("表 14.16(1)", ("resources", "table-14.16")),
        ("图 14.二十", ("executive-direction", "figure-14.20")),
        ("图 14.三十一", ("programme-support", "figure-14.31")),
        ("次级方案 6(资源效率)", ("subprogramme-6", None)),
        ("第 14.58 段", ("subprogramme-4", "para-14.58")),
    ],
)
def test_resolve_on_the_real_site(site, text, target):
    (x,) = find_xrefs(text)
    assert resolve_xref(x, build_index(site)) == target
    assert x.anchor == target[1]


@pytest.mark.parametrize(
    "text", ["表 14.99", "表 14.16(3)", "图 14.四十", "第 14.150 段", "次级方案 8"]
)
def test_missing_targets_do_not_resolve(site, text):
    (x,) = find_xrefs(text)
    assert resolve_xref(x, build_index(site)) is None


def test_check_warns_on_unresolved_references(mini):
    edit(
        mini,
        "content/pages/subprogramme-1.yaml",
        "表 14.1 按类别和次类别列示应交付产出。",
        "表 14.1 按类别和次类别列示应交付产出，见表 14.9、表 14.1(2)、图 14.一、第 14.99 段和次级方案 3。",
    )
    lines = (mini / "content/pages/subprogramme-1.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "见表 14.9" in t)
    diags = check_xrefs(check(mini).site)
    messages = sorted(d.format() for d in diags)
    assert all(d.severity == "warning" for d in diags)
    assert all(m.startswith(f"content/pages/subprogramme-1.yaml:{line}:") for m in messages), messages
    assert [m.split("warning: ")[1].split(" refers")[0] for m in messages] == sorted(
        ["'表 14.9'", "'表 14.1(2)'", "'第 14.99 段'", "'次级方案 3'"]
    )
    assert any("part (2) of table 14.1, which has 1 part(s)" in m for m in messages)


def test_english_text_of_a_field_is_checked(mini):
    edit(
        mini,
        "content/pages/subprogramme-1.yaml",
        "text: 本次级方案促进实现的目标是推进各国向低排放经济发展过渡。",
        "text:\n          zh: 本次级方案促进实现的目标是推进各国向低排放经济发展过渡(见表 14.1)。\n"
        "          en: The objective (see table 14.1 and table 14.7).",
    )
    result = check(mini)
    assert check_xrefs(result.site) == []  # the Chinese text's references all resolve
    # a translation citing what does not exist is an error, and the build stops on it
    (diag,) = check_xrefs(result.site, translations=True)
    assert (diag.severity, diag.message) == ("error", "'table 14.7' refers to table 14.7, which is not on any page")
    assert diag in result.diagnostics and not result.ok()


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        find_xrefs("表 14.1", "fr")


ALPHABET = list("表图第段至和、次级方案()（）.-– 0123456789一二十三") + ["14.", "14.1", "表 14.", "第 14.", "次级方案 "]


@given(st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_any_text_gives_exact_disjoint_spans(text):
    last_end = 0
    for x in find_xrefs(text):
        assert text[x.start : x.end] == x.raw
        assert x.start >= last_end and x.end > x.start
        assert x.printed in x.raw
        last_end = x.end


def test_cross_references_never_overlap_mandate_citations():
    """The renderer links both in one pass; on every labelled text their spans are apart."""
    for case in CASES:
        lang = case.get("lang", "zh")
        cites = [(c.start, c.end) for c in find_citations(case["text"], lang)]
        for x in find_xrefs(case["text"], lang):
            assert all(x.end <= a or b <= x.start for a, b in cites), (case["id"], x.raw)
