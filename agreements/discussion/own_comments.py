"""Changing or deleting one's own comment, within EDIT_WINDOW of writing it (audited).

Kept apart from `comments.py` (writing and reading threads); both share its locks and rules.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import AuditAction, User
from agreements.discussion.comments import (
    CommentError,
    _clean_body,
    _lock_thread,
    _thread_organisation,
)
from agreements.models import Agreement, Comment, CommentThread

# How long after writing it a person may still change or delete their own comment: long enough
# to mend a slip, short enough that a reply does not come to hang on words that changed.
EDIT_WINDOW = timedelta(minutes=15)


def can_change(comment: Comment, user: User, now: datetime | None = None) -> bool:
    """Whether `user` may still change or delete `comment`: their own, within EDIT_WINDOW."""
    now = now or timezone.now()
    return comment.author_id == user.pk and now - comment.created_at <= EDIT_WINDOW


def _lock_own_comment(
    comment: Comment, acting_user: User
) -> tuple[Agreement, CommentThread, Comment]:
    locked, thread = _lock_thread(
        comment.thread, acting_user, _("Deze opmerking hoort bij een eerder concept.")
    )
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != acting_user.pk:
        raise ValidationError(
            _("Je kunt alleen je eigen opmerkingen wijzigen of verwijderen."),
            code=CommentError.NOT_THE_AUTHOR,
        )
    if not can_change(comment, acting_user):
        raise ValidationError(
            _(
                "Een opmerking kun je tot %(minutes)d minuten na het plaatsen wijzigen of "
                "verwijderen; schrijf nu een reactie."
            )
            % {"minutes": EDIT_WINDOW.seconds // 60},
            code=CommentError.TOO_LATE,
        )
    return locked, thread, comment


@transaction.atomic
def edit_comment(*, comment: Comment, acting_user: User, body: str) -> Comment:
    """Change the text of one's own comment, within EDIT_WINDOW of writing it (audited, with
    the text before and after)."""
    body = _clean_body(body)
    locked, thread, comment = _lock_own_comment(comment, acting_user)
    if body == comment.body:
        raise ValidationError(_("De tekst is niet veranderd."), code=CommentError.UNCHANGED)
    before = comment.body
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    record_event(
        actor=acting_user,
        action=AuditAction.COMMENT_EDITED,
        target=thread,
        organisation=_thread_organisation(thread, acting_user, locked),
        changes={"comment": [None, str(comment.pk)], "body": [before, body]},
    )
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, acting_user: User) -> CommentThread | None:
    """Delete one's own comment, within EDIT_WINDOW of writing it (audited, with its text).
    A thread left without comments goes too; returns the thread if it remains."""
    locked, thread, comment = _lock_own_comment(comment, acting_user)
    organisation = _thread_organisation(thread, acting_user, locked)
    record_event(
        actor=acting_user,
        action=AuditAction.COMMENT_DELETED,
        target=thread,
        organisation=organisation,
        changes={"comment": [str(comment.pk), None], "body": [comment.body, None]},
    )
    comment.delete()
    if not thread.comments.exists():
        thread.delete()
        return None
    return thread
