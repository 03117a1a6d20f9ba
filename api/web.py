"""The profile page's API tokens: list, create (the key is shown once) and revoke; and an
organisation's webhooks for its beheerder: subscribe, end, and the log of deliveries."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.permissions import get_managed_organisation_for_user
from agreements.lib.forms import submit_helper

from . import tokens, webhooks
from .models import ApiToken, WebhookEvent


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


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Adres"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Het https-adres dat de berichten ontvangt."),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Gebeurtenissen"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Van de afspraken waarin je organisatie partij is."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(gettext_lazy("Webhook aanmelden"))


@login_required
def webhook_list(request: AuthenticatedRequest, organisation_id: UUID) -> HttpResponse:
    """A beheerder's webhooks of the organisation; POST subscribes a new one."""
    organisation = get_managed_organisation_for_user(request, organisation_id)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.subscribe(
                organisation=organisation, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(
                "events" if error.code == webhooks.WebhookError.NO_EVENTS else "url", error
            )
        else:
            messages.success(request, _("De webhook is aangemeld."))
            return redirect("webhook_list", organisation_id=organisation.pk)
    response = render(
        request,
        "api/webhooks.html",
        {
            "organisation": organisation,
            "form": form,
            # Each webhook with the labels of its events (the stored values are the API's).
            "subscriptions": [
                (each, [WebhookEvent(event).label for event in each.events])
                for each in organisation.webhooks.all()
            ],
        },
    )
    response["Cache-Control"] = "no-store"  # the secrets must not linger in a cache
    return response


def _subscription(request: AuthenticatedRequest, organisation_id: UUID, subscription_id: UUID):
    organisation = get_managed_organisation_for_user(request, organisation_id)
    return get_object_or_404(organisation.webhooks, pk=subscription_id)


@login_required
@require_POST
def webhook_end(
    request: AuthenticatedRequest, organisation_id: UUID, subscription_id: UUID
) -> HttpResponse:
    subscription = _subscription(request, organisation_id, subscription_id)
    webhooks.end_subscription(subscription=subscription, acting_user=request.user)
    messages.success(
        request, _("De webhook naar %(url)s is beëindigd.") % {"url": subscription.url}
    )
    return redirect("webhook_list", organisation_id=organisation_id)


@login_required
def webhook_deliveries(
    request: AuthenticatedRequest, organisation_id: UUID, subscription_id: UUID
) -> HttpResponse:
    """The last 50 deliveries of a webhook, each with its tries."""
    subscription = _subscription(request, organisation_id, subscription_id)
    deliveries = subscription.deliveries.prefetch_related("attempts")[:50]
    return render(
        request,
        "api/webhook_deliveries.html",
        {
            "organisation": subscription.organisation,
            "subscription": subscription,
            "deliveries": deliveries,
        },
    )
