"""Backlinks on the real content: "cited in", the mandates × parts matrix, the mandates page model,
and the registry checked against the rules of the mandate lists."""

from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import edit

from generator.content.model import MandatesBlock, ParagraphBlock, text_of, walk_blocks
from generator.linking import link, mandates
from generator.linking.backlinks import (
    backlinks,
    mandates_page,
    matrix,
    page_order,
    part_of,
    parts,
    sort_key,
    symbol_sharing,
)
from generator.pipeline import check

ROOT = Path(__file__).resolve().parents[1]
LISTS = yaml.safe_load((ROOT / "tests/data/mandate_lists.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def links(site):
    return backlinks(site)


@pytest.fixture(scope="module")
def page(site, links):
    return mandates_page(site, links)


def _list_entries(site):
    """(page id, heading, ref) of every mandate list entry, read from the model directly."""
    for page_id in site.pages:
        for _, block, _ in walk_blocks(site.pages[page_id]):
            if isinstance(block, MandatesBlock):
                for group in block.mandates:
                    for ref in group.refs:
                        yield page_id, text_of(group.heading), ref


# --------------------------------------------------------------------------- cited in


def test_74_251_is_cited_in_paragraphs_of_several_subprogrammes(links):
    places = links.cited_in["GA resolution 74/251"]
    assert all(c.kind == "text" for c in places)  # it is in no mandate list
    subprogrammes = {part_of(c.page_id) for c in places} - {None, "orientation"}
    assert len(subprogrammes) >= 5, subprogrammes
    assert {("subprogramme-1", "14.23"), ("subprogramme-2", "14.37")} <= {
        (c.page_id, c.paragraph) for c in places
    }
    assert all(c.anchor == f"para-{c.paragraph}" for c in places)


def test_unea_decision_and_resolution_4_1_are_apart(links):
    (decision,) = links.lists("UNEA decision 4/1")
    assert (decision.page_id, decision.paragraph, decision.anchor) == ("orientation", "14.9", "para-14.9")
    assert text_of(decision.heading) == "联合国环境大会决议和决定"
    (resolution,) = links.lists("UNEA resolution 4/1")
    assert (resolution.page_id, resolution.paragraph) == ("subprogramme-6", "14.94")


def test_every_list_entry_is_a_backlink(site, links):
    entries = list(_list_entries(site))
    assert entries
    for page_id, heading, ref in entries:
        assert any(
            c.page_id == page_id and text_of(c.heading) == heading for c in links.lists(ref)
        ), (page_id, heading, ref)
    assert sum(len(links.lists(k)) for k in links.cited_in) == len(entries)


def test_lists_are_filed_under_their_paragraphs(links):
    """Against tests/data/mandate_lists.yaml (the eight lists as printed): each list's entries
    come back under its paragraph number, with their headings."""
    got: dict[str, list[tuple[str, str]]] = {}
    for key, places in links.cited_in.items():
        for c in places:
            if c.kind == "list":
                got.setdefault(c.paragraph, []).append((text_of(c.heading), key))
    expected = {
        para: [(g["heading"], ref) for g in groups for ref in g["refs"]] for para, groups in LISTS.items()
    }
    assert set(got) == set(expected)
    for para, items in expected.items():
        assert Counter(got[para]) == Counter(items), para


def test_cited_in_is_in_document_order(site, links):
    order = {p: i for i, p in enumerate(page_order(site))}
    for key, places in links.cited_in.items():
        pages = [order.get(c.page_id, -1) for c in places]
        assert pages == sorted(pages), key
        for page_id in set(c.page_id for c in places):
            paras = [c.paragraph for c in places if c.page_id == page_id and c.paragraph]
            numbers = [int(p.split(".")[1]) for p in paras]
            assert numbers == sorted(numbers), (key, page_id, paras)
    assert [c.paragraph for c in links.cited_in["GA resolution 67/213"]][:2] == ["14.1", "14.9"]


def test_a_place_is_listed_once_per_mandate(links):
    # 14.61 cites GA resolution 70/195 twice
    assert [c.paragraph for c in links.texts("GA resolution 70/195")].count("14.61") == 1
    for key, places in links.cited_in.items():
        marks = [(c.kind, c.page_id, c.label, text_of(c.heading) if c.heading else None, c.via) for c in places]
        assert len(marks) == len(set(marks)), key


def test_citations_in_table_cells_and_in_titles(links):
    cells = [c for c in links.texts("GC decision 27/2") if c.anchor == "table-14.19"]
    assert cells and cells[0].page_id == "policymaking-organs"
    via = {(c.paragraph, c.via) for c in links.cited_in["GC decision SS.VII/1"] if c.kind == "title"}
    assert ("14.68", "GC decision SS.VIII/1") in via


def test_every_registry_entry_is_cited_somewhere(site, links):
    assert not links.unknown
    orphans = sorted({m.key for m in site.mandates} - set(links.cited_in))
    assert not orphans, f"in content/mandates.yaml but cited nowhere: {orphans}"


def test_unknown_prose_citations_are_kept_apart(mini):
    edit(mini, "content/pages/subprogramme-1.yaml", "大会第 74/251 号决议核准了方案说明。",
         "大会第 74/251 号决议和第 74/999 号决议核准了方案说明。")
    links = backlinks(check(mini).site)
    assert [c.paragraph for c in links.unknown["GA resolution 74/999"]] == ["14.5"]
    assert "GA resolution 74/999" not in links.cited_in
    assert [c.paragraph for c in links.cited_in["GA resolution 74/251"]] == ["14.3", "14.5"]


# --------------------------------------------------------------------------- matrix


def test_matrix_columns_are_the_orientation_and_the_subprogrammes(site):
    assert parts(site) == ["orientation", "1", "2", "3", "4", "5", "6", "7"]


def test_matrix_counts_equal_list_entries_per_part(site, links):
    table = matrix(site, links)
    assert set(table) == {m.key for m in site.mandates}
    per_part = Counter(part_of(page_id) for page_id, _, _ in _list_entries(site))
    for part in parts(site):
        listed = sum(1 for row in table.values() for c in row.get(part, []) if c.kind == "list")
        assert listed == per_part[part], part
    # and against the printed lists: 14.9 is the orientation's, the others one per subprogramme
    assert per_part["orientation"] == sum(len(g["refs"]) for g in LISTS["14.9"])


def test_matrix_holds_paragraph_citations(site, links):
    row = matrix(site, links)["GA resolution 74/251"]
    assert set(row) == {"1", "2", "3", "4", "5", "6", "7"}
    assert all(c.kind == "text" for cells in row.values() for c in cells)
    # 4/6 is listed by subprogrammes 3 and 5 and cited in a paragraph of subprogramme 5
    row = matrix(site, links)["UNEA resolution 4/6"]
    assert {p: sorted(c.kind for c in cells) for p, cells in row.items()} == {
        "3": ["list"], "5": ["list", "text"]
    }


# --------------------------------------------------------------------------- the mandates page


def test_page_groups_by_body_then_kind(page):
    assert [b.body for b in page] == ["GA", "GC", "UNEA"]
    unea = page[2]
    assert [k.kind for k in unea.kinds] == ["resolution", "decision", "declaration"]


def test_each_document_once_and_every_entry_there(site, page):
    keys = [e.key for b in page for k in b.kinds for e in k.entries]
    assert len(keys) == len(set(keys))
    assert set(keys) == {m.key for m in site.mandates}
    anchors = [e.anchor for b in page for k in b.kinds for e in k.entries]
    assert len(anchors) == len(set(anchors))
    assert all(e.anchor == link.mandate_anchor(e.key) for b in page for k in b.kinds for e in k.entries)


def _numbers(page, body, kind):
    (b,) = [b for b in page if b.body == body]
    (k,) = [k for k in b.kinds if k.kind == kind]
    return [e.number for e in k.entries]


@pytest.mark.parametrize(
    ("body", "kind", "before", "after"),
    [
        ("UNEA", "resolution", "2/3", "2/24"),
        ("UNEA", "resolution", "1/17", "2/1"),
        ("GA", "resolution", "74/81", "74/121"),
        ("GA", "resolution", "913(X)", "2997(XXVII)"),
        ("GA", "resolution", "2997(XXVII)", "47/190"),
        ("GC", "decision", "27/2", "27/10"),
        ("GC", "decision", "27/12", "SS.VI/1"),
        ("GC", "decision", "SS.IX/1", "SS.XII/3"),
    ],
)
def test_natural_order(page, body, kind, before, after):
    numbers = _numbers(page, body, kind)
    assert numbers.index(before) < numbers.index(after)


def test_order_is_the_sort_key(page):
    for b in page:
        for k in b.kinds:
            keys = [e.key for e in k.entries]
            assert keys == sorted(keys, key=sort_key)


def test_entries_carry_symbols_urls_and_titles(page):
    for b in page:
        for k in b.kinds:
            for e in k.entries:
                assert mandates.check_symbol(e.symbol) == e.symbol
                assert e.urls == {
                    "zh": f"https://undocs.org/zh/{e.symbol.replace(' ', '')}",
                    "en": f"https://undocs.org/en/{e.symbol.replace(' ', '')}",
                }
                assert "/ch/" not in e.urls["zh"]
                assert e.title_lang["zh"] == "zh"
    (e,) = [e for b in page for k in b.kinds for e in k.entries if e.key == "GA resolution 66/288"]
    assert (e.title["zh"], e.title["en"], e.title_lang["en"]) == ("我们希望的未来", "The future we want", "en")
    assert [c.paragraph for c in e.cited_in][:2] == ["14.1", "14.2"]


# --------------------------------------------------------------------------- the registry


def test_each_body_links_to_its_own_kind_of_document(site):
    for m in site.mandates:
        sym = mandates.symbol(m)
        if m.body == "GA":
            assert sym.startswith("A/RES/"), m.key
        elif m.body == "GC":  # a Council decision: the session's report, never a GA resolution
            assert not sym.startswith("A/RES/") and sym.endswith("/25"), m.key
        elif m.kind == "resolution":
            assert "/Res." in sym or sym == "A/69/25", m.key
        elif m.kind == "decision":
            assert "/Dec." in sym, m.key
        else:
            assert "/HLS." in sym, m.key


def _heading_allows(heading: str) -> tuple[str, set[str]]:
    body = "UNEA" if "环境大会" in heading else "GC" if "理事会" in heading else "GA"
    kinds = {k for word, k in (("决议", "resolution"), ("决定", "decision"), ("宣言", "declaration")) if word in heading}
    return body, kinds


def test_list_entries_agree_with_their_headings(site):
    disagree = []
    for page_id, heading, ref in _list_entries(site):
        body, kind, _ = mandates.parse_key(ref)
        allowed_body, allowed_kinds = _heading_allows(heading)
        if body != allowed_body or kind not in allowed_kinds:
            disagree.append((page_id, heading, ref))
    # the source prints 第 3/1 号决定 (a decision) under 联合国环境大会部长级宣言和决议 in 14.108:
    # the page shows what the source printed, the link goes to the decision
    assert disagree == [("subprogramme-7", "联合国环境大会部长级宣言和决议", "UNEA decision 3/1")]


def test_session_reports_are_shared_only_by_their_session(site):
    for symbol, keys in symbol_sharing(site).items():
        sessions = {mandates.parse_key(k)[2].split("/")[0] for k in keys}
        assert len(sessions) == 1, (symbol, keys)


def test_list_paragraphs_announce_their_lists(site, links):
    """The paragraph a list is filed under is the one just before it, which announces it."""
    for page_id in site.pages:
        previous = None
        for _, block, _ in walk_blocks(site.pages[page_id]):
            if isinstance(block, MandatesBlock):
                assert previous is not None and "以下清单列示" in text_of(previous.text), page_id
            if isinstance(block, ParagraphBlock):
                previous = block
