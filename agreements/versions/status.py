"""The status of an agreement, derived in one place from its versions and dates."""

from datetime import date

from django.db import models
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    ONDERTEKEND = "ondertekend", _("Ondertekend")
    IN_WERKING = "in_werking", _("In werking")
    VERLOPEN = "verlopen", _("Verlopen")
    BEEINDIGD = "beeindigd", _("Beëindigd")


def _conditions(today: date) -> list[tuple[Status, Q]]:
    """Each status with its condition; the first that holds is the agreement's status."""
    return [
        (Status.BEEINDIGD, Q(terminated_on__lte=today)),
        (Status.CONCEPT, Q(current_version__isnull=True)),
        (Status.VERLOPEN, Q(in_force_end__lt=today)),
        (Status.VASTGESTELD, Q(signed_version__isnull=True)),
        (Status.IN_WERKING, Q(in_force_start__isnull=True) | Q(in_force_start__lte=today)),
        (Status.ONDERTEKEND, Q()),
    ]


def status_filter(status: str, today: date) -> Q:
    """The agreements whose status is `status`, as a condition on their own columns."""
    before = Q()
    for candidate, condition in _conditions(today):
        if candidate == status:
            return before & condition
        before &= ~condition
    return Q(pk__in=[])


def with_status(agreements: QuerySet, today: date) -> QuerySet:
    """Annotate `status`, `version_start`, `version_end` and `next_date`.

    The dates are those of the version in force: the last one every party signed, or, while
    none is signed, the last one adopted. A signed version is ondertekend until its start
    date and in werking from then; an adopted version nobody has finished signing yet is
    vastgesteld. Both become verlopen after their end date; a terminated agreement is
    beëindigd. Everything is read from the agreement's own row (versioning and signing keep
    `current_version`, `signed_version` and the in-force dates up to date).
    """
    conditions = _conditions(today)
    return agreements.annotate(
        version_start=F("in_force_start"),
        version_end=F("in_force_end"),
        status=Case(
            *(When(condition, then=Value(status)) for status, condition in conditions[:-1]),
            default=Value(conditions[-1][0]),
            output_field=CharField(),
        ),
        next_date=Coalesce("next_evaluation", "in_force_end"),
    )


# The fields `status_of` reads, for callers that load only what they need.
STATUS_FIELDS = (
    "terminated_on",
    "current_version_id",
    "in_force_end",
    "signed_version_id",
    "in_force_start",
)


def status_of(agreement, today: date) -> Status:
    """The status of one agreement in memory: the rule of `_conditions`, without a query.

    For pages about one agreement, where annotating the query would cost more than the
    comparison; `tests/agreements/versions/test_status.py` holds both to the same answers.
    """
    if agreement.terminated_on is not None and agreement.terminated_on <= today:
        return Status.BEEINDIGD
    if agreement.current_version_id is None:
        return Status.CONCEPT
    if agreement.in_force_end is not None and agreement.in_force_end < today:
        return Status.VERLOPEN
    if agreement.signed_version_id is None:
        return Status.VASTGESTELD
    if agreement.in_force_start is None or agreement.in_force_start <= today:
        return Status.IN_WERKING
    return Status.ONDERTEKEND
