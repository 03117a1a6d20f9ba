"""Correcting a decision or an evaluation: records that stay written.

Decisions and evaluations are append-only (the models refuse changes, and on PostgreSQL so do
triggers: agreements/migrations/0022). A mistake is put right by a new record that `corrects`
the old one: it is linked to the version in force on its own date, says why, and is audited.
The old record stays as it was, shown as corrected with a link to its correction. A record is
corrected at most once (a one-to-one link); a correction can itself be corrected.

A decision's correction keeps the attachments of the decision it corrects and may add new
ones. An evaluation's follow-up actions, which move on (open, bezig, klaar), go over to its
correction. Signatures keep the decision they were signed on; new signatures choose among the
decisions that have not been corrected (`versions.signing`).
"""

import hashlib
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AuditAction, User
from agreements.lib.errors import field_error
from agreements.models import Decision, DecisionAttachment, Evaluation, FollowUpAction
from agreements.permissions import can_record, require
from agreements.records.decisions import audit_record
from agreements.versions.adoption import version_on


class CorrectionError(StrEnum):
    """Why a correction is refused."""

    ALREADY_CORRECTED = "already_corrected"
    REASON_REQUIRED = "reason_required"
    NOTHING_CHANGED = "nothing_changed"


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before[key], value] for key, value in after.items() if before[key] != value}


def _check(reason: str, changes: dict, more: bool = False) -> None:
    if not reason.strip():
        raise field_error(
            "correction_reason",
            _("Schrijf op wat er niet klopte."),
            CorrectionError.REASON_REQUIRED,
        )
    if not changes and not more:
        raise ValidationError(
            _("Er is niets veranderd. Pas aan wat er niet klopte."),
            code=CorrectionError.NOTHING_CHANGED,
        )


def _lock(model: type[Decision] | type[Evaluation], pk: Any, message: str) -> Any:
    """The record, locked: two people correcting it at once cannot both succeed."""
    locked = model.objects.select_for_update().get(pk=pk)
    if model.objects.filter(corrects=locked).exists():
        raise ValidationError(message, code=CorrectionError.ALREADY_CORRECTED)
    return locked


def _iso(value: date) -> str:
    return value.isoformat()


@transaction.atomic
def correct_decision(
    *,
    decision: Decision,
    acting_user: User,
    decided_on: date,
    table_name: str,
    what: str,
    correction_reason: str,
    mandate_label: str = "",
    reference: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Decision:
    """Record the corrected decision; those who may record decisions may correct them."""
    agreement = decision.agreement
    require(can_record(acting_user, agreement))
    old = _lock(
        Decision,
        decision.pk,
        _("Dit besluit is al gecorrigeerd. Corrigeer zo nodig de correctie."),
    )
    fields = {
        "decided_on": decided_on,
        "table_name": table_name,
        "what": what,
        "mandate_label": mandate_label,
        "reference": reference,
    }
    changes = _changes({key: getattr(old, key) for key in fields}, fields)
    _check(correction_reason, changes, more=bool(attachments))
    correction = Decision.objects.create(
        agreement=agreement,
        version=version_on(agreement, decided_on),
        recorded_by=acting_user,
        corrects=old,
        correction_reason=correction_reason.strip(),
        **fields,
    )
    DecisionAttachment.objects.bulk_create(
        DecisionAttachment(
            decision=correction, file=kept.file.name, name=kept.name, size=kept.size,
            sha256=kept.sha256,
        )
        for kept in old.attachments.all()
    )  # fmt: skip
    for upload in attachments:
        name, size = upload.name, upload.size
        assert name is not None and size is not None  # noqa: S101 -- Django's uploads have both
        upload.seek(0)
        digest = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        DecisionAttachment.objects.create(
            decision=correction, file=upload, name=name[:250], size=size, sha256=digest
        )
    if "decided_on" in changes:
        changes["decided_on"] = [_iso(value) for value in changes["decided_on"]]
    # Under the keys `record_decision` uses (agreements/document/audit.py labels them).
    for field, key in (("table_name", "table"), ("mandate_label", "mandate")):
        if field in changes:
            changes[key] = changes.pop(field)
    if attachments:
        changes["attachments"] = [None, [upload.name for upload in attachments]]
    audit_record(
        agreement,
        acting_user,
        AuditAction.DECISION_CORRECTED,
        {
            **changes,
            "corrects": [None, str(old.pk)],
            "reason": [None, correction.correction_reason],
        },
    )
    return correction


EVALUATION_FIELDS = (
    "held_on",
    "content_score",
    "content_note",
    "process_score",
    "process_note",
    "relationship_score",
    "relationship_note",
    "leads_to_amendment",
)


@transaction.atomic
def correct_evaluation(
    *,
    evaluation: Evaluation,
    acting_user: User,
    held_on: date,
    scores: dict[str, tuple[int, str]],
    leads_to_amendment: bool,
    correction_reason: str,
) -> Evaluation:
    """Record the corrected evaluation; its follow-up actions go over to the correction."""
    agreement = evaluation.agreement
    require(can_record(acting_user, agreement))
    old = _lock(
        Evaluation,
        evaluation.pk,
        _("Deze evaluatie is al gecorrigeerd. Corrigeer zo nodig de correctie."),
    )
    fields: dict[str, Any] = {"held_on": held_on, "leads_to_amendment": leads_to_amendment}
    for aspect, (score, note) in scores.items():
        fields[f"{aspect}_score"], fields[f"{aspect}_note"] = score, note
    changes = _changes({key: getattr(old, key) for key in EVALUATION_FIELDS}, fields)
    _check(correction_reason, changes)
    correction = Evaluation.objects.create(
        agreement=agreement,
        version=version_on(agreement, held_on),
        recorded_by=acting_user,
        corrects=old,
        correction_reason=correction_reason.strip(),
        **fields,
    )
    moved = FollowUpAction.objects.filter(evaluation=old).update(evaluation=correction)
    if "held_on" in changes:
        changes["held_on"] = [_iso(value) for value in changes["held_on"]]
    audit_record(
        agreement,
        acting_user,
        AuditAction.EVALUATION_CORRECTED,
        {
            **changes,
            "corrects": [None, str(old.pk)],
            "reason": [None, correction.correction_reason],
            "actions": [None, moved],
        },
    )
    return correction
