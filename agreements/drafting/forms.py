"""Forms of drafting: a new agreement, an import, and the builder's steps.

Step forms check what must be well-formed to be stored (dates, numbers, choices). Whether the
agreement is complete is the completeness check's job, so an editor can always save half a step
and come back later.
"""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.document.completeness import CORE_VALUES, GOVERNMENTS_WITH_COUNCILS
from agreements.drafting.importing import MAX_IMPORT_BYTES, parse_json
from agreements.lib.forms import (
    DATE_WIDGET,
    bound_integer_choices,
    field_of,
    inline_helper,
    name_empty_choices,
    submit_helper,
)
from agreements.models import (
    Agreement,
    AgreementTemplate,
    CoreValue,
    EscalationStep,
    Mandate,
    Party,
    Raci,
    RoleKind,
    RoleOption,
    Table,
    WorkPackage,
)
from agreements.permissions import drafting_organisations

# No agreement has more rows than this in one step; a larger posted count is refused
# instead of building thousands of forms.
ROWS_MAX = 100


def _rows_formset(model, form, *, row_label, extra: int = 1, can_delete: bool = True, **options):
    """The formset of a step's rows of `model`: one empty row to add by default, each row
    deletable, and at most ROWS_MAX rows. `row_label` names a row in the error summary
    ("Mandaat 2: Bedrag: …", accounts/templatetags/error_summary.py)."""
    formset = forms.modelformset_factory(
        model,
        form=form,
        extra=extra,
        can_delete=can_delete,
        max_num=ROWS_MAX,
        absolute_max=ROWS_MAX,
        **options,
    )
    formset.row_label = row_label  # type: ignore[attr-defined]
    return formset


class StepForm(forms.ModelForm):
    """A model form rendered inside a step page."""

    # In a draft every field may stay empty for now; the check says what is still missing,
    # so the labels do not mark fields as optional.
    drafting = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_helper()
        bound_integer_choices(self)
        name_empty_choices(self)


def _on_behalf_of(help_text) -> "forms.ModelChoiceField[Organisation]":
    """The organisation for which the user starts an agreement (`drafting_organisations`, set
    by the form)."""
    return forms.ModelChoiceField(
        label=_("Namens"), queryset=None, empty_label=None, help_text=help_text
    )


class NewAgreementForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=vocabulary.TITLE)
    organisation = _on_behalf_of(_("De organisatie die als eerste partij meedoet."))
    template = forms.ModelChoiceField(
        label=_("Beginnen met"),
        queryset=AgreementTemplate.objects.all(),
        required=False,
        empty_label=_("Een lege afspraak"),
        widget=forms.RadioSelect,
        help_text=_(
            "Een sjabloon vult tafels, escalatieladder en waarden alvast in; "
            "alles blijft te wijzigen."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = drafting_organisations(user)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = self.organisations
        self.helper = submit_helper(_("Afspraak aanmaken"))


class ImportForm(forms.Form):
    """A canonical agreement document (or an exported version) to continue as a new draft."""

    organisation = _on_behalf_of(_("Je organisatie; zij moet partij zijn in het document."))
    file = forms.FileField(
        label=_("Bestand (JSON)"),
        help_text=_(
            "Een afsprakendocument of een geëxporteerde versie van een afspraak (JSON), "
            "hoogstens 2 MB."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(drafting_organisations(user))
        field = field_of(self, "organisation", forms.ModelChoiceField)
        field.queryset = drafting_organisations(user)
        # With one organisation there is nothing to choose.
        self.only_organisation = self.organisations[0] if len(self.organisations) == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]
        self.helper = submit_helper(_("Afspraak importeren"))

    def clean_file(self) -> Any:
        """The file's JSON value (checked as a document when it is imported)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Het bestand is %(size)s MB; het mag hoogstens %(limit)d MB zijn.")
                % {
                    "size": round(upload.size / 1024 / 1024, 1),
                    "limit": MAX_IMPORT_BYTES // 1024 // 1024,
                }
            )
        upload.seek(0)
        return parse_json(upload.read())

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.only_organisation is not None:
            cleaned["organisation"] = self.only_organisation
        return cleaned


def _radio_choices(choices):
    return [(value, label) for value, label in choices if value]


def _offer(form, name: str, queryset, choices, *, blank: bool) -> None:
    """Let the form's (multiple) model choice field `name` offer `choices`, (pk, label) pairs of
    rows of `queryset`, with "—" first when it may stay empty."""
    field = field_of(form, name, forms.ModelChoiceField)
    field.queryset = queryset
    field.choices = [("", "—"), *choices] if blank else list(choices)


def _offer_parties(form, name: str, parties: list[Party], *, blank: bool) -> None:
    """Let the field `name` offer the agreement's parties, by their organisation's name."""
    queryset = Party.objects.filter(pk__in=[party.pk for party in parties])
    choices = [(party.pk, str(party.organisation)) for party in parties]
    _offer(form, name, queryset, choices, blank=blank)


class TaskForm(StepForm):
    class Meta:
        model = Agreement
        fields = vocabulary.keys_of("task")
        widgets = {
            "task": forms.Textarea(attrs={"rows": 4}),
            "why": forms.Textarea(attrs={"rows": 4}),
            "intended_result": forms.Textarea(attrs={"rows": 3}),
            "governance_style": forms.RadioSelect,
            "rule_set": forms.RadioSelect,
            "enforceability": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["governance_style", "rule_set", "enforceability"]:
            field = field_of(self, name, forms.ChoiceField)
            field.choices = _radio_choices(field.choices)


class PartyForm(StepForm):
    class Meta:
        model = Party
        fields = [
            "political_representative",
            "civil_contact",
            "formal_roles",
            "ladder_role",
            "network_role",
            "contributes_capacity",
            "contributes_money",
            "contributes_knowledge",
        ]
        widgets = {"formal_roles": forms.CheckboxSelectMultiple}

    def __init__(self, *args, role_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        options = role_options if role_options is not None else list(RoleOption.objects.all())
        by_kind = {kind: [o for o in options if o.kind == kind and o.active] for kind in RoleKind}
        formal = RoleKind.FORMAL
        _offer(
            self,
            "formal_roles",
            RoleOption.objects.filter(kind=formal),
            [(o.pk, o.name) for o in by_kind[formal]],
            blank=False,
        )
        for name, kind in (("ladder_role", RoleKind.LADDER), ("network_role", RoleKind.NETWORK)):
            _offer(
                self,
                name,
                RoleOption.objects.filter(kind=kind),
                [
                    (o.pk, f"{o.name}: {o.description}" if o.description else o.name)
                    for o in by_kind[kind]
                ],
                blank=True,
            )


class BasePartyFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        remaining = [
            form
            for form in self.forms
            if not (self.can_delete and form.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME))
        ]
        if self.forms and not remaining:
            raise forms.ValidationError(_("Een afspraak houdt minstens één partij."))


PartyFormSet = _rows_formset(
    Party, PartyForm, formset=BasePartyFormSet, extra=0, row_label=_("Partij %(number)s")
)


class AddPartyForm(forms.Form):
    organisation = forms.UUIDField(widget=forms.HiddenInput)


class WorkPackageForm(StepForm):
    """A row of the RACI matrix: the work package and one letter per party."""

    class Meta:
        model = WorkPackage
        fields = ["name", "description"]

    def __init__(self, *args, parties=(), cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        cells = cells or {}
        for party in self.parties:
            self.fields[f"raci_{party.pk}"] = forms.ChoiceField(
                label=_("%(party)s bij %(package)s")
                % {
                    "party": party.organisation,
                    "package": self.instance.name or _("nieuw werkpakket"),
                },
                # Letters only in the grid; the legend under the matrix explains them.
                choices=[("", "—"), *((letter, letter) for letter in Raci.values)],
                required=False,
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
                initial=cells.get((self.instance.pk, party.pk), ""),
            )

    def raci_fields(self):
        return [self[f"raci_{party.pk}"] for party in self.parties]

    def letters(self) -> dict:
        return {party: self.cleaned_data.get(f"raci_{party.pk}", "") for party in self.parties}


WorkPackageFormSet = _rows_formset(
    WorkPackage, WorkPackageForm, can_order=True, row_label=_("Werkpakket %(number)s")
)


class TableForm(StepForm):
    class Meta:
        model = Table
        fields = ["name", "level", "members", "chair", "independent_chair", "cadence", "decides"]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "decides": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        parties = list(parties)
        _offer_parties(self, "members", parties, blank=False)
        _offer_parties(self, "chair", parties, blank=True)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("chair") and (cleaned.get("independent_chair") or "").strip():
            self.add_error(
                "independent_chair",
                _("Kies een partij als voorzitter óf een onafhankelijk voorzitter, niet allebei."),
            )
        return cleaned


TableFormSet = _rows_formset(Table, TableForm, row_label=_("Tafel %(number)s"))


class MandateForm(StepForm):
    class Meta:
        model = Mandate
        fields = [
            "party",
            "function",
            "subject",
            "max_amount",
            "limits",
            "basis",
            "basis_date",
            "basis_reference",
        ]
        widgets = {"basis_date": DATE_WIDGET}

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        _offer_parties(self, "party", list(parties), blank=True)
        amount = field_of(self, "max_amount", forms.DecimalField)
        amount.min_value = 0
        amount.widget.attrs["min"] = 0
        amount.validators.append(MinValueValidator(0, _("Een bedrag kan niet negatief zijn.")))


MandateFormSet = _rows_formset(Mandate, MandateForm, row_label=_("Mandaat %(number)s"))


class CouncilControlForm(StepForm):
    class Meta:
        model = Party
        fields = ["council_control", "council_control_note"]


CouncilControlFormSet = _rows_formset(
    Party,
    CouncilControlForm,
    extra=0,
    can_delete=False,
    row_label=_("Grip van de volksvertegenwoordiging %(number)s"),
)


def council_parties(parties):
    return [p for p in parties if p.organisation.layer in GOVERNMENTS_WITH_COUNCILS]


class EscalationStepForm(StepForm):
    class Meta:
        model = EscalationStep
        fields = ["trigger", "handler", "deadline_days", "outcome", "deadlock_resolution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = field_of(self, "deadline_days", forms.IntegerField)
        days.min_value = 1
        days.max_value = 365
        days.widget.attrs.update(min=1, max=365)
        days.validators += [
            MinValueValidator(1, _("Een termijn is minstens één werkdag.")),
            MaxValueValidator(365, _("Een termijn is hoogstens 365 werkdagen.")),
        ]


class BaseEscalationFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # ordered_forms exists only for a valid formset; a garbled management form is not.
        if any(self.errors) or self.non_form_errors():
            return
        orders = [
            form.cleaned_data.get("ORDER")
            for form in self.ordered_forms
            if form.cleaned_data.get("ORDER") is not None
        ]
        if len(orders) != len(set(orders)):
            raise forms.ValidationError(
                _("Twee treden hebben hetzelfde volgnummer; geef elke trede een eigen plaats.")
            )


EscalationFormSet = _rows_formset(
    EscalationStep,
    EscalationStepForm,
    formset=BaseEscalationFormSet,
    can_order=True,
    row_label=_("Trede %(number)s"),
)


class ValuesForm(forms.Form):
    """How the parties secure each core value, and how they keep the relationship good."""

    drafting = True
    fields_made_in_init = True  # one per core value, without a query

    relationship = forms.CharField(
        label=vocabulary.FIELD_BY_PATH["values.relationship"].label,
        help_text=vocabulary.FIELD_BY_PATH["values.relationship"].help,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=vocabulary.limit("values.relationship"),
        required=False,
    )
    informal_contact = forms.CharField(
        label=vocabulary.FIELD_BY_PATH["values.informal_contact"].label,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=vocabulary.limit("values.informal_contact"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CoreValue.choices)
        for code in CORE_VALUES:
            self.fields[f"value_{code}"] = forms.CharField(
                label=labels[code],
                help_text=vocabulary.FIELD_BY_PATH["values.core_values"].help,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=vocabulary.limit("values.core_values"),
                required=False,
            )
        self.order_fields([f"value_{code}" for code in CORE_VALUES])
        self.helper = inline_helper()


class TermForm(StepForm):
    class Meta:
        model = Agreement
        fields = vocabulary.keys_of("term")
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "next_evaluation": DATE_WIDGET,
            "publication": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in [
                    "extension",
                    "termination",
                    "accession",
                    "amendment",
                    "financial",
                    "non_publication_ground",
                ]
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        publication = field_of(self, "publication", forms.ChoiceField)
        publication.choices = _radio_choices(publication.choices)
        notice = field_of(self, "notice_period_months", forms.IntegerField)
        notice.max_value = 120
        notice.validators.append(
            MaxValueValidator(120, _("Een opzegtermijn is hoogstens 120 maanden."))
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt vóór de ingangsdatum."))
        if end and cleaned.get("indefinite"):
            self.add_error("indefinite", _("Kies een einddatum óf onbepaalde tijd, niet allebei."))
        return cleaned
