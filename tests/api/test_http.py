"""The API answers as an HTTP client expects (issue 20's defects): a draft made through a real
WSGI server answers 201 with its Location, a person opening a list in a browser gets JSON, a
path that names nothing is a JSON 404, and a version's PDF is sent to whoever accepts a PDF and
to nobody else."""

import re

import pytest
import requests
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from agreements.models import Agreement, PdfKind
from api import throttling, tokens
from demo.scenario import seed_demo
from tests.support import cast
from tests.support.factories import stored_as
from tests.support.problems import problem

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_as(user) -> APIClient:
    client = APIClient()
    _token, key = tokens.create_token(user=user, name="test", acting_user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.mark.django_db(transaction=True)
def test_a_draft_made_through_a_real_server_answers_201_with_its_location(live_server):
    """Django's test client lets any header value through; a WSGI server takes only str."""
    seed_demo()
    eva = cast.eva()
    _token, key = tokens.create_token(user=eva, name="zaaksysteem", acting_user=eva)
    response = requests.post(
        f"{live_server.url}{reverse('api:agreement-list')}",
        json={"title": "Afspraken over de proefsleuf", "organisation": str(cast.bernheze().pk)},
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    made = Agreement.objects.get(title="Afspraken over de proefsleuf")
    assert response.headers["Location"] == response.json()["url"]
    assert response.headers["Location"].endswith(f"/api/v1/agreements/{made.pk}")


@pytest.mark.django_db
@pytest.mark.demo(history=True)
def test_a_person_in_a_browser_gets_json_from_every_list(client, demo):
    client.force_login(cast.eva())
    for name, kwargs in [
        ("agreement-list", {}),
        ("version-list", {"agreement_id": demo.pk}),
        ("decision-list", {"agreement_id": demo.pk}),
        ("timeline", {"agreement_id": demo.pk}),
        ("comment-list", {"agreement_id": demo.pk}),
        ("organisation-list", {}),
    ]:
        response = client.get(reverse(f"api:{name}", kwargs=kwargs), HTTP_ACCEPT=BROWSER_ACCEPT)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/json", name


@pytest.mark.django_db
def test_a_path_that_names_nothing_is_a_problem_404_for_anyone(demo):
    agreements = reverse("api:agreement-list")
    clients = (APIClient(), api_as(cast.eva()))
    events = AuditEvent.objects.count()
    for api in clients:
        # A trailing slash names nothing either (NLGov API Design Rules, /core/no-trailing-slash).
        paths = (
            "/api/v1/bestaat-niet",
            "/api/v1/",
            "/api/v1",
            f"{agreements}/",
            f"{agreements}/x/y",
            "/api/v2/agreements",
        )
        for path in paths:
            for method in (api.get, api.post, api.delete):
                body = problem(method(path), 404)
                assert body["title"] == "Niet gevonden", (path, method)
    assert Agreement.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.demo(history=True)
def test_a_versions_pdf_goes_to_whoever_accepts_a_pdf(demo):
    stored_as(demo.versions.get(number=2), PdfKind.SEALED)
    api = api_as(cast.lars())
    pdf = reverse("api:version-pdf", kwargs={"agreement_id": demo.pk, "number": 2})
    for accept in ("application/pdf", "*/*", "application/*", None):
        headers = {"HTTP_ACCEPT": accept} if accept else {}
        response = api.get(pdf, **headers)
        assert response.status_code == 200, accept
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == b"%PDF-verzegeld"
    for accept in ("application/json", "text/html"):
        body = problem(api.get(pdf, HTTP_ACCEPT=accept), 406)
        assert body["detail"] == "Deze bron is een PDF: vraag om application/pdf."


@pytest.mark.django_db
def test_bodies_are_json_only_in_the_schema_and_on_the_wire(client, demo):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    bodies = [
        (path, method, set(operation["requestBody"]["content"]))
        for path, operations in schema.json()["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert bodies, "no operation with a body"
    assert all(types == {"application/json"} for _path, _method, types in bodies), bodies
    api = api_as(cast.eva())
    form = api.post(
        reverse("api:agreement-list"),
        {"title": "Als formulier", "organisation": str(cast.bernheze().pk)},
        format="multipart",
    )
    assert problem(form, 415)["detail"].startswith("Ongeldige media type")
    assert not Agreement.objects.filter(title="Als formulier").exists()


@pytest.mark.django_db
@pytest.mark.demo(history=True)
def test_an_etag_named_in_if_none_match_gets_304_until_the_answer_changes(demo):
    api = api_as(cast.eva())
    second = demo.versions.get(number=2)
    version = reverse("api:version-detail", kwargs={"agreement_id": demo.pk, "number": 2})
    decisions = reverse("api:decision-list", kwargs={"agreement_id": demo.pk})
    first = api.get(version)
    assert first["ETag"] == f'"{second.sha256}"'
    again = api.get(version, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == first["ETag"]
    assert api.get(version, HTTP_IF_NONE_MATCH='"iets anders"').status_code == 200

    listed = api.get(decisions)
    assert listed.status_code == 200 and listed["ETag"]
    assert api.get(decisions, HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    # Another reader sees other bytes, so another tag; a change gives a new one.
    made = api.post(
        decisions,
        {
            "decided_on": "2026-12-01",
            "table_name": demo.tables.first().name,
            "what": "Warmte erbij",
        },
    )
    assert made.status_code == 201, made.content
    changed = api.get(decisions, HTTP_IF_NONE_MATCH=listed["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != listed["ETag"]
    # A web page is left alone.
    page = client_of(cast.eva()).get(reverse("agreement_detail", args=[demo.pk]))
    assert not page.has_header("ETag")


@pytest.mark.django_db
def test_every_answer_names_the_apis_full_version(client, demo):
    api = api_as(cast.eva())
    agreements = reverse("api:agreement-list")
    listed = api.get(agreements)
    answers = [
        listed,
        api.get(agreements, HTTP_IF_NONE_MATCH=listed["ETag"]),  # 304
        APIClient().get(agreements),  # 401
        api.get("/api/v1/bestaat-niet/"),  # 404
        client.get(reverse("api:openapi-json")),
    ]
    assert [answer.status_code for answer in answers] == [200, 304, 401, 404, 200]
    assert [answer.get("API-Version") for answer in answers] == ["1.0.0"] * 5
    assert not client.get(reverse("public_register")).has_header("API-Version")


@pytest.mark.django_db
def test_the_schema_is_at_the_base_path_for_anyone_from_anywhere(client):
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://zaaksysteem.example.nl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = response.json()
    assert schema["info"]["version"] == "1.0.0"
    assert set(schema["info"]["contact"]) == {"name", "email", "url"}
    documented = [
        response.get("headers", {})
        for operations in schema["paths"].values()
        for operation in operations.values()
        for status, response in operation["responses"].items()
        if status[0] in "23"
    ]
    assert documented and all("API-Version" in headers for headers in documented)


@pytest.mark.django_db
def test_every_query_parameter_is_camel_case(client):
    schema = client.get("/api/v1/openapi.json").json()
    names = {
        parameter["name"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert "pageSize" in names
    assert [name for name in names if not re.fullmatch(r"[a-z][a-zA-Z0-9]*", name)] == []


@pytest.mark.django_db
def test_past_its_rate_a_token_or_an_address_gets_429_with_retry_after(demo, monkeypatch):
    rates = {"token": "3/minute", "anonymous": "2/minute"}
    monkeypatch.setattr(throttling.PerToken, "THROTTLE_RATES", rates)
    monkeypatch.setattr(throttling.PerAddress, "THROTTLE_RATES", rates)
    cache.clear()
    eva, lars = api_as(cast.eva()), api_as(cast.lars())
    agreements = reverse("api:agreement-list")
    assert [eva.get(agreements).status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = eva.get(agreements)
    assert 0 < int(limited["Retry-After"]) <= 60
    assert re.fullmatch(
        r"Te veel verzoeken\. Probeer het over \d+ seconden? opnieuw\.",
        problem(limited, 429)["detail"],
    )
    assert lars.get(agreements).status_code == 200  # another token counts on its own
    assert api_as(cast.eva()).get(agreements).status_code == 200  # so does Eva's second one

    public = reverse("api:public-register")
    anyone = APIClient()
    assert [anyone.get(public).status_code for _ in range(3)] == [200, 200, 429]
    assert APIClient(REMOTE_ADDR="192.0.2.7").get(public).status_code == 200
    # A forged X-Forwarded-For does not make a new address without a proxy in front.
    forged = anyone.get(public, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert forged.status_code == 429
    cache.clear()


@pytest.mark.django_db
def test_what_goes_wrong_outside_the_views_is_a_problem_too(demo, monkeypatch):
    """An unhandled exception (500) and a body over Django's limit (400) reach Django's error
    handlers, which answer problem details under /api/ and the HTML pages elsewhere."""
    eva = cast.eva()
    _token, key = tokens.create_token(user=eva, name="zaaksysteem", acting_user=eva)
    api = APIClient(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {key}")

    def broken(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr("api.views.find_agreements", broken)
    failed = problem(api.get(reverse("api:agreement-list")), 500)
    assert "stuk" not in failed["detail"]  # nothing of the inside reaches the client
    too_big = api.post(
        reverse("api:agreement-list"),
        {"title": "x" * 3_000_000, "organisation": str(cast.bernheze().pk)},
        format="json",
    )
    problem(too_big, 400)
    assert not Agreement.objects.filter(title__startswith="xxx").exists()
    page = APIClient(raise_request_exception=False).get("/bestaat-niet/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_guessing_tokens_from_one_address_is_throttled(demo, settings):
    """Unknown tokens count per client address, like wrong passwords; past the limit even the
    right token from there gets 429, and another address is not affected."""
    settings.API_TOKEN_FAILURE_LIMIT = 5
    cache.clear()
    agreements = reverse("api:agreement-list")
    guesser = APIClient(REMOTE_ADDR="192.0.2.66")
    answers = [
        guesser.get(agreements, HTTP_AUTHORIZATION=f"Bearer spr_geraden{n}").status_code
        for n in range(6)
    ]
    assert answers == [401] * 5 + [429]
    eva = api_as(cast.eva())  # the right token: refused from the guesser's address
    assert eva.get(agreements, REMOTE_ADDR="192.0.2.66").status_code == 429
    assert eva.get(agreements).status_code == 200
    cache.clear()
