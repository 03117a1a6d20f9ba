"""The page that imports an agreement document as a new draft (`importing.import_agreement`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import importing
from .forms import ImportForm


@login_required
def agreement_import(request: HttpRequest) -> HttpResponse:
    """Upload a canonical document (or an exported version) and continue it as a new draft.

    Only people who draft for an organisation import, as only they start agreements.
    """
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if not form.organisations:
        raise Http404
    if posted and form.is_valid():
        try:
            agreement = importing.import_agreement(
                document=form.cleaned_data["file"],
                organisation=form.cleaned_data["organisation"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _(
                    "De afspraak is geïmporteerd als nieuw concept. Kijk bij de controle wat nog "
                    "ontbreekt; alle stappen zijn te wijzigen."
                ),
            )
            return redirect("agreement_step", agreement_id=agreement.pk, step_slug="controle")
    return render(request, "agreements/agreement_import.html", {"form": form})
