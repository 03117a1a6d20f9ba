"""The status of an agreement, derived in one place from its versions and dates."""

from datetime import date

from django.db import models
from django.db.models import Case, CharField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import Version


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    ONDERTEKEND = "ondertekend", _("Ondertekend")
    IN_WERKING = "in_werking", _("In werking")
    VERLOPEN = "verlopen", _("Verlopen")
    BEEINDIGD = "beeindigd", _("Beëindigd")


def with_status(agreements: QuerySet, today: date) -> QuerySet:
    """Annotate `status`, `version_number`, `version_start` and `version_end` per agreement.

    Signing arrives with the print-and-sign work; until then an adopted version counts as
    vastgesteld until it expires or is terminated.
    """
    latest = Version.objects.filter(agreement=OuterRef("pk")).order_by("-number")
    return agreements.annotate(
        version_number=Subquery(latest.values("number")[:1]),
        version_start=Subquery(latest.values("start_date")[:1]),
        version_end=Subquery(latest.values("end_date")[:1]),
    ).annotate(
        status=Case(
            When(terminated_on__lte=today, then=Value(Status.BEEINDIGD)),
            When(version_number__isnull=True, then=Value(Status.CONCEPT)),
            When(version_end__lt=today, then=Value(Status.VERLOPEN)),
            default=Value(Status.VASTGESTELD),
            output_field=CharField(),
        ),
        next_date=Coalesce("next_evaluation", "version_end"),
    )
