"""Each kind the agreements app sends itself reaches exactly the right people, once."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, Role
from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import builder
from agreements.drafting.editing import StepEdit, step_data
from agreements.models import Agreement
from agreements.records.reminders import send_reminders
from agreements.versions import adoption as versioning
from notifications.models import Kind, Notification
from tests.support import cast
from tests.support.factories import sign_by_all

pytestmark = pytest.mark.django_db

# The parties of the demo's version 1 (Meierijstad joins in version 2).
PARTIES = ["bzk", "brabant", "bernheze", "denbosch", "oss", "aaenmaas", "enexis", "energiek"]


def demo_people(role: str, slugs: list[str]) -> set[str]:
    """The e-mail addresses of the cast's people of that role in those organisations."""
    return {cast.email(role, slug) for slug in slugs}


def recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def adopt(agreement: Agreement):
    editor = cast.eva()
    return versioning.adopt_version(agreement=agreement, acting_user=editor, note="")


def test_adopting_notifies_exactly_the_ondertekenaars_of_its_parties(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = adopt(demo)
    assert Notification.objects.count() == 8
    assert recipients(Kind.AWAITING_SIGNATURE) == demo_people("ondertekenaar", PARTIES)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(demo_people("ondertekenaar", PARTIES))
    notification = Notification.objects.first()
    assert notification.url == reverse("version_detail", args=[demo.pk, 1])
    assert "Versie 1" in notification.title and "handtekening" in notification.title
    assert version.number == 1


def test_the_signature_reminder_adds_nothing_after_a_live_adoption(demo):
    adopt(demo)
    assert send_reminders(today=date.today()) == 0
    assert Notification.objects.filter(kind=Kind.AWAITING_SIGNATURE).count() == 8


def test_the_last_signature_notifies_every_partys_opstellers_and_ondertekenaars_once(demo):
    version = adopt(demo)
    Notification.objects.all().delete()
    sign_by_all(version)
    last_signer = version.signatures.order_by("-recorded_at", "-pk").first().signed_by
    expected = demo_people("opsteller", PARTIES) | demo_people("ondertekenaar", PARTIES)
    assert recipients(Kind.ALL_SIGNED) == expected - {last_signer.email}
    assert Notification.objects.exclude(kind=Kind.ALL_SIGNED).count() == 0  # not before the last
    assert Notification.objects.count() == 15


def test_adding_a_party_notifies_its_opstellers_and_beheerders(demo):
    meierijstad = Organisation.objects.get(name="Meierijstad")
    editor = cast.eva()
    builder.add_party(
        agreement=demo,
        organisation=meierijstad,
        step=STEP_BY_SLUG["partijen"],
        acting_user=editor,
        read=lambda: step_data(demo.pk, "partijen"),
    )
    assert recipients(Kind.PARTY_INVITED) == {
        "opsteller@meierijstad.example.nl",
        "beheerder@meierijstad.example.nl",
    }
    notification = Notification.objects.first()
    assert notification.url == reverse("agreement_detail", args=[demo.pk])
    assert demo.title in notification.title


def test_a_party_added_while_another_editor_saves_the_step_notifies_once(demo):
    """Adding a party only adds: it merges with a save of the parties step from before it."""
    meierijstad = Organisation.objects.get(name="Meierijstad")
    step = STEP_BY_SLUG["partijen"]
    seen = step_data(demo.pk, "partijen")
    base = builder.step_revision(demo, step)
    builder.add_party(
        agreement=demo,
        organisation=meierijstad,
        step=step,
        acting_user=cast.eva(),
        read=lambda: step_data(demo.pk, "partijen"),
    )
    outcome = builder.save_step(
        agreement=demo,
        step=step,
        base_revision=base,
        acting_user=cast.piet(),
        changes=StepEdit(demo.pk, "partijen", {**seen, "parties-0-civil_contact": "Anna Smit"}),
    )
    assert outcome.written
    assert demo.parties.filter(organisation=meierijstad).exists()
    assert demo.parties.get(position=0).civil_contact == "Anna Smit"
    assert Notification.objects.filter(kind=Kind.PARTY_INVITED).count() == 2  # two people, once


def test_due_dates_notify_every_partys_contacts_once(demo, django_capture_on_commit_callbacks):
    sign_by_all(adopt(demo))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=date(2027, 3, 1)) == 16  # evaluation 2027-04-01
        assert send_reminders(today=date(2027, 3, 1)) == 0
    expected = demo_people("opsteller", PARTIES) | demo_people("ondertekenaar", PARTIES)
    assert recipients(Kind.DUE) == expected
    assert len(mail.outbox) == 16
    assert {n.key for n in Notification.objects.all()} == {f"evaluation:{demo.pk}:2027-04-01"}
    assert "Evaluatie gepland" in mail.outbox[0].subject
    assert "1 april 2027" in mail.outbox[0].body


@pytest.mark.demo(history=True)
def test_the_demo_history_notifies_nobody(demo):
    assert not Notification.objects.exists()
    assert Role.ONDERTEKENAAR  # the history adopts and signs with explicit dates only
