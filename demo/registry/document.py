"""A spec of the corpus as the canonical document the builder would have produced.

The spec holds what distinguishes one agreement from another (title, task, goal, parties,
mandates); the rest (contacts, RACI, tables, the escalation ladder, core values, the term) is
written here the way a careful opsteller fills in the builder, so every document passes the
completeness check and can be adopted.
"""

import uuid
import zlib
from datetime import date, timedelta
from typing import Any

from accounts.models import Layer, Organisation
from agreements.document.build import SCHEMA_VERSION
from agreements.document.choices import Theme
from demo.registry.specs import Spec

FIRST_NAMES = (
    "Anne", "Bart", "Carla", "Dirk", "Esther", "Frank", "Germaine", "Hans", "Ingrid", "Jan",
    "Karin", "Luuk", "Marloes", "Niels", "Olga", "Paul", "Renske", "Sander", "Tineke", "Vincent",
    "Wilma", "Yusuf", "Zeynep", "Maarten", "Lieke", "Joris", "Hatice", "Gijs", "Femke", "Erik",
)  # fmt: skip
LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok",
    "Verhoeven", "Aydın", "Postma", "Kramer", "van Beek",
)  # fmt: skip

THEME_WORDS = {
    Theme.ENERGIE: "energie",
    Theme.WARMTE: "warmtetransitie",
    Theme.WONEN: "wonen",
    Theme.KLIMAATADAPTATIE: "klimaatadaptatie",
    Theme.MOBILITEIT: "mobiliteit",
    Theme.SOCIAAL_DOMEIN: "sociaal domein",
    Theme.OVERIG: "omgeving",
}
REPRESENTATIVES: dict[str, str] = {
    Layer.RIJK: "directeur, namens de minister",
    Layer.PROVINCIE: "gedeputeerde",
    Layer.GEMEENTE: "wethouder",
    Layer.WATERSCHAP: "heemraad",
    Layer.PARTNER: "directeur-bestuurder",
}
FORMAL_ROLES: dict[str, list[str]] = {
    Layer.RIJK: ["financier", "kennispartner"],
    Layer.PROVINCIE: ["financier", "opdrachtgever"],
    Layer.GEMEENTE: ["bevoegd-gezag", "opdrachtgever"],
    Layer.WATERSCHAP: ["beheerder", "bevoegd-gezag"],
    Layer.PARTNER: ["uitvoerder", "kennispartner"],
}
LADDER_ROLES = ("regisseren", "aanjagen", "stimuleren", "verbinden", "faciliteren")
NETWORK_ROLES = ("coordineren", "mobiliseren", "balanceren", "vitaliseren", "improviseren")
COUNCIL_CONTROLS = ("wensen_bedenkingen", "geinformeerd", "zienswijze", "instemming")
BASIS_PREFIX: dict[str, str] = {
    Layer.RIJK: "Mandaatregeling",
    Layer.PROVINCIE: "GS",
    Layer.GEMEENTE: "B&W",
    Layer.WATERSCHAP: "DB",
    Layer.PARTNER: "Volmacht",
}


NAMESPACE = uuid.UUID("5f0c7a52-3c1e-4d8a-9b0e-6d1c2a7e4b19")


def _id(spec: Spec, row: str) -> str:
    """A stable row id: seeding the same spec twice writes the same document."""
    return str(uuid.uuid5(NAMESPACE, f"{spec.key}/{row}"))


def person_name(seed: str) -> str:
    """A made-up but stable Dutch name for `seed`."""
    number = zlib.crc32(seed.encode())
    return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number // 31 % len(LAST_NAMES)]}"


def _party(spec: Spec, index: int, organisation: Organisation) -> dict[str, Any]:
    theme = THEME_WORDS[Theme(spec.theme)]
    layer = organisation.layer
    lead = index == 0
    return {
        "key": str(organisation.pk),
        "organisation": {
            "code": organisation.code,
            "layer": layer,
            "name": organisation.name,
            "official_name": organisation.official_name,
            "partner_kind": organisation.partner_kind,
        },
        "civil_contact": f"{person_name(f'{spec.key}/{index}/civil')}, "
        f"{'projectleider' if lead else 'beleidsadviseur'} {theme}",
        "political_representative": f"{person_name(f'{spec.key}/{index}/political')}, "
        f"{REPRESENTATIVES[layer]}",
        "contributes": {
            "capacity": "Projectleider en secretariaat, samen 1,0 fte"
            if lead
            else "Een adviseur in het projectteam, 0,4 fte",
            "knowledge": f"Kennis van {organisation.name} over {theme}",
            "money": "Draagt de kosten van het projectbureau" if lead else "",
        },
        "formal_roles": FORMAL_ROLES[layer],
        "ladder_role": LADDER_ROLES[0 if lead else 1 + index % 4],
        "network_role": NETWORK_ROLES[index % len(NETWORK_ROLES)],
    }


def _work_packages(spec: Spec, keys: list[str]) -> list[dict[str, Any]]:
    """Each work package with one A (the parties take turns) and one R (the next party); the
    others are consulted or informed."""
    packages = []
    for position, name in enumerate(spec.work):
        accountable = position % len(keys)
        responsible = (accountable + 1) % len(keys)
        raci = {key: "C" if index % 2 else "I" for index, key in enumerate(keys)}
        raci[keys[accountable]] = "A"
        raci[keys[responsible]] = "R"
        packages.append(
            {
                "id": _id(spec, f"work/{position}"),
                "name": name,
                "description": f"{name} voor de opgave: {spec.task}",
                "raci": raci,
            }
        )
    return packages


def _mandate(spec: Spec, number: int, key: str, organisation: Organisation, adopted: date) -> dict:
    mandate = spec.mandates[number - 1]
    basis_date = adopted - timedelta(days=21)
    return {
        "id": _id(spec, f"mandate/{number}"),
        "party": key,
        "subject": mandate.subject,
        "function": f"{mandate.function}, {organisation.official_name}",
        "max_amount": f"{mandate.amount}.00" if mandate.amount is not None else None,
        "limits": mandate.limits,
        "basis": mandate.basis,
        "basis_date": basis_date.isoformat(),
        "basis_reference": f"{BASIS_PREFIX[organisation.layer]} {basis_date.year}-{number:03d}",
    }


def build(
    spec: Spec, organisations: dict[str, Organisation], *, start: date, end: date | None,
    adopted: date, next_evaluation: date | None,
) -> dict[str, Any]:  # fmt: skip
    """The canonical document of `spec`, with its parties' `organisations` (by code or slug)
    and the dates the seeder chose (`start` and `end` may differ from the spec's to keep its
    status, see seed.py)."""
    parties = [organisations[ref] for ref in spec.parties]
    keys = [str(organisation.pk) for organisation in parties]
    key_of = dict(zip(spec.parties, keys, strict=True))
    lead_name = parties[0].official_name
    names = ", ".join(organisation.official_name for organisation in parties)
    rijk = any(organisation.layer == Layer.RIJK for organisation in parties)
    councils = [
        (index, organisation)
        for index, organisation in enumerate(parties)
        if organisation.layer in (Layer.GEMEENTE, Layer.PROVINCIE, Layer.WATERSCHAP)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "task": {
            "title": spec.title,
            "theme": spec.theme,
            "task": spec.task,
            "why": spec.why,
            "intended_result": spec.goal,
            "governance_style": "hierarchisch" if rijk and len(parties) > 4 else "netwerk",
            "rule_set": "aanwijzingen" if rijk else "handreiking",
            "enforceability": "niet_afdwingbaar",
        },
        "parties": [
            _party(spec, index, organisation) for index, organisation in enumerate(parties)
        ],
        "ownership": {"work_packages": _work_packages(spec, keys)},
        "governance": {
            "tables": [
                {
                    "id": _id(spec, "table/1"),
                    "name": spec.table,
                    "level": "bestuurlijk",
                    "chair": keys[0],
                    "independent_chair": "",
                    "members": keys,
                    "cadence": "vier keer per jaar",
                    "decides": "Neemt de besluiten over de uitvoering, de planning en het "
                    "budget die de partijen aan deze tafel hebben gemandateerd, en besluit "
                    "over geschillen die het projectteam niet oplost.",
                },
                {
                    "id": _id(spec, "table/2"),
                    "name": "Ambtelijk projectteam",
                    "level": "ambtelijk",
                    "chair": keys[0],
                    "independent_chair": "",
                    "members": keys,
                    "cadence": "elke twee weken",
                    "decides": "Bereidt de bestuurlijke besluiten voor en beslist over "
                    "uitvoeringsvragen binnen het werkplan.",
                },
            ],
            "mandates": [
                _mandate(spec, n, key_of[mandate.party], organisations[mandate.party], adopted)
                for n, mandate in enumerate(spec.mandates, start=1)
            ],
            "council_control": {
                str(organisation.pk): {
                    "control": COUNCIL_CONTROLS[index % len(COUNCIL_CONTROLS)],
                    "note": "De volksvertegenwoordiging krijgt de afspraken vooraf te zien en "
                    "wordt jaarlijks over de voortgang geïnformeerd.",
                }
                for index, organisation in councils
            },
        },
        "escalation": [
            {
                "id": _id(spec, "escalation/1"),
                "trigger": "Een partij meldt schriftelijk dat een afspraak niet wordt nagekomen.",
                "handler": "Ambtelijk projectteam",
                "deadline_days": 10,
                "outcome": "Een gezamenlijk voorstel, of een scherp omschreven geschilpunt.",
                "deadlock_resolution": "",
            },
            {
                "id": _id(spec, "escalation/2"),
                "trigger": "Het projectteam komt er niet uit.",
                "handler": spec.table,
                "deadline_days": 20,
                "outcome": "Een bestuurlijk besluit, vastgelegd in de besluitenlijst.",
                "deadlock_resolution": "",
            },
            {
                "id": _id(spec, "escalation/3"),
                "trigger": "Ook de bestuurlijke tafel komt er niet uit.",
                "handler": "Onafhankelijk voorzitter, door de partijen samen aangewezen",
                "deadline_days": 30,
                "outcome": "Een zwaarwegend advies dat partijen alleen gemotiveerd naast zich "
                "neerleggen.",
                "deadlock_resolution": "onafhankelijk_voorzitter",
            },
        ],
        "values": {
            "core_values": {
                "transparantie": "Agenda's en besluitenlijsten staan binnen twee weken online.",
                "rechtmatigheid": "Elke partij besluit binnen haar eigen bevoegdheden; de "
                "juristen toetsen vooraf.",
                "rechtsgelijkheid": "Voor alle inwoners en initiatiefnemers gelden dezelfde "
                "criteria.",
                "gelijke_behandeling": "Iedereen krijgt dezelfde informatie op hetzelfde moment.",
                "democratische_legitimiteit": "Raden, Staten en algemene besturen stellen hun "
                "kaders vooraf en worden jaarlijks geïnformeerd.",
            },
            "relationship": "Zacht op de relatie, hard op de inhoud: ambtelijk blijven we "
            "praten, ook als het bestuurlijk schuurt.",
            "informal_contact": f"We beginnen met elkaar het telefoonnummer te geven; "
            f"{lead_name} nodigt twee keer per jaar uit voor een werkbezoek.",
        },
        "term": {
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "indefinite": end is None,
            "notice_period_months": 6,
            "termination": "Een partij kan schriftelijk en gemotiveerd opzeggen nadat de "
            "escalatieladder is doorlopen; de afspraken blijven voor de anderen in stand.",
            "extension": "Uiterlijk zes maanden voor de einddatum besluiten de partijen "
            "samen over verlenging.",
            "amendment": "Een wijziging wordt een nieuwe versie, met instemming van alle partijen.",
            "accession": f"Andere partijen treden toe met instemming van {names}.",
            "financial": "Iedere partij draagt haar eigen personeels- en apparaatskosten.",
            "evaluation_cadence": "jaarlijks",
            "evaluation_by": "Ambtelijk projectteam, besproken aan de bestuurlijke tafel",
            "next_evaluation": next_evaluation.isoformat() if next_evaluation else None,
            "publication": "openbaar" if spec.public else "niet_openbaar",
            "non_publication_ground": ""
            if spec.public
            else "Bevat bedrijfsvertrouwelijke gegevens (artikel 5.1 Woo).",
        },
    }
