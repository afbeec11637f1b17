"""No partial output: a failing generation leaves the previous docs folder as it was, and a crash
in the middle of writing leaves no half-written file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, edit

from generator import pipeline
from generator import write as write_stage
from generator.diagnostics import GeneratorError
from generator.rendering import pages as render_stage
from generator.write import MARKER, write


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file with its bytes, inode and modification time: 'untouched' means all three equal."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (path.read_bytes(), st.st_ino, st.st_mtime_ns)
    return out


@pytest.fixture
def built(mini):
    out = mini / "build" / "docs"
    pipeline.build(mini, out)
    before = snapshot(out)
    assert len(before) > 3
    return mini, out, before


def test_content_error_writes_nothing(built):
    mini, out, before = built
    edit(mini, "content/pages/orientation.yaml", "title: 总方向", "title: 总方向\ntitle: 重复")
    edit(mini, "content/pages/subprogramme-1.yaml", "  - title: 目标\n", "  - title: <b>新</b>\n")
    with pytest.raises(GeneratorError):
        pipeline.build(mini, out)
    assert snapshot(out) == before


def test_a_crash_while_rendering_writes_nothing(built, monkeypatch):
    mini, out, before = built
    edit(mini, "content/pages/subprogramme-1.yaml", "  - title: 目标\n", "  - title: 新目标\n")
    real_render_page = render_stage.render_page

    def page_crash(ctx, page):  # pages before this one are already rendered, in memory
        if page.id == "subprogramme-1":
            raise RuntimeError("renderer bug")
        return real_render_page(ctx, page)

    monkeypatch.setattr(render_stage, "render_page", page_crash)
    with pytest.raises(RuntimeError, match="renderer bug"):
        pipeline.build(mini, out)
    assert snapshot(out) == before


class _DiskFull:
    """Stands in for a file object: writes half of what it is given, then fails like a full disk."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")


def test_disk_full_while_staging_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "docs"
    write({f"p{i}.md": f"old {i}\n" for i in range(6)}, out)
    before = snapshot(out)
    opened = []
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        fh = real_fdopen(fd, *args, **kwargs)
        opened.append(fd)
        return _DiskFull(fh) if len(opened) == 4 else fh

    monkeypatch.setattr(write_stage.os, "fdopen", fdopen)
    with pytest.raises(OSError, match="No space"):
        write({f"p{i}.md": f"new {i}\n" for i in range(6)}, out)
    assert len(opened) == 4  # three staged, the fourth failed: none of them was renamed in
    assert snapshot(out) == before  # also: no temporary file left behind


def test_a_failing_rename_leaves_whole_files_and_no_temporary_ones(tmp_path, monkeypatch):
    out = tmp_path / "docs"
    old = {f"p{i}.md": f"old {i}\n" * 1000 for i in range(6)}
    new = {f"p{i}.md": f"new {i}\n" * 1000 for i in range(6)}
    write(old, out)
    renames = []
    real_replace = os.replace

    def replace(src, dst):
        renames.append(dst)
        if len(renames) == 3:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(write_stage.os, "replace", replace)
    with pytest.raises(OSError):
        write(new, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([MARKER, *old])
    for rel in old:
        assert (out / rel).read_text() in (old[rel], new[rel])


CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.write import write
out = Path(sys.argv[1])
pages = [{{f"p{{i}}.md": (f"{{v}} {{i}} " * 20000) + "\\n" for i in range(40)}} for v in ("A", "B")]
write(pages[0], out)
print("ready", flush=True)
n = 0
while True:
    n += 1
    write(pages[n % 2], out)
"""


@pytest.mark.parametrize("delay", [0.01, 0.05, 0.13, 0.29])
def test_killed_mid_write_leaves_only_whole_files(tmp_path, delay):
    out = tmp_path / "docs"
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT)), str(out)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(delay)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    whole = {(f"{v} {i} " * 20000) + "\n" for v in ("A", "B") for i in range(40)}
    pages = sorted(p for p in out.iterdir() if not p.name.startswith("."))
    assert len(pages) == 40
    for page in pages:
        assert page.read_text() in whole, f"{page.name} is half-written"
    # leftovers of the kill are dot-named temporary files; the next run removes them
    write({"p0.md": "fresh\n"}, out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "p0.md"]
