"""Review rounds: an opsteller asks people or whole parties to read a draft by a date; each
answers akkoord or opmerkingen; the draft shows who answered; adoption never waits for it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from agreements.discussion import reviews
from agreements.models import Reviewer, ReviewRequest
from notifications.models import Kind, Notification
from tests.support import cast
from tests.support.scenes import drafting_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    scene = drafting_scene()
    scene.due = timezone.localdate() + timedelta(days=14)
    return scene


def ask(scene, **kwargs):
    kwargs.setdefault("reviewers", [scene.lars])
    kwargs.setdefault("parties", [scene.brabant])
    return reviews.request_review(
        agreement=scene.agreement,
        acting_user=scene.eva,
        due_date=scene.due,
        note="Graag voor de stuurgroep.",
        **kwargs,
    )


def test_an_editor_asks_people_and_parties_and_they_are_notified(scene):
    round_ = ask(scene)
    assert round_.draft_number == 1
    assert {(r.user, r.organisation) for r in round_.reviewers.all()} == {
        (scene.lars, None),
        (None, scene.brabant),
    }
    # The named person, and for a whole party its opstellers (not its signatory).
    notified = {n.recipient for n in Notification.objects.filter(kind=Kind.REVIEW_REQUESTED)}
    assert notified == {scene.lars, scene.piet}
    notification = Notification.objects.get(recipient=scene.piet)
    assert notification.url.endswith(f"#review-{round_.pk}")
    event = AuditEvent.objects.get(action="review.requested")
    assert (event.actor, event.organisation) == (scene.eva, scene.bernheze)
    assert event.changes["parties"] == [None, ["Noord-Brabant"]]


def test_only_editors_ask_and_only_people_and_parties_of_the_agreement(client, scene):
    with pytest.raises(ValidationError, match="Alleen opstellers"):
        reviews.request_review(
            agreement=scene.agreement,
            acting_user=scene.lars,
            due_date=scene.due,
            reviewers=[scene.sanne],
        )
    with pytest.raises(ValidationError, match="Olaf de Graaf"):
        ask(scene, reviewers=[scene.olaf], parties=[])
    with pytest.raises(ValidationError, match="partijen bij deze afspraak"):
        ask(scene, reviewers=[], parties=[cast.nijmegen()])
    with pytest.raises(ValidationError, match="minstens één"):
        ask(scene, reviewers=[], parties=[])
    client.force_login(scene.lars)
    response = client.post(reverse("review_request", args=[scene.agreement.pk]), {})
    assert response.status_code == 404
    assert not ReviewRequest.objects.exists()


def test_the_request_form_keeps_what_was_typed(client, scene):
    client.force_login(scene.eva)
    response = client.post(
        reverse("review_request", args=[scene.agreement.pk]),
        {"reviewers": [str(scene.olaf.pk)], "due_date": "morgen", "note": "Mijn toelichting"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn toelichting" in html
    assert "Alleen mensen van de partijen kunnen meelezen." in html
    assert "Vul een geldige datum in" in html


def test_reviewers_answer_and_the_draft_shows_who_answered(client, scene):
    round_ = ask(scene)
    person = round_.reviewers.get(user=scene.lars)
    party = round_.reviewers.get(organisation=scene.brabant)
    reviews.answer_review(reviewer=person, acting_user=scene.lars, answer="akkoord")
    with pytest.raises(ValidationError, match="Schrijf je opmerkingen"):
        reviews.answer_review(reviewer=party, acting_user=scene.sanne, answer="opmerkingen")
    # Any member of the party answers for it; who did is recorded.
    reviews.answer_review(
        reviewer=party,
        acting_user=scene.sanne,
        answer="opmerkingen",
        comment="Het mandaat van GS ontbreekt.",
    )
    party.refresh_from_db()
    assert (party.answer, party.answered_by) == ("opmerkingen", scene.sanne)
    html = client.get(reverse("agreement_comments", args=[scene.agreement.pk]))
    client.force_login(scene.piet)
    html = client.get(reverse("agreement_comments", args=[scene.agreement.pk])).content.decode()
    assert "Lars de Bruijn" in html and "Akkoord" in html
    assert "Noord-Brabant (hele partij)" in html and "Het mandaat van GS ontbreekt." in html
    assert "door Sanne Verbeek" in html
    events = AuditEvent.objects.filter(action="review.answered").order_by("id")
    assert [(e.actor, e.organisation, e.changes["answer"]) for e in events] == [
        (scene.lars, scene.bernheze, [None, "akkoord"]),
        (scene.sanne, scene.brabant, [None, "opmerkingen"]),
    ]


def test_nobody_else_answers_for_a_reviewer(client, scene):
    round_ = ask(scene)
    person = round_.reviewers.get(user=scene.lars)
    party = round_.reviewers.get(organisation=scene.brabant)
    with pytest.raises(ValidationError, match="niet aan jou"):
        reviews.answer_review(reviewer=person, acting_user=scene.eva, answer="akkoord")
    with pytest.raises(ValidationError, match="niet aan jou"):
        reviews.answer_review(reviewer=party, acting_user=scene.lars, answer="akkoord")
    client.force_login(scene.eva)
    response = client.post(
        reverse("review_answer", args=[scene.agreement.pk]),
        {"reviewer": person.pk, "answer": "akkoord"},
    )
    assert response.status_code == 404
    assert not Reviewer.objects.exclude(answer="").exists()


def test_answering_through_the_page(client, scene):
    round_ = ask(scene)
    person = round_.reviewers.get(user=scene.lars)
    client.force_login(scene.lars)
    page = client.get(reverse("agreement_comments", args=[scene.agreement.pk])).content.decode()
    assert f'name="reviewer" value="{person.pk}"' in page
    response = client.post(
        reverse("review_answer", args=[scene.agreement.pk]),
        {"reviewer": person.pk, "answer": "opmerkingen", "comment": ""},
    )
    assert response.status_code == 200
    assert "Schrijf je opmerkingen erbij." in response.content.decode()
    response = client.post(
        reverse("review_answer", args=[scene.agreement.pk]),
        {"reviewer": person.pk, "answer": "opmerkingen", "comment": "Zie stap 4."},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#review-{round_.pk}")
    person.refresh_from_db()
    assert (person.answer, person.comment) == ("opmerkingen", "Zie stap 4.")


def test_the_adopt_page_shows_outstanding_reviews_and_adoption_does_not_wait(client, demo):
    editor = cast.eva()
    oss = demo.parties.get(organisation__code="GM0828").organisation
    reader = cast.lars()
    round_ = reviews.request_review(
        agreement=demo,
        acting_user=editor,
        due_date=timezone.localdate(),
        reviewers=[reader],
        parties=[oss],
    )
    reviews.answer_review(
        reviewer=round_.reviewers.get(user=reader), acting_user=reader, answer="akkoord"
    )
    client.force_login(editor)
    html = client.get(reverse("agreement_adopt", args=[demo.pk])).content.decode()
    assert "Nog geen antwoord op de vraag om te lezen van:" in html
    assert f"{oss.name} (hele partij)" in html
    assert "Vaststellen kan toch" in html
    check = client.get(reverse("agreement_step", args=[demo.pk, "controle"])).content.decode()
    assert "Leesronde" in check and "nog geen antwoord" in check
    assert client.post(reverse("agreement_adopt", args=[demo.pk]), {"note": ""}).status_code == 302
    assert demo.versions.count() == 1
    # The round belongs to the adopted draft: no more answers to it.
    with pytest.raises(ValidationError, match="al vastgesteld"):
        reviews.answer_review(
            reviewer=round_.reviewers.get(organisation=oss),
            acting_user=cast.person("oss", Role.OPSTELLER),
            answer="akkoord",
        )
