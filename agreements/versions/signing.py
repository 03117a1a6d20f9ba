"""Signing (ondertekenen) an adopted version, party by party.

Each party's ondertekenaar signs the current version in the application, or an opsteller or
ondertekenaar of that party records a signature made on paper by uploading the scan. A
signature is append-only. When the last party has signed, the version becomes the agreement's
signed version: the one that is in force (in werking from its start date). Signing a version
that has been superseded by a newer adopted version is refused.

The version's signing plan (models/signing.py, frozen at adoption) may put the parties in
rounds and ask a party for several signatures (its quorum: "2 van 3 vertegenwoordigers"). A
party has signed once its quorum is met; a party of a later round signs only after every party
of the rounds before it has; each of a party's signatures is by another person. Without a plan
every party signs at once, once. Only the parties whose turn it is are told and reminded.
"""

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

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
from agreements.versions import events
from agreements.versions.overview import (
    PartySignature,
    SigningOverview,
    Tier,
    names,
    party_signatures,
)
from notifications.models import Kind
from notifications.sending import Message, notify

__all__ = ["PartySignature", "SigningOverview", "Tier", "party_signatures"]  # from overview.py


class SigningError(StrEnum):
    """Why a signature cannot be recorded."""

    NOT_CURRENT = "not_current"
    NOT_A_PARTY = "not_a_party"
    NOT_ALLOWED = "not_allowed"
    FOREIGN_DECISION = "foreign_decision"
    CORRECTED_DECISION = "corrected_decision"
    ALREADY_SIGNED = "already_signed"
    NOT_YOUR_TURN = "not_your_turn"
    SAME_SIGNATORY = "same_signatory"


def party_keys(version: Version) -> list[str]:
    """The keys (organisation ids) of the version's parties, in order."""
    return document_party_keys(version.document)


def signature_overview(version: Version) -> SigningOverview:
    """Per party of the version: signed by whom and when, or not yet; and whose turn it is."""
    return party_signatures(
        version.document, version.signatures.all(), plan=version.signing_plan, number=version.number
    )


def signature_count(version_id: OuterRef) -> Coalesce:
    """How many signatures the version has (an expression, for annotations)."""
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


# The overview of the agreement page; `number` is always set.
CurrentSignatures = SigningOverview


def current_signature_overview(agreement: Agreement) -> SigningOverview | None:
    """`signature_overview` of the agreement's current version, or None without one.

    Reads only the number, parties and signing plan of the version, not its whole document.
    """
    if agreement.current_version_id is None:
        return None
    number, parties, plan = (
        Version.objects.filter(pk=agreement.current_version_id)
        .values_list("number", "document__parties", "signing_plan")
        .get()
    )
    signatures = Signature.objects.filter(version_id=agreement.current_version_id)
    return party_signatures({"parties": parties}, signatures, plan=plan, number=number)


def is_fully_signed(version: Version, until: datetime | None = None) -> bool:
    """Has every party signed, as many times as its quorum asks (by `until`, when given)?"""
    signatures = [s for s in version.signatures.all() if until is None or s.recorded_at <= until]
    return party_signatures(version.document, signatures, plan=version.signing_plan).complete


def _check_another_representative(
    party: PartySignature,
    organisation: Organisation,
    acting_user: User,
    signatory_name: str,
    scan: UploadedFile | None,
) -> None:
    """A party whose quorum asks for several signatures gets each from another person."""
    person = signatory_name.strip()
    for signature in party.signatures:
        same_user = scan is None and signature.method == SignatureMethod.DIGITAL
        if (same_user and signature.signed_by_id == acting_user.pk) or (
            signature.signatory_name.casefold() == person.casefold()
        ):
            raise ValidationError(
                _(
                    "%(person)s heeft deze versie al namens %(name)s ondertekend; de volgende "
                    "handtekening zet een andere vertegenwoordiger."
                )
                % {"person": signature.signatory_name, "name": organisation.name},
                code=SigningError.SAME_SIGNATORY,
            )


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
    overview = party_signatures(
        version.document,
        Signature.objects.filter(version=version),  # fresh: not a prefetched list
        plan=version.signing_plan,
    )
    party = overview.entry(str(organisation.pk))
    if party.complete:
        raise ValidationError(
            _("%(name)s heeft deze versie al ondertekend.") % {"name": organisation.name},
            code=SigningError.ALREADY_SIGNED,
        )
    current = overview.current_tier
    if current is not None and party.tier > current.number:
        raise ValidationError(
            _(
                "%(name)s is nog niet aan de beurt: eerst ondertekent ronde %(tier)d "
                "(%(waiting)s). Daarna kan %(name)s tekenen, in ronde %(own)d."
            )
            % {
                "name": organisation.name,
                "tier": current.number,
                "waiting": names(entry.name for entry in overview.awaiting),
                "own": party.tier,
            },
            code=SigningError.NOT_YOUR_TURN,
        )
    _check_another_representative(party, organisation, acting_user, signatory_name, scan)
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
    except IntegrityError:  # the same signatory, in a race with the check above
        raise ValidationError(
            _("%(person)s heeft deze versie al namens %(name)s ondertekend.")
            % {"person": signatory_name.strip(), "name": organisation.name},
            code=SigningError.SAME_SIGNATORY,
        ) from None
    party_complete = len(party.signatures) + 1 >= party.requirement.required
    # The party's round (the current one: the rounds before it are complete) ends with it.
    round_complete = party_complete and all(
        entry.complete for entry in overview.entries if entry.tier == party.tier and entry != party
    )
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
            "party_complete": [False, party_complete],
            "fully_signed": [False, complete],
        },
        at=at,
    )
    if explicit_at is None:  # a live signature, not the demo's or an import's
        if complete:
            notify_all_signed(version=version, actor=acting_user)
            # Sealed now, at the moment the last party signed (printing/archive.py).
            events.version_fully_signed.send(sender=Version, version=version)
        elif round_complete:  # the next round's turn
            notify_awaiting_signature(version=version, actor=acting_user)
    return signature


# Who is told that every party has signed: those who drafted and signed it, for every party.
ALL_SIGNED_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR)


def signature_request_key(*, agreement_id: object, number: int, tier: int = 1) -> str:
    """The notification key of "version `number` awaits your signature" (in round `tier`); the
    same key as the signature reminder of `reminders.py`, so an adoption (or the end of the
    round before) and a reminder never both notify."""
    base = f"signature:{agreement_id}:{number}"
    return base if tier == 1 else f"{base}:{tier}"


def _notify_parties(
    *,
    version: Version,
    kind: str,
    roles: Iterable[str],
    message: str,
    key: str,
    actor: User | None,
    parties: Iterable[str] | None = None,
) -> int:
    """Notify the members in `roles` of every party of the version (or of `parties`), linking
    to the version; `message`, the title, names the version by its number and title."""
    keys = party_keys(version) if parties is None else list(parties)
    return notify(
        kind=kind,
        recipients=User.objects.filter(
            memberships__organisation_id__in=keys, memberships__role__in=roles
        ).distinct(),
        title=Message(message, {"number": version.number, "title": version.title}),
        url=reverse("version_detail", args=[version.agreement_id, version.number]),
        key=key,
        actor=actor,
    )


def notify_awaiting_signature(*, version: Version, actor: User | None) -> int:
    """Tell the ondertekenaars of the parties whose turn it is that the version awaits them:
    after adoption those of the first round, and when a round completes those of the next."""
    overview = signature_overview(version)
    tier = overview.current_tier
    if tier is None:
        return 0
    return _notify_parties(
        version=version,
        kind=Kind.AWAITING_SIGNATURE,
        roles=permissions.SIGNER_ROLES,
        message=gettext_noop("Versie %(number)d van “%(title)s” wacht op je handtekening"),
        key=signature_request_key(
            agreement_id=version.agreement_id, number=version.number, tier=tier.number
        ),
        actor=actor,
        parties=[entry.organisation_id for entry in overview.awaiting],
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
