"""The canonical agreement document: one JSON-ready dict per agreement, built from its rows.

Everything that must not depend on live rows later (versions, diffs, print, export, the
completeness check) reads this document. Keys are sorted when it is serialised, lists keep the
order the parties chose, and parties are referred to by their organisation's id.

Every row has a stable id: a party its `key` (the organisation's id), a work package, table,
mandate and escalation step its `id` (the row's `key`, kept by every save and by the import),
a core value its code. Schema version 2 added the `id`s; documents of version 1 (adopted
before) are never changed, and `upgrade` gives every reader the current shape of them.
"""

import copy
import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Prefetch

from agreements.models import Agreement, Party, RaciCell, Table, WorkPackage

SCHEMA_VERSION = 2
SCHEMA_VERSIONS = (1, 2)

# Sections in the order of the builder's steps.
SECTIONS = ("task", "parties", "ownership", "governance", "escalation", "values", "term")


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def load_agreement(agreement_id: UUID) -> Agreement:
    """The agreement with every row the document needs, in a fixed number of queries."""
    return (
        Agreement.objects.prefetch_related(
            Prefetch(
                "parties",
                Party.objects.select_related(
                    "organisation", "ladder_role", "network_role"
                ).prefetch_related("formal_roles"),
            ),
            Prefetch(
                "work_packages",
                WorkPackage.objects.prefetch_related(
                    Prefetch("cells", RaciCell.objects.select_related("party"))
                ),
            ),
            Prefetch("tables", Table.objects.select_related("chair").prefetch_related("members")),
            "mandates__party",
            "escalation_steps",
            "values",
        )
    ).get(pk=agreement_id)


def party_keys(document: dict[str, Any]) -> list[str]:
    """The keys of a document's parties, in order."""
    return [party["key"] for party in document["parties"]]


def _party_key(party: Party | None) -> str | None:
    return str(party.organisation_id) if party is not None else None


def build_document(agreement: Agreement) -> dict[str, Any]:
    """The full canonical document of an agreement (load it with `load_agreement`)."""
    parties = list(agreement.parties.all())
    party_by_id = {party.pk: party for party in parties}
    return {
        "schema_version": SCHEMA_VERSION,
        "task": {
            "title": agreement.title,
            "task": agreement.task,
            "theme": agreement.theme,
            "why": agreement.why,
            "intended_result": agreement.intended_result,
            "governance_style": agreement.governance_style,
            "rule_set": agreement.rule_set,
            "enforceability": agreement.enforceability,
        },
        "parties": [
            {
                "key": _party_key(party),
                "organisation": {
                    "name": party.organisation.name,
                    "official_name": party.organisation.official_name,
                    "layer": party.organisation.layer,
                    "partner_kind": party.organisation.partner_kind,
                    "code": party.organisation.code,
                },
                "political_representative": party.political_representative,
                "civil_contact": party.civil_contact,
                "formal_roles": sorted(role.code for role in party.formal_roles.all()),
                "ladder_role": party.ladder_role.code if party.ladder_role else "",
                "network_role": party.network_role.code if party.network_role else "",
                "contributes": {
                    "capacity": party.contributes_capacity,
                    "money": party.contributes_money,
                    "knowledge": party.contributes_knowledge,
                },
            }
            for party in parties
        ],
        "ownership": {
            "work_packages": [
                {
                    "id": str(package.key),
                    "name": package.name,
                    "description": package.description,
                    "raci": {
                        _party_key(party_by_id.get(cell.party_id, cell.party)): cell.letter
                        for cell in package.cells.all()
                    },
                }
                for package in agreement.work_packages.all()
            ]
        },
        "governance": {
            "tables": [
                {
                    "id": str(table.key),
                    "name": table.name,
                    "level": table.level,
                    "members": [_party_key(member) for member in table.members.all()],
                    "chair": _party_key(table.chair),
                    "independent_chair": table.independent_chair,
                    "cadence": table.cadence,
                    "decides": table.decides,
                }
                for table in agreement.tables.all()
            ],
            "mandates": [
                {
                    "id": str(mandate.key),
                    "party": _party_key(mandate.party),
                    "function": mandate.function,
                    "subject": mandate.subject,
                    "max_amount": _amount(mandate.max_amount),
                    "limits": mandate.limits,
                    "basis": mandate.basis,
                    "basis_date": _date(mandate.basis_date),
                    "basis_reference": mandate.basis_reference,
                }
                for mandate in agreement.mandates.all()
            ],
            "council_control": {
                _party_key(party): {
                    "control": party.council_control,
                    "note": party.council_control_note,
                }
                for party in parties
                if party.council_control or party.council_control_note
            },
        },
        "escalation": [
            {
                "id": str(step.key),
                "trigger": step.trigger,
                "handler": step.handler,
                "deadline_days": step.deadline_days,
                "outcome": step.outcome,
                "deadlock_resolution": step.deadlock_resolution,
            }
            for step in agreement.escalation_steps.all()
        ],
        "values": {
            "core_values": {value.value: value.how for value in agreement.values.all()},
            "relationship": agreement.relationship,
            "informal_contact": agreement.informal_contact,
        },
        "term": {
            "start_date": _date(agreement.start_date),
            "end_date": _date(agreement.end_date),
            "indefinite": agreement.indefinite,
            "extension": agreement.extension,
            "termination": agreement.termination,
            "notice_period_months": agreement.notice_period_months,
            "accession": agreement.accession,
            "amendment": agreement.amendment,
            "evaluation_cadence": agreement.evaluation_cadence,
            "evaluation_by": agreement.evaluation_by,
            "next_evaluation": _date(agreement.next_evaluation),
            "financial": agreement.financial,
            "publication": agreement.publication,
            "non_publication_ground": agreement.non_publication_ground,
        },
    }


# The lists whose rows carry an `id` from schema version 2 on.
ROW_LISTS = (
    ("ownership", "work_packages"),
    ("governance", "tables"),
    ("governance", "mandates"),
    ("escalation",),
)


def rows(document: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    value: Any = document
    for part in path:
        value = value[part]
    return value


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a document of any schema version in the current shape, for reading.

    Version 1 had no row ids: its rows get `"id": None`, and readers that match rows (the
    comparison) fall back on what identified rows then (a table's name, a mandate's holder and
    subject, a step's rung). The stored document and its hash are never changed.
    """
    version = document.get("schema_version")
    if version == SCHEMA_VERSION:
        return document
    if version != 1:
        raise ValueError(f"unknown schema version {version!r}")
    upgraded = copy.deepcopy(document)
    for path in ROW_LISTS:
        for row in rows(upgraded, path):
            row.setdefault("id", None)
    upgraded["schema_version"] = SCHEMA_VERSION
    return upgraded


def content(document: dict[str, Any]) -> dict[str, Any]:
    """What a document says, without its schema version and row ids: two documents with the
    same content say the same, whichever schema they were written in."""
    plain = copy.deepcopy(upgrade(document))
    del plain["schema_version"]
    for path in ROW_LISTS:
        for row in rows(plain, path):
            del row["id"]
    return plain


def canonical_json(document: dict[str, Any]) -> str:
    """The one serialisation that is hashed, stored and exported: sorted keys, no whitespace."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def document_hash(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()
