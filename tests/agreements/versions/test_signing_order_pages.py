"""Signing in order, as people see it: the plan's form, whose turn it is on the agreement and
version pages, the refusal on the signing form, who is told and reminded, and the API."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from agreements.models import Agreement, SigningPlanEntry
from agreements.records.reminders import due_items, send_reminders
from agreements.versions import adoption as versioning
from agreements.versions.signing_plan import draft_plan, set_signing_plan
from api import tokens
from notifications.models import Kind, Notification
from tests.agreements.versions.test_signing_order import (
    FIRST,
    SECOND,
    key,
    sign,
    sign_round,
    sign_third_round,
    signatory,
    three_rounds,
)
from tests.support import cast, factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(demo):
    return cast.eva()


@pytest.fixture
def planned(demo, editor):
    """The demo's draft with the three rounds (not yet adopted)."""
    set_signing_plan(agreement=demo, acting_user=editor, plan=three_rounds(demo))
    return demo


@pytest.fixture
def anna():
    return factories.member(
        cast.bernheze(), Role.ONDERTEKENAAR, "Anna de Wit", "anna@bernheze.example.nl"
    ).user


def adopt(agreement, editor):
    return versioning.adopt_version(agreement=agreement, acting_user=editor, note="")


def awaiting_recipients(version) -> set[str]:
    return set(
        Notification.objects.filter(kind=Kind.AWAITING_SIGNATURE).values_list(
            "recipient__email", flat=True
        )
    )


# --- The plan's form --------------------------------------------------------------------------


def test_an_opsteller_sets_the_plan_through_its_form(client, demo, editor):
    url = reverse("agreement_signing_plan", args=[demo.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Volgorde van ondertekenen" in page and "Daarvan moeten tekenen" in page
    parties = [party.name for party in draft_plan(demo)]
    data = {}
    for index, _name in enumerate(parties):
        data |= {f"tier_{index}": "1", f"signatories_{index}": "1", f"required_{index}": "1"}
    data |= {"tier_0": "2", "signatories_2": "3", "required_2": "2"}
    response = client.post(url, data)
    assert response.status_code == 302
    entries = {e.organisation.name: e.requirement for e in SigningPlanEntry.objects.all()}
    assert len(entries) == 2
    assert entries[parties[0]].tier == 2
    assert (entries[parties[2]].required, entries[parties[2]].signatories) == (2, 3)
    # A quorum larger than the party's representatives: said in Dutch, and the input stays.
    data |= {"signatories_1": "2", "required_1": "3"}
    page = client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Bij {parties[1]} kunnen niet 3 vertegenwoordigers tekenen: er zijn er 2." in text
    assert 'name="required_1" value="3"' in text
    assert SigningPlanEntry.objects.count() == 2
    # Someone who may not edit the agreement does not find the page.
    client.force_login(signatory("bernheze"))
    assert client.get(url).status_code == 404


# --- Whose turn it is -------------------------------------------------------------------------


def test_the_pages_show_whose_turn_it_is_and_each_partys_quorum(client, planned, editor):
    version = adopt(planned, editor)
    sign(version, signatory("oss"))
    client.force_login(cast.person("oss", Role.LEZER))
    page = client.get(reverse("agreement_detail", args=[planned.pk])).content.decode()
    assert "<strong>Aan de beurt:</strong> Ronde 1 van 3: Bernheze." in page
    assert "Ronde 2" in page and "Ronde 3" in page
    assert "Bernheze (2 van 3 vertegenwoordigers): " in page
    assert "ondertekend door" in page  # Oss
    page = client.get(reverse("version_detail", args=[planned.pk, 1])).content.decode()
    assert "<strong>Aan de beurt:</strong> Ronde 1 van 3: Bernheze." in page
    assert ">Ronde</th>" in page and "2 van 3 vertegenwoordigers" in page
    for internal in ("tier", "required", "signatories", "not_your_turn"):
        assert internal not in page.replace('name="', "")


def test_signing_out_of_turn_on_the_form_shows_why_and_keeps_what_was_typed(
    client, planned, editor
):
    version = adopt(planned, editor)
    client.force_login(signatory("brabant"))
    url = reverse("version_sign", args=[planned.pk, version.number])
    response = client.post(
        url,
        {
            "organisation": str(cast.brabant().pk),
            "signatory_name": "Sanne Verbeek",
            "signatory_function": "gedeputeerde",
            "basis": "GS-besluit 2026-12",
            "place": "'s-Hertogenbosch",
            "confirm": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is nog niet aan de beurt: eerst ondertekent ronde 1 (Bernheze en Oss)" in page
    assert "<strong>Aan de beurt:</strong> Ronde 1 van 3: Bernheze en Oss." in page
    assert 'value="GS-besluit 2026-12"' in page
    assert not version.signatures.exists()


# --- Who is told ------------------------------------------------------------------------------


def test_only_the_first_round_is_told_and_each_next_round_when_the_one_before_completes(
    planned, editor, anna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = adopt(planned, editor)
    first = {cast.email(Role.ONDERTEKENAAR, slug) for slug in FIRST} | {anna.email}
    assert awaiting_recipients(version) == first
    sign_round(version, FIRST)  # Bernheze has one of its two signatures: round 1 goes on
    assert awaiting_recipients(version) == first
    sign(version, anna, "bernheze")
    brabant = cast.email(Role.ONDERTEKENAAR, "brabant")
    assert awaiting_recipients(version) == first | {brabant}
    sign_round(version, SECOND)
    assert len(awaiting_recipients(version)) == 8 + 1  # every party's ondertekenaar, and Anna
    sign_third_round(version)
    assert Notification.objects.filter(kind=Kind.ALL_SIGNED).exists()


def test_reminders_go_only_to_those_whose_turn_it_is(
    planned, editor, mailoutbox, django_capture_on_commit_callbacks
):
    version = adopt(planned, editor)
    Notification.objects.all().delete()  # as if adopted before notifications existed
    sign(version, signatory("oss"))

    def signature_items():
        items = due_items(Agreement.objects.all(), timezone.localdate())
        return [item for item in items if item.kind == "signature"]

    [item] = signature_items()
    assert item.unsigned == (key("bernheze"),) and item.tier == 1
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=timezone.localdate())
    reminded = set(Notification.objects.values_list("recipient__email", flat=True))
    assert reminded == {cast.email(Role.ONDERTEKENAAR, "bernheze")}
    signature_mails = [m for m in mailoutbox if "wacht op ondertekening" in m.subject]
    assert [m.to for m in signature_mails] == [[cast.email(Role.ONDERTEKENAAR, "bernheze")]]

    # Round 1 done (Bernheze's second representative on paper): round 2 is reminded.
    bernheze_second = factories.member(
        cast.bernheze(), Role.ONDERTEKENAAR, "Jan Smit", "jan@bernheze.example.nl"
    ).user
    sign(version, bernheze_second, "bernheze")
    sign(version, signatory("bernheze"))
    Notification.objects.all().delete()
    [item] = signature_items()
    assert item.unsigned == (key("brabant"),) and item.tier == 2
    assert item.notification_key.endswith(":2") and not item.key.endswith(":2")
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=timezone.localdate())
    reminded = set(Notification.objects.values_list("recipient__email", flat=True))
    assert reminded == {cast.email(Role.ONDERTEKENAAR, "brabant")}


# --- The API ----------------------------------------------------------------------------------


def test_the_api_shows_the_plan_and_every_signature_of_a_party(planned, editor, anna):
    version = adopt(planned, editor)
    sign(version, signatory("bernheze"))
    sign(version, anna, "bernheze")
    reader = cast.person("oss", Role.LEZER)
    client = APIClient()
    _token, secret = tokens.create_token(user=reader, name="test", acting_user=reader)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = client.get(
        reverse("api:version-detail", kwargs={"agreement_id": planned.pk, "number": 1})
    ).json()
    plan = {entry["party"]: entry for entry in body["signing_plan"]}
    assert len(plan) == 8
    assert plan[key("bernheze")] == {
        "party": key("bernheze"),
        "tier": 1,
        "required": 2,
        "signatories": 3,
    }
    assert plan[key("brabant")]["tier"] == 2
    names = [s["signatory_name"] for s in body["signatures"]]
    assert names == ["Kees van Dijk", "Anna de Wit"]
