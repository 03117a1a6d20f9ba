"""Who else is here: the editors who have a builder step open, or saved it a moment ago.

A step's page marks its reader present when it is shown and, while it stays open, through a
light poll (`static/js/presence.js`, every 20 seconds); no websockets. Presence is a hint for
people to talk before they collide, not a lock and not a record: it is not audited and it
expires by itself (`OPEN`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from agreements.document.outline import Step
from agreements.models import Agreement, StepPresence, StepRevision
from agreements.permissions import can_edit, require

OPEN = timedelta(minutes=1)  # three missed polls: the page was closed
SAVED = timedelta(minutes=10)


@dataclass(frozen=True)
class Here:
    name: str
    open: bool  # has the step open now
    saved_at: datetime | None  # saved the step within SAVED


def mark_present(*, agreement: Agreement, step: Step, acting_user: User) -> None:
    """Note that the user has the step open now (one upsert); only its editors are noted."""
    require(can_edit(acting_user, agreement))
    StepPresence.objects.bulk_create(
        [StepPresence(agreement=agreement, step=step.slug, user=acting_user)],
        update_conflicts=True,
        unique_fields=["agreement", "step", "user"],
        update_fields=["seen_at"],
    )


def others_here(*, agreement: Agreement, step: Step, acting_user: User) -> list[Here]:
    """The other editors with the step open, and those who saved it lately (two queries)."""
    now = timezone.now()
    open_now = {
        presence.user_id: presence.user
        for presence in StepPresence.objects.filter(
            agreement=agreement, step=step.slug, seen_at__gte=now - OPEN
        )
        .exclude(user=acting_user)
        .select_related("user")
    }
    saved: dict[int, tuple[User, datetime]] = {}
    for revision in (
        StepRevision.objects.filter(agreement=agreement, step=step.slug, saved_at__gte=now - SAVED)
        .exclude(saved_by=acting_user)
        .exclude(saved_by=None)
        .select_related("saved_by")
        .order_by("saved_at")
    ):
        assert revision.saved_by is not None
        saved[revision.saved_by.pk] = (revision.saved_by, revision.saved_at)
    people = {**{pk: user for pk, (user, _at) in saved.items()}, **open_now}
    return sorted(
        (
            Here(
                user.full_name or user.email,
                pk in open_now,
                saved[pk][1] if pk in saved else None,
            )
            for pk, user in people.items()
        ),
        key=lambda here: here.name,
    )
