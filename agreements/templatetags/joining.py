"""The joining panel of the parties step: a new partner, and inviting each party's people.

    {% load joining %}{% joining_panel %}

Rendered from the page's context (`agreement`, `user`, and the forms a joining page sends
back with errors: `partner_form`, `invite_forms`); three queries whatever the number of
parties.
"""

from typing import Any

from django import template
from django.db.models import Count, Q

from accounts import invitations
from accounts.models import Invitation, Membership, Role
from agreements.drafting.joining.forms import InviteForm, NewPartnerForm

register = template.Library()


@register.inclusion_tag("agreements/steps/_joining.html", takes_context=True)
def joining_panel(context: template.Context) -> dict[str, Any]:
    agreement, user = context["agreement"], context["user"]
    sent_back = context.get("invite_forms") or {}
    parties = list(
        agreement.parties.select_related("organisation")
        .annotate(members=Count("organisation__memberships"))
        .order_by("position", "organisation__name")
    )
    managed = set(
        Membership.objects.filter(user=user)
        .filter(Q(role=Role.BEHEERDER) | Q(manages=True))
        .values_list("organisation_id", flat=True)
    )
    pending: dict[Any, list[Invitation]] = {}
    for invitation in (
        Invitation.objects.filter(
            organisation__in=[party.organisation_id for party in parties],
            status__in=invitations.PENDING,
        )
        .select_related("invited_by", "organisation")
        .order_by("created_at")
    ):
        # invitations.can_handle, without a query per invitation
        invitation.handled_by_me = (  # type: ignore[attr-defined]
            invitation.invited_by_id == user.pk
            or user.is_staff
            or invitation.organisation_id in managed
        )
        pending.setdefault(invitation.organisation_id, []).append(invitation)
    return {
        "agreement": agreement,
        "partner_form": context.get("partner_form") or NewPartnerForm(agreement=agreement),
        "people": [
            {
                "organisation": party.organisation,
                "members": party.members,
                "form": sent_back.get(party.organisation_id)
                or InviteForm(agreement=agreement, organisation=party.organisation),
                "pending": pending.get(party.organisation_id, []),
            }
            for party in parties
        ],
    }
