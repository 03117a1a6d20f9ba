"""The audit trail: every write records who did what, for which organisation, and what changed.

Domain functions call `record_event` inside their transaction, so an event exists exactly when
its change does.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import AuditAction, AuditEvent, Organisation, User


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as JSON-safe values for a later `changes_between`."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if (
            isinstance(value, models.Model)
            or value is not None
            and not isinstance(value, str | int | float | bool | list | dict)
        ):
            value = str(value)
        values[name] = value
    return values


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-level before/after for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record_event(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the audit trail (`at` only for imports and the demo history)."""
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=f"{actor.full_name} <{actor.email}>" if actor is not None and actor.pk else "",
        organisation=organisation,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:250] if target is not None else "",
        changes=changes or {},
    )


CSV_HEADER = [
    "tijdstip",
    "door",
    "organisatie",
    "handeling",
    "soort object",
    "object-id",
    "object",
    "wijzigingen",
]


def _cell(value: str) -> str:
    """A spreadsheet must not read a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    """The header and one row per event, oldest first as given, every cell plain text."""
    yield CSV_HEADER
    for event in events:
        yield [
            _cell(value)
            for value in (
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                event.actor_label,
                event.organisation.name if event.organisation else "",
                event.action,
                event.object_type,
                event.object_id,
                event.object_label,
                json.dumps(event.changes, ensure_ascii=False, sort_keys=True, default=str),
            )
        ]


class _Echo:
    """A file-like object whose write() returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[list[str]], filename: str) -> StreamingHttpResponse:
    """Stream rows as a UTF-8 CSV download (with a BOM, so spreadsheets read the accents)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
