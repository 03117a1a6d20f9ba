"""A review round (leesronde): asking people or parties to read the draft, and answering."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from agreements import permissions
from agreements.discussion import reviews
from agreements.discussion.forms import (
    ReviewAnswerForm,
)
from agreements.discussion.views import (
    Failed,
    add_form_errors,
    comments_page,
    review_request_form,
    users_by_id,
)
from agreements.models import (
    Party,
    Reviewer,
)
from agreements.permissions import can_edit, get_agreement_for_user


@login_required
@require_POST
def review_request(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """An opsteller asks people or parties to review the draft by a date."""
    agreement = get_agreement_for_user(request, agreement_id)
    if not can_edit(request.user, agreement):
        raise Http404
    form = review_request_form(agreement, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        parties = [
            party.organisation
            for party in Party.objects.filter(
                agreement=agreement, organisation_id__in=data["parties"]
            ).select_related("organisation")
        ]
        try:
            round_ = reviews.request_review(
                agreement=agreement,
                acting_user=request.user,
                due_date=data["due_date"],
                reviewers=users_by_id(data["reviewers"]),
                parties=parties,
                note=data["note"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("De vraag om te lezen is verstuurd."))
            return redirect(
                reverse("agreement_comments", args=[agreement.pk]) + f"#review-{round_.pk}"
            )
    return comments_page(request, agreement, Failed("review", "", form))


@login_required
@require_POST
def review_answer(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """A reviewer answers akkoord or opmerkingen."""
    agreement = get_agreement_for_user(request, agreement_id)
    form = ReviewAnswerForm(
        request.POST,
        action=reverse("review_answer", args=[agreement.pk]),
        reviewer_id=request.POST.get("reviewer", ""),
    )
    if not form.is_valid():
        reviewer_id = form.cleaned_data.get("reviewer")
        if reviewer_id is None:
            messages.error(request, _("Kies de vraag om te lezen die je beantwoordt."))
            return comments_page(request, agreement)
        return comments_page(request, agreement, Failed("answer", str(reviewer_id), form))
    reviewer = (
        Reviewer.objects.filter(pk=form.cleaned_data["reviewer"], request__agreement=agreement)
        .select_related("request")
        .first()
    )
    if reviewer is None or not permissions.may_answer_review(request.user, reviewer):
        raise Http404
    try:
        reviews.answer_review(
            reviewer=reviewer,
            acting_user=request.user,
            answer=form.cleaned_data["answer"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        add_form_errors(form, error)
        return comments_page(request, agreement, Failed("answer", str(reviewer.pk), form))
    messages.success(request, _("Je antwoord is vastgelegd."))
    return redirect(
        reverse("agreement_comments", args=[agreement.pk]) + f"#review-{reviewer.request_id}"
    )
