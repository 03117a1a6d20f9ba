"""Recording what happens under an agreement: decisions (besluitenlijst) and evaluations.

A decision and an evaluation refer to the version in force on their date, so years later one can
see under which agreed text they were taken.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.audit import record_event
from accounts.models import User

from .builder import acting_organisation
from .models import Agreement, Decision, DecisionAttachment, Evaluation, FollowUpAction
from .versioning import version_on


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str
    due_on: date | None = None


@transaction.atomic
def record_decision(
    *,
    agreement: Agreement,
    acting_user: User,
    decided_on: date,
    table_name: str,
    what: str,
    mandate_label: str = "",
    reference: str = "",
    attachments: list[UploadedFile] = (),
) -> Decision:
    """Add a decision to the agreement's besluitenlijst, linked to the version then in force."""
    decision = Decision.objects.create(
        agreement=agreement,
        version=version_on(agreement, decided_on),
        decided_on=decided_on,
        table_name=table_name,
        what=what,
        mandate_label=mandate_label,
        reference=reference,
        recorded_by=acting_user,
    )
    for upload in attachments:
        upload.seek(0)
        digest = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        DecisionAttachment.objects.create(
            decision=decision, file=upload, name=upload.name[:250], size=upload.size, sha256=digest
        )
    record_event(
        actor=acting_user,
        action="decision.recorded",
        target=agreement,
        organisation=acting_organisation(acting_user, agreement),
        changes={
            "decided_on": [None, decided_on.isoformat()],
            "table": [None, table_name],
            "what": [None, what],
            "reference": [None, reference],
            "version": [None, decision.version.number if decision.version else None],
            "attachments": [None, [a.name for a in attachments]],
        },
    )
    return decision


@transaction.atomic
def record_evaluation(
    *,
    agreement: Agreement,
    acting_user: User,
    held_on: date,
    scores: dict[str, tuple[int, str]],
    actions: list[ActionInput],
    leads_to_amendment: bool = False,
) -> Evaluation:
    """Record how the collaboration goes on content, process and relationship."""
    evaluation = Evaluation.objects.create(
        agreement=agreement,
        version=version_on(agreement, held_on),
        held_on=held_on,
        content_score=scores["content"][0],
        content_note=scores["content"][1],
        process_score=scores["process"][0],
        process_note=scores["process"][1],
        relationship_score=scores["relationship"][0],
        relationship_note=scores["relationship"][1],
        leads_to_amendment=leads_to_amendment,
        recorded_by=acting_user,
    )
    FollowUpAction.objects.bulk_create(
        FollowUpAction(
            evaluation=evaluation,
            description=action.description,
            owner=action.owner,
            due_on=action.due_on,
        )
        for action in actions
    )
    record_event(
        actor=acting_user,
        action="evaluation.recorded",
        target=agreement,
        organisation=acting_organisation(acting_user, agreement),
        changes={
            "held_on": [None, held_on.isoformat()],
            **{f"{aspect}_score": [None, score] for aspect, (score, _note) in scores.items()},
            "actions": [None, len(actions)],
            "leads_to_amendment": [None, leads_to_amendment],
        },
    )
    return evaluation
