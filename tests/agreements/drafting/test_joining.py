"""Joining from the parties step: a new partner and invitations, posted with the step's form so
that nothing typed is lost; bad input answers in Dutch and keeps what was typed."""

import pytest
from django.urls import reverse

from accounts.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Organisation,
    Role,
)
from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import builder
from agreements.drafting.editing import step_data
from notifications.models import Kind, Notification
from tests.support import cast, factories

pytestmark = pytest.mark.django_db


def posted(agreement, **fields):
    """The parties step's form as the page posts it, with the joining fields."""
    data = step_data(agreement.pk, "partijen")
    data["revision"] = builder.step_revision(agreement, STEP_BY_SLUG["partijen"])
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_a_new_partner_with_a_bad_kvk_number_keeps_everything_typed(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    url = reverse("agreement_new_partner", args=[agreement.pk])
    answer = client.post(
        url,
        posted(
            agreement,
            **{
                "parties-0-civil_contact": "Anna de Wit",
                "nieuw-name": "Woonstichting Thuis in Maasland",
                "nieuw-kind": "woningcorporatie",
                "nieuw-kvk_number": "1234567",
                "nieuw-place": "Oss",
            },
        ),
    )
    assert answer.status_code == 200
    assert "Een KvK-nummer heeft acht cijfers, zoals 12345678. Je gaf er 7." in answer.text
    assert 'value="Woonstichting Thuis in Maasland"' in answer.text
    assert agreement.parties.get(position=0).civil_contact == "Anna de Wit"  # saved along
    assert not Organisation.objects.filter(name__icontains="Maasland").exists()


def test_a_new_partner_becomes_a_party_and_staff_hear_of_it(client, django_user_model):
    staff = django_user_model.objects.create_user(
        email="beheer@spelregels.example.nl", password=None, is_staff=True
    )
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    answer = client.post(
        reverse("agreement_new_partner", args=[agreement.pk]),
        posted(
            agreement,
            **{
                "nieuw-name": "Energiecoöperatie Maasland",
                "nieuw-kind": "energie",
                "nieuw-kvk_number": "12345678",
            },
        ),
    )
    partner = Organisation.objects.get(name="Energiecoöperatie Maasland")
    assert answer.status_code == 302 and answer.url.endswith(f"#uitnodigen-{partner.pk}")
    assert agreement.parties.filter(organisation=partner).exists()
    assert Notification.objects.get(kind=Kind.PARTNER_ADDED).recipient == staff
    event = AuditEvent.objects.get(action=AuditAction.PARTNER_ADDED)
    assert (event.actor, event.organisation, event.object_id) == (
        cast.eva(),
        cast.bernheze(),
        str(partner.pk),
    )
    page = client.get(answer.url)
    assert "toegevoegd door Gemeente Bernheze" in page.text


def test_a_similar_name_is_asked_about_and_can_be_confirmed(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    url = reverse("agreement_new_partner", args=[agreement.pk])
    fields = {"nieuw-name": "Provincie Noord Brabant", "nieuw-kind": "overig"}
    asked = client.post(url, posted(agreement, **fields))
    assert "Bedoel je Provincie Noord-Brabant?" in asked.text
    assert "nieuw-not_a_duplicate" in asked.text
    confirmed = client.post(url, posted(agreement, **fields, **{"nieuw-not_a_duplicate": "on"}))
    assert confirmed.status_code == 302


def test_inviting_the_same_address_twice_says_so_and_keeps_the_input(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    agreement = factories.res_agreement()
    partner = Organisation.objects.create(
        name="Thuis", official_name="Woonstichting Thuis", layer="partner", partner_kind="overig"
    )
    builder.add_party(
        agreement=agreement,
        organisation=partner,
        step=STEP_BY_SLUG["partijen"],
        acting_user=cast.eva(),
        read=lambda: step_data(agreement.pk, "partijen"),
    )
    client.force_login(cast.eva())
    url = reverse("agreement_invite", args=[agreement.pk, partner.pk])
    prefix = f"uitnodiging-{partner.pk}"
    fields = {f"{prefix}-email": "m.kok@example.nl", f"{prefix}-role": Role.ONDERTEKENAAR}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, posted(agreement, **fields))
    assert first.status_code == 302 and len(mailoutbox) == 1
    again = client.post(url, posted(agreement, **fields, **{f"{prefix}-full_name": "Marieke"}))
    assert again.status_code == 200
    assert "m.kok@example.nl is al uitgenodigd voor Woonstichting Thuis" in again.text
    assert 'value="Marieke"' in again.text
    bad = client.post(url, posted(agreement, **{f"{prefix}-email": "geen adres"}))
    assert "Voer een geldig e-mailadres in." in bad.text
    invitation = Invitation.objects.get()
    resend = reverse("agreement_invitation_resend", args=[agreement.pk, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend, posted(agreement))
    assert len(mailoutbox) == 2
    client.force_login(cast.piet())  # not his invitation, not his organisation
    withdraw = reverse("agreement_invitation_withdraw", args=[agreement.pk, invitation.pk])
    assert client.post(withdraw, posted(agreement)).status_code == 404
    client.force_login(cast.eva())
    client.post(withdraw, posted(agreement))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    trail = AuditEvent.objects.filter(object_id=str(invitation.pk)).order_by("id")
    assert [(event.action, event.actor) for event in trail] == [
        (AuditAction.INVITATION_SENT, cast.eva()),
        (AuditAction.INVITATION_RESENT, cast.eva()),
        (AuditAction.INVITATION_WITHDRAWN, cast.eva()),
    ]


def test_adding_a_party_from_the_search_saves_what_was_typed(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    meierijstad = cast.meierijstad()
    answer = client.post(
        reverse("agreement_add_party", args=[agreement.pk]),
        posted(
            agreement,
            organisation=str(meierijstad.pk),
            **{"parties-1-political_representative": "Gedeputeerde Van Dijk"},
        ),
    )
    assert answer.status_code == 302
    assert agreement.parties.filter(organisation=meierijstad).exists()
    assert agreement.parties.get(position=1).political_representative == "Gedeputeerde Van Dijk"


def test_who_else_is_on_the_step(client):
    agreement = factories.res_agreement()
    url = reverse("agreement_step", args=[agreement.pk, "opgave"])
    client.force_login(cast.eva())
    assert "Ook hier:" not in client.get(url).text
    client.force_login(cast.piet())
    page = client.get(url).text
    assert "Ook hier:" in page and "Eva Jansen (heeft deze stap open)" in page
    client.force_login(cast.eva())
    presence = client.get(reverse("agreement_step_presence", args=[agreement.pk, "opgave"]))
    assert "Piet van den Heuvel (heeft deze stap open)" in presence.text
    assert (
        client.get(reverse("agreement_step_presence", args=[agreement.pk, "controle"])).status_code
        == 404
    )
    client.force_login(cast.lars())  # reads, does not edit
    assert (
        client.get(reverse("agreement_step_presence", args=[agreement.pk, "opgave"])).status_code
        == 404
    )
