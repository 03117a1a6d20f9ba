"""Forms of the records: a decision with its attachments, an evaluation with follow-up actions."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from agreements.document import vocabulary
from agreements.lib.forms import DATE_WIDGET, field_of, inline_helper, limit_of, submit_helper
from agreements.lib.uploads import validate_pdf
from agreements.models import ActionStatus, Decision, FollowUpAction, Score


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is validated as a PDF."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [single(item, initial) for item in files if item]
        if len(cleaned) > 5:
            raise forms.ValidationError(_("Voeg hoogstens vijf bijlagen toe."))
        for upload in cleaned:
            validate_pdf(upload)
        return cleaned


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Datum besluit"), widget=DATE_WIDGET)
    table_name = forms.ChoiceField(label=_("Tafel"))
    what = forms.CharField(
        label=_("Wat is besloten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=vocabulary.LONG_TEXT,
    )
    mandate_label = forms.ChoiceField(label=_("Onder welk mandaat"), required=False)
    reference = forms.CharField(
        label=_("Kenmerk"),
        max_length=limit_of(Decision, "reference"),
        required=False,
        help_text=_("Zoals een collegebesluitnummer."),
    )
    attachments = MultipleFileField(
        label=_("Bijlagen"),
        required=False,
        help_text=_("PDF, hoogstens 10 MB per bestand."),
    )

    def __init__(self, *args, tables=(), mandates=(), **kwargs):
        super().__init__(*args, **kwargs)
        table = field_of(self, "table_name", forms.ChoiceField)
        table.choices = [("", "—")] + [(name, name) for name in tables]
        mandate = field_of(self, "mandate_label", forms.ChoiceField)
        mandate.choices = [("", _("Geen specifiek mandaat"))] + [
            (label, label) for label in mandates
        ]
        self.helper = submit_helper(_("Besluit vastleggen"))


ASPECTS = {
    "content": _("Inhoud"),
    "process": _("Proces"),
    "relationship": _("Relatie"),
}


class EvaluationForm(forms.Form):
    """Content, process and relationship (as the articles name them), scored and explained."""

    held_on = forms.DateField(label=_("Datum evaluatie"), widget=DATE_WIDGET)
    leads_to_amendment = forms.BooleanField(
        label=_("Deze evaluatie leidt tot een wijziging van de afspraak"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for aspect, name in ASPECTS.items():
            self.fields[f"{aspect}_score"] = forms.TypedChoiceField(
                label=_("%(aspect)s: hoe gaat het?") % {"aspect": name},
                choices=Score.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"{aspect}_note"] = forms.CharField(
                label=_("%(aspect)s: toelichting") % {"aspect": name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=vocabulary.LONG_TEXT,
            )
        self.order_fields(["held_on", *(f"{a}_{f}" for a in ASPECTS for f in ("score", "note"))])
        self.helper = inline_helper()


def party_name(organisation: Organisation) -> str:
    return organisation.official_name or organisation.name


class ActionForm(forms.Form):
    """One follow-up action: what, which party owns it (and who of it), where it stands and by
    when. The rules (an owner, a person of that party, not due before the evaluation) are the
    domain's (`evaluations.record_evaluation`); the view puts its errors on these fields."""

    # A row left empty is no action, and a filled-in row needs what the domain says: no label
    # says "(niet verplicht)" (see nlds/label_text.html); the person's label says it itself.
    drafting = True

    description = forms.CharField(
        label=_("Vervolgactie"),
        max_length=limit_of(FollowUpAction, "description"),
        required=False,
    )
    owner = forms.ChoiceField(
        label=_("Eigenaar (partij)"),
        required=False,
        help_text=_("De partij die de actie uitvoert."),
    )
    person = forms.ChoiceField(
        label=_("Trekker (niet verplicht)"),
        required=False,
        help_text=_("Iemand van de partij die eigenaar is."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.OPEN
    )
    due_on = forms.DateField(label=_("Uiterlijk"), required=False, widget=DATE_WIDGET)

    def __init__(
        self,
        *args,
        parties: Sequence[Organisation] = (),
        people: Sequence[tuple[Organisation, Sequence[User]]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.parties = {str(organisation.pk): organisation for organisation in parties}
        self.people = {str(user.pk): user for _organisation, users in people for user in users}
        field_of(self, "owner", forms.ChoiceField).choices = [("", "—")] + [
            (key, party_name(organisation)) for key, organisation in self.parties.items()
        ]
        field_of(self, "person", forms.ChoiceField).choices = [("", "—")] + [
            (party_name(organisation), [(str(user.pk), user.full_name) for user in users])
            for organisation, users in people
            if users
        ]
        self.helper = inline_helper()

    def clean_owner(self) -> Organisation | None:
        return self.parties.get(self.cleaned_data["owner"])

    def clean_person(self) -> User | None:
        return self.people.get(self.cleaned_data["person"])


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=20, absolute_max=20)
# How the error summary names a row (accounts/templatetags/error_summary.py).
ActionFormSet.row_label = _("Actie %(number)s")  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    """Where one follow-up action stands, on the evaluation's page."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def __init__(self, *args, action: FollowUpAction, **kwargs):
        kwargs.setdefault("initial", {"status": action.status})
        kwargs.setdefault("prefix", f"actie-{action.pk}")
        super().__init__(*args, **kwargs)
        self.action = action


def correction_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Wat klopte er niet?"),
        max_length=limit_of(Decision, "correction_reason"),
        help_text=_("Staat bij de correctie. Wat eerder is vastgelegd, blijft leesbaar."),
    )


class DecisionCorrectionForm(DecisionForm):
    """The decision as it should have been recorded, and what was wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_reason"] = correction_reason_field()
        attachments = field_of(self, "attachments", MultipleFileField)
        attachments.help_text = _(
            "De bijlagen van het oorspronkelijke besluit gaan mee. Voeg hier alleen nieuwe toe "
            "(PDF, hoogstens 10 MB per bestand)."
        )
        self.helper = submit_helper(_("Correctie vastleggen"))


class EvaluationCorrectionForm(EvaluationForm):
    """The evaluation as it should have been recorded, and what was wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_reason"] = correction_reason_field()
