"""Reading notifications: marking one or all read, and keeping the bell's counter right.

`User.unread_notifications` goes up in `sending.notify` and down here, always with F()
expressions or a recount in the database, never from a value held in memory.
"""

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, User

from .models import Notification


def _unread_count(user_ref: OuterRef) -> Coalesce:
    return Coalesce(
        Subquery(
            Notification.objects.filter(recipient=user_ref, read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
        0,
    )


def recount_unread(*, user: User) -> int:
    """Set the bell's counter to the real number of unread notifications, and return it."""
    User.objects.filter(pk=user.pk).update(unread_notifications=_unread_count(OuterRef("pk")))
    user.unread_notifications = User.objects.values_list("unread_notifications", flat=True).get(
        pk=user.pk
    )
    return user.unread_notifications


@transaction.atomic
def mark_read(*, user: User, notification: Notification) -> bool:
    """Mark one of the user's own notifications read; False when it already was."""
    if notification.recipient_id != user.pk:
        raise PermissionError("Not your notification.")
    changed = Notification.objects.filter(
        pk=notification.pk, recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        User.objects.filter(pk=user.pk, unread_notifications__gt=0).update(
            unread_notifications=F("unread_notifications") - 1
        )
        user.unread_notifications = max(user.unread_notifications - 1, 0)
        notification.read_at = timezone.now()
        record_event(actor=user, action=AuditAction.NOTIFICATION_READ, target=notification)
    return bool(changed)


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    """Mark all the user's notifications read; returns how many were unread."""
    # Lock the user first: a notify() that has counted one up but not committed yet waits,
    # so the recount below never overwrites its +1 with a count that misses its row.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    recount_unread(user=user)
    if changed:
        record_event(
            actor=user,
            action=AuditAction.NOTIFICATION_ALL_READ,
            target=user,
            changes={"read": [0, changed]},
        )
    return changed
