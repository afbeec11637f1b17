"""The preview's error banner (generator.engine.preview): escaped, located, and gone after a good save."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.engine.preview import PreviewState, banner, decorate, error_page

BAD = Diagnostic("content/pages/x.yaml", 4, 7, "error", "unknown key '<script>alert(1)</script>'",
                 "did you mean 'a & b'?")


def test_banner_lists_each_finding_escaped_with_its_place() -> None:
    html = banner([BAD, Diagnostic("content/plan.yaml", 2, 1, "warning", "w")])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b" in html
    assert "<code>content/pages/x.yaml:4:7</code>" in html
    assert html.index("content/pages/x.yaml") < html.index("content/plan.yaml")  # sorted by file
    assert html.startswith('<div class="admonition failure preview-errors"')


def test_info_alone_shows_nothing() -> None:
    assert banner([Diagnostic("content/plan.yaml", 1, 1, "info", "translations")]) == ""
    assert decorate("# Page\n", []) == "# Page\n"


def test_decorate_puts_the_banner_under_the_title_as_its_own_block() -> None:
    # the title stays the first line: MkDocs takes a page's title (the navigation's) from there
    out = decorate("# 标题\n\ntext\n", [BAD])
    assert out.startswith("# 标题\n\n<div class=\"admonition failure preview-errors\"")
    assert out.endswith("</div>\n\ntext\n")
    assert decorate("text\n", [BAD]).endswith("</div>\n\ntext\n")  # no title: the banner first
    assert error_page([BAD]).startswith("# ")


def test_state_shows_the_banner_until_the_next_good_build(tmp_path: Path, capsys) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# old page\n", encoding="utf-8")
    state = PreviewState()
    state.start("serve")
    assert state.serving
    state.failed([BAD], docs)
    assert "content/pages/x.yaml:4:7: error: unknown key" in capsys.readouterr().err
    assert (docs / "page.md").read_text(encoding="utf-8") == "# old page\n"  # last good page kept
    assert "preview-errors" in state.decorate("# old page\n")
    state.succeeded()
    assert state.decorate("# new page\n") == "# new page\n"


def test_first_build_broken_gets_an_error_page(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    state = PreviewState()
    state.start("serve")
    state.failed([BAD], docs)
    index = (docs / "index.md").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in index
    assert (docs / ".generated").exists()  # the generator may overwrite the folder later


def test_broken_plan_keeps_the_last_good_settings() -> None:
    class Config:
        def __init__(self) -> None:
            self.nav, self.site_name, self.extra = ["index.md", "a.md"], "site", {"lang": "zh"}

    good, later = Config(), Config()
    state = PreviewState()
    state.keep(good)
    later.nav, later.site_name, later.extra = None, "", {}
    state.restore(later)
    assert (later.nav, later.site_name, later.extra) == (["index.md", "a.md"], "site", {"lang": "zh"})
    fresh = Config()
    PreviewState().restore(fresh)
    assert fresh.nav is None


def test_a_build_is_not_a_preview() -> None:
    state = PreviewState()
    state.start("build")
    assert not state.serving


def test_the_banner_speaks_the_pages_language(tmp_path: Path) -> None:
    from conftest import ROOT

    state = PreviewState()
    state.start("serve")
    state.failed([BAD], tmp_path / "docs", ROOT)  # the project's strings: content/strings/*.yaml
    zh, en = state.decorate("# 页\n", "zh/index.md"), state.decorate("# Page\n", "en/index.md")
    assert "内容有错误" in zh and "The content has errors" not in zh
    assert "The content has errors" in en and "内容有错误" not in en
