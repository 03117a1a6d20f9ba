"""Every text of the document has one limit, the vocabulary's, and every layer keeps it.

The model (its max_length, a validator for long texts, and a database check), the builder's
form, the JSON Schema the import checks against and the API's schema all read the vocabulary;
and the three ways hostile input once got through answer a clear message, not a 500 and not
text made of a JSON object.
"""

import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from agreements.document import vocabulary
from agreements.document.schema import agreement_schema, published
from agreements.drafting.forms import TaskForm, TermForm, ValuesForm
from agreements.models import (
    Agreement,
    Decision,
    EscalationStep,
    Mandate,
    Party,
    Table,
    ValueCommitment,
    WorkPackage,
)
from agreements.versions import adoption
from api import tokens
from tests.support import cast, factories
from tests.support.problems import invalid_names

pytestmark = pytest.mark.django_db

# Where the document's texts are stored: vocabulary path -> (model, field).
STORED = {
    "task.title": (Agreement, "title"),
    "task.task": (Agreement, "task"),
    "task.why": (Agreement, "why"),
    "task.intended_result": (Agreement, "intended_result"),
    "parties.political_representative": (Party, "political_representative"),
    "parties.civil_contact": (Party, "civil_contact"),
    "parties.contributes.capacity": (Party, "contributes_capacity"),
    "parties.contributes.money": (Party, "contributes_money"),
    "parties.contributes.knowledge": (Party, "contributes_knowledge"),
    "ownership.work_packages.name": (WorkPackage, "name"),
    "ownership.work_packages.description": (WorkPackage, "description"),
    "governance.tables.name": (Table, "name"),
    "governance.tables.independent_chair": (Table, "independent_chair"),
    "governance.tables.cadence": (Table, "cadence"),
    "governance.tables.decides": (Table, "decides"),
    "governance.mandates.function": (Mandate, "function"),
    "governance.mandates.subject": (Mandate, "subject"),
    "governance.mandates.limits": (Mandate, "limits"),
    "governance.mandates.basis_reference": (Mandate, "basis_reference"),
    "governance.council_control.note": (Party, "council_control_note"),
    "escalation.trigger": (EscalationStep, "trigger"),
    "escalation.handler": (EscalationStep, "handler"),
    "escalation.outcome": (EscalationStep, "outcome"),
    "values.core_values": (ValueCommitment, "how"),
    "values.relationship": (Agreement, "relationship"),
    "values.informal_contact": (Agreement, "informal_contact"),
    "term.extension": (Agreement, "extension"),
    "term.termination": (Agreement, "termination"),
    "term.accession": (Agreement, "accession"),
    "term.amendment": (Agreement, "amendment"),
    "term.evaluation_cadence": (Agreement, "evaluation_cadence"),
    "term.evaluation_by": (Agreement, "evaluation_by"),
    "term.financial": (Agreement, "financial"),
    "term.non_publication_ground": (Agreement, "non_publication_ground"),
}
TEXTS = [field for field in vocabulary.FIELDS if field.max_length is not None]


def test_every_text_of_the_document_is_stored_somewhere_known():
    assert {field.path for field in TEXTS} == set(STORED)


@pytest.mark.parametrize("field", TEXTS, ids=lambda field: field.path)
def test_the_model_has_the_vocabularys_limit_and_a_database_check(field):
    model, name = STORED[field.path]
    model_field = model._meta.get_field(name)
    assert model_field.max_length == field.max_length
    assert str(model_field.verbose_name) == str(field.label)
    checks = {constraint.name for constraint in model._meta.constraints}
    assert f"{model._meta.model_name}_{name}_length" in checks
    assert any(getattr(v, "limit_value", None) == field.max_length for v in model_field.validators)


@pytest.mark.parametrize(
    ("form", "name", "path"),
    [
        (TaskForm, "task", "task.task"),
        (TaskForm, "title", "task.title"),
        (TermForm, "evaluation_by", "term.evaluation_by"),
        (TermForm, "financial", "term.financial"),
        (ValuesForm, "relationship", "values.relationship"),
        (ValuesForm, "value_transparantie", "values.core_values"),
    ],
)
def test_the_builders_forms_have_the_vocabularys_limit(form, name, path):
    field = form().fields[name]
    assert field.max_length == vocabulary.limit(path)
    assert field.widget.attrs["maxlength"] == str(vocabulary.limit(path))


def test_the_published_json_schema_is_generated_from_the_vocabulary():
    schema = agreement_schema()
    mandate = schema["properties"]["governance"]["properties"]["mandates"]["items"]
    assert mandate["properties"]["subject"]["maxLength"] == vocabulary.limit(
        "governance.mandates.subject"
    )
    assert schema["properties"]["task"]["properties"]["why"]["maxLength"] == vocabulary.LONG_TEXT
    with open("docs/agreement.schema.json", encoding="utf-8") as published_file:
        assert published_file.read() == published(), "run manage.py document_schema"


def test_a_long_text_is_refused_by_the_database_itself():
    agreement = factories.res_agreement()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(task="x" * (vocabulary.LONG_TEXT + 1))
    Agreement.objects.filter(pk=agreement.pk).update(task="x" * vocabulary.LONG_TEXT)


def test_the_api_schema_states_the_limits(client):
    schema = json.loads(client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content)
    components = schema["components"]["schemas"]
    steps = {
        option["title"]: option for option in components["StepData"]["properties"]["data"]["oneOf"]
    }
    task = steps["stap opgave"]["properties"]
    assert task["task"]["maxLength"] == vocabulary.LONG_TEXT
    assert task["title"]["maxLength"] == vocabulary.TITLE
    assert steps["stap tafels"]["properties"]["mandates-0-subject"]["maxLength"] == 300
    decision = components["DecisionRequest"]["properties"]
    assert decision["mandate_label"]["maxLength"] == vocabulary.MANDATE_LABEL
    assert decision["what"]["maxLength"] == vocabulary.LONG_TEXT


# --- The three ways in that were open -----------------------------------------------------------


def test_a_mandate_at_its_limits_can_be_chosen_for_a_decision(client):
    """A 200-character function and 300-character subject made a 502-character option that did
    not fit the decision's column: a 500 on PostgreSQL."""
    agreement = factories.res_agreement()
    party = agreement.parties.get(organisation=cast.bernheze())
    mandate = Mandate.objects.create(
        agreement=agreement, party=party, function="f" * 200, subject="s" * 300
    )
    Table.objects.create(agreement=agreement, name="Stuurgroep")
    client.force_login(cast.eva())
    url = reverse("decision_list", args=[agreement.pk])
    page = client.get(url).content.decode()
    assert str(mandate) in page
    response = client.post(
        url,
        {
            "decided_on": "2026-11-30",
            "table_name": "Stuurgroep",
            "what": "Het maximum.",
            "mandate_label": str(mandate),
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get().mandate_label == str(mandate)
    assert len(str(mandate)) == vocabulary.MANDATE_LABEL


def test_a_builder_text_over_its_limit_is_refused_in_dutch_and_kept(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    url = reverse("agreement_step", args=[agreement.pk, "opgave"])
    at_limit = "a" * vocabulary.LONG_TEXT
    response = client.post(url, {"revision": 0, "title": "RES", "task": at_limit})
    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).task == at_limit
    over = "b" * (vocabulary.LONG_TEXT + 1)
    response = client.post(url, {"revision": 1, "title": "RES", "task": over})
    html = response.content.decode()
    assert response.status_code == 200
    [error] = response.context["forms"]["task"].errors.as_data()["task"]
    assert error.code == "max_length"
    assert "5000" in html and "tekens" in html  # Django's Dutch message, with the limit
    assert over in html  # what was typed is still there
    assert Agreement.objects.get(pk=agreement.pk).task == at_limit


def test_the_step_api_refuses_what_is_not_text_and_names_the_field():
    agreement = factories.res_agreement()
    editor = cast.eva()
    _token, key = tokens.create_token(user=editor, name="limits", acting_user=editor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = reverse("api:step", kwargs={"agreement_id": agreement.pk, "step_slug": "opgave"})
    for value in ({"x": "a\u0000b"}, ["een", "lijst"], 5, True):
        response = api.put(
            url, {"data": {"title": "RES", "task": value}}, format="json", HTTP_IF_MATCH='"rev-0"'
        )
        assert invalid_names(response) == {"task"}, value
    response = api.put(
        url, {"data": {"title": "RES", "task": "a\u0000b"}}, format="json", HTTP_IF_MATCH='"rev-0"'
    )
    assert "task" in invalid_names(response)
    assert Agreement.objects.get(pk=agreement.pk).task == ""


# --- Routing by code, in both languages ---------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_missing_note_lands_on_the_note_field_in_every_language(client, demo, language):
    """The view routes the adoption error by its code, not by searching its Dutch text."""
    agreement = Agreement.objects.get(pk=_adoptable_draft_with_one_version(demo).pk)
    client.force_login(cast.eva())
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.post(reverse("agreement_adopt", args=[agreement.pk]), {"note": ""})
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["note"]
    [error] = form.errors.as_data()["note"]
    assert error.code == adoption.AdoptionError.NOTE_REQUIRED
    expected = {
        "nl": "Vanaf versie 2 is een toelichting op de wijziging verplicht.",
        "en": "From version 2 onwards, an explanation of the change is required.",
    }[language]
    assert expected in response.content.decode()


def _adoptable_draft_with_one_version(agreement: Agreement) -> Agreement:
    editor = cast.eva()
    adoption.adopt_version(agreement=agreement, acting_user=editor, note="")
    adoption.open_amendment(agreement=agreement, acting_user=editor)
    Agreement.objects.filter(pk=agreement.pk).update(why="Anders dan in versie 1.")
    return agreement
