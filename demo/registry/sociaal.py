"""The registry corpus, Sociaal domein: youth care, health, schools, work."""

from datetime import date as d

from demo.registry.specs import D, E, M, S, Spec, T

AGREEMENTS = [
    Spec(
        key="jeugdzorg-regio-den-bosch",
        title="Regionale inkoop jeugdzorg Meierij",
        theme=T.SOCIAAL_DOMEIN,
        status=S.VERLOPEN,
        parties=("GM0796", "GM1721", "GM0828", "GM1948", "GM0757", "GM0865"),
        task="Gezamenlijke inkoop van specialistische jeugdzorg en jeugdhulp met verblijf "
        "voor de gemeenten in de Meierij, met één contractmanager.",
        goal="Elk kind met een zware zorgvraag krijgt binnen vier weken passende hulp; de "
        "kosten per gemeente zijn voorspelbaar.",
        why="Specialistische jeugdzorg is te duur en te schaars voor één gemeente; "
        "gezamenlijke inkoop voorkomt wachtlijsten en dure spoedplaatsingen.",
        start=d(2021, 1, 1),
        end=d(2025, 12, 31),
        mandates=(
            M(
                "GM0796",
                "Contractbeheer en tariefonderhandeling jeugdzorgaanbieders",
                "Regionaal contractmanager",
                None,
                "Binnen het regionale inkoopkader",
            ),
        ),
        decisions=(
            D(
                d(2023, 9, 14),
                "Regionaal bestuurlijk overleg jeugd",
                "Het solidariteitsfonds wordt verlengd tot het einde van de looptijd.",
                "RBO-J-2023-07",
            ),
        ),
        evaluations=(
            E(
                d(2024, 11, 7),
                (2, "Wachtlijsten bij verblijf zijn niet korter geworden."),
                (3, "Te veel zorgaanbieders om goed te sturen."),
                (4, "Gemeenten vertrouwen elkaar."),
                "Nieuwe inkoop met minder aanbieders voorbereiden",
                done=True,
                leads_to_amendment=True,
            ),
        ),
        table="Regionaal bestuurlijk overleg jeugd",
    ),
    Spec(
        key="schoolgebouwen-bernheze",
        title="Integraal huisvestingsplan scholen Bernheze",
        theme=T.SOCIAAL_DOMEIN,
        status=S.CONCEPT,
        parties=("GM1721", "vng"),
        task="Met de schoolbesturen een plan maken voor nieuwbouw en renovatie van de "
        "basisscholen, met kindcentra en gymzalen.",
        goal="In 2035 zijn alle schoolgebouwen frisse, energieneutrale scholen.",
        why="Schoolgebouwen zijn verouderd; de gemeente betaalt de huisvesting, de "
        "schoolbesturen het onderhoud, en de VNG deelt het landelijke model.",
        start=d(2027, 1, 1),
        end=d(2035, 12, 31),
        mandates=(
            M(
                "GM1721",
                "Voorbereidingskrediet voor de eerste twee kindcentra",
                "Wethouder onderwijs",
                300000,
            ),
        ),
        table="Op overeenstemming gericht overleg",
    ),
    Spec(
        key="preventieakkoord-noordoost",
        title="Regionaal preventieakkoord Noordoost-Brabant",
        theme=T.SOCIAAL_DOMEIN,
        status=S.IN_WERKING,
        parties=("ggdhvb", "GM0796", "GM1721", "GM0828", "cz"),
        task="Samen werken aan gezondheid: valpreventie bij ouderen, rookvrije generatie "
        "en minder alcoholgebruik onder jongeren.",
        goal="In 2028 is het aantal valincidenten bij 75-plussers met 15% gedaald.",
        why="Preventie loont voor de zorgverzekeraar, maar de gemeenten en de GGD moeten "
        "het in de wijken doen.",
        start=d(2024, 1, 1),
        end=d(2028, 12, 31),
        mandates=(
            M(
                "cz",
                "Vergoeding van valpreventiecursussen",
                "Regiomanager zorginkoop",
                None,
                basis="statuten",
            ),
            M(
                "ggdhvb",
                "Regionale monitor gezondheid",
                "Directeur publieke gezondheid",
                None,
                basis="mandaatbesluit",
            ),
        ),
        decisions=(
            D(
                d(2024, 6, 20),
                "Regiotafel gezondheid",
                "Elke gemeente biedt de valpreventiecursus In Balans aan.",
                "RTG-2024-02",
            ),
        ),
        evaluations=(
            E(
                d(2025, 11, 20),
                (3, "Bereik onder ouderen nog laag."),
                (4, "Goede regie."),
                (4, "Zorgverzekeraar is betrokken."),
                "Huisartsen laten doorverwijzen",
            ),
        ),
        table="Regiotafel gezondheid",
    ),
    Spec(
        key="beschermd-wonen-nijmegen",
        title="Beschermd wonen en maatschappelijke opvang regio Nijmegen",
        theme=T.SOCIAAL_DOMEIN,
        status=S.VERLOPEN,
        parties=("GM0268", "portaal", "cz"),
        task="Mensen uit beschermd wonen en de maatschappelijke opvang begeleiden naar een "
        "eigen woning in de wijk.",
        goal="Jaarlijks stromen 120 mensen door naar een eigen huurwoning.",
        why="Uitstroom lukt alleen met woningen van de corporatie en zorg in de wijk.",
        start=d(2021, 1, 1),
        end=d(2025, 12, 31),
        mandates=(
            M(
                "portaal",
                "Toewijzing van urgentiewoningen voor uitstroom",
                "Manager wonen",
                None,
                basis="statuten",
            ),
        ),
        evaluations=(
            E(
                d(2024, 12, 12),
                (3, "90 per jaar."),
                (3, "Wachtlijsten."),
                (4, "Goed contact."),
                "Nieuwe afspraken voorbereiden",
                done=True,
            ),
        ),
        table="Bestuurlijk overleg opvang",
    ),
    Spec(
        key="nij-begun-schulden",
        title="Nij Begun: aanpak armoede en schulden in Noord-Groningen",
        theme=T.SOCIAAL_DOMEIN,
        status=S.ONDERTEKEND,
        parties=("mnre1034", "mnre1073", "GM1966", "GM0014", "PV20"),
        task="Inwoners van het aardbevingsgebied met schulden vroeg bereiken, met "
        "schuldhulpverlening aan de keukentafel en kwijtschelding waar het kan.",
        goal="In 2030 is het aantal huishoudens met problematische schulden gehalveerd.",
        why="Het rijk heeft de Groningers een nieuw begin beloofd; de gemeenten kennen de "
        "huishoudens.",
        start=d(2027, 1, 1),
        end=d(2032, 12, 31),
        mandates=(
            M(
                "mnre1073",
                "Inzet van de regeling vroegsignalering",
                "Directeur armoedebeleid",
                None,
                basis="ministerieel",
            ),
        ),
        table="Stuurgroep Nij Begun sociaal",
    ),
    Spec(
        key="inburgering-meierij",
        title="Inburgering en huisvesting statushouders in de Meierij",
        theme=T.SOCIAAL_DOMEIN,
        status=S.VASTGESTELD,
        parties=("GM1948", "GM1721", "GM0828"),
        task="Statushouders gezamenlijk huisvesten en begeleiden naar taal en werk onder "
        "de nieuwe Wet inburgering.",
        goal="Binnen drie jaar volgt 90% van de inburgeraars een taalroute of werkt.",
        why="De taakstelling per gemeente is klein; samen kunnen ze een goede leerroute inkopen.",
        start=d(2026, 1, 1),
        end=d(2028, 12, 31),
        mandates=(M("GM1948", "Inkoop van de taalroutes", "Wethouder participatie", 400000),),
        table="Portefeuillehoudersoverleg inburgering",
        signed_by=2,
    ),
    Spec(
        key="wonen-met-zorg-cuijk",
        title="Wonen met zorg voor ouderen in Land van Cuijk",
        theme=T.SOCIAAL_DOMEIN,
        status=S.CONCEPT,
        parties=("GM1982", "cz", "PV30"),
        task="Zorgwoningen en geclusterde woonvormen voor ouderen in de dorpen, zodat zij "
        "in hun eigen kern oud kunnen worden, met steun voor mantelzorgers.",
        goal="400 zorgwoningen in 2030.",
        why="Vergrijzing en een tekort aan verpleeghuisplekken.",
        start=d(2027, 1, 1),
        end=d(2030, 12, 31),
        mandates=(M("GM1982", "Ruimte voor zorgwoningen in de dorpen", "Wethouder zorg", None),),
        table="Zorg- en woontafel",
    ),
    Spec(
        key="werkgeversservicepunt",
        title="Werkgeversservicepunt arbeidsmarktregio Noordoost-Brabant",
        theme=T.SOCIAAL_DOMEIN,
        status=S.IN_WERKING,
        parties=("GM0796", "GM0828", "GM1721", "mnre1073"),
        task="Eén loket voor werkgevers die mensen met een afstand tot de arbeidsmarkt "
        "willen aannemen, voor de banenafspraak en beschut werk.",
        goal="Jaarlijks 600 plaatsingen via het werkgeversservicepunt.",
        why="Werkgevers willen één aanspreekpunt, niet vier gemeenten en het UWV.",
        start=d(2023, 1, 1),
        end=None,
        mandates=(
            M("GM0796", "Loonkostensubsidie namens de regiogemeenten", "Manager werk", None),
        ),
        decisions=(
            D(
                d(2024, 4, 25),
                "Regionaal werkbedrijf",
                "Het servicepunt krijgt een vestiging in Oss.",
                "RWB-2024-02",
            ),
        ),
        table="Regionaal werkbedrijf",
    ),
    Spec(
        key="sportakkoord-bernheze",
        title="Lokaal sportakkoord Bernheze",
        theme=T.SOCIAAL_DOMEIN,
        status=S.BEEINDIGD,
        parties=("GM1721", "vng", "ggdhvb"),
        task="Sportverenigingen, scholen en de GGD maken samen meer beweegaanbod voor "
        "kinderen en ouderen.",
        goal="Elke school heeft een beweegcoach.",
        why="Verenigingen vinden elkaar niet zonder regie.",
        start=d(2020, 9, 1),
        end=d(2026, 8, 31),
        terminated=d(2024, 12, 31),
        mandates=(M("GM1721", "Uitvoeringsbudget sportakkoord", "Wethouder sport", 30000),),
        decisions=(
            D(
                d(2024, 10, 31),
                "Sportoverleg",
                "Het akkoord gaat op in het nieuwe preventieakkoord.",
                "SO-2024-03",
            ),
        ),
        evaluations=(
            E(
                d(2023, 10, 5),
                (4, "Twaalf scholen met beweegcoach."),
                (3, "Weinig overleg."),
                (4, "Verenigingen betrokken."),
                "Samenvoegen met het preventieakkoord",
                done=True,
            ),
        ),
        table="Sportoverleg",
    ),
]
