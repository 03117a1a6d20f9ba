"""Forms for logging in, passwords, managing members and one's own profile."""

from typing import TYPE_CHECKING

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import memberships
from .models import Layer, Role, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # The password forms' mixin saves through the form it is mixed into.
    _SetPasswordForm = auth_forms.SetPasswordForm[User]
else:
    _SetPasswordForm = object


def _helper(submit_label: "StrOrPromise") -> FormHelper:
    helper = FormHelper()
    # The server's Dutch messages, linked to their fields, replace the browser's own bubbles.
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", submit_label))
    return helper


class LoginForm(AuthenticationForm):
    """E-mail and password, with a failure message that says what to do."""

    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord kennen we niet. "
            "Controleer beide en probeer het opnieuw, of vraag een nieuw wachtwoord aan."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )
        limit_username_length(self)
        self.helper = _helper(_("Inloggen"))


def limit_username_length(form: AuthenticationForm) -> None:
    """An over-long e-mail address is a form error, not a failed login.

    Django's AuthenticationForm sets the field's max_length after building it, which adds no
    validator: an address of 300 characters reached authenticate(), and django-axes then failed
    to store it (255 characters at most) with a server error on PostgreSQL.
    """
    field = form.fields["username"]
    assert isinstance(field, forms.CharField), field  # noqa: S101 -- Django's field changed
    field.validators.append(validators.MaxLengthValidator(field.max_length))


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, with the same limit on the e-mail address."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        limit_username_length(self)


class _AuditedPasswordForm(_SetPasswordForm):
    """Saves the new password through `memberships.set_password`, which audits it."""

    via = ""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return memberships.set_password(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            acting_user=self.user,
            via=self.via,
        )


class PasswordChangeForm(_AuditedPasswordForm, auth_forms.PasswordChangeForm):
    """Django's form for a logged-in person changing their password, audited."""

    via = "password_change"


class SetPasswordForm(_AuditedPasswordForm, auth_forms.SetPasswordForm):
    """Django's form behind the e-mailed link (reset or invitation), audited."""

    via = "reset_link"


class OrganisationFilterForm(forms.Form):
    """Search and filter the organisation registry."""

    q = forms.CharField(label=_("Zoek op naam of code"), required=False, max_length=100)
    layer = forms.ChoiceField(
        label=_("Bestuurslaag"), required=False, choices=[("", _("Alle lagen")), *Layer.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Zoeken"))
        self.helper.form_method = "get"


class AddMemberForm(forms.Form):
    """A beheerder adds a person to their organisation."""

    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    full_name = forms.CharField(label=_("Naam"), max_length=200)
    function = forms.CharField(label=_("Functie"), max_length=200, required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=30, required=False)
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=Role.choices,
        initial=Role.LEZER,
        help_text=_(
            "Lezer: leest mee. Opsteller: stelt afspraken op. Ondertekenaar: mag namens de "
            "organisatie tekenen. Beheerder: beheert de leden."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Lid toevoegen"))


class RoleForm(forms.Form):
    """Change a member's role."""

    role = forms.ChoiceField(
        label=_("Rol"),
        choices=Role.choices,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )


class ProfileForm(forms.ModelForm):
    """What collaborators see of you in the contact book."""

    class Meta:
        model = User
        fields = ["full_name", "function", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Opslaan"))


class AcceptInvitationForm(forms.Form):
    """Taking an invitation: one's name and a password of one's own (Django's rules)."""

    full_name = forms.CharField(label=_("Je naam"), max_length=150)
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = _helper(_("Uitnodiging aannemen"))

    def clean(self):
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
