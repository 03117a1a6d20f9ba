"""Checking a canonical document before it is imported, with Dutch messages that say where.

First the structure (`schema_errors`: the JSON Schema of the document's version, whose limits
are the vocabulary's), then what the document refers to in this installation (`Plan`:
organisations, role options, references between parties and rows, amounts and dates the
database refuses). Places are named with the vocabulary's Dutch names, positions from 1:
`partijen[2].organisatie`. At most MAX_ERRORS messages, and a last one if there are more.
"""

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import jsonschema
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.document.build import (
    ROW_LISTS,
    SCHEMA_VERSION,
    SCHEMA_VERSIONS,
    upgrade,
)
from agreements.document.schema import agreement_schema
from agreements.document.write import Resolved, all_roles
from agreements.models import RoleKind


class ImportProblem(StrEnum):
    """Why a document cannot be imported."""

    TOO_LARGE = "too_large"
    EMPTY = "empty"
    NOT_UTF8 = "not_utf8"
    NOT_JSON = "not_json"
    UNKNOWN_ORGANISATION = "unknown_organisation"
    NOT_AN_EDITOR = "not_an_editor"
    INVALID = "invalid_document"


MAX_ERRORS = 10


MAX_ROWS = 100  # as the builder's forms (forms.ROWS_MAX): no agreement has more in one step


MAX_DEPTH = 12  # the canonical document nests six levels deep


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


Path = tuple[str | int, ...]


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


def _name(walked: list[str], part: str) -> str:
    """How the messages name `part` below the vocabulary path `walked`."""
    path = ".".join([*walked, part])
    if (field := vocabulary.FIELD_BY_PATH.get(path)) is not None and field.name:
        return field.name
    if (container := vocabulary.CONTAINER_BY_PATH.get(path)) is not None:
        return container.name
    return _show(part, 40)


def where(path: Iterable[str | int]) -> str:
    """A place in the document, in Dutch: `partijen[2].organisatie` (positions from 1)."""
    text = ""
    walked: list[str] = []
    keyed_entry = False  # the part before was a party key or a code: field names follow
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif vocabulary.KEYED.get(".".join(walked)) and not keyed_entry:
            text += f"[{_show(part, 40)}]"  # a party key or a code
            keyed_entry = True
        else:
            name = _name(walked, part)
            text += f".{name}" if text else name
            walked.append(part)
            keyed_entry = False
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
    elif validator == "const" and path == ("schema_version",):
        text = _("%(value)s wordt niet ondersteund; alleen %(expected)s") % {
            "value": _show(instance),
            "expected": _(" of ").join(str(version) for version in SCHEMA_VERSIONS),
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
    elif validator == "maximum":
        text = _("mag hoogstens %(maximum)s zijn") % {"maximum": expected}
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


# Lists that may hold at most MAX_ROWS rows.
COUNTED_LISTS: tuple[Path, ...] = (
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
    """What makes `document` not a canonical document of a known schema version (Dutch, capped).

    A version 1 document is checked against its own schema, then, brought to the current shape,
    against the current one: the limits of the vocabulary hold for it too.
    """
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
        for path in COUNTED_LISTS
        if isinstance(rows := _get(document, path), list) and len(rows) > MAX_ROWS
    ]
    if too_long:
        return too_long
    version = document.get("schema_version")
    errors = _validate(document, 1 if version == 1 else SCHEMA_VERSION)
    if version == 1 and not errors:
        errors = _validate(upgrade(document), SCHEMA_VERSION)
    return _capped(errors)


def _validate(document: Any, version: int) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        agreement_schema(version), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [
        message for error in validator.iter_errors(document) for message in _schema_messages(error)
    ]


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


class Plan:
    """A checked document with what it refers to here: organisations and role options."""

    def __init__(self, document: dict[str, Any], organisation: Organisation):
        self.document = document
        self.organisation = organisation
        self.errors: list[str] = []
        self.organisations: dict[str, Organisation] = {}  # document party key -> here
        self.roles = all_roles()

    def check(self) -> list[str]:
        document = self.document
        self.errors.extend(_text_errors(document))
        if self.errors:  # such texts cannot even be looked up in the database
            return _capped(self.errors)
        self._check_parties(document["parties"])
        self._check_references(document)
        self._check_row_ids(document)
        self._check_numbers_and_dates(document)
        if not document["task"]["title"].strip():
            self.errors.append(_message(("task", "title"), _("mag niet leeg zijn")))
        return _capped(self.errors)

    def _check_parties(self, parties: list[dict[str, Any]]) -> None:
        if not parties:
            self.errors.append(_message(("parties",), _("het document noemt geen partijen")))
        found = find_organisations(parties)
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
                        "%(name)s, namens wie je importeert, is geen partij in dit document; "
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

    def _check_row_ids(self, document: dict[str, Any]) -> None:
        for path in ROW_LISTS:
            seen: dict[str, int] = {}
            for index, row in enumerate(_get(document, path)):
                row_id = row.get("id")
                if row_id is None:
                    continue
                if row_id in seen:
                    self.errors.append(
                        _message(
                            (*path, index, "id"),
                            _("komt ook voor bij %(other)s")
                            % {"other": where((*path, seen[row_id]))},
                        )
                    )
                seen.setdefault(row_id, index)

    def _check_numbers_and_dates(self, document: dict[str, Any]) -> None:
        for index, mandate in enumerate(document["governance"]["mandates"]):
            amount = mandate["max_amount"]
            if amount is not None and Decimal(amount) > vocabulary.AMOUNT_MAX:
                self.errors.append(
                    _message(
                        ("governance", "mandates", index, "max_amount"),
                        _("is te groot (hoogstens %(max)s)") % {"max": vocabulary.AMOUNT_MAX},
                    )
                )
        term = document["term"]
        start, end = _date(term["start_date"]), _date(term["end_date"])
        if start and end and end < start:
            self.errors.append(_message(("term", "end_date"), _("ligt vóór de ingangsdatum")))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def find_organisations(parties: list[dict[str, Any]]) -> list[Organisation | str]:
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


def resolve(document: dict[str, Any]) -> Resolved:
    """What a valid document refers to in this installation: its parties' organisations (matched
    as the import matches them) and every role option; ValidationError when one is unknown."""
    found = find_organisations(document["parties"])
    unknown = [
        _message(("parties", index, "organisation"), match)
        for index, match in enumerate(found)
        if isinstance(match, str)
    ]
    if unknown:
        raise ValidationError(unknown, code=ImportProblem.UNKNOWN_ORGANISATION)
    organisations = {
        party["key"]: match
        for party, match in zip(document["parties"], found, strict=True)
        if not isinstance(match, str)
    }
    return Resolved(organisations=organisations, roles=all_roles())
