"""Importing a canonical agreement document as a new draft.

A covenant drafted elsewhere, or a version exported from another installation, is continued
here: `import_agreement` checks the document against docs/agreement.schema.json (schema version
1) and writes it as the rows of a new draft, so that `build_document` of that draft is the
imported document again, apart from identifiers.

- Parties are matched to organisations that exist here, never created: by their key (the
  organisation's id) when this installation knows it, otherwise by official code (CBS or TOOI)
  when the document gives one, otherwise by exact official name. References to parties inside
  the document (RACI, tables, mandates, council control) follow them to the matched
  organisation.
- Role codes must exist here as role options of their kind (also ones no longer in use).
- The organisation on whose behalf the user imports, where they are opsteller, must be a party.
- Everything is checked before anything is written, and all of it in one transaction: an invalid
  file creates nothing. Errors are Dutch, say where in the document they are
  ("partijen[2].organisatie: …", positions counted from 1) and are capped at MAX_ERRORS.
- An exported version (`{"number": …, "sha256": …, "document": {…}}`) is accepted as well as
  the bare document; only that wrapper is unwrapped, nothing else is lenient.

The document is the canonical one, so lists keep their order and a table's members, formal
roles and council control come back as `build_document` writes them (in party order, sorted,
only for parties with an entry); a document in that canonical form comes back unchanged.
"""

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import jsonschema
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import Membership, Organisation, Role, User
from agreements.models import (
    Agreement,
    EscalationStep,
    Mandate,
    Party,
    RaciCell,
    RoleKind,
    RoleOption,
    Table,
    ValueCommitment,
    WorkPackage,
)
from agreements.versions.adoption import document_hash

IMPORTED = "agreement.imported"

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ERRORS = 10
MAX_ROWS = 100  # as the builder's forms (forms.ROWS_MAX): no agreement has more in one step
MAX_DEPTH = 12  # the canonical document nests six levels deep
SMALL_INTEGER_MAX = 32767  # PositiveSmallIntegerField
AMOUNT_LIMIT = Decimal(10) ** 12  # Mandate.max_amount: 14 digits, 2 after the point

# The document's keys as the error messages name them.
LABELS = {
    "schema_version": "schemaversie",
    "task": "opgave",
    "title": "titel",
    "theme": "thema",
    "why": "waarom",
    "intended_result": "beoogd_resultaat",
    "governance_style": "sturingsstijl",
    "rule_set": "regelset",
    "enforceability": "afdwingbaarheid",
    "parties": "partijen",
    "key": "sleutel",
    "organisation": "organisatie",
    "name": "naam",
    "official_name": "officiële_naam",
    "layer": "bestuurslaag",
    "partner_kind": "soort_partner",
    "code": "code",
    "political_representative": "bestuurlijk_vertegenwoordiger",
    "civil_contact": "ambtelijk_contactpersoon",
    "formal_roles": "formele_rollen",
    "ladder_role": "ladderrol",
    "network_role": "netwerkrol",
    "contributes": "inbreng",
    "capacity": "capaciteit",
    "money": "geld",
    "knowledge": "kennis",
    "ownership": "eigenaarschap",
    "work_packages": "werkpakketten",
    "description": "omschrijving",
    "raci": "raci",
    "governance": "bestuur",
    "tables": "tafels",
    "level": "niveau",
    "members": "leden",
    "chair": "voorzitter",
    "independent_chair": "onafhankelijk_voorzitter",
    "cadence": "frequentie",
    "decides": "beslist",
    "mandates": "mandaten",
    "party": "partij",
    "function": "functie",
    "subject": "onderwerp",
    "max_amount": "maximumbedrag",
    "limits": "grenzen",
    "basis": "grondslag",
    "basis_date": "datum_besluit",
    "basis_reference": "kenmerk_besluit",
    "council_control": "sturing_volksvertegenwoordiging",
    "control": "sturing",
    "note": "toelichting",
    "escalation": "escalatie",
    "trigger": "aanleiding",
    "handler": "behandelaar",
    "deadline_days": "termijn_werkdagen",
    "outcome": "uitkomst",
    "deadlock_resolution": "bij_impasse",
    "values": "waarden",
    "core_values": "kernwaarden",
    "relationship": "relatie",
    "informal_contact": "informeel_contact",
    "term": "looptijd",
    "start_date": "ingangsdatum",
    "end_date": "einddatum",
    "indefinite": "onbepaalde_tijd",
    "extension": "verlenging",
    "termination": "opzegging",
    "notice_period_months": "opzegtermijn_maanden",
    "accession": "toetreding",
    "amendment": "wijziging",
    "evaluation_cadence": "evaluatiemoment",
    "evaluation_by": "evaluatie_door",
    "next_evaluation": "volgende_evaluatie",
    "financial": "financieel",
    "publication": "openbaarheid",
    "non_publication_ground": "grond_niet_openbaar",
}
# Objects whose keys are party keys, not field names.
KEYED_BY_PARTY = {"raci", "council_control"}
TYPE_NAMES = {
    "string": "tekst",
    "object": "een object",
    "array": "een lijst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "null": "null",
}
ROLE_KIND_NAMES = {
    RoleKind.FORMAL: "formele rol",
    RoleKind.LADDER: "rol op de participatieladder",
    RoleKind.NETWORK: "netwerkrol",
}
TASK_FIELDS = (
    "title",
    "task",
    "theme",
    "why",
    "intended_result",
    "governance_style",
    "rule_set",
    "enforceability",
)
TERM_DATES = ("start_date", "end_date", "next_evaluation")
TERM_FIELDS = (
    "indefinite",
    "extension",
    "termination",
    "accession",
    "amendment",
    "evaluation_cadence",
    "evaluation_by",
    "financial",
    "publication",
    "non_publication_ground",
)

Path = tuple[str | int, ...]

# Document keys of texts with a maximum length -> the model fields that hold them.
TERM_LENGTHS = {"evaluation_cadence": "evaluation_cadence", "evaluation_by": "evaluation_by"}
PARTY_LENGTHS = {
    "political_representative": "political_representative",
    "civil_contact": "civil_contact",
}
CONTRIBUTES = {
    "capacity": "contributes_capacity",
    "money": "contributes_money",
    "knowledge": "contributes_knowledge",
}
COUNCIL_NOTE = {"note": "council_control_note"}
WORK_PACKAGE_LENGTHS = {"name": "name", "description": "description"}
TABLE_LENGTHS = {"name": "name", "independent_chair": "independent_chair", "cadence": "cadence"}
MANDATE_LENGTHS = {
    "function": "function",
    "subject": "subject",
    "limits": "limits",
    "basis_reference": "basis_reference",
}
ESCALATION_LENGTHS = {"trigger": "trigger", "handler": "handler", "outcome": "outcome"}


@cache
def agreement_schema() -> dict[str, Any]:
    """The published JSON Schema of the canonical document."""
    schema_file = settings.BASE_DIR / "docs" / "agreement.schema.json"
    return json.loads(schema_file.read_text(encoding="utf-8"))


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
            }
        )
    if not raw.strip():
        raise ValidationError(_("Het bestand is leeg."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Het bestand is geen JSON: het is geen tekst in UTF-8-codering.")
        ) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("Het bestand is geen geldige JSON: fout in regel %(line)d, kolom %(column)d.")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    except (ValueError, RecursionError):
        # NaN, Infinity, integers of thousands of digits, nesting deeper than Python's stack.
        raise ValidationError(_("Het bestand is geen geldige JSON.")) from None


def unwrap(data: Any) -> Any:
    """The document itself, also from an exported version ({"number": …, "document": {…}}).

    A version as the API returns it carries the document's `schema_version` beside it too; a
    document never has a `document` key, so that key decides.
    """
    if isinstance(data, dict) and isinstance(data.get("document"), dict) and "task" not in data:
        return data["document"]
    return data


# --- Messages ----------------------------------------------------------------------------------


def _printable(text: str, limit: int = 60) -> str:
    """Short, and without control characters or anything that cannot be encoded."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _show(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: short, printable, never an unencodable character."""
    if isinstance(value, str):
        return f"‘{_printable(value, limit)}’"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    return _("een lijst") if isinstance(value, list) else _("een object")


def where(path: Iterable[str | int]) -> str:
    """A place in the document, in Dutch: `partijen[2].organisatie` (positions from 1)."""
    text = ""
    previous: str | int | None = None
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif previous in KEYED_BY_PARTY:
            text += f"[{_show(part, 40)}]"
        else:
            label = LABELS.get(part) or _show(part, 40)
            text += f".{label}" if text else label
        previous = part
    return text or _("document")


def _message(path: Iterable[str | int], text: str) -> str:
    return f"{where(path)}: {text}"


def _schema_messages(error: jsonschema.ValidationError) -> list[str]:
    """Dutch messages for one schema error (one per missing or unknown field)."""
    path = tuple(error.absolute_path)
    expected, instance = error.validator_value, error.instance
    validator = error.validator
    if validator == "required":
        return [
            _message((*path, name), _("ontbreekt")) for name in expected if name not in instance
        ]
    if validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        return [
            _message(path, _("onbekend veld %(name)s") % {"name": _show(name, 40)})
            for name in instance
            if name not in allowed
        ]
    if validator == "type":
        expected = [expected] if isinstance(expected, str) else expected
        names = [TYPE_NAMES.get(name, name) for name in expected if name != "null"]
        if not names:
            names = [TYPE_NAMES["null"]]
        text = _("moet %(types)s zijn, niet %(value)s") % {
            "types": _(" of ").join(names),
            "value": _show(instance),
        }
    elif validator == "enum":
        text = _("%(value)s is geen toegestane waarde; kies uit: %(choices)s") % {
            "value": _show(instance),
            "choices": ", ".join(_show(choice) if choice else _("leeg") for choice in expected),
        }
    elif validator == "const":
        text = _("%(value)s wordt niet ondersteund; alleen %(expected)s") % {
            "value": _show(instance),
            "expected": _show(expected),
        }
    elif validator == "minLength":
        text = _("mag niet leeg zijn")
    elif validator == "maxLength":
        text = _("is langer dan %(limit)d tekens") % {"limit": expected}
    elif validator == "minimum":
        text = _("moet minstens %(minimum)s zijn") % {"minimum": expected}
    elif validator == "pattern" and path and path[-1] == "max_amount":
        text = _("%(value)s is geen bedrag; schrijf euro’s met twee decimalen, zoals ‘1250.00’") % {
            "value": _show(instance)
        }
    elif validator == "format" and expected == "date":
        text = _("%(value)s is geen datum; schrijf JJJJ-MM-DD") % {"value": _show(instance)}
    elif validator == "format" and expected == "uuid":
        text = _("%(value)s is geen geldige sleutel (een UUID)") % {"value": _show(instance)}
    else:
        text = _("ongeldige waarde %(value)s") % {"value": _show(instance)}
    return [_message(path, text)]


def _capped(messages: Iterable[str]) -> list[str]:
    """The first MAX_ERRORS distinct messages, and a last one if there are more."""
    first: list[str] = []
    for message in messages:
        if message in first:
            continue
        if len(first) == MAX_ERRORS:
            first.append(_("En meer; verbeter eerst deze fouten."))
            break
        first.append(message)
    return first


# --- Checking the document ---------------------------------------------------------------------


def _depth(value: Any) -> int:
    """How deep a JSON value nests, without recursion (a hostile file may nest thousands deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


ROW_LISTS: tuple[Path, ...] = (
    ("parties",),
    ("ownership", "work_packages"),
    ("governance", "tables"),
    ("governance", "mandates"),
    ("escalation",),
)


def _get(document: Any, path: Path) -> Any:
    for part in path:
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def schema_errors(document: Any) -> list[str]:
    """What makes `document` not a canonical document of schema version 1 (Dutch, capped)."""
    if not isinstance(document, dict) or not set(document) & set(agreement_schema()["required"]):
        return [
            _(
                "Het bestand bevat geen afsprakendocument: verwacht een JSON-object met "
                "schema_version, task, parties, ownership, governance, escalation, values en term."
            )
        ]
    if _depth(document) > MAX_DEPTH:
        return [_("Het bestand is dieper genest dan een afsprakendocument ooit is.")]
    too_long = [
        _message(path, _("meer dan %(limit)d rijen") % {"limit": MAX_ROWS})
        for path in ROW_LISTS
        if isinstance(rows := _get(document, path), list) and len(rows) > MAX_ROWS
    ]
    if too_long:
        return too_long
    validator = jsonschema.Draft202012Validator(
        agreement_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return _capped(
        message for error in validator.iter_errors(document) for message in _schema_messages(error)
    )


def _strings(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every string of a schema-valid document (keys too), with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _text_errors(document: dict[str, Any]) -> Iterator[str]:
    """Characters no database stores: NUL, and halves of UTF-16 surrogate pairs."""
    for path, text in _strings(document, ()):
        if "\x00" in text:
            yield _message(path, _("bevat een NUL-teken, dat niet is toegestaan"))
        else:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                yield _message(path, _("bevat tekens die geen geldige Unicode zijn"))


def _max_length(model: type[models.Model], field: str) -> int | None:
    return model._meta.get_field(field).max_length


def _length_errors(
    row: dict[str, Any], path: Path, model: type[models.Model], fields: dict[str, str]
) -> Iterator[str]:
    """Texts of one row longer than their column: `fields` maps document keys to model fields."""
    for key, field in fields.items():
        limit = _max_length(model, field)
        if limit is not None and len(row[key]) > limit:
            yield _message((*path, key), _("is langer dan %(limit)d tekens") % {"limit": limit})


def _small_integer_error(path: Path, value: Any) -> Iterator[str]:
    if value is not None and value > SMALL_INTEGER_MAX:
        yield _message(path, _("is te groot (hoogstens %(max)d)") % {"max": SMALL_INTEGER_MAX})


class _Plan:
    """A checked document with what it refers to here: organisations and role options."""

    def __init__(self, document: dict[str, Any], organisation: Organisation):
        self.document = document
        self.organisation = organisation
        self.errors: list[str] = []
        self.organisations: dict[str, Organisation] = {}  # document party key -> here
        self.roles = {(role.kind, role.code): role for role in RoleOption.objects.all()}

    def check(self) -> list[str]:
        document = self.document
        self.errors.extend(_text_errors(document))
        if self.errors:  # such texts cannot even be looked up in the database
            return _capped(self.errors)
        self._check_parties(document["parties"])
        self._check_references(document)
        self._check_lengths(document)
        self._check_numbers_and_dates(document)
        if not document["task"]["title"].strip():
            self.errors.append(_message(("task", "title"), _("mag niet leeg zijn")))
        return _capped(self.errors)

    def _check_parties(self, parties: list[dict[str, Any]]) -> None:
        if not parties:
            self.errors.append(_message(("parties",), _("het document noemt geen partijen")))
        found = _find_organisations(parties)
        seen_keys: dict[str, int] = {}
        seen_organisations: dict[Any, int] = {}
        for index, (party, match) in enumerate(zip(parties, found, strict=True)):
            path: Path = ("parties", index)
            if party["key"] in seen_keys:
                self.errors.append(
                    _message(
                        (*path, "key"),
                        _("komt ook voor bij %(other)s")
                        % {"other": where(("parties", seen_keys[party["key"]]))},
                    )
                )
                continue
            seen_keys[party["key"]] = index
            if isinstance(match, str):
                self.errors.append(_message((*path, "organisation"), match))
            elif match.pk in seen_organisations:
                self.errors.append(
                    _message(
                        (*path, "organisation"),
                        _("%(name)s is ook al %(other)s")
                        % {
                            "name": _show(match.official_name),
                            "other": where(("parties", seen_organisations[match.pk])),
                        },
                    )
                )
            else:
                seen_organisations[match.pk] = index
                self.organisations[party["key"]] = match
            self._check_roles(party, path)
        if parties and self.organisation.pk not in seen_organisations:
            self.errors.append(
                _message(
                    ("parties",),
                    _(
                        "%(name)s, namens wie u importeert, is geen partij in dit document; "
                        "importeer namens een organisatie die partij is"
                    )
                    % {"name": _show(self.organisation.official_name)},
                )
            )

    def _check_roles(self, party: dict[str, Any], path: Path) -> None:
        wanted = [
            ((*path, "formal_roles", index), RoleKind.FORMAL, code)
            for index, code in enumerate(party["formal_roles"])
        ]
        for key, kind in (("ladder_role", RoleKind.LADDER), ("network_role", RoleKind.NETWORK)):
            if party[key]:
                wanted.append(((*path, key), kind, party[key]))
        for role_path, kind, code in wanted:
            if (kind, code) not in self.roles:
                self.errors.append(
                    _message(
                        role_path,
                        _("onbekende %(kind)s %(code)s")
                        % {"kind": ROLE_KIND_NAMES[kind], "code": _show(code)},
                    )
                )

    def _check_references(self, document: dict[str, Any]) -> None:
        keys = {party["key"] for party in document["parties"]}

        def check(path: Path, key: Any) -> None:
            if key not in keys:
                self.errors.append(
                    _message(
                        path,
                        _("%(key)s is geen partij in dit document") % {"key": _show(key)},
                    )
                )

        for index, package in enumerate(document["ownership"]["work_packages"]):
            for key in package["raci"]:
                check(("ownership", "work_packages", index, "raci"), key)
        for index, table in enumerate(document["governance"]["tables"]):
            for member, key in enumerate(table["members"]):
                check(("governance", "tables", index, "members", member), key)
            if table["chair"]:
                check(("governance", "tables", index, "chair"), table["chair"])
        for index, mandate in enumerate(document["governance"]["mandates"]):
            check(("governance", "mandates", index, "party"), mandate["party"])
        for key in document["governance"]["council_control"]:
            check(("governance", "council_control"), key)

    def _check_lengths(self, document: dict[str, Any]) -> None:
        """Texts longer than their column (PostgreSQL refuses them; SQLite would not)."""
        governance = document["governance"]
        rows: list[tuple[Path, dict[str, Any], type[models.Model], dict[str, str]]] = [
            (("term",), document["term"], Agreement, TERM_LENGTHS)
        ]
        for index, party in enumerate(document["parties"]):
            rows.append((("parties", index), party, Party, PARTY_LENGTHS))
            rows.append(
                (("parties", index, "contributes"), party["contributes"], Party, CONTRIBUTES)
            )
        for key, control in governance["council_control"].items():
            rows.append((("governance", "council_control", key), control, Party, COUNCIL_NOTE))
        lists = [
            (("ownership", "work_packages"), WorkPackage, WORK_PACKAGE_LENGTHS),
            (("governance", "tables"), Table, TABLE_LENGTHS),
            (("governance", "mandates"), Mandate, MANDATE_LENGTHS),
            (("escalation",), EscalationStep, ESCALATION_LENGTHS),
        ]
        for path, model, fields in lists:
            for index, row in enumerate(_get(document, path)):
                rows.append(((*path, index), row, model, fields))
        for path, row, model, fields in rows:
            self.errors.extend(_length_errors(row, path, model, fields))

    def _check_numbers_and_dates(self, document: dict[str, Any]) -> None:
        term = document["term"]
        self.errors.extend(
            _small_integer_error(("term", "notice_period_months"), term["notice_period_months"])
        )
        for index, step in enumerate(document["escalation"]):
            self.errors.extend(
                _small_integer_error(("escalation", index, "deadline_days"), step["deadline_days"])
            )
        for index, mandate in enumerate(document["governance"]["mandates"]):
            amount = mandate["max_amount"]
            if amount is not None and Decimal(amount) >= AMOUNT_LIMIT:
                self.errors.append(
                    _message(
                        ("governance", "mandates", index, "max_amount"),
                        _("is te groot (hoogstens 999999999999.99)"),
                    )
                )
        start, end = _date(term["start_date"]), _date(term["end_date"])
        if start and end and end < start:
            self.errors.append(_message(("term", "end_date"), _("ligt vóór de ingangsdatum")))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _find_organisations(parties: list[dict[str, Any]]) -> list[Organisation | str]:
    """Per party the organisation here, or why there is none (in three queries)."""
    by_id = Organisation.objects.in_bulk([uuid.UUID(party["key"]) for party in parties])
    codes = {party["organisation"]["code"] for party in parties} - {""}
    by_code = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    names = {party["organisation"]["official_name"] for party in parties} - {""}
    by_name: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(official_name__in=names):
        by_name.setdefault(organisation.official_name, []).append(organisation)
    found: list[Organisation | str] = []
    for party in parties:
        described = party["organisation"]
        name = described["official_name"] or described["name"]
        if (match := by_id.get(uuid.UUID(party["key"]))) is not None:
            found.append(match)
        elif described["code"]:
            found.append(
                by_code.get(described["code"])
                or _("onbekende organisatie %(name)s (code %(code)s)")
                % {"name": _show(name), "code": _printable(described["code"], 30)}
            )
        elif len(same_name := by_name.get(described["official_name"], [])) == 1:
            found.append(same_name[0])
        elif same_name:
            found.append(
                _("%(name)s is niet eenduidig: er zijn hier %(count)d organisaties met die naam")
                % {"name": _show(name), "count": len(same_name)}
            )
        else:
            found.append(_("onbekende organisatie %(name)s") % {"name": _show(name)})
    return found


def party_organisations(data: Any) -> list[Organisation]:
    """The organisations here that a (perhaps invalid) document's parties match; never raises."""
    document = unwrap(data)
    if schema_errors(document):
        return []
    return [
        match for match in _find_organisations(document["parties"]) if not isinstance(match, str)
    ]


# --- Writing the draft -------------------------------------------------------------------------


@transaction.atomic
def import_agreement(
    *, document: dict[str, Any], organisation: Organisation, acting_user: User
) -> Agreement:
    """Create a new draft from a canonical document, on behalf of `organisation`.

    Raises ValidationError with Dutch messages (each saying where) and creates nothing when the
    document is not valid, refers to organisations or roles this installation does not know, or
    does not have `organisation` as a party.
    """
    if not Membership.objects.filter(
        user=acting_user, organisation=organisation, role=Role.OPSTELLER
    ).exists():
        raise ValidationError(
            _("U bent geen opsteller van %(name)s.") % {"name": organisation.official_name}
        )
    document = unwrap(document)
    errors = schema_errors(document)
    if errors:
        raise ValidationError(errors)
    plan = _Plan(document, organisation)
    errors = plan.check()
    if errors:
        raise ValidationError(errors)
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


def _write(plan: _Plan, acting_user: User) -> Agreement:
    """The draft's rows, in the document's order; party keys become this draft's parties."""
    document = plan.document
    task, term, values = document["task"], document["term"], document["values"]
    governance = document["governance"]
    agreement = Agreement.objects.create(
        created_by=acting_user,
        **{name: task[name] for name in TASK_FIELDS},
        relationship=values["relationship"],
        informal_contact=values["informal_contact"],
        **{name: _date(term[name]) for name in TERM_DATES},
        **{name: term[name] for name in TERM_FIELDS},
        notice_period_months=_whole(term["notice_period_months"]),
    )
    parties: dict[str, Party] = {}
    for position, entry in enumerate(document["parties"]):
        control = governance["council_control"].get(entry["key"], {})
        party = Party.objects.create(
            agreement=agreement,
            organisation=plan.organisations[entry["key"]],
            position=position,
            political_representative=entry["political_representative"],
            civil_contact=entry["civil_contact"],
            ladder_role=plan.roles.get((RoleKind.LADDER, entry["ladder_role"])),
            network_role=plan.roles.get((RoleKind.NETWORK, entry["network_role"])),
            contributes_capacity=entry["contributes"]["capacity"],
            contributes_money=entry["contributes"]["money"],
            contributes_knowledge=entry["contributes"]["knowledge"],
            council_control=control.get("control", ""),
            council_control_note=control.get("note", ""),
        )
        party.formal_roles.set(
            [plan.roles[(RoleKind.FORMAL, code)] for code in set(entry["formal_roles"])]
        )
        parties[entry["key"]] = party
    for position, package in enumerate(document["ownership"]["work_packages"], start=1):
        work_package = WorkPackage.objects.create(
            agreement=agreement,
            position=position,
            name=package["name"],
            description=package["description"],
        )
        RaciCell.objects.bulk_create(
            RaciCell(work_package=work_package, party=parties[key], letter=letter)
            for key, letter in package["raci"].items()
        )
    for position, entry in enumerate(governance["tables"], start=1):
        table = Table.objects.create(
            agreement=agreement,
            position=position,
            name=entry["name"],
            level=entry["level"],
            chair=parties[entry["chair"]] if entry["chair"] else None,
            independent_chair=entry["independent_chair"],
            cadence=entry["cadence"],
            decides=entry["decides"],
        )
        table.members.set({parties[key] for key in entry["members"]})
    Mandate.objects.bulk_create(
        Mandate(
            agreement=agreement,
            position=position,
            party=parties[entry["party"]],
            function=entry["function"],
            subject=entry["subject"],
            max_amount=Decimal(entry["max_amount"]) if entry["max_amount"] is not None else None,
            limits=entry["limits"],
            basis=entry["basis"],
            basis_date=_date(entry["basis_date"]),
            basis_reference=entry["basis_reference"],
        )
        for position, entry in enumerate(governance["mandates"], start=1)
    )
    EscalationStep.objects.bulk_create(
        EscalationStep(
            agreement=agreement,
            position=position,
            trigger=step["trigger"],
            handler=step["handler"],
            deadline_days=_whole(step["deadline_days"]),
            outcome=step["outcome"],
            deadlock_resolution=step["deadlock_resolution"],
        )
        for position, step in enumerate(document["escalation"], start=1)
    )
    ValueCommitment.objects.bulk_create(
        ValueCommitment(agreement=agreement, value=value, how=how)
        for value, how in values["core_values"].items()
    )
    return agreement


def _whole(value: int | float | None) -> int | None:
    """JSON Schema counts 3.0 as an integer; the column wants 3."""
    return int(value) if value is not None else None
