"""Stage 5: writing is atomic, minimal and exact."""

from __future__ import annotations

import os

import pytest

from generator.write import MARKER, write


def test_writes_then_leaves_unchanged_files_alone(tmp_path):
    out = tmp_path / "docs"
    first = write({"a.md": "一\n", "sub/b.md": "二\n"}, out)
    assert first.written == ["a.md", "sub/b.md"]
    assert (out / "a.md").read_text(encoding="utf-8") == "一\n"
    stamp = (out / "a.md").stat().st_mtime_ns
    inode = (out / "a.md").stat().st_ino
    os.utime(out / "a.md", ns=(stamp - 10**9, stamp - 10**9))
    second = write({"a.md": "一\n", "sub/b.md": "二!\n"}, out)
    assert second.unchanged == [MARKER, "a.md"]
    assert second.written == ["sub/b.md"]
    assert (out / "a.md").stat().st_mtime_ns == stamp - 10**9  # not touched
    assert (out / "a.md").stat().st_ino == inode


def test_replaces_atomically_and_leaves_no_temp_files(tmp_path):
    out = tmp_path / "docs"
    write({"a.md": "old"}, out)
    inode = (out / "a.md").stat().st_ino
    write({"a.md": "new"}, out)
    assert (out / "a.md").read_text() == "new"
    assert (out / "a.md").stat().st_ino != inode  # a new file renamed over the old one
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a.md"]


def test_removes_stale_files(tmp_path):
    out = tmp_path / "docs"
    write({"a.md": "a", "old/b.md": "b"}, out)
    result = write({"a.md": "a"}, out)
    assert result.removed == ["old/b.md"]
    assert not (out / "old").exists()


def test_refuses_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "precious.md").write_text("mine")
    with pytest.raises(RuntimeError):
        write({"a.md": "a"}, out)
    assert (out / "precious.md").read_text() == "mine"


def test_refuses_paths_outside(tmp_path):
    with pytest.raises(ValueError):
        write({"../x.md": "x"}, tmp_path / "docs")
