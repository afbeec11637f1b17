"""The Chinese text of the content, for the tests that compare it with the Chinese source."""

from __future__ import annotations

from pathlib import Path

import yaml


def chinese(node):
    """Every text field by its Chinese: a field may also carry translations ({zh: ..., en: ...});
    the source-fidelity tests check the text the source prints."""
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and all(isinstance(v, str) for v in node.values()):
            return node["zh"]
        return {key: chinese(value) for key, value in node.items()}
    if isinstance(node, list):
        return [chinese(value) for value in node]
    return node


def load_chinese(path: Path):
    return chinese(yaml.safe_load(path.read_text(encoding="utf-8")))
