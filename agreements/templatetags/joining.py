"""The joining panel of the parties step: a new partner, and inviting each party's people.

    {% load joining %}{% joining_panel %}

Rendered from the page's context (`agreement`, `user`, and the forms a joining page sends
back with errors: `partner_form`, `invite_forms`); three queries whatever the number of
parties.
"""

from typing import Any

from django import template
from django.db.models import Count

from accounts import invitations
from accounts.models import Invitation
from accounts.permissions import managed_organisations
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
    managed = managed_organisations(user)
    pending: dict[Any, list[Invitation]] = {}
    for invitation in (
        Invitation.objects.filter(
            organisation__in=[party.organisation_id for party in parties],
            status__in=invitations.PENDING,
        )
        .select_related("invited_by", "organisation")
        .order_by("created_at")
    ):
        invitation.handled_by_me = invitations.can_handle(  # type: ignore[attr-defined]
            user, invitation, managed=managed
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
