"""Signing (ondertekenen) an adopted version, party by party.

Each party's ondertekenaar signs the current version in the application, or an opsteller or
ondertekenaar of that party records a signature made on paper by uploading the scan. A
signature is append-only. When the last party has signed, the version becomes the agreement's
signed version: the one that is in force (in werking from its start date). Signing a version
that has been superseded by a newer adopted version is refused.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import record_event
from accounts.models import AuditAction, Organisation, Role, User
from agreements import permissions
from agreements.document.build import party_keys as document_party_keys
from agreements.models import Agreement, Decision, Signature, SignatureMethod, Version
from agreements.permissions import may_sign_for
from notifications.models import Kind
from notifications.sending import Message, notify

if TYPE_CHECKING:
    pass


class SigningError(StrEnum):
    """Why a signature cannot be recorded."""

    NOT_CURRENT = "not_current"
    NOT_A_PARTY = "not_a_party"
    NOT_ALLOWED = "not_allowed"
    FOREIGN_DECISION = "foreign_decision"
    CORRECTED_DECISION = "corrected_decision"
    ALREADY_SIGNED = "already_signed"


@dataclass(frozen=True)
class PartySignature:
    """One party of a version and its signature, if it has signed."""

    organisation_id: str
    name: str
    signature: Signature | None


def party_keys(version: Version) -> list[str]:
    """The keys (organisation ids) of the version's parties, in order."""
    return document_party_keys(version.document)


def party_signatures(
    document: dict, signatures: Iterable[Signature] = (), *, official_names: bool = False
) -> list[PartySignature]:
    """Per party of an agreement document (in its order), its signature among `signatures`."""
    by_party = {str(s.organisation_id): s for s in signatures}
    name = "official_name" if official_names else "name"
    return [
        PartySignature(party["key"], party["organisation"][name], by_party.get(party["key"]))
        for party in document["parties"]
    ]


def signature_overview(version: Version) -> list[PartySignature]:
    """Per party of the version: signed by whom and when, or not yet."""
    return party_signatures(version.document, version.signatures.all())


def signature_count(version_id: OuterRef) -> Coalesce:
    """How many parties have signed the version (an expression, for annotations)."""
    return Coalesce(
        Subquery(
            Signature.objects.filter(version_id=version_id)
            .order_by()
            .values("version_id")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


@dataclass(frozen=True)
class CurrentSignatures:
    number: int
    entries: list[PartySignature]


def current_signature_overview(agreement: Agreement) -> CurrentSignatures | None:
    """`signature_overview` of the agreement's current version, or None without one.

    Reads only the number and parties of the version, not its whole document.
    """
    if agreement.current_version_id is None:
        return None
    number, parties = (
        Version.objects.filter(pk=agreement.current_version_id)
        .values_list("number", "document__parties")
        .get()
    )
    signatures = Signature.objects.filter(version_id=agreement.current_version_id)
    return CurrentSignatures(number, party_signatures({"parties": parties}, signatures))


def is_fully_signed(version: Version, until: datetime | None = None) -> bool:
    """Has every party signed (by `until`, when given)?"""
    signatures = version.signatures.all()
    signed = {str(s.organisation_id) for s in signatures if until is None or s.recorded_at <= until}
    return set(party_keys(version)) <= signed


def _file_sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def sign_version(
    *,
    version: Version,
    organisation: Organisation,
    acting_user: User,
    signatory_name: str,
    signatory_function: str,
    basis: str,
    place: str,
    decision: Decision | None = None,
    scan: UploadedFile | None = None,
    signed_on: date | None = None,
    at: datetime | None = None,
) -> Signature:
    """Record the organisation's signature under the version.

    Without `scan` the acting user signs in the application and must be the party's
    ondertekenaar; with `scan` the signature was made on paper on `signed_on`, and an
    ondertekenaar or opsteller of the party records it. `at` only for the demo and imports
    (which notify nobody); the last live signature notifies the parties (`notify_all_signed`).
    """
    explicit_at, at = at, at or timezone.now()
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    if agreement.current_version_id != version.pk:
        raise ValidationError(
            _("Versie %(number)d is niet meer de actuele versie en kan niet worden ondertekend.")
            % {"number": version.number},
            code=SigningError.NOT_CURRENT,
        )
    if str(organisation.pk) not in party_keys(version):
        raise ValidationError(
            _("%(name)s is geen partij bij deze versie.") % {"name": organisation.name},
            code=SigningError.NOT_A_PARTY,
        )
    if not may_sign_for(acting_user, organisation, paper=scan is not None):
        raise ValidationError(
            _("Je mag niet ondertekenen namens %(name)s.") % {"name": organisation.name},
            code=SigningError.NOT_ALLOWED,
        )
    if decision is not None and decision.agreement_id != agreement.pk:
        raise ValidationError(
            _("Dat besluit hoort niet bij deze afspraak."), code=SigningError.FOREIGN_DECISION
        )
    if decision is not None and Decision.objects.filter(corrects=decision).exists():
        # A signature keeps the decision it was signed on; a new one takes the correction.
        raise ValidationError(
            _("Dat besluit is gecorrigeerd. Kies de correctie uit de besluitenlijst."),
            code=SigningError.CORRECTED_DECISION,
        )
    if version.signatures.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(name)s heeft deze versie al ondertekend.") % {"name": organisation.name},
            code=SigningError.ALREADY_SIGNED,
        )
    signature = Signature(
        version=version,
        organisation=organisation,
        method=SignatureMethod.PAPER if scan is not None else SignatureMethod.DIGITAL,
        signed_by=acting_user,
        signatory_name=signatory_name.strip(),
        signatory_function=signatory_function.strip(),
        basis=basis.strip(),
        decision=decision,
        place=place.strip(),
        signed_on=signed_on if scan is not None and signed_on else timezone.localdate(at),
        recorded_at=at,
    )
    if scan is not None:
        signature.scan_sha256 = _file_sha256(scan)
        signature.scan.save(
            f"{version.pk}-{organisation.code or organisation.pk}.pdf", scan, save=False
        )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s heeft deze versie al ondertekend.") % {"name": organisation.name},
            code=SigningError.ALREADY_SIGNED,
        ) from None
    complete = is_fully_signed(version)
    if complete:
        agreement.signed_version = version
        agreement.in_force_start, agreement.in_force_end = version.start_date, version.end_date
        agreement.save(
            update_fields=["signed_version", "in_force_start", "in_force_end", "updated_at"]
        )
    record_event(
        actor=acting_user,
        action=AuditAction.VERSION_SIGNED,
        target=agreement,
        organisation=organisation,
        changes={
            "version": [None, version.number],
            "signatory": [None, signature.signatory_name],
            "method": [None, signature.method],
            "basis": [None, signature.basis],
            "fully_signed": [False, complete],
        },
        at=at,
    )
    if complete and explicit_at is None:  # a live signature, not the demo's or an import's
        notify_all_signed(version=version, actor=acting_user)
    return signature


# Who is told that every party has signed: those who drafted and signed it, for every party.
ALL_SIGNED_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR)


def signature_request_key(*, agreement_id: object, number: int) -> str:
    """The notification key of "version `number` awaits your signature"; the same key as the
    signature reminder of `reminders.py`, so an adoption and a reminder never both notify."""
    return f"signature:{agreement_id}:{number}"


def _notify_parties(
    *,
    version: Version,
    kind: str,
    roles: Iterable[str],
    message: str,
    key: str,
    actor: User | None,
) -> int:
    """Notify the members in `roles` of every party of the version, linking to the version;
    `message`, the title, names the version by its number and title."""
    return notify(
        kind=kind,
        recipients=User.objects.filter(
            memberships__organisation_id__in=party_keys(version), memberships__role__in=roles
        ).distinct(),
        title=Message(message, {"number": version.number, "title": version.title}),
        url=reverse("version_detail", args=[version.agreement_id, version.number]),
        key=key,
        actor=actor,
    )


def notify_awaiting_signature(*, version: Version, actor: User | None) -> int:
    """Tell the ondertekenaars of every party of a just-adopted version that it awaits them."""
    return _notify_parties(
        version=version,
        kind=Kind.AWAITING_SIGNATURE,
        roles=permissions.SIGNER_ROLES,
        message=gettext_noop("Versie %(number)d van “%(title)s” wacht op je handtekening"),
        key=signature_request_key(agreement_id=version.agreement_id, number=version.number),
        actor=actor,
    )


def notify_all_signed(*, version: Version, actor: User | None) -> int:
    """Tell the opstellers and ondertekenaars of every party that every party has signed."""
    return _notify_parties(
        version=version,
        kind=Kind.ALL_SIGNED,
        roles=ALL_SIGNED_ROLES,
        message=gettext_noop("Alle partijen hebben versie %(number)d van “%(title)s” ondertekend"),
        key=f"all_signed:{version.pk}",
        actor=actor,
    )
