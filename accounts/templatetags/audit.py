"""The audit trail in templates: an event's changes as a person reads them.

{% load audit %}
{% for change in event.changes|readable_changes %}{{ change.label }}: …{% endfor %}
"""

from typing import Any

from django import template

from accounts.audit_display import ReadableChange
from accounts.audit_display import readable_changes as _readable

register = template.Library()


@register.filter
def readable_changes(changes: dict[str, Any] | None) -> list[ReadableChange]:
    """Labels for the keys, values the Dutch way, identifiers left out (audit_display.py)."""
    return _readable(changes or {})
