"""Webhooks: an organisation's beheerder subscribes a URL to events of the agreements the
organisation is party to, so a zaaksysteem need not poll.

- What happens is read from the audit trail: every domain function records an event, and a
  `post_save` of `AuditEvent` (apps.py) calls `dispatch`, in the same transaction, which makes a
  `WebhookDelivery` per subscription that wants the event (`EVENT_OF_ACTION`). An internal
  comment goes only to its own organisation's subscriptions.
- After the commit the task worker delivers it (`deliver_webhook`): a POST of the payload,
  signed per the Standard Webhooks specification (`webhook-id`, `webhook-timestamp`,
  `webhook-signature`, HMAC-SHA256 with the subscription's secret). A delivery is sent until a
  2xx answer, at most `WEBHOOK_ATTEMPTS` times, waiting `WEBHOOK_BACKOFF_SECONDS` between
  tries; each try is logged (`WebhookAttempt`). Its id is the `webhook-id` of every try, so a
  receiver that saw it already can tell.
- Outside DEBUG a URL must be https and must not resolve to a loopback, private, link-local or
  reserved address (checked when subscribing and again before each try), unless
  `WEBHOOK_ALLOW_PRIVATE_URLS` says otherwise (the tests' own receiver on loopback).
"""

import base64
import ipaddress
import json
import secrets
import socket
import time
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from standardwebhooks.webhooks import Webhook

from accounts.audit import record_event
from accounts.models import AuditAction, AuditEvent, Organisation, User
from accounts.permissions import can_manage_members
from agreements.models import Agreement, CommentThread, CommentVisibility, Party

from .models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

EVENT_OF_ACTION = {
    AuditAction.AGREEMENT_CREATED: WebhookEvent.DRAFT_STARTED,
    AuditAction.AGREEMENT_IMPORTED: WebhookEvent.DRAFT_STARTED,
    AuditAction.DRAFT_STARTED: WebhookEvent.DRAFT_STARTED,
    AuditAction.STEP_SAVED: WebhookEvent.SECTION_SAVED,
    AuditAction.VERSION_ADOPTED: WebhookEvent.VERSION_ADOPTED,
    AuditAction.VERSION_SIGNED: WebhookEvent.VERSION_SIGNED,
    AuditAction.VERSION_PUBLISHED: WebhookEvent.VERSION_PUBLISHED,
    AuditAction.COMMENT_THREAD_STARTED: WebhookEvent.COMMENT_PLACED,
    AuditAction.COMMENT_REPLIED: WebhookEvent.COMMENT_PLACED,
}


class WebhookError:
    NOT_ALLOWED = "not_allowed"
    URL = "url"
    NO_EVENTS = "no_events"


def check_url(url: str) -> None:
    """Refuse a URL a webhook may not be sent to (see the module); a ValidationError with code
    `url` says why, in Dutch."""
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE_URLS", False):
        return
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValidationError(_("Geef een https-adres."), code=WebhookError.URL)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ValidationError(
            _("Het adres %(host)s is niet te vinden.") % {"host": parts.hostname},
            code=WebhookError.URL,
        ) from None
    for *_rest, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            raise ValidationError(
                _("Een webhook gaat niet naar een intern adres (%(ip)s).") % {"ip": ip},
                code=WebhookError.URL,
            )


def _check_manager(user: User, organisation: Organisation) -> None:
    if not can_manage_members(user, organisation):
        raise ValidationError(
            _("Alleen een beheerder van %(name)s kan webhooks aanmelden of beëindigen.")
            % {"name": organisation.name},
            code=WebhookError.NOT_ALLOWED,
        )


@transaction.atomic
def subscribe(
    *, organisation: Organisation, url: str, events: list[str], acting_user: User
) -> WebhookSubscription:
    """Subscribe `url` to `events` for `organisation`; the secret is made here."""
    _check_manager(acting_user, organisation)
    chosen = [event for event in WebhookEvent.values if event in events]
    if not chosen:
        raise ValidationError(_("Kies minstens één gebeurtenis."), code=WebhookError.NO_EVENTS)
    check_url(url)
    subscription = WebhookSubscription.objects.create(
        organisation=organisation,
        url=url,
        events=chosen,
        secret="whsec_" + base64.b64encode(secrets.token_bytes(32)).decode(),
        created_by=acting_user,
    )
    record_event(
        actor=acting_user,
        action=AuditAction.WEBHOOK_SUBSCRIBED,
        target=subscription,
        organisation=organisation,
        changes={"url": [None, url], "events": [None, chosen]},
    )
    return subscription


@transaction.atomic
def end_subscription(*, subscription: WebhookSubscription, acting_user: User) -> None:
    """End a subscription: nothing more is sent to it, pending deliveries included."""
    _check_manager(acting_user, subscription.organisation)
    if subscription.ended_at is not None:
        return
    subscription.ended_at = timezone.now()
    subscription.save(update_fields=["ended_at"])
    record_event(
        actor=acting_user,
        action=AuditAction.WEBHOOK_ENDED,
        target=subscription,
        organisation=subscription.organisation,
        changes={"url": [subscription.url, None]},
    )


def _events_of(audit: AuditEvent) -> list[WebhookEvent]:
    event = EVENT_OF_ACTION.get(AuditAction(audit.action))
    if event is None:
        return []
    if event == WebhookEvent.VERSION_SIGNED and audit.changes.get("fully_signed", [0, 0])[1]:
        return [event, WebhookEvent.VERSION_SIGNED_BY_ALL]
    return [event]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def dispatch(audit: AuditEvent) -> None:
    """The deliveries an audit event makes (called in its transaction; see the module)."""
    events = _events_of(audit)
    if not events:
        return
    thread = None
    agreement_id: Any = audit.object_id
    if audit.object_type == CommentThread._meta.label_lower:
        thread = CommentThread.objects.filter(pk=audit.object_id).first()
        agreement_id = thread.agreement_id if thread else None
    if agreement_id is None:
        return
    subscriptions = WebhookSubscription.objects.filter(
        ended_at=None,
        organisation__in=Party.objects.filter(agreement_id=agreement_id).values("organisation"),
    )
    if thread is not None and thread.visibility != CommentVisibility.SHARED:
        subscriptions = subscriptions.filter(organisation_id=thread.organisation_id)
    # One payload per event, the same for every subscription (its agreement read once).
    payloads = {event: _payload(audit, event, agreement_id, thread) for event in events}
    made = [
        WebhookDelivery.objects.create(
            subscription=subscription, audit_event_id=audit.pk, event=event, payload=payload
        )
        for subscription in subscriptions
        for event, payload in payloads.items()
        if event in subscription.events
    ]
    for delivery in made:
        transaction.on_commit(partial(deliver_webhook.enqueue, str(delivery.pk)))


def _payload(
    audit: AuditEvent, event: WebhookEvent, agreement_id: Any, thread: CommentThread | None
) -> dict[str, Any]:
    """What the receiver is told: which agreement, and where the API has the rest. No names
    of people: the API gives those to whom may read them."""
    title = Agreement.objects.filter(pk=agreement_id).values_list("title", flat=True).first()
    data: dict[str, Any] = {
        "agreement": {
            "id": str(agreement_id),
            "title": title or "",
            "url": _absolute(reverse("api:agreement-detail", args=[agreement_id])),
        },
        "organisation": str(audit.organisation_id) if audit.organisation_id else None,
    }
    if version := audit.changes.get("version", [None, None])[1]:
        data["version"] = version
    if thread is not None:
        data["thread"] = str(thread.pk)
    return {"type": str(event), "timestamp": audit.at.isoformat(), "data": data}


def _attempt(delivery: WebhookDelivery) -> WebhookAttempt:
    """One POST of the delivery, signed; what came of it."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    now = timezone.now()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Spelregels-webhooks/1",
        "webhook-id": str(delivery.pk),
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(delivery.subscription.secret).sign(
            str(delivery.pk), now, body
        ),
    }
    attempt = WebhookAttempt(delivery=delivery, at=now, milliseconds=0)
    began = time.monotonic()
    try:
        check_url(delivery.subscription.url)
        response = requests.post(
            delivery.subscription.url,
            data=body.encode(),
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        attempt.status_code = response.status_code
    except ValidationError as refused:
        attempt.error = refused.messages[0][:300]
    except requests.RequestException as error:
        attempt.error = (str(error) or error.__class__.__name__)[:300]
    attempt.milliseconds = round((time.monotonic() - began) * 1000)
    attempt.save()
    return attempt


@task()
def deliver_webhook(delivery_id: str) -> str:
    """Try the delivery once; schedule the next try while it has tries left."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery.status if delivery else "weg"
        if delivery.subscription.ended_at is not None:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status"])
            return delivery.status
        attempt = _attempt(delivery)
        tries = delivery.attempts.count()
        if attempt.status_code is not None and 200 <= attempt.status_code < 300:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, attempt.at
            delivery.save(update_fields=["status", "delivered_at"])
        elif tries >= settings.WEBHOOK_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status"])
        else:
            backoff = settings.WEBHOOK_BACKOFF_SECONDS
            wait = backoff[min(tries, len(backoff)) - 1] if backoff else 0
            transaction.on_commit(lambda: _retry(delivery_id, wait))
        return delivery.status


def _retry(delivery_id: str, wait: float) -> None:
    # A backend that can run a task later (the database queue) waits; one that runs tasks at
    # once (development without a worker, the tests) tries again at once.
    retry = deliver_webhook
    if wait and retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + timedelta(seconds=wait))
    retry.enqueue(delivery_id)
