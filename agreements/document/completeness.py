"""The completeness check: is every element the chosen rule set requires in the agreement?

Rules read the canonical document, not the rows, so the same check applies to a draft and to an
archived version. Each finding names its step and, where it can, the field to fix. Required
findings block adoption; advice findings are warnings. The numbers refer to the Aanwijzingen voor
convenanten (2003 numbering); for the decentral handreiking some musts are advice.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import Layer
from agreements.models import RuleSet

REQUIRED = "required"
ADVICE = "advice"

GOVERNMENTS_WITH_COUNCILS = {Layer.GEMEENTE, Layer.PROVINCIE, Layer.WATERSCHAP}
CORE_VALUES = (
    "transparantie",
    "rechtmatigheid",
    "rechtsgelijkheid",
    "gelijke_behandeling",
    "democratische_legitimiteit",
)


@dataclass(frozen=True)
class Finding:
    step: str
    element: str
    message: str
    severity: str = REQUIRED
    anchor: str = ""
    reference: str = ""

    @property
    def is_required(self) -> bool:
        return self.severity == REQUIRED


def _party_names(document: dict[str, Any]) -> dict[str, str]:
    return {party["key"]: party["organisation"]["official_name"] for party in document["parties"]}


def _too_few(
    rows: list[Any], minimum: int, step: str, element: str, message: str, reference: str = ""
) -> list[Finding]:
    """A finding when a list of the document has fewer than `minimum` rows; none otherwise."""
    return [Finding(step, element, message, reference=reference)] if len(rows) < minimum else []


def _task(document: dict[str, Any]) -> list[Finding]:
    task = document["task"]
    labels = {
        "title": _("Geef de afspraak een titel."),
        "task": _("Beschrijf de opgave."),
        "theme": _("Kies een thema."),
        "why": _("Beschrijf waarom de partijen samenwerken."),
        "intended_result": _("Beschrijf het beoogde resultaat."),
        "governance_style": _("Kies de sturingsstijl die past."),
        "rule_set": _("Kies welke regels gelden."),
        "enforceability": _("Zeg of de afspraken juridisch afdwingbaar zijn bedoeld."),
    }
    references = {"why": "A7.1", "intended_result": "A7.1", "enforceability": "A16.1"}
    return [
        Finding("opgave", field, message, anchor=f"id_{field}", reference=references.get(field, ""))
        for field, message in labels.items()
        if not str(task.get(field) or "").strip()
    ]


def _parties(document: dict[str, Any]) -> list[Finding]:
    parties = document["parties"]
    findings = _too_few(
        parties, 2, "partijen", "parties", _("Een afspraak heeft minstens twee partijen."), "A5"
    )
    for index, party in enumerate(parties):
        name = party["organisation"]["official_name"]
        anchor = f"party-{index}"
        if not party["political_representative"].strip():
            findings.append(
                Finding(
                    "partijen",
                    "representatives",
                    _("%(party)s: wie vertegenwoordigt de partij bestuurlijk?") % {"party": name},
                    anchor=anchor,
                    reference="A5.3",
                )
            )
        if not party["civil_contact"].strip():
            findings.append(
                Finding(
                    "partijen",
                    "contacts",
                    _("%(party)s: wie is het ambtelijk contactpersoon?") % {"party": name},
                    anchor=anchor,
                )
            )
        if not party["formal_roles"]:
            findings.append(
                Finding(
                    "partijen",
                    "formal_roles",
                    _("%(party)s: kies minstens één formele rol.") % {"party": name},
                    ADVICE,
                    anchor,
                    "A7.2",
                )
            )
        if not any(party["contributes"].values()):
            findings.append(
                Finding(
                    "partijen",
                    "contributions",
                    _("%(party)s: wat brengt deze partij in (capaciteit, geld, kennis)?")
                    % {"party": name},
                    ADVICE,
                    anchor,
                    "A7.2",
                )
            )
    if document["task"].get("rule_set") == RuleSet.AANWIJZINGEN and not any(
        party["organisation"]["layer"] == Layer.RIJK for party in parties
    ):
        findings.append(
            Finding(
                "partijen",
                "rijk_party",
                _("De Aanwijzingen gelden voor het rijk, maar het rijk is geen partij."),
                ADVICE,
                reference="A1",
            )
        )
    return findings


@dataclass(frozen=True)
class RaciProblems:
    """What the RACI rules find wrong: per work package (by position) and per party key.

    The builder's check and the RACI diagram both read this, so a mark in the diagram and a
    finding on the check page always have the same cause.
    """

    accountable: dict[int, int]  # position -> number of A's, where that is not exactly one
    no_responsible: frozenset[int]  # positions of work packages without an R
    without_role: tuple[str, ...]  # keys of parties in no row, in party order

    def for_package(self, index: int) -> tuple[int | None, bool]:
        """The wrong number of A's (None when right) and whether the R is missing."""
        return self.accountable.get(index), index in self.no_responsible


def raci_problems(document: dict[str, Any]) -> RaciProblems:
    """Exactly one A and at least one R per work package; every party somewhere in the matrix."""
    packages = document["ownership"]["work_packages"]
    names = _party_names(document)
    accountable: dict[int, int] = {}
    no_responsible: set[int] = set()
    seen: set[str] = set()
    for index, package in enumerate(packages):
        # Letters of keys that are no (longer a) party do not count.
        letters = [letter for key, letter in package["raci"].items() if key in names]
        seen.update(key for key in package["raci"] if key in names)
        if letters.count("A") != 1:
            accountable[index] = letters.count("A")
        if "R" not in letters:
            no_responsible.add(index)
    # Without work packages there is no matrix to be missing from.
    without_role = tuple(key for key in names if key not in seen) if packages else ()
    return RaciProblems(accountable, frozenset(no_responsible), without_role)


def _ownership(document: dict[str, Any]) -> list[Finding]:
    packages = document["ownership"]["work_packages"]
    names = _party_names(document)
    problems = raci_problems(document)
    findings = _too_few(
        packages, 1, "eigenaarschap", "work_packages", _("Benoem minstens één werkpakket.")
    )
    for index, package in enumerate(packages):
        anchor = f"work-package-{index}"
        accountable, no_responsible = problems.for_package(index)
        if accountable is not None:
            findings.append(
                Finding(
                    "eigenaarschap",
                    "raci_accountable",
                    _("%(package)s: precies één partij is eindverantwoordelijk (A), nu %(count)d.")
                    % {"package": package["name"], "count": accountable},
                    anchor=anchor,
                )
            )
        if no_responsible:
            findings.append(
                Finding(
                    "eigenaarschap",
                    "raci_responsible",
                    _("%(package)s: minstens één partij voert uit (R).")
                    % {"package": package["name"]},
                    anchor=anchor,
                )
            )
    for key in problems.without_role:
        findings.append(
            Finding(
                "eigenaarschap",
                "raci_coverage",
                _("%(party)s komt nergens in de RACI-matrix voor.") % {"party": names[key]},
                ADVICE,
            )
        )
    return findings


def _governance(document: dict[str, Any]) -> list[Finding]:
    governance = document["governance"]
    findings = _too_few(
        governance["tables"], 1, "tafels", "tables", _("Benoem minstens één tafel."), "A12"
    )
    for index, table in enumerate(governance["tables"]):
        anchor = f"table-{index}"
        if not table["decides"].strip():
            findings.append(
                Finding(
                    "tafels",
                    "table_decides",
                    _("%(table)s: wat beslist deze tafel?") % {"table": table["name"]},
                    anchor=anchor,
                    reference="A12",
                )
            )
        if not table["level"]:
            findings.append(
                Finding(
                    "tafels",
                    "table_level",
                    _("%(table)s: is deze tafel bestuurlijk of ambtelijk?")
                    % {"table": table["name"]},
                    anchor=anchor,
                )
            )
        if not table["chair"] and not table["independent_chair"].strip():
            findings.append(
                Finding(
                    "tafels",
                    "table_chair",
                    _("%(table)s: wie zit voor?") % {"table": table["name"]},
                    anchor=anchor,
                    reference="A12",
                )
            )
    findings += _too_few(
        governance["mandates"], 1, "tafels", "mandates", _("Leg vast wie welk mandaat heeft.")
    )
    for index, mandate in enumerate(governance["mandates"]):
        if not mandate["basis"]:
            findings.append(
                Finding(
                    "tafels",
                    "mandate_basis",
                    _("Mandaat ‘%(subject)s’: op welk besluit berust het?")
                    % {"subject": mandate["subject"]},
                    anchor=f"mandate-{index}",
                    reference="A5.3",
                )
            )
        elif not (mandate["basis_date"] and mandate["basis_reference"]):
            findings.append(
                Finding(
                    "tafels",
                    "mandate_reference",
                    _("Mandaat ‘%(subject)s’: vermeld datum en kenmerk van het besluit.")
                    % {"subject": mandate["subject"]},
                    ADVICE,
                    f"mandate-{index}",
                )
            )
    controls = governance["council_control"]
    for index, party in enumerate(document["parties"]):
        if party["organisation"]["layer"] in GOVERNMENTS_WITH_COUNCILS and not controls.get(
            party["key"], {}
        ).get("control"):
            findings.append(
                Finding(
                    "tafels",
                    "council_control",
                    _("%(party)s: hoe houdt de volksvertegenwoordiging grip?")
                    % {"party": party["organisation"]["official_name"]},
                    anchor=f"council-{index}",
                )
            )
    return findings


def _escalation(document: dict[str, Any]) -> list[Finding]:
    steps = document["escalation"]
    findings = _too_few(
        steps,
        2,
        "escalatie",
        "escalation_steps",
        _("Een escalatieladder heeft minstens twee treden."),
        "A16.3",
    )
    for index, step in enumerate(steps):
        if step["deadline_days"] is None:
            findings.append(
                Finding(
                    "escalatie",
                    "escalation_deadlines",
                    _("Trede %(number)d: binnen hoeveel werkdagen?") % {"number": index + 1},
                    anchor=f"escalation-{index}",
                    reference="A16.3",
                )
            )
        if step["deadlock_resolution"] and index < len(steps) - 1:
            findings.append(
                Finding(
                    "escalatie",
                    "deadlock_last_only",
                    _("Trede %(number)d: alleen de laatste trede zegt hoe een impasse eindigt.")
                    % {"number": index + 1},
                    ADVICE,
                    f"escalation-{index}",
                )
            )
    if steps and not steps[-1]["deadlock_resolution"]:
        findings.append(
            Finding(
                "escalatie",
                "deadlock",
                _("De laatste trede zegt hoe een impasse eindigt."),
                anchor=f"escalation-{len(steps) - 1}",
                reference="A16.2",
            )
        )
    return findings


def _values(document: dict[str, Any]) -> list[Finding]:
    values = document["values"]
    labels = dict(
        zip(
            CORE_VALUES,
            [
                _("Transparantie"),
                _("Rechtmatigheid"),
                _("Rechtsgelijkheid"),
                _("Gelijke behandeling"),
                _("Democratische legitimiteit"),
            ],
            strict=True,
        )
    )
    findings = [
        Finding(
            "waarden",
            "core_values",
            _("%(value)s: hoe borgen de partijen deze kernwaarde?") % {"value": label},
            anchor=f"id_value_{code}",
        )
        for code, label in labels.items()
        if not str(values["core_values"].get(code) or "").strip()
    ]
    if not values["relationship"].strip():
        findings.append(
            Finding(
                "waarden",
                "relationship",
                _("Spreek af hoe de ambtelijke lijn blijft praten als het bestuurlijk schuurt."),
                ADVICE,
                "id_relationship",
            )
        )
    return findings


def _term(document: dict[str, Any]) -> list[Finding]:
    term = document["term"]
    rijk = document["task"].get("rule_set") == RuleSet.AANWIJZINGEN
    must_if_rijk = REQUIRED if rijk else ADVICE
    findings = []
    if not term["start_date"]:
        findings.append(
            Finding(
                "looptijd",
                "start_date",
                _("Vul de ingangsdatum in."),
                anchor="id_start_date",
                reference="A19.1",
            )
        )
    if not term["end_date"] and not term["indefinite"]:
        findings.append(
            Finding(
                "looptijd",
                "end_date",
                _("Vul een einddatum in, of kies voor onbepaalde tijd."),
                anchor="id_end_date",
                reference="A19.1",
            )
        )
    if term["indefinite"] and not term["termination"].strip():
        findings.append(
            Finding(
                "looptijd",
                "termination",
                _("Bij onbepaalde tijd is een opzeggingsregeling verplicht."),
                anchor="id_termination",
                reference="A20.2",
            )
        )
    elif not term["termination"].strip():
        findings.append(
            Finding(
                "looptijd",
                "termination",
                _("Beschrijf hoe een partij kan opzeggen en wat de gevolgen zijn."),
                ADVICE,
                "id_termination",
                "A20.1",
            )
        )
    if term["end_date"] and not term["indefinite"] and not term["extension"].strip():
        findings.append(
            Finding(
                "looptijd",
                "extension",
                _("Zeg of en hoe de afspraak kan worden verlengd."),
                must_if_rijk,
                "id_extension",
                "A19.3",
            )
        )
    for field, message, severity, reference in [
        ("amendment", _("Beschrijf de wijzigingsprocedure."), REQUIRED, "A21"),
        ("evaluation_cadence", _("Spreek af wanneer jullie evalueren."), REQUIRED, "A18"),
        ("evaluation_by", _("Spreek af wie evalueert."), REQUIRED, "A18"),
        ("accession", _("Beschrijf hoe nieuwe partijen kunnen toetreden."), ADVICE, "A6"),
        ("financial", _("Neem een financiële paragraaf op."), ADVICE, "A8"),
        ("publication", _("Zeg of de afspraak openbaar is onder de Woo."), must_if_rijk, "A25.1"),
    ]:
        if not str(term.get(field) or "").strip():
            findings.append(Finding("looptijd", field, message, severity, f"id_{field}", reference))
    if term["publication"] == "niet_openbaar" and not term["non_publication_ground"].strip():
        findings.append(
            Finding(
                "looptijd",
                "non_publication_ground",
                _("Geef de grond om de afspraak niet openbaar te maken."),
                anchor="id_non_publication_ground",
                reference="A25.3",
            )
        )
    return findings


RULES = (_task, _parties, _ownership, _governance, _escalation, _values, _term)


def check_document(document: dict[str, Any]) -> list[Finding]:
    """Every finding for the document, in step order."""
    return [finding for rule in RULES for finding in rule(document)]


def is_complete(findings: list[Finding]) -> bool:
    """Adoptable when nothing required is missing."""
    return not any(finding.is_required for finding in findings)
