"""The engine adapter stops at start-up, naming the package, when MkDocs, Python-Markdown, Material, the i18n plugin
or jieba is not the version whose internals it uses (generator/engine/versions.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project

from generator.engine import versions


def test_the_versions_are_the_pinned_ones() -> None:
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M))
    assert {name: pins.get(name) for name in versions.WRITTEN_FOR} == versions.WRITTEN_FOR
    assert versions.mismatches() == []  # this machine has them


def _fake_mkdocs(folder: Path) -> dict[str, str]:
    """An environment in which mkdocs reports version 9.9.9 (its metadata first on the path)."""
    info = folder / "fake" / "mkdocs-9.9.9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mkdocs\nVersion: 9.9.9\n", encoding="utf-8")
    return dict(os.environ, PYTHONPATH=str(folder / "fake"), NO_MKDOCS_2_WARNING="1")


def test_another_mkdocs_version_stops_the_engine_with_a_clear_message(tmp_path: Path) -> None:
    env = _fake_mkdocs(tmp_path)
    work = copy_project(tmp_path / "project")
    expected = "mkdocs 9.9.9 (expected 1.6.1)"
    site = subprocess.run([sys.executable, "-m", "generator", "site"], cwd=work, env=env,
                          capture_output=True, text=True)
    assert site.returncode == 2 and expected in site.stderr, site.stderr
    assert "Traceback" not in site.stderr and not (work / "site").exists()
    # MkDocs' own command: the hook stops it before the generator runs
    mkdocs = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert mkdocs.returncode != 0 and expected in mkdocs.stderr, mkdocs.stderr[-2000:]
    assert "Traceback" not in mkdocs.stderr and not any((work / "build" / "docs").iterdir())
