"""Recording decisions (the besluitenlijst) under an agreement.

A decision links to the version in force on its date; attachments must be PDFs by content.
"""

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.audit import record_event
from accounts.models import AuditAction, User
from agreements.models import Agreement, Decision, DecisionAttachment
from agreements.permissions import acting_organisation, can_record, require
from agreements.versions.adoption import version_on


def audit_record(
    agreement: Agreement, acting_user: User, action: AuditAction, changes: dict[str, Any]
) -> None:
    """Audit what the user recorded under the agreement (a decision, an evaluation), in the trail
    of the party organisation they record for."""
    record_event(
        actor=acting_user,
        action=action,
        target=agreement,
        organisation=acting_organisation(acting_user, agreement),
        changes=changes,
    )


@transaction.atomic
def record_decision(
    *,
    agreement: Agreement,
    acting_user: User,
    decided_on: date,
    table_name: str,
    what: str,
    mandate_label: str = "",
    reference: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Decision:
    """Add a decision to the agreement's besluitenlijst, linked to the version then in force;
    opstellers, ondertekenaars and beheerders of a party record."""
    require(can_record(acting_user, agreement))
    decision = Decision.objects.create(
        agreement=agreement,
        version=version_on(agreement, decided_on),
        decided_on=decided_on,
        table_name=table_name,
        what=what,
        mandate_label=mandate_label,
        reference=reference,
        recorded_by=acting_user,
    )
    for upload in attachments:
        name, size = upload.name, upload.size
        assert name is not None and size is not None  # noqa: S101 -- Django's uploads have both
        upload.seek(0)
        digest = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        DecisionAttachment.objects.create(
            decision=decision, file=upload, name=name[:250], size=size, sha256=digest
        )
    audit_record(
        agreement,
        acting_user,
        AuditAction.DECISION_RECORDED,
        {
            "decided_on": [None, decided_on.isoformat()],
            "table": [None, table_name],
            "what": [None, what],
            "reference": [None, reference],
            "version": [None, decision.version.number if decision.version else None],
            "attachments": [None, [a.name for a in attachments]],
        },
    )
    return decision
