"""The profile page's API tokens: list, create (the key is shown once) and revoke."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from agreements.lib.forms import submit_helper

from . import tokens
from .models import ApiToken


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam van de sleutel"),
        max_length=100,
        help_text=gettext_lazy("Waarvoor je de sleutel gebruikt, zoals ‘zaaksysteem’."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(gettext_lazy("Sleutel aanmaken"))


@login_required
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """The user's API tokens; POST makes a new one and shows its key this once."""
    form = NewTokenForm(request.POST or None)
    key = None
    if request.method == "POST" and form.is_valid():
        _token, key = tokens.create_token(
            user=request.user, name=form.cleaned_data["name"], acting_user=request.user
        )
        form = NewTokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "key": key, "tokens": ApiToken.objects.filter(user=request.user)},
    )
    response["Cache-Control"] = "no-store"  # the key must not linger in a cache
    return response


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedRequest, token_id: UUID) -> HttpResponse:
    """Revoke one of the user's own tokens; another person's token is a 404."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    tokens.revoke_token(token=token, acting_user=request.user)
    messages.success(request, _("De sleutel ‘%(name)s’ is ingetrokken.") % {"name": token.name})
    return redirect("api_tokens")
