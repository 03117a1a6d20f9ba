"""Decisions, evaluations and the timeline: what happened under an agreement."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from agreements.models import Decision, Evaluation
from agreements.records import decisions
from agreements.versions import adoption as versioning
from tests.support import cast

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def editor(demo):
    return cast.eva()


def test_a_decision_refers_to_the_version_in_force_on_its_date(demo, editor):
    today = timezone.localdate()
    before = decisions.record_decision(
        agreement=demo,
        acting_user=editor,
        decided_on=today - timedelta(days=30),
        table_name="Stuurgroep RES Noordoost-Brabant",
        what="Zoekgebieden vooraf verkend",
    )
    first = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    after = decisions.record_decision(
        agreement=demo,
        acting_user=editor,
        decided_on=today,
        table_name="Stuurgroep RES Noordoost-Brabant",
        what="Zoekgebieden vastgesteld",
        reference="B&W 2026-311",
    )
    assert before.version is None
    assert after.version == first


def test_decision_page_records_with_a_pdf_and_refuses_other_files(client, demo, editor):
    client.force_login(editor)
    url = reverse("decision_list", args=[demo.pk])
    table = demo.tables.first().name
    response = client.post(
        url,
        {
            "decided_on": "2026-11-01",
            "table_name": table,
            "what": "Netcongestie krijgt voorrang",
            "attachments": [SimpleUploadedFile("besluit.pdf", PDF, "application/pdf")],
        },
        follow=True,
    )
    assert "Het besluit is vastgelegd." in response.content.decode()
    decision = Decision.objects.get()
    attachment = decision.attachments.get()
    assert attachment.size == len(PDF)
    download = client.get(reverse("decision_attachment", args=[demo.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == PDF
    response = client.post(
        url,
        {
            "decided_on": "2026-11-02",
            "table_name": table,
            "what": "Iets anders",
            "attachments": [
                SimpleUploadedFile("besluit.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
            ],
        },
    )
    html = response.content.decode()
    assert "Dit bestand is geen PDF" in html
    assert "Iets anders" in html
    assert Decision.objects.count() == 1


def test_readers_see_decisions_but_cannot_record_and_outsiders_see_nothing(client, demo):
    client.force_login(cast.lars())
    url = reverse("decision_list", args=[demo.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"what": "x"}).status_code == 404
    assert client.get(reverse("evaluation_new", args=[demo.pk])).status_code == 404
    outsider = User.objects.create_user(email="x@nijmegen.nl", password="x", full_name="X")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("agreement_timeline", args=[demo.pk])).status_code == 404


def test_an_evaluation_with_follow_up_actions(client, demo, editor):
    client.force_login(editor)
    oss, enexis = cast.oss(), cast.enexis()
    response = client.post(
        reverse("evaluation_new", args=[demo.pk]),
        {
            "held_on": "2027-04-01",
            "content_score": "4",
            "content_note": "Zoekgebieden liggen op koers",
            "process_score": "3",
            "process_note": "Stuurgroep te vol",
            "relationship_score": "2",
            "relationship_note": "Spanning over netcapaciteit",
            "leads_to_amendment": "on",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Agenda stuurgroep inkorten",
            "actions-0-owner": str(oss.pk),
            "actions-0-status": "open",
            "actions-0-due_on": "2027-06-01",
            "actions-1-description": "Gesprek Enexis en gemeenten",
            "actions-1-owner": str(enexis.pk),
            "actions-1-status": "bezig",
            "actions-2-status": "open",
        },
        follow=True,
    )
    evaluation = Evaluation.objects.get()
    assert (evaluation.content_score, evaluation.process_score, evaluation.relationship_score) == (
        4,
        3,
        2,
    )
    assert [(a.owner, a.status) for a in evaluation.actions.order_by("pk")] == [
        (oss, "open"),
        (enexis, "bezig"),
    ]
    assert evaluation.actions.order_by("pk").first().due_on == date(2027, 6, 1)
    html = response.content.decode()
    assert "Agenda stuurgroep inkorten" in html
    assert "Gemeente Oss; uiterlijk 1 juni 2027" in html
    response = client.post(reverse("evaluation_new", args=[demo.pk]), {"content_score": "9"})
    assert response.status_code == 200
    assert Evaluation.objects.count() == 1


def test_timeline_tells_the_story_in_order(client, demo, editor):
    client.force_login(editor)
    client.post(
        reverse("agreement_step", args=[demo.pk, "opgave"]),
        {
            "revision": demo.revision,
            **{
                field: getattr(demo, field)
                for field in [
                    "title",
                    "task",
                    "theme",
                    "why",
                    "intended_result",
                    "governance_style",
                    "rule_set",
                    "enforceability",
                ]
            },
        },
    )
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    decisions.record_decision(
        agreement=demo,
        acting_user=editor,
        decided_on=timezone.localdate(),
        table_name="Stuurgroep",
        what="Start uitvoering",
    )
    versioning.open_amendment(agreement=demo, acting_user=editor)
    html = client.get(reverse("agreement_timeline", args=[demo.pk])).content.decode()
    order = [
        html.index("Concept bewerkt"),
        html.index("Versie 1 vastgesteld"),
        html.index("Wijziging begonnen op basis van versie 1"),
    ]
    assert order == sorted(order)
    assert "Besluit van Stuurgroep" in html
    assert "Start uitvoering" in html


@pytest.mark.demo(history=True)
def test_briefing_names_every_party_table_and_ladder_step(client, demo):
    agreement = demo
    client.force_login(cast.person("oss", Role.LEZER))
    html = client.get(reverse("agreement_briefing", args=[agreement.pk])).content.decode()
    document = agreement.versions.order_by("-number").first().document
    assert "Volgens versie 2" in html
    for party in document["parties"]:
        assert party["organisation"]["official_name"].replace("'", "&#x27;") in html
        assert party["civil_contact"] in html
    for table in document["governance"]["tables"]:
        assert table["name"] in html
    for step in document["escalation"]:
        assert step["trigger"] in html
