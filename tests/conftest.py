"""Shared fixtures: the miniature plan in tests/fixtures/mini, copied so tests may change it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"

# Property-based tests (tests/test_fuzz_*.py): a fixed, bounded run by default so that CI is quick
# and repeatable; HYPOTHESIS_PROFILE=long (`make fuzz`) tries many more inputs, at random.
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=4000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the miniature project (its content/ folder)."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in a content file."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PROJECT_FILES = ("content", "generator", "overrides", "mkdocs.yml")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> dict:
    """The real site, built once per session with `mkdocs build --strict` in a copy of the project."""
    import subprocess
    import sys

    work = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, work / name)
    (work / "build" / "docs").mkdir(parents=True)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=work, capture_output=True, text=True,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1",
             "HOME": str(work), "TMPDIR": str(work)},
    )
    return {"root": work, "site": work / "site", "proc": proc}
