"""The builder's eight steps, in order."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str | Promise
    section: str  # the key of the canonical document this step fills; "" for the check


STEPS = (
    Step(1, "opgave", _("Opgave en doel"), "task"),
    Step(2, "partijen", _("Partijen en rollen"), "parties"),
    Step(3, "eigenaarschap", _("Eigenaarschap"), "ownership"),
    Step(4, "tafels", _("Tafels en mandaten"), "governance"),
    Step(5, "escalatie", _("Escalatie"), "escalation"),
    Step(6, "waarden", _("Waarden en samenwerking"), "values"),
    Step(7, "looptijd", _("Looptijd, evaluatie en wijziging"), "term"),
    Step(8, "controle", _("Controle"), ""),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
