"""The registry corpus, Wonen and warmte: housing deals, heat networks, the warmtetransitie."""

from datetime import date as d

from demo.registry.specs import D, E, M, S, Spec, T

AGREEMENTS = [
    Spec(
        key="warmtenet-heesch",
        title="Warmtenet Heesch-West met restwarmte",
        theme=T.WARMTE,
        status=S.CONCEPT,
        parties=("GM1721", "area", "enexis"),
        task="Onderzoeken of de restwarmte van de bedrijven op Heesch-West via een warmtenet "
        "naar 900 huurwoningen in Heesch kan.",
        goal="Een besluit over de aanleg van het warmtenet in 2027, met een warmtetarief dat "
        "niet hoger is dan het gasalternatief.",
        why="De woningcorporatie wil van het gas af, de restwarmte gaat nu verloren en de "
        "gemeente moet de warmtetransitie regisseren.",
        start=d(2027, 1, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "area",
                "Opdracht voor het haalbaarheidsonderzoek warmtenet",
                "Directeur vastgoed",
                80000,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2026, 9, 24),
                "Kerngroep warmtenet",
                "Het concept wordt besproken met de huurdersvereniging voordat het wordt "
                "vastgesteld.",
                "KG-WN-01",
            ),
        ),
        table="Kerngroep warmtenet",
    ),
    Spec(
        key="woningbouw-bernheze",
        title="Woningbouwafspraken Bernheze 2025–2030",
        theme=T.WONEN,
        status=S.IN_WERKING,
        parties=("GM1721", "area", "PV30"),
        task="Prestatieafspraken over nieuwbouw, betaalbare huur en doorstroming van "
        "senioren in Heesch, Heeswijk-Dinther, Nistelrode, Vorstenbosch en Loosbroek.",
        goal="Tot 2030 worden 1.200 woningen gebouwd, waarvan 30% sociale huur; elk jaar "
        "verhuizen 40 senioren naar een passende woning.",
        why="De woningnood raakt starters en senioren; de corporatie bouwt, de gemeente geeft "
        "grond en ruimte, de provincie versnelt met de woondeal.",
        start=d(2025, 1, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "GM1721",
                "Gronduitgifte voor sociale huurwoningen tegen een vaste grondprijs",
                "Wethouder wonen",
                500000,
            ),
            M(
                "area",
                "Investeringsbesluiten voor nieuwbouw tot het jaarplan",
                "Bestuurder",
                None,
                basis="statuten",
            ),
        ),
        decisions=(
            D(
                d(2025, 4, 17),
                "Overleg prestatieafspraken",
                "De locatie Zoggel in Heeswijk-Dinther wordt als eerste ontwikkeld.",
                "PA-2025-01",
            ),
        ),
        evaluations=(
            E(
                d(2026, 3, 26),
                (3, "Bouwproductie loopt achter door stikstof en netcongestie."),
                (4, "Goede voorbereiding van het overleg."),
                (5, "Open relatie met de huurdersvereniging."),
                "Versnellingsteam met de provincie instellen",
            ),
        ),
        table="Overleg prestatieafspraken",
    ),
    Spec(
        key="arbeidsmigranten-noordoost",
        title="Huisvesting arbeidsmigranten Noordoost-Brabant",
        theme=T.WONEN,
        status=S.VASTGESTELD,
        parties=("GM0828", "GM1721", "GM0796", "GM1948", "PV30"),
        task="Regionale afspraken over goede en veilige huisvesting van arbeidsmigranten, "
        "met een eerlijke verdeling van locaties over de gemeenten.",
        goal="In 2028 zijn 2.500 extra bedden op gecertificeerde locaties beschikbaar en is "
        "de registratie van arbeidsmigranten op orde.",
        why="Arbeidsmigranten wonen nu te vaak in overvolle woningen; geen gemeente wil de "
        "opgave alleen dragen.",
        start=d(2026, 4, 1),
        end=d(2029, 12, 31),
        mandates=(
            M(
                "GM0828",
                "Verdeling van de regionale taakstelling over de gemeenten",
                "Portefeuillehouder wonen",
                None,
                "Alleen binnen de afgesproken verdeelsleutel",
            ),
        ),
        table="Portefeuillehoudersoverleg wonen",
        signed_by=3,
    ),
    Spec(
        key="aquathermie-maas",
        title="Aquathermie uit de Maas en de rioolwaterzuivering",
        theme=T.WARMTE,
        status=S.VERLOPEN,
        parties=("ws0654", "GM0796", "GM0828", "tue"),
        task="Een pilot met warmte uit oppervlaktewater (TEO) en afvalwater (TEA) van de "
        "rioolwaterzuivering 's-Hertogenbosch voor een nieuwbouwwijk.",
        goal="Aantonen dat aquathermie 600 woningen kan verwarmen tegen maatschappelijk "
        "aanvaardbare kosten.",
        why="Het waterschap heeft de bron, de gemeenten de warmtevraag en de universiteit "
        "de kennis om de pilot te meten.",
        start=d(2022, 4, 1),
        end=d(2025, 3, 31),
        mandates=(
            M(
                "tue",
                "Meetprogramma en publicatie van de resultaten",
                "Hoogleraar",
                None,
                basis="statuten",
            ),
        ),
        evaluations=(
            E(
                d(2024, 10, 10),
                (4, "Pilot technisch geslaagd."),
                (4, "Goed projectteam."),
                (5, "Inspirerende samenwerking."),
                "Vervolg met een warmtebedrijf verkennen",
                done=True,
            ),
        ),
        table="Projectgroep aquathermie",
    ),
    Spec(
        key="woondeal-arnhem-nijmegen",
        title="Woondeal regio Arnhem-Nijmegen",
        theme=T.WONEN,
        status=S.IN_WERKING,
        parties=("mnre1034", "PV25", "GM0268", "GM0202", "portaal"),
        task="Rijk, provincie en gemeenten versnellen samen de woningbouw in de regio, met "
        "flexwoningen voor spoedzoekers en betaalbare koopwoningen voor starters.",
        goal="Tot 2030 worden 40.000 woningen gebouwd, waarvan twee derde betaalbaar.",
        why="De woningmarkt is regionaal; alleen samen kunnen rijk en regio bouwlocaties, "
        "infrastructuur en geld op elkaar afstemmen.",
        start=d(2023, 1, 1),
        end=d(2030, 12, 31),
        mandates=(
            M(
                "mnre1034",
                "Inzet van de Woningbouwimpuls voor de regio",
                "Directeur-generaal volkshuisvesting",
                None,
                basis="ministerieel",
            ),
            M(
                "GM0268",
                "Aanwijzing van locaties voor flexwoningen",
                "Wethouder wonen",
                None,
                "Binnen de vastgestelde woonvisie",
            ),
        ),
        decisions=(
            D(
                d(2024, 2, 8),
                "Bestuurlijk overleg woondeal",
                "Nijmegen en Arnhem bouwen samen 1.000 flexwoningen op tijdelijke locaties.",
                "BOW-2024-01",
            ),
        ),
        evaluations=(
            E(
                d(2025, 6, 26),
                (3, "Bouwproductie 80% van de afspraak."),
                (4, "Goede monitor."),
                (4, "Rijk en regio spreken dezelfde taal."),
                "Tweede tranche flexwoningen voorbereiden",
            ),
        ),
        table="Bestuurlijk overleg woondeal",
        work=("Woningbouwlocaties", "Flexwoningen"),
    ),
    Spec(
        key="flexwonen-den-bosch",
        title="Flexwoningen voor spoedzoekers in 's-Hertogenbosch",
        theme=T.WONEN,
        status=S.ONDERTEKEND,
        parties=("GM0796", "zayaz", "PV30"),
        task="Tijdelijke woningen op De Groote Wielen en bij het station voor mensen die "
        "acuut een woning zoeken: gescheiden ouders, statushouders en jongeren.",
        goal="Binnen twee jaar staan er 250 flexwoningen, voor vijftien jaar.",
        why="De wachttijd voor een sociale huurwoning is negen jaar; flexwonen overbrugt dat.",
        start=d(2027, 4, 1),
        end=d(2042, 3, 31),
        mandates=(
            M(
                "zayaz",
                "Aankoop en exploitatie van de flexwoningen",
                "Directeur-bestuurder",
                None,
                basis="statuten",
            ),
        ),
        table="Projectgroep flexwonen",
    ),
    Spec(
        key="aardgasvrij-dukenburg",
        title="Wijkuitvoeringsplan aardgasvrij Dukenburg",
        theme=T.WARMTE,
        status=S.VASTGESTELD,
        parties=("GM0268", "portaal", "liander"),
        task="De wijk Dukenburg in Nijmegen stap voor stap aardgasvrij maken, te beginnen "
        "met de flats van de corporatie die op een warmtenet aansluiten.",
        goal="In 2030 zijn 3.000 woningen van het gas af; geen huurder gaat er in "
        "woonlasten op achteruit.",
        why="Het warmtenet loont alleen als corporatie, netbeheerder en gemeente tegelijk "
        "de straat openbreken.",
        start=d(2026, 7, 1),
        end=d(2031, 12, 31),
        mandates=(
            M(
                "liander",
                "Verwijderen van gasaansluitingen en verzwaren van het elektriciteitsnet",
                "Regiomanager",
                None,
                basis="statuten",
            ),
        ),
        table="Wijkteam Dukenburg",
        signed_by=2,
    ),
    Spec(
        key="warmtenetten-groningen",
        title="Warmtenetten in Paddepoel en Selwerd",
        theme=T.WARMTE,
        status=S.IN_WERKING,
        parties=("GM0014", "PV20", "mnre1045", "enexis"),
        task="Twee wijken in de stad Groningen aansluiten op warmtenetten met warmte uit "
        "datacenters en aardwarmte, via het gemeentelijke warmtebedrijf.",
        goal="In 2029 zijn 6.000 woningen aangesloten op de warmtenetten.",
        why="De Groningse gasopgave vraagt om alternatieven; het rijk draagt bij uit het "
        "programma aardgasvrije wijken.",
        start=d(2024, 1, 1),
        end=d(2029, 12, 31),
        mandates=(
            M(
                "GM0014",
                "Aansturing van het gemeentelijke warmtebedrijf",
                "Wethouder energietransitie",
                5000000,
            ),
            M(
                "mnre1045",
                "Rijksbijdrage programma aardgasvrije wijken",
                "Programmadirecteur",
                8000000,
                basis="ministerieel",
            ),
        ),
        decisions=(
            D(
                d(2024, 11, 21),
                "Stuurgroep warmte Groningen",
                "Het datacenter levert vanaf 2026 restwarmte aan Paddepoel.",
                "SWG-2024-04",
            ),
        ),
        table="Stuurgroep warmte Groningen",
    ),
    Spec(
        key="isolatie-meierijstad",
        title="Isolatie van huurwoningen in Meierijstad",
        theme=T.WONEN,
        status=S.VERLOPEN,
        parties=("GM1948", "area", "energiek"),
        task="Slecht geïsoleerde huurwoningen met een E-, F- of G-label in Veghel, "
        "Schijndel en Sint-Oedenrode isoleren.",
        goal="In 2025 heeft geen huurwoning meer een label slechter dan D.",
        why="Energiearmoede treft huurders het hardst.",
        start=d(2022, 9, 1),
        end=d(2025, 8, 31),
        mandates=(
            M("GM1948", "Subsidie voor isolatie tegen energiearmoede", "Wethouder wonen", 250000),
        ),
        evaluations=(
            E(
                d(2025, 5, 15),
                (5, "Doel gehaald."),
                (4, "Goed projectteam."),
                (4, "Huurders tevreden."),
                "Eindverslag aan de raad",
                done=True,
            ),
        ),
        table="Overleg prestatieafspraken Meierijstad",
    ),
    Spec(
        key="woningbouw-eindhoven",
        title="Versnellingsafspraken woningbouw Brainport Eindhoven",
        theme=T.WONEN,
        status=S.CONCEPT,
        parties=("GM0772", "GM0794", "PV30", "mnre1034"),
        task="Woningbouw versnellen rond de Brainport: stationsgebieden verdichten en "
        "betaalbare woningen voor kenniswerkers en mbo'ers.",
        goal="Tot 2035 62.000 extra woningen in de Brainportregio.",
        why="Zonder woningen groeit de werkgelegenheid niet; het rijk investeert in "
        "Brainport als nationaal belang.",
        start=d(2027, 1, 1),
        end=d(2035, 12, 31),
        mandates=(
            M(
                "GM0772",
                "Grondbeleid en ontwikkelstrategie stationsgebied",
                "Wethouder ruimtelijke ontwikkeling",
                None,
            ),
        ),
        decisions=(
            D(
                d(2026, 11, 12),
                "Brainport bestuurlijk overleg",
                "Het concept gaat naar de raden voor wensen en bedenkingen.",
                "BBO-2026-09",
            ),
        ),
        table="Brainport bestuurlijk overleg",
    ),
    Spec(
        key="kantoren-naar-woningen-zwolle",
        title="Transformatie van kantoren naar woningen in Zwolle",
        theme=T.WONEN,
        status=S.BEEINDIGD,
        parties=("GM0193", "PV23", "enexis"),
        task="Leegstaande kantoren rond het station van Zwolle ombouwen tot "
        "studentenwoningen en appartementen voor starters.",
        goal="800 woningen in voormalige kantoren.",
        why="Leegstand en woningnood op dezelfde plek.",
        start=d(2021, 3, 1),
        end=d(2027, 2, 28),
        terminated=d(2024, 3, 1),
        mandates=(
            M(
                "GM0193",
                "Afwijken van het bestemmingsplan voor transformatie",
                "Wethouder wonen",
                None,
            ),
        ),
        decisions=(
            D(
                d(2024, 1, 18),
                "Transformatieteam",
                "Doel bereikt: de afspraken worden beëindigd.",
                "TT-2024-01",
            ),
        ),
        table="Transformatieteam",
    ),
    Spec(
        key="aardwarmte-delft",
        title="Aardwarmte voor Delft en de campus",
        theme=T.WARMTE,
        status=S.VASTGESTELD,
        parties=("GM0503", "PV28", "stedin", "mnre1034"),
        task="Een geothermiebron op de campus in Delft benutten voor woningen, "
        "universiteitsgebouwen en kassen.",
        goal="Vanaf 2028 levert de bron warmte voor 5.000 woningequivalenten.",
        why="Aardwarmte vraagt een groot warmtenet en een lange adem; geen partij kan het "
        "risico alleen dragen.",
        start=d(2026, 1, 1),
        end=d(2045, 12, 31),
        mandates=(M("PV28", "Garantstelling voor het warmtenet", "Gedeputeerde energie", 3000000),),
        table="Stuurgroep aardwarmte",
        signed_by=1,
    ),
]
