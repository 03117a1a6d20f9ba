"""The registry's result rows, made ready for the template in Python.

A page of the registry shows up to 25 agreements; what each row shows (its link, status,
parties and next date) is worked out here once per row, so that the template only prints
strings. Rendering the same cells with `{% url %}`, a loop over the prefetched parties and the
`date` filter cost about 0.35 ms of CPU per row (bench/scale.py, docs/benchmarks.md): a full
page of hits then took twice as long as a page that found nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext

from agreements.document.vocabulary import format_date
from agreements.lib.precompiled import STAND_IN_UUID
from agreements.models import Agreement, Party
from agreements.registry.highlights import Highlight
from agreements.versions.status import STATUS_FIELDS, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The columns a row reads: the rest of the agreement (its long texts) stays in the table.
ROW_FIELDS = ("id", "title", "updated_at", "next_evaluation", *STATUS_FIELDS)


def party_names(agreement_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Per agreement its parties' names, in the parties' order, in one query."""
    names: dict[UUID, list[str]] = {}
    rows = (
        Party.objects.filter(agreement_id__in=list(agreement_ids))
        .order_by("agreement_id", "position", "organisation__name")
        .values_list("agreement_id", "organisation__name")
    )
    for agreement_id, name in rows:
        names.setdefault(agreement_id, []).append(name)
    return {agreement_id: ", ".join(parts) for agreement_id, parts in names.items()}


@dataclass(frozen=True)
class Row:
    """What one row of the registry shows."""

    pk: UUID
    url: str
    title: str
    status_label: "StrOrPromise"
    party_names: str
    next_date_label: str  # "" when the agreement has no next date
    next_date_kind: str  # evaluatie or einde
    highlight: Highlight | None  # where a search matched, if a field shows it


def registry_rows(agreements: list[Agreement], marks: dict[UUID, Highlight]) -> list[Row]:
    """The rows of a page of agreements (annotated by `with_status`), with the search's
    `marks` (`highlights`)."""
    names = party_names(agreement.pk for agreement in agreements)
    # One reverse() for the page: each row's link differs only by the agreement's key.
    pattern = reverse("agreement_detail", args=[STAND_IN_UUID])
    stand_in = str(STAND_IN_UUID)
    evaluation, end = gettext("evaluatie"), gettext("einde")
    rows = []
    for agreement in agreements:
        next_date: date | None = agreement.next_date  # type: ignore[attr-defined]
        rows.append(
            Row(
                pk=agreement.pk,
                url=pattern.replace(stand_in, str(agreement.pk)),
                title=agreement.title,
                status_label=Status(agreement.status).label,  # type: ignore[attr-defined]
                party_names=names.get(agreement.pk, ""),
                next_date_label=format_date(next_date) if next_date else "",
                next_date_kind=evaluation if agreement.next_evaluation else end,
                highlight=marks.get(agreement.pk),
            )
        )
    return rows
