"""The bell's list, opening a notification, marking all read, and the e-mail preferences.

A person only ever sees their own notifications: someone else's id is a 404.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedRequest, page_of

from . import preferences, reading
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 25


def _safe_target(request: AuthenticatedRequest, url: str) -> str:
    """The stored path, if it stays on this site; the list otherwise (never an open redirect)."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "notification_list"


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    """One's own notifications, newest first, the unread ones marked."""
    page = page_of(
        request, Paginator(Notification.objects.filter(recipient=request.user), PAGE_SIZE)
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request: AuthenticatedRequest, notification_id: UUID) -> HttpResponse:
    """POST: mark read and go to what it is about; GET only goes there (no state change)."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    if request.method == "POST":
        reading.mark_read(user=request.user, notification=notification)
    return redirect(_safe_target(request, notification.url))


@login_required
@require_POST
def notification_mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    """Mark every one of one's notifications read."""
    if reading.mark_all_read(user=request.user):
        messages.success(request, _("Alle meldingen zijn gemarkeerd als gelezen."))
    return redirect("notification_list")


@login_required
def notification_preferences(request: AuthenticatedRequest) -> HttpResponse:
    """Per kind: e-mail immediately, in a daily digest, or not at all."""
    form = PreferencesForm(
        request.POST or None,
        initial_deliveries=preferences.preferences_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        preferences.set_preferences(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Je voorkeuren zijn opgeslagen."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def notification_count(request: AuthenticatedRequest) -> JsonResponse:
    """The bell's count, for the page to update it without a reload (static/js/bell.js). The
    count is a column on the user (`unread_notifications`), and the user was read in this
    request, with the session (config/sessions.py): fresh, and no query of its own. Every open
    page asks for it every BELL_POLL_SECONDS, so it is the request a server answers most."""
    response = JsonResponse({"unread": request.user.unread_notifications})
    response["Cache-Control"] = "no-store"
    return response
