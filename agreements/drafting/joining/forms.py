"""The forms of joining: a new partner organisation, and an invitation for a party's person.

Their fields belong to the parties step's form (`form="step-form"`): a button posts that form
to the joining page it names, so the step is saved along and nothing typed is lost."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import INVITED_ROLES, Organisation, PartnerKind
from accounts.partners import clean_kvk
from agreements.models import Agreement

STEP_FORM = {"form": "step-form"}


def _attach(form: forms.Form, read_by: str) -> None:
    """Into the step's form; `data-read-by` names the one page that reads the field (the
    step's own save ignores it), for the form fuzzing of tests/test_every_form_is_robust.py."""
    for field in form.fields.values():
        field.widget.attrs.update({**STEP_FORM, "data-read-by": read_by})


class NewPartnerForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Soort organisatie"),
        choices=[("", "—")] + [(k.value, k.label) for k in PartnerKind if k != PartnerKind.KOEPEL],
    )
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        required=False,
        help_text=_(
            "Acht cijfers; zo voorkomen we dat een organisatie twee keer in het register komt."
        ),
    )
    place = forms.CharField(label=_("Vestigingsplaats"), max_length=100, required=False)
    not_a_duplicate = forms.BooleanField(
        label=_("Het is geen van de genoemde organisaties: voeg haar toe"), required=False
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        kwargs.setdefault("prefix", "nieuw")
        super().__init__(*args, **kwargs)
        _attach(self, reverse("agreement_new_partner", args=[agreement.pk]))

    def clean_kvk_number(self) -> str:
        return clean_kvk(self.cleaned_data["kvk_number"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    full_name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Rol"), choices=[(role.value, role.label) for role in INVITED_ROLES]
    )

    def __init__(self, *args, agreement: Agreement, organisation: Organisation, **kwargs):
        kwargs.setdefault("prefix", f"uitnodiging-{organisation.pk}")
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        _attach(self, reverse("agreement_invite", args=[agreement.pk, organisation.pk]))
