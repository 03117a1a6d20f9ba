"""Publication under the Woo: making an adopted version readable by anyone.

The parties agree in the draft whether their agreement is public (term `publication`). For a
version that says so, an opsteller of one of its parties publishes it; from then on the public
register (`/openbaar/`, no login) shows it. Drafts never appear there, nor versions whose
parties agreed otherwise. Publication is append-only and cannot be withdrawn in the
application: what has been public stays on record.

The public page leaves out what the Woo keeps private: the civil servants named as contacts
(persoonsgegevens, Woo article 5.1(2)(e)) and the e-mail addresses of the people who adopted
or signed. The sealed PDF holds those contacts too, so it is not offered publicly; the
register offers the publieksversie instead, a PDF of `public_document` (`pdf.render_public_pdf`).
"""

import copy
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import AuditAction, Organisation, User
from agreements.models import PublishedVersion, Version
from agreements.permissions import agreed_public, organisations_user_may_publish_for
from agreements.versions import events


class PublicationError(StrEnum):
    """Why a version cannot be published."""

    PRIVATE = "private"
    NOT_ALLOWED = "not_allowed"
    PUBLISHED = "published"


@transaction.atomic
def publish_version(
    *,
    version: Version,
    organisation: Organisation,
    acting_user: User,
    at: datetime | None = None,
) -> PublishedVersion:
    """Publish the version in the public register on behalf of `organisation`.

    `at` only for the demo's history and imports; otherwise now.
    """
    if not agreed_public(version):
        raise ValidationError(
            _("De partijen hebben afgesproken dat deze versie niet openbaar is."),
            code=PublicationError.PRIVATE,
        )
    if (
        not organisations_user_may_publish_for(acting_user, version)
        .filter(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError(
            _("Alleen een opsteller van een partij kan deze versie openbaar maken."),
            code=PublicationError.NOT_ALLOWED,
        )
    try:
        with transaction.atomic():
            published = PublishedVersion.objects.create(
                version=version,
                agreement_id=version.agreement_id,
                organisation=organisation,
                published_by=acting_user,
                published_by_label=acting_user.full_name,
                published_at=at or timezone.now(),
            )
    except IntegrityError:
        # Someone else published it a moment ago.
        raise ValidationError(
            _("Deze versie is al openbaar gemaakt."), code=PublicationError.PUBLISHED
        ) from None
    record_event(
        actor=acting_user,
        action=AuditAction.VERSION_PUBLISHED,
        target=version.agreement,
        organisation=organisation,
        changes={"version": [None, version.number], "public": [False, True]},
        at=published.published_at,
    )
    if at is None:  # a live publication, not the demo's history or an import
        events.version_published.send(sender=Version, version=version)
    return published


def public_register(text: str = "") -> QuerySet[PublishedVersion]:
    """The latest published version of every agreement, newest first; `text` in its title."""
    newer = PublishedVersion.objects.filter(
        agreement_id=OuterRef("agreement_id"), published_at__gt=OuterRef("published_at")
    )
    published = PublishedVersion.objects.filter(~Exists(newer)).select_related(
        "version", "organisation"
    )
    if text := text.replace("\x00", "").strip():
        published = published.filter(version__title__icontains=text)
    return published.order_by("-published_at", "pk")


def publications_of(agreement_id) -> QuerySet[PublishedVersion]:
    """Every published version of one agreement, by version number."""
    return (
        PublishedVersion.objects.filter(agreement_id=agreement_id)
        .select_related("version", "organisation")
        .order_by("version__number")
    )


def public_document(version: Version) -> dict[str, Any]:
    """The version's document without the personal data the Woo keeps private."""
    document = copy.deepcopy(version.document)
    for party in document.get("parties", []):
        party["civil_contact"] = ""
    return document
