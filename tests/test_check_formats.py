"""`check --format github`: one workflow command per finding, escaped, with file, line and column."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, github_annotation


def test_github_annotation_escapes_and_locates() -> None:
    d = Diagnostic("content/a,b.yaml", 42, 7, "error", "100% wrong\nsecond line", "use: this")
    assert github_annotation(d) == (
        "::error file=content/a%2Cb.yaml,line=42,col=7,title=content error::"
        "100%25 wrong%0Asecond line (hint: use: this)"
    )
    assert github_annotation(Diagnostic("content/plan.yaml", 0, 0, "info", "x")).startswith(
        "::notice file=content/plan.yaml,title=content info::")


def test_github_format_from_the_command_line(tmp_path, capsys) -> None:
    import shutil

    from conftest import ROOT

    from generator.cli.main import main

    shutil.copytree(ROOT / "content", tmp_path / "content")
    page = tmp_path / "content" / "pages" / "unscear.yaml"
    page.write_text(page.read_text(encoding="utf-8").replace("id: unscear", "idd: unscear", 1), encoding="utf-8")
    assert main(["--root", str(tmp_path), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=content/pages/unscear.yaml,line=") and "unknown key 'idd'" in line
               for line in out)
