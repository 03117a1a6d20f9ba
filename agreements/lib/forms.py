"""Form helpers every concept's forms share: crispy-forms helpers and the date widget."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
