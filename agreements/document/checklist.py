"""The check page's list: every element the rules look for, per step, met or with the findings
that say what is missing. An element that is one field of the document is named by the
vocabulary, with the Aanwijzing it comes from."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from agreements.document import vocabulary
from agreements.document.completeness import Finding


def _label(path: str, reference: str) -> str:
    label = vocabulary.label(path)
    return f"{label} ({reference})" if reference else label


_lazy_label = lazy(_label, str)


def _field(step: str, element: str, path: str, reference: str = "") -> tuple[str, str, Any]:
    return (step, element, _lazy_label(path, reference))


# What the check page lists, met or missing, per step. Codes match `Finding.element`.
ELEMENTS: tuple[tuple[str, str, Any], ...] = (
    _field("opgave", "title", "task.title"),
    _field("opgave", "task", "task.task"),
    _field("opgave", "theme", "task.theme"),
    _field("opgave", "why", "task.why", "A7.1"),
    _field("opgave", "intended_result", "task.intended_result", "A7.1"),
    _field("opgave", "governance_style", "task.governance_style"),
    _field("opgave", "rule_set", "task.rule_set"),
    _field("opgave", "enforceability", "task.enforceability", "A16.1"),
    ("partijen", "parties", gettext_lazy("Minstens twee partijen (A5)")),
    (
        "partijen",
        "representatives",
        gettext_lazy("Bestuurlijke vertegenwoordiging per partij (A5.3)"),
    ),
    ("partijen", "contacts", gettext_lazy("Ambtelijk contactpersoon per partij")),
    ("partijen", "formal_roles", gettext_lazy("Formele rollen per partij (A7.2)")),
    ("partijen", "contributions", gettext_lazy("Inbreng per partij (A7.2)")),
    ("partijen", "rijk_party", gettext_lazy("Rijk als partij bij de Aanwijzingen (A1)")),
    ("eigenaarschap", "work_packages", gettext_lazy("Werkpakketten")),
    (
        "eigenaarschap",
        "raci_accountable",
        gettext_lazy("Precies één eindverantwoordelijke per werkpakket"),
    ),
    ("eigenaarschap", "raci_responsible", gettext_lazy("Minstens één uitvoerder per werkpakket")),
    ("eigenaarschap", "raci_coverage", gettext_lazy("Elke partij in de RACI-matrix")),
    ("tafels", "tables", gettext_lazy("Tafels (A12)")),
    ("tafels", "table_decides", gettext_lazy("Wat elke tafel beslist")),
    ("tafels", "table_level", gettext_lazy("Niveau van elke tafel")),
    ("tafels", "table_chair", gettext_lazy("Voorzitter van elke tafel (A12)")),
    ("tafels", "mandates", gettext_lazy("Mandaten")),
    ("tafels", "mandate_basis", gettext_lazy("Grondslag van elk mandaat (A5.3)")),
    ("tafels", "mandate_reference", gettext_lazy("Datum en kenmerk van elk mandaatbesluit")),
    ("tafels", "council_control", gettext_lazy("Grip van raad, Staten of algemeen bestuur")),
    ("escalatie", "escalation_steps", gettext_lazy("Minstens twee treden (A16.3)")),
    ("escalatie", "escalation_deadlines", gettext_lazy("Termijn per trede (A16.3)")),
    ("escalatie", "deadlock", gettext_lazy("Einde van een impasse op de laatste trede (A16.2)")),
    ("escalatie", "deadlock_last_only", gettext_lazy("Impasseregeling alleen op de laatste trede")),
    ("waarden", "core_values", gettext_lazy("Borging van de vijf kernwaarden")),
    _field("waarden", "relationship", "values.relationship"),
    _field("looptijd", "start_date", "term.start_date", "A19.1"),
    ("looptijd", "end_date", gettext_lazy("Einddatum of onbepaalde tijd (A19.1)")),
    _field("looptijd", "termination", "term.termination", "A20"),
    _field("looptijd", "extension", "term.extension", "A19.3"),
    _field("looptijd", "amendment", "term.amendment", "A21"),
    _field("looptijd", "evaluation_cadence", "term.evaluation_cadence", "A18"),
    _field("looptijd", "evaluation_by", "term.evaluation_by", "A18"),
    _field("looptijd", "accession", "term.accession", "A6"),
    _field("looptijd", "financial", "term.financial", "A8"),
    _field("looptijd", "publication", "term.publication", "A25"),
    _field("looptijd", "non_publication_ground", "term.non_publication_ground", "A25.3"),
)


@dataclass(frozen=True)
class CheckItem:
    step: str
    element: str
    label: str
    findings: tuple[Finding, ...]

    @property
    def met(self) -> bool:
        return not self.findings

    @property
    def required(self) -> bool:
        return any(finding.is_required for finding in self.findings)


def checklist(findings: list[Finding]) -> list[CheckItem]:
    """Every element, met or with the findings that say what is missing."""
    by_element: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        by_element.setdefault((finding.step, finding.element), []).append(finding)
    return [
        CheckItem(step, element, str(label), tuple(by_element.get((step, element), ())))
        for step, element, label in ELEMENTS
    ]
