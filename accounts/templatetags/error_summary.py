"""The error summary of a page (the GOV.UK / NL Design System pattern) and the "Fout: " of its
title, for every form of every page, in one place.

{% load error_summary %}
{% error_summary forms partner_form %}   one summary of every form, formset, dict or list of them
{% error_title_prefix %}                 "Fout: " when a form of the page's context has errors

The summary lists one message per field (its first), each linked to the field's control, and
the form-wide messages; a formset's rows are named ("Mandaat 2: Bedrag: …") by the formset's
`row_label` (a text with %(number)s), else "Rij 2". Once a summary is shown, the crispy pack
(templates/nlds/errors.html) shows no summary of its own inside the forms below it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.formsets import BaseFormSet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

# How deep the title's look through the page's context goes: a form, a dict of forms (a
# builder step's `forms`), a list of dicts with a form (the step's invitations).
_DEPTH = 3


@dataclass(frozen=True)
class Entry:
    message: str
    target: str  # the id of the control to move to, or ""


def _forms_in(value: Any, depth: int = 0) -> Iterator[forms.BaseForm | BaseFormSet]:
    if isinstance(value, forms.BaseForm | BaseFormSet):
        yield value
    elif depth < _DEPTH and isinstance(value, dict):
        for each in value.values():
            yield from _forms_in(each, depth + 1)
    elif depth < _DEPTH and isinstance(value, list | tuple):
        for each in value:
            yield from _forms_in(each, depth + 1)


def has_errors(form: forms.BaseForm | BaseFormSet) -> bool:
    """Errors that are shown: a bound form's (its validation has run, or runs when shown)."""
    if not form.is_bound:
        return False
    if isinstance(form, BaseFormSet):
        return bool(form.total_error_count())
    return bool(form.errors)


def _target(field: forms.BoundField) -> str:
    """The id to move to: the control's, or a group's first option's (radio, checkbox)."""
    if field.is_hidden or not field.auto_id:
        return ""
    if field.id_for_label:
        return field.id_for_label
    options = field.subwidgets
    return options[0].id_for_label if options else ""


def _form_entries(form: forms.BaseForm, row: str = "") -> Iterator[Entry]:
    prefix = f"{row}: " if row else ""
    for error in form.non_field_errors():
        yield Entry(f"{prefix}{error}", "")
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or not errors or name not in form.fields:
            continue
        field = form[name]
        yield Entry(f"{prefix}{field.label}: {errors[0]}", _target(field))


def entries(*things: Any) -> list[Entry]:
    """One line per field with errors, and the form-wide errors, of every form in `things`."""
    found: list[Entry] = []
    for form in (form for thing in things for form in _forms_in(thing)):
        if not has_errors(form):
            continue
        if isinstance(form, BaseFormSet):
            found += [Entry(str(error), "") for error in form.non_form_errors()]
            label = getattr(form, "row_label", None) or gettext("Rij %(number)s")
            for number, row in enumerate(form.forms, start=1):
                if row.errors:
                    found += _form_entries(row, str(label) % {"number": number})
        else:
            found += _form_entries(form)
    return found


@register.simple_tag(takes_context=True)
def error_summary(context: template.Context, *things: Any, title: str = "") -> SafeString:
    """The summary of the errors of `things`, at the top of the page or form; focused on load
    (static/js/error-summary.js). Nothing when there are none."""
    found = entries(*things)
    if not found:
        return SafeString("")
    # The forms below show their fields' messages, not a summary of their own.
    context.dicts[0]["error_summary_shown"] = True
    return render_to_string(
        "nlds/error_summary.html", {"entries": found, "title": title}, request=None
    )


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """The title's "Fout: " when a form of the page has errors.

    Only what the view and the templates put in the context is searched: not the built-ins
    (True, None) nor the context processors' values (the user, the messages, the languages,
    the CSRF token, ...), which hold no forms and were most of this tag's cost, on every
    page (docs/benchmarks.md, "The agreement page under wrk")."""
    skipped = getattr(context, "_processors_index", None)
    for index, values in enumerate(context.dicts):
        if index == 0 or index == skipped:
            continue
        for value in values.values():
            if any(has_errors(form) for form in _forms_in(value)):
                return gettext("Fout: ")
    return ""
