"""The public register's search form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.lib.forms import submit_helper


class PublicRegisterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken in titels"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Zoeken"), method="get")
