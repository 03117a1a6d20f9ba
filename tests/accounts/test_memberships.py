"""Membership roles and who may manage members, as scenes in Gemeente Bernheze."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts import memberships
from accounts.models import AuditEvent, Membership, Role, User
from accounts.permissions import can_manage_members
from tests.support import cast

pytestmark = pytest.mark.django_db


def test_beheerder_adds_a_new_person_who_is_invited_by_email(django_capture_on_commit_callbacks):
    beheerder = cast.bram()
    with django_capture_on_commit_callbacks(execute=True):
        membership = memberships.add_member(
            organisation=cast.bernheze(),
            email="Nieuw.Lid@Bernheze.nl",
            full_name="Nina Nieuw",
            function="projectleider warmte",
            phone="0412-458888",
            role=Role.OPSTELLER,
            acting_user=beheerder,
        )
    assert membership.user.email == "nieuw.lid@bernheze.nl"
    assert membership.role == Role.OPSTELLER
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw.lid@bernheze.nl"]
    assert "/wachtwoord/herstellen/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="membership.added")
    assert event.actor == beheerder
    assert event.organisation == cast.bernheze()
    assert event.changes == {"user": [None, "nieuw.lid@bernheze.nl"], "role": [None, "opsteller"]}


def test_an_existing_person_joins_a_second_organisation_without_a_new_account():
    signatory = cast.sanne()
    memberships.add_member(
        organisation=cast.bernheze(),
        email=signatory.email,
        full_name="ignored",
        function="",
        phone="",
        role=Role.LEZER,
        acting_user=cast.bram(),
    )
    assert User.objects.filter(email=signatory.email).count() == 1
    assert signatory.memberships.count() == 2


def test_adding_someone_twice_is_refused_with_a_clear_message():
    reader = cast.lars()
    with pytest.raises(ValidationError, match="is al lid van Gemeente Bernheze"):
        memberships.add_member(
            organisation=cast.bernheze(),
            email=reader.email,
            full_name=reader.full_name,
            function="",
            phone="",
            role=Role.OPSTELLER,
            acting_user=cast.bram(),
        )


def test_change_role_records_before_and_after():
    reader = cast.lars()
    membership = reader.memberships.get()
    memberships.change_role(membership=membership, role=Role.OPSTELLER, acting_user=cast.bram())
    membership.refresh_from_db()
    assert membership.role == Role.OPSTELLER
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.changes == {"role": ["lezer", "opsteller"]}


def test_the_last_beheerder_cannot_be_removed_or_demoted():
    beheerder = cast.bram()
    membership = beheerder.memberships.get()
    with pytest.raises(ValidationError, match="minstens één beheerder"):
        memberships.remove_member(membership=membership, acting_user=beheerder)
    with pytest.raises(ValidationError, match="minstens één beheerder"):
        memberships.change_role(membership=membership, role=Role.LEZER, acting_user=beheerder)
    assert Membership.objects.filter(pk=membership.pk, role=Role.BEHEERDER).exists()


def test_remove_member_keeps_the_account_and_audits():
    reader = cast.lars()
    memberships.remove_member(membership=reader.memberships.get(), acting_user=cast.bram())
    assert not Membership.objects.filter(user=reader).exists()
    assert User.objects.filter(pk=reader.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed").count() == 1


@pytest.mark.parametrize(
    ("actor", "may_manage"),
    [
        (cast.bram, True),
        (cast.eva, False),
        (cast.lars, False),
        (cast.sanne, False),
        (cast.olaf, False),
        (cast.sita, True),
    ],
)
def test_who_may_manage_bernheze_members(actor, may_manage):
    assert can_manage_members(actor(), cast.bernheze()) is may_manage


def test_update_profile_records_field_changes():
    editor = cast.eva()
    memberships.update_profile(
        user=editor, full_name=editor.full_name, function="programmamanager RES", phone="0412-1"
    )
    event = AuditEvent.objects.get(action="user.profile_changed")
    assert event.changes == {
        "function": ["beleidsadviseur energietransitie", "programmamanager RES"],
        "phone": ["06-22663517", "0412-1"],
    }
