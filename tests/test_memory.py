"""Bounded memory: a preview worker generates the site on every save for hours. Nothing a
generation makes may outlive it (the link caches were keyed on the linked model and never let go:
about 6 MB a save)."""

from __future__ import annotations

import gc
import re
from pathlib import Path

from conftest import copy_project

from generator import pipeline
from generator.content import load
from generator.i18n import languages as i18n

GENERATIONS = 50
MAX_GROWTH = 20 * 2**20  # bytes


def resident() -> int:
    """This process's resident memory in bytes (what the system sees a long-running worker hold)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)[1]) * 1024


def test_fifty_generations_hold_memory(tmp_path) -> None:
    root = copy_project(tmp_path)
    languages = i18n.configured(root)
    cache = load.ParseCache()  # as the preview's worker keeps one from save to save

    def generate(n: int) -> None:
        # a save: the paragraph text changes, so the file is parsed again and every text is new
        page = root / "content" / "pages" / "orientation.yaml"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("text: ", f"text: 第 {n} 次保存。", 1), encoding="utf-8")
        pages, _ = pipeline.generate(root, languages=languages, only=languages[0].code, cache=cache)
        assert pages

    for n in range(3):  # the first generations fill what is meant to stay (templates, grammars, strings)
        generate(n)
    gc.collect()
    start = resident()
    for n in range(3, GENERATIONS + 3):
        generate(n)
    gc.collect()
    growth = resident() - start
    print(f"{GENERATIONS} generations: resident memory grew by {growth / 2**20:.1f} MB")
    assert growth < MAX_GROWTH, f"{GENERATIONS} generations grew memory by {growth / 2**20:.1f} MB"
