"""Recording evaluations (content, process, relationship) and their follow-up actions; an
evaluation links to the version in force on its date.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from accounts.models import AuditAction, User
from agreements.models import Agreement, Evaluation, FollowUpAction
from agreements.permissions import can_record, require
from agreements.records.decisions import audit_record
from agreements.versions.adoption import version_on


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str
    due_on: date | None = None


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
    """Record how the collaboration goes on content, process and relationship (as
    `record_decision`, by opstellers, ondertekenaars and beheerders of a party)."""
    require(can_record(acting_user, agreement))
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
    audit_record(
        agreement,
        acting_user,
        AuditAction.EVALUATION_RECORDED,
        {
            "held_on": [None, held_on.isoformat()],
            **{f"{aspect}_score": [None, score] for aspect, (score, _note) in scores.items()},
            "actions": [None, len(actions)],
            "leads_to_amendment": [None, leads_to_amendment],
        },
    )
    return evaluation
