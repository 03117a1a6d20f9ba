"""Notification e-mails: one at a time (`send_immediately`, run by a background task) and the
daily digest (`send_digests`, run by `manage.py send_digest` from cron).

Every e-mail is Dutch, plain text with an HTML alternative, and carries the absolute direct link
(`settings.SITE_URL` + the notification's path). A notification is e-mailed at most once: the
row is locked, `emailed_at` is set and the mail is sent in one transaction, so a second run (or
a second worker) finds it e-mailed; when sending fails the transaction rolls back and a later
run tries again.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from .models import DEFAULT_DELIVERY, Delivery, Notification, NotificationPreference

# A digest covers at most this far back, so choosing "daily" after months of "never" does not
# bring up old items.
DIGEST_LOOKBACK = timedelta(days=7)


def absolute_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(*, user: User, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {"user": user, "site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def _lock(queryset):
    """Lock the rows; on PostgreSQL skip rows another worker has locked (it sends those)."""
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset.select_for_update()


def send_immediately(*, notification_id: str) -> bool:
    """E-mail one notification now; False when there is nothing (more) to send."""
    with transaction.atomic(), translation.override("nl"):
        notification = (
            _lock(Notification.objects.filter(pk=notification_id, emailed_at__isnull=True))
            .select_related("recipient")
            .first()
        )
        if notification is None or not notification.recipient.is_active:
            return False
        chosen = (
            NotificationPreference.objects.filter(
                user=notification.recipient, kind=notification.kind
            )
            .values_list("delivery", flat=True)
            .first()
        )
        if (chosen or DEFAULT_DELIVERY) != Delivery.IMMEDIATELY:
            return False  # the person changed their mind since; the digest may take it
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        _message(
            user=notification.recipient,
            subject=notification.shown_title,
            template="notification",
            context={
                "notification": notification,
                "link": absolute_link(notification.url),
                "preferences_link": absolute_link(reverse("notification_preferences")),
            },
        ).send()
    return True


def send_digests(*, now: datetime | None = None) -> int:
    """Mail each person, in one digest, the items they want by e-mail and were not mailed yet.

    That is every item of a kind they take daily, and also an item of a kind they take
    immediately whose e-mail did not go out (the mail server was down, or they switched from
    daily after it was made). Takes items created before the start of today (local time), so
    running it any number of times a day sends each person at most one digest a day and each
    item once. Returns the number of digests sent.
    """
    now = now or timezone.now()
    before = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    unsent = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lt=before,
            created_at__gte=before - DIGEST_LOOKBACK,
            recipient__is_active=True,
        )
        .values_list("recipient_id", "kind")
        .distinct()
    )
    never = set(
        NotificationPreference.objects.filter(delivery=Delivery.NEVER).values_list(
            "user_id", "kind"
        )
    )
    kinds_by_user: dict[int, list[str]] = {}
    for user_id, kind in unsent:
        if (user_id, kind) not in never:
            kinds_by_user.setdefault(user_id, []).append(kind)
    sent = 0
    for user in User.objects.filter(pk__in=kinds_by_user).order_by("pk"):
        if _send_digest(user=user, kinds=kinds_by_user[user.pk], before=before):
            sent += 1
    return sent


def _send_digest(*, user: User, kinds: list[str], before: datetime) -> bool:
    with transaction.atomic(), translation.override("nl"):
        items = list(
            _lock(
                Notification.objects.filter(
                    recipient=user,
                    kind__in=kinds,
                    emailed_at__isnull=True,
                    created_at__lt=before,
                    created_at__gte=before - DIGEST_LOOKBACK,
                )
            ).order_by("created_at", "id")
        )
        if not items:
            return False
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            emailed_at=timezone.now()
        )
        _message(
            user=user,
            subject=_("Je meldingen van Spelregels (%(count)d)") % {"count": len(items)},
            template="digest",
            context={
                "items": [(item, absolute_link(item.url)) for item in items],
                "list_link": absolute_link(reverse("notification_list")),
                "preferences_link": absolute_link(reverse("notification_preferences")),
            },
        ).send()
    return True
