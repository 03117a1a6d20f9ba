"""Sending notifications: one call, `notify`, for every kind.

Domain functions (adopting a version, signing, adding a party, a comment or a review request)
call `notify` inside their own atomic write; that write is audited, `notify` records no audit
event of its own. It creates one `Notification` per distinct, active recipient except the actor;
the unique (recipient, key) constraint makes it idempotent, also when two requests race. The
bell's counter (`User.unread_notifications`) goes up by F() in the same transaction. Recipients
who want this kind immediately get an e-mail from a background task, enqueued only once the
transaction commits, so a slow mail server never slows a page and a rolled-back write mails
nothing. E-mails and the daily digest are `emails.py`; reading is `reading.py`.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from accounts.models import User

from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    Kind,
    Notification,
    NotificationPreference,
    translated,
)

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Message:
    """A title to store as a message id and its parameters, translated when it is shown or
    mailed: `text` is the Dutch source marked with `gettext_noop`, so `makemessages` finds it."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def in_site_language(self) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return translated(self.text, self.params)


class UnsafeUrl(ValueError):
    """A notification's link must be a path inside the application."""


def _check_url(url: str) -> None:
    if not url.startswith("/") or url.startswith("//") or url.startswith("/\\"):
        raise UnsafeUrl(url)


def deliveries(*, users: Iterable[User], kind: str) -> dict[int, str]:
    """Each user's chosen delivery for `kind` (the default where they chose nothing)."""
    ids = [user.pk for user in users]
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, DEFAULT_DELIVERY) for pk in ids}


def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    title: "str | Message",
    url: str,
    key: str,
    actor: User | None = None,
    body: str = "",
) -> int:
    """Notify each recipient once about the item named `key`; returns how many were new.

    Skips inactive recipients, the actor and anyone already notified with this key. Call it
    inside the caller's transaction; e-mails for `Delivery.IMMEDIATELY` go out after commit.
    """
    from .tasks import send_notification_email

    Kind(kind)  # an unknown kind is a programming error
    _check_url(url)
    by_pk: dict[int, User] = {}
    for user in recipients:
        if user.is_active and (actor is None or user.pk != actor.pk):
            by_pk.setdefault(user.pk, user)
    if not by_pk:
        return 0
    message = title if isinstance(title, Message) else Message("")
    text = title.in_site_language() if isinstance(title, Message) else title
    with transaction.atomic():
        now = timezone.now()
        candidates = [
            Notification(
                id=uuid.uuid4(),
                recipient_id=pk,
                kind=kind,
                title=text[:250],
                title_message=message.text[:250],
                title_params=message.params,
                body=body,
                url=url,
                key=key,
                created_at=now,
            )
            for pk in by_pk
        ]
        Notification.objects.bulk_create(candidates, ignore_conflicts=True)
        # A conflicting row was not inserted, so only the new ones exist under our ids.
        created = list(
            Notification.objects.filter(id__in=[n.id for n in candidates]).values_list(
                "id", "recipient_id"
            )
        )
        if not created:
            return 0
        new_recipients = [recipient_id for _id, recipient_id in created]
        User.objects.filter(pk__in=new_recipients).update(
            unread_notifications=F("unread_notifications") + 1
        )
        wanted = deliveries(users=[by_pk[pk] for pk in new_recipients], kind=kind)
        for notification_id, recipient_id in created:
            if wanted[recipient_id] == Delivery.IMMEDIATELY:
                transaction.on_commit(
                    partial(send_notification_email.enqueue, str(notification_id))
                )
    return len(created)


__all__ = ["Message", "UnsafeUrl", "deliveries", "notify"]
