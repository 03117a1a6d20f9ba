"""The registry corpus, Water and klimaatadaptatie: dykes, rainwater, drought, heat."""

from datetime import date as d

from demo.registry.specs import D, E, M, S, Spec, T

AGREEMENTS = [
    Spec(
        key="dijkversterking-ravenstein-lith",
        title="Dijkversterking Maasdijk Ravenstein–Lith",
        theme=T.KLIMAATADAPTATIE,
        status=S.IN_WERKING,
        parties=("ws0654", "GM0828", "mnre1130", "PV30"),
        task="Twintig kilometer Maasdijk tussen Ravenstein en Lith versterken volgens het "
        "Hoogwaterbeschermingsprogramma, met ruimte voor natuur en recreatie op de dijk.",
        goal="In 2030 voldoet de dijk aan de nieuwe veiligheidsnorm; de dijken zijn "
        "toegankelijk voor fietsers en er is 30 hectare nieuwe uiterwaardnatuur.",
        why="Het waterschap is dijkbeheerder, het rijk betaalt het grootste deel, de gemeente "
        "regelt ruimte en vergunningen en de provincie de natuurdoelen.",
        start=d(2023, 6, 1),
        end=d(2031, 12, 31),
        mandates=(
            M(
                "ws0654",
                "Projectbesluit en grondverwerving dijkversterking",
                "Dijkgraaf",
                2500000,
                "Onteigening vraagt een besluit van het algemeen bestuur",
            ),
            M(
                "mnre1130",
                "Subsidiebeschikking Hoogwaterbeschermingsprogramma",
                "Programmadirecteur HWBP",
                None,
                basis="ministerieel",
            ),
        ),
        decisions=(
            D(
                d(2024, 1, 25),
                "Stuurgroep Maasdijk",
                "Het voorkeursalternatief met een dijkverlegging bij Ravenstein is gekozen.",
                "SG-MD-2024-01",
            ),
            D(
                d(2025, 11, 13),
                "Stuurgroep Maasdijk",
                "Het projectbesluit gaat ter inzage; start van de uitvoering in 2026.",
                "SG-MD-2025-06",
            ),
        ),
        evaluations=(
            E(
                d(2025, 5, 8),
                (4, "Voorkeursalternatief op tijd."),
                (3, "Te veel overleggen naast elkaar."),
                (4, "Dijkbewoners voelen zich betrokken."),
                "Overleggen bundelen in één omgevingsoverleg",
                done=True,
            ),
        ),
        table="Stuurgroep Maasdijk",
        work=("Ontwerp en projectbesluit", "Grondverwerving", "Uitvoering"),
    ),
    Spec(
        key="hittestress-oss",
        title="Hittebestendige wijken Oss",
        theme=T.KLIMAATADAPTATIE,
        status=S.ONDERTEKEND,
        parties=("GM0828", "brabantwonen", "ggdhvb", "ws0654"),
        task="Oss-Oost en de Schadewijk koeler maken: meer bomen, minder verharding, "
        "koelteplekken en een hitteplan voor kwetsbare bewoners.",
        goal="In 2030 ligt elke woning binnen 300 meter van een koele plek en is 20% van de "
        "verharding in de twee wijken vervangen door groen.",
        why="Hittestress treft vooral ouderen in huurwoningen; corporatie, GGD, waterschap en "
        "gemeente hebben elk een deel van de oplossing.",
        start=d(2027, 5, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "brabantwonen",
                "Vergroening van binnenterreinen van huurcomplexen",
                "Manager wijken",
                250000,
                basis="statuten",
            ),
        ),
        table="Wijkoverleg klimaatadaptatie",
    ),
    Spec(
        key="waterberging-maashorst",
        title="Waterberging en natuur in De Maashorst",
        theme=T.KLIMAATADAPTATIE,
        status=S.IN_WERKING,
        parties=("ws0654", "GM1991", "natuurmonumenten", "PV30"),
        task="Regenwater langer vasthouden in De Maashorst met vernatting van het "
        "bovenstroomse gebied, zodat benedenstrooms minder wateroverlast ontstaat.",
        goal="In 2028 kan het gebied 400.000 m³ water bergen; de grondwaterstand in de "
        "natuurgebieden is 30 centimeter hoger.",
        why="Wateroverlast in Uden en droogte in de natuur hebben dezelfde oorzaak: water "
        "dat te snel wordt afgevoerd.",
        start=d(2024, 5, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "ws0654",
                "Peilbesluit en inrichting van de waterberging",
                "Heemraad watersysteem",
                1800000,
                "Peilwijzigingen vragen een besluit van het algemeen bestuur",
            ),
            M(
                "natuurmonumenten",
                "Beheer van de vernatte natuurgebieden",
                "Boswachter",
                None,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2025, 1, 30),
                "Gebiedsoverleg Maashorst",
                "De eerste fase van de vernatting start in het Herperduin.",
                "GOM-2025-01",
            ),
        ),
        evaluations=(
            E(
                d(2026, 1, 22),
                (4, "Eerste fase klaar."),
                (4, "Goede afstemming."),
                (3, "Agrariërs aan de rand zijn ongerust."),
                "Keukentafelgesprekken met aangrenzende boeren",
            ),
        ),
        table="Gebiedsoverleg Maashorst",
    ),
    Spec(
        key="afkoppelen-regenwater-bernheze",
        title="Afkoppelen van regenwater in Heesch en Nistelrode",
        theme=T.KLIMAATADAPTATIE,
        status=S.IN_WERKING,
        parties=("GM1721", "ws0654"),
        task="Hemelwater van daken en straten loskoppelen van het riool en laten "
        "infiltreren in wadi's, zodat het riool bij hoosbuien niet overstroomt.",
        goal="In 2030 is 30% van het verharde oppervlak afgekoppeld.",
        why="De gemeente beheert het riool, het waterschap de zuivering; elke liter regen "
        "die niet in het riool komt, spaart beiden kosten.",
        start=d(2023, 1, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "GM1721",
                "Subsidie voor regentonnen en groene daken bij inwoners",
                "Wethouder openbare ruimte",
                75000,
            ),
        ),
        decisions=(
            D(
                d(2024, 9, 12),
                "Overleg waterketen",
                "Bij elke rioolvervanging wordt de regenwaterafvoer gescheiden aangelegd.",
                "OW-2024-03",
            ),
        ),
        table="Overleg waterketen",
    ),
    Spec(
        key="droogte-peel",
        title="Droogte en grondwater in de Peel",
        theme=T.KLIMAATADAPTATIE,
        status=S.ONDERTEKEND,
        parties=("ws0654", "brabantwater", "zlto", "PV30"),
        task="Afspraken over beregening, grondwateronttrekking en het vasthouden van water "
        "om de dalende grondwaterstand in de Peel te keren.",
        goal="In 2035 is de grondwaterstand in de Peel stabiel; beregening uit grondwater "
        "is met een derde verminderd.",
        why="Drinkwater, landbouw en natuur trekken aan hetzelfde grondwater.",
        start=d(2027, 4, 1),
        end=d(2035, 12, 31),
        mandates=(
            M(
                "brabantwater",
                "Verlaging van de vergunde onttrekking bij de winning Vierlingsbeek",
                "Directeur productie",
                None,
                basis="statuten",
            ),
        ),
        table="Grondwatertafel Peel",
    ),
    Spec(
        key="grensmaas",
        title="Rivierverruiming Grensmaas",
        theme=T.KLIMAATADAPTATIE,
        status=S.VERLOPEN,
        parties=("ws0665", "PV31", "mnre1130", "GM0935", "enexis"),
        task="De Maas tussen Maastricht en Roosteren verruimen: grindwinning, natuur en "
        "hoogwaterbescherming in één project.",
        goal="Bij hoogwater staat het water 1,5 meter lager; 1.000 hectare nieuwe riviernatuur.",
        why="Het waterschap, het rijk en de provincie hebben elk een deel van de rivier in "
        "beheer; kabels en leidingen van de netbeheerder moeten worden verlegd.",
        start=d(2018, 1, 1),
        end=d(2025, 12, 31),
        mandates=(
            M(
                "mnre1130",
                "Vergunning Waterwet voor de rivierverruiming",
                "Hoofdingenieur-directeur Rijkswaterstaat Zuid-Nederland",
                None,
                basis="ministerieel",
            ),
        ),
        decisions=(
            D(
                d(2021, 9, 9),
                "Stuurgroep Grensmaas",
                "Na de overstroming van juli 2021 krijgt de kade bij Itteren voorrang.",
                "SGG-2021-05",
            ),
        ),
        evaluations=(
            E(
                d(2024, 4, 4),
                (4, "Rivier verruimd."),
                (3, "Lange besluitvorming."),
                (4, "Vertrouwen gegroeid na 2021."),
                "Beheer na oplevering regelen",
                done=True,
            ),
        ),
        table="Stuurgroep Grensmaas",
    ),
    Spec(
        key="klimaatadaptatie-salland",
        title="Klimaatbestendig Salland: werkregio klimaatadaptatie",
        theme=T.KLIMAATADAPTATIE,
        status=S.VASTGESTELD,
        parties=("ws0664", "GM0193", "GM0150", "PV23", "enexis"),
        task="Stresstesten, risicodialogen en een uitvoeringsagenda voor wateroverlast, "
        "hitte en droogte in Zwolle, Deventer en het buitengebied.",
        goal="Elke gemeente heeft in 2027 een uitvoeringsagenda klimaatadaptatie.",
        why="Het Deltaplan Ruimtelijke Adaptatie vraagt een regionale aanpak.",
        start=d(2026, 3, 1),
        end=d(2029, 12, 31),
        mandates=(
            M(
                "ws0664",
                "Regionale bijdrage uit de impulsregeling klimaatadaptatie",
                "Secretaris-directeur",
                500000,
                basis="mandaatbesluit",
            ),
        ),
        table="Werkregio klimaatadaptatie",
        signed_by=3,
    ),
    Spec(
        key="rotterdam-zuid-groen",
        title="Klimaatbestendige buitenruimte Rotterdam-Zuid",
        theme=T.KLIMAATADAPTATIE,
        status=S.CONCEPT,
        parties=("GM0599", "ws0656", "mnre1034"),
        task="Groene schoolpleinen, waterpleinen en ontharde binnentuinen in Feijenoord, "
        "Charlois en IJsselmonde, als onderdeel van het Nationaal Programma Rotterdam Zuid.",
        goal="50.000 m² minder verharding en twintig groene schoolpleinen in 2030.",
        why="Rotterdam-Zuid is versteend en heet; de aanpak valt samen met het nationale "
        "programma voor de wijken.",
        start=d(2027, 1, 1),
        end=d(2030, 12, 31),
        mandates=(
            M("ws0656", "Bijdrage aan waterpleinen", "Dijkgraaf", 750000, basis="collegebesluit"),
        ),
        table="Programmaraad Zuid",
    ),
    Spec(
        key="geul-herstel",
        title="Herstel na de overstroming van de Geul",
        theme=T.KLIMAATADAPTATIE,
        status=S.BEEINDIGD,
        parties=("GM0994", "ws0665", "PV31", "enexis"),
        task="Herstel van bruggen, oevers en nutsvoorzieningen in Valkenburg na het "
        "hoogwater van juli 2021.",
        goal="Alle schade hersteld en het centrum weer bereikbaar.",
        why="Gemeente, waterschap, provincie en netbeheerder moesten tegelijk in dezelfde "
        "straten werken.",
        start=d(2021, 9, 1),
        end=d(2026, 12, 31),
        terminated=d(2023, 12, 31),
        mandates=(M("GM0994", "Spoedopdrachten herstel openbare ruimte", "Burgemeester", 1000000),),
        decisions=(
            D(
                d(2023, 11, 16),
                "Herstelteam Geul",
                "Herstel is klaar; verder onder het programma Water in Balans.",
                "HTG-2023-08",
            ),
        ),
        table="Herstelteam Geul",
    ),
    Spec(
        key="beekherstel-dommel",
        title="Beekherstel van de Dommel bij Boxtel en Eindhoven",
        theme=T.KLIMAATADAPTATIE,
        status=S.IN_WERKING,
        parties=("ws0539", "GM0772", "GM0757", "PV30", "bmf"),
        task="De gekanaliseerde Dommel weer laten meanderen, met natuurlijke oevers en "
        "ruimte voor water in de beekdalen.",
        goal="In 2027 is 12 kilometer beek hersteld en is de waterkwaliteit goed volgens "
        "de Kaderrichtlijn Water.",
        why="De beken en beekdalen lopen door meerdere gemeenten; de milieufederatie "
        "brengt vrijwilligers en kennis van de natuur mee.",
        start=d(2022, 5, 1),
        end=d(2027, 12, 31),
        mandates=(M("ws0539", "Grondaankoop en inrichting van de beekdalen", "Heemraad", 2200000),),
        decisions=(
            D(
                d(2023, 3, 23),
                "Gebiedsoverleg Dommel",
                "Het traject bij Boxtel gaat voor; de vismigratie wordt hersteld.",
                "GOD-2023-02",
            ),
        ),
        evaluations=(
            E(
                d(2025, 3, 20),
                (4, "8 km hersteld."),
                (4, "Goede aansturing."),
                (5, "Vrijwilligers enthousiast."),
                "Monitoring waterkwaliteit uitbreiden",
            ),
        ),
        table="Gebiedsoverleg Dommel",
    ),
]
