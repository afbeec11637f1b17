"""Every command content/GUIDE.md shows works, as an editor would type it, in a fresh git clone
of the project: the guide's ``sh`` blocks are read, each line run. Also what the guide says about
them: `make check`'s exit codes, and `make hooks` refusing a commit with an error."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

GUIDE = ROOT / "content" / "GUIDE.md"
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
LONG_RUNNING = {"make serve"}  # started, seen to serve, stopped


def guide_commands() -> list[str]:
    commands = []
    for block in _BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        for line in block.splitlines():
            command = re.split(r"\s+#\s", line, maxsplit=1)[0].strip()
            if command:
                commands.append(command)
    return commands


COMMANDS = guide_commands()


def _env(work: Path) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": str(work), "TMPDIR": str(work), "LANG": "C.UTF-8",
            "NO_MKDOCS_2_WARNING": "1", "PRE_COMMIT_HOME": str(work / "pre-commit-cache"),
            "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
            "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The project as a fresh clone sees it, with the installed environment beside it (a .venv
    whose parts are the project's own, and its install stamp newer than requirements.txt)."""
    work = tmp_path_factory.mktemp("guide")
    root = copy_project(work / "project")
    for name in ("Makefile", "requirements.txt", ".pre-commit-config.yaml", ".gitattributes", "schema"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    venv = (ROOT / ".venv").resolve()
    (root / ".venv").mkdir()
    for part in venv.iterdir():
        if part.name != ".installed":
            (root / ".venv" / part.name).symlink_to(part)
    (root / ".venv" / ".installed").touch()
    env = _env(work)
    for git in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "the plan"]):
        subprocess.run(["git", *git], cwd=root, env=env, check=True, capture_output=True)
    return root


def _run(clone: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, shell=True, cwd=clone, env=_env(clone.parent), capture_output=True,
                          text=True, timeout=600)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serves(url: str, proc: subprocess.Popen, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def test_the_guide_shows_the_commands_it_describes() -> None:
    assert {"make serve", "make check", "make hooks"} <= set(COMMANDS)
    assert any(c.startswith(".venv/bin/python -m generator renumber") for c in COMMANDS)


@pytest.mark.parametrize("command", [pytest.param(c, marks=pytest.mark.slow) if c in LONG_RUNNING else c
                                     for c in COMMANDS])
def test_every_command_in_the_guide_works(clone: Path, command: str) -> None:
    if command in LONG_RUNNING:
        port = _free_port()
        proc = subprocess.Popen(f"{command} ADDR=127.0.0.1:{port}", shell=True, cwd=clone,
                                env=_env(clone.parent), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            assert _serves(f"http://127.0.0.1:{port}/", proc, 600), proc.stdout.read().decode() if proc.stdout else ""
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=60)
        return
    result = _run(clone, command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_check_exits_as_the_guide_says(clone: Path, tmp_path: Path) -> None:
    page = clone / "content/pages/resources.yaml"
    good = page.read_text(encoding="utf-8")
    try:
        page.write_text(good.replace("  en: Overview", "  en：Overview"), encoding="utf-8")
        made = _run(clone, "make check")
        assert made.returncode == 2 and "check] Error 1" in made.stderr
        assert "content/pages/resources.yaml:5:5: error:" in made.stderr
        assert _run(clone, ".venv/bin/python -m generator check").returncode == 1
    finally:
        page.write_text(good, encoding="utf-8")
    assert _run(clone, "make check").returncode == 0
    shutil.move(clone / "content", tmp_path / "content")
    try:
        made = _run(clone, "make check")
        assert made.returncode == 2 and "check] Error 2" in made.stderr
        assert _run(clone, ".venv/bin/python -m generator check").returncode == 2
    finally:
        shutil.move(tmp_path / "content", clone / "content")


def test_the_hook_refuses_a_commit_with_an_error(clone: Path) -> None:
    assert _run(clone, "make hooks").returncode == 0
    table = clone / "content/tables/14.21.yaml"
    good = table.read_text(encoding="utf-8")
    try:
        table.write_text(good.replace("values: [3607.6, 3993.0,", "values: [3607.6, 3 993.0,"), encoding="utf-8")
        _run(clone, "git add content")
        commit = _run(clone, "git commit -m 'a thousands space'")
        assert commit.returncode != 0
        assert "numbers only; write 3993.0" in commit.stdout + commit.stderr
    finally:
        table.write_text(good, encoding="utf-8")
        _run(clone, "git add content")


def test_a_file_saved_with_windows_line_endings_is_not_a_change(clone: Path) -> None:
    _run(clone, "git add -A")  # what earlier commands changed is not this test's change
    page = clone / "content/pages/unscear.yaml"
    good = page.read_bytes()
    try:
        page.write_bytes(good.replace(b"\n", b"\r\n"))
        assert _run(clone, "git diff --stat -- content/pages/unscear.yaml").stdout == ""
        assert _run(clone, ".venv/bin/python -m generator check").returncode == 0
    finally:
        page.write_bytes(good)
        _run(clone, "git add content")
