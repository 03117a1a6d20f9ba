"""What comes due: evaluations, end dates, notice deadlines, versions awaiting signatures and
open follow-up actions of evaluations, on screen and by e-mail.

`send_reminders` is safe to run from cron every day: each due item reaches each contact once
(a notification keyed by the item; `notifications/sending.py`), however often it runs, and is
e-mailed as that person chose. Dates go to the opstellers and ondertekenaars of every party; a
version awaiting signatures goes to the ondertekenaars of the parties whose turn it is (the
current round of its signing plan) that have not signed yet; a follow-up action to its person,
or else to the opstellers and ondertekenaars of the party that owns it.

A follow-up action is due while it is not klaar, from its due date (overdue ones too, as
evaluations) until the agreement has ended (terminated or expired).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Membership, Role
from agreements.document.vocabulary import format_date
from agreements.lib.ordering import sorted_not_walked
from agreements.models import ActionStatus, Agreement, FollowUpAction, ReminderSent, Version
from agreements.models.agreement import AWAITING_SIGNATURES, HAS_NOTICE_PERIOD, NOTICE_DEADLINE
from agreements.versions.signing import signature_overview, signature_request_key
from agreements.versions.status import Status, status_filter, with_status
from notifications.models import Kind
from notifications.sending import Message, notify

HORIZON = timedelta(days=60)
CONTACT_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR)


@dataclass(frozen=True)
class DueItem:
    kind: str  # "evaluation", "end", "notice", "signature" or "action"
    agreement: Agreement
    due_on: date
    # For "signature": the version, and the parties (organisation ids) whose turn it is (of
    # round `tier` of its signing plan) and that have not yet signed (as often as their quorum).
    version_number: int | None = None
    unsigned: tuple[str, ...] = ()
    tier: int = 1
    # For "action": the follow-up action (with its owner and person).
    follow_up: FollowUpAction | None = None

    @property
    def label(self) -> str:
        if self.kind == "signature":
            return _("Versie %(number)d wacht op ondertekening") % {"number": self.version_number}
        if self.follow_up is not None:
            owner = self.follow_up.owner
            return _("Vervolgactie: %(action)s (%(owner)s)") % {
                "action": self.follow_up.description,
                "owner": owner.official_name or owner.name,
            }
        return {
            "evaluation": _("Evaluatie gepland"),
            "end": _("Einddatum"),
            "notice": _("Laatste dag om op te zeggen"),
        }[self.kind]

    @property
    def title(self) -> Message:
        """The reminder's notification title, translated when shown or mailed."""
        params: dict[str, Any] = {"title": self.agreement.title}
        if self.kind == "signature":
            text = gettext_noop("Versie %(number)d wacht op ondertekening: %(title)s")
            params["number"] = self.version_number
        elif self.follow_up is not None:
            text = gettext_noop("Vervolgactie: %(action)s (%(owner)s): %(title)s")
            owner = self.follow_up.owner
            params["action"] = self.follow_up.description
            params["owner"] = owner.official_name or owner.name
        else:
            text = {
                "evaluation": gettext_noop("Evaluatie gepland: %(title)s"),
                "end": gettext_noop("Einddatum: %(title)s"),
                "notice": gettext_noop("Laatste dag om op te zeggen: %(title)s"),
            }[self.kind]
        return Message(text, params)

    @property
    def key(self) -> str:
        """The item's identity, the same whichever round of the signing plan is on."""
        if self.kind == "signature":
            assert self.version_number is not None  # noqa: S101 -- a signature item has a version
            return signature_request_key(agreement_id=self.agreement.pk, number=self.version_number)
        if self.follow_up is not None:
            return f"action:{self.follow_up.pk}:{self.due_on.isoformat()}"
        return f"{self.kind}:{self.agreement.pk}:{self.due_on.isoformat()}"

    @property
    def notification_key(self) -> str:
        """The key its notifications go by: for a version awaiting signatures, that of the
        round whose turn it is, so that each round is told once (`signing.py`)."""
        if self.kind == "signature":
            assert self.version_number is not None  # noqa: S101 -- a signature item has a version
            return signature_request_key(
                agreement_id=self.agreement.pk, number=self.version_number, tier=self.tier
            )
        return self.key

    @property
    def url(self) -> str:
        if self.kind == "signature":
            return reverse("version_detail", args=[self.agreement.pk, self.version_number])
        if self.follow_up is not None:
            return reverse(
                "evaluation_detail", args=[self.agreement.pk, self.follow_up.evaluation_id]
            )
        return reverse("agreement_detail", args=[self.agreement.pk])

    @property
    def day(self) -> str:
        """The due date in words: 1 maart 2024."""
        return format_date(self.due_on)

    def contacts(self) -> QuerySet[Membership]:
        """Who is told: the ondertekenaars of the unsigned parties whose turn it is; an action's
        person, or else the owning party's contacts; or every party's contacts."""
        if self.kind == "signature":
            memberships = Membership.objects.filter(
                organisation_id__in=self.unsigned, role=Role.ONDERTEKENAAR
            )
        elif self.follow_up is not None:
            action = self.follow_up
            memberships = Membership.objects.filter(organisation_id=action.owner_id)
            if (
                action.person_id is not None
                and memberships.filter(user_id=action.person_id).exists()
            ):
                memberships = memberships.filter(user_id=action.person_id)
            else:
                memberships = memberships.filter(role__in=CONTACT_ROLES)
        else:
            memberships = Membership.objects.filter(
                organisation__agreement_parties__agreement=self.agreement,
                role__in=CONTACT_ROLES,
            )
        return memberships.filter(user__is_active=True).select_related("user").distinct()


def _subtract_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def due_items(
    agreements: QuerySet[Agreement], today: date, *, horizon: timedelta = HORIZON
) -> list[DueItem]:
    """Items due from `today` up to the horizon, and overdue evaluations, soonest first."""
    items: list[DueItem] = []
    awaiting = (
        with_status(agreements, today)
        .exclude(status__in=[Status.CONCEPT, Status.BEEINDIGD, Status.VERLOPEN])
        .exclude(signed_version=F("current_version"))
        .select_related("current_version")
        .prefetch_related("current_version__signatures")
    )
    for agreement in awaiting:
        version = agreement.current_version
        overview = signature_overview(version)
        unsigned = tuple(entry.organisation_id for entry in overview.awaiting)
        if unsigned:
            assert overview.current_tier is not None  # noqa: S101 -- parties are awaited
            items.append(
                DueItem(
                    "signature",
                    agreement,
                    timezone.localdate(version.adopted_at),
                    version_number=version.number,
                    unsigned=unsigned,
                    tier=overview.current_tier.number,
                )
            )
    for agreement in with_status(agreements, today).exclude(status="concept"):
        if agreement.next_evaluation and agreement.next_evaluation <= today + horizon:
            items.append(DueItem("evaluation", agreement, agreement.next_evaluation))
        end = agreement.version_end
        if end and today <= end <= today + horizon:
            items.append(DueItem("end", agreement, end))
        if end and agreement.notice_period_months:
            notice = _subtract_months(end, agreement.notice_period_months)
            if today <= notice <= today + horizon:
                items.append(DueItem("notice", agreement, notice))
    items.extend(
        _action_item(action) for action in open_actions(agreements, today, horizon=horizon)
    )
    return sorted(items, key=lambda item: item.due_on)


def _action_item(action: FollowUpAction) -> DueItem:
    assert action.due_on is not None  # noqa: S101 -- open_actions have a due date
    return DueItem("action", action.evaluation.agreement, action.due_on, follow_up=action)


def open_actions(
    agreements: QuerySet[Agreement], today: date, *, horizon: timedelta = HORIZON
) -> QuerySet[FollowUpAction]:
    """The follow-up actions of `agreements` that are due: not klaar, a due date up to the
    horizon (overdue ones too), of an agreement that has not ended; soonest first."""
    running = agreements.exclude(status_filter(Status.BEEINDIGD, today)).exclude(
        status_filter(Status.VERLOPEN, today)
    )
    return (
        FollowUpAction.objects.filter(
            evaluation__agreement__in=running.order_by().values("pk"),
            due_on__lte=today + horizon,
        )
        .exclude(status=ActionStatus.KLAAR)
        .select_related("owner", "evaluation__agreement")
        .only(
            "description",
            "due_on",
            "status",
            "person_id",
            "evaluation_id",
            "owner__name",
            "owner__official_name",
            "evaluation__agreement__title",
        )
        .order_by("due_on", "pk")
    )


def send_reminders(*, today: date) -> int:
    """Notify each party's contacts once per due item; returns the notifications created.

    Through `notifications.notify` (kind DUE; a version awaiting signatures: AWAITING_SIGNATURE
    under the same key as its adoption), which mails each person as they chose. A reminder
    mailed before notifications existed (`ReminderSent`, kept as history) is not sent again.
    """
    created = 0
    for item in due_items(Agreement.objects.all(), today):
        users = [membership.user for membership in item.contacts()]
        keys = {user.pk: f"{item.key}:{user.pk}" for user in users}
        mailed = set(
            ReminderSent.objects.filter(key__in=keys.values()).values_list("key", flat=True)
        )
        with translation.override(settings.LANGUAGE_CODE):
            title = item.title
            body = render_to_string("agreements/email/reminder.txt", {"item": item}).strip()
        with transaction.atomic():
            created += notify(
                kind=Kind.AWAITING_SIGNATURE if item.kind == "signature" else Kind.DUE,
                recipients=[user for user in users if keys[user.pk] not in mailed],
                title=title,
                url=item.url,
                key=item.notification_key,
                body=body,
            )
    return created


@dataclass(frozen=True)
class DuePage:
    """The first items that come due, and how many there are in all."""

    items: list[DueItem]
    total: int

    @property
    def more(self) -> int:
        # A total counted a few minutes ago (the overview's) may be short of what is listed.
        return max(0, self.total - len(self.items))


KIND_ORDER = ("signature", "evaluation", "end", "notice")


def _due_kinds(today: date, horizon: timedelta) -> dict[str, tuple[Q, Any, tuple[str, ...]]]:
    """The rules of `due_items` as conditions on the agreements' own columns, per kind of
    item, with the item's date and the order in which its index holds them.

    Each condition leads with what one of the agreements' indexes holds (migration 0021), so
    that the first items of a kind are a short walk along that index: a version awaiting
    signatures is not beëindigd and not verlopen, which for an adopted version is a missing or
    later end date, by the time its version was adopted (the partial index
    `agreement_awaiting_signatures`, in that time's order, the same as its day's); an
    evaluation by its date, an end date in the horizon, a notice deadline by its computed date.
    """
    by_day = ("due_on", "title", "pk")
    until = today + horizon
    adopted = ~status_filter(Status.CONCEPT, today)
    return {
        "signature": (
            AWAITING_SIGNATURES
            & ~status_filter(Status.BEEINDIGD, today)
            & (Q(in_force_end__isnull=True) | Q(in_force_end__gte=today)),
            TruncDate("current_adopted_at"),
            ("current_adopted_at", "pk"),
        ),
        "evaluation": (adopted & Q(next_evaluation__lte=until), F("next_evaluation"), by_day),
        "end": (
            adopted & Q(in_force_end__gte=today, in_force_end__lte=until),
            F("in_force_end"),
            by_day,
        ),
        "notice": (
            adopted
            & HAS_NOTICE_PERIOD
            & Q(
                GreaterThanOrEqual(NOTICE_DEADLINE, today),
                LessThanOrEqual(NOTICE_DEADLINE, until),
            ),
            NOTICE_DEADLINE,
            by_day,
        ),
    }


def due_item_count(today: date, horizon: timedelta = HORIZON) -> Any:
    """The number of items an agreement has due (by its own dates; not its follow-up
    actions), as an expression to sum over agreements."""
    return sum(
        (
            Case(When(condition, then=1), default=0)
            for condition, _day, _order in _due_kinds(today, horizon).values()
        ),
        Value(0),
    )


def first_due(
    agreements: QuerySet[Agreement],
    *,
    today: date,
    horizon: timedelta = HORIZON,
    limit: int,
    few: bool = False,
) -> tuple[list[DueItem], int]:
    """The first `limit` items of `due_items`, soonest first, and the number of open
    follow-up actions among all of them, in five short queries.

    One query per kind of item, each cut off at `limit` along its index (`_due_kinds`), and
    one for the open follow-up actions (`open_actions`, cut off with their number alongside).
    The first `limit` of all items are among the first `limit` of each kind, so the cost
    does not grow with the number of agreements. For display: a signature item names its
    version but not the parties that have yet to sign (`unsigned` is empty).

    `few`: the agreements are few (a reader party to at most some thousands). The versions
    awaiting signatures are then sorted from their own, not found along their index, which
    passed 3,585 of the country's for a gemeente's first 15 at 100,000 agreements (35 ms;
    agreements/lib/ordering.py).
    """
    entries: list[tuple[tuple[date, int, int, int], DueItem]] = []
    for rank, (kind, (condition, day, order)) in enumerate(_due_kinds(today, horizon).items()):
        due: QuerySet = agreements.filter(condition).annotate(due_on=day)
        ordering: tuple[Any, ...] = order
        if kind == "signature":
            # A subquery, not a join: PostgreSQL reads it for the rows kept after the sort,
            # not for every version awaiting signatures (210 of a gemeente's 1,000 at 100,000).
            due = due.annotate(
                version_number=Subquery(
                    # Without the model's ordering, which joins the agreements again.
                    Version.objects.filter(pk=OuterRef("current_version_id"))
                    .order_by()
                    .values("number")
                )
            )
            if few:
                ordering = (sorted_not_walked("current_adopted_at"), "pk")
        rows = due.order_by(*ordering).values(
            "pk", "title", "due_on", *(["version_number"] if kind == "signature" else [])
        )[:limit]
        # On one day, by the position in each kind's own order: so each kind's items are
        # taken in that order, never one past an item left out.
        entries.extend(
            (
                (row["due_on"], 0, position, rank),
                DueItem(
                    kind,
                    Agreement(pk=row["pk"], title=row["title"]),
                    row["due_on"],
                    version_number=row.get("version_number"),
                ),
            )
            for position, row in enumerate(rows)
        )
    actions = list(
        open_actions(agreements, today, horizon=horizon).annotate(due_total=Window(Count("pk")))[
            :limit
        ]
    )
    entries.extend(
        ((item.due_on, 1, position, 0), item)
        for position, item in enumerate(_action_item(action) for action in actions)
    )
    entries.sort(key=lambda entry: entry[0])
    return [item for _key, item in entries[:limit]], (actions[0].due_total if actions else 0)


def due_soon(
    agreements: QuerySet[Agreement], *, today: date, horizon: timedelta = HORIZON, limit: int
) -> DuePage:
    """The first `limit` items of `due_items` (`first_due`) and their exact total, which
    counts over all of `agreements` (one more query)."""
    items, actions = first_due(agreements, today=today, horizon=horizon, limit=limit)
    counted = agreements.aggregate(items=Sum(due_item_count(today, horizon)))["items"] or 0
    return DuePage(items=items, total=counted + actions)
