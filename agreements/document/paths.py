"""Paths into the canonical document: nested dicts and lists as one level of dotted paths.

The audit trail records a builder save as the paths that changed (`task.why`,
`governance.mandates[2].max_amount`); the vocabulary names them for people (`describe`).
"""

from typing import Any


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts and lists as one level of dotted paths, for field-level changes."""
    if isinstance(value, dict):
        items: dict[str, Any] = {}
        for key, item in value.items():
            items.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(value, list):
        items = {}
        for index, item in enumerate(value):
            items.update(flatten(item, f"{prefix}[{index}]"))
        return items or {prefix: []}
    return {prefix: value}
