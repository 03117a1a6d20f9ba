"""The demo scenario: a complete RES agreement, and safe to load again and again."""

from datetime import date

import pytest

from accounts.models import Layer, Membership, User
from agreements.models import (
    Agreement,
    CoreValue,
    EscalationStep,
    Mandate,
    Party,
    RaciCell,
    Table,
    ValueCommitment,
    WorkPackage,
)
from demo.scenario import seed_demo
from tests.support import cast

pytestmark = pytest.mark.django_db

MODELS = [
    Agreement,
    Party,
    WorkPackage,
    RaciCell,
    Table,
    Mandate,
    EscalationStep,
    ValueCommitment,
    User,
    Membership,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seeding_twice_gives_the_same_rows():
    first_logins = seed_demo()
    first = counts()
    second_logins = seed_demo()
    assert counts() == first
    assert second_logins == first_logins
    assert first["Agreement"] == 1
    assert first["RaciCell"] > 0
    table = Table.objects.get(name="Ambtelijk kernteam")
    assert table.members.count() == Party.objects.count()


def test_every_raci_row_has_one_a_and_an_r_and_every_party_is_in_the_matrix(demo):
    agreement = demo
    work_packages = list(agreement.work_packages.prefetch_related("cells"))
    assert len(work_packages) == 3
    for work_package in work_packages:
        letters = [cell.letter for cell in work_package.cells.all()]
        assert letters.count("A") == 1, work_package.name
        assert letters.count("R") >= 1, work_package.name
    in_matrix = set(
        RaciCell.objects.filter(work_package__agreement=agreement).values_list("party", flat=True)
    )
    assert in_matrix == set(agreement.parties.values_list("pk", flat=True))


def test_the_demo_agreement_is_filled_in_at_every_step(demo):
    agreement = demo
    for field in (
        "task",
        "theme",
        "why",
        "intended_result",
        "governance_style",
        "rule_set",
        "enforceability",
        "relationship",
        "informal_contact",
        "start_date",
        "end_date",
        "extension",
        "termination",
        "notice_period_months",
        "accession",
        "amendment",
        "evaluation_cadence",
        "evaluation_by",
        "next_evaluation",
        "financial",
        "publication",
    ):
        assert getattr(agreement, field), field
    assert not agreement.indefinite

    for party in agreement.parties.all():
        assert party.political_representative and party.civil_contact, party
        assert party.formal_roles.exists(), party
        assert party.ladder_role and party.network_role, party
    governments = agreement.parties.exclude(organisation__layer__in=[Layer.RIJK, Layer.PARTNER])
    assert governments.count() == 5
    assert all(party.council_control for party in governments)

    stuurgroep = agreement.tables.get(name="Stuurgroep RES Noordoost-Brabant")
    assert stuurgroep.chair.organisation.name == "Bernheze"
    assert agreement.tables.count() == 3
    assert agreement.mandates.count() >= 4
    assert agreement.mandates.get(basis_reference="B&W 2024-118").max_amount == 50000

    steps = list(agreement.escalation_steps.order_by("position"))
    assert [step.position for step in steps] == [1, 2, 3, 4]
    assert all(step.deadline_days for step in steps)
    assert steps[-1].deadlock_resolution
    assert set(agreement.values.values_list("value", flat=True)) == set(CoreValue.values)


def test_demo_history_tells_a_story_once():
    from agreements.document.diff import ADDED, compare
    from agreements.models import Decision, Evaluation, Version

    seed_demo(history=True)
    seed_demo(history=True)
    agreement = Agreement.objects.get()
    first, second = agreement.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert Version.objects.count() == 2
    assert Decision.objects.count() == 2
    assert Evaluation.objects.get().actions.count() == 2
    assert Decision.objects.get(reference="PHO-2025-09").version == second
    assert Decision.objects.get(reference="SG-2024-04").version == first
    sections = {s.key: s for s in compare(first.document, second.document)}
    assert (ADDED, "Gemeente Meierijstad") in {(i.kind, i.label) for i in sections["parties"].items}
    assert sections["mandates"].items[0].fields[0].after == "€ 75.000"
    assert not agreement.draft_open
    # Every party signed both versions: eight the first, nine (with Meierijstad) the second.
    assert first.signatures.count() == 8
    assert second.signatures.count() == 9
    assert agreement.signed_version == second
    from agreements.versions.status import Status, with_status

    annotated = with_status(Agreement.objects.all(), date(2026, 11, 22)).get()
    assert annotated.status == Status.IN_WERKING


def test_the_run_demo_has_a_draft_under_discussion_once():
    """`make run` shows comments, a mention, a reply, an internal note and a review round."""
    from agreements.models import CommentThread, ReviewRequest
    from agreements.permissions import visible_threads
    from notifications.models import Kind, Notification

    seed_demo(history=True, discussion=True)
    seed_demo(history=True, discussion=True)
    agreement = Agreement.objects.get()
    assert agreement.draft_open and agreement.versions.count() == 2
    shared = CommentThread.objects.get(visibility="gedeeld")
    assert shared.step == "tafels" and shared.anchor.startswith("mandate:")
    assert shared.comments.count() == 2
    assert CommentThread.objects.filter(visibility="intern").count() == 1
    review = ReviewRequest.objects.get()
    assert review.reviewers.count() == 2  # Brabant's ondertekenaar and the party Aa en Maas

    brabant = cast.piet()
    bernheze = cast.eva()
    assert list(visible_threads(brabant, agreement)) == [shared]
    assert visible_threads(bernheze, agreement).count() == 2
    assert Notification.objects.get(recipient=brabant, kind=Kind.MENTIONED)
    assert Notification.objects.get(recipient=bernheze, kind=Kind.REPLY)
    assert Notification.objects.get(recipient=cast.sanne(), kind=Kind.REVIEW_REQUESTED)
    assert brabant.unread_notifications == Notification.objects.filter(recipient=brabant).count()
