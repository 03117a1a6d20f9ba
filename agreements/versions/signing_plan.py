"""Setting the signing plan (ondertekenvolgorde) of the draft: per party its round and quorum.

An opsteller sets it while a draft is open; adoption freezes it into the version (`adoption.py`),
after which it never changes for that version. A party left in round 1 with one signature needs
no row: a plan of nothing but those is no plan, and every party signs at once, once.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import AuditAction, User
from agreements.models import Agreement, Party, SigningPlanEntry
from agreements.models.signing import DEFAULT, MAX_SIGNATORIES, Requirement
from agreements.permissions import acting_organisation, can_edit, require


class PlanError(StrEnum):
    """Why a signing plan cannot be set."""

    NO_DRAFT = "no_open_draft"
    NOT_A_PARTY = "not_a_party"
    TIER_OUT_OF_RANGE = "tier_out_of_range"
    SIGNATORIES_OUT_OF_RANGE = "signatories_out_of_range"
    QUORUM_TOO_HIGH = "quorum_too_high"


@dataclass(frozen=True)
class PlannedParty:
    """A party of the draft with its requirement in the draft's plan."""

    organisation_id: str
    name: str
    requirement: Requirement


def draft_plan(agreement: Agreement) -> list[PlannedParty]:
    """The draft's parties, in their order, each with its round and quorum (default: round 1,
    one signature)."""
    entries = {
        str(entry.organisation_id): entry.requirement for entry in agreement.signing_plan.all()
    }
    parties = Party.objects.filter(agreement=agreement).select_related("organisation")
    return [
        PlannedParty(
            str(party.organisation_id),
            party.organisation.name,
            entries.get(str(party.organisation_id), DEFAULT),
        )
        for party in parties.order_by("position", "pk")
    ]


def _summary(parties: list[PlannedParty]) -> list[str]:
    """The plan as the audit trail shows it: one line per party that differs from the default,
    in the site's language whoever sets it (the trail keeps what was written)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            _("%(party)s: ronde %(tier)d, %(required)d van %(signatories)d")
            % {
                "party": party.name,
                "tier": party.requirement.tier,
                "required": party.requirement.required,
                "signatories": party.requirement.signatories,
            }
            for party in parties
            if party.requirement != DEFAULT
        ]


def _check(requirement: Requirement, name: str, parties: int) -> None:
    if not 1 <= requirement.tier <= parties:
        raise ValidationError(
            _("De ronde van %(name)s moet tussen 1 en %(max)d liggen.")
            % {"name": name, "max": parties},
            code=PlanError.TIER_OUT_OF_RANGE,
        )
    if not 1 <= requirement.signatories <= MAX_SIGNATORIES or requirement.required < 1:
        raise ValidationError(
            _("%(name)s heeft 1 tot %(max)d vertegenwoordigers, van wie er minstens één tekent.")
            % {"name": name, "max": MAX_SIGNATORIES},
            code=PlanError.SIGNATORIES_OUT_OF_RANGE,
        )
    if requirement.required > requirement.signatories:
        raise ValidationError(
            _(
                "Bij %(name)s kunnen niet %(required)d vertegenwoordigers tekenen: er zijn er "
                "%(signatories)d."
            )
            % {
                "name": name,
                "required": requirement.required,
                "signatories": requirement.signatories,
            },
            code=PlanError.QUORUM_TOO_HIGH,
        )


@transaction.atomic
def set_signing_plan(
    *,
    agreement: Agreement,
    acting_user: User,
    plan: Mapping[str, Requirement],
    at: datetime | None = None,
) -> list[PlannedParty]:
    """Set the draft's plan: per party key its requirement (a party not named: the default)."""
    require(can_edit(acting_user, agreement))
    at = at or timezone.now()
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not locked.draft_open:
        raise ValidationError(
            _(
                "De volgorde van ondertekenen hoort bij het concept. Begin eerst een wijziging; "
                "de nieuwe volgorde geldt dan voor de volgende versie."
            ),
            code=PlanError.NO_DRAFT,
        )
    before = draft_plan(locked)
    names = {party.organisation_id: party.name for party in before}
    for key, requirement in plan.items():
        if key not in names:
            raise ValidationError(
                _("Die organisatie is geen partij bij deze afspraak."), code=PlanError.NOT_A_PARTY
            )
        _check(requirement, names[key], len(names))
    SigningPlanEntry.objects.filter(agreement=locked).delete()
    SigningPlanEntry.objects.bulk_create(
        SigningPlanEntry(
            agreement=locked,
            organisation_id=key,
            tier=requirement.tier,
            required=requirement.required,
            signatories=requirement.signatories,
        )
        for key, requirement in plan.items()
        if requirement != DEFAULT
    )
    after = draft_plan(locked)
    record_event(
        actor=acting_user,
        action=AuditAction.SIGNING_PLAN_SET,
        target=locked,
        organisation=acting_organisation(acting_user, locked),
        changes={"signing_plan": [_summary(before), _summary(after)]},
        at=at,
    )
    return after
