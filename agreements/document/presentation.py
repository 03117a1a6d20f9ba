"""The canonical document made readable: codes become labels, party keys become names.

Screen and print templates render this, so they never touch live rows. Labels and values are
the vocabulary's; a document of any schema version reads the same.
"""

from typing import Any

from agreements.document import vocabulary
from agreements.document.build import upgrade
from agreements.models import RoleOption


def role_names() -> dict[str, str]:
    """Every role option's name by its code (codes are unique across kinds in practice; the
    first kind wins otherwise)."""
    names: dict[str, str] = {}
    for option in RoleOption.objects.order_by("kind", "position"):
        names.setdefault(option.code, option.name)
    return names


def readable(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with labels beside every code."""
    document = upgrade(document)
    role_names_by_code = role_names()
    names = {p["key"]: p["organisation"]["official_name"] for p in document["parties"]}
    task = document["task"]
    governance = document["governance"]
    return {
        "task": {
            **task,
            "theme_label": vocabulary.display("task.theme", task["theme"]),
            "governance_style_label": vocabulary.display(
                "task.governance_style", task["governance_style"]
            ),
            "rule_set_label": vocabulary.display("task.rule_set", task["rule_set"]),
            "enforceability_label": vocabulary.display(
                "task.enforceability", task["enforceability"]
            ),
        },
        "parties": [
            {
                **party,
                "name": party["organisation"]["official_name"],
                "layer_label": vocabulary.display(
                    "parties.organisation.layer", party["organisation"]["layer"]
                ),
                "partner_kind_label": vocabulary.display(
                    "parties.organisation.partner_kind", party["organisation"]["partner_kind"]
                ),
                "formal_role_labels": [role_names_by_code.get(c, c) for c in party["formal_roles"]],
                "ladder_role_label": role_names_by_code.get(
                    party["ladder_role"], party["ladder_role"]
                ),
                "network_role_label": role_names_by_code.get(
                    party["network_role"], party["network_role"]
                ),
                "council": governance["council_control"].get(party["key"], {}),
                "council_label": vocabulary.display(
                    "governance.council_control.control",
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
                "level_label": vocabulary.display("governance.tables.level", table["level"]),
                "member_names": [names.get(key, "") for key in table["members"]],
                "chair_name": names.get(table["chair"], "") or table["independent_chair"],
            }
            for table in governance["tables"]
        ],
        "mandates": [
            {
                **mandate,
                "party_name": names.get(mandate["party"], ""),
                "basis_label": vocabulary.display("governance.mandates.basis", mandate["basis"]),
            }
            for mandate in governance["mandates"]
        ],
        "escalation": [
            {
                **step,
                "deadlock_label": vocabulary.display(
                    "escalation.deadlock_resolution", step["deadlock_resolution"]
                ),
            }
            for step in document["escalation"]
        ],
        "values": document["values"],
        "core_values": [
            (vocabulary.label(f"values.core_values.{code}"), how)
            for code, how in document["values"]["core_values"].items()
        ],
        "term": {
            **document["term"],
            "publication_label": vocabulary.display(
                "term.publication", document["term"]["publication"]
            ),
        },
    }
