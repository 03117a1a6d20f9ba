"""Adopting (vaststellen) and amending (wijzigen) agreements as immutable versions.

A version freezes the canonical document as JSON with its SHA-256, and the draft's signing plan
(`signing_plan.py`); nothing rebuilds an old version from live rows. Amending reopens the draft,
whose rows still hold the latest version; the previous version stays in force until the next one
is adopted and signed by every party (`signing.py`).
"""

from datetime import date, datetime, time
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import record_event
from accounts.models import AuditAction, User
from agreements.document.build import (
    SCHEMA_VERSION,
    build_document,
    content,
    document_hash,
    load_agreement,
    party_keys,
)
from agreements.document.completeness import check_document
from agreements.models import Agreement, Version
from agreements.models.signing import frozen_plan
from agreements.permissions import acting_organisation, can_edit, require
from agreements.versions import events
from agreements.versions.signing import is_fully_signed, notify_awaiting_signature


class AdoptionError(StrEnum):
    """Why a draft cannot be adopted or amended."""

    NO_DRAFT = "no_open_draft"
    INCOMPLETE = "incomplete"
    NOTE_REQUIRED = "note_required"
    UNCHANGED = "unchanged"
    DRAFT_OPEN = "draft_already_open"


def latest_version(agreement: Agreement) -> Version | None:
    return agreement.versions.order_by("-number").first()


@transaction.atomic
def adopt_version(
    *, agreement: Agreement, acting_user: User, note: str, at: datetime | None = None
) -> Version:
    """Adopt the complete draft as the next version (`at` only for imports and the demo).

    A live adoption (no `at`) notifies each party's ondertekenaars that it awaits them.
    """
    require(can_edit(acting_user, agreement))
    explicit_at, at = at, at or timezone.now()
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not locked.draft_open:
        raise ValidationError(
            _("Er is geen open concept om vast te stellen."), code=AdoptionError.NO_DRAFT
        )
    document = build_document(load_agreement(locked.pk))
    missing = sum(1 for finding in check_document(document) if finding.is_required)
    if missing:
        raise ValidationError(
            ngettext(
                "Er ontbreekt nog %(count)d verplicht onderdeel; zie de controle.",
                "Er ontbreken nog %(count)d verplichte onderdelen; zie de controle.",
                missing,
            )
            % {"count": missing},
            code=AdoptionError.INCOMPLETE,
        )
    previous = latest_version(locked)
    note = note.strip()
    sha256 = document_hash(document)
    if previous is not None:
        if not note:
            raise ValidationError(
                _("Vanaf versie 2 is een toelichting op de wijziging verplicht."),
                code=AdoptionError.NOTE_REQUIRED,
            )
        if previous.sha256 == sha256 or content(previous.document) == content(document):
            raise ValidationError(
                _("Er is niets gewijzigd sinds versie %(number)d.") % {"number": previous.number},
                code=AdoptionError.UNCHANGED,
            )
    term = document["term"]
    plan = frozen_plan(
        {str(e.organisation_id): e.requirement for e in locked.signing_plan.all()},
        party_keys(document),
    )
    version = Version.objects.create(
        agreement=locked,
        number=previous.number + 1 if previous else 1,
        document=document,
        schema_version=SCHEMA_VERSION,
        sha256=sha256,
        adopted_by=acting_user,
        adopted_by_label=f"{acting_user.full_name} <{acting_user.email}>",
        adopted_at=at,
        note=note,
        title=document["task"]["title"],
        theme=document["task"]["theme"],
        start_date=parse_date(term["start_date"]) if term["start_date"] else None,
        end_date=parse_date(term["end_date"]) if term["end_date"] else None,
        signing_plan=plan,
    )
    locked.draft_open = False
    locked.current_version = version
    locked.current_adopted_at = version.adopted_at
    if locked.signed_version_id is None:  # nothing signed yet: the adopted text counts
        locked.in_force_start, locked.in_force_end = version.start_date, version.end_date
    locked.save(
        update_fields=[
            "draft_open",
            "current_version",
            "current_adopted_at",
            "in_force_start",
            "in_force_end",
            "updated_at",
        ]
    )
    record_event(
        actor=acting_user,
        action=AuditAction.VERSION_ADOPTED,
        target=locked,
        organisation=acting_organisation(acting_user, locked),
        changes={"version": [None, version.number], "sha256": [None, sha256], "note": [None, note]},
        at=at,
    )
    if explicit_at is None:
        notify_awaiting_signature(version=version, actor=acting_user)
        events.version_adopted.send(sender=Version, version=version)
    return version


@transaction.atomic
def open_amendment(
    *, agreement: Agreement, acting_user: User, at: datetime | None = None
) -> Agreement:
    """Start a new draft from the latest version; that version stays in force meanwhile."""
    require(can_edit(acting_user, agreement))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.draft_open:
        raise ValidationError(_("Er is al een open concept."), code=AdoptionError.DRAFT_OPEN)
    previous = latest_version(locked)
    locked.draft_open = True
    locked.save(update_fields=["draft_open", "updated_at"])
    record_event(
        actor=acting_user,
        action=AuditAction.DRAFT_STARTED,
        target=locked,
        organisation=acting_organisation(acting_user, locked),
        changes={"based_on": [None, previous.number if previous else None]},
        at=at,
    )
    return locked


def version_on(agreement: Agreement, day: date) -> Version | None:
    """What the parties had agreed by the end of `day`.

    That is the latest version every party had signed by then. Before any version was fully
    signed, it is the latest adopted one (adopted, awaiting signatures): the text that had been
    agreed so far.
    """
    end_of_day = timezone.make_aware(datetime.combine(day, time.max))
    adopted = list(
        agreement.versions.filter(adopted_at__lte=end_of_day)
        .prefetch_related("signatures")
        .order_by("-number")
    )
    for version in adopted:
        if is_fully_signed(version, until=end_of_day):
            return version
    return adopted[0] if adopted else None
