"""The generator's stages, timed one by one: ``python stages.py ROOT OUT_DIR [trace]``.

Run as a child process with ``ROOT`` (a copy of the project) first on ``sys.path``, so that the
copy's own generator is measured and each run starts cold, as ``mkdocs build`` does. Prints one
JSON object: the seconds of each stage (render also per language) and the peak memory
(tracemalloc's when ``trace`` is given, which slows the run: its times are not used, and the
process's maximum resident size).

The stages are called as :func:`generator.pipeline.build` calls them: load (with the model; a
large content parsed by two processes), validate and link (side by side for a large content: one
figure for both, ``validate_link``), render (the languages side by side; then each alone, for its
own figure), write. Each stage's CPU time too (``cpu_<stage>``, this process's and its children's:
the machine may be shared, and then the wall times say more about the others' work than ours).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path


def run_once(root: Path, out_dir: Path, trace: bool) -> tuple[dict[str, float], int]:
    from generator import pipeline
    from generator import write as write_stage
    from generator.content import load as load_stage
    from generator.content import model
    from generator.content import validate as validate_stage
    from generator.i18n import languages as i18n
    from generator.linking import checks as link_checks
    from generator.linking import link as link_stage
    from generator.rendering import pages as render_stage

    if trace:
        tracemalloc.start()
    times: dict[str, float] = {}
    clock: list[float] = []

    def start() -> None:
        clock[:] = [time.perf_counter(), _cpu()]

    def stop(stage: str) -> None:
        times[stage] = time.perf_counter() - clock[0]
        times[f"cpu_{stage}"] = _cpu() - clock[1]

    start()
    content = load_stage.load(root, cache=pipeline._parsed_beside(root))
    site, _ = model.build(content)
    languages = i18n.configured(root)
    i18n.load_strings(root, languages)
    stop("load")
    if site is None:
        raise SystemExit("the content does not load")
    large = len(site.pages) >= pipeline.PARALLEL_FROM_PAGES
    start()
    if large:  # as pipeline.check(link=True) does: the checks and the linking side by side
        diags, (linked, _) = pipeline._beside(
            lambda: validate_stage.validate(site) + link_checks.validate(site),
            lambda: link_stage.link(site), True)
    else:
        diags = validate_stage.validate(site) + link_checks.validate(site)
    stop("validate_link" if large else "validate")
    if any(d.severity == "error" for d in diags):
        raise SystemExit("the content has errors:\n" + "\n".join(d.format() for d in diags[:5]))
    if not large:
        start()
        linked, _ = link_stage.link(site)
        stop("link")
    strings, _ = i18n.load_strings(root, languages)
    codes = [lang.code for lang in languages]
    start()
    pages = pipeline.render_languages(linked, languages, codes, strings)
    stop("render")  # the languages side by side, as the pipeline renders them
    start()
    write_stage.write(pages, out_dir)
    stop("write")
    stages = ("load", "validate_link", "render", "write") if large else ("load", "validate", "link", "render", "write")
    times["total"] = sum(times[k] for k in stages)
    times["cpu_total"] = sum(times[f"cpu_{k}"] for k in stages)
    for code in codes:  # and each language alone, for the table
        t = time.perf_counter()
        render_stage.render(linked, lang=code, use_directory_urls=False, strings=strings, languages=languages)
        times[f"render_{code}"] = time.perf_counter() - t
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return times, peak


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (the forked ones)."""
    mine, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime


def main(argv: list[str]) -> int:
    root, out_dir, trace = Path(argv[1]).resolve(), Path(argv[2]).resolve(), argv[3:] == ["trace"]
    sys.path.insert(0, str(root))
    times, peak = run_once(root, out_dir, trace)
    result: dict[str, float | int] = dict(times)
    result["tracemalloc_peak_bytes"] = peak
    result["maxrss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
