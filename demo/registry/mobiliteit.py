"""The registry corpus, Mobiliteit: charging points, bicycle routes, public transport."""

from datetime import date as d

from demo.registry.specs import D, E, M, S, Spec, T

AGREEMENTS = [
    Spec(
        key="laadpalen-bernheze-oss",
        title="Afspraken over laadpalen in Bernheze en Oss",
        theme=T.MOBILITEIT,
        status=S.IN_WERKING,
        parties=("GM1721", "GM0828", "enexis"),
        task="Samen een dekkend netwerk van openbare laadpalen aanleggen in de kernen en op "
        "bedrijventerreinen, met één concessie en één loket voor aanvragen van inwoners.",
        goal="Eind 2027 staan er 450 openbare laadpalen; een aanvraag voor een laadpaal bij de "
        "woning is binnen twaalf weken afgehandeld.",
        why="Beide gemeenten kregen losse aanvragen en losse aanbestedingen; samen is de "
        "concessie aantrekkelijker en weet de netbeheerder vooraf waar de vraag komt.",
        start=d(2025, 3, 1),
        end=d(2028, 12, 31),
        mandates=(
            M(
                "GM1721",
                "Gunning van de concessie voor openbare laadinfrastructuur",
                "Wethouder mobiliteit",
                120000,
            ),
            M(
                "GM0828",
                "Plaatsingsbesluiten voor laadpalen in de openbare ruimte",
                "Teamleider verkeer",
                None,
                "Binnen het vastgestelde plaatsingsplan",
            ),
        ),
        decisions=(
            D(
                d(2025, 6, 12),
                "Bestuurlijk overleg laadinfrastructuur",
                "De concessie voor 450 laadpalen is gegund aan één aanbieder voor acht jaar.",
                "BO-LAAD-2025-02",
            ),
        ),
        evaluations=(
            E(
                d(2026, 4, 9),
                (4, "Tweehonderd laadpalen geplaatst, op schema."),
                (3, "Het loket voor aanvragen is nog niet gezamenlijk."),
                (4, "Goede samenwerking met de netbeheerder."),
                "Eén aanvraagformulier voor beide gemeenten",
            ),
        ),
        table="Bestuurlijk overleg laadinfrastructuur",
        work=("Plaatsingsplan laadpalen", "Concessie en aanbesteding"),
    ),
    Spec(
        key="buurtbus-maashorst",
        title="Buurtbus Bernheze en Maashorst",
        theme=T.MOBILITEIT,
        status=S.BEEINDIGD,
        parties=("GM1721", "GM1991", "arriva", "PV30"),
        task="Een buurtbus met vrijwillige chauffeurs tussen Loosbroek, Nistelrode en Uden, "
        "waar de lijnbus is verdwenen.",
        goal="Elke kern heeft overdag elk uur een verbinding met het busstation in Uden.",
        why="De provincie schrapte de lijnbus; zonder afspraken met de vervoerder en de "
        "vrijwilligersvereniging verdwijnt het openbaar vervoer uit de kleine kernen.",
        start=d(2022, 1, 1),
        end=d(2027, 12, 31),
        terminated=d(2026, 6, 30),
        mandates=(
            M(
                "arriva",
                "Inzet en onderhoud van de buurtbus",
                "Regiodirecteur",
                None,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2026, 3, 19),
                "Buurtbusoverleg",
                "De buurtbus stopt per 1 juli 2026; de Regiotaxi neemt de ritten over.",
                "BBO-2026-01",
            ),
        ),
        evaluations=(
            E(
                d(2025, 9, 25),
                (2, "Te weinig vrijwilligers, ritten vallen uit."),
                (3, "Overleg komt te weinig bijeen."),
                (3, "Vrijwilligers voelen zich niet gesteund."),
                "Alternatief met de Regiotaxi uitwerken",
                done=True,
            ),
        ),
        table="Buurtbusoverleg",
    ),
    Spec(
        key="snelfietsroute-oss-den-bosch",
        title="Tracé snelfietsroute Oss–'s-Hertogenbosch",
        theme=T.MOBILITEIT,
        status=S.VASTGESTELD,
        parties=("PV30", "GM0828", "GM0796", "GM1721", "prorail"),
        task="Het tracé kiezen en de financiering regelen voor een snelfietsroute langs het "
        "spoor van Oss via Rosmalen naar 's-Hertogenbosch, met een fietstunnel bij Nuland.",
        goal="Het tracé is in 2027 vastgelegd in de omgevingsplannen; de route is in 2030 "
        "klaar en 25.000 fietsers per week gebruiken haar.",
        why="De route loopt door drie gemeenten en langs het spoor; alleen met de provincie "
        "als trekker en ProRail aan tafel komt er één doorgaand fietspad.",
        start=d(2026, 9, 1),
        end=d(2031, 12, 31),
        mandates=(
            M(
                "PV30",
                "Provinciale cofinanciering van het fietspad tot 50%",
                "Gedeputeerde mobiliteit",
                6000000,
            ),
            M(
                "prorail",
                "Toestemming voor werken binnen de spoorzone",
                "Omgevingsmanager",
                None,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2026, 10, 1),
                "Stuurgroep snelfietsroute",
                "Het tracé volgt de noordzijde van het spoor; de fietstunnel bij Nuland "
                "wordt uitgewerkt.",
                "SG-SF-2026-02",
            ),
        ),
        table="Stuurgroep snelfietsroute",
        work=("Tracékeuze", "Financiering en subsidie"),
        signed_by=4,
    ),
    Spec(
        key="slimme-laadpaal-nijmegen",
        title="Pilot slimme laadpaal in Nijmegen-Lent",
        theme=T.MOBILITEIT,
        status=S.VERLOPEN,
        parties=("GM0268", "liander", "tue"),
        task="Een pilot met een slimme laadpaal die laadt wanneer de zon schijnt en het net "
        "ruimte heeft, in de wijk Lent.",
        goal="Aantonen dat slim laden de piekbelasting van het wijknet met 30% verlaagt.",
        why="Elektrische auto's belasten het net in de avondpiek; slim laden kan dat "
        "voorkomen zonder dat bewoners het merken.",
        start=d(2022, 3, 1),
        end=d(2024, 2, 29),
        mandates=(
            M(
                "liander",
                "Plaatsing en uitlezing van de slimme laadpaal",
                "Innovatiemanager",
                None,
                basis="statuten",
            ),
        ),
        evaluations=(
            E(
                d(2024, 1, 11),
                (5, "Piekbelasting 34% lager."),
                (4, "Goed projectteam."),
                (4, "Bewoners doen mee."),
                "Resultaten delen met andere gemeenten",
                done=True,
            ),
        ),
        table="Projectgroep slim laden",
    ),
    Spec(
        key="bereikbaarheid-brainport",
        title="Bereikbaarheid Brainport: A2, A67 en openbaar vervoer",
        theme=T.MOBILITEIT,
        status=S.IN_WERKING,
        parties=("mnre1130", "PV30", "GM0772", "GM0794", "prorail"),
        task="Een pakket maatregelen voor de files op de Randweg Eindhoven en het "
        "knooppunt Leenderheide, met hoogwaardig openbaar vervoer en fietsverbindingen.",
        goal="In 2030 is de reistijd tussen Helmond en Eindhoven in de spits 20% korter.",
        why="Rijkswegen, provinciale wegen en stedelijk vervoer vormen één netwerk.",
        start=d(2023, 9, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "mnre1130",
                "Verkenning Randweg Eindhoven binnen het MIRT",
                "Directeur-generaal Mobiliteit",
                None,
                basis="ministerieel",
            ),
            M(
                "PV30",
                "Provinciale bijdrage aan hoogwaardig openbaar vervoer",
                "Gedeputeerde mobiliteit",
                25000000,
            ),
        ),
        decisions=(
            D(
                d(2024, 10, 24),
                "Bestuurlijk overleg MIRT Zuid-Nederland",
                "De HOV-verbinding Helmond–Eindhoven krijgt een eigen busbaan.",
                "BO-MIRT-2024",
            ),
        ),
        table="Bestuurlijk overleg MIRT Zuid-Nederland",
        work=("Wegen", "Openbaar vervoer en fiets"),
    ),
    Spec(
        key="fietspaden-meierij",
        title="Fietspaden in het buitengebied van de Meierij",
        theme=T.MOBILITEIT,
        status=S.ONDERTEKEND,
        parties=("GM1948", "GM1721", "PV30"),
        task="Veilige fietspaden langs provinciale en gemeentelijke wegen tussen de kernen, "
        "voor scholieren en forenzen.",
        goal="In 2029 ligt er 25 kilometer nieuw vrijliggend fietspad.",
        why="Schoolroutes lopen over wegen van verschillende beheerders.",
        start=d(2027, 2, 1),
        end=d(2029, 12, 31),
        mandates=(
            M("PV30", "Subsidie verkeersveiligheid fietspaden", "Gedeputeerde mobiliteit", 3000000),
        ),
        table="Verkeersoverleg Meierij",
    ),
    Spec(
        key="deelmobiliteit-groningen",
        title="Mobiliteitshubs en deelauto's in Groningen",
        theme=T.MOBILITEIT,
        status=S.CONCEPT,
        parties=("GM0014", "PV20", "enexis"),
        task="Hubs aan de rand van de stad waar reizigers overstappen op de bus, een "
        "deelfiets of een elektrische deelauto.",
        goal="Tien mobiliteitshubs in 2028.",
        why="Minder auto's in de stad vraagt goede alternatieven aan de rand.",
        start=d(2027, 6, 1),
        end=d(2031, 12, 31),
        mandates=(
            M("GM0014", "Concessie voor elektrische deelauto's", "Wethouder verkeer", 200000),
        ),
        table="Overleg bereikbaarheid Groningen",
    ),
    Spec(
        key="stationsomgeving-oss",
        title="Vernieuwing stationsomgeving Oss",
        theme=T.MOBILITEIT,
        status=S.VASTGESTELD,
        parties=("GM0828", "prorail", "PV30"),
        task="Een nieuw busstation, een fietsenstalling voor 3.000 fietsen en een "
        "onderdoorgang onder het spoor bij station Oss.",
        goal="De stationsomgeving is in 2029 vernieuwd; de spoorwegovergang Oostwal is dicht.",
        why="Het spoor, de bussen en de stad moeten in één ontwerp samenkomen.",
        start=d(2026, 10, 1),
        end=d(2030, 6, 30),
        mandates=(
            M(
                "prorail",
                "Ontwerp en bouw van de onderdoorgang",
                "Projectmanager",
                None,
                basis="statuten",
            ),
        ),
        table="Stuurgroep stationsomgeving",
        signed_by=1,
    ),
    Spec(
        key="doelgroepenvervoer-noordoost",
        title="Doelgroepenvervoer en Regiotaxi Noordoost-Brabant",
        theme=T.MOBILITEIT,
        status=S.BEEINDIGD,
        parties=("GM0796", "GM0828", "GM1721", "GM1948"),
        task="Gezamenlijke aanbesteding van Wmo-vervoer, leerlingenvervoer en de Regiotaxi.",
        goal="Eén vervoerder en één centrale voor alle ritten.",
        why="Gebundeld vervoer is goedkoper en betrouwbaarder.",
        start=d(2020, 1, 1),
        end=d(2027, 12, 31),
        terminated=d(2025, 6, 30),
        mandates=(M("GM0796", "Contractbeheer met de vervoerder", "Contractmanager", None),),
        decisions=(
            D(
                d(2025, 3, 27),
                "Portefeuillehoudersoverleg vervoer",
                "De vervoerder is failliet; elke gemeente besteedt tijdelijk zelf aan.",
                "PHV-2025-02",
            ),
        ),
        table="Portefeuillehoudersoverleg vervoer",
    ),
    Spec(
        key="stadslogistiek-maastricht",
        title="Zero-emissie stadslogistiek Maastricht",
        theme=T.MOBILITEIT,
        status=S.CONCEPT,
        parties=("GM0935", "PV31", "enexis"),
        task="Een zero-emissiezone voor bestelbussen en vrachtwagens in de binnenstad, met "
        "een stadshub en laadplekken voor vervoerders.",
        goal="Vanaf 2028 rijdt bevoorrading in de binnenstad uitstootvrij.",
        why="De zone werkt alleen als er genoeg netcapaciteit is voor laden.",
        start=d(2027, 1, 1),
        end=d(2030, 12, 31),
        mandates=(M("GM0935", "Verkeersbesluit zero-emissiezone", "Wethouder mobiliteit", None),),
        table="Logistiek overleg binnenstad",
    ),
]
