"""schema/*.schema.json: generated from the model, committed, and kept up to date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import ROOT

from generator.cli.main import main
from generator.content import model, schema


def test_committed_schemas_and_modelines_are_up_to_date() -> None:
    stale = schema.stale(ROOT)
    assert not stale, f"{stale} out of date: run `python -m generator schema --write`"


def test_schemas_follow_the_model() -> None:
    table = schema.schema_for("table.schema.json")
    row = table["$defs"]["Row"]
    assert row["additionalProperties"] is False  # unknown keys are flagged in the editor
    assert row["properties"]["kind"]["enum"] == ["item", "category", "subtotal", "total", "heading"]
    assert set(row["properties"]) == set(model.Row.model_fields)
    assert set(table["properties"]) == set(model.Table.model_fields)
    text = table["properties"]["caption"]
    assert {"type": "string"} in text["anyOf"]
    assert any(alt.get("required") == ["zh"] for alt in text["anyOf"])
    mandates = schema.schema_for("mandates.schema.json")
    assert mandates["type"] == "array"
    assert mandates["$defs"]["Mandate"]["properties"]["body"]["enum"] == ["GA", "GC", "UNEA"]


def test_vscode_settings_map_every_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == schema.vscode_settings()
    for path in settings["yaml.schemas"]:
        assert (ROOT / path).is_file()


def test_write_adds_modelines_idempotently_and_touches_nothing_else(tmp_path: Path, capsys) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    page = tmp_path / "content" / "pages" / "orientation.yaml"
    table = tmp_path / "content" / "tables" / "14.21.yaml"
    # start from files without their modeline: the command adds it
    for path in (page, table):
        path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[1:]))
    before = {p: p.read_bytes() for p in (page, table)}
    table.write_bytes(b"# yaml-language-server: $schema=old.json\r\n" + before[table].replace(b"\n", b"\r\n"))
    crlf = table.read_bytes()

    assert main(["--root", str(tmp_path), "schema", "--write"]) == 0
    first = page.read_bytes()
    assert first == b"# yaml-language-server: $schema=../../schema/page.schema.json\n" + before[page]
    assert table.read_bytes() == (b"# yaml-language-server: $schema=../../schema/table.schema.json"
                                  + crlf[crlf.index(b"\r\n"):])
    assert (tmp_path / "content" / "plan.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/plan.schema.json\n")
    assert (tmp_path / "schema" / "page.schema.json").is_file()
    capsys.readouterr()

    assert main(["--root", str(tmp_path), "schema", "--write"]) == 0
    assert "0 file(s) changed" in capsys.readouterr().err
    assert page.read_bytes() == first
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert main(["--root", str(tmp_path), "check"]) == 0  # the modeline is a comment: content still valid


def test_stale_schema_is_reported(tmp_path: Path, capsys) -> None:
    (tmp_path / "content").mkdir()
    assert main(["--root", str(tmp_path), "schema", "--no-modelines"]) == 1
    assert "schema/page.schema.json: error: out of date" in capsys.readouterr().err
