"""Anchors: the one row of a step that a comment thread is about.

A thread is on a step, or on one row of it: `party:<organisation id>` (as the canonical
document names parties), `package:`, `table:`, `mandate:` or `escalation:` with the row's
primary key, or `value:<code>`. Builder saves keep the primary keys of existing rows, so an
anchor survives them; a deleted row shows as such.
"""

from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    CoreValue,
    EscalationStep,
    Mandate,
    Party,
    Table,
    WorkPackage,
)


def anchor_choices(agreement: Agreement, step: str) -> list[tuple[str, str]]:
    """The rows of a step a thread can be about, as (anchor, label)."""
    if step == "partijen":
        return [
            (f"party:{party.organisation_id}", party.organisation.name)
            for party in Party.objects.filter(agreement=agreement)
            .select_related("organisation")
            .order_by("position", "organisation__name")
        ]
    if step == "eigenaarschap":
        return [
            (f"package:{package.pk}", _("RACI-rij: %(name)s") % {"name": package.name})
            for package in WorkPackage.objects.filter(agreement=agreement).only("name", "position")
        ]
    if step == "tafels":
        tables = [
            (f"table:{table.pk}", _("Tafel: %(name)s") % {"name": table.name})
            for table in Table.objects.filter(agreement=agreement).only("name", "position")
        ]
        mandates = [
            (f"mandate:{mandate.pk}", _("Mandaat: %(mandate)s") % {"mandate": mandate})
            for mandate in Mandate.objects.filter(agreement=agreement).only(
                "function", "subject", "position"
            )
        ]
        return tables + mandates
    if step == "escalatie":
        return [
            (
                f"escalation:{rung.pk}",
                _("Trede %(number)s: %(trigger)s")
                % {"number": rung.position, "trigger": rung.trigger},
            )
            for rung in EscalationStep.objects.filter(agreement=agreement).only(
                "position", "trigger"
            )
        ]
    if step == "waarden":
        return [(f"value:{value}", str(label)) for value, label in CoreValue.choices]
    return []


def anchor_label(anchor: str, labels: dict[str, str]) -> str:
    if not anchor:
        return ""
    return labels.get(anchor) or _("(een onderdeel dat niet meer bestaat)")
