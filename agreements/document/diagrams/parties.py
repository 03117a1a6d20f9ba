"""How a party looks in every diagram: its name, layer and the colours and dash of its layer,
and whether it is added or removed in a comparison."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import Layer
from agreements.document.diagrams.drawing import LAYER_STYLES, UNKNOWN_LAYER, _label
from agreements.document.diff import StructureChanges


@dataclass(frozen=True)
class PartyView:
    key: str
    name: str  # the official name
    short: str
    layer: str
    layer_label: str
    change: str = ""

    @property
    def style(self) -> tuple[str, str, str]:
        return LAYER_STYLES.get(self.layer, UNKNOWN_LAYER)


def party_views(
    document: dict[str, Any], changes: StructureChanges | None, side: str
) -> dict[str, PartyView]:
    parties = {}
    for party in document["parties"]:
        key = party["key"]
        change = changes.mark("parties", key, side) if changes else ""
        organisation = party["organisation"]
        parties[key] = PartyView(
            key=key,
            name=organisation["official_name"] or organisation["name"],
            short=organisation["name"] or organisation["official_name"],
            layer=organisation["layer"],
            layer_label=_label(Layer, organisation["layer"]),
            change=change,
        )
    return parties


def unknown_party(key: str) -> PartyView:
    return PartyView(key or "", _("onbekende partij"), _("onbekende partij"), "", "")
