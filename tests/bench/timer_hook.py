"""A MkDocs hook that only records when each language's build starts and ends.

The benchmark lists it first under ``hooks:`` in its copy of mkdocs.yml, so that its
``on_pre_build`` runs before the generator's and its ``on_files`` after it: the gap is the
generator's share of the build. Events go to the file named by BENCH_TIMER, one JSON line each.
"""

from __future__ import annotations

import json
import os
import time


def _record(event: str, config) -> None:
    path = os.environ.get("BENCH_TIMER")
    if not path:
        return
    plugin = config.plugins.get("i18n")
    lang = getattr(plugin, "current_language", None) or ""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"event": event, "lang": lang, "t": time.monotonic()}) + "\n")


def on_config(config):
    _record("config", config)


def on_pre_build(config):
    _record("pre_build", config)


def on_files(files, config):
    _record("files", config)


def on_post_build(config):
    _record("post_build", config)
