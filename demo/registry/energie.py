"""The registry corpus, Energie: wind, zon, netcongestie and the energy counters."""

from datetime import date as d

from demo.registry.specs import D, E, M, S, Spec, T

AGREEMENTS = [
    Spec(
        key="windmolen-vorstenbosch",
        title="Windmolen Vorstenbosch: omgevingsfonds en participatie",
        theme=T.ENERGIE,
        status=S.IN_WERKING,
        parties=("GM1721", "energiek", "PV30"),
        task="Afspraken over de ene windmolen bij Vorstenbosch: lokaal eigendom, het "
        "omgevingsfonds en hoe omwonenden meebeslissen over de besteding.",
        goal="De windmolen is voor de helft in lokaal eigendom en het omgevingsfonds keert "
        "jaarlijks € 0,50 per MWh uit aan projecten in Vorstenbosch en Nistelrode.",
        why="Draagvlak voor een windmolen ontstaat alleen als de opbrengst ook in het dorp "
        "terechtkomt; de coöperatie kent de inwoners, de gemeente verleent de vergunning.",
        start=d(2024, 9, 1),
        end=d(2039, 8, 31),
        mandates=(
            M(
                "energiek",
                "Besteding van het omgevingsfonds tot het jaarbudget",
                "Bestuur van de coöperatie",
                40000,
                basis="statuten",
            ),
            M(
                "GM1721",
                "Toezicht op de participatieafspraken uit de omgevingsvergunning",
                "Wethouder duurzaamheid",
            ),
        ),
        decisions=(
            D(
                d(2025, 2, 20),
                "Fondscommissie Vorstenbosch",
                "De eerste uitkering van het omgevingsfonds gaat naar de dorpshuizen van "
                "Vorstenbosch en Nistelrode.",
                "FC-2025-01",
            ),
        ),
        evaluations=(
            E(
                d(2025, 10, 2),
                (4, "De windmolen draait; de opbrengst ligt boven de prognose."),
                (4, "De fondscommissie werkt."),
                (3, "Klachten over slagschaduw kwamen laat bij de coöperatie."),
                "Meldpunt slagschaduw bij de coöperatie onderbrengen",
                done=True,
            ),
        ),
        table="Fondscommissie Vorstenbosch",
    ),
    Spec(
        key="windpark-elzenburg",
        title="Windpark Elzenburg-De Geer langs de A59",
        theme=T.ENERGIE,
        status=S.ONDERTEKEND,
        parties=("GM0828", "GM0796", "PV30", "enexis", "energiek"),
        task="Vier windmolens langs de A59 tussen Oss en 's-Hertogenbosch realiseren, met een "
        "gezamenlijke omgevingsvergunning en een aansluiting op het onderstation Oss-Noord.",
        goal="In 2029 draaien de vier windmolens, samen goed voor het stroomverbruik van "
        "18.000 huishoudens, met ten minste 50% lokaal eigendom.",
        why="Het windpark ligt op de grens van twee gemeenten; zonder één aanpak zouden "
        "omwonenden twee procedures en twee participatietrajecten krijgen.",
        start=d(2027, 3, 1),
        end=d(2045, 12, 31),
        mandates=(
            M(
                "GM0828",
                "Coördinatie van de omgevingsvergunning voor beide gemeenten",
                "Wethouder ruimtelijke ordening",
                None,
                "Geen afwijking van het omgevingsplan",
            ),
            M(
                "enexis",
                "Reservering van transportcapaciteit op het onderstation Oss-Noord",
                "Regiomanager grootzakelijk",
                None,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2026, 10, 15),
                "Stuurgroep windpark Elzenburg",
                "De stuurgroep kiest voor vier windmolens met een tiphoogte van 200 meter.",
                "SG-WE-2026-03",
            ),
        ),
        table="Stuurgroep windpark Elzenburg",
        work=("Vergunning en participatie", "Netaansluiting"),
    ),
    Spec(
        key="zonnepark-kiekendief",
        title="Zonnepark De Kiekendief in Heesch",
        theme=T.ENERGIE,
        status=S.VASTGESTELD,
        parties=("GM1721", "enexis", "energiek", "ws0654"),
        task="Een zonnepark van 14 hectare bij Heesch inpassen in het landschap, met een "
        "natuurvriendelijke oever langs de watergang en een tijdelijke vergunning voor 25 jaar.",
        goal="Het zonnepark levert vanaf 2028 circa 15 GWh per jaar; de watergang krijgt een "
        "natuurvriendelijke oever van 800 meter.",
        why="De netbeheerder moet tijdig uitbreiden, het waterschap beheert de watergang en "
        "de coöperatie wil het park samen met inwoners exploiteren.",
        start=d(2026, 1, 1),
        end=d(2051, 12, 31),
        mandates=(
            M(
                "ws0654",
                "Watervergunning en afspraken over beheer van de oever",
                "Afdelingshoofd vergunningverlening",
                None,
                basis="mandaatbesluit",
            ),
            M("GM1721", "Inpassingsplan en landschapsfonds zonnepark", "Wethouder ruimte", 60000),
        ),
        decisions=(
            D(
                d(2026, 3, 5),
                "Projectgroep zonnepark De Kiekendief",
                "Het inpassingsplan met de natuurvriendelijke oever is vastgesteld.",
                "PG-ZK-04",
            ),
        ),
        table="Projectgroep zonnepark De Kiekendief",
    ),
    Spec(
        key="netcongestie-transportcontracten",
        title="Flexibele transportcontracten bij netcongestie op bedrijventerreinen",
        theme=T.ENERGIE,
        status=S.IN_WERKING,
        parties=("enexis", "GM1721", "GM0828", "GM1948", "PV30"),
        task="Bedrijven op De Rosmalense Polder, Elzenburg en Heesch-West wachten op "
        "aansluiting; met flexibele en tijdsgebonden transportcontracten en een energiehub "
        "per terrein wordt de bestaande netcapaciteit beter benut.",
        goal="In 2027 hebben 40 bedrijven een flexibel transportcontract en zijn drie "
        "energiehubs operationeel; de wachtlijst is gehalveerd.",
        why="Het stroomnet zit vol. Gemeenten kennen de bedrijven, de provincie subsidieert "
        "de hubs en de netbeheerder sluit de contracten.",
        start=d(2025, 1, 1),
        end=d(2027, 12, 31),
        mandates=(
            M(
                "enexis",
                "Aanbieden van non-firm ATO's en tijdsduurgebonden contracten",
                "Manager netstrategie",
                None,
                "Binnen de codebesluiten van de ACM",
                "statuten",
            ),
            M(
                "PV30",
                "Subsidie voor de energiehubs op bedrijventerreinen",
                "Gedeputeerde energie",
                750000,
            ),
        ),
        decisions=(
            D(
                d(2025, 5, 22),
                "Regionale netcongestietafel",
                "Heesch-West wordt de eerste energiehub; de deelnemers delen één aansluiting.",
                "NCT-2025-05",
            ),
            D(
                d(2026, 2, 19),
                "Regionale netcongestietafel",
                "Bedrijven zonder contract krijgen voorrang op De Rosmalense Polder.",
                "NCT-2026-02",
            ),
        ),
        evaluations=(
            E(
                d(2026, 6, 11),
                (3, "Pas 18 contracten; de hubs lopen vertraging op."),
                (4, "De tafel neemt snel besluiten."),
                (4, "Bedrijven voelen zich gehoord."),
                "Ondernemersavond over energiehubs organiseren",
            ),
        ),
        table="Regionale netcongestietafel",
        work=("Energiehubs", "Contracten en wachtlijst"),
    ),
    Spec(
        key="res-noordoost-monitor",
        title="Monitoring van de Regionale Energiestrategie",
        theme=T.ENERGIE,
        status=S.VERLOPEN,
        parties=("GM1721", "mnre1034", "PV30", "enexis"),
        task="Jaarlijks meten hoeveel duurzame opwek in de regio vergund en gerealiseerd is, "
        "met één dashboard voor raden en Staten.",
        goal="Elke raad ontvangt jaarlijks in mei de voortgangsmonitor.",
        why="Zonder betrouwbare cijfers kunnen raden niet sturen op de regionale opgave.",
        start=d(2022, 1, 1),
        end=d(2024, 12, 31),
        mandates=(
            M(
                "mnre1034",
                "Levering van landelijke monitoringsdata via het NP RES",
                "Programmadirecteur",
                None,
                basis="ministerieel",
            ),
        ),
        decisions=(
            D(
                d(2023, 5, 11),
                "Stuurgroep RES",
                "De monitor wordt openbaar op de website.",
                "SG-2023-05",
            ),
        ),
        table="Stuurgroep RES",
    ),
    Spec(
        key="regionale-energieloketten",
        title="Energieloket en energiecoaches in Noordoost-Brabant",
        theme=T.ENERGIE,
        status=S.BEEINDIGD,
        parties=("GM0796", "GM1721", "GM0828", "energiek"),
        task="Eén regionaal energieloket met vrijwillige energiecoaches die inwoners helpen "
        "hun woning te isoleren.",
        goal="Jaarlijks 2.000 huisbezoeken door energiecoaches.",
        why="Inwoners weten niet waar ze moeten beginnen; één loket is goedkoper dan vier.",
        start=d(2021, 6, 1),
        end=d(2026, 12, 31),
        terminated=d(2025, 12, 31),
        mandates=(
            M("GM0796", "Opdrachtverlening aan het energieloket", "Wethouder duurzaamheid", 90000),
        ),
        decisions=(
            D(
                d(2025, 10, 9),
                "Regionaal overleg energiebesparing",
                "Het loket stopt eind 2025; elke gemeente richt een eigen energieloket in.",
                "ROE-2025-04",
            ),
        ),
        evaluations=(
            E(
                d(2025, 4, 17),
                (3, "1.400 huisbezoeken per jaar."),
                (2, "Onduidelijke sturing."),
                (3, "Vrijwilligers haken af."),
                "Besluit over voortzetting voorbereiden",
                done=True,
            ),
        ),
        table="Regionaal overleg energiebesparing",
    ),
    Spec(
        key="zon-op-dak-groningen",
        title="Zon op dak: zonneparken op bedrijfsdaken in Groningen",
        theme=T.ENERGIE,
        status=S.IN_WERKING,
        parties=("GM0014", "PV20", "enexis"),
        task="Grote daken van bedrijven en boerenschuren vullen met zonnepanelen voordat er "
        "nieuwe zonneparken op landbouwgrond komen (de zonneladder).",
        goal="In 2028 ligt 300 MWp aan zonnepanelen op daken; nieuwe zonneparken op "
        "landbouwgrond zijn alleen nog mogelijk als de daken vol zijn.",
        why="De provincie wil het landschap sparen, de gemeente verleent de vergunningen en "
        "de netbeheerder moet weten welke daken wanneer terugleveren.",
        start=d(2024, 7, 1),
        end=d(2028, 12, 31),
        mandates=(
            M(
                "PV20",
                "Subsidie voor dakversterking bij zonnedaken",
                "Gedeputeerde energie",
                2000000,
            ),
        ),
        decisions=(
            D(
                d(2025, 3, 13),
                "Bestuurlijk overleg zonneladder",
                "Zonneparken op landbouwgrond worden alleen toegestaan boven 60% dakbenutting.",
                "BOZ-2025-01",
            ),
        ),
        evaluations=(
            E(
                d(2026, 2, 5),
                (4, "180 MWp op daken."),
                (4, "Heldere zonneladder."),
                (4, "Agrariërs doen mee."),
                "Dakenscan uitbreiden naar Het Hogeland",
            ),
        ),
        table="Bestuurlijk overleg zonneladder",
    ),
    Spec(
        key="energiepark-oldambt",
        title="Energiepark Oldambt: wind, zon en groene waterstof",
        theme=T.ENERGIE,
        status=S.VASTGESTELD,
        parties=("GM1895", "PV20", "mnre1045", "tennet", "enexis"),
        task="Een energiepark bij Winschoten met windturbines, zonnevelden en een "
        "elektrolyser die groene waterstof maakt voor de industrie in de Eemshaven.",
        goal="In 2030 produceert het park 250 MW aan duurzame stroom en 10.000 ton groene "
        "waterstof per jaar.",
        why="Het hoogspanningsnet in Oost-Groningen is vol; waterstof maken op de plek van "
        "opwek ontlast het net en levert werk op in de regio.",
        start=d(2026, 6, 1),
        end=d(2040, 12, 31),
        mandates=(
            M(
                "mnre1045",
                "Rijkscoördinatieregeling en subsidie voor de elektrolyser",
                "Directeur energiemarkt",
                None,
                basis="ministerieel",
            ),
            M(
                "tennet",
                "Aansluiting op het 220 kV-station Meeden",
                "Manager aansluitingen",
                None,
                basis="statuten",
            ),
        ),
        table="Stuurgroep energiepark",
        work=("Windturbines en zonnevelden", "Waterstof en netaansluiting"),
    ),
    Spec(
        key="hoogspanning-zeeland",
        title="Nieuwe hoogspanningsverbinding en station Borssele",
        theme=T.ENERGIE,
        status=S.CONCEPT,
        parties=("mnre1045", "PV29", "GM0718", "tennet", "stedin"),
        task="Afspraken over de inpassing van een nieuw 380 kV-station bij Borssele en de "
        "verbinding naar Rilland, met compensatie voor omwonenden.",
        goal="Het station is in 2031 in bedrijf; de landschappelijke inpassing is met "
        "omwonenden ontworpen.",
        why="Windparken op zee landen aan in Zeeland; zonder nieuw station kan de stroom "
        "het land niet in.",
        start=d(2027, 1, 1),
        end=d(2032, 12, 31),
        mandates=(
            M(
                "tennet",
                "Ontwerp en aanbesteding van het station",
                "Projectdirecteur",
                None,
                basis="statuten",
            ),
        ),
        table="Omgevingsoverleg Borssele",
    ),
    Spec(
        key="lokaal-eigendom-gelderland",
        title="Lokaal eigendom van zonne- en windprojecten in Gelderland",
        theme=T.ENERGIE,
        status=S.VERLOPEN,
        parties=("PV25", "GM0268", "GM0202", "liander"),
        task="Energiecoöperaties helpen met een ontwikkelfonds en een gezamenlijke "
        "procesregeling voor 50% lokaal eigendom.",
        goal="Twintig coöperatieve projecten in ontwikkeling, elk met een omgevingsfonds.",
        why="Lokaal eigendom vergroot draagvlak; coöperaties missen startkapitaal.",
        start=d(2021, 1, 1),
        end=d(2024, 12, 31),
        mandates=(
            M(
                "PV25",
                "Leningen uit het ontwikkelfonds energiecoöperaties",
                "Gedeputeerde energie",
                1500000,
            ),
        ),
        decisions=(
            D(
                d(2022, 6, 2),
                "Gelders Energieakkoord",
                "Het ontwikkelfonds wordt verdubbeld.",
                "GEA-2022-03",
            ),
        ),
        evaluations=(
            E(
                d(2024, 9, 19),
                (4, "Zestien projecten."),
                (3, "Traag fonds."),
                (4, "Goede band met coöperaties."),
                "Fonds onderbrengen bij een revolverend fonds",
                done=True,
            ),
        ),
        table="Gelders Energieakkoord",
    ),
    Spec(
        key="maatschappelijk-vastgoed-limburg",
        title="Energiebesparing in maatschappelijk vastgoed in Zuid-Limburg",
        theme=T.ENERGIE,
        status=S.BEEINDIGD,
        parties=("GM0935", "GM0917", "PV31", "enexis"),
        task="Gemeentehuizen, sporthallen en buurthuizen in Maastricht en Heerlen "
        "verduurzamen met één aanpak en één aanbesteding.",
        goal="30% minder energieverbruik in gemeentelijk vastgoed in 2026.",
        why="Samen aanbesteden geeft schaal; de provincie draagt bij uit het "
        "Limburgse klimaatfonds.",
        start=d(2022, 1, 1),
        end=d(2026, 12, 31),
        terminated=d(2024, 12, 31),
        mandates=(
            M(
                "GM0935",
                "Gezamenlijke aanbesteding van de verduurzaming",
                "Wethouder vastgoed",
                400000,
            ),
        ),
        decisions=(
            D(
                d(2024, 10, 3),
                "Stuurgroep vastgoed",
                "De samenwerking stopt: Heerlen verkoopt het grootste deel van zijn vastgoed.",
                "SGV-2024-02",
            ),
        ),
        table="Stuurgroep vastgoed",
    ),
    Spec(
        key="zonnepanelen-scholen-utrecht",
        title="Zonnepanelen op scholen in Utrecht",
        theme=T.ENERGIE,
        status=S.CONCEPT,
        parties=("GM0344", "PV26", "stedin", "mnre1034"),
        task="Alle geschikte schooldaken in Utrecht voorzien van zonnepanelen, met lessen "
        "over energie voor de leerlingen.",
        goal="In 2028 liggen op 120 scholen zonnepanelen.",
        why="Schoolbesturen hebben geen investeringsruimte; gemeente, provincie en rijk "
        "kunnen samen een revolverend fonds vullen.",
        start=d(2027, 3, 1),
        end=d(2029, 12, 31),
        mandates=(
            M(
                "GM0344",
                "Bijdrage aan het revolverend fonds zonnedaken",
                "Wethouder onderwijs",
                1000000,
            ),
        ),
        table="Programmaraad scholen",
    ),
]
