"""The generator's stages, timed one by one: ``python stages.py ROOT OUT_DIR [trace]``.

Run as a child process with ``ROOT`` (a copy of the project) first on ``sys.path``, so that the
copy's own generator is measured and each run starts cold, as ``mkdocs build`` does. Prints one
JSON object: the seconds of each stage (render also per language) and the peak memory
(tracemalloc's when ``trace`` is given, which slows the run: its times are not used, and the
process's maximum resident size).

The stages are called as :func:`generator.pipeline.build` calls them: load (with the model),
validate, link, render (the languages side by side; then each alone, for its own figure), write.
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
    t = time.perf_counter()
    content = load_stage.load(root)
    site, _ = model.build(content)
    languages = i18n.configured(root)
    i18n.load_strings(root, languages)
    times["load"] = time.perf_counter() - t
    if site is None:
        raise SystemExit("the content does not load")
    t = time.perf_counter()
    diags = validate_stage.validate(site) + link_checks.validate(site)
    times["validate"] = time.perf_counter() - t
    if any(d.severity == "error" for d in diags):
        raise SystemExit("the content has errors:\n" + "\n".join(d.format() for d in diags[:5]))
    t = time.perf_counter()
    linked, _ = link_stage.link(site)
    times["link"] = time.perf_counter() - t
    strings, _ = i18n.load_strings(root, languages)
    codes = [lang.code for lang in languages]
    t = time.perf_counter()
    pages = pipeline.render_languages(linked, languages, codes, strings)
    times["render"] = time.perf_counter() - t  # the languages side by side, as the pipeline renders them
    for code in codes:  # and each alone, for the table
        t = time.perf_counter()
        render_stage.render(linked, lang=code, use_directory_urls=False, strings=strings, languages=languages)
        times[f"render_{code}"] = time.perf_counter() - t
    t = time.perf_counter()
    write_stage.write(pages, out_dir)
    times["write"] = time.perf_counter() - t
    times["total"] = sum(times[k] for k in ("load", "validate", "link", "render", "write"))
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return times, peak


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
