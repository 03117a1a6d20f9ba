"""The agreement at a glance (`structure`) and two versions side by side (`compare_structure`),
from the three diagrams.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from agreements.document.diagrams.drawing import change_label, change_sign
from agreements.document.diagrams.governance import GovernanceMap, governance_map
from agreements.document.diagrams.ladder import Ladder, escalation_ladder
from agreements.document.diagrams.raci import RaciMatrix, raci_matrix
from agreements.document.diff import ADDED, CHANGED, REMOVED, structure_changes


@dataclass
class Structure:
    """The three diagrams of one document."""

    governance: GovernanceMap
    ladder: Ladder
    raci: RaciMatrix


def structure(document: dict[str, Any], *, prefix: str = "structuur") -> Structure:
    """Every diagram of the document (ids start with `prefix`, unique on the page)."""
    return Structure(
        governance=governance_map(document, prefix=prefix),
        ladder=escalation_ladder(document, prefix=prefix),
        raci=raci_matrix(document, prefix=prefix),
    )


@dataclass(frozen=True)
class StructureChange:
    kind: str  # ADDED, REMOVED or CHANGED
    text: str

    @property
    def label(self) -> str:
        return change_label(self.kind)

    @property
    def sign(self) -> str:
        return change_sign(self.kind).strip()


@dataclass
class StructureComparison:
    old: GovernanceMap
    new: GovernanceMap
    changes: list[StructureChange]
    numbers: tuple[Any, Any] = (None, None)

    @property
    def maps(self) -> list[tuple[GovernanceMap, Any]]:
        """Each map with its version number, old first."""
        return [(self.old, self.numbers[0]), (self.new, self.numbers[1])]


def compare_structure(
    old: dict[str, Any], new: dict[str, Any], *, numbers: tuple[Any, Any] = (None, None)
) -> StructureComparison:
    """The governance maps of two versions, each marked with what the other lacks."""
    changes = structure_changes(old, new)
    names = {
        party["key"]: party["organisation"]["official_name"]
        for document in (old, new)
        for party in document["parties"]
    }
    listed: list[StructureChange] = []
    for key in sorted(changes.parties_added, key=lambda k: names.get(k, "")):
        listed.append(StructureChange(ADDED, _("Partij: %(name)s") % {"name": names.get(key, key)}))
    for key in sorted(changes.parties_removed, key=lambda k: names.get(k, "")):
        listed.append(
            StructureChange(REMOVED, _("Partij: %(name)s") % {"name": names.get(key, key)})
        )
    for name in sorted(changes.tables_added):
        listed.append(StructureChange(ADDED, _("Tafel: %(name)s") % {"name": name}))
    for name in sorted(changes.tables_removed):
        listed.append(StructureChange(REMOVED, _("Tafel: %(name)s") % {"name": name}))
    for kind, seats in ((ADDED, changes.members_added), (REMOVED, changes.members_removed)):
        for table, key in sorted(seats, key=lambda seat: (seat[0], names.get(seat[1], ""))):
            listed.append(
                StructureChange(
                    kind,
                    _("Deelnemer aan %(table)s: %(name)s")
                    % {"table": table, "name": names.get(key, key)},
                )
            )
    for kind, keys in (
        (ADDED, changes.mandates_added),
        (REMOVED, changes.mandates_removed),
        (CHANGED, changes.mandates_changed),
    ):
        for party, subject in sorted(keys, key=lambda k: (names.get(k[0], ""), k[1])):
            listed.append(
                StructureChange(
                    kind,
                    _("Mandaat van %(name)s: %(subject)s")
                    % {"name": names.get(party, _("onbekende partij")), "subject": subject},
                )
            )
    return StructureComparison(
        # Narrow, without the ladder: two maps side by side must stay legible.
        old=governance_map(
            old, prefix="vergelijk-oud", width=560, changes=changes, side="old", escalation=False
        ),
        new=governance_map(
            new, prefix="vergelijk-nieuw", width=560, changes=changes, side="new", escalation=False
        ),
        changes=listed,
        numbers=numbers,
    )
