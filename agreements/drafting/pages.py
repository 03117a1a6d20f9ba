"""What each builder step shows and how its forms are written to the agreement.

Each page builds its forms (bound or unbound) and, once they are valid, knows how to write them;
the view runs that write through `builder.save_step`, which guards concurrency and audits.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext

from agreements.drafting.forms import (
    CouncilControlFormSet,
    EscalationFormSet,
    MandateFormSet,
    PartyFormSet,
    TableFormSet,
    TaskForm,
    TermForm,
    ValuesForm,
    WorkPackageFormSet,
    council_parties,
)
from agreements.models import Agreement, Party, RaciCell, RoleOption, ValueCommitment


@dataclass
class Page:
    """The forms of one step, keyed by name; `write` stores them."""

    forms: dict[str, Any]
    writer: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def is_valid(self) -> bool:
        # Validate every form, so every error shows at once.
        return all([form.is_valid() for form in self.forms.values()])

    def write(self) -> None:
        self.writer(self.forms)


def _parties(agreement: Agreement) -> list[Party]:
    return list(
        agreement.parties.select_related("organisation", "ladder_role", "network_role")
        .prefetch_related("formal_roles")
        .order_by("position", "organisation__name")
    )


def _save_rows(formset, agreement: Agreement, *, positions: bool = True, after=None) -> None:
    """Save a model formset's rows for the agreement, deleting the rows marked for deletion."""
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    forms = formset.ordered_forms if getattr(formset, "can_order", False) else formset.forms
    remaining = [
        form
        for form in forms
        # UUID primary keys exist before saving, so ask Django whether the row is new.
        if form not in formset.deleted_forms
        and (form.has_changed() or not form.instance._state.adding)
    ]
    for position, form in enumerate(remaining, start=1):
        instance = form.save(commit=False)
        instance.agreement = agreement
        if positions:
            instance.position = position
        instance.save()
        form.save_m2m()
        if after is not None:
            after(form, instance)


def _save_fields(form) -> None:
    """Save only the form's own fields, never stale values of other steps."""
    instance = form.save(commit=False)
    instance.save(update_fields=[*form._meta.fields, "updated_at"])


def task_page(agreement: Agreement, data) -> Page:
    return Page(
        {"task": TaskForm(data, instance=agreement)}, lambda forms: _save_fields(forms["task"])
    )


def parties_page(agreement: Agreement, data) -> Page:
    role_options = list(RoleOption.objects.all())
    formset = PartyFormSet(
        data,
        prefix="parties",
        queryset=agreement.parties.select_related("organisation")
        .prefetch_related("formal_roles")
        .order_by("position", "organisation__name"),
        form_kwargs={"role_options": role_options},
    )

    def write(forms):
        formset = forms["parties"]
        for form in formset.deleted_forms:
            form.instance.delete()
        for form in formset.forms:
            # Only existing parties: a row beyond them (a tampered TOTAL_FORMS) has no agreement.
            if (
                form not in formset.deleted_forms
                and form.has_changed()
                and not form.instance._state.adding
            ):
                form.save()

    return Page({"parties": formset}, write)


def ownership_page(agreement: Agreement, data) -> Page:
    parties = _parties(agreement)
    cells = {
        (cell.work_package_id, cell.party_id): cell.letter
        for cell in RaciCell.objects.filter(work_package__agreement=agreement)
    }
    formset = WorkPackageFormSet(
        data,
        prefix="packages",
        queryset=agreement.work_packages.all(),
        form_kwargs={"parties": parties, "cells": cells},
    )

    def after(form, package):
        package.cells.all().delete()
        RaciCell.objects.bulk_create(
            RaciCell(work_package=package, party=party, letter=letter)
            for party, letter in form.letters().items()
            if letter
        )

    return Page(
        {"packages": formset},
        lambda forms: _save_rows(forms["packages"], agreement, after=after),
        {"parties": parties},
    )


def governance_page(agreement: Agreement, data) -> Page:
    parties = _parties(agreement)
    governments = council_parties(parties)
    forms = {
        "tables": TableFormSet(
            data,
            prefix="tables",
            queryset=agreement.tables.prefetch_related("members"),
            form_kwargs={"parties": parties},
        ),
        "mandates": MandateFormSet(
            data,
            prefix="mandates",
            queryset=agreement.mandates.all(),
            form_kwargs={"parties": parties},
        ),
        "council": CouncilControlFormSet(
            data,
            prefix="council",
            queryset=agreement.parties.filter(pk__in=[p.pk for p in governments])
            .select_related("organisation")
            .order_by("position", "organisation__name"),
        ),
    }

    def write(forms):
        _save_rows(forms["tables"], agreement)
        _save_rows(forms["mandates"], agreement)
        for form in forms["council"].forms:
            if form.has_changed() and not form.instance._state.adding:
                form.save()

    return Page(forms, write, {"parties": parties})


def escalation_page(agreement: Agreement, data) -> Page:
    formset = EscalationFormSet(
        data, prefix="escalation", queryset=agreement.escalation_steps.all()
    )
    return Page({"escalation": formset}, lambda forms: _save_rows(forms["escalation"], agreement))


def values_page(agreement: Agreement, data) -> Page:
    initial = {
        "relationship": agreement.relationship,
        "informal_contact": agreement.informal_contact,
        **{f"value_{value.value}": value.how for value in agreement.values.all()},
    }
    form = ValuesForm(data, initial=initial)

    def write(forms):
        cleaned = forms["values"].cleaned_data
        for name, how in cleaned.items():
            if name.startswith("value_"):
                ValueCommitment.objects.update_or_create(
                    agreement=agreement, value=name.removeprefix("value_"), defaults={"how": how}
                )
        agreement.relationship = cleaned["relationship"]
        agreement.informal_contact = cleaned["informal_contact"]
        agreement.save(update_fields=["relationship", "informal_contact", "updated_at"])

    return Page({"values": form}, write)


def term_page(agreement: Agreement, data) -> Page:
    return Page(
        {"term": TermForm(data, instance=agreement)}, lambda forms: _save_fields(forms["term"])
    )


# The forms of each step, by the prefix they are posted under (None: the fields themselves), for
# describing what a step takes (the API's schema); PAGES builds them for one agreement.
STEP_FORMS: dict[str, list[tuple[str | None, type[forms.Form] | type[forms.ModelForm]]]] = {
    "opgave": [(None, TaskForm)],
    "partijen": [("parties", PartyFormSet.form)],
    "eigenaarschap": [("packages", WorkPackageFormSet.form)],
    "tafels": [
        ("tables", TableFormSet.form),
        ("mandates", MandateFormSet.form),
        ("council", CouncilControlFormSet.form),
    ],
    "escalatie": [("escalation", EscalationFormSet.form)],
    "waarden": [(None, ValuesForm)],
    "looptijd": [(None, TermForm)],
}

PAGES = {
    "opgave": task_page,
    "partijen": parties_page,
    "eigenaarschap": ownership_page,
    "tafels": governance_page,
    "escalatie": escalation_page,
    "waarden": values_page,
    "looptijd": term_page,
}


def _plain(value: Any) -> Any:
    """A form value as JSON: dates as ISO text, other non-JSON values as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def page_data(page: Page) -> dict[str, Any]:
    """The page's fields as its web form would post them unchanged (formsets with prefixes).

    For the API: what it returns can be sent back as is, or changed and sent back.
    """
    data: dict[str, Any] = {}
    for form in page.forms.values():
        forms = [form]
        if hasattr(form, "management_form"):
            forms = [form.management_form, *form.forms]
        for each in forms:
            for bound in each:
                data[bound.html_name] = _plain(bound.value())
    return data


def page_errors(page: Page) -> dict[str, Any]:
    """The page's validation errors by field name as posted (prefixed), plus form-wide ones."""
    errors: dict[str, Any] = {}
    for name, form in page.forms.items():
        forms = [form]
        if hasattr(form, "management_form"):
            if form.non_form_errors():
                errors[name] = list(form.non_form_errors())
            forms = form.forms
        for each in forms:
            for field_name, messages in each.errors.items():
                key = (
                    each.prefix or name if field_name == "__all__" else each.add_prefix(field_name)
                )
                errors[key] = list(messages)
    return errors


def field_kinds(page: Page) -> dict[str, forms.Field]:
    """Every form field of a page by the name it is posted under; a formset's rows beyond the
    page's are named like its first row."""
    found: dict[str, forms.Field] = {}
    for form in page.forms.values():
        each = [form]
        if hasattr(form, "management_form"):
            each = [form.management_form, form.empty_form, *form.forms]
        for single in each:
            for bound in single:
                found[bound.html_name] = bound.field
    return found


_ROW = re.compile(r"-(\d+)-")


def step_input(page: Page, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """JSON values of a step as its forms read them, and what is wrong with them by field.

    The forms read text: a text field takes a string (or null for empty), a choice of several a
    list of strings, a number field a number, a tick box true or false. Anything else, an
    object or a list where one value is asked, is refused with the field named, never turned
    into text.
    """
    fields = field_kinds(page)
    posted: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        key = str(name)
        field = fields.get(key) or fields.get(_ROW.sub("-__prefix__-", key, count=1))
        several = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        if field is None and not isinstance(value, str | int | float | bool | None):
            continue  # not a field of this step: the forms would not read it
        if value is None:
            posted[key] = [] if several else ""
        elif isinstance(value, bool):
            if isinstance(field, forms.CharField):
                errors[key] = [gettext("Geef tekst, geen true of false.")]
            posted[key] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            if isinstance(field, forms.CharField) and not isinstance(value, str):
                errors[key] = [gettext("Geef tekst, geen getal.")]
            posted[key] = str(value)
        elif isinstance(value, list) and several:
            if not all(
                isinstance(item, str | int) and not isinstance(item, bool) for item in value
            ):
                errors[key] = [gettext("Geef een lijst van keuzes (tekst).")]
            posted[key] = [str(item) for item in value]
        else:
            errors[key] = [
                gettext("Geef één waarde: tekst, een getal, true, false of null.")
                if not several
                else gettext("Geef een lijst van keuzes (tekst).")
            ]
    return posted, errors
