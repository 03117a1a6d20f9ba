"""A query compiled once gives exactly the answers of the queryset it was built from."""

import uuid
from datetime import date

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse

from accounts.models import User
from agreements.lib.precompiled import STAND_IN_ID, STAND_IN_UUID, Precompiled, StandInMissing
from agreements.models import Agreement
from agreements.registry.views import PAGE_AGREEMENT
from demo.scenario import seed_demo
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """The demo (two signed versions), a terminated draft of Bernheze and Nijmegen, and an
    agreement Bernheze is not party to."""
    seed_demo(history=True)
    demo = Agreement.objects.get()
    terminated = f.res_agreement(f.bernheze(), f.nijmegen())
    terminated.terminated_on = date(2026, 3, 31)
    terminated.in_force_start, terminated.in_force_end = date(2025, 1, 1), date(2028, 12, 31)
    terminated.save(update_fields=["terminated_on", "in_force_start", "in_force_end"])
    elsewhere = f.res_agreement(f.nijmegen(), f.enexis())
    users = [
        *User.objects.filter(email__endswith="bernheze.example.nl"),
        User.objects.get(email="opsteller@brabant.example.nl"),
        f.bernheze_editor(),
        f.outsider(),
        f.staff_user(),
    ]
    return [demo, terminated, elsewhere], users


def test_the_agreement_page_query_answers_as_its_queryset(scene):
    agreements, users = scene
    seen = set()
    for user in users:
        for agreement in [*agreements, Agreement(pk=uuid.uuid4())]:
            row = PAGE_AGREEMENT.first(user_id=user.pk, agreement_id=agreement.pk)
            expected = PAGE_AGREEMENT.queryset(user_id=user.pk, agreement_id=agreement.pk).first()
            if expected is None:
                assert row is None, (user, agreement)
                continue
            seen.add((expected["user_can_edit"], expected["signature_count"] > 0))
            for name, value in expected.items():
                assert getattr(row, name) == value, (user, agreement, name)
                assert type(getattr(row, name)) is type(value), name  # converted as the ORM does
    # The scene covers readers and editors, with and without signatures.
    assert seen == {(True, True), (False, True), (True, False), (False, False)}


def test_the_agreement_page_runs_the_precompiled_query(client, scene):
    """One query of its own, and an outsider still gets 404."""
    agreements, _users = scene
    demo = agreements[0]
    client.force_login(User.objects.get(email="lezer@bernheze.example.nl"))
    assert client.get(reverse("agreement_detail", args=[demo.pk])).status_code == 200
    client.force_login(f.outsider())
    assert client.get(reverse("agreement_detail", args=[demo.pk])).status_code == 404


def test_a_query_that_drops_a_stand_in_fails_loudly():
    """If the rule stopped using the user, the compiled query would show everyone everything."""
    ignores_the_user = Precompiled(
        Agreement,
        lambda user_id, agreement_id: Agreement.objects.filter(pk=agreement_id),
        fields=("id",),
        stand_ins={"user_id": STAND_IN_ID, "agreement_id": STAND_IN_UUID},
    )
    with pytest.raises(StandInMissing, match="user_id"):
        ignores_the_user.first(user_id=1, agreement_id=uuid.uuid4())


def test_a_precompiled_query_behaves_as_django_inside_a_broken_transaction():
    """Prepared or not, it refuses to run where Django would, with Django's error."""
    agreement = f.res_agreement()
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            PAGE_AGREEMENT.first(user_id=f.bernheze_editor().pk, agreement_id=agreement.pk)
