"""Two builds of the same content are byte-identical; a failed build leaves site/ as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _site(work: Path, site_dir: str) -> subprocess.CompletedProcess:
    env = {"PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
           "NO_MKDOCS_2_WARNING": "1", "HOME": str(work), "TMPDIR": str(work),
           "SOURCE_DATE_EPOCH": "1600000000"}
    return subprocess.run([sys.executable, "-m", "generator", "site", "--site-dir", site_dir],
                          cwd=work, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("repro")
    return copy_project(work)


def test_two_builds_are_byte_identical(work: Path) -> None:
    first = _site(work, "site-a")
    assert first.returncode == 0, first.stderr[-3000:]
    time.sleep(1.1)  # a later clock, and every source file newer: nothing of either may show
    for path in (work / "content").rglob("*.yaml"):
        os.utime(path)
    shutil.rmtree(work / "build", ignore_errors=True)
    second = _site(work, "site-b")
    assert second.returncode == 0, second.stderr[-3000:]
    a, b = _digest(work / "site-a"), _digest(work / "site-b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert "sitemap.xml.gz" in a and "index.html" in a
    # the one date MkDocs writes (the gzip header of the sitemap) is SOURCE_DATE_EPOCH's day, not today
    header = (work / "site-a" / "sitemap.xml.gz").read_bytes()[4:8]
    assert int.from_bytes(header, "little") == 1600000000 - 1600000000 % 86400


def test_the_date_is_the_last_commits(monkeypatch) -> None:
    from generator.cli.main import source_date_epoch

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    expected = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    assert source_date_epoch(ROOT) == (expected or None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "123")
    assert source_date_epoch(ROOT) == "123"


def test_a_failed_build_leaves_the_previous_site(work: Path) -> None:
    if not (work / "site-a").is_dir():
        assert _site(work, "site-a").returncode == 0
    before = _digest(work / "site-a")
    page = work / "content" / "pages" / "unscear.yaml"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("id: unscear", "idd: unscear", 1), encoding="utf-8")
    try:
        result = _site(work, "site-a")
    finally:
        page.write_text(good, encoding="utf-8")
    assert result.returncode == 1
    assert "content/pages/unscear.yaml:" in result.stderr and "site-a/ is unchanged" in result.stderr
    assert _digest(work / "site-a") == before
    assert not (work / ".site-a.new").exists() and not (work / ".site-a.old").exists()
