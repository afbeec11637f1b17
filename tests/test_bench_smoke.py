"""The benchmark (``make bench``) runs in its quickest mode and its JSON has every field.

No time is asserted: only that every figure the table and the targets need was measured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PLAN_FIELDS = ("stages_s", "site_build_s", "site_build_timeline_s", "plain_build_s", "pages", "per_page_ms",
               "plain_per_page_ms", "generator_share", "generator_cpu_share", "site_build_cpu_s", "vs_plain",
               "site_build_maxrss_bytes",
               "plain_build_maxrss_bytes", "one_process")
STAGES = ("load", "validate", "link", "render_zh", "render_en", "write", "total", "cpu_load", "cpu_render", "cpu_total")
SITE_FIELDS = ("pages", "html_bytes", "search_entries", "search_index_bytes", "search_index_gzip_bytes")


@pytest.mark.slow
@pytest.mark.browser
def test_quick_benchmark_writes_every_field(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tests.bench", "--quick", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "== targets" in proc.stdout
    r = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))

    real = r["real"]
    for key in PLAN_FIELDS:
        assert key in real, key
    for key in STAGES:
        assert real["stages_s"][key] > 0, key
    assert real["stages_s"]["tracemalloc_peak_bytes"] > 0
    assert {"before_mkdocs", "build_zh", "build_en", "after_mkdocs"} <= set(real["site_build_timeline_s"])
    assert {"build_zh", "build_en", "generator_in_build"} <= set(real["one_process"]["mkdocs_build_timeline_s"])
    for lang in ("zh", "en", "all"):
        for key in SITE_FIELDS:
            assert real["site"][lang][key] > 0, (lang, key)
    assert real["site"]["all"]["pages"] == real["site"]["zh"]["pages"] + real["site"]["en"]["pages"]

    p = r["preview"]
    assert p["command"] == "generator serve"  # what `make serve` runs
    assert p["edit_to_preview_s"] > 0 and len(p["edit_to_preview_runs_s"]) == 1
    assert p["edit_to_browser_s"] > 0 and len(p["edit_to_browser_runs_s"]) == 1
    assert p["navigation_edit_s"] > 0  # one save of a navigation title
    assert p["memory"]["together_bytes"] >= p["memory"]["largest_bytes"] > 0  # the server and its renderers

    assert list(r["scale"]) == ["1"]
    assert r["scale"]["1"]["pages"] == real["pages"]
    assert r["scale"]["1"]["preview"] == p  # the real plan is the 1x plan

    w = r["weight"]
    for view in ("home", "subprogramme_page"):
        assert w[view]["gzip_bytes"] > 0 and w[view]["by_kind"]["html"]["files"] == 1
        assert {"css", "js"} <= set(w[view]["by_kind"])
    assert w["first_search"]["results_after_s"] > 0
    assert isinstance(w["search_index_before_search"], bool)

    names = [t["target"] for t in r["targets"]]
    assert len(names) == 6
    for t in r["targets"]:
        assert t["figure"] and t["met"] in (True, False, None)
    # the scales the quick run skips are reported as not measured, not as met
    assert [t["met"] for t in r["targets"][2:4]] == [None, None]


def test_replicated_plan_is_valid_content(tmp_path: Path) -> None:
    """The synthetic plans go through the real loader and validator without errors: new page
    ids, paragraphs, footnotes, tables and figures renumbered, the navigation extended."""
    from bench.replicate import int_to_chinese, replicate

    from generator.content.model import chinese_to_int
    from generator.pipeline import check

    assert [int_to_chinese(n) for n in (1, 10, 18, 31, 99, 100)] == ["一", "十", "十八", "三十一", "九十九", "100"]
    assert all(chinese_to_int(int_to_chinese(n)) == n for n in range(1, 300))
    counts = replicate(ROOT, tmp_path, 4)
    real = check(ROOT)
    synthetic = check(tmp_path)
    assert [d.format() for d in synthetic.diagnostics if d.severity == "error"] == []
    assert synthetic.site is not None and real.site is not None
    assert len(synthetic.site.pages) == 4 * len(real.site.pages) == counts["pages"]
    assert len(synthetic.site.tables) == 4 * len(real.site.tables)
    assert len(synthetic.site.figures) == 4 * len(real.site.figures)
    assert "subprogramme-1-r3" in synthetic.site.pages
    # the arithmetic warnings of the source repeat in every copy, and nothing else is added
    warnings = [d for d in synthetic.diagnostics if d.severity == "warning"]
    assert len(warnings) == 4 * len([d for d in real.diagnostics if d.severity == "warning"])
