"""Review rounds: an editor asks named people or whole parties to read a draft by a date.

Each reviewer answers "akkoord" or "opmerkingen" (with the remarks); the draft shows who has
answered what. A named person answers for themselves; for a whole party any member of its
organisation answers on its behalf (who did is recorded), and the party's opstellers are the
ones notified. A round belongs to the draft it was asked on (`draft_number`); adoption never
waits for it, the adopt page only shows what is outstanding. Review rounds and their answers are
shared with every party, like the draft itself.
"""

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import record_event
from accounts.models import AuditAction, Membership, Organisation, Role, User
from agreements.discussion.comments import MAX_BODY, current_draft_number, mentionable_people
from agreements.lib.errors import field_error
from agreements.models import Agreement, Party, ReviewAnswer, Reviewer, ReviewRequest
from agreements.permissions import acting_organisation, can_edit, may_answer_review
from notifications.models import Kind
from notifications.sending import Message, notify


class ReviewError(StrEnum):
    """Why a review cannot be asked for or answered."""

    NOT_ALLOWED = "not_allowed"
    NO_DRAFT = "no_open_draft"
    NOBODY = "nobody_asked"
    PAST_DATE = "past_date"
    TOO_LONG = "too_long"
    NOT_A_MEMBER = "not_a_member"
    NOT_A_PARTY = "not_a_party"
    NOT_ASKED = "not_asked"
    ADOPTED = "draft_adopted"
    NO_ANSWER = "no_answer"
    NO_REMARKS = "no_remarks"


def review_url(request: ReviewRequest) -> str:
    return reverse("agreement_comments", args=[request.agreement_id]) + f"#review-{request.pk}"


@transaction.atomic
def request_review(
    *,
    agreement: Agreement,
    acting_user: User,
    due_date: date,
    reviewers: Iterable[User] = (),
    parties: Iterable[Organisation] = (),
    note: str = "",
) -> ReviewRequest:
    """Ask people (of the parties) and/or whole parties to review the open draft by a date."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not can_edit(acting_user, locked):
        raise ValidationError(
            _("Alleen opstellers van de partijen vragen om een review."),
            code=ReviewError.NOT_ALLOWED,
        )
    if not locked.draft_open:
        raise ValidationError(
            _("Er is geen open concept om te laten lezen."), code=ReviewError.NO_DRAFT
        )
    reviewers = list({user.pk: user for user in reviewers}.values())
    parties = list({organisation.pk: organisation for organisation in parties}.values())
    if not reviewers and not parties:
        raise ValidationError(_("Kies minstens één persoon of partij."), code=ReviewError.NOBODY)
    if due_date < timezone.localdate():
        raise field_error("due_date", _("Kies een datum vanaf vandaag."), ReviewError.PAST_DATE)
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_BODY:
        raise field_error(
            "note", _("Hoogstens %(max)d tekens.") % {"max": MAX_BODY}, ReviewError.TOO_LONG
        )
    allowed_people = set(mentionable_people(locked).values_list("user_id", flat=True))
    refused = [user for user in reviewers if user.pk not in allowed_people]
    if refused:
        raise field_error(
            "reviewers",
            _("Alleen mensen van de partijen kunnen meelezen, niet %(names)s.")
            % {"names": ", ".join(sorted(user.full_name or user.email for user in refused))},
            ReviewError.NOT_A_MEMBER,
        )
    party_ids = set(
        Party.objects.filter(agreement=locked).values_list("organisation_id", flat=True)
    )
    if any(organisation.pk not in party_ids for organisation in parties):
        raise field_error(
            "parties", _("Kies alleen partijen bij deze afspraak."), ReviewError.NOT_A_PARTY
        )
    organisation = acting_organisation(acting_user, locked)
    # can_edit above: the user is an opsteller of one of the parties.
    assert organisation is not None  # noqa: S101
    review = ReviewRequest.objects.create(
        agreement=locked,
        draft_number=current_draft_number(locked),
        requested_by=acting_user,
        requested_by_label=acting_user.full_name or acting_user.email,
        organisation=organisation,
        due_date=due_date,
        note=note,
        created_at=timezone.now(),
    )
    Reviewer.objects.bulk_create(
        [Reviewer(request=review, user=user) for user in reviewers]
        + [Reviewer(request=review, organisation=party) for party in parties]
    )
    record_event(
        actor=acting_user,
        action=AuditAction.REVIEW_REQUESTED,
        target=review,
        organisation=organisation,
        changes={
            "agreement": [None, str(locked.pk)],
            "draft_number": [None, review.draft_number],
            "due_date": [None, due_date.isoformat()],
            "reviewers": [None, sorted(user.email for user in reviewers)],
            "parties": [None, sorted(party.name for party in parties)],
            "note": [None, note],
        },
    )
    # For a whole party, its opstellers are told (they draft for it and share the work).
    editors = User.objects.filter(
        memberships__organisation__in=parties, memberships__role=Role.OPSTELLER
    )
    title = Message(
        gettext_noop("%(name)s vraagt je ‘%(title)s’ te lezen vóór %(date)s"),
        {"name": acting_user.full_name, "title": locked.title, "date": due_date.isoformat()},
    )
    notify(
        kind=Kind.REVIEW_REQUESTED,
        recipients=[*reviewers, *editors],
        title=title,
        url=review_url(review),
        key=f"review:{review.pk}",
        actor=acting_user,
        body=note,
    )
    return review


@transaction.atomic
def answer_review(
    *, reviewer: Reviewer, acting_user: User, answer: str, comment: str = ""
) -> Reviewer:
    """Answer "akkoord" or "opmerkingen" (with remarks); an answer can be changed later."""
    locked = Agreement.objects.select_for_update().get(pk=reviewer.request.agreement_id)
    reviewer = Reviewer.objects.select_related("request").get(pk=reviewer.pk)
    if not may_answer_review(acting_user, reviewer):
        raise ValidationError(
            _("Deze vraag om te lezen is niet aan jou gesteld."), code=ReviewError.NOT_ASKED
        )
    if not locked.draft_open or reviewer.request.draft_number != current_draft_number(locked):
        raise ValidationError(
            _("Dit concept is al vastgesteld; antwoorden kan niet meer."), code=ReviewError.ADOPTED
        )
    if answer not in ReviewAnswer.values:
        raise field_error("answer", _("Kies akkoord of opmerkingen."), ReviewError.NO_ANSWER)
    comment = (comment or "").replace("\x00", "").strip()
    if answer == ReviewAnswer.OPMERKINGEN and not comment:
        raise field_error("comment", _("Schrijf je opmerkingen erbij."), ReviewError.NO_REMARKS)
    if len(comment) > MAX_BODY:
        raise field_error(
            "comment", _("Hoogstens %(max)d tekens.") % {"max": MAX_BODY}, ReviewError.TOO_LONG
        )
    before = {"answer": reviewer.answer or None, "comment": reviewer.comment or None}
    reviewer.answer = answer
    reviewer.comment = comment
    reviewer.answered_by = acting_user
    reviewer.answered_at = timezone.now()
    reviewer.save(update_fields=["answer", "comment", "answered_by", "answered_at"])
    record_event(
        actor=acting_user,
        action=AuditAction.REVIEW_ANSWERED,
        target=reviewer.request,
        organisation=reviewer.organisation or acting_organisation(acting_user, locked),
        changes={
            "reviewer": [None, str(reviewer.pk)],
            "answer": [before["answer"], answer],
            "comment": [before["comment"], comment or None],
        },
    )
    return reviewer


def review_rounds(agreement: Agreement, draft_number: int) -> list[ReviewRequest]:
    """The review rounds of one draft, with their reviewers (two queries)."""
    return list(
        ReviewRequest.objects.filter(agreement=agreement, draft_number=draft_number)
        .prefetch_related(
            Prefetch(
                "reviewers",
                Reviewer.objects.select_related("user", "organisation", "answered_by"),
            )
        )
        .order_by("created_at")
    )


def outstanding(agreement: Agreement, draft_number: int) -> QuerySet[Reviewer]:
    """Who has not answered yet in the rounds of this draft."""
    return (
        Reviewer.objects.filter(
            request__agreement=agreement, request__draft_number=draft_number, answer=""
        )
        .select_related("user", "organisation", "request")
        .order_by("request__due_date", "organisation__name", "user__full_name")
    )


def answerable_by(user: User, reviewers: Iterable[Reviewer]) -> set:
    """The ids of the reviewers (rows) this user may answer for: one query at most."""
    reviewers = list(reviewers)
    own = set()
    if any(reviewer.organisation_id for reviewer in reviewers) and user.is_authenticated:
        own = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return {
        reviewer.pk
        for reviewer in reviewers
        if (reviewer.user_id is not None and reviewer.user_id == user.pk)
        or (reviewer.organisation_id is not None and reviewer.organisation_id in own)
    }
