"""Records that stay written: decisions and evaluations are never changed or deleted; a
correction is a new record that refers to the one it corrects, audited and shown as such."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.audit_display import readable_changes
from accounts.models import AppendOnly, AuditEvent
from agreements.models import Decision, DecisionAttachment, Evaluation, FollowUpAction
from agreements.printing.briefing import briefing_for
from agreements.records import corrections, decisions
from agreements.records.corrections import CorrectionError
from agreements.records.timeline import timeline
from agreements.versions import adoption, signing
from api import tokens
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def decision(demo):
    return decisions.record_decision(
        agreement=demo,
        acting_user=cast.eva(),
        decided_on=date(2025, 9, 1),
        table_name="Stuurgroep",
        what="Zon op dak voor alle scholen.",
        reference="SG-2025-9",
        attachments=[SimpleUploadedFile("besluit.pdf", PDF, "application/pdf")],
    )


def correct(decision, **changes):
    values = {
        "decision": decision,
        "acting_user": cast.eva(),
        "decided_on": decision.decided_on,
        "table_name": decision.table_name,
        "what": decision.what,
        "reference": decision.reference,
        "correction_reason": "Scholen en sporthallen, niet alleen scholen.",
    }
    return corrections.correct_decision(**{**values, **changes})


def test_a_decision_cannot_be_changed_or_deleted(decision):
    decision.what = "Iets anders."
    with pytest.raises(AppendOnly):
        decision.save()
    with pytest.raises(AppendOnly):
        Decision.objects.filter(pk=decision.pk).update(what="Iets anders.")
    with pytest.raises(AppendOnly):
        decision.delete()
    with pytest.raises(AppendOnly):
        Decision.objects.filter(pk=decision.pk).delete()
    evaluation = Evaluation.objects.first()
    with pytest.raises(AppendOnly):
        evaluation.save()
    assert Decision.objects.get(pk=decision.pk).what == "Zon op dak voor alle scholen."


def test_a_correction_is_a_new_decision_that_refers_to_the_old(demo, decision):
    correction = correct(
        decision,
        what="Zon op dak voor alle scholen en sporthallen.",
        decided_on=date(2025, 9, 2),
        attachments=[SimpleUploadedFile("aanvulling.pdf", PDF, "application/pdf")],
    )
    old = Decision.objects.get(pk=decision.pk)
    assert old.what == "Zon op dak voor alle scholen."
    assert old.correction == correction
    assert correction.corrects == old
    assert correction.recorded_by == cast.eva()
    assert correction.version == old.version
    assert correction.correction_reason == "Scholen en sporthallen, niet alleen scholen."
    # The old attachments go along (the same stored file), the new one is added.
    names = sorted(DecisionAttachment.objects.filter(decision=correction).values_list("name"))
    assert names == [("aanvulling.pdf",), ("besluit.pdf",)]
    assert decision.attachments.get().file.name in {
        a.file.name for a in correction.attachments.all()
    }
    event = AuditEvent.objects.filter(action="decision.corrected").get()
    assert event.actor == cast.eva()
    assert event.organisation == cast.bernheze()
    assert event.object_id == str(demo.pk)
    assert event.changes == {
        "what": ["Zon op dak voor alle scholen.", "Zon op dak voor alle scholen en sporthallen."],
        "decided_on": ["2025-09-01", "2025-09-02"],
        "attachments": [None, ["aanvulling.pdf"]],
        "corrects": [None, str(decision.pk)],
        "reason": [None, "Scholen en sporthallen, niet alleen scholen."],
    }
    # The beheerder's audit page: labels, no identifiers.
    shown = {change.label: change.becomes for change in readable_changes(event.changes)}
    assert shown == {
        "Datum besluit": "2 september 2025",
        "Besluit": "Zon op dak voor alle scholen en sporthallen.",
        "Bijlagen": "aanvulling.pdf",
        "Wat er niet klopte": "Scholen en sporthallen, niet alleen scholen.",
    }


def test_a_correction_is_refused_without_reason_without_change_and_twice(decision):
    with pytest.raises(ValidationError) as refused:
        correct(decision, what="Anders.", correction_reason="  ")
    assert refused.value.error_dict["correction_reason"][0].code == CorrectionError.REASON_REQUIRED
    with pytest.raises(ValidationError) as refused:
        correct(decision)
    assert refused.value.code == CorrectionError.NOTHING_CHANGED
    correction = correct(decision, what="Anders.")
    with pytest.raises(ValidationError) as refused:
        correct(decision, what="Nog anders.")
    assert refused.value.code == CorrectionError.ALREADY_CORRECTED
    # The correction itself can be corrected.
    assert correct(correction, what="Nog anders.").corrects == correction
    assert Decision.objects.filter(corrects__isnull=False).count() == 2


def test_only_those_who_record_decisions_correct_them(decision):
    with pytest.raises(PermissionDenied):
        correct(decision, what="Anders.", acting_user=cast.lars())  # lezer
    assert not decision.__class__.objects.filter(corrects=decision).exists()


def test_an_evaluations_correction_takes_its_follow_up_actions(demo):
    evaluation = Evaluation.objects.get(agreement=demo)
    actions = set(evaluation.actions.values_list("pk", flat=True))
    assert actions
    correction = corrections.correct_evaluation(
        evaluation=evaluation,
        acting_user=cast.bram(),
        held_on=evaluation.held_on,
        scores={
            "content": (evaluation.content_score, evaluation.content_note),
            "process": (evaluation.process_score, evaluation.process_note),
            "relationship": (5, "Het contact is juist uitstekend."),
        },
        leads_to_amendment=evaluation.leads_to_amendment,
        correction_reason="Relatie verkeerd overgenomen.",
    )
    assert set(correction.actions.values_list("pk", flat=True)) == actions
    assert not FollowUpAction.objects.filter(evaluation=evaluation).exists()
    old = Evaluation.objects.get(pk=evaluation.pk)
    assert (old.relationship_score, old.correction) == (evaluation.relationship_score, correction)
    event = AuditEvent.objects.filter(action="evaluation.corrected").get()
    assert event.changes["relationship_score"] == [evaluation.relationship_score, 5]
    assert event.changes["actions"] == [None, len(actions)]


def test_the_decision_list_marks_the_corrected_and_links_to_the_correction(client, decision):
    correction = correct(decision, what="Zon op dak voor alle scholen en sporthallen.")
    client.force_login(cast.eva())
    page = client.get(reverse("decision_list", args=[decision.agreement_id])).content.decode()
    assert f'id="besluit-{decision.pk}"' in page
    assert f'href="#besluit-{correction.pk}"' in page  # from the corrected to its correction
    assert f'href="#besluit-{decision.pk}"' in page  # and back
    assert "Gecorrigeerd" in page
    assert "Wat er niet klopte: Scholen en sporthallen, niet alleen scholen." in page
    assert reverse("decision_correct", args=[decision.agreement_id, correction.pk]) in page
    assert reverse("decision_correct", args=[decision.agreement_id, decision.pk]) not in page
    client.force_login(cast.lars())  # a lezer reads, and corrects nothing
    page = client.get(reverse("decision_list", args=[decision.agreement_id])).content.decode()
    assert "Gecorrigeerd" in page
    assert "/corrigeren/" not in page


def test_correcting_through_the_page(client, decision):
    client.force_login(cast.eva())
    url = reverse("decision_correct", args=[decision.agreement_id, decision.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["what"] == "Zon op dak voor alle scholen."
    form = {
        "decided_on": "2025-09-01",
        "table_name": "Stuurgroep",
        "what": "Zon op dak voor alle scholen.",
        "reference": "SG-2025-9",
        "correction_reason": "Niets.",
    }
    unchanged = client.post(url, form)
    assert unchanged.status_code == 200
    assert "Er is niets veranderd." in unchanged.content.decode()
    response = client.post(url, {**form, "what": "Zon op alle daken."})
    correction = Decision.objects.get(corrects=decision)
    assert response.status_code == 302
    assert response.url.endswith(f"#besluit-{correction.pk}")
    # Asked again: the decision is corrected already, and the list says where.
    assert client.get(url).status_code == 302


def test_the_evaluation_page_says_it_was_corrected(client, demo):
    evaluation = Evaluation.objects.get(agreement=demo)
    client.force_login(cast.bram())
    url = reverse("evaluation_correct", args=[demo.pk, evaluation.pk])
    form = client.get(url).context["form"]
    data = {key: form.initial[key] for key in form.initial}
    data["held_on"] = evaluation.held_on.isoformat()
    data["leads_to_amendment"] = "on" if evaluation.leads_to_amendment else ""
    response = client.post(
        url, {**data, "process_score": "1", "correction_reason": "Proces is slecht gegaan."}
    )
    correction = Evaluation.objects.get(corrects=evaluation)
    assert response.url == reverse("evaluation_detail", args=[demo.pk, correction.pk])
    old_page = client.get(reverse("evaluation_detail", args=[demo.pk, evaluation.pk]))
    text = old_page.content.decode()
    assert "Gecorrigeerd." in text
    assert reverse("evaluation_detail", args=[demo.pk, correction.pk]) in text
    assert "Deze evaluatie corrigeren" not in text
    new_page = client.get(response.url).content.decode()
    assert "Wat er niet klopte: Proces is slecht gegaan." in new_page
    assert "Deze evaluatie corrigeren" in new_page


def test_the_timeline_and_the_api_tell_the_correction(decision):
    correction = correct(decision, what="Zon op alle daken.")
    entries = [e for e in timeline(decision.agreement) if e.kind == "decision"]
    corrected = next(e for e in entries if "Zon op dak voor alle scholen." in e.detail)
    assert corrected.title.startswith("Gecorrigeerd: ")
    assert corrected.url.endswith(f"#besluit-{correction.pk}")
    fixed = next(e for e in entries if e.detail.endswith("Zon op alle daken. (SG-2025-9)"))
    assert fixed.title.startswith("Correctie: ")
    assert "Wat er niet klopte: Scholen en sporthallen" in fixed.detail
    api = APIClient()
    _token, key = tokens.create_token(user=cast.eva(), name="test", acting_user=cast.eva())
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    rows = api.get(
        reverse("api:decision-list", kwargs={"agreement_id": decision.agreement_id})
    ).json()
    by_id = {row["id"]: row for row in rows}
    assert by_id[str(decision.pk)]["corrected_by"] == str(correction.pk)
    assert by_id[str(correction.pk)]["corrects"] == str(decision.pk)
    assert by_id[str(correction.pk)]["corrected_by"] is None


@pytest.mark.demo()
def test_a_signature_refers_to_a_decision_that_stands(client, demo):
    """A new signature chooses among the decisions that were not corrected."""
    version = adoption.adopt_version(agreement=demo, acting_user=cast.eva(), note="")
    decision = decisions.record_decision(
        agreement=demo,
        acting_user=cast.eva(),
        decided_on=version.adopted_at.date(),
        table_name="Stuurgroep",
        what="Collegebesluit tot ondertekening.",
    )
    correction = correct(decision, what="Collegebesluit tot ondertekening, met mandaat.")
    client.force_login(cast.kees())
    page = client.get(reverse("version_sign", args=[demo.pk, version.number]))
    offered = list(page.context["form"].fields["decision"].queryset)
    assert correction in offered and decision not in offered
    with pytest.raises(ValidationError) as refused:
        signing.sign_version(
            version=version,
            organisation=cast.bernheze(),
            acting_user=cast.kees(),
            signatory_name="Kees van Dijk",
            signatory_function="wethouder",
            basis="collegebesluit",
            place="Heesch",
            decision=decision,
        )
    assert refused.value.code == signing.SigningError.CORRECTED_DECISION
    signature = signing.sign_version(
        version=version,
        organisation=cast.bernheze(),
        acting_user=cast.kees(),
        signatory_name="Kees van Dijk",
        signatory_function="wethouder",
        basis="collegebesluit",
        place="Heesch",
        decision=correction,
    )
    assert signature.decision == correction


def test_the_briefing_tells_a_corrected_decision_by_its_correction(decision):
    correct(decision, what="Zon op alle daken.")
    told = [line.what for line in briefing_for(decision.agreement, date(2025, 12, 1)).decisions]
    assert "Zon op alle daken." in told
    assert "Zon op dak voor alle scholen." not in told
