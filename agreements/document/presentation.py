"""The canonical document made readable: codes become labels, party keys become names.

Screen and print templates render this, so they never touch live rows.
"""

from typing import Any

from accounts.models import Layer, PartnerKind
from agreements.models import (
    CouncilControl,
    DeadlockResolution,
    Enforceability,
    GovernanceStyle,
    MandateBasis,
    Publication,
    RoleOption,
    RuleSet,
    TableLevel,
    Theme,
)


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def readable(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with labels beside every code."""
    roles = {(o.kind, o.code): o.name for o in RoleOption.objects.all()}
    role_names = {code: name for (_kind, code), name in roles.items()}
    names = {p["key"]: p["organisation"]["official_name"] for p in document["parties"]}
    task = document["task"]
    governance = document["governance"]
    return {
        "task": {
            **task,
            "theme_label": _label(Theme, task["theme"]),
            "governance_style_label": _label(GovernanceStyle, task["governance_style"]),
            "rule_set_label": _label(RuleSet, task["rule_set"]),
            "enforceability_label": _label(Enforceability, task["enforceability"]),
        },
        "parties": [
            {
                **party,
                "name": party["organisation"]["official_name"],
                "layer_label": _label(Layer, party["organisation"]["layer"]),
                "partner_kind_label": _label(PartnerKind, party["organisation"]["partner_kind"]),
                "formal_role_labels": [role_names.get(c, c) for c in party["formal_roles"]],
                "ladder_role_label": role_names.get(party["ladder_role"], party["ladder_role"]),
                "network_role_label": role_names.get(party["network_role"], party["network_role"]),
                "council": governance["council_control"].get(party["key"], {}),
                "council_label": _label(
                    CouncilControl,
                    governance["council_control"].get(party["key"], {}).get("control", ""),
                ),
            }
            for party in document["parties"]
        ],
        "raci": {
            "parties": [(p["key"], p["organisation"]["name"]) for p in document["parties"]],
            "rows": [
                {
                    "name": package["name"],
                    "description": package["description"],
                    "letters": [package["raci"].get(p["key"], "") for p in document["parties"]],
                    "accountable": [
                        names[k] for k, v in package["raci"].items() if v == "A" and k in names
                    ],
                    "responsible": [
                        names[k] for k, v in package["raci"].items() if v == "R" and k in names
                    ],
                }
                for package in document["ownership"]["work_packages"]
            ],
        },
        "tables": [
            {
                **table,
                "level_label": _label(TableLevel, table["level"]),
                "member_names": [names.get(key, "") for key in table["members"]],
                "chair_name": names.get(table["chair"], "") or table["independent_chair"],
            }
            for table in governance["tables"]
        ],
        "mandates": [
            {
                **mandate,
                "party_name": names.get(mandate["party"], ""),
                "basis_label": _label(MandateBasis, mandate["basis"]),
            }
            for mandate in governance["mandates"]
        ],
        "escalation": [
            {**step, "deadlock_label": _label(DeadlockResolution, step["deadlock_resolution"])}
            for step in document["escalation"]
        ],
        "values": document["values"],
        "term": {
            **document["term"],
            "publication_label": _label(Publication, document["term"]["publication"]),
        },
    }
