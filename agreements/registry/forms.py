"""The registry's search and filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Layer
from agreements.lib.forms import submit_helper
from agreements.models import Theme
from agreements.registry.search import Sort
from agreements.versions.status import Status


class RegistryFilterForm(forms.Form):
    """Search, filter and sort the registry of agreements; every field is optional.

    Read from the query string, so a value that does not fit (an unknown status, a year that
    is not a number) becomes an error on its field, never a server error.
    """

    # Every filter is optional, so no label says "(niet verplicht)" (see nlds/label_text.html).
    drafting = True

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    organisatie = forms.CharField(
        label=_("Organisatie"),
        required=False,
        max_length=100,
        help_text=_("Naam of code van een partij, zoals Bernheze of GM1721."),
    )
    laag = forms.ChoiceField(
        label=_("Bestuurslaag"), required=False, choices=[("", _("Alle lagen")), *Layer.choices]
    )
    thema = forms.ChoiceField(
        label=_("Thema"), required=False, choices=[("", _("Alle thema's")), *Theme.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle statussen")), *Status.choices]
    )
    jaar = forms.IntegerField(
        label=_("Jaar"),
        required=False,
        min_value=1900,
        max_value=2200,
        help_text=_("Het jaar van ingang; voor een concept het jaar waarin het begon."),
    )
    sortering = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("", _("Relevantie of laatst gewijzigd")),
            (Sort.RELEVANCE, _("Relevantie (bij zoeken)")),
            (Sort.CHANGED, _("Laatst gewijzigd")),
            (Sort.TITLE, _("Titel")),
            (Sort.NEXT_DATE, _("Eerstvolgende evaluatie of einddatum")),
        ],
        help_text=_(
            "Relevantie: eerst de afspraken met alle zoekwoorden in de titel, dan de overige; "
            "steeds de laatst gewijzigde eerst."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Zoeken"), method="get")

    def filters(self) -> dict:
        """The valid values as keyword arguments of `search.find_agreements`.

        Call after `is_valid()`; a field with an error is left out, so the other filters apply.
        """
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "text": cleaned.get("q") or "",
            "organisation": cleaned.get("organisatie") or "",
            "layer": cleaned.get("laag") or "",
            "theme": cleaned.get("thema") or "",
            "status": cleaned.get("status") or "",
            "year": cleaned.get("jaar"),
            "sort": cleaned.get("sortering") or "",
        }
