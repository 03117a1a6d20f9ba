"""Comparing two versions of an agreement, section by section, as data.

`compare(old, new)` returns one `SectionDiff` per section of the canonical document (in the
outline's order and with its titles). Rows are matched by their stable id; rows of a schema
version 1 document have none, and are matched as they were then: parties by organisation, work
packages and tables by name, mandates by holder and subject, escalation steps by rung. Matched
rows are reported as changed field by field, the others as added or removed; changed text
carries word-level marks. Labels and values are the vocabulary's (a mandate's amount reads
"€ 75.000", a role its name), so no code or path reaches a reader. Templates render the result;
nothing here knows HTML.
"""

import difflib
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from agreements.document import vocabulary
from agreements.document.build import upgrade
from agreements.document.outline import SECTION_BY_KEY

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Word:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class FieldChange:
    label: str
    before: Any
    after: Any
    words: list[Word] = field(default_factory=list)


@dataclass
class ItemChange:
    kind: str  # ADDED, REMOVED or CHANGED
    label: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class SectionDiff:
    key: str
    title: str
    items: list[ItemChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.items)


def word_diff(before: str, after: str) -> list[Word]:
    """Word-level marks: what stayed, what was inserted, what was deleted."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    words: list[Word] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            words.append(Word("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            words.append(Word("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            words.append(Word("insert", "".join(new[j1:j2])))
    return words


def leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    """The values of a section or row by vocabulary-style path; a list of plain values (a
    table's members, a party's roles) is one value, a row's id is left out."""
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, item in value.items():
            if key == "id":
                continue
            found.update(leaves(item, f"{prefix}.{key}" if prefix else str(key)))
        return found
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        found = {}
        for index, item in enumerate(value):
            found.update(leaves(item, f"{prefix}[{index}]"))
        return found
    return {prefix: value}


@dataclass(frozen=True)
class _Reader:
    """How values are shown: party names and role names for this comparison."""

    names: dict[str, str]
    roles: dict[str, str]

    def label(self, path: str) -> str:
        parts = vocabulary.parts_of(path)
        if len(parts) >= 2 and vocabulary.normalise(path) == "ownership.work_packages.raci":
            return f"RACI {self.names.get(str(parts[-1]), parts[-1])}"
        return vocabulary.label(path)

    def show(self, path: str, value: Any) -> str:
        return vocabulary.display(path, value, names=self.names, roles=self.roles)

    def changes(
        self, base: str, old: Any, new: Any, skip: tuple[str, ...] = ()
    ) -> list[FieldChange]:
        """The fields that differ between two versions of a section or row at `base`."""
        before, after = leaves(old or {}, base), leaves(new or {}, base)
        order = {f.path: index for index, f in enumerate(vocabulary.FIELDS)}

        def position(path: str) -> tuple[int, str]:
            return order.get(vocabulary.normalise(path), len(order)), path

        found = []
        for path in sorted(set(before) | set(after), key=position):
            if path.rsplit(".", 1)[-1] in skip or before.get(path) == after.get(path):
                continue
            old_text, new_text = self.show(path, before.get(path)), self.show(path, after.get(path))
            if old_text == new_text:
                continue
            # Paragraphs show their changed words; a name, an amount or a date reads whole:
            # "was € 50.000, wordt € 75.000".
            found_field = vocabulary.field(path)
            long = found_field is not None and found_field.kind == vocabulary.Kind.LONG_TEXT
            words = word_diff(old_text, new_text) if long and old_text and new_text else []
            found.append(FieldChange(self.label(path), old_text, new_text, words))
        return found


def _pair(
    old_rows: list[dict[str, Any]],
    new_rows: list[dict[str, Any]],
    natural: Callable[[dict[str, Any]], Hashable],
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Matched (old, new) rows, rows only in the new and rows only in the old version: by id
    where both rows have one, otherwise by `natural` (what identified rows before ids)."""
    by_id = {row["id"]: row for row in old_rows if row.get("id")}
    pairs, added, taken = [], [], set()
    unmatched_new = []
    for row in new_rows:
        match = by_id.get(row.get("id")) if row.get("id") else None
        if match is not None:
            pairs.append((match, row))
            taken.add(id(match))
        else:
            unmatched_new.append(row)
    by_natural = {natural(row): row for row in old_rows if id(row) not in taken}
    for row in unmatched_new:
        match = by_natural.pop(natural(row), None)
        if match is not None and not (match.get("id") and row.get("id")):
            pairs.append((match, row))
            taken.add(id(match))
        else:
            added.append(row)
    removed = [row for row in old_rows if id(row) not in taken]
    return pairs, added, removed


def table_key(table: dict[str, Any]) -> str:
    """What identified a table before rows had ids: its name."""
    return table["name"]


def mandate_key(mandate: dict[str, Any]) -> tuple[str | None, str]:
    """What identified a mandate before rows had ids: who holds it, and about what."""
    return (mandate["party"], mandate["subject"])


def _rows(
    reader: _Reader,
    base: str,
    old_rows: list[dict[str, Any]],
    new_rows: list[dict[str, Any]],
    *,
    natural: Callable[[dict[str, Any]], Hashable],
    label: Callable[[dict[str, Any]], str],
    skip: tuple[str, ...] = (),
) -> list[ItemChange]:
    pairs, added, removed = _pair(old_rows, new_rows, natural)
    items = [ItemChange(ADDED, label(row), reader.changes(base, {}, row, skip)) for row in added]
    items += [ItemChange(REMOVED, label(row)) for row in removed]
    for old, new in pairs:
        if fields := reader.changes(base, old, new, skip):
            items.append(ItemChange(CHANGED, label(new), fields))
    return items


def _whole(reader: _Reader, key: str, old: dict[str, Any], new: dict[str, Any]) -> SectionDiff:
    """A section that is one object: one changed item, or none."""
    title = str(SECTION_BY_KEY[key].title)
    changes = reader.changes(key, old, new)
    return SectionDiff(key, title, [ItemChange(CHANGED, title, changes)] if changes else [])


def _part_title(key: str) -> str:
    part = next(p for p in SECTION_BY_KEY["governance"].parts if p.key == key)
    return str(part.title)


def compare(
    old: dict[str, Any], new: dict[str, Any], *, roles: dict[str, str] | None = None
) -> list[SectionDiff]:
    """Every section of the two documents (of any schema version), with what was added,
    removed or changed; `roles` names role codes (`presentation.role_names()`)."""
    old, new = upgrade(old), upgrade(new)
    names = {
        party["key"]: party["organisation"]["official_name"]
        for document in (old, new)
        for party in document["parties"]
    }
    reader = _Reader(names, roles or {})
    governance_old, governance_new = old["governance"], new["governance"]
    council = [
        [
            {"party": key, **value}
            for key, value in document["governance"]["council_control"].items()
        ]
        for document in (old, new)
    ]
    return [
        _whole(reader, "task", old["task"], new["task"]),
        SectionDiff(
            "parties",
            str(SECTION_BY_KEY["parties"].title),
            _rows(
                reader,
                "parties",
                [{**p, "id": p["key"]} for p in old["parties"]],
                [{**p, "id": p["key"]} for p in new["parties"]],
                natural=lambda party: party["key"],
                label=lambda party: party["organisation"]["official_name"],
                skip=("key", "name", "official_name", "layer", "partner_kind", "code"),
            ),
        ),
        SectionDiff(
            "ownership",
            str(SECTION_BY_KEY["ownership"].title),
            _rows(
                reader,
                "ownership.work_packages",
                old["ownership"]["work_packages"],
                new["ownership"]["work_packages"],
                natural=lambda package: package["name"],
                label=lambda package: package["name"],
            ),
        ),
        SectionDiff(
            "tables",
            _part_title("tables"),
            _rows(
                reader,
                "governance.tables",
                governance_old["tables"],
                governance_new["tables"],
                natural=table_key,
                label=lambda table: table["name"],
            ),
        ),
        SectionDiff(
            "mandates",
            _part_title("mandates"),
            _rows(
                reader,
                "governance.mandates",
                governance_old["mandates"],
                governance_new["mandates"],
                natural=mandate_key,
                label=lambda mandate: f"{names.get(mandate['party'], '')}: {mandate['subject']}",
            ),
        ),
        SectionDiff(
            "council_control",
            _part_title("council_control"),
            _rows(
                reader,
                "governance.council_control.-",  # "-" stands for the party key
                [{**item, "id": item["party"]} for item in council[0]],
                [{**item, "id": item["party"]} for item in council[1]],
                natural=lambda item: item["party"],
                label=lambda item: names.get(item["party"], item["party"]),
                skip=("party",),
            ),
        ),
        SectionDiff(
            "escalation",
            str(SECTION_BY_KEY["escalation"].title),
            _rows(
                reader,
                "escalation",
                [{"rung": i + 1, **step} for i, step in enumerate(old["escalation"])],
                [{"rung": i + 1, **step} for i, step in enumerate(new["escalation"])],
                natural=lambda step: step["rung"],
                label=lambda step: _("Trede %(number)d") % {"number": step["rung"]},
                skip=("rung",),
            ),
        ),
        _whole(reader, "values", old["values"], new["values"]),
        _whole(reader, "term", old["term"], new["term"]),
    ]


# A row's natural key: a table's name, a mandate's holder and subject.
_Key = TypeVar("_Key", bound=Hashable)


@dataclass(frozen=True)
class StructureChanges:
    """What changed in the structure of an agreement: parties, tables, who sits where, mandates.

    Rows are matched as `compare` matches them (by id, or for schema 1 by their natural key) and
    named by their natural key: a table by its name, a mandate by its holder and subject, a
    party by its key. A matched row whose name changed is named as in the new version on both
    sides (`aliases`). The governance maps of the comparison page mark these.
    """

    parties_added: frozenset[str] = frozenset()
    parties_removed: frozenset[str] = frozenset()
    tables_added: frozenset[str] = frozenset()
    tables_removed: frozenset[str] = frozenset()
    # (table name, party key) of seats at tables that are in both versions.
    members_added: frozenset[tuple[str, str]] = frozenset()
    members_removed: frozenset[tuple[str, str]] = frozenset()
    mandates_added: frozenset[tuple[str | None, str]] = frozenset()
    mandates_removed: frozenset[tuple[str | None, str]] = frozenset()
    mandates_changed: frozenset[tuple[str | None, str]] = frozenset()
    # Natural keys of the old version's rows that are named otherwise in the new version.
    aliases: tuple[tuple[Hashable, Hashable], ...] = ()

    def identity(
        self, row: dict[str, Any], natural: Callable[[dict[str, Any]], Hashable], side: str
    ) -> Any:
        """The name under which `row` (of the `side` version) is marked."""
        own = natural(row)
        return dict(self.aliases).get(own, own) if side == "old" else own

    def mark(self, kind: str, key: Any, side: str) -> str:
        """How `key` of `kind` ("parties", "tables", "members", "mandates") differs, as seen on
        `side`: added or changed on the new version, removed on the old; "" when it does not."""
        if side == "new":
            if key in getattr(self, f"{kind}_added"):
                return ADDED
            if key in getattr(self, f"{kind}_changed", ()):
                return CHANGED
        elif key in getattr(self, f"{kind}_removed"):
            return REMOVED
        return ""


def structure_changes(old: dict[str, Any], new: dict[str, Any]) -> StructureChanges:
    """The structural differences between two documents, by natural key (no labels, no HTML)."""
    old, new = upgrade(old), upgrade(new)
    old_parties = {party["key"] for party in old["parties"]}
    new_parties = {party["key"] for party in new["parties"]}
    aliases: list[tuple[Hashable, Hashable]] = []

    def named(
        old_rows: list[dict[str, Any]],
        new_rows: list[dict[str, Any]],
        natural: Callable[[dict[str, Any]], _Key],
    ) -> tuple[dict[_Key, dict[str, Any]], dict[_Key, dict[str, Any]]]:
        """Both versions' rows by natural key, a matched old row under its new name."""
        pairs, _added, _removed = _pair(old_rows, new_rows, natural)
        renamed = {id(o): natural(n) for o, n in pairs}
        aliases.extend((natural(o), natural(n)) for o, n in pairs if natural(o) != natural(n))
        return (
            {renamed.get(id(row), natural(row)): row for row in old_rows},
            {natural(row): row for row in new_rows},
        )

    old_tables, new_tables = named(
        old["governance"]["tables"], new["governance"]["tables"], table_key
    )
    old_seats = {
        (name, member)
        for name, table in old_tables.items()
        if name in new_tables
        for member in table["members"]
    }
    new_seats = {
        (name, member)
        for name, table in new_tables.items()
        if name in old_tables
        for member in table["members"]
    }
    old_mandates, new_mandates = named(
        old["governance"]["mandates"], new["governance"]["mandates"], mandate_key
    )

    def differs(key: tuple[str | None, str]) -> bool:
        before, after = dict(old_mandates[key]), dict(new_mandates[key])
        before.pop("id", None), after.pop("id", None)
        return before != after

    return StructureChanges(
        parties_added=frozenset(new_parties - old_parties),
        parties_removed=frozenset(old_parties - new_parties),
        tables_added=frozenset(new_tables.keys() - old_tables.keys()),
        tables_removed=frozenset(old_tables.keys() - new_tables.keys()),
        members_added=frozenset(new_seats - old_seats),
        members_removed=frozenset(old_seats - new_seats),
        mandates_added=frozenset(new_mandates.keys() - old_mandates.keys()),
        mandates_removed=frozenset(old_mandates.keys() - new_mandates.keys()),
        mandates_changed=frozenset(
            key for key in new_mandates.keys() & old_mandates.keys() if differs(key)
        ),
        aliases=tuple(aliases),
    )
