"""The translators' round trip: export to PO, fill, import into the YAML, losslessly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
import yaml
from conftest import ROOT

from generator.cli.main import main
from generator.i18n import translate
from generator.pipeline import build, check


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("content", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    return tmp_path


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((root / "content").rglob("*.yaml"))}


def _collapse(node, lang: str, before):
    """``after`` with the translations into ``lang`` that the import added taken out again."""
    if isinstance(before, str) and isinstance(node, dict) and set(node) == {"zh", lang}:
        return node["zh"]
    if isinstance(node, dict) and isinstance(before, dict):
        if lang in node and lang not in before:
            node = {k: v for k, v in node.items() if k != lang}
        return {k: _collapse(v, lang, before.get(k)) for k, v in node.items()}
    if isinstance(node, list) and isinstance(before, list):
        return [_collapse(v, lang, b) for v, b in zip(node, before, strict=True)]
    return node


def test_the_whole_plan_round_trips(project):
    before = _files(project)
    site = check(project).site
    po = translate.export(site, "en", all_text=True)
    assert len(po) > 1000
    untranslated = [e for e in po if not e.msgstr]
    for e in untranslated:
        # a footnote's `after` must be words of the translated paragraph: the Chinese ones still are
        e.msgstr = e.msgid if e.msgctxt.endswith("/after") else f"{e.msgid} [en]"
    path = project / "en.po"
    po.save(str(path))

    result = translate.import_po(project, path)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.imported == len(untranslated)
    after = _files(project)

    # the content is still valid, and now entirely translated
    assert check(project).ok()
    assert len(translate.export(check(project).site, "en")) == 0
    for name, text in before.items():
        old, new = yaml.safe_load(text), yaml.safe_load(after[name])
        # nothing but the translations changed: taking them out gives back the same data
        assert _collapse(new, "en", old) == old, name
        # every comment is still there, in order
        assert [c for c in re.findall(r"(?m)\s#\s.*$", text)] == \
            [c for c in re.findall(r"(?m)\s#\s.*$", after[name])], name
        # every block-style line is still there, in order (the new lines are only added; flow
        # mappings such as `{abbr: ASG, text: 助理秘书长}` and flow lists with a text cell such as
        # `values: [113, "1 个 USG…"]` grow inside the line: checked as data above)
        old_lines = [line.strip() for line in text.splitlines() if "{" not in line and not re.search(r'\[.*"', line)]
        new_lines = iter(line.strip() for line in after[name].splitlines())
        for line in old_lines:
            body = line.removeprefix("- ")
            key, _, value = body.partition(": ")
            want = value if value and key in _TEXT_KEYS | {"zh"} else body
            if body.startswith('"'):  # a text in a list (a table's text cell) is now its `zh:`
                want = body.partition("  #")[0]
            assert any(want in got for got in new_lines), (name, line)

    # importing the same file again changes nothing
    again = translate.import_po(project, path)
    assert again.files == [] and again.imported == 0
    assert _files(project) == after


_TEXT_KEYS = {"title", "text", "caption", "unit", "label", "row_header", "heading", "subtitle", "name",
              "serves", "after", "text_after", "body", "source", "recommendation", "action", "budget",
              "description"}


def test_a_filled_export_shows_up_on_the_english_site(project):
    out = project / "po"
    assert main(["--root", str(project), "export", "--lang", "en", "-o", str(out)]) == 0
    po = polib.pofile(str(out))
    entry = next(e for e in po if e.msgctxt == "pages/subprogramme-1.yaml:/sections/0/blocks/0/text")
    assert entry.msgid.startswith("本次级方案促进实现的目标")
    assert entry.occurrences == [("content/pages/subprogramme-1.yaml", "12")]
    entry.msgstr = "The objective to which this subprogramme contributes is to advance the transition of countries."
    po.save(str(out))
    original = (project / "content/pages/subprogramme-1.yaml").read_text(encoding="utf-8")
    assert main(["--root", str(project), "import", str(out)]) == 0
    text = (project / "content/pages/subprogramme-1.yaml").read_text(encoding="utf-8")
    assert "      en: The objective to which this subprogramme contributes" in text
    assert len(text.splitlines()) == len(original.splitlines()) + 2  # `text:` split into zh and en
    pages, _ = build(project, project / "docs")
    en = pages["en/subprogramme-1.md"]
    assert ('<p class="para" id="para-14.15"><a class="para-num" href="#para-14.15">14.15</a> '
            "The objective to which this subprogramme contributes is to advance the transition of countries.</p>") in en
    assert "本次级方案促进实现的目标" in pages["zh/subprogramme-1.md"]


def test_a_stale_entry_is_not_imported(project):
    site = check(project).site
    po = translate.export(site, "en")
    entry = next(e for e in po if e.msgctxt == "pages/subprogramme-1.yaml:/sections/0/blocks/0/text")
    entry.msgstr = "Translated."
    f = project / "content/pages/subprogramme-1.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("本次级方案促进实现的目标", "本次级方案的目标", 1),
                 encoding="utf-8")
    before = f.read_text(encoding="utf-8")
    result = translate.import_po(project, po)
    assert result.imported == 0
    assert [d.format() for d in result.diagnostics] == [
        "content/pages/subprogramme-1.yaml:12:11: warning: the Chinese text changed since it was exported: "
        "the en translation was not imported (hint: export again and translate the new text)"]
    assert f.read_text(encoding="utf-8") == before


def test_fuzzy_and_empty_entries_are_skipped(project):
    site = check(project).site
    po = translate.export(site, "en")
    po[0].msgstr = "Guess"
    po[0].flags.append("fuzzy")
    before = _files(project)
    result = translate.import_po(project, po)
    assert result.imported == 0 and result.skipped == len(po)
    assert _files(project) == before


def test_a_missing_or_unreadable_po_file_is_a_located_error(project, capsys):
    assert main(["--root", str(project), "import", str(project / "missing.po")]) == 1
    assert "missing.po: error: no such file" in capsys.readouterr().err
    bad = project / "bad.po"
    bad.write_text('msgid "x"\nmsgstr ""\nnot po\n', encoding="utf-8")
    before = _files(project)
    assert main(["--root", str(project), "import", str(bad)]) == 1
    assert re.search(r"bad\.po:3: error: not a PO file that can be read", capsys.readouterr().err)
    assert _files(project) == before
