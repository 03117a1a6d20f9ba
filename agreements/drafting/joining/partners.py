"""Partners join without the admin: from the parties step an editor adds an organisation that
is not in the registry, and invites its people.

The rules about organisations and invitations are the accounts app's (`accounts/partners.py`,
`accounts/invitations.py`); what this module adds is the agreement: only an opsteller of the
agreement does this, the new organisation becomes a party at once, an invitation lands on the
agreement, and the people who must act hear of it (site staff verify a new partner; the
beheerder of an organisation that has members decides on a request to invite).
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts import invitations, partners
from accounts.models import Invitation, InvitationStatus, Organisation, User
from accounts.permissions import managing
from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import builder
from agreements.models import Agreement
from agreements.permissions import acting_organisation, can_edit, require
from notifications.models import Kind
from notifications.sending import Message, notify


@transaction.atomic
def add_new_partner(
    *,
    agreement: Agreement,
    name: str,
    kind: str,
    kvk_number: str,
    place: str,
    not_a_duplicate: bool,
    acting_user: User,
    read: Callable[[], dict[str, Any]],
) -> Organisation:
    """Add a partner that is not in the registry and make it a party (`read`: the parties
    step's data, for its revision); site staff are asked to verify it."""
    require(can_edit(acting_user, agreement))
    on_behalf_of = acting_organisation(acting_user, agreement)
    require(on_behalf_of is not None)
    assert on_behalf_of is not None
    organisation = partners.add_partner(
        name=name,
        kind=kind,
        kvk_number=kvk_number,
        place=place,
        on_behalf_of=on_behalf_of,
        acting_user=acting_user,
        not_a_duplicate=not_a_duplicate,
    )
    builder.add_party(
        agreement=agreement,
        organisation=organisation,
        step=STEP_BY_SLUG["partijen"],
        acting_user=acting_user,
        read=read,
    )
    notify(
        kind=Kind.PARTNER_ADDED,
        recipients=User.objects.filter(is_staff=True, is_active=True),
        title=Message(
            gettext_noop("%(organisation)s toegevoegd door %(by)s: graag controleren"),
            {"organisation": organisation.official_name, "by": str(on_behalf_of)},
        ),
        url=reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        key=f"partner_added:{organisation.pk}",
        actor=acting_user,
    )
    return organisation


@transaction.atomic
def invite_for_party(
    *,
    agreement: Agreement,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str,
    acting_user: User,
) -> Invitation:
    """Invite a person of a party's organisation to the agreement. For an organisation without
    members the invitation goes out at once (the first to accept becomes its beheerder); for
    one with members it is a request its beheerders decide on."""
    require(can_edit(acting_user, agreement))
    require(agreement.parties.filter(organisation=organisation).exists())
    invitation = invitations.invite(
        organisation=organisation,
        email=email,
        role=role,
        full_name=full_name,
        acting_user=acting_user,
        on_behalf_of=acting_organisation(acting_user, agreement),
        landing=reverse("agreement_detail", args=[agreement.pk]),
        about=agreement.title,
        for_new_partner=True,
    )
    if invitation.status == InvitationStatus.REQUESTED:
        notify(
            kind=Kind.INVITATION_REQUESTED,
            recipients=User.objects.filter(
                managing("memberships__"), memberships__organisation=organisation
            ).distinct(),
            title=Message(
                gettext_noop("%(person)s vraagt %(email)s uit te nodigen voor “%(title)s”"),
                {
                    "person": acting_user.full_name,
                    "email": invitation.email,
                    "title": agreement.title,
                },
            ),
            url=reverse("member_list", args=[organisation.pk]),
            key=f"invitation_requested:{invitation.pk}",
            actor=acting_user,
        )
    return invitation
