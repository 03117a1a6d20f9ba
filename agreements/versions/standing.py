"""Where an agreement stood on a given day: the answer to "what had we agreed on date X?".

`adoption.version_on` says which text counts on a day; this says what that text was then:
nothing adopted yet; adopted but not signed by every party (and by how many); signed by all but
not yet in force; in force; expired; or the agreement ended. A newer version that had been
adopted but not yet signed by all is named too, so nobody mistakes it for the text in force.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from django.utils import timezone

from agreements.models import Agreement, Version
from agreements.versions.adoption import version_on
from agreements.versions.signing import party_signatures


class Standing(StrEnum):
    NOTHING_ADOPTED = "nothing_adopted"
    AWAITING_SIGNATURES = "awaiting_signatures"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"


@dataclass(frozen=True)
class Signed:
    """How many of a version's parties had signed it by the end of a day."""

    version: Version
    signed: int
    parties: int


@dataclass(frozen=True)
class StandingOn:
    day: date
    standing: Standing
    version: Version | None  # the text that counts on the day (None: nothing adopted)
    signed: Signed | None  # for a version awaiting signatures: how far
    newer: Signed | None  # a later version, adopted by then but not signed by all
    terminated_on: date | None


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _signed(version: Version, day: date) -> Signed:
    """How many parties had signed by then: as often as their quorum in the signing plan asks."""
    until = _end_of(day)
    signatures = [s for s in version.signatures.all() if s.recorded_at <= until]
    overview = party_signatures(version.document, signatures, plan=version.signing_plan)
    return Signed(version, sum(entry.complete for entry in overview), len(overview))


def standing_on(agreement: Agreement, day: date) -> StandingOn:
    """Where `agreement` stood at the end of `day`."""
    version = version_on(agreement, day)
    newest = (
        agreement.versions.filter(adopted_at__lte=_end_of(day))
        .prefetch_related("signatures")
        .order_by("-number")
        .first()
    )
    newer = None
    if version is not None and newest is not None and newest.number > version.number:
        newer = _signed(newest, day)
    ended = agreement.terminated_on
    if ended is not None and ended <= day:
        return StandingOn(day, Standing.TERMINATED, version, None, newer, ended)
    if version is None:
        return StandingOn(day, Standing.NOTHING_ADOPTED, None, None, None, None)
    signed = _signed(version, day)
    if signed.signed < signed.parties:
        return StandingOn(day, Standing.AWAITING_SIGNATURES, version, signed, None, None)
    if version.start_date is not None and day < version.start_date:
        return StandingOn(day, Standing.NOT_YET_IN_FORCE, version, None, newer, None)
    if version.end_date is not None and day > version.end_date:
        return StandingOn(day, Standing.EXPIRED, version, None, newer, None)
    return StandingOn(day, Standing.IN_FORCE, version, None, newer, None)
