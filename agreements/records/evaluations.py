"""Recording evaluations (content, process, relationship) and their follow-up actions; an
evaluation links to the version in force on its date.

A follow-up action is owned by a party of the agreement (optionally one of its people), has a
status (open, bezig, klaar) and a due date no earlier than the evaluation. Members of the owning
party and the agreement's opstellers move it on; each change is audited.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import AuditAction, Membership, Organisation, User
from agreements.document.vocabulary import format_date
from agreements.lib.errors import field_error
from agreements.models import ActionStatus, Agreement, Evaluation, FollowUpAction
from agreements.permissions import acting_organisation, can_record, can_update_action, require
from agreements.records.decisions import audit_record
from agreements.versions.adoption import version_on


class EvaluationError(StrEnum):
    """Why an evaluation's follow-up action, or its new status, is refused."""

    ACTIONS = "invalid_actions"  # one or more actions below; each error has its own code
    DESCRIPTION_REQUIRED = "description_required"
    OWNER_REQUIRED = "owner_required"
    OWNER_NOT_A_PARTY = "owner_not_a_party"
    PERSON_NOT_A_MEMBER = "person_not_a_member"
    DUE_BEFORE_EVALUATION = "due_before_evaluation"
    UNKNOWN_STATUS = "unknown_status"


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: Organisation | None
    person: User | None = None
    status: str = ActionStatus.OPEN
    due_on: date | None = None


def action_field(index: int, name: str) -> str:
    """The key of an error about field `name` of the `index`-th action (from 0)."""
    return f"actions.{index}.{name}"


def _action_errors(
    agreement: Agreement, held_on: date, actions: list[ActionInput]
) -> dict[str, ValidationError]:
    """What is wrong with each action, by `action_field`."""
    errors: dict[str, ValidationError] = {}

    def refuse(index: int, name: str, message: str, code: EvaluationError) -> None:
        errors[action_field(index, name)] = ValidationError(message, code=code)

    parties = {str(key) for key in agreement.parties.values_list("organisation_id", flat=True)}
    for index, action in enumerate(actions):
        if not action.description.strip():
            refuse(
                index,
                "description",
                _("Beschrijf wat er moet gebeuren."),
                EvaluationError.DESCRIPTION_REQUIRED,
            )
        if action.owner is None:
            refuse(
                index,
                "owner",
                _("Kies welke partij eigenaar is van deze actie."),
                EvaluationError.OWNER_REQUIRED,
            )
        elif str(action.owner.pk) not in parties:
            refuse(
                index,
                "owner",
                _("%(party)s is geen partij bij deze afspraak.")
                % {"party": action.owner.official_name or action.owner.name},
                EvaluationError.OWNER_NOT_A_PARTY,
            )
        elif (
            action.person is not None
            and not Membership.objects.filter(
                user=action.person, organisation=action.owner
            ).exists()
        ):
            refuse(
                index,
                "person",
                _("%(person)s hoort niet bij %(party)s. Kies iemand van die partij, of niemand.")
                % {
                    "person": action.person.full_name,
                    "party": action.owner.official_name or action.owner.name,
                },
                EvaluationError.PERSON_NOT_A_MEMBER,
            )
        if action.status not in ActionStatus.values:
            refuse(
                index,
                "status",
                _("Kies open, bezig of klaar."),
                EvaluationError.UNKNOWN_STATUS,
            )
        if action.due_on is not None and action.due_on < held_on:
            refuse(
                index,
                "due_on",
                _("De uiterste datum ligt vóór de evaluatie van %(date)s.")
                % {"date": format_date(held_on)},
                EvaluationError.DUE_BEFORE_EVALUATION,
            )
    return errors


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
    `record_decision`, by opstellers, ondertekenaars and beheerders of a party), with its
    follow-up actions. Refuses (every problem at once, each under `action_field`) an action
    without a description or an owning party, a person who is not of that party, and a due
    date before the evaluation."""
    require(can_record(acting_user, agreement))
    errors = _action_errors(agreement, held_on, actions)
    if errors:
        # Each error carries its own code (EvaluationError); `lib.errors.codes` reads them.
        raise ValidationError(errors, code=EvaluationError.ACTIONS)
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
            description=action.description.strip(),
            owner=action.owner,
            person=action.person,
            status=action.status,
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


@transaction.atomic
def change_action_status(
    *, action: FollowUpAction, acting_user: User, status: str
) -> FollowUpAction:
    """Move a follow-up action on (open, bezig, klaar): a member of the owning party or an
    opsteller of the agreement (`permissions.can_update_action`). The same status again changes
    nothing and records nothing."""
    require(can_update_action(acting_user, action))
    if status not in ActionStatus.values:
        raise field_error("status", _("Kies open, bezig of klaar."), EvaluationError.UNKNOWN_STATUS)
    locked = (
        FollowUpAction.objects.select_for_update()
        .select_related("evaluation__agreement", "owner")
        .get(pk=action.pk)
    )
    before = locked.status
    if before == status:
        return locked
    locked.status = status
    locked.save(update_fields=["status"])
    agreement = locked.evaluation.agreement
    own = Membership.objects.filter(user=acting_user, organisation=locked.owner).exists()
    record_event(
        actor=acting_user,
        action=AuditAction.ACTION_STATUS_CHANGED,
        target=agreement,
        organisation=locked.owner if own else acting_organisation(acting_user, agreement),
        changes={
            "action": [None, locked.description],
            "owner": [None, locked.owner.official_name or locked.owner.name],
            "status": [before, status],
        },
    )
    action.status = status
    return locked
