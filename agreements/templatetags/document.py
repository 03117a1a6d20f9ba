"""The document's outline and vocabulary in templates: section headings, field labels, and
values written the Dutch way.

    {% load document %}
    {% section_heading "task" %}        1. Opgave en doel
    {% label "task.why" %}              Waarom samenwerken
    {{ mandate.max_amount|amount }}     € 75.000
    {{ doc.term.start_date|day }}       1 maart 2024
"""

from typing import Any

from django import template

from agreements.document import vocabulary
from agreements.document.outline import SECTION_BY_KEY

register = template.Library()


@register.simple_tag
def label(path: str) -> str:
    """The vocabulary's label of a field or container."""
    return vocabulary.label(path)


@register.simple_tag
def section_heading(key: str) -> str:
    """A section's number and title, as the outline says."""
    section = SECTION_BY_KEY[key]
    return f"{section.number}. {section.title}"


@register.simple_tag
def section_title(key: str) -> str:
    return str(SECTION_BY_KEY[key].title)


@register.filter
def amount(value: Any) -> str:
    """Euros the Dutch way: € 75.000."""
    return vocabulary.format_amount(value)


@register.filter
def day(value: Any) -> str:
    """A date the Dutch way: 1 maart 2024."""
    return vocabulary.format_date(value)
