"""Forms of versions: adopt, compare, as of a date, sign, publish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.lib.forms import DATE_WIDGET, field_of, limit_of, submit_helper
from agreements.lib.uploads import validate_pdf
from agreements.models import Decision, Signature


class AdoptForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting op deze versie"),
        help_text=_("Wat is er veranderd en waarom? Verplicht vanaf versie 2."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=vocabulary.LONG_TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Vaststellen"))


class CompareForm(forms.Form):
    van = forms.TypedChoiceField(label=_("Van versie"), coerce=int)
    naar = forms.TypedChoiceField(label=_("Naar versie"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, _("Versie %(number)d") % {"number": number}) for number in numbers]
        field_of(self, "van", forms.ChoiceField).choices = choices
        field_of(self, "naar", forms.ChoiceField).choices = choices
        self.helper = submit_helper(_("Vergelijk"), method="get")


class AsOfForm(forms.Form):
    datum = forms.DateField(label=_("Wat hadden we afgesproken op"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Toon"), method="get")


class SignForm(forms.Form):
    """A party's signature: in the application, or (with `paper`) the scan of a paper one."""

    organisation = forms.ModelChoiceField(
        label=_("Namens"), queryset=Organisation.objects.none(), empty_label=None
    )
    signatory_name = forms.CharField(
        label=_("Naam ondertekenaar"), max_length=limit_of(Signature, "signatory_name")
    )
    signatory_function = forms.CharField(
        label=_("Functie"),
        max_length=limit_of(Signature, "signatory_function"),
        help_text=_("Zoals ‘wethouder’ of ‘gedeputeerde’."),
    )
    basis = forms.CharField(
        label=_("Bevoegd op grond van"),
        max_length=limit_of(Signature, "basis"),
        help_text=_("Het mandaat of besluit waarop je tekent, zoals ‘collegebesluit 2026-114’."),
    )
    decision = forms.ModelChoiceField(
        label=_("Besluit uit de besluitenlijst"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("Geen"),
    )
    place = forms.CharField(label=_("Plaats"), max_length=limit_of(Signature, "place"))

    def __init__(self, *args, organisations, decisions, paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations
        field_of(self, "decision", forms.ModelChoiceField).queryset = decisions
        if paper:
            self.fields["signed_on"] = forms.DateField(
                label=_("Datum ondertekening"), widget=DATE_WIDGET
            )
            self.fields["scan"] = forms.FileField(
                label=_("Scan van de ondertekende versie"),
                help_text=_("PDF, hoogstens 10 MB."),
                validators=[validate_pdf],
            )
            self.helper = submit_helper(_("Ondertekening op papier vastleggen"))
        else:
            self.fields["confirm"] = forms.BooleanField(
                label=_("Ik heb deze versie gelezen en onderteken haar namens deze partij."),
                error_messages={"required": _("Bevestig dat je namens de partij ondertekent.")},
            )
            self.helper = submit_helper(_("Ondertekenen"))


class PublishForm(forms.Form):
    """Publish a version in the public register, on behalf of one of the user's parties."""

    organisation = forms.ModelChoiceField(
        label=_("Namens"), queryset=Organisation.objects.none(), empty_label=None
    )
    confirm = forms.BooleanField(
        label=_(
            "Ik begrijp dat iedereen deze versie kan lezen en dat openbaar maken niet kan "
            "worden teruggedraaid."
        ),
        error_messages={"required": _("Bevestig dat je deze versie openbaar wilt maken.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations
        self.helper = submit_helper(_("Openbaar maken"))
