"""The outline of an agreement: its sections in order, their titles, and the builder's steps.

One list serves the builder (a step per section, then the check), the agreement page, the PDF,
the comparison and the import: a section's number, title and document key are said here only.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Part:
    """A part of a section that is shown and compared on its own (the governance section's
    tables, mandates and council control)."""

    key: str
    title: str | Promise


@dataclass(frozen=True)
class Section:
    number: int
    key: str  # the key of the canonical document
    step: str  # the slug of the builder step that fills it
    title: str | Promise
    parts: tuple[Part, ...] = ()

    @property
    def anchor(self) -> str:
        """The id of the section on a page and in the PDF."""
        return f"s-{self.key}"


SECTIONS: tuple[Section, ...] = (
    Section(1, "task", "opgave", _("Opgave en doel")),
    Section(2, "parties", "partijen", _("Partijen en rollen")),
    Section(3, "ownership", "eigenaarschap", _("Eigenaarschap")),
    Section(
        4,
        "governance",
        "tafels",
        _("Tafels en mandaten"),
        parts=(
            Part("tables", _("Tafels")),
            Part("mandates", _("Mandaten")),
            Part("council_control", _("Grip van de volksvertegenwoordiging")),
        ),
    ),
    Section(5, "escalation", "escalatie", _("Escalatie")),
    Section(6, "values", "waarden", _("Waarden en samenwerking")),
    Section(7, "term", "looptijd", _("Looptijd, evaluatie en wijziging")),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}

# After the document's sections, the printed agreement has these of its own.
SIGNATURES_TITLE = _("Ondertekening")
COMPLETION_TITLE = _("Verklaring van voltooiing")


@dataclass(frozen=True)
class Step:
    """A step of the builder: one per section of the document, then the check."""

    number: int
    slug: str
    title: str | Promise
    section: str  # the document key this step fills; "" for the check


CHECK_STEP = Step(len(SECTIONS) + 1, "controle", _("Controle"), "")
STEPS: tuple[Step, ...] = (
    *(Step(s.number, s.step, s.title, s.key) for s in SECTIONS),
    CHECK_STEP,
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
