"""Form helpers every concept's forms share: crispy-forms helpers and the date widget."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import models

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def limit_of(model: type[models.Model], name: str) -> int:
    """The maximum length of a model's text field: a plain form asks the model, so that the
    limit is said once."""
    limit = model._meta.get_field(name).max_length
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
