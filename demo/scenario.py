"""The demo scenario: the RES region Noordoost-Brabant and its parties.

Every organisation has a reader, an editor, a signatory and a beheerder, all with the same demo
password, so each role can be tried. Safe to run repeatedly: it updates rather than duplicates.
"""

import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Layer, Membership, Organisation, PartnerKind, Role, User
from agreements.discussion import comments, reviews
from agreements.models import (
    Agreement,
    CommentVisibility,
    CouncilControl,
    DeadlockResolution,
    Enforceability,
    EscalationStep,
    GovernanceStyle,
    Mandate,
    MandateBasis,
    Party,
    Publication,
    RaciCell,
    RoleKind,
    RoleOption,
    RuleSet,
    Table,
    TableLevel,
    Theme,
    ValueCommitment,
    Version,
    WorkPackage,
)
from agreements.records import decisions, evaluations
from agreements.versions import adoption as versioning
from agreements.versions import publication, signing

DEMO_PASSWORD = "spelregels-demo"  # noqa: S105 -- printed for the demo on purpose
DEMO_AGREEMENT_TITLE = "Samenwerkingsafspraken RES Noordoost-Brabant"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    code: str
    name: str
    official_name: str
    layer: str
    partner_kind: str = ""
    province_code: str = ""
    # Parties from the start; the others join in the amendment of the demo's history.
    founding: bool = True


ORGANISATIONS = [
    DemoOrganisation(
        "bzk",
        "mnre1034",
        "Binnenlandse Zaken en Koninkrijksrelaties",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        Layer.RIJK,
    ),
    DemoOrganisation(
        "brabant", "PV30", "Noord-Brabant", "Provincie Noord-Brabant", Layer.PROVINCIE
    ),
    DemoOrganisation(
        "bernheze", "GM1721", "Bernheze", "Gemeente Bernheze", Layer.GEMEENTE, province_code="PV30"
    ),
    DemoOrganisation(
        "denbosch",
        "GM0796",
        "'s-Hertogenbosch",
        "Gemeente 's-Hertogenbosch",
        Layer.GEMEENTE,
        province_code="PV30",
    ),
    DemoOrganisation("oss", "GM0828", "Oss", "Gemeente Oss", Layer.GEMEENTE, province_code="PV30"),
    DemoOrganisation("aaenmaas", "ws0654", "Aa en Maas", "Waterschap Aa en Maas", Layer.WATERSCHAP),
    DemoOrganisation(
        "enexis", "", "Enexis", "Enexis Netbeheer", Layer.PARTNER, PartnerKind.NETBEHEERDER
    ),
    DemoOrganisation(
        "energiek",
        "",
        "Energiecoöperatie Noordoost-Brabant",
        "Energiecoöperatie Noordoost-Brabant U.A.",
        Layer.PARTNER,
        PartnerKind.ENERGIE,
    ),
    DemoOrganisation(
        "meierijstad",
        "GM1948",
        "Meierijstad",
        "Gemeente Meierijstad",
        Layer.GEMEENTE,
        province_code="PV30",
        founding=False,
    ),
]

# One person per role and organisation; the function says what such a person does there.
PEOPLE = {
    Role.OPSTELLER: ("Opsteller", "beleidsadviseur energietransitie"),
    Role.ONDERTEKENAAR: ("Ondertekenaar", "bestuurder met mandaat"),
    Role.LEZER: ("Lezer", "programmasecretaris"),
    Role.BEHEERDER: ("Beheerder", "functioneel beheerder"),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


def demo_email(role: str, slug: str) -> str:
    return f"{role}@{slug}.example.nl"


def _organisation(spec: DemoOrganisation) -> Organisation:
    """The reference organisation when loaded, otherwise a minimal one created here."""
    if spec.code:
        province = Organisation.objects.filter(code=spec.province_code).first()
        organisation, _ = Organisation.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "official_name": spec.official_name,
                "layer": spec.layer,
                "province": province,
            },
        )
        return organisation
    organisation, _ = Organisation.objects.get_or_create(
        official_name=spec.official_name,
        layer=Layer.PARTNER,
        defaults={"name": spec.name, "partner_kind": spec.partner_kind},
    )
    return organisation


# The demo agreement's content, step by step. Parties are named by their slug in ORGANISATIONS.

DEMO_AGREEMENT = {
    # Step 1: opgave en doel
    "task": (
        "Uitvoeren van de RES 1.0 en opstellen van de RES 2.0 voor Noordoost-Brabant: in 2030 "
        "circa 1,5 TWh per jaar grootschalig duurzaam opwekken met zon en wind op land, en met "
        "de Regionale Structuur Warmte afspreken hoe bovenlokale warmtebronnen in de regio "
        "worden ingezet en verdeeld."
    ),
    "theme": Theme.ENERGIE,
    "why": (
        "Geen partij kan dit alleen. De gemeenten zijn bevoegd gezag voor zon- en windprojecten, "
        "de provincie stelt het omgevingsbeleid vast, het waterschap beheert gronden en "
        "warmtebronnen zoals rioolwaterzuiveringen, Enexis bepaalt waar en wanneer het net kan "
        "worden uitgebreid en de energiecoöperatie brengt inwoners en lokaal eigendom mee. Het "
        "rijk zet het kader van het Klimaatakkoord en ondersteunt via het Nationaal Programma "
        "RES. Alleen samen komen zoekgebieden, netcapaciteit en draagvlak op dezelfde plek en "
        "op hetzelfde moment bij elkaar."
    ),
    "intended_result": (
        "In 2030 is in de regio 1,5 TWh per jaar aan grootschalige zon- en windopwek "
        "gerealiseerd of vergund, met ten minste 50% lokaal eigendom. De Regionale Structuur "
        "Warmte is vastgesteld en vertaald in de warmteprogramma's van de gemeenten. "
        "Netuitbreiding en opwekprojecten zijn zo op elkaar afgestemd dat geen project "
        "stilvalt door onverwachte netcongestie."
    ),
    "governance_style": GovernanceStyle.NETWERK,
    "rule_set": RuleSet.AANWIJZINGEN,
    "enforceability": Enforceability.NIET_AFDWINGBAAR,
    # Step 6: waarden en samenwerking
    "relationship": (
        "Zacht op de relatie, hard op de inhoud. De ambtelijke en de bestuurlijke lijn blijven "
        "gescheiden: ambtelijk blijven we praten, ook als het bestuurlijk knettert. Verschillen "
        "van inzicht bespreken we eerst aan de ambtelijke tafel, voordat ze bestuurlijk worden "
        "gemaakt. Wie een lokaal besluit voorbereidt dat de regionale afspraken raakt, meldt dat "
        "vroegtijdig in het kernteam, en uitspraken in de media over de gezamenlijke opgave "
        "stemmen we vooraf af."
    ),
    "informal_contact": (
        "We beginnen met elkaar je telefoonnummer geven: alle bestuurlijk en ambtelijk "
        "vertegenwoordigers staan in het contactenboek van deze afspraak. Twee keer per jaar "
        "werkt het kernteam een dag samen op locatie bij een van de partijen, met de laptops "
        "open en een flipover erbij. Eenmaal per jaar maakt de stuurgroep een werkbezoek aan een "
        "zon- of windproject in de regio."
    ),
    # Step 7: looptijd, evaluatie en wijziging
    "start_date": date(2024, 3, 1),
    "end_date": date(2030, 12, 31),
    "indefinite": False,
    "extension": (
        "Uiterlijk zes maanden voor de einddatum besluit de stuurgroep, op basis van de "
        "evaluatie, of de afspraken worden verlengd. Verlenging gebeurt schriftelijk en met "
        "instemming van alle partijen; stilzwijgende verlenging is uitgesloten."
    ),
    "termination": (
        "Een partij kan deze afspraken schriftelijk en gemotiveerd opzeggen, nadat de "
        "escalatieladder is doorlopen. De afspraken blijven voor de overige partijen in stand; "
        "de stuurgroep bespreekt binnen drie maanden de gevolgen voor werkpakketten en budget. "
        "Financiële verplichtingen voor het lopende jaar blijven staan; schadevergoeding is "
        "uitgesloten."
    ),
    "notice_period_months": 6,
    "accession": (
        "Andere overheden en maatschappelijke partners in de regio kunnen toetreden met een "
        "schriftelijk verzoek aan de stuurgroep. Na instemming van alle partijen ondertekent de "
        "toetreder deze afspraken; verzoek en instemming worden als bijlage opgenomen en de "
        "toetreding wordt openbaar gemaakt."
    ),
    "amendment": (
        "Wijzigingen worden voorgesteld in de stuurgroep en gelden pas na schriftelijke "
        "instemming van alle partijen, elk volgens de eigen besluitvorming, inclusief raad, "
        "Staten of algemeen bestuur waar dat is afgesproken. Elke wijziging wordt een nieuwe, "
        "genummerde versie van deze afspraken en wordt openbaar gemaakt."
    ),
    "evaluation_cadence": "jaarlijks in het voorjaar",
    "evaluation_by": ("Ambtelijk kernteam met een externe begeleider; bespreking in de stuurgroep"),
    "next_evaluation": date(2027, 4, 1),
    "financial": (
        "Iedere partij draagt haar eigen personeels- en apparaatskosten. Het programmabureau "
        "(€ 450.000 per jaar) wordt betaald uit de rijksbijdrage voor het RES-proces "
        "(€ 200.000), een provinciale bijdrage (€ 150.000) en bijdragen van de gemeenten naar "
        "rato van het aantal inwoners (samen € 100.000). Bernheze beheert het budget namens de "
        "partijen en legt jaarlijks verantwoording af aan de stuurgroep. Investeringen in opwek "
        "en netten vallen buiten deze afspraken."
    ),
    "publication": Publication.OPENBAAR,
    "non_publication_ground": "",
}

# Parties and their roles. "formal", "ladder" and "network" are RoleOption codes of that kind.
DEMO_PARTIES = {
    "bzk": {
        "political_representative": (
            "mr. P. Hendriks, directeur Nationaal Programma RES, namens de minister van BZK"
        ),
        "civil_contact": "ir. S. Bakker, regioadviseur Nationaal Programma RES",
        "formal": ["financier", "kennispartner"],
        "ladder": "stimuleren",
        "network": "vitaliseren",
        "contributes_capacity": "Regioadviseur van het NP RES, circa een dag per week",
        "contributes_money": "Rijksbijdrage voor het RES-proces: € 200.000 per jaar",
        "contributes_knowledge": (
            "Landelijke monitoring (PBL), handreikingen en de expertpool van het NP RES"
        ),
        "council_control": "",
        "council_control_note": "",
    },
    "brabant": {
        "political_representative": "dhr. M. van den Heuvel, gedeputeerde energie",
        "civil_contact": "drs. L. Jansen, beleidsadviseur energietransitie",
        "formal": ["bevoegd-gezag", "financier"],
        "ladder": "regisseren",
        "network": "balanceren",
        "contributes_capacity": "Twee beleidsadviseurs in het kernteam, samen 1,2 fte",
        "contributes_money": "Bijdrage aan het programmabureau: € 150.000 per jaar",
        "contributes_knowledge": (
            "Ruimtelijke analyses, het provinciale omgevingsbeleid en de provinciale "
            "aanpak van netcongestie"
        ),
        "council_control": CouncilControl.ZIENSWIJZE,
        "council_control_note": (
            "Provinciale Staten geven een zienswijze op elke RES-versie voordat de stuurgroep "
            "die aanbiedt."
        ),
    },
    "bernheze": {
        "political_representative": "mw. M. Moorman, burgemeester en voorzitter stuurgroep RES",
        "civil_contact": "ing. R. van Dijk, programmamanager RES Noordoost-Brabant",
        "formal": ["bevoegd-gezag", "opdrachtgever"],
        "ladder": "aanjagen",
        "network": "mobiliseren",
        "contributes_capacity": (
            "Programmamanager en secretariaat van het programmabureau, samen 1,5 fte"
        ),
        "contributes_money": "Bijdrage aan het programmabureau: € 12.000 per jaar",
        "contributes_knowledge": (
            "Ervaring met participatie rond zoekgebieden in het buitengebied"
        ),
        "council_control": CouncilControl.WENSEN_BEDENKINGEN,
        "council_control_note": (
            "De raad geeft vooraf wensen en bedenkingen mee en stelt de RES vast; zoekgebieden "
            "krijgen pas rechtskracht via het omgevingsplan."
        ),
    },
    "denbosch": {
        "political_representative": "dhr. K. Peters, wethouder energietransitie",
        "civil_contact": "mw. E. Smits, senior beleidsadviseur energie",
        "formal": ["bevoegd-gezag", "uitvoerder"],
        "ladder": "stimuleren",
        "network": "coordineren",
        "contributes_capacity": "Trekker van de Regionale Structuur Warmte, 0,8 fte",
        "contributes_money": "Bijdrage aan het programmabureau: € 55.000 per jaar",
        "contributes_knowledge": "Warmtetransitievisie en warmtevraagkaarten van de stad",
        "council_control": CouncilControl.INSTEMMING,
        "council_control_note": (
            "De raad stemt in met elke RES-versie en met de Regionale Structuur Warmte voordat "
            "de wethouder die in de stuurgroep vaststelt."
        ),
    },
    "oss": {
        "political_representative": "mw. J. de Vries, wethouder duurzaamheid",
        "civil_contact": "dhr. T. Willems, beleidsmedewerker energie",
        "formal": ["bevoegd-gezag"],
        "ladder": "faciliteren",
        "network": "improviseren",
        "contributes_capacity": "Beleidsmedewerker energie in het kernteam, 0,5 fte",
        "contributes_money": "Bijdrage aan het programmabureau: € 33.000 per jaar",
        "contributes_knowledge": "Ervaring met zonneparken op bedrijventerreinen",
        "council_control": CouncilControl.WENSEN_BEDENKINGEN,
        "council_control_note": (
            "De raad geeft wensen en bedenkingen mee bij de concept-RES en stelt de RES vast."
        ),
    },
    "aaenmaas": {
        "political_representative": "dhr. H. Verbeek, heemraad klimaat en energie",
        "civil_contact": "mw. A. Hermans, adviseur energie en klimaat",
        "formal": ["beheerder", "uitvoerder"],
        "ladder": "verbinden",
        "network": "balanceren",
        "contributes_capacity": "Adviseur energie in het kernteam, 0,3 fte",
        "contributes_money": "",
        "contributes_knowledge": (
            "Potentieel van aquathermie en rioolwaterzuiveringen als warmtebron"
        ),
        "council_control": CouncilControl.GEINFORMEERD,
        "council_control_note": (
            "Het algemeen bestuur wordt via de bestuursrapportage over de voortgang geïnformeerd."
        ),
    },
    "enexis": {
        "political_representative": "dhr. B. Kuipers, regiodirecteur Enexis Netbeheer Brabant",
        "civil_contact": "mw. N. Claassen, regioregisseur energietransitie",
        "formal": ["uitvoerder", "kennispartner"],
        "ladder": "faciliteren",
        "network": "coordineren",
        "contributes_capacity": "Regioregisseur en netplanner, samen 0,8 fte",
        "contributes_money": "Eigen investeringen in het net volgens het investeringsplan",
        "contributes_knowledge": (
            "Netcapaciteitskaarten, congestieprognoses en de investeringsplanning"
        ),
        "council_control": "",
        "council_control_note": "",
    },
    "energiek": {
        "political_representative": "mw. F. Bosch, voorzitter van het bestuur",
        "civil_contact": "dhr. D. Maas, projectleider participatie",
        "formal": ["uitvoerder", "kennispartner"],
        "ladder": "aanjagen",
        "network": "mobiliseren",
        "contributes_capacity": "Vrijwilligers en een betaalde projectleider, 0,4 fte",
        "contributes_money": "",
        "contributes_knowledge": (
            "Netwerk van inwoners en ervaring met lokaal eigendom van zon- en windprojecten"
        ),
        "council_control": "",
        "council_control_note": "",
    },
}

# Ownership (RACI). Each row has exactly one A and at least one R.
DEMO_WORK_PACKAGES = [
    (
        "Zoekgebieden zon en wind",
        "Zoekgebieden voor grootschalige opwek uitwerken met omwonenden, met oog voor "
        "landschap en netcapaciteit.",
        {
            "bernheze": "A",
            "denbosch": "R",
            "oss": "R",
            "energiek": "R",
            "brabant": "C",
            "aaenmaas": "C",
            "enexis": "C",
            "bzk": "I",
        },
    ),
    (
        "Regionale Structuur Warmte",
        "Warmtevraag en warmtebronnen in beeld brengen en afspreken hoe bovenlokale bronnen "
        "worden verdeeld.",
        {
            "denbosch": "A",
            "bernheze": "R",
            "oss": "R",
            "aaenmaas": "R",
            "brabant": "C",
            "enexis": "C",
            "energiek": "I",
            "bzk": "I",
        },
    ),
    (
        "Netcapaciteit en netcongestie",
        "Opwekprojecten en netuitbreiding in tijd en plaats op elkaar afstemmen.",
        {
            "enexis": "A",
            "brabant": "R",
            "bernheze": "C",
            "denbosch": "C",
            "oss": "C",
            "energiek": "C",
            "aaenmaas": "I",
            "bzk": "I",
        },
    ),
]

ALL_DEMO_PARTIES = list(DEMO_PARTIES)
GOVERNMENTS = ["brabant", "bernheze", "denbosch", "oss", "aaenmaas"]

# Tables (overleggen) and what each decides.
DEMO_TABLES = [
    {
        "name": "Stuurgroep RES Noordoost-Brabant",
        "level": TableLevel.BESTUURLIJK,
        "chair": "bernheze",
        "members": ALL_DEMO_PARTIES,
        "cadence": "vier keer per jaar: maart, juni, oktober en december",
        "decides": (
            "Stelt de concept-RES en de actualisaties vast ter besluitvorming door raden, Staten "
            "en algemeen bestuur, verdeelt het regionale werkbudget en besluit over geschillen "
            "die het kernteam niet oplost."
        ),
    },
    {
        "name": "Ambtelijk kernteam",
        "level": TableLevel.AMBTELIJK,
        "chair": "bernheze",
        "members": ALL_DEMO_PARTIES,
        "cadence": "elke twee weken",
        "decides": (
            "Bereidt de bestuurlijke tafels voor, stuurt de werkpakketten aan en beslist over "
            "uitvoeringsvragen binnen het vastgestelde werkplan en budget."
        ),
    },
    {
        "name": "Portefeuillehoudersoverleg energie",
        "level": TableLevel.BESTUURLIJK,
        "chair": "denbosch",
        "members": GOVERNMENTS,
        "cadence": "zes keer per jaar, twee weken voor de stuurgroep",
        "decides": (
            "Stemt lokale en regionale standpunten af en adviseert de stuurgroep; neemt zelf "
            "geen besluiten die partijen binden."
        ),
    },
]

# Mandates: who may decide what, within which limits, on which basis.
DEMO_MANDATES = [
    {
        "party": "bernheze",
        "function": "Wethouder duurzaamheid, gemeente Bernheze",
        "subject": "Opdrachten voor onderzoek en participatie rond de zoekgebieden zon en wind",
        "max_amount": Decimal("50000"),
        "limits": "Binnen het regionale werkbudget; geen ruimtelijke besluiten",
        "basis": MandateBasis.COLLEGEBESLUIT,
        "basis_date": date(2024, 2, 13),
        "basis_reference": "B&W 2024-118",
    },
    {
        "party": "brabant",
        "function": "Gedeputeerde energie, provincie Noord-Brabant",
        "subject": "Provinciale bijdrage aan het programmabureau en het standpunt in de stuurgroep",
        "max_amount": Decimal("150000"),
        "limits": "Afwijken van de omgevingsvisie vraagt een besluit van Provinciale Staten",
        "basis": MandateBasis.COLLEGEBESLUIT,
        "basis_date": date(2024, 1, 23),
        "basis_reference": "GS 2024-0042",
    },
    {
        "party": "enexis",
        "function": "Regiodirecteur Enexis Netbeheer Brabant",
        "subject": "Afspraken over netplanning en de volgorde van netuitbreidingen in de regio",
        "max_amount": None,
        "limits": (
            "Binnen het goedgekeurde investeringsplan; geen toezeggingen over individuele "
            "aansluitingen"
        ),
        "basis": MandateBasis.STATUTEN,
        "basis_date": date(2023, 11, 1),
        "basis_reference": "Volmacht directie 2023-17",
    },
    {
        "party": "bzk",
        "function": "Programmadirecteur Nationaal Programma RES",
        "subject": "Inzet van de expertpool en de procesbijdrage van het NP RES voor de regio",
        "max_amount": Decimal("200000"),
        "limits": "Geen toezeggingen over rijksbeleid of wetgeving",
        "basis": MandateBasis.MINISTERIEEL,
        "basis_date": date(2024, 1, 15),
        "basis_reference": "Mandaatregeling BZK, kenmerk 2024-0000123",
    },
    {
        "party": "aaenmaas",
        "function": "Heemraad klimaat en energie, waterschap Aa en Maas",
        "subject": "Inbreng van waterschapslocaties en aquathermie in de warmtestructuur",
        "max_amount": Decimal("25000"),
        "limits": "Verkoop of verhuur van grond vraagt een besluit van het algemeen bestuur",
        "basis": MandateBasis.COLLEGEBESLUIT,
        "basis_date": date(2024, 2, 6),
        "basis_reference": "DB 2024/07",
    },
]

# Escalation ladder, after the model clause of the Aanwijzingen voor convenanten (A16.3).
DEMO_ESCALATION = [
    {
        "trigger": (
            "Een partij meldt schriftelijk dat een afspraak niet wordt nagekomen of dat een "
            "lokaal besluit de regionale opgave raakt."
        ),
        "handler": "Programmamanager RES, die de melding aan alle partijen doorstuurt",
        "deadline_days": 10,
        "outcome": (
            "Iedere betrokken partij geeft schriftelijk haar zienswijze en een voorstel voor een "
            "oplossing."
        ),
        "deadlock_resolution": "",
    },
    {
        "trigger": "De zienswijzen en voorstellen lopen uiteen.",
        "handler": "Ambtelijk kernteam",
        "deadline_days": 15,
        "outcome": (
            "Een gezamenlijk oplossingsvoorstel, of een scherp omschreven geschilpunt voor de "
            "stuurgroep."
        ),
        "deadlock_resolution": "",
    },
    {
        "trigger": "Het ambtelijk kernteam komt niet tot een oplossing.",
        "handler": "Stuurgroep RES Noordoost-Brabant, met de betrokken portefeuillehouders",
        "deadline_days": 20,
        "outcome": "Een bestuurlijk besluit, vastgelegd in de besluitenlijst van de stuurgroep.",
        "deadlock_resolution": "",
    },
    {
        "trigger": "De stuurgroep komt er niet uit.",
        "handler": "Onafhankelijk voorzitter, door alle partijen samen aangewezen",
        "deadline_days": 30,
        "outcome": (
            "Een zwaarwegend advies dat partijen alleen gemotiveerd naast zich neerleggen; de "
            "kosten worden gelijk verdeeld."
        ),
        "deadlock_resolution": DeadlockResolution.ONAFHANKELIJK_VOORZITTER,
    },
]

# Step 6: core values and how each is secured.
DEMO_VALUES = {
    "transparantie": (
        "Agenda's, besluitenlijsten en alle versies van de RES staan binnen twee weken na elke "
        "stuurgroep op de regionale website; deze afspraken zelf zijn openbaar."
    ),
    "rechtmatigheid": (
        "De RES bindt niemand juridisch: zoekgebieden krijgen pas rechtskracht via het "
        "omgevingsplan en de vergunning van het bevoegd gezag. De juristen van gemeenten en "
        "provincie toetsen elke RES-versie vooraf."
    ),
    "rechtsgelijkheid": (
        "Voor alle zoekgebieden gelden dezelfde criteria voor landschap, afstand tot woningen en "
        "participatie, ongeacht de gemeente waarin ze liggen."
    ),
    "gelijke_behandeling": (
        "Initiatiefnemers en energiecoöperaties krijgen dezelfde informatie over netcapaciteit "
        "en zoekgebieden, op hetzelfde moment, via de regionale website."
    ),
    "democratische_legitimiteit": (
        "Raden, Staten en algemeen bestuur geven vooraf hun kaders mee en stellen elke "
        "RES-versie zelf vast; de stuurgroep bereidt alleen voor. Per partij staat hierboven "
        "hoe ver de volksvertegenwoordiging kan meepraten."
    ),
}


def _fill_demo_agreement(agreement: Agreement, parties_by_slug: dict[str, Party]) -> None:
    """Fill every step of the demo agreement; its child rows are replaced, never duplicated."""
    for field, value in DEMO_AGREEMENT.items():
        setattr(agreement, field, value)
    agreement.save()

    options = {(option.kind, option.code): option for option in RoleOption.objects.all()}
    for slug, details in DEMO_PARTIES.items():
        party = parties_by_slug[slug]
        fields = {k: v for k, v in details.items() if k not in ("formal", "ladder", "network")}
        for field, value in fields.items():
            setattr(party, field, value)
        party.ladder_role = options.get((RoleKind.LADDER, details["ladder"]))
        party.network_role = options.get((RoleKind.NETWORK, details["network"]))
        party.save()
        party.formal_roles.set(
            [
                options[(RoleKind.FORMAL, code)]
                for code in details["formal"]
                if (RoleKind.FORMAL, code) in options
            ]
        )

    # Child rows are replaced wholesale; RACI cells go with their work packages.
    agreement.work_packages.all().delete()
    agreement.tables.all().delete()
    agreement.mandates.all().delete()
    agreement.escalation_steps.all().delete()
    agreement.values.all().delete()

    for position, (name, description, letters) in enumerate(DEMO_WORK_PACKAGES, start=1):
        work_package = WorkPackage.objects.create(
            agreement=agreement, position=position, name=name, description=description
        )
        RaciCell.objects.bulk_create(
            RaciCell(work_package=work_package, party=parties_by_slug[slug], letter=letter)
            for slug, letter in letters.items()
        )

    for position, spec in enumerate(DEMO_TABLES, start=1):
        table = Table.objects.create(
            agreement=agreement,
            position=position,
            name=spec["name"],
            level=spec["level"],
            chair=parties_by_slug[spec["chair"]],
            cadence=spec["cadence"],
            decides=spec["decides"],
        )
        table.members.set([parties_by_slug[slug] for slug in spec["members"]])

    Mandate.objects.bulk_create(
        Mandate(
            agreement=agreement,
            position=position,
            party=parties_by_slug[spec["party"]],
            **{k: v for k, v in spec.items() if k != "party"},
        )
        for position, spec in enumerate(DEMO_MANDATES, start=1)
    )
    EscalationStep.objects.bulk_create(
        EscalationStep(agreement=agreement, position=position, **spec)
        for position, spec in enumerate(DEMO_ESCALATION, start=1)
    )
    ValueCommitment.objects.bulk_create(
        ValueCommitment(agreement=agreement, value=value, how=how)
        for value, how in DEMO_VALUES.items()
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _sign_by_every_party(version: Version, *, start: date) -> None:
    """Each party's demo signatory signs, one working day after the other."""
    day = start
    for key in signing.party_keys(version):
        organisation = Organisation.objects.get(pk=key)
        signatory = User.objects.get(
            memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
        )
        signing.sign_version(
            version=version,
            organisation=organisation,
            acting_user=signatory,
            signatory_name=signatory.full_name,
            signatory_function=signatory.function,
            basis=f"Besluit {organisation.name} {day.year}-{version.number:02d}",
            place=organisation.name,
            at=_at(day),
        )
        day += timedelta(days=3 if day.weekday() == 4 else 1)


def _demo_history(agreement: Agreement) -> None:
    """Version 1, a decision, an evaluation, an amendment (a party joins, a mandate changes),
    version 2 and a decision under it: a story for the timeline and the comparison. Both
    versions are signed by every party and published in the public register."""
    if agreement.versions.exists():
        return  # versions are immutable; the story is told once
    editor = User.objects.get(email=demo_email(Role.OPSTELLER, "bernheze"))
    first = versioning.adopt_version(
        agreement=agreement, acting_user=editor, note="", at=_at(date(2024, 2, 15))
    )
    _sign_by_every_party(first, start=date(2024, 2, 19))
    bernheze = editor.memberships.get().organisation
    publication.publish_version(
        version=first, organisation=bernheze, acting_user=editor, at=_at(date(2024, 3, 4))
    )
    decisions.record_decision(
        agreement=agreement,
        acting_user=editor,
        decided_on=date(2024, 4, 11),
        table_name="Stuurgroep RES Noordoost-Brabant",
        what="De zoekgebieden voor zon en wind zijn vastgesteld als bouwsteen voor de RES 2.0.",
        mandate_label=str(agreement.mandates.order_by("position").first()),
        reference="SG-2024-04",
    )
    evaluations.record_evaluation(
        agreement=agreement,
        acting_user=editor,
        held_on=date(2025, 4, 3),
        scores={
            "content": (4, "De zoekgebieden liggen op koers; netcapaciteit blijft de bottleneck."),
            "process": (
                3,
                "De stuurgroep agendeert te veel ter kennisname; besluiten blijven liggen.",
            ),
            "relationship": (
                3,
                "Ambtelijk goed contact; bestuurlijk schuurt het over de netkosten.",
            ),
        },
        actions=[
            evaluations.ActionInput(
                "Agenda stuurgroep beperken tot besluitpunten",
                "Voorzitter stuurgroep",
                date(2025, 6, 1),
            ),
            evaluations.ActionInput(
                "Meierijstad uitnodigen als partij", "Ambtelijk kernteam", date(2025, 5, 15)
            ),
        ],
        leads_to_amendment=True,
    )
    versioning.open_amendment(agreement=agreement, acting_user=editor, at=_at(date(2025, 5, 1)))
    meierijstad = _organisation(next(o for o in ORGANISATIONS if o.slug == "meierijstad"))
    party = Party.objects.create(
        agreement=agreement,
        organisation=meierijstad,
        position=agreement.parties.count(),
        political_representative="dhr. R. van den Berg, wethouder energie",
        civil_contact="mw. L. Smits, beleidsadviseur duurzaamheid",
        contributes_capacity="0,4 fte",
        contributes_money="€ 15.000 per jaar",
        council_control=CouncilControl.WENSEN_BEDENKINGEN,
    )
    party.formal_roles.set(RoleOption.objects.filter(kind=RoleKind.FORMAL, code="bevoegd-gezag"))
    for package in agreement.work_packages.all():
        RaciCell.objects.create(work_package=package, party=party, letter="I")
    mandate = agreement.mandates.order_by("position").first()
    mandate.max_amount = 75000
    mandate.save(update_fields=["max_amount"])
    second = versioning.adopt_version(
        agreement=agreement,
        acting_user=editor,
        note="Meierijstad treedt toe; mandaat zoekgebieden verhoogd naar € 75.000.",
        at=_at(date(2025, 6, 12)),
    )
    _sign_by_every_party(second, start=date(2025, 6, 16))
    publication.publish_version(
        version=second, organisation=bernheze, acting_user=editor, at=_at(date(2025, 7, 1))
    )
    decisions.record_decision(
        agreement=agreement,
        acting_user=editor,
        decided_on=date(2025, 9, 18),
        table_name="Portefeuillehoudersoverleg energie",
        what="Netcongestie krijgt voorrang bij de volgorde van zoekgebieden.",
        reference="PHO-2025-09",
    )


def _demo_discussion(agreement: Agreement) -> None:
    """A third draft under discussion today: a shared thread on a mandate with a mention and a
    reply, an internal note of Bernheze, and a review round for Brabant and Aa en Maas."""
    if agreement.draft_open or agreement.threads.exists():
        return  # the discussion is started once
    editor = User.objects.get(email=demo_email(Role.OPSTELLER, "bernheze"))
    brabant_editor = User.objects.get(email=demo_email(Role.OPSTELLER, "brabant"))
    versioning.open_amendment(agreement=agreement, acting_user=editor)
    mandate = agreement.mandates.select_related("party__organisation").get(
        party__organisation__code="PV30"
    )
    thread = comments.start_thread(
        agreement=agreement,
        acting_user=editor,
        step="tafels",
        anchor=f"mandate:{mandate.pk}",
        visibility=CommentVisibility.SHARED,
        body="Past de netcapaciteitsstudie binnen dit mandaat, of moet het college er eerst "
        "over besluiten?",
        mentions=[brabant_editor],
    )
    comments.reply(
        thread=thread,
        acting_user=brabant_editor,
        body="Tot € 50.000 wel; daarboven gaat het via Gedeputeerde Staten. Ik zoek het bedrag op.",
    )
    comments.start_thread(
        agreement=agreement,
        acting_user=editor,
        step="looptijd",
        visibility=CommentVisibility.INTERNAL,
        body="De wethouder wil de raad vooraf informeren over de verlenging (wensen en "
        "bedenkingen).",
    )
    reviews.request_review(
        agreement=agreement,
        acting_user=editor,
        due_date=timezone.localdate() + timedelta(days=14),
        reviewers=[User.objects.get(email=demo_email(Role.ONDERTEKENAAR, "brabant"))],
        parties=[_organisation(next(o for o in ORGANISATIONS if o.slug == "aaenmaas"))],
        note="Graag vóór het portefeuillehoudersoverleg: klopt de ladder nog?",
    )


@transaction.atomic
def seed_demo(*, history: bool = False, discussion: bool = False) -> list[DemoLogin]:
    """Create or refresh the demo scenario; returns the demo logins.

    `history` adds two adopted, signed and published versions; `discussion` (with `history`)
    opens a third draft with comments and a review round, as `make run` shows it."""
    logins: list[DemoLogin] = []
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisation = _organisation(spec)
        organisations[spec.slug] = organisation
        for role, (surname, function) in PEOPLE.items():
            email = demo_email(role, spec.slug)
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "full_name": f"{surname} {spec.name}",
                    "function": function,
                    "phone": f"06-{zlib.crc32(email.encode()) % 10**8:08d}",
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
            logins.append(DemoLogin(email=email, role=role, organisation=str(organisation)))
    staff, _ = User.objects.update_or_create(
        email="staf@spelregels.example.nl",
        defaults={"full_name": "Staf Spelregels", "is_staff": True, "is_superuser": True},
    )
    staff.set_password(DEMO_PASSWORD)
    staff.save(update_fields=["password"])
    logins.append(DemoLogin(email=staff.email, role="staf", organisation="Spelregels"))

    agreement, _ = Agreement.objects.get_or_create(title=DEMO_AGREEMENT_TITLE)
    parties_by_slug: dict[str, Party] = {}
    if not agreement.versions.exists():
        founders = [spec.slug for spec in ORGANISATIONS if spec.founding]
        for position, slug in enumerate(founders):
            parties_by_slug[slug], _ = Party.objects.update_or_create(
                agreement=agreement,
                organisation=organisations[slug],
                defaults={"position": position},
            )
        _fill_demo_agreement(agreement, parties_by_slug)
    if history:
        _demo_history(agreement)
        # The sealed PDF exists from the first run (rendered once, then served from storage).
        agreement.refresh_from_db()
        if agreement.signed_version is not None:
            transaction.on_commit(lambda: _archive_signed_pdf(agreement.signed_version))
        if discussion:
            _demo_discussion(agreement)
    return logins


def _archive_signed_pdf(version: Version) -> None:
    from agreements.printing.archive import kind_for, request_pdf

    request_pdf(version=version, kind=kind_for(version))
