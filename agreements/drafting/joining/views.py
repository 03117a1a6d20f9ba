"""Joining pages: add a new partner organisation, invite a party's person, send an invitation
again or withdraw it. Each posts the parties step's form along and saves it first."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import invitations
from accounts.http import AuthenticatedRequest
from accounts.models import Invitation, InvitationStatus, Organisation
from accounts.partners import PartnerError
from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import editing, step_page
from agreements.drafting.joining import partners
from agreements.drafting.joining.forms import InviteForm, NewPartnerForm
from agreements.lib.errors import has_code
from agreements.models import Agreement
from agreements.permissions import get_editable_agreement_for_user

STEP = STEP_BY_SLUG["partijen"]


def _parties_url(agreement: Agreement, organisation: Organisation | None = None) -> str:
    url = reverse("agreement_step", args=[agreement.pk, STEP.slug])
    return f"{url}#uitnodigen-{organisation.pk}" if organisation else url


def _draft(request: AuthenticatedRequest, agreement_id: UUID) -> Agreement:
    agreement = get_editable_agreement_for_user(request, agreement_id)
    if not agreement.draft_open:
        raise Http404
    return agreement


def _save_step_first(
    request: AuthenticatedRequest, agreement: Agreement, unsaved: str, extra: dict
) -> HttpResponse | None:
    """The parties step as posted along, saved first; the page to show when it was not."""
    if "parties-TOTAL_FORMS" not in request.POST:
        return None
    saved = step_page.save_posted(
        request, agreement, STEP, unsaved=unsaved, extra=extra, only_if_changed=True
    )
    return saved if isinstance(saved, HttpResponse) else None


def _again(request: AuthenticatedRequest, agreement: Agreement, extra: dict) -> HttpResponse:
    """The parties step as saved, with the joining form that needs another look."""
    opened = editing.open_step(agreement.pk, STEP.slug)
    return step_page.show(request, opened.agreement, STEP, opened.page, [], opened.revision, extra)


@login_required
@require_POST
def agreement_new_partner(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Add an organisation that is not in the registry, as a party."""
    agreement = _draft(request, agreement_id)
    form = NewPartnerForm(request.POST, agreement=agreement)
    extra = {"partner_form": form}
    stopped = _save_step_first(
        request,
        agreement,
        _("De nieuwe organisatie is nog niet toegevoegd. Los eerst op wat hieronder staat."),
        extra,
    )
    if stopped is not None:
        return stopped
    if form.is_valid():
        try:
            organisation = partners.add_new_partner(
                agreement=agreement,
                acting_user=request.user,
                read=lambda: editing.step_data(agreement.pk, STEP.slug),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
            form.similar = has_code(error, PartnerError.SIMILAR_NAME)  # type: ignore[attr-defined]
        else:
            messages.success(
                request,
                _(
                    "%(organisation)s staat nu in het register (nog te controleren door het "
                    "beheer) en is partij. Nodig hieronder iemand van %(organisation)s uit."
                )
                % {"organisation": organisation.official_name},
            )
            return redirect(_parties_url(agreement, organisation))
    return _again(request, agreement, extra)


@login_required
@require_POST
def agreement_invite(
    request: AuthenticatedRequest, agreement_id: UUID, organisation_id: UUID
) -> HttpResponse:
    """Invite a person of a party's organisation (or ask its beheerder to)."""
    agreement = _draft(request, agreement_id)
    party = get_object_or_404(
        agreement.parties.select_related("organisation"), organisation_id=organisation_id
    )
    organisation = party.organisation
    form = InviteForm(request.POST, agreement=agreement, organisation=organisation)
    extra = {"invite_forms": {organisation.pk: form}}
    stopped = _save_step_first(
        request,
        agreement,
        _("De uitnodiging is nog niet verstuurd. Los eerst op wat hieronder staat."),
        extra,
    )
    if stopped is not None:
        return stopped
    if form.is_valid():
        try:
            invitation = partners.invite_for_party(
                agreement=agreement,
                organisation=organisation,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if invitation.status == InvitationStatus.OPEN:
                text = _("De uitnodiging is verstuurd naar %(email)s.")
            else:
                text = _(
                    "%(organisation)s heeft al leden: hun beheerder beslist over de uitnodiging "
                    "voor %(email)s en heeft daarover bericht gekregen."
                )
            messages.success(
                request, text % {"email": invitation.email, "organisation": organisation}
            )
            return redirect(_parties_url(agreement, organisation))
    return _again(request, agreement, extra)


def _invitation(agreement: Agreement, invitation_id: UUID) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("organisation"),
        pk=invitation_id,
        organisation__in=agreement.parties.values("organisation"),
    )


@login_required
@require_POST
def agreement_invitation(
    request: AuthenticatedRequest, agreement_id: UUID, invitation_id: UUID, action: str
) -> HttpResponse:
    """Send an invitation again (a new link), or withdraw it."""
    agreement = _draft(request, agreement_id)
    invitation = _invitation(agreement, invitation_id)
    if not invitations.can_handle(request.user, invitation):
        raise Http404
    stopped = _save_step_first(
        request,
        agreement,
        _("Er is nog niets aan de uitnodiging gedaan. Los eerst op wat hieronder staat."),
        {},
    )
    if stopped is not None:
        return stopped
    try:
        if action == "opnieuw":
            invitations.resend(invitation=invitation, acting_user=request.user)
            messages.success(
                request,
                _(
                    "De uitnodiging is opnieuw verstuurd naar %(email)s; "
                    "de oude link werkt niet meer."
                )
                % {"email": invitation.email},
            )
        else:
            invitations.withdraw(invitation=invitation, acting_user=request.user)
            messages.success(
                request,
                _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email},
            )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(_parties_url(agreement, invitation.organisation))
