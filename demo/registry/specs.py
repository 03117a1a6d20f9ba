"""The shape of the registry corpus: one `Spec` per agreement, in plain data.

A spec says what a person would type into the builder (title, task, goal, why, parties,
mandates) and what happened to the agreement afterwards (adopted, signed, in force, decisions,
evaluations, terminated). `demo/registry/document.py` turns a spec into a canonical document and
`demo/registry/seed.py` makes it real through the app's own domain functions.

Parties are named by their official code (`GM1721`, `PV30`, `ws0654`, `mnre1034`: the reference
organisations of `load_organisations`) or, for a partner, by its slug in `PARTNERS` below.
"""

from dataclasses import dataclass
from datetime import date

from accounts.models import PartnerKind
from agreements.document.choices import Theme
from agreements.versions.status import Status

# Re-exported for the data modules: `T.ENERGIE`, `S.IN_WERKING`.
T = Theme
S = Status


@dataclass(frozen=True)
class Partner:
    """A partner (not a government) as the builder's "partner toevoegen" would add it."""

    name: str
    official_name: str
    kind: str
    abbreviation: str = ""
    place: str = ""


PARTNERS: dict[str, Partner] = {
    # The cast's own partners (demo/cast.py), matched by their official name.
    "enexis": Partner(
        "Enexis", "Enexis Netbeheer", PartnerKind.NETBEHEERDER, "", "'s-Hertogenbosch"
    ),
    "energiek": Partner(
        "Energiecoöperatie Noordoost-Brabant",
        "Energiecoöperatie Noordoost-Brabant U.A.",
        PartnerKind.ENERGIE,
    ),
    "stedin": Partner("Stedin", "Stedin Netbeheer B.V.", PartnerKind.NETBEHEERDER, "", "Rotterdam"),
    "liander": Partner("Liander", "Liander N.V.", PartnerKind.NETBEHEERDER, "", "Arnhem"),
    "tennet": Partner("TenneT", "TenneT TSO B.V.", PartnerKind.NETBEHEERDER, "", "Arnhem"),
    "area": Partner("Area Wonen", "Woonstichting Area", PartnerKind.WONINGCORPORATIE, "", "Heesch"),
    "brabantwonen": Partner(
        "BrabantWonen", "Stichting BrabantWonen", PartnerKind.WONINGCORPORATIE, "", "Oss"
    ),
    "zayaz": Partner(
        "Zayaz", "Stichting Zayaz", PartnerKind.WONINGCORPORATIE, "", "'s-Hertogenbosch"
    ),
    "portaal": Partner(
        "Portaal", "Stichting Portaal", PartnerKind.WONINGCORPORATIE, "", "Nijmegen"
    ),
    "ggdhvb": Partner(
        "GGD Hart voor Brabant", "GGD Hart voor Brabant", PartnerKind.MAATSCHAPPELIJK, "GGD HvB"
    ),
    "vng": Partner(
        "VNG", "Vereniging van Nederlandse Gemeenten", PartnerKind.KOEPEL, "VNG", "Den Haag"
    ),
    "ipo": Partner("IPO", "Interprovinciaal Overleg", PartnerKind.KOEPEL, "IPO", "Den Haag"),
    "uvw": Partner("Unie van Waterschappen", "Unie van Waterschappen", PartnerKind.KOEPEL, "UvW"),
    "bmf": Partner(
        "Brabantse Milieufederatie",
        "Stichting Brabantse Milieufederatie",
        PartnerKind.MAATSCHAPPELIJK,
        "BMF",
        "Tilburg",
    ),
    "zlto": Partner(
        "ZLTO",
        "Zuidelijke Land- en Tuinbouworganisatie",
        PartnerKind.MAATSCHAPPELIJK,
        "ZLTO",
        "'s-Hertogenbosch",
    ),
    "tue": Partner(
        "TU Eindhoven",
        "Technische Universiteit Eindhoven",
        PartnerKind.KENNISINSTELLING,
        "TU/e",
        "Eindhoven",
    ),
    "wur": Partner(
        "Wageningen University & Research",
        "Stichting Wageningen Research",
        PartnerKind.KENNISINSTELLING,
        "WUR",
        "Wageningen",
    ),
    "prorail": Partner("ProRail", "ProRail B.V.", PartnerKind.BEDRIJF, "", "Utrecht"),
    "arriva": Partner("Arriva", "Arriva Personenvervoer Nederland B.V.", PartnerKind.BEDRIJF),
    "brabantwater": Partner(
        "Brabant Water", "Brabant Water N.V.", PartnerKind.BEDRIJF, "", "Breda"
    ),
    "vitens": Partner("Vitens", "Vitens N.V.", PartnerKind.BEDRIJF, "", "Zwolle"),
    "natuurmonumenten": Partner(
        "Natuurmonumenten",
        "Vereniging Natuurmonumenten",
        PartnerKind.MAATSCHAPPELIJK,
        "",
        "Amersfoort",
    ),
    "odbn": Partner(
        "Omgevingsdienst Brabant Noord",
        "Omgevingsdienst Brabant Noord",
        PartnerKind.OVERIG,
        "ODBN",
        "'s-Hertogenbosch",
    ),
    "cz": Partner("CZ", "CZ groep Zorgverzekeraar U.A.", PartnerKind.BEDRIJF, "CZ", "Tilburg"),
    "vrbn": Partner(
        "Veiligheidsregio Brabant-Noord",
        "Veiligheidsregio Brabant-Noord",
        PartnerKind.MAATSCHAPPELIJK,
        "VRBN",
        "'s-Hertogenbosch",
    ),
}


@dataclass(frozen=True)
class M:
    """A mandate: who may decide what on behalf of a party, and up to which amount."""

    party: str  # code or partner slug, one of the spec's parties
    subject: str
    function: str
    amount: int | None = None
    limits: str = ""
    basis: str = "collegebesluit"


@dataclass(frozen=True)
class D:
    """A decision taken under the agreement (its besluitenlijst)."""

    on: date
    table: str
    what: str
    reference: str = ""


@dataclass(frozen=True)
class E:
    """An evaluation: scores 1–5 with a note on content, process and relationship, and at most
    one follow-up action for the first party (still open when `done` is false)."""

    on: date
    content: tuple[int, str]
    process: tuple[int, str]
    relationship: tuple[int, str]
    action: str = ""
    done: bool = False
    leads_to_amendment: bool = False


@dataclass(frozen=True)
class Spec:
    """One agreement of the corpus; `key` is stable (tests and the search queries use it)."""

    key: str
    title: str
    theme: str
    status: str
    parties: tuple[str, ...]  # the first party's opsteller drafts and adopts
    task: str
    goal: str
    why: str
    start: date
    end: date | None  # None: for an indefinite period
    mandates: tuple[M, ...] = ()
    decisions: tuple[D, ...] = ()
    evaluations: tuple[E, ...] = ()
    # The bestuurlijk table that meets under the agreement (the first party chairs it).
    table: str = "Bestuurlijk overleg"
    work: tuple[str, ...] = ("Uitvoering",)  # work packages; the first party is accountable
    public: bool = True
    terminated: date | None = None  # for Status.BEEINDIGD
    # For Status.VASTGESTELD: how many parties have signed so far (all but the last by default).
    signed_by: int | None = None
