"""Reference data: the role options and the agreement templates the builder starts from.

The data lives in this file on purpose: a migration must not import app code that may change
later. Running it again updates the rows in place (keyed on kind and code, or on slug); reversing
it deletes exactly these rows, and with them the parties' choices of these roles (the protected
ladder and network references are cleared first, the formal roles go with the rows).
"""

from django.db import migrations

# (kind, code, name, description); position is the order within each kind, from 1.
ROLE_OPTIONS = {
    "formal": [
        (
            "bevoegd-gezag",
            "Bevoegd gezag",
            "Neemt het formele besluit, zoals een omgevingsvergunning of een wijziging van "
            "het omgevingsplan, en draagt daarvoor de publiekrechtelijke verantwoordelijkheid.",
        ),
        (
            "opdrachtgever",
            "Opdrachtgever",
            "Geeft de opdracht, stelt de kaders en het budget vast en neemt het resultaat af.",
        ),
        (
            "financier",
            "Financier",
            "Draagt een deel van de kosten, via een bijdrage, subsidie of cofinanciering.",
        ),
        (
            "uitvoerder",
            "Uitvoerder",
            "Voert het werk uit binnen de afgesproken kaders en legt daarover verantwoording af.",
        ),
        (
            "beheerder",
            "Beheerder",
            "Beheert en onderhoudt het resultaat of de voorziening nadat het werk is opgeleverd.",
        ),
        (
            "bemiddelaar",
            "Bemiddelaar",
            "Brengt partijen met tegengestelde belangen bij elkaar en helpt hen tot een "
            "gedragen oplossing te komen.",
        ),
        (
            "kennispartner",
            "Kennispartner",
            "Brengt kennis, data en expertise in, zonder zelf over de uitkomst te beslissen.",
        ),
    ],
    # The overheidsparticipatietrap, from the lightest to the heaviest role.
    "ladder": [
        (
            "faciliteren",
            "Faciliteren",
            "Ondersteunt initiatieven van anderen met ruimte, middelen of expertise, zonder "
            "zelf het doel te bepalen.",
        ),
        (
            "verbinden",
            "Verbinden",
            "Brengt partijen, kennis en initiatieven bij elkaar, zodat zij elkaar vinden en "
            "versterken.",
        ),
        (
            "stimuleren",
            "Stimuleren",
            "Moedigt gewenste ontwikkelingen aan met prikkels zoals subsidie, kennis of "
            "bestuurlijke aandacht.",
        ),
        (
            "aanjagen",
            "Aanjagen",
            "Zet de opgave op de agenda en trekt het proces, zodat het op gang komt en blijft.",
        ),
        (
            "regisseren",
            "Regisseren",
            "Bewaakt samenhang, voortgang en afspraken tussen partijen en stuurt bij waar nodig.",
        ),
        (
            "reguleren",
            "Reguleren",
            "Legt met wet- en regelgeving, vergunningen en handhaving de kaders dwingend vast.",
        ),
    ],
    # Roles in network collaboration.
    "network": [
        (
            "mobiliseren",
            "Mobiliseren",
            "Brengt de juiste partijen, mensen en middelen rond de opgave in beweging.",
        ),
        (
            "improviseren",
            "Improviseren",
            "Speelt flexibel in op wat zich aandient en zoekt ruimte buiten de vaste routines.",
        ),
        (
            "vitaliseren",
            "Vitaliseren",
            "Houdt energie en vertrouwen in het netwerk vast, ook als het taai wordt.",
        ),
        (
            "balanceren",
            "Balanceren",
            "Weegt de belangen van partijen tegen elkaar af en bewaakt het evenwicht tussen hen.",
        ),
        (
            "coordineren",
            "Coördineren",
            "Stemt activiteiten, planning en informatie van partijen op elkaar af.",
        ),
    ],
}

TEMPLATES = [
    {
        "slug": "res-regio",
        "name": "RES-regio",
        "description": (
            "Gemeenten, provincie, waterschap, netbeheerder en rijk werken samen aan een "
            "Regionale Energiestrategie: zoekgebieden voor zon en wind, de Regionale Structuur "
            "Warmte en de netcapaciteit die daarvoor nodig is."
        ),
        "content": {
            "theme": "energie",
            "governance_style": "netwerk",
            "tables": [
                {
                    "name": "Stuurgroep RES",
                    "level": "bestuurlijk",
                    "cadence": "vier keer per jaar",
                    "decides": (
                        "Stelt de concept-RES en de actualisaties vast ter besluitvorming door "
                        "raden, Staten en algemeen besturen, verdeelt het regionale werkbudget "
                        "en besluit over geschillen die het kernteam niet oplost."
                    ),
                },
                {
                    "name": "Portefeuillehoudersoverleg energie",
                    "level": "bestuurlijk",
                    "cadence": "zes keer per jaar, twee weken voor de stuurgroep",
                    "decides": (
                        "Stemt lokale en regionale standpunten af en adviseert de stuurgroep; "
                        "neemt zelf geen besluiten die partijen binden."
                    ),
                },
                {
                    "name": "Ambtelijk kernteam",
                    "level": "ambtelijk",
                    "cadence": "elke twee weken",
                    "decides": (
                        "Bereidt de bestuurlijke tafels voor, stuurt de werkpakketten aan en "
                        "beslist over uitvoeringsvragen binnen het vastgestelde werkplan."
                    ),
                },
            ],
            "escalation": [
                {
                    "trigger": (
                        "Een partij meldt schriftelijk dat een afspraak niet wordt nagekomen of "
                        "dat een lokaal besluit de regionale opgave raakt."
                    ),
                    "handler": "Programmamanager RES, die de melding aan alle partijen doorstuurt",
                    "deadline_days": 10,
                    "outcome": (
                        "Iedere betrokken partij geeft schriftelijk haar zienswijze en een "
                        "voorstel voor een oplossing."
                    ),
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "De zienswijzen en voorstellen lopen uiteen.",
                    "handler": "Ambtelijk kernteam",
                    "deadline_days": 15,
                    "outcome": (
                        "Een gezamenlijk oplossingsvoorstel, of een scherp omschreven "
                        "geschilpunt voor het bestuurlijk overleg."
                    ),
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het ambtelijk overleg levert geen oplossing op.",
                    "handler": "Stuurgroep RES, met de betrokken portefeuillehouders",
                    "deadline_days": 20,
                    "outcome": "Een bestuurlijk besluit, vastgelegd in de besluitenlijst.",
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "De stuurgroep komt er niet uit.",
                    "handler": "Onafhankelijk voorzitter, door alle partijen samen aangewezen",
                    "deadline_days": 30,
                    "outcome": (
                        "Een zwaarwegend advies aan partijen; de kosten worden gelijk verdeeld."
                    ),
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het geschil blijft bestaan na het advies van de voorzitter.",
                    "handler": (
                        "Partijen samen, met een mediator; raakt het geschil het rijk, dan het "
                        "medeoverhedenoverleg volgens de Code Interbestuurlijke Verhoudingen"
                    ),
                    "deadline_days": 60,
                    "outcome": (
                        "Een gedragen oplossing, of een besluit van een partij om de "
                        "samenwerking op dit punt op te zeggen."
                    ),
                    "deadlock_resolution": "mediation",
                },
            ],
            "values": {
                "transparantie": (
                    "Agenda's, besluitenlijsten en de RES-documenten van de stuurgroep worden "
                    "binnen twee weken openbaar gemaakt op de regionale website."
                ),
                "rechtmatigheid": (
                    "Ruimtelijke keuzes krijgen pas rechtskracht via het omgevingsplan en de "
                    "vergunning van het bevoegd gezag; de RES zelf bindt niemand juridisch."
                ),
                "rechtsgelijkheid": (
                    "Voor alle zoekgebieden gelden dezelfde criteria en dezelfde "
                    "participatieregels, ongeacht de gemeente waarin ze liggen."
                ),
                "gelijke_behandeling": (
                    "Initiatiefnemers en energiecoöperaties krijgen dezelfde informatie over "
                    "netcapaciteit en zoekgebieden, op hetzelfde moment."
                ),
                "democratische_legitimiteit": (
                    "Raden, Staten en algemeen besturen geven vooraf hun kaders mee en stellen "
                    "elke RES-versie zelf vast; de stuurgroep bereidt alleen voor."
                ),
            },
            "work_packages": [
                {
                    "name": "Zoekgebieden zon en wind",
                    "description": (
                        "Zoekgebieden voor grootschalige opwek bepalen, met omwonenden en met "
                        "oog voor netcapaciteit en landschap."
                    ),
                },
                {
                    "name": "Regionale Structuur Warmte",
                    "description": (
                        "Warmtevraag en warmtebronnen in beeld brengen en afspreken hoe "
                        "bovenlokale bronnen worden verdeeld."
                    ),
                },
                {
                    "name": "Netcapaciteit en netcongestie",
                    "description": (
                        "Opwek en netuitbreiding in tijd en plaats op elkaar afstemmen met de "
                        "netbeheerder."
                    ),
                },
                {
                    "name": "Participatie en lokaal eigendom",
                    "description": (
                        "Streven naar 50% lokaal eigendom waarmaken, samen met "
                        "energiecoöperaties en inwoners."
                    ),
                },
            ],
        },
    },
    {
        "slug": "wijkaanpak-warmte",
        "name": "Wijkaanpak warmtetransitie",
        "description": (
            "Gemeente, woningcorporatie, netbeheerder en bewonersinitiatieven maken samen een "
            "wijk aardgasvrij, op basis van het gemeentelijke warmteprogramma."
        ),
        "content": {
            "theme": "warmte",
            "governance_style": "netwerk",
            "tables": [
                {
                    "name": "Bestuurlijk overleg wijkaanpak",
                    "level": "bestuurlijk",
                    "cadence": "twee keer per jaar en bij escalatie",
                    "decides": (
                        "Stelt het wijkuitvoeringsplan vast ter besluitvorming door de raad, "
                        "besluit over het aanbod aan bewoners en over geschillen."
                    ),
                },
                {
                    "name": "Wijkteam warmte",
                    "level": "ambtelijk",
                    "cadence": "maandelijks",
                    "decides": (
                        "Stemt planning, volgorde van werkzaamheden en communicatie met "
                        "bewoners af binnen het vastgestelde wijkuitvoeringsplan."
                    ),
                },
            ],
            "escalation": [
                {
                    "trigger": (
                        "Een partij meldt schriftelijk dat planning, aanbod of afspraken met "
                        "bewoners in gevaar komen."
                    ),
                    "handler": "Projectleider wijkaanpak",
                    "deadline_days": 5,
                    "outcome": (
                        "De betrokken partijen geven hun zienswijze en een voorstel voor een "
                        "oplossing."
                    ),
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "De voorstellen sluiten niet op elkaar aan.",
                    "handler": "Wijkteam warmte",
                    "deadline_days": 10,
                    "outcome": "Een aangepaste planning of een geschilpunt voor de bestuurders.",
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het wijkteam komt niet tot een oplossing.",
                    "handler": "Bestuurlijk overleg wijkaanpak",
                    "deadline_days": 15,
                    "outcome": "Een bestuurlijk besluit, teruggekoppeld aan de bewoners.",
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Ook het bestuurlijk overleg komt er niet uit.",
                    "handler": (
                        "Onafhankelijk voorzitter, bijvoorbeeld een oud-bestuurder uit de regio, "
                        "door partijen samen aangewezen"
                    ),
                    "deadline_days": 30,
                    "outcome": (
                        "Een advies dat partijen alleen gemotiveerd naast zich neerleggen; de "
                        "kosten worden gelijk verdeeld."
                    ),
                    "deadlock_resolution": "onafhankelijk_voorzitter",
                },
            ],
            "values": {
                "transparantie": (
                    "Bewoners krijgen vooraf inzicht in planning, kosten en alternatieven; "
                    "besluiten van het bestuurlijk overleg worden in de wijk toegelicht."
                ),
                "rechtmatigheid": (
                    "Het aanbod aan bewoners past binnen de Wet gemeentelijke instrumenten "
                    "warmtetransitie, de huurwetgeving en de subsidieregels."
                ),
                "rechtsgelijkheid": (
                    "Huurders en eigenaar-bewoners in vergelijkbare woningen krijgen een "
                    "vergelijkbaar aanbod, ongeacht hun eigenaar."
                ),
                "gelijke_behandeling": (
                    "Bewoners met een kleine beurs of weinig digitale vaardigheden krijgen extra "
                    "ondersteuning, zodat iedereen even goed kan meedoen."
                ),
                "democratische_legitimiteit": (
                    "De raad stelt het warmteprogramma en het wijkuitvoeringsplan vast en wordt "
                    "halfjaarlijks over de voortgang geïnformeerd."
                ),
            },
            "work_packages": [
                {
                    "name": "Wijkuitvoeringsplan",
                    "description": (
                        "Samen met bewoners het plan voor de wijk opstellen: alternatief voor "
                        "aardgas, planning en kosten."
                    ),
                },
                {
                    "name": "Aanbod en financiering voor bewoners",
                    "description": (
                        "Een betaalbaar aanbod voor huurders en eigenaar-bewoners, met "
                        "subsidies, leningen en ontzorging."
                    ),
                },
                {
                    "name": "Aanleg en netaanpassingen",
                    "description": (
                        "Aanleg van het warmtenet of all-electric oplossingen en de "
                        "aanpassingen in gas- en elektriciteitsnet op elkaar afstemmen."
                    ),
                },
            ],
        },
    },
    {
        "slug": "verbonden-partij",
        "name": "Samenwerking met een verbonden partij",
        "description": (
            "Een gemeente, provincie of waterschap werkt met een verbonden partij, zoals een "
            "afvalbedrijf, omgevingsdienst of gemeenschappelijke regeling, aan een publiek doel."
        ),
        "content": {
            "theme": "overig",
            "governance_style": "markt",
            "tables": [
                {
                    "name": "Eigenarenoverleg",
                    "level": "bestuurlijk",
                    "cadence": "twee keer per jaar",
                    "decides": (
                        "Bespreekt kaderbrief, begroting en jaarrekening voordat de raden hun "
                        "zienswijze geven, en besluit over toetreding, uittreding en "
                        "eigenaarsvragen."
                    ),
                },
                {
                    "name": "Opdrachtgeversoverleg",
                    "level": "ambtelijk",
                    "cadence": "elk kwartaal",
                    "decides": (
                        "Maakt en bewaakt de prestatieafspraken, bespreekt de "
                        "kwartaalrapportage en stuurt bij binnen het budget."
                    ),
                },
                {
                    "name": "Accounthoudersoverleg",
                    "level": "ambtelijk",
                    "cadence": "maandelijks",
                    "decides": (
                        "Bespreekt lopende uitvoeringszaken en signalen over de samenwerking; "
                        "beslist niet zelf, maar agendeert."
                    ),
                },
            ],
            "escalation": [
                {
                    "trigger": (
                        "De opdrachtgever of de verbonden partij meldt schriftelijk dat een "
                        "prestatieafspraak niet wordt gehaald."
                    ),
                    "handler": "Accounthouder van de opdrachtgever en contactpersoon van de partij",
                    "deadline_days": 10,
                    "outcome": (
                        "De verbonden partij geeft een verklaring en een herstelvoorstel; de "
                        "opdrachtgever reageert daarop."
                    ),
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het herstelvoorstel wordt niet aanvaard.",
                    "handler": "Opdrachtgeversoverleg",
                    "deadline_days": 15,
                    "outcome": "Nieuwe prestatieafspraken of een geschilpunt voor de eigenaren.",
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het opdrachtgeversoverleg komt niet tot overeenstemming.",
                    "handler": "Eigenarenoverleg met de directie van de verbonden partij",
                    "deadline_days": 20,
                    "outcome": "Een bestuurlijk besluit over prestaties, budget of opdracht.",
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het eigenarenoverleg komt er niet uit.",
                    "handler": "Onafhankelijk voorzitter, door partijen samen aangewezen",
                    "deadline_days": 30,
                    "outcome": "Een bemiddelingsvoorstel; de kosten worden gelijk verdeeld.",
                    "deadlock_resolution": "",
                },
                {
                    "trigger": "Het bemiddelingsvoorstel wordt niet aanvaard.",
                    "handler": "Geschillencommissie volgens de dienstverleningsovereenkomst",
                    "deadline_days": 60,
                    "outcome": "Een bindend advies dat partijen uitvoeren.",
                    "deadlock_resolution": "bindend_advies",
                },
            ],
            "values": {
                "transparantie": (
                    "Begroting, jaarrekening en prestatierapportages zijn openbaar en worden "
                    "actief aan de volksvertegenwoordigingen gestuurd."
                ),
                "rechtmatigheid": (
                    "Opdrachten aan de verbonden partij passen binnen de Wgr of de statuten, het "
                    "aanbestedingsrecht en de staatssteunregels."
                ),
                "rechtsgelijkheid": (
                    "Inwoners van alle deelnemende overheden krijgen dezelfde dienstverlening "
                    "tegen dezelfde voorwaarden."
                ),
                "gelijke_behandeling": (
                    "Deelnemers dragen naar rato bij en hebben daarnaar stemrecht; geen deelnemer "
                    "krijgt buiten de afspraken om voorrang."
                ),
                "democratische_legitimiteit": (
                    "Raden en algemeen besturen geven zienswijzen op kaderbrief en begroting en "
                    "worden actief geïnformeerd over risico's."
                ),
            },
            "work_packages": [
                {
                    "name": "Prestatieafspraken en opdrachtverlening",
                    "description": (
                        "Jaarlijks afspreken welke prestaties de verbonden partij levert, tegen "
                        "welke prijs en kwaliteit."
                    ),
                },
                {
                    "name": "Rapportage en verantwoording",
                    "description": (
                        "Kwartaal- en jaarrapportages die raden en besturen in staat stellen "
                        "bij te sturen."
                    ),
                },
                {
                    "name": "Risicobeheersing en weerstandsvermogen",
                    "description": (
                        "Risico's en het weerstandsvermogen van de verbonden partij in beeld "
                        "houden en afspreken wie welk risico draagt."
                    ),
                },
            ],
        },
    },
]


def create_reference_data(apps, schema_editor):
    RoleOption = apps.get_model("agreements", "RoleOption")
    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    for kind, options in ROLE_OPTIONS.items():
        for position, (code, name, description) in enumerate(options, start=1):
            RoleOption.objects.update_or_create(
                kind=kind,
                code=code,
                defaults={
                    "name": name,
                    "description": description,
                    "position": position,
                    "active": True,
                },
            )
    for position, template in enumerate(TEMPLATES, start=1):
        AgreementTemplate.objects.update_or_create(
            slug=template["slug"],
            defaults={
                "name": template["name"],
                "description": template["description"],
                "content": template["content"],
                "position": position,
            },
        )


def delete_reference_data(apps, schema_editor):
    RoleOption = apps.get_model("agreements", "RoleOption")
    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    Party = apps.get_model("agreements", "Party")
    for kind, options in ROLE_OPTIONS.items():
        rows = RoleOption.objects.filter(kind=kind, code__in=[code for code, _, _ in options])
        Party.objects.filter(ladder_role__in=rows).update(ladder_role=None)
        Party.objects.filter(network_role__in=rows).update(network_role=None)
        rows.delete()
    AgreementTemplate.objects.filter(slug__in=[t["slug"] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_reference_data, delete_reference_data),
    ]
