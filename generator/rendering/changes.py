"""The preview's "changes" page: every change of a comparison (``python -m generator diff
--format json``, made by generator.review), each linked to its place in the site.

A build gets the page when the environment variable :data:`ENV_CHANGES` names a comparison file
(relative to the project); without it (the published site) there is no such page. Only the
environment says so, never a file left behind: a published site cannot get the page by accident.
Plan text is escaped for HTML; interface text comes from content/strings/<lang>.yaml.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.content import generated
from generator.diagnostics import Diagnostic, GeneratorError
from generator.i18n import languages as i18n
from generator.rendering.pages import md_text

CHANGES_PAGE = generated.CHANGES.id
# the kinds of change, in the order a reviewer reads them (generator.review.compare makes them)
SECTIONS = ("paragraphs", "cells", "findings", "mandates", "citations", "texts", "translations", "pages")
ENV_CHANGES = "PLAN_CHANGES"  # the comparison this build shows on its changes page


def changes_file(root: Path) -> Path | None:
    """The comparison this build shows, if any: a file named but missing is an error (a build
    asked for a changes page it cannot make)."""
    if not os.environ.get(ENV_CHANGES):
        return None
    path = Path(root) / os.environ[ENV_CHANGES]
    if not path.is_file():
        raise GeneratorError([Diagnostic(os.environ[ENV_CHANGES], 0, 0, "error",
                                         f"{ENV_CHANGES} names no file: run `python -m generator review` first")])
    return path


def nav_entries(root: Path) -> list[str]:
    """The changes page's navigation entry, when the build has one (a missing file is the
    generator's error to report, not the navigation's)."""
    value = os.environ.get(ENV_CHANGES)
    return [f"{CHANGES_PAGE}.md"] if value and (Path(root) / value).is_file() else []


def excerpt(ops: list[tuple[str, str]], context: int = 24) -> list[tuple[str, str]]:
    """The redline with long runs of kept text shortened to ``context`` characters on each side
    of an edit (an ellipsis for what is left out)."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(ops):
        if op != "=" or len(text) <= 2 * context + 1:
            out.append((op, text))
            continue
        first, last = i == 0, i == len(ops) - 1
        if first and last:
            out.append((op, text[:context] + "…"))
        elif first:
            out.append((op, "…" + text[-context:]))
        elif last:
            out.append((op, text[:context] + "…"))
        else:
            out.append((op, text[:context] + " … " + text[-context:]))
    return out


def _redline(ops: list[list[str]], lang: str) -> Markup:
    out = [Markup('<span lang="{}">').format(lang)]
    for op, text in excerpt([(o, t) for o, t in ops], 40):
        tag = {"-": "del", "+": "ins"}.get(op)
        out.append(Markup("<{0}>{1}</{0}>").format(tag, text) if tag else escape(text))
    out.append(Markup("</span>"))
    return Markup("").join(out)


def _text(text: Any, lang: str, limit: int = 160) -> Markup:
    text = " ".join(str(text or "").split())
    text = text if len(text) <= limit else text[:limit] + "…"
    return Markup('<span lang="{}">{}</span>').format(lang, text)


class _Page:
    def __init__(self, strings: i18n.Strings, default: str):
        self.s = strings
        self.default = default

    def kind(self, change: str) -> str:
        return self.s[f"change_{change.replace(' ', '_')}"]

    def link(self, item: dict, label: Any) -> Markup:
        if not item.get("page"):
            return Markup("<strong>{}</strong>").format(label)
        anchor = f"#{item['anchor']}" if item.get("anchor") else ""
        return Markup('<a href="{}">{}</a>').format(f"{item['page']}.html{anchor}", label)

    def entry(self, name: str, item: dict) -> Markup:
        d = self.default
        if name == "paragraphs":
            number = item["new"] or item["old"]
            if item["old"] and item["new"] and item["old"] != item["new"]:
                number = f"{item['old']} → {item['new']}"
            detail = (_redline(item["redline"], d) if "redline" in item
                      else _text(item.get("text"), d) if item.get("text") else Markup(""))
            return Markup("{} {} {}").format(self.link(item, number), self.kind(item["change"]), detail)
        if name == "cells":
            where = f"{self.s[item['kind']]} {item['number']}"
            if item["change"] != "cell":
                return Markup("{} {} {}").format(self.link(item, where), self.kind(item["change"]), item.get("row", ""))
            return Markup('{}: <span lang="{}">{} × {}</span>: {} → {}').format(
                self.link(item, where), d, item["row"], item["column"],
                "—" if item["old"] is None else item["old"], "—" if item["new"] is None else item["new"])
        if name == "findings":
            where = f"{item['file']}:{item['line']}" if item.get("line") else item["file"]
            return Markup('{} {}: <span lang="{}">{}</span>').format(
                self.link(item, where), self.kind(item["severity"]), d, item["message"])
        if name == "mandates":
            symbols = (f"{item['old_symbol']} → {item['symbol']}" if item["change"] == "relinked"
                       else item.get("symbol") or item.get("on", ""))
            return Markup("{} {} {}").format(self.link(item, item["key"]), self.kind(item["change"]), symbols)
        if name == "citations":
            return Markup("{} {} {}").format(
                self.link(item, self.s["paragraph"].format(number=item["paragraph"])),
                self.kind("cites" if item["change"] == "added" else "no_longer_cites"), item["key"])
        if name in ("texts", "translations"):
            lang = item.get("lang", d)
            detail = (_redline(item["redline"], lang) if "redline" in item
                      else _text(item["new"] if item["new"] is not None else item["old"], lang))
            prefix = f"{lang}: " if name == "translations" else ""
            what = self.s["paragraph"].format(number=item["paragraph"]) if "paragraph" in item else item["what"]
            return Markup("{}{} {} {}").format(prefix, self.link(item, what), self.kind(item["change"]), detail)
        if item["change"] == "navigation":
            return Markup("{}: {} → {}").format(self.kind("navigation"), " ".join(item["old"]), " ".join(item["new"]))
        if item["change"] == "placed":
            return Markup("{} {} {} → {}").format(self.link(item, item["id"]), self.kind("placed"),
                                                  item["old"], item["new"])
        return Markup("{} {} {}").format(self.link(item, item["id"]), self.kind(item["change"]),
                                         _text(item.get("title"), d))


def render(result: dict, strings: i18n.Strings, default: str) -> str:
    """The changes page in the language of ``strings`` (Markdown headings, HTML lists)."""
    page = _Page(strings, default)
    lines = ["---", "search:", "  exclude: true", "---", "", f"# {md_text(strings['changes_title'])}", ""]
    base, head = result["base"], result["head"]
    intro = strings["changes_intro"].format(base=f"{base['ref']} ({base['commit'][:10]})",
                                            head=head["ref"] + (f" ({head['commit'][:10]})" if head.get("commit") else ""))
    lines += [str(Markup('<p class="text">{}</p>').format(intro)), ""]
    if "errors" in result or not any(result.get("counts", {}).values()):
        key = "changes_errors" if "errors" in result else "changes_none"
        return "\n".join(lines + [str(Markup('<p class="text">{}</p>').format(strings[key])), ""])
    for name in SECTIONS:
        items = result.get(name)
        entries = (items.get("caused", []) + items.get("cleared", [])) if name == "findings" else items
        if not entries:
            continue
        lines += [f"## {md_text(strings['changes_' + name])} {{#changes-{name}}}", ""]
        if name == "findings":
            groups = [("changes_caused", items["caused"]), ("changes_cleared", items["cleared"])]
        else:
            groups = [(None, entries)]
        for title, group in groups:
            if not group:
                continue
            if title:
                lines.append(str(Markup('<p class="text">{}</p>').format(strings[title])))
            lines.append('<ul class="changes">')
            lines += [str(Markup("<li>{}</li>").format(page.entry(name, item))) for item in group]
            lines += ["</ul>", ""]
    return "\n".join(lines)


def pages(root: Path, languages: tuple[i18n.Language, ...], codes: list[str],
          strings: dict[str, i18n.Strings]) -> dict[str, str]:
    """The changes page of each language in ``codes`` (by its path in the docs folder), when the
    build has a comparison to show."""
    path = changes_file(root)
    if path is None:
        return {}
    result = json.loads(path.read_text(encoding="utf-8"))
    default = next(lang.code for lang in languages if lang.default)
    prefix = i18n.multilingual(languages)
    return {(f"{code}/" if prefix else "") + f"{CHANGES_PAGE}.md": render(result, strings[code], default)
            for code in codes}
