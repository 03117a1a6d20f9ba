"""Benchmark the registry, its search and an agreement's timeline at N agreements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spelregels_bench \\
        .venv/bin/python bench/registry.py --agreements 10000

Drops and recreates the database named in DATABASE_URL (its name must contain "bench"),
migrates it, seeds N agreements with realistic Dutch text (parties, mandates, three versions,
three to five decisions, an evaluation and an audit trail each) using bulk_create, compacts
the agreements table (VACUUM FULL, as the seeding triggers rewrote every row twice) and
analyzes. Then it requests each page 5 times to warm up and 50 times measured, through
Django's test client as a logged-in reader of Provincie Noord-Brabant, which is party to about
80% of the agreements (the worst case for the registry), and prints a Markdown table with the
median and 95th percentile in milliseconds and the number of queries of one request.

`--reuse` measures the database of an earlier run again without seeding it.
Results are in docs/benchmarks.md.
"""

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import recreate_database, setup_django  # noqa: E402

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from accounts.models import (  # noqa: E402
    AuditEvent,
    Layer,
    Membership,
    Organisation,
    PartnerKind,
    Role,
    User,
)
from agreements.models import (  # noqa: E402
    Agreement,
    Decision,
    Evaluation,
    Mandate,
    MandateBasis,
    Party,
    Signature,
    SignatureMethod,
    Theme,
    Version,
)

BATCH = 2000
READER = "lezer@brabant.bench.nl"
WARM_UPS = 5
REQUESTS = 50
EPOCH = datetime(2021, 1, 1, 9, 0, tzinfo=UTC)

GEMEENTEN = [
    "Bernheze",
    "'s-Hertogenbosch",
    "Oss",
    "Meierijstad",
    "Maashorst",
    "Land van Cuijk",
    "Boxtel",
    "Vught",
    "Heusden",
    "Sint-Michielsgestel",
    "Tilburg",
    "Breda",
    "Eindhoven",
    "Helmond",
    "Roosendaal",
    "Bergen op Zoom",
    "Waalwijk",
    "Oisterwijk",
    "Dongen",
    "Geertruidenberg",
    "Oosterhout",
    "Etten-Leur",
    "Zundert",
    "Rucphen",
    "Moerdijk",
    "Drimmelen",
    "Altena",
    "Loon op Zand",
    "Gilze en Rijen",
    "Goirle",
    "Hilvarenbeek",
    "Best",
    "Son en Breugel",
    "Nuenen",
    "Geldrop-Mierlo",
    "Veldhoven",
    "Waalre",
    "Valkenswaard",
    "Heeze-Leende",
    "Cranendonck",
    "Someren",
    "Asten",
    "Deurne",
    "Gemert-Bakel",
    "Laarbeek",
    "Boekel",
    "Uden",
    "Nijmegen",
    "Arnhem",
    "Utrecht",
    "Amersfoort",
    "Zwolle",
    "Deventer",
    "Apeldoorn",
    "Ede",
    "Wageningen",
    "Tiel",
    "Culemborg",
    "Zaltbommel",
    "Maasdriel",
    "Leeuwarden",
    "Groningen",
    "Assen",
    "Emmen",
    "Almere",
    "Lelystad",
    "Haarlem",
    "Leiden",
    "Delft",
    "Gouda",
    "Dordrecht",
    "Middelburg",
    "Vlissingen",
    "Goes",
    "Terneuzen",
    "Venlo",
    "Roermond",
    "Maastricht",
    "Heerlen",
    "Sittard-Geleen",
]
PROVINCIES = [
    ("PV20", "Groningen"),
    ("PV21", "Fryslân"),
    ("PV22", "Drenthe"),
    ("PV23", "Overijssel"),
    ("PV24", "Flevoland"),
    ("PV25", "Gelderland"),
    ("PV26", "Utrecht"),
    ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"),
    ("PV29", "Zeeland"),
    ("PV30", "Noord-Brabant"),
    ("PV31", "Limburg"),
]
WATERSCHAPPEN = [
    "Aa en Maas",
    "De Dommel",
    "Brabantse Delta",
    "Rivierenland",
    "Vallei en Veluwe",
    "Rijn en IJssel",
    "Vechtstromen",
    "Drents Overijsselse Delta",
    "Zuiderzeeland",
    "Limburg",
    "Scheldestromen",
    "Hollandse Delta",
    "Delfland",
    "Rijnland",
    "Stichtse Rijnlanden",
    "Amstel, Gooi en Vecht",
    "Hollands Noorderkwartier",
    "Noorderzijlvest",
    "Hunze en Aa's",
    "Wetterskip Fryslân",
    "Schieland en de Krimpenerwaard",
]
MINISTERIES = [
    ("mnre1034", "Binnenlandse Zaken en Koninkrijksrelaties"),
    ("mnre1045", "Klimaat en Groene Groei"),
    ("mnre1130", "Infrastructuur en Waterstaat"),
    ("mnre1153", "Volkshuisvesting en Ruimtelijke Ordening"),
    ("mnre1025", "Volksgezondheid, Welzijn en Sport"),
]
PARTNERS = [
    ("Enexis", PartnerKind.NETBEHEERDER),
    ("Stedin", PartnerKind.NETBEHEERDER),
    ("Alliander", PartnerKind.NETBEHEERDER),
    ("TenneT", PartnerKind.NETBEHEERDER),
    ("Brabant Wonen", PartnerKind.WONINGCORPORATIE),
    ("Woonbedrijf", PartnerKind.WONINGCORPORATIE),
    ("Area Wonen", PartnerKind.WONINGCORPORATIE),
    ("Energiecoöperatie Noordoost-Brabant", PartnerKind.ENERGIE),
    ("Zuidenwind", PartnerKind.ENERGIE),
    ("Eneco", PartnerKind.ENERGIE),
    ("TU Eindhoven", PartnerKind.KENNISINSTELLING),
    ("HAS green academy", PartnerKind.KENNISINSTELLING),
    ("ZLTO", PartnerKind.MAATSCHAPPELIJK),
    ("Brabants Landschap", PartnerKind.MAATSCHAPPELIJK),
    ("VNG", PartnerKind.KOEPEL),
    ("Unie van Waterschappen", PartnerKind.KOEPEL),
]

KINDS = [
    "Samenwerkingsovereenkomst",
    "Convenant",
    "Bestuursovereenkomst",
    "Intentieverklaring",
    "Regiodeal",
    "Samenwerkingsafspraken",
    "Uitvoeringsovereenkomst",
]
TOPICS = {
    Theme.ENERGIE: ["energietransitie", "zon en wind op land", "energiehubs", "netcongestie"],
    Theme.WARMTE: ["warmtetransitie", "warmtenet", "aardgasvrije wijken", "aquathermie"],
    Theme.WONEN: ["woningbouw", "huisvesting statushouders", "woondeal", "flexwonen"],
    Theme.KLIMAATADAPTATIE: ["klimaatadaptatie", "waterberging", "droogte en hittestress"],
    Theme.MOBILITEIT: ["mobiliteit", "snelfietsroutes", "openbaar vervoer", "laadinfrastructuur"],
    Theme.SOCIAAL_DOMEIN: ["jeugdzorg", "schuldhulpverlening", "arbeidsmarktregio"],
    Theme.OVERIG: ["digitale dienstverlening", "aanpak ondermijning", "vrijetijdseconomie"],
}
TASKS = [
    "De partijen werken samen aan {topic} in de regio en maken afspraken over wie wat doet.",
    "In {year} is het programma {topic} in uitvoering en zijn de eerste projecten opgeleverd.",
    "Het gaat om de opgave {topic}: de vraag groeit sneller dan één organisatie kan bijbenen.",
    "De regio wil {topic} versnellen door plannen, budgetten en capaciteit te bundelen.",
]
WHYS = [
    "Geen partij kan dit alleen: de gemeenten zijn bevoegd gezag en de provincie stelt het "
    "omgevingsbeleid vast.",
    "De opgave overschrijdt gemeentegrenzen; alleen samen komen ruimte, geld en draagvlak op "
    "dezelfde plek en op hetzelfde moment bij elkaar.",
    "Netbeheerders, corporaties en overheden zijn van elkaar afhankelijk: wie alleen plant, "
    "loopt vast op netcapaciteit, vergunningen of financiering.",
    "Inwoners en ondernemers verwachten één aanspreekpunt, niet vijf loketten die elkaar "
    "tegenspreken.",
    "Het rijk ondersteunt met middelen en kennis, maar de uitvoering ligt in de regio.",
]
RESULTS = [
    "In {year} is het doel voor {topic} gehaald en zijn de resultaten openbaar gemonitord.",
    "Elke gemeente heeft een uitvoeringsprogramma vastgesteld en de voortgang wordt jaarlijks "
    "besproken in de stuurgroep.",
    "Projecten lopen niet langer vast door onverwachte netcongestie of ontbrekende vergunningen.",
    "Minstens de helft van de projecten is in lokaal eigendom of met inwoners ontwikkeld.",
]
FUNCTIONS = [
    "Wethouder duurzaamheid",
    "Gedeputeerde energie",
    "Heemraad klimaat en water",
    "Directeur ruimte",
    "Programmamanager",
    "Regiodirecteur",
    "Dijkgraaf",
]
SUBJECTS = [
    "Opdrachten voor onderzoek en participatie binnen het werkbudget",
    "Subsidieverlening binnen de regeling voor {topic}",
    "Afspraken over netplanning en de volgorde van netuitbreidingen",
    "Het standpunt in de stuurgroep over {topic}",
]
DECISIONS = [
    "De stuurgroep stelt het werkplan {topic} {year} vast.",
    "De samenwerkingsovereenkomst wordt verlengd tot en met {end}.",
    "Het kernteam krijgt opdracht de zoekgebieden opnieuw te beoordelen op netcapaciteit.",
    "De partijen verdelen het regionale budget naar rato van het aantal inwoners.",
    "De evaluatie leidt tot een wijziging van de escalatieladder.",
]
# Only where a waterschap is party (about a third of the agreements) do texts mention it.
WATER_WHY = (
    "De waterschappen beheren gronden, watersystemen en rioolwaterzuiveringen die nodig zijn "
    "voor de opgave."
)
WATER_SUBJECT = "Inbreng van waterschapslocaties en gronden voor waterberging"
WATER_DECISIONS = [
    "Afstemming met de waterschappen over waterberging en aquathermie is afgerond.",
    "De waterschappen schuiven aan bij het ambtelijk kernteam.",
]
STEPS = ["opgave", "partijen", "eigenaarschap", "tafels", "escalatie", "looptijd"]


def organisations() -> dict[str, list[Organisation]]:
    rows: list[Organisation] = []
    provinces = {}
    for code, name in PROVINCIES:
        province = Organisation(
            code=code, name=name, official_name=f"Provincie {name}", layer=Layer.PROVINCIE
        )
        provinces[code] = province
        rows.append(province)
    for number in range(342):
        base = GEMEENTEN[number % len(GEMEENTEN)]
        name = base if number < len(GEMEENTEN) else f"{base}-{number // len(GEMEENTEN)}"
        rows.append(
            Organisation(
                code=f"GM{number + 1:04d}",
                name=name,
                official_name=f"Gemeente {name}",
                layer=Layer.GEMEENTE,
                province=provinces["PV30"]
                if number < 47
                else provinces[PROVINCIES[number % 12][0]],
            )
        )
    for number, name in enumerate(WATERSCHAPPEN):
        rows.append(
            Organisation(
                code=f"ws{number + 600:04d}",
                name=name,
                official_name=name if name.startswith("Wetterskip") else f"Waterschap {name}",
                layer=Layer.WATERSCHAP,
            )
        )
    for code, name in MINISTERIES:
        rows.append(
            Organisation(
                code=code, name=name, official_name=f"Ministerie van {name}", layer=Layer.RIJK
            )
        )
    for name, kind in PARTNERS:
        rows.append(
            Organisation(name=name, official_name=name, layer=Layer.PARTNER, partner_kind=kind)
        )
    Organisation.objects.bulk_create(rows, batch_size=BATCH)
    by_layer: dict[str, list[Organisation]] = {}
    for row in rows:
        by_layer.setdefault(row.layer, []).append(row)
    return by_layer


def document_for(agreement: Agreement, parties: list[Party], version: int, start, end) -> dict:
    return {
        "schema_version": 1,
        "task": {"title": agreement.title, "theme": agreement.theme, "task": agreement.task},
        "parties": [
            {
                "key": str(party.organisation_id),
                "organisation": {"name": party.organisation.name, "code": party.organisation.code},
            }
            for party in parties
        ],
        "term": {
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "next_evaluation": None,
        },
        "version": version,
    }


def seed(count: int, rng: random.Random) -> tuple[User, int]:
    orgs = organisations()
    brabant = next(o for o in orgs[Layer.PROVINCIE] if o.code == "PV30")
    reader = User.objects.create_user(email=READER, password=None, full_name="Lezer Noord-Brabant")
    Membership.objects.create(user=reader, organisation=brabant, role=Role.LEZER)
    editor = User.objects.create_user(
        email="opsteller@brabant.bench.nl", password=None, full_name="Opsteller Noord-Brabant"
    )
    Membership.objects.create(user=editor, organisation=brabant, role=Role.OPSTELLER)
    label = f"{editor.full_name} <{editor.email}>"
    today = date.today()

    agreements, parties, mandates, versions = [], [], [], []
    decisions, evaluations, events, signatures = [], [], [], []
    current, signed = {}, {}
    themes = list(TOPICS)
    for number in range(count):
        theme = themes[number % len(themes)]
        topic = rng.choice(TOPICS[theme])
        members = rng.sample(orgs[Layer.GEMEENTE], rng.randint(1, 4))
        if rng.random() < 0.8:
            members.insert(0, brabant)
        if theme == Theme.KLIMAATADAPTATIE or rng.random() < 0.2:
            members.append(rng.choice(orgs[Layer.WATERSCHAP]))
        if rng.random() < 0.3:
            members.append(rng.choice(orgs[Layer.PARTNER]))
        if rng.random() < 0.1:
            members.append(rng.choice(orgs[Layer.RIJK]))
        water = any(m.layer == Layer.WATERSCHAP for m in members)
        subjects = [*SUBJECTS, WATER_SUBJECT] if water else SUBJECTS
        decided = [*DECISIONS, *WATER_DECISIONS] if water else DECISIONS
        start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 365 * 7))
        end = start + timedelta(days=365 * rng.randint(2, 8))
        year = end.year
        place = next((m.name for m in members if m.layer == Layer.GEMEENTE), "de regio")
        agreement = Agreement(
            title=f"{rng.choice(KINDS)} {topic} {place} {start.year}",
            theme=theme,
            task=" ".join(s.format(topic=topic, year=year) for s in rng.sample(TASKS, 2)),
            why=" ".join([*rng.sample(WHYS, 2), *([WATER_WHY] if water else [])]),
            intended_result=" ".join(
                s.format(topic=topic, year=year) for s in rng.sample(RESULTS, 2)
            ),
            start_date=start,
            end_date=end,
            next_evaluation=today + timedelta(days=rng.randint(-60, 700))
            if rng.random() < 0.7
            else None,
            draft_open=rng.random() < 0.1,
            terminated_on=start + timedelta(days=400) if rng.random() < 0.03 else None,
            revision=rng.randint(5, 40),
            created_by=editor,
        )
        agreements.append(agreement)
        own = [
            Party(agreement=agreement, organisation=organisation, position=position)
            for position, organisation in enumerate(members)
        ]
        parties.extend(own)
        for position in range(rng.randint(2, 3)):
            mandates.append(
                Mandate(
                    agreement=agreement,
                    party=rng.choice(own),
                    position=position,
                    function=rng.choice(FUNCTIONS),
                    subject=rng.choice(subjects).format(topic=topic),
                    basis=MandateBasis.COLLEGEBESLUIT,
                    basis_date=start - timedelta(days=30),
                    basis_reference=f"B&W {start.year}-{rng.randint(1, 999)}",
                )
            )
        adopted = []
        for version_number in (1, 2, 3):
            version_start = start + timedelta(days=365 * (version_number - 1))
            document = document_for(agreement, own, version_number, version_start, end)
            canonical = json.dumps(
                document, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            )
            at = EPOCH + timedelta(days=number % 900 + 200 * version_number)
            version = Version(
                agreement=agreement,
                number=version_number,
                document=document,
                schema_version=1,
                sha256=hashlib.sha256(canonical.encode()).hexdigest(),
                adopted_by=editor,
                adopted_by_label=label,
                adopted_at=at,
                note="" if version_number == 1 else "Looptijd en mandaten bijgewerkt na evaluatie",
                title=agreement.title,
                theme=theme,
                start_date=version_start,
                end_date=end,
            )
            versions.append(version)
            adopted.append(version)
            # Every party signs versions 1 and 2; version 3 awaits signatures in 30%.
            if version_number < 3 or rng.random() < 0.7:
                signed[agreement.pk] = version
                signatures.extend(
                    Signature(
                        version=version,
                        organisation=party.organisation,
                        method=SignatureMethod.DIGITAL,
                        signatory_name="Ondertekenaar",
                        signatory_function="Burgemeester",
                        basis="Collegebesluit",
                        place=place,
                        signed_on=at.date(),
                        recorded_at=at + timedelta(days=14),
                    )
                    for party in own
                )
        current[agreement.pk] = adopted[-1]
        for index in range(rng.randint(3, 5)):
            decisions.append(
                Decision(
                    agreement=agreement,
                    version=adopted[min(index, 2)],
                    decided_on=start + timedelta(days=90 * (index + 1)),
                    table_name=rng.choice(
                        ["Stuurgroep", "Ambtelijk kernteam", "Bestuurlijk overleg"]
                    ),
                    what=rng.choice(decided).format(topic=topic, year=year, end=end.year),
                    reference=f"BL-{start.year}-{index + 1:02d}",
                    recorded_by=editor,
                )
            )
        evaluations.append(
            Evaluation(
                agreement=agreement,
                version=adopted[-1],
                held_on=start + timedelta(days=365),
                content_score=rng.randint(2, 5),
                content_note="De resultaten liggen grotendeels op schema.",
                process_score=rng.randint(2, 5),
                process_note="De tafels komen op tijd bijeen; de besluitenlijsten zijn volledig.",
                relationship_score=rng.randint(2, 5),
                relationship_note="Open gesprekken, ook als het schuurt.",
                recorded_by=editor,
            )
        )
        target = {
            "object_type": "agreements.agreement",
            "object_id": str(agreement.pk),
            "object_label": agreement.title[:250],
            "actor": editor,
            "actor_label": label,
            "organisation": brabant,
        }
        events.append(
            AuditEvent(
                at=EPOCH,
                action="agreement.created",
                changes={"title": [None, agreement.title]},
                **target,
            )
        )
        for revision, step in enumerate(rng.sample(STEPS, 4), start=1):
            events.append(
                AuditEvent(
                    at=EPOCH + timedelta(days=number % 900, hours=revision),
                    action="agreement.step_saved",
                    changes={"step": [step, step], "revision": [revision - 1, revision]},
                    **target,
                )
            )
        for version in adopted:
            if version.number > 1:
                events.append(
                    AuditEvent(
                        at=version.adopted_at - timedelta(days=30),
                        action="draft.started",
                        changes={"based_on": [None, version.number - 1]},
                        **target,
                    )
                )
            events.append(
                AuditEvent(
                    at=version.adopted_at,
                    action="version.adopted",
                    changes={
                        "version": [None, version.number],
                        "sha256": [None, version.sha256],
                        "note": [None, version.note],
                    },
                    **target,
                )
            )

    for model, rows in [
        (Agreement, agreements),
        (Party, parties),
        (Mandate, mandates),
        (Version, versions),
        (Signature, signatures),
        (Decision, decisions),
        (Evaluation, evaluations),
        (AuditEvent, events),
    ]:
        model.objects.bulk_create(rows, batch_size=BATCH)
    Agreement.objects.bulk_update(
        [
            Agreement(
                pk=pk,
                current_version=latest,
                signed_version=signed.get(pk),
                in_force_start=signed.get(pk, latest).start_date,
                in_force_end=signed.get(pk, latest).end_date,
            )
            for pk, latest in current.items()
        ],
        ["current_version", "signed_version", "in_force_start", "in_force_end"],
        batch_size=BATCH,
    )
    # The triggers on mandates and decisions rewrote every agreement row twice while seeding;
    # compact the table as a long-lived one would be, and give the planner statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL agreements_agreement")
        cursor.execute("VACUUM ANALYZE")
    rows = sum(
        map(
            len,
            [agreements, parties, mandates, versions, signatures, decisions, evaluations, events],
        )
    )
    return reader, rows


def measure(client: Client, url: str) -> tuple[float, float, int, int | str]:
    for _ in range(WARM_UPS):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    count = re.search(r"([\d.]+) afspra(?:ak|ken) gevonden", html)
    found = count.group(1) if count else 0
    if "Meer dan 1.000" in html:
        found = "> 1.000"
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(queries), found


def prepared_reader(description: str) -> tuple[argparse.Namespace, User]:
    """The command line, and the reader of the database: seeded now, or from an earlier run
    with `--reuse` (shared with bench/overview.py, so both measure the same data)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database seeded by an earlier run instead of seeding it again",
    )
    args = parser.parse_args()
    if args.reuse:
        args.agreements = Agreement.objects.count()
        return args, User.objects.get(email=READER)
    started = time.perf_counter()
    recreate_database()
    migrated = time.perf_counter()
    reader, rows = seed(args.agreements, random.Random(args.seed))
    print(
        f"Migrated in {migrated - started:.1f} s; seeded {args.agreements} agreements "
        f"({rows} rows) in {time.perf_counter() - migrated:.1f} s.\n"
    )
    return args, reader


def main() -> None:
    args, reader = prepared_reader(__doc__.split("\n")[0])
    client = Client()
    client.force_login(reader)
    registry = reverse("agreement_list")
    sample = Agreement.objects.filter(parties__organisation__code="PV30").order_by("pk").first()
    try:
        detail_name = "Tijdlijn van één afspraak"
        detail = reverse("agreement_timeline", args=[sample.pk])
    except NoReverseMatch:
        detail_name = "Eén afspraak (detailpagina; er is geen tijdlijn)"
        detail = reverse("agreement_detail", args=[sample.pk])
    pages = [
        ("Register, eerste pagina", registry),
        ("Register, status verlopen", f"{registry}?{urlencode({'status': 'verlopen'})}"),
        ("Zoeken: waterschap", f"{registry}?{urlencode({'q': 'waterschap'})}"),
        ("Zoeken: overeenkomst", f"{registry}?{urlencode({'q': 'overeenkomst'})}"),
        (detail_name, detail),
    ]
    print(f"{args.agreements} afspraken, {REQUESTS} verzoeken na {WARM_UPS} om op te warmen\n")
    print("| Pagina | Mediaan (ms) | p95 (ms) | Queries | Gevonden |")
    print("|---|---:|---:|---:|---:|")
    for name, url in pages:
        median, p95, queries, found = measure(client, url)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {found or '—'} |")


if __name__ == "__main__":
    main()
