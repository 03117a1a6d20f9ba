"""The form of the public verification page, and the briefing's choice of day."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.lib.forms import DATE_WIDGET, submit_helper
from agreements.lib.uploads import validate_pdf_start


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF-bestand"),
        help_text=_("Een PDF van een afspraak uit Spelregels, hoogstens 10 MB."),
        validators=[validate_pdf_start],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Controleren"))


class BriefingDayForm(forms.Form):
    """The day the briefing is about (`?op=YYYY-MM-DD`); without one, today."""

    # The one field is optional by nature, so its label does not say "(niet verplicht)".
    drafting = True

    op = forms.DateField(
        label=_("Stand op"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leeg: vandaag."),
    )

    FIRST_YEAR = 1900
    LAST_YEAR = 2200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Toon"), method="get")

    def clean_op(self):
        day = self.cleaned_data["op"]
        if day is not None and not self.FIRST_YEAR <= day.year <= self.LAST_YEAR:
            raise forms.ValidationError(
                _("Kies een datum tussen %(first)d en %(last)d.")
                % {"first": self.FIRST_YEAR, "last": self.LAST_YEAR},
                code="out_of_range",
            )
        return day
