"""Comments on a draft: threads per step (or per row of a step), replies, mentions, resolving.

Members of every party's organisation write comments. A thread is shared with all parties or
internal to the author's organisation; `visible_threads` is the one rule for who sees which
thread, and every page, the timeline and the API read threads through it. Comments never
appear in the print templates (PDF) or in the canonical document.

A thread belongs to the draft it was made on (`draft_number`: the version number the draft was
to become), so it stays with that draft after adoption and remains readable in the timeline.
Open threads block nothing: they show as counts on the progress indicator and as a warning in
the check.

Mentions are an explicit choice of people (a select, not parsed text): only people of the
agreement's parties, and for an internal thread only members of its organisation. Whoever is
mentioned, and for a reply everyone who took part in the thread and may still see it, is
notified; a notification never goes to someone who may not see the thread.
"""

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.audit import record_event
from accounts.models import AuditAction, Membership, Organisation, User
from agreements.discussion.anchors import anchor_choices
from agreements.document import vocabulary
from agreements.document.completeness import ADVICE, Finding
from agreements.document.outline import STEP_BY_SLUG
from agreements.lib.errors import field_error
from agreements.models import Agreement, Comment, CommentThread, CommentVisibility
from agreements.permissions import can_see_thread, visible_threads
from notifications.models import Kind
from notifications.sending import Message, notify

if TYPE_CHECKING:
    pass


class CommentError(StrEnum):
    """Why a comment cannot be written, or a thread not changed."""

    NOT_A_MEMBER = "not_a_member"
    NOT_A_PARTY = "not_a_party"
    CHOOSE_ORGANISATION = "choose_organisation"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_MENTIONABLE = "not_mentionable"
    DRAFT_CLOSED = "draft_closed"
    UNKNOWN_STEP = "unknown_step"
    UNKNOWN_VISIBILITY = "unknown_visibility"
    UNKNOWN_ANCHOR = "unknown_anchor"
    NOT_VISIBLE = "not_visible"
    EARLIER_DRAFT = "earlier_draft"
    UNCHANGED = "unchanged"
    NOT_THE_AUTHOR = "not_the_author"
    TOO_LATE = "too_late"


MAX_BODY = vocabulary.LONG_TEXT


def _draft_closed_message() -> str:
    return _("Deze afspraak heeft geen open concept; opmerkingen horen bij een concept.")


def current_draft_number(agreement: Agreement) -> int:
    """The version number the open draft will become (the latest version while none is open)."""
    # Read once per agreement object (a request's pages ask several times).
    cached = agreement.__dict__.get("_draft_number")
    if cached is None:
        latest = agreement.versions.aggregate(latest=Max("number"))["latest"] or 0
        cached = latest + 1 if agreement.draft_open or latest == 0 else latest
        agreement.__dict__["_draft_number"] = cached
    return cached


def readers_of(thread: CommentThread) -> QuerySet[User]:
    """Everyone who may read the thread: the same rule as `visible_threads`, per person."""
    memberships = Q(memberships__organisation__agreement_parties__agreement=thread.agreement_id)
    if thread.visibility == CommentVisibility.INTERNAL:
        memberships &= Q(memberships__organisation=thread.organisation_id)
    return User.objects.filter(memberships, is_active=True).distinct()


def mentionable_people(
    agreement: Agreement, organisation: Organisation | None = None
) -> QuerySet[Membership]:
    """The memberships whose people may be mentioned: of every party, or of one organisation."""
    memberships = Membership.objects.filter(
        organisation__agreement_parties__agreement=agreement, user__is_active=True
    )
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.select_related("user", "organisation").order_by(
        "organisation__name", "user__full_name", "user__email"
    )


def thread_url(thread: CommentThread) -> str:
    """The direct link to a thread, on the page every member of a party may open."""
    return reverse("agreement_comments", args=[thread.agreement_id]) + f"#thread-{thread.pk}"


# --- Writing --------------------------------------------------------------------------------------


def _author_organisation(
    user: User,
    agreement: Agreement,
    *,
    chosen: Organisation | None = None,
    must_choose: bool = False,
) -> Organisation:
    """The party organisation the user writes for: the chosen one, or their only one.

    Someone in several parties must choose for an internal thread (only that organisation
    reads it); a shared comment is labelled with the first by name unless they choose.
    """
    organisations = [
        membership.organisation
        for membership in Membership.objects.filter(
            user=user, user__is_active=True, organisation__agreement_parties__agreement=agreement
        )
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    if not organisations:
        raise ValidationError(
            _("Alleen leden van de partijen schrijven opmerkingen."), code=CommentError.NOT_A_MEMBER
        )
    if chosen is not None:
        if chosen not in organisations:
            raise field_error(
                "organisation", _("Kies een organisatie die partij is."), CommentError.NOT_A_PARTY
            )
        return chosen
    if must_choose and len(organisations) > 1:
        raise field_error(
            "organisation",
            _("Kies namens welke organisatie deze interne opmerking is."),
            CommentError.CHOOSE_ORGANISATION,
        )
    return organisations[0]


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise field_error("body", _("Schrijf een opmerking."), CommentError.EMPTY)
    if len(body) > MAX_BODY:
        raise field_error(
            "body",
            _("Een opmerking is hoogstens %(max)d tekens.") % {"max": MAX_BODY},
            CommentError.TOO_LONG,
        )
    return body


def _check_mentions(
    mentions: Iterable[User], agreement: Agreement, visibility: str, organisation: Organisation
) -> list[User]:
    """Only people of the parties; for an internal thread only its organisation's members."""
    mentions = list({user.pk: user for user in mentions}.values())
    if not mentions:
        return []
    internal = visibility == CommentVisibility.INTERNAL
    allowed = set(
        mentionable_people(agreement, organisation if internal else None).values_list(
            "user_id", flat=True
        )
    )
    refused = [user for user in mentions if user.pk not in allowed]
    if refused:
        names = ", ".join(sorted(user.full_name or user.email for user in refused))
        if internal:
            message = _(
                "In een interne opmerking kun je alleen collega's van %(organisation)s noemen, "
                "niet %(names)s."
            ) % {"organisation": organisation.name, "names": names}
        else:
            message = _(
                "Je kunt alleen mensen van de partijen bij deze afspraak noemen, niet %(names)s."
            ) % {"names": names}
        raise field_error("mentions", message, CommentError.NOT_MENTIONABLE)
    return mentions


def _lock_open_draft(agreement: Agreement) -> Agreement:
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not locked.draft_open:
        raise ValidationError(_draft_closed_message(), code=CommentError.DRAFT_CLOSED)
    return locked


def _add_comment(
    thread: CommentThread,
    acting_user: User,
    organisation: Organisation,
    body: str,
    mentions: list[User],
    created_at: datetime,
) -> Comment:
    comment = Comment.objects.create(
        thread=thread,
        author=acting_user,
        author_label=acting_user.full_name or acting_user.email,
        organisation=organisation,
        body=body,
        created_at=created_at,
    )
    comment.mentions.set(mentions)
    return comment


def _comment_changes(comment: Comment, mentions: list[User]) -> dict[str, list]:
    """What the audit trail records of a new comment."""
    return {
        "comment": [None, str(comment.pk)],
        "body": [None, comment.body],
        "mentions": [None, sorted(user.email for user in mentions)],
    }


def _notify_of_comment(
    comment: Comment,
    *,
    kind: Kind,
    recipients: list[User],
    message: str,
    actor: User,
    agreement_title: str,
) -> None:
    """Tell `recipients` of a new comment; `message` names the writer and the agreement."""
    notify(
        kind=kind,
        recipients=recipients,
        title=Message(message, {"name": actor.full_name, "title": agreement_title}),
        url=thread_url(comment.thread),
        key=f"comment:{comment.pk}:{kind.value}",  # ":mentioned", ":reply"
        actor=actor,
        body=comment.body,
    )


def _send_mentions(comment: Comment, mentions: list[User], actor: User) -> None:
    if not mentions:
        return
    thread = comment.thread
    # Defence in depth: only people who may read the thread hear about it.
    readers = set(
        readers_of(thread).filter(pk__in=[u.pk for u in mentions]).values_list("pk", flat=True)
    )
    _notify_of_comment(
        comment,
        kind=Kind.MENTIONED,
        recipients=[user for user in mentions if user.pk in readers],
        message=gettext_noop("%(name)s noemde je in een opmerking bij ‘%(title)s’"),
        actor=actor,
        agreement_title=thread.agreement.title,
    )


@transaction.atomic
def start_thread(
    *,
    agreement: Agreement,
    acting_user: User,
    step: str,
    body: str,
    visibility: str,
    anchor: str = "",
    mentions: Iterable[User] = (),
    organisation: Organisation | None = None,
) -> CommentThread:
    """Start a thread on a step (or one row of it) of the open draft, for `organisation` (the
    writer's party organisation; required of someone in several parties for an internal one)."""
    if step not in STEP_BY_SLUG:
        raise field_error("step", _("Kies een stap van de afspraak."), CommentError.UNKNOWN_STEP)
    if visibility not in CommentVisibility.values:
        raise field_error(
            "visibility", _("Kies gedeeld of intern."), CommentError.UNKNOWN_VISIBILITY
        )
    body = _clean_body(body)
    locked = _lock_open_draft(agreement)
    organisation = _author_organisation(
        acting_user,
        locked,
        chosen=organisation,
        must_choose=visibility == CommentVisibility.INTERNAL,
    )
    if anchor and anchor not in dict(anchor_choices(locked, step)):
        raise field_error(
            "anchor", _("Kies een onderdeel van deze stap."), CommentError.UNKNOWN_ANCHOR
        )
    mentions = _check_mentions(mentions, locked, visibility, organisation)
    now = timezone.now()
    thread = CommentThread.objects.create(
        agreement=locked,
        step=step,
        anchor=anchor,
        visibility=visibility,
        organisation=organisation,
        draft_number=current_draft_number(locked),
        started_by=acting_user,
        created_at=now,
    )
    comment = _add_comment(thread, acting_user, organisation, body, mentions, now)
    record_event(
        actor=acting_user,
        action=AuditAction.COMMENT_THREAD_STARTED,
        target=thread,
        organisation=organisation,
        changes={
            "agreement": [None, str(locked.pk)],
            "step": [None, step],
            "anchor": [None, anchor],
            "visibility": [None, visibility],
            "draft_number": [None, thread.draft_number],
            **_comment_changes(comment, mentions),
        },
    )
    _send_mentions(comment, mentions, acting_user)
    return thread


def _lock_thread(
    thread: CommentThread, acting_user: User, earlier_draft: str
) -> tuple[Agreement, CommentThread]:
    """The agreement and the thread, locked, for a change to a thread of the open draft that the
    user may see (`earlier_draft` says why a thread of an earlier draft cannot be changed)."""
    locked = _lock_open_draft(thread.agreement)
    thread = CommentThread.objects.select_for_update().get(pk=thread.pk)
    if not can_see_thread(acting_user, thread):
        raise ValidationError(
            _("Deze opmerking bestaat niet of is niet voor jou zichtbaar."),
            code=CommentError.NOT_VISIBLE,
        )
    if thread.draft_number != current_draft_number(locked):
        raise ValidationError(earlier_draft, code=CommentError.EARLIER_DRAFT)
    return locked, thread


def _thread_organisation(thread: CommentThread, user: User, agreement: Agreement) -> Organisation:
    """The organisation a change to a thread is made for: an internal thread's own (its events
    stay in that organisation's trail), else the user's party organisation."""
    if thread.visibility == CommentVisibility.INTERNAL:
        return thread.organisation
    return _author_organisation(user, agreement)


@transaction.atomic
def reply(
    *, thread: CommentThread, acting_user: User, body: str, mentions: Iterable[User] = ()
) -> Comment:
    """Reply in a thread the user may see; its participants are told."""
    body = _clean_body(body)
    locked, thread = _lock_thread(
        thread, acting_user, _("Deze draad hoort bij een eerder concept; begin een nieuwe.")
    )
    organisation = _thread_organisation(thread, acting_user, locked)
    mentions = _check_mentions(mentions, locked, thread.visibility, thread.organisation)
    comment = _add_comment(thread, acting_user, organisation, body, mentions, timezone.now())
    record_event(
        actor=acting_user,
        action=AuditAction.COMMENT_REPLIED,
        target=thread,
        organisation=organisation,
        changes=_comment_changes(comment, mentions),
    )
    _send_mentions(comment, mentions, acting_user)
    participants = set(
        Comment.objects.filter(thread=thread).exclude(author=None).values_list("author", flat=True)
    )
    participants.discard(acting_user.pk)
    participants -= {user.pk for user in mentions}
    recipients = list(readers_of(thread).filter(pk__in=participants))
    if recipients:
        _notify_of_comment(
            comment,
            kind=Kind.REPLY,
            recipients=recipients,
            message=gettext_noop("%(name)s reageerde op een opmerking bij ‘%(title)s’"),
            actor=acting_user,
            agreement_title=locked.title,
        )
    return comment


def _set_resolved(thread: CommentThread, acting_user: User, resolved: bool) -> CommentThread:
    locked, thread = _lock_thread(
        thread, acting_user, _("Deze draad hoort bij een eerder concept.")
    )
    if thread.is_resolved == resolved:
        raise ValidationError(
            _("Deze draad is al afgehandeld.") if resolved else _("Deze draad is al open."),
            code=CommentError.UNCHANGED,
        )
    before = thread.resolved_at.isoformat() if thread.resolved_at else None
    resolved_at = timezone.now() if resolved else None
    thread.resolved_at = resolved_at
    thread.resolved_by = acting_user if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    record_event(
        actor=acting_user,
        action=AuditAction.COMMENT_THREAD_RESOLVED
        if resolved
        else AuditAction.COMMENT_THREAD_REOPENED,
        target=thread,
        organisation=_thread_organisation(thread, acting_user, locked),
        changes={
            "resolved_at": [before, resolved_at.isoformat() if resolved_at else None],
        },
    )
    return thread


@transaction.atomic
def resolve_thread(*, thread: CommentThread, acting_user: User) -> CommentThread:
    """Mark a thread resolved (afgehandeld): any member who may see it does so."""
    return _set_resolved(thread, acting_user, True)


@transaction.atomic
def reopen_thread(*, thread: CommentThread, acting_user: User) -> CommentThread:
    """Open a resolved thread again."""
    return _set_resolved(thread, acting_user, False)


# --- Reading --------------------------------------------------------------------------------------


def open_counts(user: User, agreement: Agreement) -> dict[str, int]:
    """Open threads of the open draft per step that the user may see: one grouped query."""
    rows = (
        visible_threads(user, agreement)
        .filter(resolved_at__isnull=True, draft_number=current_draft_number(agreement))
        .order_by()
        .values("step")
        .annotate(count=Count("id"))
    )
    return {row["step"]: row["count"] for row in rows}


def thread_findings(counts: dict[str, int]) -> list[Finding]:
    """Unresolved threads as warnings (advice) of the check: they never block adoption."""
    return [
        Finding(
            step,
            "open_threads",
            ngettext(
                "%(count)d open opmerking in deze stap.",
                "%(count)d open opmerkingen in deze stap.",
                count,
            )
            % {"count": count},
            ADVICE,
            "comments",
        )
        for step, count in counts.items()
        if count and step in STEP_BY_SLUG
    ]


def threads_for_page(
    user: User,
    agreement: Agreement,
    *,
    step: str | None = None,
    draft_number: int | None = None,
    before_draft: int | None = None,
) -> list[CommentThread]:
    """The visible threads (of one step; of one draft, or of the drafts before one) with
    comments and mentions loaded."""
    threads = visible_threads(user, agreement).select_related("organisation", "resolved_by")
    if step is not None:
        threads = threads.filter(step=step)
    if draft_number is not None:
        threads = threads.filter(draft_number=draft_number)
    if before_draft is not None:
        threads = threads.filter(draft_number__lt=before_draft)
    return list(
        threads.prefetch_related(
            Prefetch(
                "comments",
                Comment.objects.select_related("organisation").prefetch_related("mentions"),
            )
            # Open threads first on every database (PostgreSQL sorts NULL last, SQLite first).
        ).order_by("draft_number", F("resolved_at").asc(nulls_first=True), "created_at")
    )
