"""Form helpers every concept's forms share: crispy-forms helpers and the date widget."""

from typing import Any, TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

_FieldT = TypeVar("_FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[_FieldT]) -> _FieldT:
    """`form.fields[name]` as the kind of field it is (a ChoiceField, an IntegerField, ...), to
    set what only that kind has (`choices`, `queryset`, `min_value`): Django's forms type every
    field as a plain `Field`."""
    field = form.fields[name]
    assert isinstance(field, kind), (name, field)  # noqa: S101 -- a mistake in the caller
    return field


EMPTY_CHOICE = _("— Kies —")


def name_empty_choices(form: forms.BaseForm) -> None:
    """Django's empty choice of a model's optional field ("---------") in words."""
    dash = BLANK_CHOICE_DASH[0][1]
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == dash:
                field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.widget.choices)  # the field's choices, as a plain list
            if choices and tuple(choices[0]) == ("", dash):
                field.choices = [("", EMPTY_CHOICE), *choices[1:]]


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


INT64 = (-(2**63), 2**63 - 1)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows by integer key that refuses a key no database integer can hold.

    Django checks each key with an exact lookup (which knows the range) and then all of them
    with `__in`, which on SQLite raises OverflowError for a key of 2**63: a server error for a
    tampered form. Here such a key is an invalid choice, as any other unknown key."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        assert self.queryset is not None  # noqa: S101 -- Django's own check needs it too
        model = self.queryset.model
        target = model._meta.pk if key == "pk" else model._meta.get_field(key)
        if isinstance(target, models.IntegerField):
            for each in value:
                try:
                    number = int(str(each).strip())
                except ValueError:
                    continue  # Django's own check says it is not a key
                if not INT64[0] <= number <= INT64[1]:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": each},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs


def bound_integer_choices(form: forms.BaseForm) -> None:
    """Every choice of several rows on the form refuses keys out of the integer range."""
    for field in form.fields.values():
        if type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = BoundedModelMultipleChoiceField
