"""Changing or deleting one's own comment within the edit window (`own_comments.py`)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from agreements import permissions
from agreements.discussion import own_comments
from agreements.discussion.forms import (
    CommentActionForm,
    EditCommentForm,
)
from agreements.discussion.views import Failed, add_form_errors, back_to, comments_page
from agreements.models import (
    Agreement,
    Comment,
)
from agreements.permissions import get_agreement_for_user


def _visible_comment(request: AuthenticatedRequest, agreement: Agreement, comment_id) -> Comment:
    """A comment of a thread the user may see (404 otherwise); whether it is theirs to change
    is own_comments' to say."""
    return get_object_or_404(
        Comment.objects.select_related("thread").filter(
            thread__in=permissions.visible_threads(request.user, agreement)
        ),
        pk=comment_id,
    )


@login_required
@require_POST
def comment_edit(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Change one's own comment within the edit window."""
    agreement = get_agreement_for_user(request, agreement_id)
    comment_id = request.POST.get("comment", "")
    form = EditCommentForm(request.POST, action=request.path, comment_id=comment_id, back="overleg")
    if not form.is_valid() and "comment" in form.errors:
        messages.error(request, _("Kies de opmerking die je wilt wijzigen."))
        return redirect("agreement_comments", agreement_id=agreement.pk)
    comment = _visible_comment(request, agreement, form.cleaned_data["comment"])
    if form.is_valid():
        try:
            own_comments.edit_comment(
                comment=comment, acting_user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Je opmerking is gewijzigd."))
            return back_to(
                request,
                agreement,
                comment.thread.step,
                f"thread-{comment.thread_id}",
                form.cleaned_data["back"],
            )
    return comments_page(request, agreement, Failed("edit", str(comment.pk), form))


@login_required
@require_POST
def comment_delete(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Delete one's own comment within the edit window (a thread left empty goes too)."""
    agreement = get_agreement_for_user(request, agreement_id)
    form = CommentActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies de opmerking die je wilt verwijderen."))
        return redirect("agreement_comments", agreement_id=agreement.pk)
    comment = _visible_comment(request, agreement, form.cleaned_data["comment"])
    step, thread_id = comment.thread.step, comment.thread_id
    try:
        remaining = own_comments.delete_comment(comment=comment, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        remaining = comment.thread
    else:
        messages.success(request, _("Je opmerking is verwijderd."))
    anchor = f"thread-{thread_id}" if remaining is not None else "comments"
    return back_to(request, agreement, step, anchor, form.cleaned_data["back"])
