"""Backup and restore of the whole registry as one JSON file.

`export_registry` writes every organisation, person, membership, agreement with its draft rows,
version, signature, decision, evaluation and audit event, with their primary keys, in an order
in which they can be read back. `import_registry` restores such a file into an empty database
in one transaction and checks that every version still hashes to its stored SHA-256.

Files (decision attachments, scans of paper signatures, stored PDFs) are not in the JSON: back
up the media storage alongside it (docs/operations.md). Their SHA-256 hashes are in the JSON,
so a restored file can be checked. Passwords are kept as Django's hashes. On PostgreSQL a
restore runs as the database's owner, as `migrate` does (accounts/database_roles.py).
"""

import json
import re
from collections.abc import Iterator
from datetime import datetime, time
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql as psycopg_sql

from accounts.database_roles import is_owner
from accounts.models import AuditEvent, Membership, Organisation, User
from agreements.document.build import document_hash
from agreements.models import Agreement, Version

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class BackupError(StrEnum):
    """Why an export cannot be restored."""

    NOT_JSON = "not_json"
    NOT_AN_EXPORT = "not_an_export"
    UNSUPPORTED_FORMAT = "unsupported_format"
    NOT_EMPTY = "database_not_empty"
    HASH_MISMATCH = "hash_mismatch"
    NOT_OWNER = "not_the_database_owner"


FORMAT = "spelregels-registry"
FORMAT_VERSION = 1

# Models of accounts and agreements left out on purpose, and why (the test that every model is
# exported reads this). The second factor's devices (django-otp) are not exported either: after
# a restore, whoever must use one sets it up again at their next login.
NOT_EXPORTED = {
    "accounts.UserSession": "who is logged in now, not the registry: a restore logs everyone out",
    "accounts.IdentityProvider": "holds client secrets: configured again after a restore",
}

# In dependency order (a row's foreign keys point to earlier models), except Agreement's
# current and signed version, which the database checks at the end of the transaction.
MODELS = [
    "auth.Group",
    "accounts.Organisation",
    "accounts.User",
    "accounts.Membership",
    "accounts.Invitation",
    # With the people: their notifications (which User.unread_notifications counts) and choices.
    "notifications.Notification",
    "notifications.NotificationPreference",
    "agreements.RoleOption",
    "agreements.AgreementTemplate",
    "agreements.Agreement",
    "agreements.Party",
    "agreements.SigningPlanEntry",
    "agreements.WorkPackage",
    "agreements.RaciCell",
    "agreements.Table",
    "agreements.Mandate",
    "agreements.EscalationStep",
    "agreements.ValueCommitment",
    "agreements.StepRevision",
    "agreements.StepPresence",
    "agreements.CommentThread",
    "agreements.Comment",
    "agreements.ReviewRequest",
    "agreements.Reviewer",
    "agreements.Version",
    "agreements.Decision",
    "agreements.DecisionAttachment",
    "agreements.Signature",
    "agreements.PublishedVersion",
    "agreements.Evaluation",
    "agreements.FollowUpAction",
    "agreements.ReminderSent",
    "agreements.ArchivedPdf",
    "accounts.AuditEvent",
]


class _ExactEncoder(DjangoJSONEncoder):
    """Times with their microseconds: Django's JSON encoder keeps only milliseconds, and a
    restored audit trail or version must carry exactly the times it had."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _objects() -> Iterator[Any]:
    for label in MODELS:
        model = apps.get_model(label)
        yield from model._default_manager.order_by("pk").iterator(chunk_size=500)


def export_registry(stream: "SupportsWrite[str]", *, at: datetime | None = None) -> dict[str, int]:
    """Write the registry to `stream`; returns the number of rows per model."""
    # Natural keys for permissions and content types: their ids differ between databases.
    rows = serializers.serialize("python", _objects(), use_natural_foreign_keys=True)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    json.dump(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": (at or timezone.now()).isoformat(),
            "counts": counts,
            "objects": rows,
        },
        stream,
        ensure_ascii=False,
        cls=_ExactEncoder,
    )
    return counts


def _is_empty() -> bool:
    return not (
        Organisation.objects.exists()
        or User.objects.exists()
        or Membership.objects.exists()
        or Agreement.objects.exists()
        or AuditEvent.objects.exists()
    )


@transaction.atomic
def import_registry(stream: IO[str]) -> dict[str, int]:
    """Restore an export into an empty database; returns the number of rows per model.

    Refuses a file that is not an export, a database that already holds data, and an export
    whose versions no longer match their hashes. Reference data that migrations create (the
    role options and templates) is replaced by the export's.
    """
    try:
        data = json.load(stream)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(
            _("Dit is geen JSON-bestand: %(error)s") % {"error": error}, code=BackupError.NOT_JSON
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            _("Dit bestand is geen export van het Spelregels-register."),
            code=BackupError.NOT_AN_EXPORT,
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            _("Deze export heeft formaatversie %(version)s; alleen versie 1 wordt ingelezen.")
            % {"version": data.get("format_version")},
            code=BackupError.UNSUPPORTED_FORMAT,
        )
    if not _is_empty():
        raise ValidationError(
            _("De database is niet leeg. Lees een export alleen in een lege database in."),
            code=BackupError.NOT_EMPTY,
        )
    if not is_owner(connection):
        # The application's role may not move the key sequences on (`_reset_sequences`).
        raise ValidationError(
            _(
                "Lees een export in als eigenaar van de database, zoals bij het migreren: "
                "met de gegevens van de eigenaar in DATABASE_URL (zie docs/deploy.md)."
            ),
            code=BackupError.NOT_OWNER,
        )
    apps.get_model("agreements.RoleOption").objects.all().delete()
    apps.get_model("agreements.AgreementTemplate").objects.all().delete()
    counts: dict[str, int] = {}
    if connection.vendor == "postgresql":
        # Rows may point to rows later in the file (a province, an agreement's current
        # version); PostgreSQL checks the foreign keys when the transaction commits.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    objects = _upgrade_follow_up_actions(data["objects"])
    with connection.constraint_checks_disabled():
        for item in serializers.deserialize("python", objects):
            # save_base with raw=True: no save() overrides (the append-only guards refuse
            # updates, and these are inserts of rows that existed before).
            item.save()
            label = item.object._meta.label_lower
            counts[label] = counts.get(label, 0) + 1
    connection.check_constraints()
    # The copy of the current version's adoption (what comes due reads it along an index):
    # an export made before the copy existed has none.
    Agreement.objects.filter(current_version__isnull=False).update(
        current_adopted_at=Subquery(
            Version.objects.filter(pk=OuterRef("current_version_id")).values("adopted_at")[:1]
        )
    )
    for version in Version.objects.all():
        if document_hash(version.document) != version.sha256:
            raise ValidationError(
                _("Versie %(number)d van ‘%(title)s’ klopt niet meer met haar vingerafdruk.")
                % {"number": version.number, "title": version.title},
                code=BackupError.HASH_MISMATCH,
            )
    _reset_sequences()
    return counts


def _upgrade_follow_up_actions(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Follow-up actions of an export made before they had a status: their free-text owner is
    kept as `owner_note`, and the owner becomes the party the text names, else the agreement's
    first party, else the recorder's organisation (as migration 0017 does in the database)."""
    old = [
        row
        for row in objects
        if row.get("model") == "agreements.followupaction" and "status" not in row["fields"]
    ]
    if not old:
        return objects
    by_model: dict[str, list[dict[str, Any]]] = {}
    for row in objects:
        by_model.setdefault(row.get("model", ""), []).append(row)
    names = {
        row["pk"]: (row["fields"].get("official_name", ""), row["fields"].get("name", ""))
        for row in by_model.get("accounts.organisation", [])
    }
    evaluations = {row["pk"]: row["fields"] for row in by_model.get("agreements.evaluation", [])}
    parties: dict[str, list[str]] = {}
    for row in sorted(
        by_model.get("agreements.party", []), key=lambda row: row["fields"].get("position", 0)
    ):
        parties.setdefault(row["fields"]["agreement"], []).append(row["fields"]["organisation"])
    for row in old:
        fields = row["fields"]
        text = str(fields.get("owner") or "")
        evaluation = evaluations.get(fields["evaluation"], {})
        candidates = parties.get(evaluation.get("agreement"), []) or [
            membership["fields"]["organisation"]
            for membership in by_model.get("accounts.membership", [])
            if membership["fields"].get("user") == evaluation.get("recorded_by")
        ]
        named = [
            key
            for key in candidates
            if any(
                name and re.search(rf"\b{re.escape(name.casefold())}\b", text.casefold())
                for name in names.get(key, ())
            )
        ]
        owner = next(iter(named or candidates), None)
        row["fields"] = {
            **fields,
            "owner": owner,
            "owner_note": text[:200],
            "person": None,
            "status": "open",
        }
    return objects


def _reset_sequences() -> None:
    """Integer keys (audit events, role options, …) continue after the imported ones.

    A sequence only ever moves forward: PostgreSQL does not roll back `setval`, so lowering
    one inside a transaction that is later rolled back (a failed import, a test) would leave
    it behind rows that still exist, and the next insert would collide with them.
    """
    models = [apps.get_model(label) for label in MODELS]
    if connection.vendor != "postgresql":
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        return
    with connection.cursor() as cursor:
        for model in models:
            table, column = model._meta.db_table, model._meta.pk.column
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            (sequence,) = cursor.fetchone()
            if sequence is None:  # a UUID or text key: nothing to continue
                continue
            cursor.execute(
                psycopg_sql.SQL(
                    "SELECT setval(%s, GREATEST(last_value, "
                    "(SELECT coalesce(max({column}), 0) FROM {table})), true) FROM {sequence}"
                ).format(
                    column=psycopg_sql.Identifier(column),
                    table=psycopg_sql.Identifier(table),
                    # pg_get_serial_sequence gives the name already quoted where needed.
                    sequence=psycopg_sql.SQL(sequence),
                ),
                [sequence],
            )
