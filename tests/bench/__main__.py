"""``python -m tests.bench``: measure, print the table and the targets, write the JSON.

    python -m tests.bench                 # the default run (make bench): 1x, 10x, 100x
    python -m tests.bench --quick         # one run of each, the real plan only (the smoke test)
    python -m tests.bench --repeat 5 --scales 1,10

Timings are medians of ``--repeat`` runs (``--repeat-scale`` for the synthetic plans of 10x and
more, whose builds take minutes); ratios compare figures of the same run.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import preview, project, replicate, report, searching, weight


def median_runs(n: int, fn) -> tuple[float, list[Any]]:
    results = [fn() for _ in range(n)]
    return statistics.median(r[0] for r in results), results


def builds(root: Path, repeat: int, one_process: bool) -> dict[str, Any]:
    """The site build (``make site``'s), the plain one (same Markdown, a config without hooks, one
    process) and, with ``one_process``, ``mkdocs build`` (the generator in its hook, the languages
    one after the other in one process): ``repeat`` times each, alternating, so that a change in
    the machine's load hits all alike."""
    project.add_timer(root)
    site: list[tuple[project.Run, dict[str, float]]] = []
    plain: list[tuple[project.Run, dict[str, float]]] = []
    single: list[tuple[project.Run, dict[str, float]]] = []
    config = None
    for _ in range(repeat):
        site.append(project.site_build(root, "site"))
        if config is None:  # the Markdown the generator wrote for the first build
            config = project.write_plain_config(root)
        plain.append(project.mkdocs_build(root, "site-plain", config))
        if one_process:
            single.append(project.mkdocs_build(root, "site-one"))
    out = _summary("site_build", site) | _summary("plain_build", plain)
    if single:
        out["one_process"] = _summary("mkdocs_build", single)
    return out


def _summary(name: str, runs: list[tuple[project.Run, dict[str, float]]]) -> dict[str, Any]:
    """The median time of ``runs``, each run's, the peak memory, and the median timeline."""
    keys = sorted({k for _, t in runs for k in t})
    return {
        f"{name}_s": statistics.median(r.seconds for r, _ in runs),
        f"{name}_runs_s": [r.seconds for r, _ in runs],
        f"{name}_cpu_s": statistics.median(r.cpu_seconds for r, _ in runs),
        f"{name}_maxrss_bytes": max(r.maxrss_bytes for r, _ in runs),
        f"{name}_timeline_s": {k: statistics.median(t.get(k, 0.0) for _, t in runs) for k in keys},
    }


def stage_medians(root: Path, repeat: int, trace: bool) -> dict[str, Any]:
    runs = [project.stages(root) for _ in range(repeat)]
    out: dict[str, Any] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    out["maxrss_bytes"] = max(r["maxrss_bytes"] for r in runs)
    if trace:
        out["tracemalloc_peak_bytes"] = project.stages(root, trace=True)["tracemalloc_peak_bytes"]
    else:
        out.pop("tracemalloc_peak_bytes", None)
    return out


def measure_plan(root: Path, repeat: int, trace: bool, one_process: bool = False) -> dict[str, Any]:
    stages = stage_medians(root, repeat, trace)
    built = builds(root, repeat, one_process)
    stats = project.site_stats(root / "site", ["zh", "en"], "zh")
    pages = stats["all"]["pages"]
    return {
        "stages_s": stages,
        **built,
        "site": stats,
        "pages": pages,
        "per_page_ms": 1000 * built["site_build_s"] / pages,
        "plain_per_page_ms": 1000 * built["plain_build_s"] / pages,
        "generator_share": stages["total"] / built["site_build_s"],
        # of the CPU time: what the wall time says on a machine that only builds
        "generator_cpu_share": stages["cpu_total"] / built["site_build_cpu_s"],
        "vs_plain": built["site_build_s"] / built["plain_build_s"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="one run of everything on the real plan only (scales 1)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (median); default 3")
    ap.add_argument("--repeat-scale", type=int, default=1,
                    help="runs per timing of the synthetic plans (10x and more); default 1")
    ap.add_argument("--scales", default="1,10,100", help="replication factors; default 1,10,100")
    ap.add_argument("--edits", type=int, default=3, help="saves timed against each preview server")
    ap.add_argument("--serve", action="append", default=None,
                    help="a preview command, run with the project's Python (`generator serve` is"
                         " `-m generator serve`); repeat to compare several; the first is the"
                         f" one the target is for (default: {' and '.join(preview.COMMANDS)})")
    ap.add_argument("--out", default="bench-results", help="folder for bench.json")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies (prints where)")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat, args.repeat_scale, args.scales, args.edits = 1, 1, "1", 1
    args.serve = args.serve or list(preview.COMMANDS)[: 1 if args.quick else None]
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    started = time.perf_counter()
    result: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count()},
        "options": {"repeat": args.repeat, "repeat_scale": args.repeat_scale, "scales": scales,
                    "edits": args.edits, "serve": args.serve, "quick": args.quick},
    }
    try:
        def step(name: str) -> None:
            print(f"[{time.perf_counter() - started:6.0f} s] {name}", file=sys.stderr, flush=True)

        step("the real plan: generator stages, site build, plain MkDocs build, one-process MkDocs build")
        real = project.make_copy(work / "real")
        result["real"] = measure_plan(real, args.repeat, trace=True, one_process=True)

        result["previews"] = []
        for command in args.serve:
            step(f"edit-to-preview: {command}")
            serve_root = project.make_copy(work / f"serve-{len(result['previews'])}")
            result["previews"].append(preview.measure(serve_root, edits=args.edits,
                                                      command=[project.python(), "-m", *command.split()],
                                                      navigation=not result["previews"]))
        result["preview"] = result["previews"][0]

        step("page weight (Chromium)")
        result["weight"] = weight.measure(real / "site")
        step("search quality (Chromium): the labelled queries")
        result["search"] = searching.measure(real / "site")

        result["scale"] = {}
        for factor in scales:
            if factor == 1:  # the real plan is the 1x plan: measured above
                result["scale"]["1"] = _scale_row(result["real"], {"factor": 1}, reused=True)
                result["scale"]["1"]["preview"] = result["preview"]
                continue
            step(f"scale {factor}x: replicate, generator stages, site build, plain MkDocs build")
            root = project.make_copy(work / f"x{factor}", content=False)
            counts = replicate.replicate(project.ROOT, root, factor)
            plan = measure_plan(root, args.repeat_scale, trace=False)
            result["scale"][str(factor)] = _scale_row(plan, counts)
            step(f"scale {factor}x: edit-to-preview ({args.serve[0]})")
            result["scale"][str(factor)]["preview"] = preview.measure(
                root, edits=args.edits, command=[project.python(), "-m", *args.serve[0].split()],
                startup_timeout=1800, navigation=True)
            shutil.rmtree(root / "site", ignore_errors=True)
            shutil.rmtree(root / "site-plain", ignore_errors=True)
        result["seconds"] = time.perf_counter() - started
        result["targets"] = report.targets(result)
    finally:
        if args.keep:
            print(f"copies kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
    print(report.table(result))
    print(f"\nwritten: {out / 'bench.json'}")
    return 0


def _scale_row(plan: dict[str, Any], counts: dict[str, Any], reused: bool = False) -> dict[str, Any]:
    keep = ("stages_s", "site_build_s", "site_build_runs_s", "site_build_cpu_s", "site_build_maxrss_bytes",
            "site_build_timeline_s", "plain_build_s", "plain_build_runs_s", "plain_build_maxrss_bytes", "pages",
            "per_page_ms", "plain_per_page_ms", "generator_share", "generator_cpu_share", "vs_plain")
    row = {k: plan[k] for k in keep} | {"content": counts}
    row["html_bytes"] = plan["site"]["all"]["html_bytes"]
    row["search_index_bytes"] = plan["site"]["all"]["search_index_bytes"]
    if reused:
        row["same_as"] = "real"
    return row


if __name__ == "__main__":
    raise SystemExit(main())
