"""What staff post in the admin that no page offers: a message or a form error, not a 500.

Django's admin trusts three things a browser sends back: the ids of the rows chosen for an
action (`_selected_action=x` failed in the query), the id in an autocomplete field, which it
looks up to show the form again after an error (`province=0` is no UUID), and the search box
(SQLite refuses LIKE patterns over 50,000 bytes). `AdminSite.register` (admin_audit) mixes
`CheckedInputMixin` into every admin; inlines with autocomplete fields take its part for
chosen ids, `CheckedChoicesMixin`, themselves.
"""

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import (
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

SEARCH_MAX_LENGTH = 1000

# The mixins' methods call those of the admin they are mixed into; mypy checks them as such.
if TYPE_CHECKING:
    _BaseAdmin = admin.options.BaseModelAdmin[Any]
    _ModelAdmin = admin.ModelAdmin[Any]
    _Autocomplete = AutocompleteMixin
else:
    _BaseAdmin = _ModelAdmin = _Autocomplete = object


def is_value_of(field: models.Field, value) -> bool:
    """Whether `value` can be looked up in `field` (an id of the right kind, not 'x')."""
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class _ChecksChosenIds(_Autocomplete):
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        options = remote.model._meta
        target = options.get_field(getattr(remote, "field_name", options.pk.attname))
        # Not an id at all: the field already says so, so there is nothing to show again.
        return super().optgroups(name, [v for v in value if is_value_of(target, v)], attr)


class CheckedAutocompleteSelect(_ChecksChosenIds, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_ChecksChosenIds, AutocompleteSelectMultiple):
    pass


def without_overflow(formfield):
    """A choice field whose integer ids beyond what the database holds are an invalid choice.

    Django looks a chosen id up before checking its size; SQLite then raises OverflowError
    (`groups=-8241589596852302381056` on the user page was a 500).
    """
    if formfield is None:
        return None
    clean = formfield.clean

    def checked_clean(value):
        try:
            return clean(value)
        except OverflowError:
            raise ValidationError(
                formfield.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    formfield.clean = checked_clean
    return formfield


class CheckedChoicesMixin(_BaseAdmin):
    """The chosen ids of autocomplete and choice fields: for an InlineModelAdmin (and, through
    `CheckedInputMixin`, every ModelAdmin)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return without_overflow(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return without_overflow(super().formfield_for_manytomany(db_field, request, **kwargs))


class CheckedInputMixin(CheckedChoicesMixin, _ModelAdmin):
    """For a ModelAdmin: its chosen ids, the rows chosen for an action and its search box."""

    def response_action(self, request, queryset):
        key = self.model._meta.pk
        chosen = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_value_of(key, value) for value in chosen):
            self.message_user(
                request,
                _("De selectie bevat iets dat niet in deze lijst staat; er is niets gedaan."),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > SEARCH_MAX_LENGTH:
            self.message_user(
                request,
                _("Zoek met hoogstens %(count)d tekens.") % {"count": SEARCH_MAX_LENGTH},
                messages.WARNING,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


def checked(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """The admin class with `CheckedInputMixin`, under its own name."""
    if issubclass(admin_class, CheckedInputMixin):
        return admin_class
    namespace = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    return type(admin_class.__name__, (CheckedInputMixin, admin_class), namespace)
