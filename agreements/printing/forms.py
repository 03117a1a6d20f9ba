"""The form of the public verification page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.lib.forms import submit_helper
from agreements.lib.uploads import validate_pdf


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF-bestand"),
        help_text=_("Een PDF van een afspraak uit Spelregels, hoogstens 10 MB."),
        validators=[validate_pdf],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Controleren"))
