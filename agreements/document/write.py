"""The one writer from a canonical document to an agreement's draft rows.

`write_draft` makes the draft say what a document says, section by section: the agreement's own
fields, its parties (by organisation), work packages with their RACI cells, tables, mandates,
escalation steps and core values. Rows are matched by their stable id, so a row that is in the
draft and in the document is updated in place (its comments stay anchored to it), a row only in
the document is created with the document's id (or a new one when the document gives none), and
a row only in the draft is deleted. Writing the same document twice changes nothing.

The import, the demo, the builder's templates and its model ladder all write through here. The
caller has checked the document (`drafting.importing`), and resolved what it refers to in this
installation: organisations for its party keys and role options for its role codes (`Resolved`).
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.document.build import upgrade
from agreements.models import (
    Agreement,
    EscalationStep,
    Mandate,
    Party,
    RaciCell,
    RoleKind,
    RoleOption,
    Table,
    ValueCommitment,
    WorkPackage,
)

# The sections `write_draft` writes, in an order in which references resolve (parties first).
SECTIONS = ("task", "parties", "ownership", "governance", "escalation", "values", "term")


@dataclass
class Resolved:
    """What a document refers to, in this installation."""

    # document party key -> organisation here
    organisations: dict[str, Organisation] = field(default_factory=dict)
    # (kind, code) -> role option
    roles: dict[tuple[str, str], RoleOption] = field(default_factory=dict)

    @classmethod
    def for_agreement(cls, agreement: Agreement) -> "Resolved":
        """The references of a document built from this agreement's own draft."""
        return cls(
            organisations={
                str(party.organisation_id): party.organisation
                for party in agreement.parties.select_related("organisation")
            },
            roles=all_roles(),
        )


def all_roles() -> dict[tuple[str, str], RoleOption]:
    return {(role.kind, role.code): role for role in RoleOption.objects.all()}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _whole(value: int | float | None) -> int | None:
    """JSON Schema counts 3.0 as an integer; the column wants 3."""
    return int(value) if value is not None else None


def _key(row: dict[str, Any]) -> uuid.UUID:
    return uuid.UUID(row["id"]) if row.get("id") else uuid.uuid4()


def write_draft(
    agreement: Agreement,
    document: dict[str, Any],
    resolved: Resolved,
    *,
    sections: Iterable[str] = SECTIONS,
) -> None:
    """Make the agreement's draft rows say what `document` says in `sections` (all of them by
    default); a document of any schema version."""
    document = upgrade(document)
    wanted = set(sections)
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)}")
    fields: list[str] = []
    if "task" in wanted:
        fields += _write_columns(agreement, "task", document["task"])
    if "values" in wanted:
        fields += ["relationship", "informal_contact"]
        agreement.relationship = document["values"]["relationship"]
        agreement.informal_contact = document["values"]["informal_contact"]
    if "term" in wanted:
        fields += _write_columns(agreement, "term", document["term"])
    if fields:
        agreement.save(update_fields=[*fields, "updated_at"])
    parties = _write_parties(agreement, document, resolved, write="parties" in wanted)
    if "ownership" in wanted:
        _write_work_packages(agreement, document["ownership"]["work_packages"], parties)
    if "governance" in wanted:
        if "parties" not in wanted:  # else written with the parties, which hold it
            _write_council_control(document["governance"]["council_control"], parties)
        _write_tables(agreement, document["governance"]["tables"], parties)
        _write_mandates(agreement, document["governance"]["mandates"], parties)
    if "escalation" in wanted:
        _write_escalation(agreement, document["escalation"])
    if "values" in wanted:
        _write_values(agreement, document["values"]["core_values"])


def _write_columns(agreement: Agreement, section: str, values: dict[str, Any]) -> list[str]:
    """Set the agreement's column of each field of a section (`vocabulary.keys_of`); the names
    of the columns set."""
    names = vocabulary.keys_of(section)
    for name in names:
        kind = vocabulary.FIELD_BY_PATH[f"{section}.{name}"].kind
        value = values[name]
        if kind == vocabulary.Kind.DATE:
            value = _date(value)
        elif kind == vocabulary.Kind.NUMBER:
            value = _whole(value)
        setattr(agreement, name, value)
    return list(names)


def _write_parties(
    agreement: Agreement, document: dict[str, Any], resolved: Resolved, *, write: bool
) -> dict[str, Party]:
    """The draft's party per document key; with `write`, the parties made to match first."""
    existing = {party.organisation_id: party for party in agreement.parties.all()}
    if not write:
        return {
            key: existing[organisation.pk]
            for key, organisation in resolved.organisations.items()
            if organisation.pk in existing
        }
    council = document["governance"]["council_control"]
    parties: dict[str, Party] = {}
    for position, entry in enumerate(document["parties"]):
        organisation = resolved.organisations[entry["key"]]
        party = existing.pop(organisation.pk, None) or Party(
            agreement=agreement, organisation=organisation
        )
        control = council.get(entry["key"], {})
        party.position = position
        party.political_representative = entry["political_representative"]
        party.civil_contact = entry["civil_contact"]
        party.ladder_role = resolved.roles.get((RoleKind.LADDER, entry["ladder_role"]))
        party.network_role = resolved.roles.get((RoleKind.NETWORK, entry["network_role"]))
        party.contributes_capacity = entry["contributes"]["capacity"]
        party.contributes_money = entry["contributes"]["money"]
        party.contributes_knowledge = entry["contributes"]["knowledge"]
        party.council_control = control.get("control", "")
        party.council_control_note = control.get("note", "")
        party.save()
        party.formal_roles.set(
            [resolved.roles[(RoleKind.FORMAL, code)] for code in set(entry["formal_roles"])]
        )
        parties[entry["key"]] = party
    for party in existing.values():
        party.delete()
    return parties


def _write_council_control(council: dict[str, Any], parties: dict[str, Party]) -> None:
    """How each party's council keeps control (the governance section), on the parties as
    they are."""
    for key, party in parties.items():
        control = council.get(key, {})
        party.council_control = control.get("control", "")
        party.council_control_note = control.get("note", "")
        party.save(update_fields=["council_control", "council_control_note"])


def _write_rows(
    agreement: Agreement,
    current: Iterable[Any],
    model: type[WorkPackage | Table | Mandate | EscalationStep],
    entries: list[dict[str, Any]],
    fill: Callable[[Any, dict[str, Any]], None],
    saved: Callable[[Any, dict[str, Any]], None] | None = None,
) -> None:
    """Make the agreement's rows of `model` (`current`) say what the document's `entries` say:
    each entry's row is matched by its key (or made with it), numbered from 1 in the document's
    order, filled by `fill`, saved and then passed to `saved` (for what needs its primary key);
    a row no entry names is deleted."""
    existing = {row.key: row for row in current}
    for position, entry in enumerate(entries, start=1):
        key = _key(entry)
        row = existing.pop(key, None) or model(agreement=agreement, key=key)
        row.position = position
        fill(row, entry)
        row.save()
        if saved is not None:
            saved(row, entry)
    for row in existing.values():
        row.delete()


def _write_work_packages(
    agreement: Agreement, packages: list[dict[str, Any]], parties: dict[str, Party]
) -> None:
    def fill(row: WorkPackage, entry: dict[str, Any]) -> None:
        row.name, row.description = entry["name"], entry["description"]

    def cells(row: WorkPackage, entry: dict[str, Any]) -> None:
        row.cells.all().delete()
        RaciCell.objects.bulk_create(
            RaciCell(work_package=row, party=parties[party_key], letter=letter)
            for party_key, letter in entry["raci"].items()
        )

    _write_rows(agreement, agreement.work_packages.all(), WorkPackage, packages, fill, cells)


def _write_tables(
    agreement: Agreement, tables: list[dict[str, Any]], parties: dict[str, Party]
) -> None:
    def fill(row: Table, entry: dict[str, Any]) -> None:
        row.name, row.level = entry["name"], entry["level"]
        row.chair = parties[entry["chair"]] if entry["chair"] else None
        row.independent_chair = entry["independent_chair"]
        row.cadence, row.decides = entry["cadence"], entry["decides"]

    def members(row: Table, entry: dict[str, Any]) -> None:
        row.members.set({parties[member] for member in entry["members"]})

    _write_rows(agreement, agreement.tables.all(), Table, tables, fill, members)


def _write_mandates(
    agreement: Agreement, mandates: list[dict[str, Any]], parties: dict[str, Party]
) -> None:
    def fill(row: Mandate, entry: dict[str, Any]) -> None:
        row.party = parties[entry["party"]]
        row.function, row.subject = entry["function"], entry["subject"]
        amount = entry["max_amount"]
        row.max_amount = Decimal(amount) if amount is not None else None
        row.limits, row.basis = entry["limits"], entry["basis"]
        row.basis_date = _date(entry["basis_date"])
        row.basis_reference = entry["basis_reference"]

    _write_rows(agreement, agreement.mandates.all(), Mandate, mandates, fill)


def _write_escalation(agreement: Agreement, steps: list[dict[str, Any]]) -> None:
    def fill(row: EscalationStep, entry: dict[str, Any]) -> None:
        row.trigger, row.handler = entry["trigger"], entry["handler"]
        row.deadline_days = _whole(entry["deadline_days"])
        row.outcome = entry["outcome"]
        row.deadlock_resolution = entry["deadlock_resolution"]

    _write_rows(agreement, agreement.escalation_steps.all(), EscalationStep, steps, fill)


def _write_values(agreement: Agreement, core_values: dict[str, str]) -> None:
    agreement.values.exclude(value__in=list(core_values)).delete()
    for value, how in core_values.items():
        ValueCommitment.objects.update_or_create(
            agreement=agreement, value=value, defaults={"how": how}
        )
