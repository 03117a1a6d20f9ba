"""The registry corpus, Overig: nature, nitrogen, environment services, safety."""

from datetime import date as d

from demo.registry.specs import D, E, M, S, Spec, T

AGREEMENTS = [
    Spec(
        key="omgevingsdienst-vergunningen",
        title="Uitvoering vergunningverlening en toezicht milieu",
        theme=T.OVERIG,
        status=S.IN_WERKING,
        parties=("odbn", "GM1721", "GM0828", "GM0796", "PV30"),
        task="De omgevingsdienst voert milieutaken uit voor de gemeenten en de provincie: "
        "vergunningverlening, toezicht en handhaving bij bedrijven.",
        goal="95% van de vergunningen wordt binnen de wettelijke termijn verleend; elk "
        "risicovol bedrijf krijgt jaarlijks een controle.",
        why="Onder de Omgevingswet moeten de basistaken bij een omgevingsdienst liggen; "
        "heldere afspraken voorkomen dat taken tussen wal en schip vallen.",
        start=d(2024, 1, 1),
        end=None,
        mandates=(
            M(
                "odbn",
                "Afgifte van omgevingsvergunningen milieu namens de gemeenten",
                "Directeur omgevingsdienst",
                None,
                "Niet bij zienswijzen van de raad",
                "mandaatbesluit",
            ),
        ),
        evaluations=(
            E(
                d(2025, 12, 4),
                (4, "Termijnen gehaald."),
                (3, "Jaarplanning is laat."),
                (4, "Korte lijnen."),
                "Jaarplan uiterlijk in oktober aanleveren",
            ),
        ),
        table="Algemeen bestuur omgevingsdienst",
    ),
    Spec(
        key="stikstof-peelvenen",
        title="Gebiedsprogramma stikstof Peel en Maashorst",
        theme=T.OVERIG,
        status=S.ONDERTEKEND,
        parties=("PV30", "GM1991", "GM1721", "zlto", "bmf", "mnre1153"),
        task="De stikstofdepositie op de Natura 2000-gebieden Maashorst en Peelvenen "
        "verlagen met een gebiedsprogramma voor landbouw, natuur en woningbouw.",
        goal="In 2035 is de depositie op de Peelvenen met 40% gedaald en hebben 60 boeren "
        "een toekomstplan.",
        why="Natuurherstel, toekomst voor de landbouw en vergunningsruimte voor woningbouw "
        "hangen aan dezelfde stikstofruimte.",
        start=d(2027, 2, 1),
        end=d(2035, 12, 31),
        mandates=(
            M(
                "PV30",
                "Inzet van de regeling voor vrijwillige beëindiging van veehouderijen",
                "Gedeputeerde landbouw en natuur",
                15000000,
            ),
            M(
                "zlto",
                "Begeleiding van boeren bij hun toekomstplan",
                "Regiomanager",
                None,
                basis="statuten",
            ),
        ),
        table="Gebiedstafel Peel",
    ),
    Spec(
        key="veiligheid-evenementen",
        title="Samenwerking bij grote evenementen in de Meierij",
        theme=T.OVERIG,
        status=S.IN_WERKING,
        parties=("vrbn", "GM0796", "GM1948", "GM1721"),
        task="Afspraken over vergunningverlening, geneeskundige hulp en crowdmanagement bij "
        "evenementen met meer dan 10.000 bezoekers.",
        goal="Elk groot evenement heeft een gezamenlijk veiligheidsplan.",
        why="Bezoekersstromen houden niet op bij de gemeentegrens.",
        start=d(2024, 4, 1),
        end=d(2028, 3, 31),
        mandates=(
            M(
                "vrbn",
                "Advies over de veiligheidsplannen van evenementen",
                "Commandant",
                None,
                basis="statuten",
            ),
        ),
        table="Evenementenoverleg",
    ),
    Spec(
        key="natuurnetwerk-brabant",
        title="Ecologische verbindingszones in het Natuurnetwerk Brabant",
        theme=T.OVERIG,
        status=S.IN_WERKING,
        parties=("PV30", "ws0654", "natuurmonumenten", "zlto", "GM1721"),
        task="De ontbrekende schakels in het Natuurnetwerk Brabant aanleggen: "
        "ecologische verbindingszones langs beken met faunapassages voor de das en de "
        "boommarter.",
        goal="In 2027 is 90% van de verbindingszones in de regio aangelegd.",
        why="Grond, water en natuurbeheer liggen bij verschillende partijen; boeren moeten "
        "vrijwillig grond inbrengen.",
        start=d(2022, 1, 1),
        end=d(2027, 12, 31),
        mandates=(
            M("PV30", "Grondaankoop voor het natuurnetwerk", "Gedeputeerde natuur", 5000000),
            M(
                "zlto",
                "Afspraken met agrariërs over kavelruil",
                "Gebiedsmakelaar",
                None,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2023, 6, 15),
                "Gebiedscommissie natuur",
                "Faunapassages onder de N279 krijgen voorrang.",
                "GCN-2023-04",
            ),
        ),
        evaluations=(
            E(
                d(2025, 2, 27),
                (4, "75% aangelegd."),
                (4, "Goede gebiedsprocessen."),
                (3, "Spanning over stikstof."),
                "Gesprek over stikstof apart voeren",
            ),
        ),
        table="Gebiedscommissie natuur",
    ),
    Spec(
        key="regio-deal-noordoost",
        title="Regio Deal Noordoost-Brabant",
        theme=T.OVERIG,
        status=S.VERLOPEN,
        parties=("mnre1034", "PV30", "GM0796", "GM0828", "GM1721", "zlto"),
        task="Rijk en regio investeren samen in het agrifoodcluster, gezonde voeding en "
        "innovatie in de landbouw.",
        goal="Dertig innovatieprojecten in agrifood en een regionaal kenniscentrum.",
        why="De regio wil de transitie in de landbouw versnellen; het rijk cofinanciert "
        "met de Regio Deal.",
        start=d(2020, 7, 1),
        end=d(2024, 6, 30),
        mandates=(
            M(
                "mnre1034",
                "Rijksbijdrage Regio Deal",
                "Directeur regio",
                7500000,
                basis="ministerieel",
            ),
        ),
        decisions=(
            D(
                d(2021, 3, 4),
                "Stuurgroep Regio Deal",
                "Het kenniscentrum komt op de campus in 's-Hertogenbosch.",
                "SRD-2021-01",
            ),
        ),
        evaluations=(
            E(
                d(2024, 5, 16),
                (4, "34 projecten."),
                (3, "Veel administratie."),
                (4, "Goede verhouding rijk-regio."),
                "Eindverantwoording aan BZK",
                done=True,
            ),
        ),
        table="Stuurgroep Regio Deal",
    ),
    Spec(
        key="digitale-weerbaarheid",
        title="Informatiebeveiliging en digitale weerbaarheid van gemeenten",
        theme=T.OVERIG,
        status=S.CONCEPT,
        parties=("GM1721", "GM0828", "vng"),
        task="Samen een security officer en een responsplan bij cyberincidenten, volgens de "
        "Baseline Informatiebeveiliging Overheid (BIO).",
        goal="Elke gemeente haalt in 2027 de ENSIA-verantwoording zonder bevindingen.",
        why="Kleine gemeenten kunnen geen eigen security officer betalen.",
        start=d(2027, 1, 1),
        end=d(2029, 12, 31),
        mandates=(
            M("GM0828", "Aanstelling van de gedeelde security officer", "Gemeentesecretaris", None),
        ),
        table="Regionaal I-overleg",
    ),
    Spec(
        key="gelderse-poort",
        title="Gebiedsontwikkeling Gelderse Poort",
        theme=T.OVERIG,
        status=S.ONDERTEKEND,
        parties=("GM0268", "PV25", "natuurmonumenten", "ws0621"),
        task="Natuur, recreatie en rivierveiligheid in de Gelderse Poort samen ontwikkelen, "
        "met nieuwe wandelroutes en een bezoekerscentrum.",
        goal="In 2030 is de Gelderse Poort een nationaal park.",
        why="Het gebied is van vele eigenaren; een nationaal park vraagt één visie.",
        start=d(2027, 1, 1),
        end=d(2033, 12, 31),
        mandates=(M("ws0621", "Beheer van de uiterwaarden", "Heemraad", None),),
        table="Gebiedsoverleg Gelderse Poort",
    ),
    Spec(
        key="ondermijning-buitengebied",
        title="Aanpak ondermijning in het buitengebied",
        theme=T.OVERIG,
        status=S.IN_WERKING,
        parties=("GM1721", "GM0828", "PV30", "odbn"),
        task="Drugsafvaldumpingen, illegale bewoning van schuren en criminele "
        "activiteiten op leegstaande boerenerven samen opsporen en aanpakken.",
        goal="Elke dumping wordt binnen 48 uur opgeruimd; het aantal dumpingen daalt jaarlijks.",
        why="Ondermijning verplaatst zich naar waar toezicht zwak is.",
        start=d(2024, 9, 1),
        end=d(2028, 8, 31),
        mandates=(
            M(
                "PV30",
                "Vergoeding van opruimkosten van drugsafval",
                "Gedeputeerde veiligheid",
                250000,
            ),
        ),
        decisions=(
            D(
                d(2025, 5, 8),
                "Driehoek buitengebied",
                "Een meldpunt voor boeren die benaderd worden voor verhuur van schuren.",
                "DB-2025-02",
            ),
        ),
        table="Driehoek buitengebied",
    ),
    Spec(
        key="asbestdaken-brabant",
        title="Saneren van asbestdaken in Noord-Brabant",
        theme=T.OVERIG,
        status=S.BEEINDIGD,
        parties=("PV30", "GM1721", "odbn", "zlto"),
        task="Eigenaren van asbestdaken helpen saneren, met een subsidie en een "
        "collectieve aanpak per buurtschap.",
        goal="In 2028 is 80% van de asbestdaken gesaneerd.",
        why="Asbest vormt een risico bij brand en storm.",
        start=d(2019, 1, 1),
        end=d(2028, 12, 31),
        terminated=d(2022, 12, 31),
        mandates=(M("PV30", "Subsidie asbestsanering", "Gedeputeerde milieu", 2000000),),
        decisions=(
            D(
                d(2022, 10, 20),
                "Stuurgroep asbest",
                "Het landelijke asbestdakenverbod gaat niet door; de aanpak stopt eind 2022.",
                "SGA-2022-03",
            ),
        ),
        table="Stuurgroep asbest",
    ),
]
