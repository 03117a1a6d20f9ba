"""The document's outline and vocabulary in templates: section headings, field labels, and
values written the Dutch way.

    {% load document %}
    {% section_heading "task" %}        1. Opgave en doel
    {% label "task.why" %}              Waarom samenwerken
    {{ mandate.max_amount|amount }}     € 75.000
    {{ doc.term.start_date|day }}       1 maart 2024
"""

import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from agreements.document import vocabulary
from agreements.document.outline import SECTION_BY_KEY, STEP_BY_SLUG

register = template.Library()

PERSON_ADDRESS = re.compile(r"\s*<[^<>]*@[^<>]*>\s*$")


@register.simple_tag
def label(path: str) -> str:
    """The vocabulary's label of a field or container."""
    return vocabulary.label(path)


@register.simple_tag
def section_heading(key: str) -> str:
    """A section's number and title, as the outline says."""
    section = SECTION_BY_KEY[key]
    return f"{section.number}. {section.title}"


@register.filter
def step_title(slug: str) -> str:
    """A builder step by its title ("Tafels en mandaten"), not its slug."""
    step = STEP_BY_SLUG.get(slug)
    return str(step.title) if step else slug


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


@register.filter
def period(term: dict[str, Any] | None) -> str:
    """A document's term: "1 maart 2024 tot en met 31 december 2030" (or "—")."""
    term = term or {}
    shown = vocabulary.format_period(
        term.get("start_date"), term.get("end_date"), indefinite=bool(term.get("indefinite"))
    )
    return shown or "—"


@register.filter
def person(label: str) -> str:
    """A person by name: a stored "Eva Jansen <eva@…>" label without the address (the e-mail
    belongs where contact details do, not beside every act)."""
    return PERSON_ADDRESS.sub("", label or "")


@register.filter
def address(label: str) -> str:
    """The e-mail address of a stored "Eva Jansen <eva@…>" label ("" when it has none)."""
    found = PERSON_ADDRESS.search(label or "")
    return found.group().strip().strip("<>") if found else ""


@register.filter
def beside(items: Iterable[Any], others: Iterable[Any]) -> list[tuple[Any, Any]]:
    """Pairs of an item and the other list's item at the same place: a table's column headings
    beside one row's cells (a RACI row's letters, each with its party)."""
    return list(zip(items, others, strict=False))


@register.simple_tag(takes_context=False)
def nl() -> SafeString:
    """` lang="nl"` on an element holding the document's own (Dutch) text, when the page is in
    another language: a screen reader then reads it with a Dutch voice."""
    english = not (translation.get_language() or "nl").startswith("nl")
    return mark_safe(' lang="nl"' if english else "")  # noqa: S308 -- a constant
