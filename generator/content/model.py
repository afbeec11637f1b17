"""The content model (content/README.md) as pydantic models, and the step from loaded YAML to it.

Every model forbids unknown keys. :func:`build` validates each loaded file and maps pydantic's
errors back to ``file:line:col`` through the positions the loader kept, with a "did you mean"
for misspelt keys.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from generator.content.load import Content, Source
from generator.diagnostics import Diagnostic

DEFAULT_LANG = "zh"
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")


# --------------------------------------------------------------------------- scalar types


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _check_text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError("text_type", "expected text, got an empty mapping")
        for lang, text in value.items():
            if not _LANG.match(lang):
                raise PydanticCustomError(
                    "text_lang", "'{lang}' is not a language code (zh, en, ...)", {"lang": lang}
                )
            if not isinstance(text, str):
                raise PydanticCustomError(
                    "text_type",
                    "the '{lang}' text must be text, got {got}",
                    {"lang": lang, "got": _describe(text)},
                )
        if DEFAULT_LANG not in value:
            raise PydanticCustomError(
                "text_default", "a text with languages must have the Chinese text under 'zh'"
            )
        return dict(value)
    raise PydanticCustomError("text_type", "expected text, got {got}", {"got": _describe(value)})


def _check_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise PydanticCustomError("string_type", "expected text, got {got}", {"got": _describe(value)})


NIL = "—"  # the one marker of a printed nil cell (an em dash)
# a nil written with another dash: hyphen, en dash, minus, full-width hyphen, two hyphens...
_NOT_NIL = re.compile(r"[-\u2010-\u2015\u2212\uff0d\u30fc]+")
# a number written as printed, with thousands separators (3 993.0, 21,466.8) or in quotes
_PRINTED_NUMBER = re.compile(r"[-+]?\d{1,3}(?:[ \u00a0\u202f\u2009,，]\d{3})*(?:\.\d+)?")


def _check_value(value: Any) -> int | float | str | dict | None:
    if isinstance(value, dict) and all(isinstance(k, str) and _LANG.fullmatch(k) for k in value):
        return _check_text(value)  # a text cell with its translations: {zh: 不适用, en: Not applicable}
    if isinstance(value, str):
        stripped = value.strip()
        if stripped != NIL and _NOT_NIL.fullmatch(stripped):
            raise PydanticCustomError(
                "cell_nil", "'{value}' is not the nil marker: write \"—\" (an em dash, in quotes)",
                {"value": value})
        if _PRINTED_NUMBER.fullmatch(stripped):
            plain = re.sub(r"[ \u00a0\u202f\u2009,，]", "", stripped)
            raise PydanticCustomError(
                "cell_number", "'{value}' is text, not a number: numbers only; write {plain}",
                {"value": value, "plain": plain})
        return value
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "cell_type", "a table value must be a number, text (or texts by language), '—' or null, got {got}",
        {"got": _describe(value)},
    )


Text = Annotated[Any, PlainValidator(_check_text)]
"""A text field: a plain string (Chinese) or a mapping of language code -> string."""
Str = Annotated[Any, PlainValidator(_check_string)]
"""A string that must be written as text (a number like 14.10 must be quoted)."""
Value = Annotated[Any, PlainValidator(_check_value)]
Anchor = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")]


def _non_empty(needs: str) -> AfterValidator:
    def check(items: list) -> list:
        if not items:
            raise PydanticCustomError("empty_list", "{needs}, and this list is empty", {"needs": needs})
        return items

    return AfterValidator(check)


# A list the site cannot do without one of: pydantic's own message ("List should have at least 1
# item") would not say what is missing, so the check carries it; the schema says minItems.
_AT_LEAST_ONE = Field(json_schema_extra={"minItems": 1})


def text_of(text: Any, lang: str = DEFAULT_LANG) -> str:
    """The text in ``lang``, falling back to Chinese."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text[DEFAULT_LANG]


def is_text_cell(value: Any) -> bool:
    """A table or figure cell that holds text (with or without translations), not a number,
    '—' or a blank."""
    return isinstance(value, dict) or isinstance(value, str) and value != NIL


def cell_in(value: Any, lang: str) -> Any:
    """A table or figure cell as ``lang`` shows it: a text cell in that language; numbers, '—' and
    blanks as they are."""
    return text_of(value, lang) if isinstance(value, dict) else value


def has_lang(text: Any, lang: str) -> bool:
    return lang == DEFAULT_LANG or (isinstance(text, dict) and lang in text)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


# --------------------------------------------------------------------------- plan


class Foreword(Model):
    title: Text
    paragraphs: Annotated[list[Text], _non_empty("a foreword needs at least one paragraph"), _AT_LEAST_ONE]
    signature: list[Text] = []


class NavPage(Model):
    page: Str


class NavGroup(Model):
    title: Text
    children: Annotated[list[NavItem], _non_empty("a navigation group needs at least one page or group"), _AT_LEAST_ONE]


def _nav_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        if "page" in v:
            return "page"
        if "title" in v or "children" in v:
            return "group"
    return None


NavItem = Annotated[
    Annotated[NavPage, Tag("page")] | Annotated[NavGroup, Tag("group")],
    Discriminator(
        _nav_kind,
        custom_error_type="nav_kind",
        custom_error_message="a navigation entry is either {page: id} or {title: ..., children: [...]}",
    ),
]
NavGroup.model_rebuild()


class ChangeColumns(Model):
    """The labels of a budget table's change columns: a group (变动) whose ``total`` column is
    the sum of the others, between the base year's column and the estimate's."""

    group: Str
    total: Str
    recosting: Str | None = None


class ComparedColumns(Model):
    """Variance marks: each cell of ``column`` marked above, below or the same as the cell of
    ``against`` in its row, in every table part that has both."""

    column: Str
    against: Str


class ColumnLabels(Model):
    """Column labels with a meaning for the arithmetic and the variance marks (content/README.md,
    "Relations")."""

    percent: Str | None = None
    change: ChangeColumns | None = None
    compare: list[ComparedColumns] = []


class BudgetFigure(Model):
    """One figure of the home page's budget line: a cell of a table."""

    table: Str
    part: Annotated[int, Field(ge=1)] = 1
    row: Str
    column: Str
    year: Str
    factor: Annotated[int, Field(ge=1)] = 1


class BudgetLine(Model):
    resources: BudgetFigure
    posts: BudgetFigure | None = None


class Plan(Model):
    symbol: Str
    title: Text
    subtitle: Text | None = None
    foreword: Foreword | None = None
    description: Text | None = None
    subprogrammes_heading: Text | None = None  # the home page's, over the subprogrammes
    budget: Text | None = None
    budget_line: BudgetLine | None = None
    columns: ColumnLabels | None = None
    navigation: Annotated[list[NavItem], _non_empty("the navigation needs at least one page"), _AT_LEAST_ONE]


# --------------------------------------------------------------------------- blocks


class Item(Model):
    label: Str
    text: Text


class Footnote(Model):
    number: int
    after: Text
    text: Text


class ParagraphBlock(Model):
    paragraph: Annotated[str, Field(pattern=r"^\d+\.\d+$")]
    text: Text
    items: list[Item] = []
    text_after: Text | None = None
    footnotes: list[Footnote] = []


class TextBlock(Model):
    text: Text


class TableBlock(Model):
    table: Str


class FigureBlock(Model):
    figure: Str


class MandateGroup(Model):
    heading: Text
    refs: Annotated[list[Str], _non_empty("a mandate heading needs at least one reference"), _AT_LEAST_ONE]


class MandatesBlock(Model):
    mandates: Annotated[list[MandateGroup], _non_empty("a mandate list needs at least one heading"), _AT_LEAST_ONE]


class Abbreviation(Model):
    abbr: Str
    text: Text


class Post(Model):
    grade: Str
    count: int


class Posts(Model):
    RB: list[Post] = []
    XB: list[Post] = []


class Unit(Model):
    name: Text
    serves: Text | None = None
    posts: Posts = Posts()
    units: list[Unit] = []


class OrgChart(Model):
    abbreviations: list[Abbreviation] = []
    units: Annotated[list[Unit], _non_empty("an organization chart needs at least one unit"), _AT_LEAST_ONE]


class OrgChartBlock(Model):
    org_chart: OrgChart


class Recommendation(Model):
    recommendation: Text
    paragraph: int | Str | None = None
    action: Text


class RecommendationGroup(Model):
    body: Text
    source: Text
    symbol: Str | None = None
    items: Annotated[list[Recommendation], _non_empty("an oversight body needs at least one recommendation"), _AT_LEAST_ONE]


class RecommendationsBlock(Model):
    recommendations: Annotated[list[RecommendationGroup], _non_empty("a recommendations list needs at least one oversight body"), _AT_LEAST_ONE]


BLOCK_KINDS = ("paragraph", "table", "figure", "mandates", "org_chart", "recommendations", "text")


def _block_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        for kind in BLOCK_KINDS:  # 'text' last: a paragraph has text too
            if kind in v:
                return kind
    elif isinstance(v, BaseModel):
        return {
            ParagraphBlock: "paragraph", TextBlock: "text", TableBlock: "table",
            FigureBlock: "figure", MandatesBlock: "mandates", OrgChartBlock: "org_chart",
            RecommendationsBlock: "recommendations",
        }.get(type(v))
    return None


Block = Annotated[
    Annotated[ParagraphBlock, Tag("paragraph")] | Annotated[TextBlock, Tag("text")] | Annotated[TableBlock, Tag("table")] | Annotated[FigureBlock, Tag("figure")] | Annotated[MandatesBlock, Tag("mandates")] | Annotated[OrgChartBlock, Tag("org_chart")] | Annotated[RecommendationsBlock, Tag("recommendations")],
    Discriminator(
        _block_kind,
        custom_error_type="block_kind",
        custom_error_message="not a block: a block starts with one of the keys "
        + ", ".join(BLOCK_KINDS),
    ),
]


class Section(Model):
    title: Text
    id: Anchor | None = None
    blocks: list[Block] = []
    sections: list[Section] = []


class Page(Model):
    id: Str
    title: Text
    blocks: list[Block] = []
    sections: list[Section] = []


# --------------------------------------------------------------------------- tables, figures


class Column(Model):
    label: Text
    columns: list[Column] = []
    decimals: int | None = None
    matches: Str | None = None  # in relations: the column of this label in the other table

    def leaves(self) -> list[Column]:
        if not self.columns:
            return [self]
        return [leaf for c in self.columns for leaf in c.leaves()]

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.columns), default=0)


class RowRef(Model):
    """A row that a relation adds up: by its label, number or kind, in a part of a table."""

    table: Str | None = None  # the table's number; this table when absent
    part: Annotated[int, Field(ge=1)] = 1
    row: Str | None = None
    number: Str | None = None
    kind: Literal["total", "subtotal"] | None = None  # the part's last row of that kind
    column: Str | None = None  # every value from this column (else the same-labelled one)


class PartRef(Model):
    """A part whose rows a relation adds up, row by row, matched by label."""

    table: Str
    part: Annotated[int, Field(ge=1)] | None = None  # the same position as this part when absent
    column: Str | None = None


class Acknowledgement(Model):
    """A finding of the arithmetic on this row that the source prints and the editors accept."""

    column: Str | None = None  # the column's label; may be left out when the part has one column
    reason: Str  # for editors and reviewers; not shown on the site


class Row(Model):
    label: Text
    number: Str | None = None
    kind: Literal["item", "category", "subtotal", "total", "heading"] = "item"
    values: list[Value] = []
    note: Str | None = None
    equals: list[RowRef] = []
    acknowledged: list[Acknowledgement] = []


class TablePart(Model):
    title: Text | None = None
    columns: Annotated[list[Column], _non_empty("a table part needs at least one column"), _AT_LEAST_ONE]
    row_header: Text | None = None
    rows: Annotated[list[Row], _non_empty("a table part needs at least one row"), _AT_LEAST_ONE]
    equals: list[PartRef] = []

    def leaves(self) -> list[Column]:
        return [leaf for c in self.columns for leaf in c.leaves()]


class Note(Model):
    label: Str | None = None
    text: Text


class Table(Model):
    number: Str
    caption: Text
    unit: Text | None = None
    parts: Annotated[list[TablePart], _non_empty("a table needs at least one part (its columns and rows)"), _AT_LEAST_ONE]
    notes: list[Note] = []
    decimals: int | None = None


class Figure(Model):
    number: Str
    caption: Text
    subtitle: Text | None = None
    unit: Text | None = None
    data: list[TablePart] = []
    notes: list[Note] = []
    decimals: int | None = None


# --------------------------------------------------------------------------- mandates


class Mandate(Model):
    body: Literal["GA", "GC", "UNEA"]
    kind: Literal["resolution", "decision", "declaration"]
    number: Str
    title: Text | None = None  # entries cited only in prose may have no printed title
    section: Str | None = None
    symbol: Str | None = None

    @property
    def key(self) -> str:
        return f"{self.body} {self.kind} {self.number}"


MandateList = TypeAdapter(list[Mandate])


# --------------------------------------------------------------------------- the whole site


@dataclass
class Site:
    """The typed model of everything in content/, with the sources it came from."""

    plan: Plan
    pages: dict[str, Page] = field(default_factory=dict)  # by file stem
    tables: dict[str, Table] = field(default_factory=dict)  # by file stem (the table number)
    figures: dict[str, Figure] = field(default_factory=dict)  # by file stem (arabic numerals)
    mandates: list[Mandate] = field(default_factory=list)
    content: Content | None = None

    def source(self, kind: str, key: str | None = None) -> Source | None:
        if self.content is None:
            return None
        if kind in ("plan", "mandates"):
            return getattr(self.content, kind)
        return getattr(self.content, kind).get(key)


_ALL_MODELS: list[type[Model]] = [
    Foreword, NavPage, NavGroup, ChangeColumns, ComparedColumns, ColumnLabels, BudgetFigure, BudgetLine, Plan, Item,
    Footnote, ParagraphBlock, TextBlock, TableBlock, FigureBlock, MandateGroup, MandatesBlock, Abbreviation, Post, Posts, Unit, OrgChart,
    OrgChartBlock, Recommendation, RecommendationGroup, RecommendationsBlock, Section, Page,
    Column, RowRef, PartRef, Acknowledgement, Row, TablePart, Note, Table, Figure, Mandate,
]


_ALL_FIELDS = {f for m in _ALL_MODELS for f in m.model_fields}


def _suggest_key(unknown: str, siblings: dict) -> str | None:
    others = set(siblings) - {unknown}
    candidates: set[str] = set()
    for m in _ALL_MODELS:
        fields = set(m.model_fields)
        if others <= fields:
            candidates |= fields - others
    if not candidates:
        candidates = {f for m in _ALL_MODELS for f in m.model_fields}
    candidates.discard(unknown)
    match = difflib.get_close_matches(unknown, sorted(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


def _data_path(data: Any, loc: tuple) -> tuple:
    """Pydantic's loc includes union tags (which can equal a key: ``paragraph``); find the
    longest real path of keys and indices through the data that the loc describes."""

    def walk(node: Any, i: int) -> tuple:
        if i == len(loc):
            return ()
        part = loc[i]
        skip = walk(node, i + 1)
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            take = (part,) + walk(node[part], i + 1)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            take = (part,) + walk(node[part], i + 1)
        else:
            return skip
        return take if len(take) > len(skip) else skip  # on a tie the part was a union tag

    return walk(data, 0)


_MODELS_BY_NAME = {m.__name__: m for m in _ALL_MODELS}
_PLAIN_TYPE_ERRORS = frozenset({"model_type", "dict_type", "list_type", "int_type", "int_from_float",
                                "float_type", "bool_type", "int_parsing"})
_FULL_WIDTH_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\uff1a")


def _keys_of(class_name: str | None) -> str:
    model = _MODELS_BY_NAME.get(class_name or "")
    if model is None:
        return ""
    names = sorted(model.model_fields, key=lambda n: not model.model_fields[n].is_required())
    return " (keys such as " + ", ".join(f"'{n}'" for n in names[:4]) + ")"


def _wrong_level_hint(source: Source, path: tuple, value: Any) -> str:
    """A text where a mapping belongs, as an item of a list: most often an item of the list just
    above (``refs:``) whose '- ' was typed one level too far left."""
    if not path or not isinstance(path[-1], int) or isinstance(value, (dict, list)):
        return ""
    for index in range(path[-1] - 1, -1, -1):
        sibling = source.get(path[:-1] + (index,))
        if not isinstance(sibling, dict):
            continue
        for key, items in sibling.items():
            if isinstance(items, list) and items and all(not isinstance(i, (dict, list)) for i in items):
                line, col = source.pos(path[:-1] + (index, key, 0))
                return (f"is it an item of '{key}' (line {line})? Then indent its '- ' to column "
                        f"{max(col - 2, 1)}, like the items there")
        break
    return ""


def _plain_type_error(source: Source, path: tuple, kind: str, value: Any, ctx: dict) -> tuple[str, str | None]:
    """Pydantic's "input should be a valid ..." in the words of what to write instead."""
    got = _describe(value) if not isinstance(value, str) else f"the text '{value[:40]}'"
    if kind in ("model_type", "dict_type"):
        msg = f"expected a mapping{_keys_of(ctx.get('class_name'))} here, got {got}"
        if isinstance(value, str) and (m := _FULL_WIDTH_KEY.match(value)):
            return msg, (f"'{m.group(1)}\uff1a' has a full-width colon: type a half-width colon ':' "
                         f"followed by a space (请改用半角冒号“:”并在其后加一个空格)")
        return msg, _wrong_level_hint(source, path, value) or (
            "a list item at the wrong level? Line up its '- ' with the other items of its list")
    if kind == "list_type":
        return (f"expected a list here (one item a line, each starting with '- '), got {got}",
                "write the items under the key, each on its own line starting with '- '"
                if not isinstance(value, dict) else
                "the lines under the key need a '- ' in front of each item")
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"expected a whole number, got {got}", "write digits only, without quotes: 5"
    if kind == "float_type":
        return f"expected a number, got {got}", "write digits only, without quotes or spaces: 3993.0"
    return f"expected yes or no (true/false), got {got}", None


def map_errors(source: Source, exc: ValidationError) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = _data_path(source.data, loc)
        kind = err["type"]
        msg = err["msg"]
        hint = None
        value = err.get("input")
        if kind == "extra_forbidden":
            parent = source.get(path[:-1]) if path else None
            name = path[-1] if path else loc[-1]
            msg = f"unknown key '{name}'"
            guess = _suggest_key(str(name), parent if isinstance(parent, dict) else {})
            if guess:
                msg += f" (did you mean '{guess}'?)"
            out.append(source.diag(path, msg, hint=None, key=True))
            continue
        if kind == "missing":
            name = loc[-1]
            parent = source.get(path)
            if isinstance(parent, dict) and any(
                _suggest_key(k, parent) == name for k in parent if k not in _ALL_FIELDS
            ):
                continue  # the misspelt key is reported as unknown, with this name as the fix
            out.append(source.diag(path, f"missing key '{name}'"))
            continue
        if kind in _PLAIN_TYPE_ERRORS:
            msg, hint = _plain_type_error(source, path, kind, value, err.get("ctx") or {})
            out.append(source.diag(path, msg, hint=hint))
            continue
        if kind == "string_type":
            msg = f"expected text, got {_describe(value)}"
        if kind in ("string_type", "text_type") and isinstance(value, (int, float)):
            hint = "put the value in quotes, exactly as printed"
        elif kind == "literal_error" and isinstance(value, str):
            allowed = re.findall(r"'([^']*)'", msg)
            guess = difflib.get_close_matches(value, allowed, n=1)
            if guess:
                msg += f" (did you mean '{guess[0]}'?)"
        elif kind == "block_kind" and isinstance(value, str) and (m := _FULL_WIDTH_KEY.match(value)):
            hint = (f"'{m.group(1)}\uff1a' has a full-width colon: type a half-width colon ':' followed "
                    "by a space (请改用半角冒号“:”并在其后加一个空格)")
        elif kind == "block_kind" and isinstance(value, dict):
            words = [k for k in value if isinstance(k, str)]
            for w in words:
                guess = difflib.get_close_matches(w, BLOCK_KINDS, n=1)
                if guess:
                    msg += f" (did you mean '{guess[0]}' instead of '{w}'?)"
                    break
        elif kind == "string_pattern_mismatch" and path and path[-1] == "paragraph":
            msg = f"'{value}' is not a paragraph number: the section's number, a dot, the paragraph's"
        elif kind == "string_pattern_mismatch" and path and path[-1] == "id":
            msg = f"'{value}' is not an anchor: use ASCII letters, digits, '-', '_' or '.'"
        msg = msg[0].lower() + msg[1:] if msg else msg
        out.append(source.diag(path, msg, hint=hint))
    return out


def _validate(model: Any, source: Source) -> tuple[Any, list[Diagnostic]]:
    if source.data is None:
        return None, [source.diag((), "the file is empty")]
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(source.data), []
        return model.model_validate(source.data), []
    except ValidationError as exc:
        return None, map_errors(source, exc)


class ModelCache:
    """Models kept while their :class:`Source` stays the same object (a parse cache returns the
    same object for a file whose bytes did not change): the live preview builds the model on
    every save, and validates again only the files that changed. Models are never changed once
    built, so builds may share them."""

    def __init__(self) -> None:
        self._models: dict[tuple[Any, int], tuple[Source, Any, list[Diagnostic]]] = {}

    def validate(self, model: Any, source: Source) -> tuple[Any, list[Diagnostic]]:
        key = (model, id(source))
        hit = self._models.get(key)
        if hit is None or hit[0] is not source:
            hit = (source, *_validate(model, source))
            self._models[key] = hit
        return hit[1], list(hit[2])

    def keep_only(self, sources: list[Source]) -> None:
        """Forget the models of files that are no longer loaded (or changed since)."""
        alive = {id(s) for s in sources}
        self._models = {k: v for k, v in self._models.items() if k[1] in alive}


def build(content: Content, cache: ModelCache | None = None) -> tuple[Site | None, list[Diagnostic]]:
    """Validate every loaded file against the model. Returns ``None`` if the plan is unusable.
    With a ``cache``, a file loaded as the same :class:`Source` as before is not validated again."""
    validate_file = cache.validate if cache is not None else _validate
    diags: list[Diagnostic] = []
    plan = None
    if content.plan is not None:
        if content.plan.data is None and any(d.file == content.plan.path for d in content.diagnostics):
            plan = None
        else:
            plan, ds = validate_file(Plan, content.plan)
            diags += ds
    loaded_ok = {d.file for d in content.diagnostics if d.severity == "error"}
    def files_of(cls, sources: dict[str, Source]) -> dict:
        """The files of one kind that loaded, as models by file stem (errors into ``diags``)."""
        out = {}
        for stem, src in sorted(sources.items()):
            if src.path in loaded_ok and src.data is None:
                continue
            obj, ds = validate_file(cls, src)
            diags.extend(ds)
            if obj is not None:
                out[stem] = obj
        return out

    pages: dict[str, Page] = files_of(Page, content.pages)
    tables: dict[str, Table] = files_of(Table, content.tables)
    figures: dict[str, Figure] = files_of(Figure, content.figures)
    mandates: list[Mandate] = []
    if content.mandates is not None and content.mandates.data is not None:
        ms, ds = validate_file(MandateList, content.mandates)
        diags += ds
        mandates = ms or []
    if cache is not None:
        cache.keep_only(content.sources())
    if plan is None:
        return None, diags
    return Site(plan, pages, tables, figures, mandates, content), diags


# --------------------------------------------------------------------------- helpers over the model

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_to_int(text: str) -> int | None:
    """一 -> 1, 十八 -> 18, 三十一 -> 31 (the figure numbers of the document, up to 99)."""
    if text.isascii() and text.isdigit():  # "²" and "٣" are digits to str, not to int()
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        if "十" in units:
            return None
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        u = _CN_DIGITS.get(units, -1) if units else 0
        if t < 1 or u < 0:
            return None
        return t * 10 + u
    if len(text) == 1:
        return _CN_DIGITS[text]
    return None


def figure_stem(number: str) -> str | None:
    """'14.十八' -> '14.18': the file name (and anchor) of a figure."""
    prefix, _, rest = number.partition(".")
    n = chinese_to_int(rest)
    return f"{prefix}.{n}" if n is not None and prefix.isdigit() else None


def walk_blocks(page: Page):
    """Yield ``(path, block, sections)`` for every block of a page, in document order.

    ``path`` is the block's path inside the page file; ``sections`` the chain of enclosing
    sections (outermost first)."""

    def walk_section(section: Section, path: tuple, chain: tuple):
        chain = chain + (section,)
        for i, block in enumerate(section.blocks):
            yield path + ("blocks", i), block, chain
        for i, sub in enumerate(section.sections):
            yield from walk_section(sub, path + ("sections", i), chain)

    for i, block in enumerate(page.blocks):
        yield ("blocks", i), block, ()
    for i, section in enumerate(page.sections):
        yield from walk_section(section, ("sections", i), ())


def walk_sections(page: Page):
    """Yield ``(path, section, depth)`` for every section of a page, depth 1 for top level."""

    def walk(section: Section, path: tuple, depth: int):
        yield path, section, depth
        for i, sub in enumerate(section.sections):
            yield from walk(sub, path + ("sections", i), depth + 1)

    for i, section in enumerate(page.sections):
        yield from walk(section, ("sections", i), 1)


def nav_pages(items: list, path: tuple = ("navigation",)):
    """Yield ``(path, page_id)`` for every page entry of the navigation, in order."""
    for i, item in enumerate(items):
        if isinstance(item, NavPage):
            yield path + (i, "page"), item.page
        else:
            yield from nav_pages(item.children, path + (i, "children"))


def nav_order(site: Site) -> list[str]:
    """The ids of the pages in the navigation, in its order (existing pages only, first occurrence)."""
    seen: list[str] = []
    for _, page_id in nav_pages(site.plan.navigation):
        if page_id in site.pages and page_id not in seen:
            seen.append(page_id)
    return seen


def section_number(symbol: str) -> str | None:
    """'A/75/6 (Sect. 14)' -> '14'."""
    m = re.search(r"Sect\.\s*(\d+)", symbol)
    return m.group(1) if m else None


def paragraph_sort_key(number: str) -> tuple[int, int]:
    a, _, b = number.partition(".")
    return int(a), int(b)
