"""Invitations: sent, requested from a beheerder, resent, withdrawn, expired, accepted once."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import invitations, memberships
from accounts.invitations import InvitationError
from accounts.memberships import MembershipError
from accounts.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Layer,
    Membership,
    Organisation,
    PartnerKind,
    Role,
)
from tests.support import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return Organisation.objects.create(
        name="Thuis in Maasland",
        official_name="Woonstichting Thuis in Maasland",
        layer=Layer.PARTNER,
        partner_kind=PartnerKind.WONINGCORPORATIE,
        added_by=cast.organisation("oss"),
    )


def secret_of(mail) -> str:
    [secret] = re.findall(r"/uitnodiging/([^/\s]+)/", mail.body)
    return secret


def invite(organisation, email="m.kok@example.nl", role=Role.ONDERTEKENAAR, **kwargs):
    return invitations.invite(
        organisation=organisation,
        email=email,
        role=role,
        acting_user=kwargs.pop("acting_user", None) or cast.eva(),
        for_new_partner=kwargs.pop("for_new_partner", True),
        landing="/afspraken/",
        about="RES",
        **kwargs,
    )


def test_an_invitation_for_a_new_partner_is_sent_once_and_accepted_once(
    client, partner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(partner, email=" M.Kok@Example.nl ")
    assert (invitation.status, invitation.email) == (InvitationStatus.OPEN, "m.kok@example.nl")
    [mail] = mailoutbox
    assert mail.to == ["m.kok@example.nl"] and "Thuis in Maasland" in mail.subject
    assert "Eva Jansen nodigt je uit om als ondertekenaar namens" in mail.body
    secret = secret_of(mail)
    assert invitation.secret_digest == invitations.digest(secret)
    assert secret not in str(Invitation.objects.values_list().get())  # only its digest

    with pytest.raises(ValidationError) as again:
        invite(partner, email="m.kok@example.nl")
    assert again.value.code == InvitationError.ALREADY_INVITED

    url = reverse("invitation_accept", args=[secret])
    page = client.get(url)
    assert page.status_code == 200 and "namens Woonstichting Thuis in Maasland" in page.text
    short = client.post(url, {"full_name": "M. Kok", "password1": "kort", "password2": "kort"})
    assert short.status_code == 200 and "M. Kok" in short.text  # kept, with Django's rule
    answer = client.post(
        url,
        {
            "full_name": "Marieke Kok",
            "password1": "Vijf-windmolens-in-Oss",
            "password2": "Vijf-windmolens-in-Oss",
        },
    )
    assert answer.status_code == 302 and answer.url == "/afspraken/"
    membership = Membership.objects.get(organisation=partner)
    assert membership.user.full_name == "Marieke Kok"
    assert (membership.role, membership.manages) == (Role.ONDERTEKENAAR, True)
    assert membership.user.check_password("Vijf-windmolens-in-Oss")
    client.logout()
    used = client.get(url)
    assert used.status_code == 410 and "al aangenomen" in used.text
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_ACCEPTED).count() == 1


def test_an_expired_resent_or_withdrawn_link_says_why(
    client, partner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(partner)
        invitations.resend(invitation=invitation, acting_user=cast.eva())
    first, second = (secret_of(mail) for mail in mailoutbox)
    old = client.get(reverse("invitation_accept", args=[first]))
    assert old.status_code == 410 and "werkt niet (meer)" in old.text
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expired = client.get(reverse("invitation_accept", args=[second]))
    assert expired.status_code == 410 and "is verlopen" in expired.text
    with pytest.raises(PermissionDenied):
        invitations.withdraw(invitation=invitation, acting_user=cast.piet())
    invitations.withdraw(invitation=invitation, acting_user=cast.eva())
    withdrawn = client.get(reverse("invitation_accept", args=[second]))
    assert withdrawn.status_code == 410
    assert client.get(reverse("invitation_accept", args=["verzonnen"])).status_code == 410
    actions = AuditEvent.objects.filter(object_id=str(invitation.pk)).values_list(
        "action", flat=True
    )
    assert sorted(actions) == sorted(
        [
            AuditAction.INVITATION_SENT,
            AuditAction.INVITATION_RESENT,
            AuditAction.INVITATION_WITHDRAWN,
        ]
    )


def test_an_organisation_with_members_is_asked_through_its_beheerder(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    brabant = cast.brabant()
    beheerder = cast.person("brabant", Role.BEHEERDER)  # Brabant has a member
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(brabant, email="nieuw@brabant.example.nl")
    assert invitation.status == InvitationStatus.REQUESTED
    assert mailoutbox == []  # not before the beheerder says so
    client.force_login(beheerder)
    members = client.get(reverse("member_list", args=[brabant.pk]))
    assert "vraagt nieuw@brabant.example.nl uit te nodigen als ondertekenaar" in members.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("invitation_answer", args=[brabant.pk, invitation.pk]),
            {"besluit": "versturen"},
        )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN and len(mailoutbox) == 1
    trail = AuditEvent.objects.filter(object_id=str(invitation.pk)).order_by("id")
    assert [(event.action, event.actor) for event in trail] == [
        (AuditAction.INVITATION_REQUESTED, cast.eva()),
        (AuditAction.INVITATION_SENT, beheerder),
    ]


def test_a_beheerder_may_decline_and_nobody_else_answers(client):
    brabant = cast.brabant()
    cast.person("brabant", Role.BEHEERDER)  # Brabant has a member
    invitation = invite(brabant, email="nieuw@brabant.example.nl")
    with pytest.raises(PermissionDenied):
        invitations.answer_request(invitation=invitation, accept=True, acting_user=cast.piet())
    invitations.answer_request(
        invitation=invitation, accept=False, acting_user=cast.person("brabant", Role.BEHEERDER)
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    with pytest.raises(ValidationError) as twice:
        invitations.answer_request(
            invitation=invitation, accept=True, acting_user=cast.person("brabant", Role.BEHEERDER)
        )
    assert twice.value.code == InvitationError.NOT_PENDING


def test_the_first_member_who_manages_is_the_beheerder_that_must_remain(partner):
    """A partner's first member manages next to their role: they count as its beheerder."""
    first = Membership.objects.create(
        user=cast.person("oss", Role.LEZER), organisation=partner, role=Role.ONDERTEKENAAR,
        manages=True,
    )  # fmt: skip
    with pytest.raises(ValidationError) as last:
        memberships.remove_member(membership=first, acting_user=first.user)
    assert last.value.code == MembershipError.LAST_ADMIN
    memberships.change_role(
        membership=first, role=Role.LEZER, acting_user=first.user
    )  # still manages
