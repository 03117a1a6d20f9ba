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
from tests.support import cast, factories

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]


@pytest.fixture
def scene(demo):
    """The demo (two signed versions), a terminated draft of Bernheze and Nijmegen, and an
    agreement Bernheze is not party to."""
    terminated = factories.res_agreement(cast.bernheze(), cast.nijmegen())
    terminated.terminated_on = date(2026, 3, 31)
    terminated.in_force_start, terminated.in_force_end = date(2025, 1, 1), date(2028, 12, 31)
    terminated.save(update_fields=["terminated_on", "in_force_start", "in_force_end"])
    elsewhere = factories.res_agreement(cast.nijmegen(), cast.enexis())
    users = [
        *User.objects.filter(email__endswith="bernheze.example.nl"),  # Eva, Lars, Kees, Bram
        cast.piet(),
        cast.olaf(),
        cast.sita(),
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
    client.force_login(cast.lars())
    assert client.get(reverse("agreement_detail", args=[demo.pk])).status_code == 200
    client.force_login(cast.olaf())
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
    agreement = factories.res_agreement()
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            PAGE_AGREEMENT.first(user_id=cast.eva().pk, agreement_id=agreement.pk)
