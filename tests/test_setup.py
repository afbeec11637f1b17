"""The two commands on another machine: the interpreter and the browser found wherever they are,
and the dev container's setup run as a fresh machine would run it, with a second Python."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import chromium
import pytest

ROOT = Path(__file__).resolve().parents[1]
DEVCONTAINER = ROOT / ".devcontainer" / "devcontainer.json"


MAKE = shutil.which("make") or "make"


def _make(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([MAKE, *args], cwd=cwd, env=env, capture_output=True, text=True)


def _fake_python(folder: Path, name: str, version: tuple[int, int]) -> None:
    """An executable ``name`` in ``folder`` that reports ``version`` to make's check."""
    script = folder / name
    script.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import sys; sys.exit({version} < (3, 11))'\n")
    script.chmod(0o755)


def _chosen_python(path: str) -> str:
    env = {**os.environ, "PATH": path}
    env.pop("PYTHON", None)
    r = _make("-p", "-n", "--no-builtin-rules", env=env)
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("PYTHON :="))
    return line.partition(":=")[2].strip()


def test_make_picks_the_newest_python_from_3_11(tmp_path: Path) -> None:
    _fake_python(tmp_path, "python3.11", (3, 11))
    _fake_python(tmp_path, "python3.12", (3, 12))
    _fake_python(tmp_path, "python3", (3, 9))
    assert _chosen_python(str(tmp_path)) == "python3.12"


def test_make_skips_an_interpreter_that_does_not_run(tmp_path: Path) -> None:
    (tmp_path / "python3.13").write_text("#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n")
    (tmp_path / "python3.13").chmod(0o755)
    _fake_python(tmp_path, "python3.11", (3, 11))
    assert _chosen_python(str(tmp_path)) == "python3.11"


def test_make_says_what_it_needs_when_no_python_fits(tmp_path: Path) -> None:
    _fake_python(tmp_path, "python3", (3, 9))
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "Makefile", project)
    (project / "requirements.txt").write_text("")
    env = {**os.environ, "PATH": str(tmp_path)}  # the only interpreter in sight is 3.9
    env.pop("PYTHON", None)
    r = _make("site", cwd=project, env=env)
    assert r.returncode != 0
    assert "No Python 3.11 or newer found" in r.stderr
    assert "PYTHON=" in r.stderr
    assert not (project / ".venv").exists()


def test_browser_from_the_chromium_variable_first(tmp_path: Path, monkeypatch) -> None:
    browser = tmp_path / "my-chrome"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(browser))
    assert chromium.find() == str(browser)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    assert chromium.find() is None  # named by hand and missing: no other browser in its place


def test_browser_on_the_path_in_order(tmp_path: Path, monkeypatch) -> None:
    for name in ("google-chrome", "chromium-browser"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium.find() == str(tmp_path / "chromium-browser")


def test_devcontainer_runs_make_targets_that_exist() -> None:
    config = json.loads(DEVCONTAINER.read_text(encoding="utf-8"))
    assert config["image"].startswith("mcr.microsoft.com/devcontainers/python:")
    assert 8000 in config["forwardPorts"]
    assert "redhat.vscode-yaml" in config["customizations"]["vscode"]["extensions"]
    for key in ("postCreateCommand", "postAttachCommand"):
        command = config[key].split()
        assert command[0] == "make", (key, command)
        r = _make("-n", *command[1:])
        assert r.returncode == 0, (key, r.stderr)
    # the YAML extension finds the schemas through the workspace settings
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file(), schema


def _second_python() -> str | None:
    """An interpreter of another version (3.11 or newer) than the one running the tests: on the
    PATH, or one of pyenv's versions where pyenv manages them."""
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [shutil.which(f"python3.{minor}") for minor in range(11, 15)]
    if shutil.which("pyenv"):
        root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
        candidates += sorted(str(p) for p in Path(root, "versions").glob("3.1*/bin/python3"))
    for candidate in filter(None, candidates):
        r = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                           capture_output=True, text=True)
        version = r.stdout.strip()
        if r.returncode == 0 and version != here and tuple(map(int, version.split("."))) >= (3, 11):
            return candidate
    return None


@pytest.mark.slow
def test_dev_container_setup_and_site_build_on_a_second_python(tmp_path: Path) -> None:
    """What the dev container runs after it is created (make setup), then make site, in a copy of
    the project as git has it, with another Python than the tests' own: the pins install there
    and the site builds."""
    python = _second_python()
    if python is None:
        pytest.skip("no second Python (3.11 or newer) on this machine")
    project = tmp_path / "project"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    setup = json.loads(DEVCONTAINER.read_text(encoding="utf-8"))["postCreateCommand"].split()
    r = _make(*setup[1:], f"PYTHON={python}", cwd=project)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    r = _make("site", cwd=project)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "en" / "index.html").is_file()
    version = subprocess.run([str(project / ".venv" / "bin" / "python"), "--version"],
                             capture_output=True, text=True).stdout
    assert f"{sys.version_info.major}.{sys.version_info.minor}." not in version
