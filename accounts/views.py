"""Pages for organisations, their members and one's own profile."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import invitations, memberships, second_factor, sessions
from .audit import csv_response, csv_rows
from .forms import (
    AcceptInvitationForm,
    AddMemberForm,
    OrganisationFilterForm,
    ProfileForm,
    RoleForm,
)
from .http import AuthenticatedRequest, page_of, render_search_page
from .models import AuditEvent, Invitation, InvitationStatus, Membership, Organisation
from .permissions import can_manage_members, get_managed_organisation_for_user, role_in
from .search import matching_organisations


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    """The registry of public bodies and partners, searchable by name or code."""
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.select_related("province")
    if form.is_valid():
        organisations = matching_organisations(form.cleaned_data["q"]).select_related("province")
        if layer := form.cleaned_data["layer"]:
            organisations = organisations.filter(layer=layer)
    page = page_of(request, Paginator(organisations, 50))
    return render_search_page(request, "accounts/organisation_list.html", form, page)


@login_required
def organisation_detail(request: AuthenticatedRequest, organisation_id: UUID) -> HttpResponse:
    """One organisation: its layer, code, bodies and, for its own members, who works there."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("province"), pk=organisation_id
    )
    is_member = role_in(request.user, organisation) is not None
    members = (
        organisation.memberships.select_related("user")
        if is_member or request.user.is_staff
        else Membership.objects.none()
    )
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "show_members": is_member or request.user.is_staff,
            "can_manage": can_manage_members(request.user, organisation),
        },
    )


@login_required
@second_factor.recently_authenticated
def member_list(request: AuthenticatedRequest, organisation_id: UUID) -> HttpResponse:
    """A beheerder sees the members of their organisation and adds new ones."""
    organisation = get_managed_organisation_for_user(request, organisation_id)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = memberships.add_member(
                organisation=organisation, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("%(name)s is toegevoegd als %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display().lower()},
            )
            return redirect("member_list", organisation_id=organisation.pk)
    members = organisation.memberships.select_related("user")
    return render(
        request,
        "accounts/member_list.html",
        {
            "organisation": organisation,
            "members": [(m, RoleForm(initial={"role": m.role}, prefix=str(m.pk))) for m in members],
            "form": form,
            "requests": organisation.invitations.filter(
                status=InvitationStatus.REQUESTED
            ).select_related("invited_by", "on_behalf_of"),
        },
    )


@login_required
@require_POST
@second_factor.recently_authenticated
def invitation_answer(
    request: AuthenticatedRequest, organisation_id: UUID, request_id: UUID
) -> HttpResponse:
    """A beheerder sends a requested invitation, or declines it."""
    organisation = get_managed_organisation_for_user(request, organisation_id)
    invitation = get_object_or_404(Invitation, pk=request_id, organisation=organisation)
    accept = request.POST.get("besluit") == "versturen"
    try:
        invitations.answer_request(invitation=invitation, accept=accept, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            (
                _("De uitnodiging is verstuurd naar %(email)s.")
                if accept
                else _("Het verzoek om %(email)s uit te nodigen is afgewezen.")
            )
            % {"email": invitation.email},
        )
    return redirect("member_list", organisation_id=organisation.pk)


def _managed_membership(request: AuthenticatedRequest, organisation_id: UUID, membership_id: UUID):
    organisation = get_managed_organisation_for_user(request, organisation_id)
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_id,
        organisation=organisation,
    )


@login_required
@require_POST
@second_factor.recently_authenticated
def member_role(
    request: AuthenticatedRequest, organisation_id: UUID, membership_id: UUID
) -> HttpResponse:
    """Change one member's role."""
    membership = _managed_membership(request, organisation_id, membership_id)
    form = RoleForm(request.POST, prefix=str(membership.pk))
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
    else:
        try:
            memberships.change_role(
                membership=membership, role=form.cleaned_data["role"], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("De rol van %(name)s is nu %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display().lower()},
            )
    return redirect("member_list", organisation_id=organisation_id)


@login_required
@second_factor.recently_authenticated
def member_remove(
    request: AuthenticatedRequest, organisation_id: UUID, membership_id: UUID
) -> HttpResponse:
    """Ask for confirmation, then remove a member from the organisation."""
    membership = _managed_membership(request, organisation_id, membership_id)
    if request.method == "POST":
        try:
            memberships.remove_member(membership=membership, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is geen lid meer van %(organisation)s.")
                % {"name": membership.user, "organisation": membership.organisation},
            )
        return redirect("member_list", organisation_id=organisation_id)
    return render(request, "accounts/member_remove.html", {"membership": membership})


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """Edit what collaborators see of you."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        memberships.update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Je gegevens zijn opgeslagen."))
        return redirect("profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "sessions": sessions.sessions_of(
                user=request.user, current_key=request.session.session_key
            ),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "second_factor": {
                "on": second_factor.has_device(request.user),
                "required": second_factor.is_required(request.user),
            },
        },
    )


@login_required
@require_POST
def session_end(request: AuthenticatedRequest, session_id: UUID) -> HttpResponse:
    """End one of one's own other sessions (profile page)."""
    try:
        sessions.end_session(
            user=request.user, public_id=session_id, current_key=request.session.session_key
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De sessie is beëindigd."))
    return redirect("profile")


@login_required
@require_POST
def sessions_end_others(request: AuthenticatedRequest) -> HttpResponse:
    """End every session but this one (profile page)."""
    ended = sessions.end_other_sessions(user=request.user, current_key=request.session.session_key)
    if ended:
        messages.success(request, _("Je andere sessies zijn beëindigd."))
    else:
        messages.info(request, _("Je had geen andere sessies."))
    return redirect("profile")


AUDIT_PAGE_SIZE = 50


def _organisation_events(organisation: Organisation):
    return AuditEvent.objects.filter(organisation=organisation).select_related("organisation")


@login_required
def organisation_audit(request: AuthenticatedRequest, organisation_id: UUID) -> HttpResponse:
    """The organisation's audit trail, newest first, for its beheerder."""
    organisation = get_managed_organisation_for_user(request, organisation_id)
    page = page_of(request, Paginator(_organisation_events(organisation), AUDIT_PAGE_SIZE))
    return render(
        request,
        "accounts/organisation_audit.html",
        {"organisation": organisation, "page": page},
    )


@login_required
def organisation_audit_csv(
    request: AuthenticatedRequest, organisation_id: UUID
) -> StreamingHttpResponse:
    """The whole trail as CSV, oldest first, streamed so a long trail needs little memory."""
    organisation = get_managed_organisation_for_user(request, organisation_id)
    events = _organisation_events(organisation).order_by("at", "id").iterator(chunk_size=500)
    return csv_response(csv_rows(events), f"audittrail-{slugify(organisation.name)}.csv")


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs):
    """The page django-axes shows after too many failed logins (status 429), in Dutch: which
    limit was reached (accounts/throttling.py sets `login_refusal` when it was not axes')."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "refusal": getattr(request, "login_refusal", ""),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )


def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    """The link in an invitation: choose a password (or, logged in, just accept), then land
    where the invitation was about. A link that no longer works says why, in Dutch."""
    try:
        invitation = invitations.find(secret)
    except ValidationError as error:
        return render(
            request, "accounts/invitation_accept.html", {"problem": error.messages[0]}, status=410
        )
    logged_in = request.user.is_authenticated
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" and not logged_in else None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and (logged_in or form.is_valid()):
        try:
            membership = invitations.accept(
                secret=secret,
                acting_user=request.user if logged_in else None,  # type: ignore[arg-type]
                full_name=form.cleaned_data.get("full_name", "") if not logged_in else "",
                password=form.cleaned_data.get("password1") if not logged_in else None,
            )
        except ValidationError as error:
            return render(
                request,
                "accounts/invitation_accept.html",
                {"problem": error.messages[0]},
                status=410,
            )
        if not logged_in:
            login(request, membership.user, backend="config.authentication.Backend")
        messages.success(
            request,
            _("Welkom bij %(organisation)s in Spelregels.")
            % {"organisation": membership.organisation},
        )
        landing = invitation.landing
        if not url_has_allowed_host_and_scheme(landing, allowed_hosts=None) or not landing:
            landing = "/"
        return redirect(landing)
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form, "logged_in": logged_in},
    )
