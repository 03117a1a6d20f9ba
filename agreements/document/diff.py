"""Comparing two versions of an agreement, section by section, as data.

`compare(old, new)` returns one `SectionDiff` per section of the canonical document. Items that
have an identity (parties by organisation, work packages and tables by name, mandates by party
and subject, escalation steps by rung) are reported as added, removed or changed; changed text
carries word-level marks. Templates render the result; nothing here knows HTML.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from agreements.document.paths import flatten

ADDED, REMOVED, CHANGED = "added", "removed", "changed"

FIELD_LABELS = {
    "title": _("Titel"),
    "task": _("Opgave"),
    "theme": _("Thema"),
    "why": _("Waarom samenwerken"),
    "intended_result": _("Beoogd resultaat"),
    "governance_style": _("Sturingsstijl"),
    "rule_set": _("Regelset"),
    "enforceability": _("Afdwingbaarheid"),
    "political_representative": _("Bestuurlijk vertegenwoordiger"),
    "civil_contact": _("Ambtelijk contactpersoon"),
    "formal_roles": _("Formele rollen"),
    "ladder_role": _("Participatieladder"),
    "network_role": _("Netwerkrol"),
    "contributes.capacity": _("Inbreng: capaciteit"),
    "contributes.money": _("Inbreng: geld"),
    "contributes.knowledge": _("Inbreng: kennis"),
    "description": _("Omschrijving"),
    "name": _("Naam"),
    "level": _("Niveau"),
    "members": _("Deelnemers"),
    "chair": _("Voorzitter"),
    "independent_chair": _("Onafhankelijk voorzitter"),
    "cadence": _("Hoe vaak"),
    "decides": _("Beslist over"),
    "function": _("Functie"),
    "subject": _("Waarover"),
    "max_amount": _("Tot bedrag"),
    "limits": _("Overige grenzen"),
    "basis": _("Grondslag"),
    "basis_date": _("Datum besluit"),
    "basis_reference": _("Kenmerk besluit"),
    "control": _("Sturing door de volksvertegenwoordiging"),
    "note": _("Toelichting"),
    "trigger": _("Aanleiding"),
    "handler": _("Wie pakt het op"),
    "deadline_days": _("Binnen werkdagen"),
    "outcome": _("Mogelijke uitkomst"),
    "deadlock_resolution": _("Als het vastloopt"),
    "relationship": _("Afspraken over de relatie"),
    "transparantie": _("Transparantie"),
    "rechtmatigheid": _("Rechtmatigheid"),
    "rechtsgelijkheid": _("Rechtsgelijkheid"),
    "gelijke_behandeling": _("Gelijke behandeling"),
    "democratische_legitimiteit": _("Democratische legitimiteit"),
    "informal_contact": _("Informeel contact"),
    "start_date": _("Ingangsdatum"),
    "end_date": _("Einddatum"),
    "indefinite": _("Onbepaalde tijd"),
    "extension": _("Verlenging"),
    "termination": _("Opzegging"),
    "notice_period_months": _("Opzegtermijn (maanden)"),
    "accession": _("Toetreding"),
    "amendment": _("Wijzigingsprocedure"),
    "evaluation_cadence": _("Evaluatie: wanneer"),
    "evaluation_by": _("Evaluatie: door wie"),
    "next_evaluation": _("Eerstvolgende evaluatie"),
    "financial": _("Financieel"),
    "publication": _("Openbaarheid"),
    "non_publication_ground": _("Grond om niet te publiceren"),
}

SECTION_TITLES = {
    "task": _("Opgave en doel"),
    "parties": _("Partijen en rollen"),
    "ownership": _("Eigenaarschap (RACI)"),
    "tables": _("Tafels"),
    "mandates": _("Mandaten"),
    "council_control": _("Grip van de volksvertegenwoordiging"),
    "escalation": _("Escalatie"),
    "values": _("Waarden en samenwerking"),
    "term": _("Looptijd, evaluatie en wijziging"),
}


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


def _display(value: Any, names: dict[str, str]) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, list):
        return ", ".join(_display(item, names) for item in value)
    return names.get(str(value), str(value))


def _label(path: str) -> str:
    key = re.sub(r"\[\d+\]", "", path)
    return str(FIELD_LABELS.get(key, FIELD_LABELS.get(key.rsplit(".", 1)[-1], key)))


def _field_changes(old: Any, new: Any, names: dict[str, str]) -> list[FieldChange]:
    before, after = flatten(old or {}), flatten(new or {})
    changes = []
    for path in sorted(set(before) | set(after)):
        if before.get(path) == after.get(path):
            continue
        old_text, new_text = _display(before.get(path), names), _display(after.get(path), names)
        if old_text == new_text:
            continue
        changes.append(FieldChange(_label(path), old_text, new_text, word_diff(old_text, new_text)))
    return changes


def _compare_items(old_items, new_items, key, label, names, compare_fields=None):
    old_by_key = {key(item): item for item in old_items}
    new_by_key = {key(item): item for item in new_items}
    changes = []
    for item_key, item in new_by_key.items():
        if item_key not in old_by_key:
            changes.append(ItemChange(ADDED, label(item), _field_changes({}, item, names)))
    for item_key, item in old_by_key.items():
        if item_key not in new_by_key:
            changes.append(ItemChange(REMOVED, label(item)))
    for item_key, item in new_by_key.items():
        if item_key in old_by_key:
            fields = (compare_fields or _field_changes)(old_by_key[item_key], item, names)
            if fields:
                changes.append(ItemChange(CHANGED, label(item), fields))
    return changes


def table_key(table: dict[str, Any]) -> str:
    """A table's identity across versions: its name."""
    return table["name"]


def mandate_key(mandate: dict[str, Any]) -> tuple[str | None, str]:
    """A mandate's identity across versions: who holds it, and about what."""
    return (mandate["party"], mandate["subject"])


def _raci_changes(old, new, names):
    fields = _field_changes(
        {"description": old["description"]}, {"description": new["description"]}, names
    )
    for party in sorted(set(old["raci"]) | set(new["raci"])):
        before, after = old["raci"].get(party, ""), new["raci"].get(party, "")
        if before != after:
            fields.append(FieldChange(f"RACI {names.get(party, party)}", before, after))
    return fields


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """Every section of the two documents, with what was added, removed or changed."""
    names = {
        party["key"]: party["organisation"]["official_name"]
        for document in (old, new)
        for party in document["parties"]
    }
    sections = [
        SectionDiff(
            "task",
            str(SECTION_TITLES["task"]),
            [ItemChange(CHANGED, str(SECTION_TITLES["task"]), changes)]
            if (changes := _field_changes(old["task"], new["task"], names))
            else [],
        ),
        SectionDiff(
            "parties",
            str(SECTION_TITLES["parties"]),
            _compare_items(
                old["parties"],
                new["parties"],
                key=lambda party: party["key"],
                label=lambda party: party["organisation"]["official_name"],
                names=names,
                compare_fields=lambda a, b, n: _field_changes(
                    {k: v for k, v in a.items() if k not in ("key", "organisation")},
                    {k: v for k, v in b.items() if k not in ("key", "organisation")},
                    n,
                ),
            ),
        ),
        SectionDiff(
            "ownership",
            str(SECTION_TITLES["ownership"]),
            _compare_items(
                old["ownership"]["work_packages"],
                new["ownership"]["work_packages"],
                key=lambda package: package["name"],
                label=lambda package: package["name"],
                names=names,
                compare_fields=_raci_changes,
            ),
        ),
        SectionDiff(
            "tables",
            str(SECTION_TITLES["tables"]),
            _compare_items(
                old["governance"]["tables"],
                new["governance"]["tables"],
                key=table_key,
                label=lambda table: table["name"],
                names=names,
            ),
        ),
        SectionDiff(
            "mandates",
            str(SECTION_TITLES["mandates"]),
            _compare_items(
                old["governance"]["mandates"],
                new["governance"]["mandates"],
                key=mandate_key,
                label=lambda mandate: f"{names.get(mandate['party'], '')}: {mandate['subject']}",
                names=names,
            ),
        ),
        SectionDiff(
            "council_control",
            str(SECTION_TITLES["council_control"]),
            _compare_items(
                [{"party": k, **v} for k, v in old["governance"]["council_control"].items()],
                [{"party": k, **v} for k, v in new["governance"]["council_control"].items()],
                key=lambda item: item["party"],
                label=lambda item: names.get(item["party"], item["party"]),
                names=names,
                compare_fields=lambda a, b, n: _field_changes(
                    {"control": a["control"], "note": a["note"]},
                    {"control": b["control"], "note": b["note"]},
                    n,
                ),
            ),
        ),
        SectionDiff(
            "escalation",
            str(SECTION_TITLES["escalation"]),
            _compare_items(
                [{"rung": i + 1, **step} for i, step in enumerate(old["escalation"])],
                [{"rung": i + 1, **step} for i, step in enumerate(new["escalation"])],
                key=lambda step: step["rung"],
                label=lambda step: str(_("Trede %(number)d") % {"number": step["rung"]}),
                names=names,
                compare_fields=lambda a, b, n: _field_changes(
                    {k: v for k, v in a.items() if k != "rung"},
                    {k: v for k, v in b.items() if k != "rung"},
                    n,
                ),
            ),
        ),
        SectionDiff(
            "values",
            str(SECTION_TITLES["values"]),
            [ItemChange(CHANGED, str(SECTION_TITLES["values"]), changes)]
            if (changes := _field_changes(old["values"], new["values"], names))
            else [],
        ),
        SectionDiff(
            "term",
            str(SECTION_TITLES["term"]),
            [ItemChange(CHANGED, str(SECTION_TITLES["term"]), changes)]
            if (changes := _field_changes(old["term"], new["term"], names))
            else [],
        ),
    ]
    return sections


@dataclass(frozen=True)
class StructureChanges:
    """What changed in the structure of an agreement: parties, tables, who sits where, mandates.

    Identities are those of `compare`: tables by name, mandates by holder and subject, parties
    by key. The governance maps of the comparison page mark these.
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
    """The structural differences between two documents, as keys (no labels, no HTML)."""
    old_parties = {party["key"] for party in old["parties"]}
    new_parties = {party["key"] for party in new["parties"]}
    old_tables = {table_key(table): table for table in old["governance"]["tables"]}
    new_tables = {table_key(table): table for table in new["governance"]["tables"]}
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
    old_mandates = {mandate_key(mandate): mandate for mandate in old["governance"]["mandates"]}
    new_mandates = {mandate_key(mandate): mandate for mandate in new["governance"]["mandates"]}
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
            key
            for key in new_mandates.keys() & old_mandates.keys()
            if new_mandates[key] != old_mandates[key]
        ),
    )
