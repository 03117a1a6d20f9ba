"""Forms of versions: adopt, the signing plan, compare, as of a date, sign, publish."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.lib.forms import DATE_WIDGET, field_of, limit_of, submit_helper
from agreements.lib.uploads import validate_pdf
from agreements.models import Decision, Signature
from agreements.models.signing import MAX_SIGNATORIES, Requirement


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


class SigningPlanForm(forms.Form):
    """Per party of the draft (`parties`: PlannedParty rows), its round and quorum; a fieldset
    per party, its name the legend. The domain checks the numbers against each other."""

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        count = max(len(self.parties), 1)
        fieldsets = []
        for index, party in enumerate(self.parties):
            requirement = party.requirement
            self.fields[f"tier_{index}"] = forms.IntegerField(
                label=_("Ronde"),
                help_text=_("1 tekent eerst; partijen in dezelfde ronde tekenen tegelijk."),
                min_value=1,
                max_value=count,
                initial=requirement.tier,
            )
            self.fields[f"signatories_{index}"] = forms.IntegerField(
                label=_("Aantal vertegenwoordigers"),
                min_value=1,
                max_value=MAX_SIGNATORIES,
                initial=requirement.signatories,
            )
            self.fields[f"required_{index}"] = forms.IntegerField(
                label=_("Daarvan moeten tekenen"),
                help_text=_("Zoals 2 van 3 bestuurders."),
                min_value=1,
                max_value=MAX_SIGNATORIES,
                initial=requirement.required,
            )
            fieldsets.append(
                Fieldset(
                    party.name,
                    f"tier_{index}",
                    f"signatories_{index}",
                    f"required_{index}",
                    css_class="row-card signing-plan",
                )
            )
        self.helper = submit_helper(_("Volgorde opslaan"))
        self.helper.layout = Layout(*fieldsets)

    def plan(self) -> dict[str, Requirement]:
        """The cleaned form as the domain takes it: per party key its requirement."""
        data = self.cleaned_data
        return {
            party.organisation_id: Requirement(
                data[f"tier_{index}"], data[f"required_{index}"], data[f"signatories_{index}"]
            )
            for index, party in enumerate(self.parties)
        }


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
