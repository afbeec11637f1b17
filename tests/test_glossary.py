"""content/strings/glossary.yaml is the one list of official English names: every text of the content
whose Chinese is a term of it carries that English, wherever it appears (a heading, a caption, a
column or row label, an organization unit)."""

from __future__ import annotations

import yaml
from conftest import ROOT

from generator.content.model import DEFAULT_LANG
from generator.i18n import languages as i18n

GLOSSARY = ROOT / "content" / "strings" / "glossary.yaml"


def glossary() -> dict[str, str]:
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    terms: dict[str, str] = {}
    for group in data.values():
        for zh, en in group.items():
            assert zh not in terms, f"{zh} is in the glossary twice"
            terms[str(zh)] = en
    return terms


def test_every_glossary_term_reads_the_same_in_english_everywhere(site):
    terms = glossary()
    assert len(terms) > 50
    used, drifted = set(), []
    for _, f in i18n.text_fields(site):
        if not isinstance(f.value, dict):
            continue
        zh = f.value.get(DEFAULT_LANG, "").strip()
        if zh in terms:
            used.add(zh)
            if f.value.get("en") != terms[zh]:
                drifted.append(f"{f.file}:{'/'.join(map(str, f.path))}: {zh} is {f.value.get('en')!r}, "
                               f"the glossary says {terms[zh]!r}")
    assert not drifted, "\n".join(drifted)
    assert len(used) > 30  # the glossary names what the content holds


def test_no_glossary_term_is_left_untranslated(site):
    terms = glossary()
    untranslated = [f"{f.file}:{'/'.join(map(str, f.path))}: {f.value}" for _, f in i18n.text_fields(site)
                    if isinstance(f.value, str) and f.value.strip() in terms]
    assert not untranslated, "\n".join(untranslated)
