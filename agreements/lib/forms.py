"""Form helpers every concept's forms share: crispy-forms helpers and the date widget."""

from typing import TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import models

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

_FieldT = TypeVar("_FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[_FieldT]) -> _FieldT:
    """`form.fields[name]` as the kind of field it is (a ChoiceField, an IntegerField, ...), to
    set what only that kind has (`choices`, `queryset`, `min_value`): Django's forms type every
    field as a plain `Field`."""
    field = form.fields[name]
    assert isinstance(field, kind), (name, field)  # noqa: S101 -- a mistake in the caller
    return field


def limit_of(model: type[models.Model], name: str) -> int:
    """The maximum length of a model's text field: a plain form asks the model, so that the
    limit is said once."""
    field = model._meta.get_field(name)
    limit = field.max_length if isinstance(field, models.Field) else None
    assert limit is not None, (model, name)  # noqa: S101 -- a mistake in the caller
    return limit


def submit_helper(label, *, method: str = "post") -> FormHelper:
    """A form of its own with one submit button; the server's Dutch messages replace the
    browser's validation bubbles."""
    helper = FormHelper()
    helper.form_method = method
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", label))
    return helper


def inline_helper() -> FormHelper:
    """For forms rendered inside the step's own <form>."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper
