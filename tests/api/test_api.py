"""The REST API: the same rules as the web pages, for machines with a personal token."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent, Organisation, User
from agreements.document.build import build_document, load_agreement
from agreements.drafting import importing
from agreements.models import Agreement, Decision, Version
from agreements.registry.search import find_agreements
from agreements.versions import adoption as versioning
from api import tokens
from api.models import ApiToken
from tests.support import cast, factories
from tests.support.problems import invalid_names, problem

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]


def api_as(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        _token, key = tokens.create_token(user=user, name="test", acting_user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def url(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


# --- Tokens ---------------------------------------------------------------------------------------


def test_a_user_creates_a_token_on_the_profile_page_sees_it_once_and_revokes_it(client, demo):
    editor = cast.eva()
    client.force_login(editor)
    page = client.post(reverse("api_tokens"), {"name": "zaaksysteem"})
    assert page["Cache-Control"] == "no-store"
    key = re.search(r'<code class="api-key">(spr_[^<]+)</code>', page.content.decode()).group(1)
    token = ApiToken.objects.get(user=editor)
    assert key not in str(ApiToken.objects.values_list(flat=True))  # only the hash is stored
    assert token.key_hash != key and len(token.key_hash) == 64
    assert key not in client.get(reverse("api_tokens")).content.decode()  # shown once
    assert AuditEvent.objects.filter(action="api_token.created", actor=editor).exists()

    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert machine.get(url("agreement-list")).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    # Someone else cannot revoke it; its owner can, and then it opens nothing.
    other = Client_for(cast.lars())
    assert other.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=editor).exists()
    assert machine.get(url("agreement-list")).status_code == 401


def Client_for(person: User):  # noqa: N802 - reads like a constructor in the scene
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


def test_unknown_malformed_and_deactivated_keys_open_nothing(demo):
    editor = cast.eva()
    for header in [
        "Bearer spr_onbekend",
        "Bearer",
        "Bearer a b",
        "Token \x00",
        "Bearer " + "x" * 500,
    ]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get(url("agreement-list")).status_code == 401, header
    client = api_as(editor)
    User.objects.filter(pk=editor.pk).update(is_active=False)
    assert client.get(url("agreement-list")).status_code == 401
    assert APIClient().get(url("agreement-list")).status_code == 401  # no key at all


# --- Reading: exactly what the web shows ----------------------------------------------------------


def test_an_outsider_sees_through_the_api_exactly_what_the_web_shows(client, demo):
    outsider = cast.olaf()
    factories.res_agreement(cast.nijmegen())  # the outsider's own draft
    api = api_as(outsider)
    listed = api.get(url("agreement-list")).json()
    web = find_agreements(outsider, today=timezone.localdate())
    assert {a["id"] for a in listed["results"]} == {str(a.pk) for a in web}
    assert str(demo.pk) not in {a["id"] for a in listed["results"]}
    for name in ["agreement-detail", "version-list", "decision-list", "timeline"]:
        assert api.get(url(name, agreement_id=demo.pk)).status_code == 404, name
    assert api.get(url("version-detail", agreement_id=demo.pk, number=1)).status_code == 404
    assert api.get(url("version-pdf", agreement_id=demo.pk, number=1)).status_code == 404
    assert api.get(url("step", agreement_id=demo.pk, step_slug="opgave")).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("agreement_detail", args=[demo.pk])).status_code == 404


def test_a_member_reads_the_agreement_its_versions_decisions_and_timeline(demo):
    api = api_as(cast.lars())
    agreement = api.get(url("agreement-detail", agreement_id=demo.pk)).json()
    assert agreement["title"] == demo.title
    assert agreement["status"] == "in_werking"
    assert (agreement["current_version"], agreement["signed_version"]) == (2, 2)
    assert {p["name"] for p in agreement["parties"]} >= {"Bernheze", "Noord-Brabant"}
    versions = api.get(url("version-list", agreement_id=demo.pk)).json()
    assert [v["number"] for v in versions] == [1, 2]
    second = demo.versions.get(number=2)
    response = api.get(url("version-detail", agreement_id=demo.pk, number=2))
    body = response.json()
    assert response["ETag"] == f'"{second.sha256}"'
    assert body["document"] == second.document
    assert body["sha256"] == second.sha256
    assert len(body["signatures"]) == len(second.document["parties"])
    assert api.get(url("version-detail", agreement_id=demo.pk, number=9)).status_code == 404
    pdf = api.get(url("version-pdf", agreement_id=demo.pk, number=2))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    decisions = api.get(url("decision-list", agreement_id=demo.pk)).json()
    assert {d["what"] for d in decisions} == set(demo.decisions.values_list("what", flat=True))
    assert {d["version"] for d in decisions} == {1, 2}
    entries = api.get(url("timeline", agreement_id=demo.pk)).json()
    assert any(e["title"] == "Versie 2 vastgesteld" for e in entries)


def test_every_registry_filter_works_and_a_wrong_one_is_a_clear_400(demo):
    api = api_as(cast.lars())

    def ids(**params) -> set[str]:
        response = api.get(url("agreement-list"), params)
        assert response.status_code == 200, response.content
        return {a["id"] for a in response.json()["results"]}

    everything = {str(demo.pk)}
    assert ids() == everything
    assert ids(q="noordoost") == everything
    assert ids(q="kernenergie") == set()
    assert ids(organisation="Bernheze") == everything
    assert ids(organisation="GM1721") == everything
    assert ids(organisation="Nijmegen") == set()
    assert ids(layer="waterschap") == everything  # Aa en Maas is a party
    assert ids(theme="energie") == everything
    assert ids(theme="wonen") == set()
    assert ids(status="in_werking") == everything
    assert ids(status="concept") == set()
    year = demo.in_force_start.year
    assert ids(year=year) == everything
    assert ids(year=year + 5) == set()
    for sort in ["relevantie", "gewijzigd", "titel", "datum"]:
        assert ids(sort=sort) == everything
    for wrong in [{"status": "gewonnen"}, {"year": "twee"}, {"layer": "x"}, {"sort": "x"}]:
        response = api.get(url("agreement-list"), wrong)
        assert invalid_names(response) == set(wrong)  # the answer names the wrong parameter
    assert api.get(url("agreement-list"), {"page": 99}).status_code == 404


def test_organisations_can_be_listed_filtered_and_read(demo):
    api = api_as(cast.lars())
    found = api.get(url("organisation-list"), {"q": "Bernheze"}).json()["results"]
    assert [o["code"] for o in found] == ["GM1721"]
    waterschappen = api.get(url("organisation-list"), {"layer": "waterschap"}).json()
    assert waterschappen["count"] >= 1
    assert all(o["layer"] == "waterschap" for o in waterschappen["results"])
    bernheze = Organisation.objects.get(code="GM1721")
    assert api.get(url("organisation-detail", pk=bernheze.pk)).json()["name"] == "Bernheze"


def test_list_queries_do_not_grow_with_the_page_size(demo, django_assert_max_num_queries):
    bernheze, brabant = cast.bernheze(), cast.brabant()
    reader = cast.lars()
    for _ in range(30):
        factories.res_agreement(bernheze, brabant)
    api = api_as(reader)
    with CaptureQueriesContext(connection) as small:
        assert len(api.get(url("agreement-list"), {"pageSize": 5}).json()["results"]) == 5
    with django_assert_max_num_queries(len(small)):
        assert len(api.get(url("agreement-list"), {"pageSize": 100}).json()["results"]) == 31
    with CaptureQueriesContext(connection) as small:
        api.get(url("organisation-list"), {"pageSize": 2})
    with django_assert_max_num_queries(len(small)):
        api.get(url("organisation-list"), {"pageSize": 100})
    with CaptureQueriesContext(connection) as small:
        api.get(url("public-register"), {"pageSize": 1})
    with django_assert_max_num_queries(len(small)):
        api.get(url("public-register"), {"pageSize": 100})


# --- Writing --------------------------------------------------------------------------------------


def test_an_opsteller_creates_a_draft_and_others_cannot(demo):
    editor = cast.eva()
    bernheze = Organisation.objects.get(code="GM1721")
    api = api_as(editor)
    response = api.post(
        url("agreement-list"), {"title": "Warmtenet Heesch", "organisation": str(bernheze.pk)}
    )
    assert response.status_code == 201, response.content
    created = Agreement.objects.get(title="Warmtenet Heesch")
    assert response["Location"].endswith(url("agreement-detail", agreement_id=created.pk))
    assert response.json()["status"] == "concept"
    assert AuditEvent.objects.filter(action="agreement.created", object_id=str(created.pk)).exists()
    assert api.post(url("agreement-list"), {"title": "", "organisation": "x"}).status_code == 400
    reader = api_as(cast.lars())
    assert (
        reader.post(
            url("agreement-list"), {"title": "Niet", "organisation": str(bernheze.pk)}
        ).status_code
        == 404
    )
    assert not Agreement.objects.filter(title="Niet").exists()


def test_a_step_is_read_and_saved_with_the_builders_rules_and_if_match(demo):
    editor = cast.eva()
    bernheze = Organisation.objects.get(code="GM1721")
    api = api_as(editor)
    created = api.post(
        url("agreement-list"), {"title": "Warmtenet Heesch", "organisation": str(bernheze.pk)}
    ).json()
    step = url("step", agreement_id=created["id"], step_slug="opgave")
    read = api.get(step)
    assert read.status_code == 200
    assert read["ETag"] == '"rev-0"'
    data = read.json()["data"]
    assert data["title"] == "Warmtenet Heesch"
    data["why"] = "Samen sneller van het gas af."
    # Without If-Match: refused, nothing saved.
    problem(api.put(step, {"data": data}, format="json"), 428)
    # The builder's validation: a title is required.
    invalid = api.put(step, {"data": {**data, "title": ""}}, format="json", HTTP_IF_MATCH='"rev-0"')
    assert "title" in invalid_names(invalid)
    saved = api.put(step, {"data": data}, format="json", HTTP_IF_MATCH='"rev-0"')
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] == '"rev-1"'
    agreement = Agreement.objects.get(pk=created["id"])
    assert agreement.why == "Samen sneller van het gas af."
    event = AuditEvent.objects.filter(action="agreement.step_saved").latest("at")
    assert event.changes["task.why"] == ["", "Samen sneller van het gas af."]
    # Someone saved meanwhile: a different field is merged, the same field is a conflict (409)
    # with both values by label, and nothing is written.
    stale = {**read.json()["data"], "intended_result": "Aardgasvrij in 2035"}
    merged = api.put(step, {"data": stale}, format="json", HTTP_IF_MATCH='"rev-0"')
    assert merged.status_code == 200, merged.content
    assert merged["ETag"] == '"rev-2"'
    assert merged.json()["data"]["why"] == "Samen sneller van het gas af."
    assert merged.json()["data"]["intended_result"] == "Aardgasvrij in 2035"
    clash = api.put(
        step,
        {"data": {**read.json()["data"], "why": "Oud"}},
        format="json",
        HTTP_IF_MATCH='"rev-0"',
    )
    assert clash["ETag"] == '"rev-2"'
    assert problem(clash, 409)["conflicts"] == [
        {
            "label": "Waarom samenwerken",
            "yours": "Oud",
            "theirs": "Samen sneller van het gas af.",
            "by": editor.full_name,
        }
    ]
    agreement.refresh_from_db()
    assert agreement.why == "Samen sneller van het gas af."
    # A list step round-trips unchanged: what GET gives can be PUT back as is.
    parties = url("step", agreement_id=created["id"], step_slug="partijen")
    data = api.get(parties).json()["data"]
    assert (
        api.put(parties, {"data": data}, format="json", HTTP_IF_MATCH='"rev-1"').status_code == 200
    )
    # Not a builder step, or an adopted agreement's closed draft.
    problem(api.get(url("step", agreement_id=created["id"], step_slug="nergens")), 404)
    closed = url("step", agreement_id=demo.pk, step_slug="opgave")
    revision = Agreement.objects.get(pk=demo.pk).revision
    answer = api.put(closed, {"data": {}}, format="json", HTTP_IF_MATCH=f'"rev-{revision}"')
    assert problem(answer, answer.status_code)["status"] in (400, 409)


def test_decisions_are_recorded_through_the_api_with_the_web_forms_rules(demo):
    api = api_as(cast.eva())
    table = demo.tables.first().name
    response = api.post(
        url("decision-list", agreement_id=demo.pk),
        {"decided_on": "2026-03-01", "table_name": table, "what": "Via de API besloten."},
    )
    assert response.status_code == 201, response.content
    decision = Decision.objects.get(what="Via de API besloten.")
    assert decision.decided_on == date(2026, 3, 1)
    assert response.json()["version"] == 2
    assert AuditEvent.objects.filter(action="decision.recorded", object_id=str(demo.pk)).exists()
    wrong = api.post(url("decision-list", agreement_id=demo.pk), {"table_name": "Onbekend"})
    assert invalid_names(wrong) >= {"decided_on", "table_name", "what"}
    reader = api_as(cast.lars())
    denied = reader.post(
        url("decision-list", agreement_id=demo.pk),
        {"decided_on": "2026-03-01", "table_name": table, "what": "Mag niet."},
    )
    assert denied.status_code == 404
    assert not Decision.objects.filter(what="Mag niet.").exists()


# --- Public register and schema -------------------------------------------------------------------


def test_the_public_register_is_open_to_anyone_without_personal_data(demo):
    anonymous = APIClient()
    listed = anonymous.get(url("public-register")).json()
    assert [p["number"] for p in listed["results"]] == [2]
    detail = anonymous.get(listed["results"][0]["url"]).json()
    assert detail["sha256"] == demo.versions.get(number=2).sha256
    assert all(p["civil_contact"] == "" for p in detail["document"]["parties"])
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    assert detail["html"].endswith(reverse("public_version", args=[detail["id"]]))
    pdf = anonymous.get(detail["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert anonymous.get(url("publication-detail", publication_id=demo.pk)).status_code == 404


def test_the_schema_and_its_documentation_are_served(client, demo):
    schema = client.get(url("schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    # Relative to the server's URL, which holds the major version; no trailing slashes.
    assert schema.json()["servers"] == [{"url": "/api/v1", "description": "Deze installatie"}]
    assert "/agreements" in paths
    assert "/agreements/{agreement_id}/steps/{step_slug}" in paths
    assert not [path for path in paths if path.endswith("/")]
    assert client.get(url("docs")).status_code == 200


def test_a_version_exported_through_the_api_imports_and_adopts_to_the_same_document(demo):
    """Export version 2's JSON, import it as a new draft, adopt it: the same canonical JSON."""
    editor = cast.eva()
    exported = api_as(editor).get(url("version-detail", agreement_id=demo.pk, number=2)).json()
    draft = importing.import_agreement(
        document=exported, organisation=Organisation.objects.get(code="GM1721"), acting_user=editor
    )
    assert draft.pk != demo.pk and draft.draft_open
    version = versioning.adopt_version(agreement=draft, acting_user=editor, note="Overgenomen")
    original = demo.versions.get(number=2)
    assert version.document == original.document
    assert version.sha256 == original.sha256
    assert (version.number, version.note) == (1, "Overgenomen")


@pytest.mark.demo(history=False)  # the demo's draft, complete and not yet adopted
def test_comments_and_adoption_through_the_api_are_audited(demo):
    """The demo's complete draft: a comment, a reply, resolved and reopened, then adopted; each
    write leaves the event its web page leaves, and what may not be done is refused."""
    eva, lars = api_as(cast.eva()), api_as(cast.lars())
    assert eva.get(url("completeness", agreement_id=demo.pk)).json()["complete"] is True
    comments_url = url("comment-list", agreement_id=demo.pk)
    assert invalid_names(eva.post(comments_url, {"step": "nergens", "body": ""})) == {
        "step",
        "body",
        "visibility",
    }
    created = eva.post(
        comments_url, {"step": "opgave", "body": "Klopt dit?", "visibility": "gedeeld"}
    )
    assert created.status_code == 201, created.content
    thread = created.json()["id"]
    replies = url("comment-replies", agreement_id=demo.pk, thread_id=thread)
    assert lars.post(replies, {"body": "Ja."}).status_code == 201
    resolution = url("comment-resolution", agreement_id=demo.pk, thread_id=thread)
    assert eva.post(resolution).json()["resolved"] is True
    assert eva.delete(resolution).json()["resolved"] is False
    versions = url("version-list", agreement_id=demo.pk)
    problem(lars.post(versions, {"note": "Mag niet."}), 404)  # a lezer does not adopt
    adopted = eva.post(versions, {"note": "Via de API."})
    assert adopted.status_code == 201, adopted.content
    assert adopted["Location"].endswith(url("version-detail", agreement_id=demo.pk, number=1))
    assert problem(eva.post(versions, {"note": "Nog eens."}), 409)["detail"]
    signing = eva.get(url("signing-status", agreement_id=demo.pk, number=1)).json()
    assert signing["complete"] is False and signing["number"] == 1
    actions = list(
        AuditEvent.objects.filter(
            action__in=[
                "comment.thread_started",
                "comment.replied",
                "comment.thread_resolved",
                "comment.thread_reopened",
                "version.adopted",
            ]
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "comment.thread_started",
        "comment.replied",
        "comment.thread_resolved",
        "comment.thread_reopened",
        "version.adopted",
    ]
    assert Version.objects.get(agreement=demo).note == "Via de API."


@pytest.mark.demo(history=False)  # the demo's open draft
def test_a_section_is_read_and_written_as_the_document_has_it(demo):
    eva = api_as(cast.eva())
    task = url("section", agreement_id=demo.pk, section_key="task")
    read = eva.get(task)
    assert read.status_code == 200
    data = read.json()["data"]
    assert data == build_document(load_agreement(demo.pk))["task"]
    # Written back with a change: saved through the builder, on the step's revision.
    changed = {**data, "why": "Samen sneller van het gas af, en eerlijk."}
    problem(eva.put(task, {"data": changed}), 428)
    saved = eva.put(task, {"data": changed}, HTTP_IF_MATCH=read["ETag"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["data"]["why"] == changed["why"]
    assert Agreement.objects.get(pk=demo.pk).why == changed["why"]
    assert AuditEvent.objects.filter(action="agreement.step_saved").exists()
    # What the document's schema refuses is named; nothing is written.
    wrong = eva.put(task, {"data": {**data, "theme": "ruimtevaart"}}, HTTP_IF_MATCH=saved["ETag"])
    assert invalid_names(wrong) == {"task"}
    assert "opgave.thema" in problem(wrong, 400)["invalidParams"][0]["reason"]  # its label
    # A stale revision that changed the same field as someone since: a conflict, nothing saved.
    clash = eva.put(task, {"data": {**data, "why": "Oud"}}, HTTP_IF_MATCH=read["ETag"])
    assert problem(clash, 409)["conflicts"][0]["theirs"] == changed["why"]
    assert Agreement.objects.get(pk=demo.pk).why == changed["why"]
    # A party the installation does not know; a section that does not exist; a lezer.
    parties = url("section", agreement_id=demo.pk, section_key="parties")
    listed = eva.get(parties)
    strange = [*listed.json()["data"]]
    strange[0] = {**strange[0], "key": "00000000-0000-0000-0000-000000000000"}
    refused = eva.put(parties, {"data": strange}, HTTP_IF_MATCH=listed["ETag"])
    assert invalid_names(refused) == {"parties"}
    # A party added: the organisation is matched here by its key, as the import matches it.
    meierijstad = cast.organisation("meierijstad")
    added = eva.put(
        parties,
        {
            "data": [
                *listed.json()["data"],
                {
                    **listed.json()["data"][-1],
                    "key": str(meierijstad.pk),
                    "organisation": {
                        "name": meierijstad.name,
                        "official_name": meierijstad.official_name,
                        "layer": meierijstad.layer,
                        "partner_kind": meierijstad.partner_kind,
                        "code": meierijstad.code,
                    },
                    "formal_roles": [],
                    "ladder_role": "",
                    "network_role": "",
                },
            ]
        },
        HTTP_IF_MATCH=listed["ETag"],
    )
    assert added.status_code == 200, added.content
    assert demo.parties.filter(organisation=meierijstad).exists()
    # A row added (a table, at the end) and a row left out (the first mandate): both written.
    governance = url("section", agreement_id=demo.pk, section_key="governance")
    tables = eva.get(governance)
    more = tables.json()["data"]
    extra = {**more["tables"][0], "id": str(uuid.uuid4()), "name": "Tafel van de API"}
    dropped = more["mandates"][0]["id"]
    more = {**more, "tables": [*more["tables"], extra], "mandates": more["mandates"][1:]}
    changed_tables = eva.put(governance, {"data": more}, HTTP_IF_MATCH=tables["ETag"])
    assert changed_tables.status_code == 200, changed_tables.content
    assert demo.tables.filter(name="Tafel van de API").exists()
    assert not demo.mandates.filter(key=dropped).exists()
    problem(eva.get(url("section", agreement_id=demo.pk, section_key="nergens")), 404)
    problem(api_as(cast.lars()).put(task, {"data": data}, HTTP_IF_MATCH=read["ETag"]), 404)


@pytest.mark.demo(history=False)  # the demo's open draft
def test_a_review_round_is_asked_and_answered_through_the_api(demo):
    eva, lars, olaf = api_as(cast.eva()), api_as(cast.lars()), api_as(cast.olaf())
    reviews_url = url("review-list", agreement_id=demo.pk)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    nijmegen = cast.olaf().memberships.get().organisation_id  # party to nothing here
    assert invalid_names(eva.post(reviews_url, {"due_date": due, "parties": [str(nijmegen)]})) == {
        "parties"
    }  # not a party of this agreement
    asked = eva.post(reviews_url, {"due_date": due, "parties": [str(cast.bernheze().pk)]})
    assert asked.status_code == 201, asked.content
    review = asked.json()
    assert [r["who"] for r in review["reviewers"]] == [cast.bernheze().name]
    answers_url = url("review-answers", agreement_id=demo.pk, review_id=review["id"])
    assert invalid_names(lars.post(answers_url, {"answer": "opmerkingen"})) == {"comment"}
    answered = lars.post(answers_url, {"answer": "akkoord"})
    assert answered.status_code == 200 and answered.json()["answer"] == "akkoord"
    problem(olaf.post(answers_url, {"answer": "akkoord"}), 404)
    assert [r["reviewers"][0]["answer"] for r in eva.get(reviews_url).json()] == ["akkoord"]
    actions = AuditEvent.objects.filter(action__startswith="review.").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["review.answered", "review.requested"]
