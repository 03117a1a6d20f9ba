"""The Dutch names and texts the benchmarks' agreements are made of (bench/seeding.py)."""

from accounts.models import PartnerKind
from agreements.models import Theme

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
