"""Importing a canonical agreement document as a new draft.

A covenant drafted elsewhere, or a version exported from another installation, is continued
here: `import_agreement` checks the document against the JSON Schema of its schema version
(1 or 2, `document.schema`: the structure, and the vocabulary's limits and codes) and writes it
through the one writer (`document.write`) as the rows of a new draft, so that `build_document`
of that draft is the imported document again, apart from the party keys of organisations that
have another id here. Row ids are kept; a version 1 document's rows get new ones.

- Parties are matched to organisations that exist here, never created: by their key (the
  organisation's id) when this installation knows it, otherwise by official code (CBS or TOOI)
  when the document gives one, otherwise by exact official name. References to parties inside
  the document (RACI, tables, mandates, council control) follow them to the matched
  organisation.
- Role codes must exist here as role options of their kind (also ones no longer in use).
- The organisation on whose behalf the user imports, where they are opsteller, must be a party.
- Everything is checked before anything is written, and all of it in one transaction: an invalid
  file creates nothing. Errors are Dutch, say where in the document they are, with the
  vocabulary's names ("partijen[2].organisatie: …", positions counted from 1), and are capped at
  MAX_ERRORS.
- An exported version (`{"number": …, "sha256": …, "document": {…}}`) is accepted as well as
  the bare document; only that wrapper is unwrapped, nothing else is lenient.

The document is the canonical one, so lists keep their order and a table's members, formal
roles and council control come back as `build_document` writes them (in party order, sorted,
only for parties with an entry); a document in that canonical form comes back unchanged.

The checks and their Dutch messages are in `import_checks`.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import AuditAction, Membership, Organisation, Role, User
from accounts.text import cleaned
from agreements.document.build import (
    document_hash,
)
from agreements.document.write import Resolved, write_draft
from agreements.drafting.import_checks import (
    ImportProblem,
    Plan,
    find_organisations,
    schema_errors,
)
from agreements.lib.errors import many
from agreements.models import Agreement

IMPORTED = AuditAction.AGREEMENT_IMPORTED


MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _reject_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def parse_json(raw: bytes) -> Any:
    """The JSON value of an uploaded or read file, or a ValidationError saying what is wrong."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Het bestand is %(size)s MB; het mag hoogstens %(limit)s MB zijn.")
            % {
                "size": round(len(raw) / 1024 / 1024, 1),
                "limit": MAX_IMPORT_BYTES // 1024 // 1024,
            },
            code=ImportProblem.TOO_LARGE,
        )
    if not raw.strip():
        raise ValidationError(_("Het bestand is leeg."), code=ImportProblem.EMPTY)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Het bestand is geen JSON: het is geen tekst in UTF-8-codering."),
            code=ImportProblem.NOT_UTF8,
        ) from None
    try:
        return cleaned(json.loads(text, parse_constant=_reject_constant))
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("Het bestand is geen geldige JSON: fout in regel %(line)d, kolom %(column)d.")
            % {"line": error.lineno, "column": error.colno},
            code=ImportProblem.NOT_JSON,
        ) from None
    except (ValueError, RecursionError):
        # NaN, Infinity, integers of thousands of digits, nesting deeper than Python's stack.
        raise ValidationError(
            _("Het bestand is geen geldige JSON."), code=ImportProblem.NOT_JSON
        ) from None


def unwrap(data: Any) -> Any:
    """The document itself, also from an exported version ({"number": …, "document": {…}}).

    A version as the API returns it carries the document's `schema_version` beside it too; a
    document never has a `document` key, so that key decides.
    """
    if isinstance(data, dict) and isinstance(data.get("document"), dict) and "task" not in data:
        return data["document"]
    return data


def party_organisations(data: Any) -> list[Organisation]:
    """The organisations here that a (perhaps invalid) document's parties match; never raises."""
    document = unwrap(data)
    if schema_errors(document):
        return []
    return [
        match for match in find_organisations(document["parties"]) if not isinstance(match, str)
    ]


@transaction.atomic
def import_agreement(*, document: Any, organisation: Organisation, acting_user: User) -> Agreement:
    """Create a new draft from a canonical document (any JSON value, as read: it is checked
    here), on behalf of `organisation`.

    Raises ValidationError with Dutch messages (each saying where) and creates nothing when the
    document is not valid, refers to organisations or roles this installation does not know, or
    does not have `organisation` as a party.
    """
    if not Membership.objects.filter(
        user=acting_user, organisation=organisation, role=Role.OPSTELLER
    ).exists():
        raise ValidationError(
            _("Je bent geen opsteller van %(name)s.") % {"name": organisation.official_name},
            code=ImportProblem.NOT_AN_EDITOR,
        )
    document = unwrap(document)
    errors = schema_errors(document)
    if errors:
        raise many(errors, ImportProblem.INVALID)
    plan = Plan(document, organisation)
    errors = plan.check()
    if errors:
        raise many(errors, ImportProblem.INVALID)
    agreement = _write(plan, acting_user)
    record_event(
        actor=acting_user,
        action=IMPORTED,
        target=agreement,
        organisation=organisation,
        changes={
            "title": [None, agreement.title],
            "source_sha256": [None, document_hash(document)],
        },
    )
    return agreement


def _write(plan: Plan, acting_user: User) -> Agreement:
    """The draft's rows, in the document's order, through the one writer."""
    agreement = Agreement.objects.create(
        created_by=acting_user, title=plan.document["task"]["title"]
    )
    write_draft(
        agreement, plan.document, Resolved(organisations=plan.organisations, roles=plan.roles)
    )
    return agreement
