"""Webhooks to a real HTTP receiver on loopback: each event arrives once (one webhook-id, however
many tries), signed so that the `standardwebhooks` package verifies it, also when the receiver
answered 500 to the first two tries; an internal comment reaches only its own organisation;
an ended webhook gets nothing more; a URL to an internal address is refused outside DEBUG."""

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook

from accounts.models import AuditEvent
from agreements.discussion import comments
from agreements.models import Agreement
from api import tokens, webhooks
from api.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription
from demo.scenario import seed_demo
from tests.support import cast


class Receiver:
    """An HTTP server on a free loopback port that keeps every request and answers 500 to
    the first `failures` tries of each message (by its webhook-id)."""

    def __init__(self, failures: int) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.requests.append((headers, body))
                tries = sum(
                    1 for h, _b in receiver.requests if h["webhook-id"] == headers["webhook-id"]
                )
                self.send_response(500 if tries <= receiver.failures else 200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/spelregels"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    each = Receiver(failures=2)
    yield each
    each.close()


def subscribe_on_the_page(url: str, events: list[str]) -> WebhookSubscription:
    bram = cast.bram()
    client = Client()
    client.force_login(bram)
    page = reverse("webhook_list", args=[cast.bernheze().pk])
    response = client.post(page, {"url": url, "events": events})
    assert response.status_code == 302, response.content.decode()
    return WebhookSubscription.objects.get(url=url)


@pytest.mark.django_db(transaction=True)
@override_settings(WEBHOOK_ALLOW_PRIVATE_URLS=True, WEBHOOK_BACKOFF_SECONDS=[0])
def test_each_event_arrives_once_signed_after_two_failed_tries(receiver):
    seed_demo()
    demo = Agreement.objects.get()
    subscription = subscribe_on_the_page(receiver.url, list(WebhookEvent.values))
    eva, piet = cast.eva(), cast.piet()
    # A section saved through the API, a shared comment, and Brabant's internal comment.
    _token, key = tokens.create_token(user=eva, name="zaaksysteem", acting_user=eva)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    step = reverse("api:step", kwargs={"agreement_id": demo.pk, "step_slug": "opgave"})
    read = api.get(step)
    data = {**read.json()["data"], "why": "Samen sneller van het gas af."}
    assert (
        api.put(step, {"data": data}, format="json", HTTP_IF_MATCH=read["ETag"]).status_code == 200
    )
    comments.start_thread(
        agreement=demo, acting_user=eva, step="opgave", body="Gedeeld", visibility="gedeeld"
    )
    comments.start_thread(
        agreement=demo, acting_user=piet, step="opgave", body="Intern", visibility="intern"
    )

    ids = Counter(headers["webhook-id"] for headers, _body in receiver.requests)
    assert len(ids) == 2 and set(ids.values()) == {3}  # two events, each tried three times
    events = []
    for headers, body in receiver.requests:
        message = Webhook(subscription.secret).verify(body, headers)  # raises if not signed
        events.append(message["type"])
        assert message["data"]["agreement"]["id"] == str(demo.pk)
        assert "Intern" not in body.decode()
    assert Counter(events) == {"section.saved": 3, "comment.placed": 3}
    deliveries = WebhookDelivery.objects.filter(subscription=subscription)
    assert {d.status for d in deliveries} == {DeliveryStatus.DELIVERED}
    assert [[a.status_code for a in d.attempts.all()] for d in deliveries] == [[500, 500, 200]] * 2
    # Not even the payloads of other organisations' webhooks hold the internal comment.
    assert (
        not WebhookDelivery.objects.filter(payload__data__thread__isnull=False)
        .exclude(event=WebhookEvent.COMMENT_PLACED)
        .exists()
    )

    # The log shows each try; ended, the webhook gets nothing more.
    bram = Client()
    bram.force_login(cast.bram())
    log = bram.get(reverse("webhook_deliveries", args=[cast.bernheze().pk, subscription.pk]))
    assert log.content.decode().count("antwoord 500") == 4
    bram.post(reverse("webhook_end", args=[cast.bernheze().pk, subscription.pk]))
    before = len(receiver.requests)
    comments.start_thread(
        agreement=demo, acting_user=eva, step="opgave", body="Na het einde", visibility="gedeeld"
    )
    assert len(receiver.requests) == before
    actions = AuditEvent.objects.filter(object_id=str(subscription.pk)).values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["webhook.ended", "webhook.subscribed"]


@pytest.mark.django_db(transaction=True)
@override_settings(WEBHOOK_ALLOW_PRIVATE_URLS=True, WEBHOOK_BACKOFF_SECONDS=[0], WEBHOOK_ATTEMPTS=3)
def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_try():
    receiver = Receiver(failures=100)
    try:
        seed_demo()
        subscription = subscribe_on_the_page(receiver.url, [WebhookEvent.COMMENT_PLACED])
        comments.start_thread(
            agreement=Agreement.objects.get(),
            acting_user=cast.eva(),
            step="opgave",
            body="Hallo",
            visibility="gedeeld",
        )
    finally:
        receiver.close()
    [delivery] = WebhookDelivery.objects.filter(subscription=subscription)
    assert delivery.status == DeliveryStatus.FAILED
    assert [a.status_code for a in delivery.attempts.all()] == [500, 500, 500]


@pytest.mark.django_db
def test_outside_debug_a_webhook_goes_only_to_a_public_https_address(demo):
    bram = Client()
    bram.force_login(cast.bram())
    page = reverse("webhook_list", args=[cast.bernheze().pk])
    for url, message in [
        ("http://example.org/haak", "Geef een https-adres."),
        ("https://127.0.0.1/haak", "Een webhook gaat niet naar een intern adres (127.0.0.1)."),
        ("https://10.1.2.3/haak", "Een webhook gaat niet naar een intern adres (10.1.2.3)."),
        ("https://[::1]/haak", "Een webhook gaat niet naar een intern adres (::1)."),
    ]:
        response = bram.post(page, {"url": url, "events": ["version.adopted"]})
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html and f'value="{url}"' in html  # said, and the input kept
    response = bram.post(page, {"url": "https://example.org/haak", "events": []})
    assert "Dit veld is verplicht." in response.content.decode()
    assert not WebhookSubscription.objects.exists()
    with pytest.raises(webhooks.ValidationError) as refused:
        webhooks.subscribe(
            organisation=cast.bernheze(),
            url="https://example.org/haak",
            events=["version.adopted"],
            acting_user=cast.eva(),  # an opsteller, not a beheerder
        )
    assert refused.value.code == webhooks.WebhookError.NOT_ALLOWED


def test_a_signature_made_with_another_secret_does_not_verify():
    """The receiving side's check can fail: a message signed with one secret is refused with
    another."""
    body = json.dumps({"type": "version.adopted"})
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    ours, theirs = Webhook("whsec_" + "a" * 44), Webhook("whsec_" + "b" * 44)
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": ours.sign("msg_1", now, body),
    }
    assert ours.verify(body, headers)["type"] == "version.adopted"
    with pytest.raises(Exception, match="signature"):
        theirs.verify(body, headers)
