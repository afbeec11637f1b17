"""The benchmark behind ``make bench``: build cost, preview latency, scale and page weight.

Run it as ``python -m tests.bench`` (``--help`` lists the options; ``--quick`` is the smoke run).
Every measurement runs in a throw-away copy of the project in a temporary folder, so the
working tree (content/, build/, site/) is never touched. Modules:

* :mod:`.project`   the copies, the MkDocs builds (each a child process, timed, with its peak memory);
* :mod:`.replicate` synthetic plans: the real content replicated through the same schema;
* :mod:`.stages`    the generator's stages, timed one by one (run in a child process);
* :mod:`.preview`   edit-to-preview latency against ``mkdocs serve``;
* :mod:`.weight`    the bytes a reader downloads, recorded in Chromium;
* :mod:`.report`    the table, the targets, the JSON.

Nothing here asserts a time: the figures are printed and written to ``bench-results/``.
"""
