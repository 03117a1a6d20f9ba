"""The registry overview: the whole web of a user's collaborations on one page.

What the user may see (`permissions.visible_agreements`, the registry's rule) counted by
status, government layer and theme; what comes due in the next 90 days; and, per organisation
the user is a member of, the agreements it is party to with its roles in each.

Every function answers in a fixed number of queries however many agreements there are. The
counts are grouped in the database and kept in the cache for a few minutes per set of
organisations (`counts_for`: for a reader who sees 80,000 agreements they cost half a second),
so the page says when they were counted. The due items are read on every request, each kind
cut off along its own index (`reminders.first_due`); their total is counted with the counts.
Each organisation's agreements are cut off in the database (a subquery with a limit per
organisation), with the organisation's total from the parties' index. The counts use the
registry's own rules (`status.with_status`, a party in the layer, the agreement's theme), so
each count is the number of agreements the registry showed for the same filter when counted.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Layer, Membership, Organisation, Role, User
from accounts.permissions import is_active_user
from agreements.lib.ordering import sorted_not_walked
from agreements.models import Agreement, Party, RoleKind, Theme
from agreements.permissions import visible_agreements
from agreements.records.reminders import DuePage, due_item_count, first_due
from agreements.versions.status import STATUS_FIELDS, Status, status_of, with_status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DUE_HORIZON = timedelta(days=90)
DUE_LIMIT = 15
AGREEMENTS_PER_ORGANISATION = 10


@dataclass(frozen=True)
class Tally:
    """How many visible agreements share one value, and the registry filter that lists them."""

    label: "StrOrPromise"
    count: int
    share: int  # percentage of all visible agreements, for the bar
    query: str  # the registry's query string; empty when the registry cannot filter on it


@dataclass(frozen=True)
class Counts:
    total: int
    by_status: list[Tally]
    by_layer: list[Tally]
    by_theme: list[Tally]
    due: int  # the items due by the agreements' own dates (not their follow-up actions)
    counted_at: datetime  # when: the counts may come from the cache


@dataclass(frozen=True)
class RoleLine:
    kind: "StrOrPromise"
    names: str


@dataclass(frozen=True)
class PartyRow:
    """One agreement an organisation is party to, with that party's roles."""

    agreement: Agreement
    status: Status
    roles: list[RoleLine]
    partners: list[str]


@dataclass(frozen=True)
class OrganisationAgreements:
    organisation: Organisation
    membership_role: "StrOrPromise"
    rows: list[PartyRow]
    total: int
    query: str  # the registry filtered on this organisation

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Overview:
    counts: Counts
    due: DuePage
    organisations: list[OrganisationAgreements]
    horizon_days: int


def _share(count: int, total: int) -> int:
    """`count` as a whole percentage of `total`."""
    return round(100 * count / total) if total else 0


def _tally(label: "StrOrPromise", count: int, total: int, **query: str) -> Tally:
    """A count with its share and the registry filter (`query`) that lists the same agreements."""
    return Tally(label, count, _share(count, total), urlencode(query) if query else "")


def _count(visible: QuerySet[Agreement], today: date) -> dict[str, Any]:
    """The visible agreements counted by status, theme and layer, with the number of items
    they have due: plain numbers, to be cached. Two queries, each over every visible
    agreement."""
    # One grouping for status and theme together: at most 6 × 8 groups.
    groups = (
        with_status(visible, today)
        .order_by()
        .values("status", "theme")
        .annotate(count=Count("pk"), due=Sum(due_item_count(today, DUE_HORIZON)))
    )
    by_status: dict[str, int] = {}
    by_theme: dict[str, int] = {}
    due = 0
    for group in groups:
        by_status[group["status"]] = by_status.get(group["status"], 0) + group["count"]
        by_theme[group["theme"]] = by_theme.get(group["theme"], 0) + group["count"]
        due += group["due"] or 0
    # An agreement counts once in every layer in which it has a party, as the registry's
    # layer filter finds it; the layers therefore add up to more than the total.
    by_layer = dict(
        Party.objects.filter(agreement__in=visible.order_by().values("pk"))
        .order_by()
        .values_list("organisation__layer")
        .annotate(count=Count("agreement_id", distinct=True))
    )
    return {
        "status": by_status,
        "theme": by_theme,
        "layer": by_layer,
        "due": due,
        "counted_at": timezone.now(),
    }


def _cache_key(organisation_ids: list[Any], today: date) -> str:
    """One entry per set of organisations (all their members see the same agreements) and
    day (the statuses change with the date)."""
    names = ",".join(sorted(str(pk) for pk in organisation_ids))
    return f"overview-counts:{today.isoformat()}:{hashlib.sha256(names.encode()).hexdigest()}"


def counts_for(
    *,
    user: User,
    today: date,
    visible: QuerySet[Agreement] | None = None,
    organisation_ids: list[Any] | None = None,
) -> Counts:
    """The visible agreements (`visible`, if the caller has them) counted by status, layer and
    theme, with the number of items due by their own dates.

    Counting every visible agreement three ways costs half a second for a reader who sees
    80,000 of them, so the numbers are kept in the cache for `OVERVIEW_COUNTS_SECONDS` per set
    of organisations (`organisation_ids`, the user's, if the caller has them) and day; the
    page says when they were counted. Two queries when they are not in the cache, none when
    they are.
    """
    visible = visible_agreements(user) if visible is None else visible
    if organisation_ids is None:
        organisation_ids = list(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
    key = _cache_key(organisation_ids, today)
    # Nothing to count (and nothing to keep) for someone who sees no agreement.
    kept = is_active_user(user) and bool(organisation_ids)
    numbers: dict[str, Any] | None = cache.get(key) if kept else None
    if numbers is None:
        numbers = _count(visible, today)
        if kept:
            cache.set(key, numbers, settings.OVERVIEW_COUNTS_SECONDS)
    by_status, by_theme, by_layer = numbers["status"], numbers["theme"], numbers["layer"]
    total = sum(by_status.values())
    themes = [
        _tally(label, by_theme.get(value, 0), total, thema=value) for value, label in Theme.choices
    ]
    if by_theme.get(""):
        themes.append(_tally(_("Zonder thema"), by_theme[""], total))
    return Counts(
        total=total,
        by_status=[
            _tally(label, by_status.get(value, 0), total, status=value)
            for value, label in Status.choices
        ],
        by_layer=[
            _tally(label, by_layer.get(value, 0), total, laag=value)
            for value, label in Layer.choices
        ],
        by_theme=themes,
        due=numbers["due"],
        counted_at=numbers["counted_at"],
    )


def due_for(
    *,
    user: User,
    today: date,
    visible: QuerySet[Agreement] | None = None,
    counts: Counts | None = None,
) -> DuePage:
    """What comes due for the visible agreements (`visible`, if the caller has them) in the next
    90 days: the first few, read now, and a total, counted with the `counts`."""
    visible = visible_agreements(user) if visible is None else visible
    counts = counts_for(user=user, today=today, visible=visible) if counts is None else counts
    items, actions = first_due(
        visible,
        today=today,
        horizon=DUE_HORIZON,
        limit=DUE_LIMIT,
        few=counts.total <= FEW_AGREEMENTS,
    )
    return DuePage(items=items, total=counts.due + actions)


def _roles(party: Party) -> list[RoleLine]:
    """The party's roles per kind, with the names of the role options, as set in the builder."""
    lines = []
    formal = ", ".join(role.name for role in party.formal_roles.all())
    if formal:
        lines.append(RoleLine(RoleKind.FORMAL.label, formal))
    if party.ladder_role:
        lines.append(RoleLine(RoleKind.LADDER.label, party.ladder_role.name))
    if party.network_role:
        lines.append(RoleLine(RoleKind.NETWORK.label, party.network_role.name))
    return lines


# Up to this many agreements, an organisation's latest are found by sorting its own.
FEW_AGREEMENTS = 2000


def _first_parties(organisations: list[Organisation], totals: dict[Any, int]) -> QuerySet[Party]:
    """Per organisation its parties in its most recently changed agreements.

    Each organisation's first agreements are a subquery cut off at
    `AGREEMENTS_PER_ORGANISATION`: ranking all of an organisation's parties by their
    agreement's last change instead (a window function) read every one of its agreements,
    290 ms for an organisation party to 80,000 (docs/benchmarks.md). For a large organisation
    the subquery walks the "recently changed" index until it has met enough of its
    agreements. For one party to few (`totals`, at most `FEW_AGREEMENTS`) that walk can pass
    every newer agreement of the country first (6,085 of 100,000, 14-50 ms, for a gemeente
    party to 1,000 whose agreements are not the newest): its own agreements are sorted
    instead (2.5 ms; agreements/lib/ordering.py).
    """
    first = Q(pk__in=[])
    for organisation in organisations:
        changed: Any = F("updated_at")
        if totals.get(organisation.pk, 0) <= FEW_AGREEMENTS:
            changed = sorted_not_walked("updated_at")
        latest = (
            Agreement.objects.filter(parties__organisation=organisation)
            .order_by(changed.desc(), "pk")
            .values("pk")[:AGREEMENTS_PER_ORGANISATION]
        )
        first |= Q(organisation=organisation, agreement__in=latest)
    return (
        Party.objects.filter(first)
        .select_related("agreement", "ladder_role", "network_role")
        # The agreement's long texts are not shown; leave them in the table.
        .only(
            "organisation_id",
            "ladder_role__name",
            "network_role__name",
            "agreement__title",
            "agreement__updated_at",
            *(f"agreement__{name}" for name in STATUS_FIELDS),
        )
        .prefetch_related(
            "formal_roles",
            Prefetch(
                "agreement__parties",
                # By position alone: the model's ordering would join the agreements again.
                queryset=Party.objects.select_related("organisation")
                .only("agreement_id", "position", "organisation__name")
                .order_by("position"),
            ),
        )
        .order_by("-agreement__updated_at", "agreement_id")
    )


def _registry_query(organisation: Organisation) -> str:
    """The registry's query string for the agreements the organisation is party to."""
    # The registry matches a code exactly; a name would also match longer names.
    return urlencode({"organisatie": organisation.code or organisation.name})


def _memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def agreements_per_organisation(
    *, user: User, today: date, memberships: list[Membership] | None = None
) -> list[OrganisationAgreements]:
    """Per organisation of the user (`memberships`, if the caller has them): its most recently
    changed agreements, roles and total."""
    memberships = _memberships(user) if memberships is None else memberships
    if not memberships:
        return []
    organisations = [membership.organisation for membership in memberships]
    rows: dict[object, list[PartyRow]] = {organisation.pk: [] for organisation in organisations}
    # How many agreements each is party to, from the parties' index alone.
    totals = dict(
        Party.objects.filter(organisation__in=organisations)
        .order_by()
        .values_list("organisation_id")
        .annotate(count=Count("agreement_id"))
    )
    for party in _first_parties(organisations, totals):
        agreement = party.agreement
        rows[party.organisation_id].append(
            PartyRow(
                agreement=agreement,
                status=status_of(agreement, today),
                roles=_roles(party),
                partners=[
                    other.organisation.name
                    for other in agreement.parties.all()
                    if other.organisation_id != party.organisation_id
                ],
            )
        )
    return [
        OrganisationAgreements(
            organisation=membership.organisation,
            membership_role=Role(membership.role).label,
            rows=rows[membership.organisation_id],
            total=totals.get(membership.organisation_id, 0),
            query=_registry_query(membership.organisation),
        )
        for membership in memberships
    ]


def registry_overview(*, user: User, today: date) -> Overview:
    """Everything the overview page shows, in a fixed number of queries."""
    # The rule reads the user's organisations (one query); read them once for the whole page.
    visible = visible_agreements(user)
    memberships = _memberships(user)
    counts = counts_for(
        user=user,
        today=today,
        visible=visible,
        organisation_ids=[membership.organisation_id for membership in memberships],
    )
    return Overview(
        counts=counts,
        due=due_for(user=user, today=today, visible=visible, counts=counts),
        organisations=agreements_per_organisation(user=user, today=today, memberships=memberships),
        horizon_days=DUE_HORIZON.days,
    )
