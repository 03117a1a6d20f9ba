"""The vocabulary of the canonical document: every field's Dutch label and help, its limit, and
how its value is shown to a person.

This is the one place that says these things. The models take their `verbose_name`,
`help_text` and `max_length` from it (so the builder's forms do too), the JSON Schema of the
document is generated from it (so the import and the API check the same limits), and the
agreement page, the PDF, the comparison, the conflict message and the import's error messages
name fields with it.

Fields are named by their path in the document with list positions and keys left out:
`task.intended_result`, `parties.contributes.money`, `governance.mandates.max_amount`. A concrete
path (`governance.mandates[2].max_amount`, `governance.council_control.<party>.note`) is
normalised with `normalise`.

This module imports no model: the models import it.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Layer, PartnerKind
from agreements.document.choices import (
    CoreValue,
    CouncilControl,
    DeadlockResolution,
    Enforceability,
    GovernanceStyle,
    MandateBasis,
    Publication,
    Raci,
    RuleSet,
    TableLevel,
    Theme,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The limits of free text. A long text is a few paragraphs: the longest in the five seed
# articles is under 2,000 characters; 5,000 keeps a whole agreement under about 100 kB.
LONG_TEXT = 5000
NAME = 200
SHORT_TEXT = 300
TITLE = 250
REFERENCE = 100

AMOUNT_DIGITS = 14  # Mandate.max_amount: 14 digits, 2 after the point
AMOUNT_MAX = Decimal("999999999999.99")


class Kind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # paragraphs
    CHOICE = "choice"  # one code of `choices`
    ROLE = "role"  # the code of a role option
    ROLES = "roles"  # a list of role option codes
    PARTY = "party"  # a party's key
    PARTIES = "parties"  # a list of party keys
    LETTER = "letter"  # a RACI letter per party
    DATE = "date"  # ISO date, shown as "1 maart 2024"
    AMOUNT = "amount"  # euros as "1250.00", shown as "€ 1.250"
    NUMBER = "number"  # a whole number
    BOOLEAN = "boolean"
    ID = "id"  # a row's stable id


@dataclass(frozen=True)
class Field:
    path: str
    label: "StrOrPromise"
    kind: Kind = Kind.TEXT
    help: "StrOrPromise" = ""
    max_length: int | None = None
    choices: type[models.Choices] | None = None
    minimum: int | None = None
    maximum: int | None = None
    name: str = ""  # how the import's messages name it ("beoogd_resultaat")

    @property
    def key(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def display(
        self,
        value: Any,
        *,
        names: dict[str, str] | None = None,
        roles: dict[str, str] | None = None,
    ) -> str:
        """The value as a person reads it: labels for codes, names for party keys, Dutch dates
        and amounts; "" for an empty value."""
        return _display(self, value, names or {}, roles or {})


def _text(
    path: str, label: "StrOrPromise", name: str, limit: int, help: "StrOrPromise" = ""
) -> Field:
    kind = Kind.LONG_TEXT if limit == LONG_TEXT else Kind.TEXT
    return Field(path, label, kind, help=help, max_length=limit, name=name)


def _choice(path: str, label: "StrOrPromise", name: str, choices: type[models.Choices]) -> Field:
    return Field(path, label, Kind.CHOICE, choices=choices, name=name)


# Labels are lazy: they are shown in the reader's language.
FIELDS: tuple[Field, ...] = (
    # 1. Opgave en doel
    _text("task.title", _("Titel"), "titel", TITLE),
    _text(
        "task.task",
        _("Opgave"),
        "opgave",
        LONG_TEXT,
        _("De maatschappelijke opgave waar het om gaat."),
    ),
    _choice("task.theme", _("Thema"), "thema", Theme),
    _text(
        "task.why",
        _("Waarom samenwerken"),
        "waarom",
        LONG_TEXT,
        _("Waarom kan geen partij dit alleen?"),
    ),
    _text("task.intended_result", _("Beoogd resultaat"), "beoogd_resultaat", LONG_TEXT),
    _choice("task.governance_style", _("Sturingsstijl"), "sturingsstijl", GovernanceStyle),
    _choice("task.rule_set", _("Regelset"), "regelset", RuleSet),
    _choice("task.enforceability", _("Afdwingbaarheid"), "afdwingbaarheid", Enforceability),
    # 2. Partijen en rollen
    Field("parties.key", _("Partij"), Kind.ID, name="sleutel"),
    Field("parties.organisation.name", _("Naam"), name="naam"),
    Field("parties.organisation.official_name", _("Officiële naam"), name="officiële_naam"),
    _choice("parties.organisation.layer", _("Bestuurslaag"), "bestuurslaag", Layer),
    _choice("parties.organisation.partner_kind", _("Soort partner"), "soort_partner", PartnerKind),
    Field("parties.organisation.code", _("Code"), name="code"),
    _text(
        "parties.political_representative",
        _("Bestuurlijk vertegenwoordiger"),
        "bestuurlijk_vertegenwoordiger",
        NAME,
        _("Naam en functie, zoals ‘wethouder energie’."),
    ),
    _text(
        "parties.civil_contact",
        _("Ambtelijk contactpersoon"),
        "ambtelijk_contactpersoon",
        NAME,
        _("Naam en functie."),
    ),
    Field("parties.formal_roles", _("Formele rollen"), Kind.ROLES, name="formele_rollen"),
    Field("parties.ladder_role", _("Rol op de participatieladder"), Kind.ROLE, name="ladderrol"),
    Field("parties.network_role", _("Netwerkrol"), Kind.ROLE, name="netwerkrol"),
    _text("parties.contributes.capacity", _("Inbreng: capaciteit"), "capaciteit", SHORT_TEXT),
    _text("parties.contributes.money", _("Inbreng: geld"), "geld", SHORT_TEXT),
    _text("parties.contributes.knowledge", _("Inbreng: kennis"), "kennis", SHORT_TEXT),
    # 3. Eigenaarschap
    Field("ownership.work_packages.id", _("Werkpakket"), Kind.ID, name="id"),
    _text("ownership.work_packages.name", _("Werkpakket"), "naam", NAME),
    _text("ownership.work_packages.description", _("Omschrijving"), "omschrijving", 500),
    Field("ownership.work_packages.raci", _("RACI"), Kind.LETTER, choices=Raci, name="raci"),
    # 4. Tafels en mandaten
    Field("governance.tables.id", _("Tafel"), Kind.ID, name="id"),
    _text("governance.tables.name", _("Naam van het overleg"), "naam", NAME),
    _choice("governance.tables.level", _("Niveau"), "niveau", TableLevel),
    Field("governance.tables.members", _("Deelnemende partijen"), Kind.PARTIES, name="leden"),
    Field("governance.tables.chair", _("Voorzitter (partij)"), Kind.PARTY, name="voorzitter"),
    _text(
        "governance.tables.independent_chair",
        _("Onafhankelijk voorzitter"),
        "onafhankelijk_voorzitter",
        NAME,
        _("Alleen invullen als geen van de partijen voorzit."),
    ),
    _text("governance.tables.cadence", _("Hoe vaak"), "frequentie", NAME),
    _text("governance.tables.decides", _("Wat deze tafel beslist"), "beslist", LONG_TEXT),
    Field("governance.mandates.id", _("Mandaat"), Kind.ID, name="id"),
    Field("governance.mandates.party", _("Partij"), Kind.PARTY, name="partij"),
    _text("governance.mandates.function", _("Functie"), "functie", NAME),
    _text("governance.mandates.subject", _("Waarover"), "onderwerp", SHORT_TEXT),
    Field(
        "governance.mandates.max_amount",
        _("Tot bedrag (euro)"),
        Kind.AMOUNT,
        minimum=0,
        name="maximumbedrag",
    ),
    _text("governance.mandates.limits", _("Overige grenzen"), "grenzen", SHORT_TEXT),
    _choice("governance.mandates.basis", _("Grondslag"), "grondslag", MandateBasis),
    Field("governance.mandates.basis_date", _("Datum besluit"), Kind.DATE, name="datum_besluit"),
    _text(
        "governance.mandates.basis_reference",
        _("Kenmerk besluit"),
        "kenmerk_besluit",
        REFERENCE,
        _("Zoals een collegebesluitnummer."),
    ),
    Field(
        "governance.council_control.control",
        _("Sturing door de volksvertegenwoordiging"),
        Kind.CHOICE,
        help=_("Hoe ver kan de raad, Staten of het algemeen bestuur nog meepraten?"),
        choices=CouncilControl,
        name="sturing",
    ),
    _text("governance.council_control.note", _("Toelichting"), "toelichting", SHORT_TEXT),
    # 5. Escalatie
    Field("escalation.id", _("Trede"), Kind.ID, name="id"),
    _text("escalation.trigger", _("Aanleiding"), "aanleiding", SHORT_TEXT),
    _text(
        "escalation.handler",
        _("Wie pakt het op"),
        "behandelaar",
        NAME,
        _("Een tafel of een rol."),
    ),
    Field(
        "escalation.deadline_days",
        _("Binnen werkdagen"),
        Kind.NUMBER,
        minimum=1,
        maximum=365,
        name="termijn_werkdagen",
    ),
    _text("escalation.outcome", _("Mogelijke uitkomst"), "uitkomst", SHORT_TEXT),
    Field(
        "escalation.deadlock_resolution",
        _("Als het vastloopt"),
        Kind.CHOICE,
        help=_("Verplicht op de laatste trede: hoe een impasse eindigt."),
        choices=DeadlockResolution,
        name="bij_impasse",
    ),
    # 6. Waarden en samenwerking
    Field(
        "values.core_values",
        _("Hoe we dit borgen"),
        Kind.LONG_TEXT,
        help=_("Hoe borgen de partijen deze kernwaarde?"),
        max_length=LONG_TEXT,
        choices=CoreValue,
        name="kernwaarden",
    ),
    _text(
        "values.relationship",
        _("Afspraken over de relatie"),
        "relatie",
        LONG_TEXT,
        _("Hoe blijft de ambtelijke lijn praten als het bestuurlijk schuurt?"),
    ),
    _text(
        "values.informal_contact",
        _("Elkaar buiten de formele tafels ontmoeten"),
        "informeel_contact",
        LONG_TEXT,
    ),
    # 7. Looptijd, evaluatie en wijziging
    Field("term.start_date", _("Ingangsdatum"), Kind.DATE, name="ingangsdatum"),
    Field("term.end_date", _("Einddatum"), Kind.DATE, name="einddatum"),
    Field("term.indefinite", _("Voor onbepaalde tijd"), Kind.BOOLEAN, name="onbepaalde_tijd"),
    _text("term.extension", _("Verlenging"), "verlenging", LONG_TEXT),
    _text(
        "term.termination",
        _("Opzegging"),
        "opzegging",
        LONG_TEXT,
        _("Hoe een partij kan opzeggen en wat daarvan de gevolgen zijn."),
    ),
    Field(
        "term.notice_period_months",
        _("Opzegtermijn in maanden"),
        Kind.NUMBER,
        minimum=0,
        maximum=120,
        name="opzegtermijn_maanden",
    ),
    _text("term.accession", _("Toetreding van nieuwe partijen"), "toetreding", LONG_TEXT),
    _text("term.amendment", _("Wijzigingsprocedure"), "wijziging", LONG_TEXT),
    _text(
        "term.evaluation_cadence",
        _("Evaluatie: wanneer"),
        "evaluatiemoment",
        NAME,
        _("Zoals ‘jaarlijks in het voorjaar’."),
    ),
    _text("term.evaluation_by", _("Evaluatie: door wie"), "evaluatie_door", NAME),
    Field(
        "term.next_evaluation",
        _("Eerstvolgende evaluatie"),
        Kind.DATE,
        name="volgende_evaluatie",
    ),
    _text("term.financial", _("Financiële afspraken"), "financieel", LONG_TEXT),
    _choice("term.publication", _("Openbaarheid"), "openbaarheid", Publication),
    _text(
        "term.non_publication_ground",
        _("Grond om niet openbaar te maken"),
        "grond_niet_openbaar",
        LONG_TEXT,
    ),
)
FIELD_BY_PATH = {field.path: field for field in FIELDS}

MANDATE_LABEL = NAME + len(": ") + SHORT_TEXT


def mandate_label(function: str, subject: str) -> str:
    """How a decision names the mandate it was taken under (at most MANDATE_LABEL long)."""
    return f"{function}: {subject}"


@dataclass(frozen=True)
class Container:
    """A section, list or object of the document that holds fields."""

    path: str
    label: "StrOrPromise"  # a row of a list: "Tafel"; an object: its title
    name: str  # as the import's messages name it


CONTAINERS: tuple[Container, ...] = (
    Container("schema_version", _("Schemaversie"), "schemaversie"),
    Container("task", _("Opgave en doel"), "opgave"),
    Container("parties", _("Partij"), "partijen"),
    Container("parties.organisation", _("Organisatie"), "organisatie"),
    Container("parties.contributes", _("Inbreng"), "inbreng"),
    Container("ownership", _("Eigenaarschap"), "eigenaarschap"),
    Container("ownership.work_packages", _("Werkpakket"), "werkpakketten"),
    Container("governance", _("Tafels en mandaten"), "bestuur"),
    Container("governance.tables", _("Tafel"), "tafels"),
    Container("governance.mandates", _("Mandaat"), "mandaten"),
    Container(
        "governance.council_control",
        _("Grip van de volksvertegenwoordiging"),
        "sturing_volksvertegenwoordiging",
    ),
    Container("escalation", _("Trede"), "escalatie"),
    Container("values", _("Waarden en samenwerking"), "waarden"),
    Container("term", _("Looptijd, evaluatie en wijziging"), "looptijd"),
)
CONTAINER_BY_PATH = {container.path: container for container in CONTAINERS}

# Objects whose keys are party keys or codes, not field names.
KEYED = {
    "ownership.work_packages.raci": "party",
    "governance.council_control": "party",
    "values.core_values": "code",
}

_POSITION = re.compile(r"\[\d+\]")


def parts_of(path: str) -> list[str | int]:
    """A concrete path as its parts: `a.b[2].c` -> ["a", "b", 2, "c"]."""
    parts: list[str | int] = []
    for piece in path.split("."):
        name, *positions = re.split(r"\[(\d+)\]", piece)
        if name:
            parts.append(name)
        parts.extend(int(position) for position in positions if position)
    return parts


def normalise(path: str | list[str | int] | tuple[str | int, ...]) -> str:
    """The vocabulary's path of a concrete one: positions and keyed entries left out."""
    parts = parts_of(path) if isinstance(path, str) else list(path)
    names: list[str] = []
    skip = False
    for part in parts:
        if isinstance(part, int):
            continue
        if skip:
            skip = False
            continue
        names.append(part)
        if ".".join(names) in KEYED and KEYED[".".join(names)] == "party":
            skip = True  # the next part is a party key
    normal = ".".join(names)
    for keyed, what in KEYED.items():
        if what == "code" and normal.startswith(keyed + "."):
            return keyed
    return normal


def field(path: str | list[str | int] | tuple[str | int, ...]) -> Field | None:
    """The field at a (concrete or vocabulary) path, or None for a container or an unknown path."""
    if isinstance(path, str) and path in FIELD_BY_PATH:
        return FIELD_BY_PATH[path]
    return FIELD_BY_PATH.get(normalise(path))


def label(path: str) -> str:
    """The Dutch label of a field or container at a (concrete) path; the path itself for an
    unknown one, so nothing is ever lost, but no known path is shown raw."""
    normal = path if path in FIELD_BY_PATH or path in CONTAINER_BY_PATH else normalise(path)
    if normal == "values.core_values":
        code = str(parts_of(path)[-1])
        return str(CoreValue(code).label) if code in CoreValue.values else code
    if (found := FIELD_BY_PATH.get(normal)) is not None:
        return str(found.label)
    if (container := CONTAINER_BY_PATH.get(normal)) is not None:
        return str(container.label)
    return path


def describe(path: str, *, names: dict[str, str] | None = None) -> str:
    """A concrete path as a person reads it: the rows it passes through, then the field.

    `governance.mandates[1].max_amount` -> "Mandaat 2 › Tot bedrag (euro)";
    `governance.council_control.<key>.note` -> "<party name> › Toelichting".
    """
    names = names or {}
    parts = parts_of(path)
    shown: list[str] = []
    normal: list[str] = []
    keyed_entry = False  # the part before was a party key: its fields follow
    for index, part in enumerate(parts):
        container = ".".join(normal)
        if isinstance(part, int):
            row = CONTAINER_BY_PATH.get(container)
            shown.append(f"{row.label} {part + 1}" if row else str(part + 1))
        elif KEYED.get(container) == "party" and not keyed_entry:
            name = names.get(part, part)
            shown.append(f"RACI {name}" if container.endswith(".raci") else name)
            keyed_entry = True
        elif KEYED.get(container) == "code":
            shown.append(label(path))
            break
        else:
            normal.append(part)
            keyed_entry = False
            if index == len(parts) - 1:
                shown.append(label(".".join(normal)))
    return " › ".join(shown) or path


def keys_of(section: str) -> tuple[str, ...]:
    """The keys of the fields directly in a section, in the document's order: for "task",
    ("title", "task", …); the agreement's columns of that name hold them."""
    return tuple(
        found.key
        for found in FIELDS
        if found.path.startswith(section + ".") and "." not in found.path[len(section) + 1 :]
    )


def limit(path: str) -> int | None:
    """The maximum length of the text at a path (None: not text, or no limit)."""
    found = field(path)
    return found.max_length if found else None


def model_kwargs(path: str) -> dict[str, Any]:
    """The verbose name, help text and maximum length of the model field holding `path`."""
    found = FIELD_BY_PATH[path]
    kwargs: dict[str, Any] = {"verbose_name": found.label}
    if found.help:
        kwargs["help_text"] = found.help
    if found.max_length is not None:
        kwargs["max_length"] = found.max_length
    return kwargs


# --- Showing values ----------------------------------------------------------------------------


def format_amount(value: Decimal | str | None) -> str:
    """Euros the Dutch way: "€ 75.000", "€ 1.250,50"."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    text = formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"€ {text}"


def format_date(value: date | str | None) -> str:
    """A date the Dutch way: "1 maart 2024"."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    # What formats.date_format(day, "j F Y") writes, in the active language, without parsing
    # the format on every call: the registry writes 25 of them a page (0.08 ms each).
    return f"{day.day} {MONTHS[day.month]} {day.year:04d}"


def format_period(
    start: date | str | None, end: date | str | None, *, indefinite: bool = False
) -> str:
    """A term the Dutch way: "1 maart 2024 tot en met 31 december 2030", "vanaf 1 maart 2024,
    voor onbepaalde tijd"; "" when nothing is known."""
    first, last = format_date(start), format_date(end)
    if indefinite:
        if first:
            return gettext("vanaf %(start)s, voor onbepaalde tijd") % {"start": first}
        return gettext("voor onbepaalde tijd")
    if first and last:
        return gettext("%(start)s tot en met %(end)s") % {"start": first, "end": last}
    if first:
        return gettext("vanaf %(start)s") % {"start": first}
    if last:
        return gettext("tot en met %(end)s") % {"end": last}
    return ""


def _display(found: Field, value: Any, names: dict[str, str], roles: dict[str, str]) -> str:
    if value is None or value == "" or value == []:
        return ""
    kind = found.kind
    if kind == Kind.BOOLEAN:
        return gettext("ja") if value else gettext("nee")
    if kind in (Kind.CHOICE, Kind.LETTER) and found.choices is not None:
        return str(dict(found.choices.choices).get(value, value))
    if kind == Kind.ROLE:
        return roles.get(value, str(value))
    if kind == Kind.ROLES:
        return ", ".join(roles.get(code, str(code)) for code in value)
    if kind == Kind.PARTY:
        return names.get(value, str(value))
    if kind == Kind.PARTIES:
        return ", ".join(names.get(key, str(key)) for key in value)
    if kind == Kind.DATE:
        return format_date(value)
    if kind == Kind.AMOUNT:
        return format_amount(value)
    return str(value)


def display(
    path: str,
    value: Any,
    *,
    names: dict[str, str] | None = None,
    roles: dict[str, str] | None = None,
) -> str:
    """The value at a (concrete) path as a person reads it (see `Field.display`)."""
    found = field(path)
    if found is None:
        return "" if value in (None, "", []) else str(value)
    return found.display(value, names=names, roles=roles)


# --- The model fields that hold the document ---------------------------------------------------


class Labels(TypedDict, total=False):
    verbose_name: "StrOrPromise"
    help_text: "StrOrPromise"


def labels(path: str) -> Labels:
    """The verbose name and help text of the model field holding `path`."""
    found = FIELD_BY_PATH[path]
    result: Labels = {"verbose_name": found.label}
    if found.help:
        result["help_text"] = found.help
    return result


def text_field(path: str, *, required: bool = False) -> models.Field:
    """The model field for the text at `path`: its label, help and limit from here. A long text
    is a TextField, which checks its length only when it is validated, so it gets a validator."""
    found = FIELD_BY_PATH[path]
    assert found.max_length is not None, path  # noqa: S101 -- a mistake in this module
    if found.kind == Kind.LONG_TEXT:
        return models.TextField(
            **labels(path),
            max_length=found.max_length,
            blank=not required,
            validators=[MaxLengthValidator(found.max_length)],
        )
    return models.CharField(**labels(path), max_length=found.max_length, blank=not required)


def range_validators(path: str) -> list[MinValueValidator | MaxValueValidator]:
    """The model validators of the number at `path`."""
    found = FIELD_BY_PATH[path]
    validators: list[MinValueValidator | MaxValueValidator] = []
    if found.minimum is not None:
        validators.append(MinValueValidator(found.minimum))
    if found.maximum is not None:
        validators.append(MaxValueValidator(found.maximum))
    return validators


def long_text(verbose_name: "StrOrPromise", *, blank: bool = False) -> models.TextField:
    """A text of paragraphs outside the document (a decision, a note, a comment): the same
    limit as the document's long texts."""
    return models.TextField(
        verbose_name,
        max_length=LONG_TEXT,
        blank=blank,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )


def choice_field(path: str, max_length: int) -> models.CharField:
    """The model field for the code at `path` (empty while the draft does not say)."""
    found = FIELD_BY_PATH[path]
    assert found.choices is not None, path  # noqa: S101 -- a mistake in this module
    return models.CharField(
        **labels(path), max_length=max_length, choices=found.choices.choices, blank=True
    )


def length_constraints(model: str, fields: dict[str, str]) -> list[models.CheckConstraint]:
    """Database checks that the texts of a model (field name -> document path) keep their limit,
    on PostgreSQL and SQLite alike (SQLite ignores the length of a varchar)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), FIELD_BY_PATH[path].max_length),
            name=f"{model}_{name}_length",
        )
        for name, path in fields.items()
    ]
