"""Each person's choice, per kind, of how notifications reach them by e-mail."""

from django.db import transaction

from accounts.audit import record_event
from accounts.models import AuditAction, User

from .models import DEFAULT_DELIVERY, Delivery, Kind, NotificationPreference


def preferences_of(*, user: User) -> dict[str, str]:
    """Every kind with the user's delivery for it (the default where they chose nothing)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in Kind.values}


@transaction.atomic
def set_preferences(*, user: User, deliveries: dict[str, str]) -> dict[str, list[str]]:
    """Store the user's choices; one audit event with the kinds that changed (if any)."""
    before = preferences_of(user=user)
    changes: dict[str, list[str]] = {}
    for kind, delivery in deliveries.items():
        Kind(kind), Delivery(delivery)  # unknown values are a programming error
        if before[kind] != delivery:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )
            changes[kind] = [before[kind], delivery]
    if changes:
        record_event(
            actor=user,
            action=AuditAction.NOTIFICATION_PREFERENCES_CHANGED,
            target=user,
            changes=changes,
        )
    return changes
