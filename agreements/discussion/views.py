"""Comments and review rounds on a draft: the Overleg page, the step panels and their POSTs.

Every member of a party opens the Overleg page (`agreement_comments`); opstellers also see each
step's threads in a panel on the builder step. Each POST view validates one form, calls one
domain function (`comments.py`, `reviews.py`) and redirects to the thread; bad input shows the
Overleg page again with the Dutch error next to what was typed (status 200).
"""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import User
from agreements import permissions
from agreements.discussion import anchors, comments, own_comments, reviews
from agreements.discussion.forms import (
    EditCommentForm,
    ReplyForm,
    ReviewAnswerForm,
    ReviewRequestForm,
    StartThreadForm,
    ThreadActionForm,
    people_choices,
)
from agreements.document.outline import STEP_BY_SLUG, STEPS
from agreements.models import (
    Agreement,
    Comment,
    CommentThread,
    CommentVisibility,
    Party,
)
from agreements.permissions import can_edit, get_agreement_for_user


@dataclass
class CommentEntry:
    """A comment as shown: with the form to change it while its author still may."""

    comment: Comment
    edit_form: EditCommentForm | None = None


@dataclass
class ThreadItem:
    thread: CommentThread
    anchor_label: str
    reply_form: ReplyForm | None = None
    entries: list[CommentEntry] = field(default_factory=list)


@dataclass
class RowComments:
    """What a row of a step shows of its threads: how many, how many open, the first."""

    count: int = 0
    open: int = 0
    first: Any = None


@dataclass
class StepSection:
    step: Any
    threads: list[ThreadItem] = field(default_factory=list)
    start_form: StartThreadForm | None = None
    open_new: bool = False  # the new-comment form shown unfolded (a row's link asked for it)

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.threads if not item.thread.is_resolved)

    def by_anchor(self) -> dict[str, RowComments]:
        rows: dict[str, RowComments] = {}
        for item in self.threads:
            if item.thread.anchor:
                row = rows.setdefault(item.thread.anchor, RowComments(first=item.thread.pk))
                row.count += 1
                row.open += not item.thread.is_resolved
        return rows


@dataclass
class Failed:
    """A form that did not validate, to show again in its place with what was typed."""

    kind: str  # "start", "reply", "review", "answer"
    key: str  # the step slug, thread id or reviewer id
    form: Any


class _People:
    """The agreement's party members, read once, as choices for everyone or one organisation."""

    def __init__(self, agreement: Agreement):
        self.memberships = list(comments.mentionable_people(agreement))

    @classmethod
    def for_agreement(cls, agreement: Agreement) -> "_People":
        """Read once per agreement object: one page builds several forms from it."""
        if "_people" not in agreement.__dict__:
            agreement.__dict__["_people"] = cls(agreement)
        return agreement.__dict__["_people"]

    def all(self) -> list:
        return people_choices(self.memberships)

    def of(self, organisation_id) -> list:
        return people_choices(m for m in self.memberships if m.organisation_id == organisation_id)

    def organisations_of(self, user: User) -> list[tuple[str, str]]:
        """The party organisations the user writes for, as choices (sorted by name)."""
        return sorted(
            (
                (str(m.organisation_id), m.organisation.name)
                for m in self.memberships
                if m.user_id == user.pk
            ),
            key=lambda choice: choice[1],
        )

    def organisation(self, organisation_id: str | None):
        """The chosen party organisation, or None."""
        return next(
            (m.organisation for m in self.memberships if str(m.organisation_id) == organisation_id),
            None,
        )


def _start_url(agreement: Agreement) -> str:
    return reverse("comment_thread_start", args=[agreement.pk])


def _sections(
    request: AuthenticatedRequest,
    agreement: Agreement,
    steps,
    *,
    back: str,
    failed: Failed | None = None,
    about: str = "",
) -> list[StepSection]:
    """The threads of the open draft per step, with the forms a member may use (`about`: the
    row a new comment is asked for, preselected)."""
    user = request.user
    draft = comments.current_draft_number(agreement)
    slugs = [step.slug for step in steps]
    threads = comments.threads_for_page(
        user, agreement, step=slugs[0] if len(slugs) == 1 else None, draft_number=draft
    )
    # Forms only while the draft is open.
    people = _People.for_agreement(agreement) if agreement.draft_open else None
    reply_url = reverse("comment_reply", args=[agreement.pk])
    edit_url = reverse("comment_edit", args=[agreement.pk])
    now = timezone.now()
    sections = []
    for step in steps:
        choices = anchors.anchor_choices(agreement, step.slug)
        labels = dict(choices)
        section = StepSection(step)
        for thread in threads:
            if thread.step != step.slug:
                continue
            item = ThreadItem(thread, anchors.anchor_label(thread.anchor, labels))
            for comment in thread.comments.all():
                entry = CommentEntry(comment)
                if people is not None and own_comments.can_change(comment, user, now):
                    if failed and failed.kind == "edit" and failed.key == str(comment.pk):
                        entry.edit_form = failed.form
                    else:
                        entry.edit_form = EditCommentForm(
                            initial={"body": comment.body},
                            action=edit_url,
                            comment_id=comment.pk,
                            back=back,
                        )
                item.entries.append(entry)
            if people is not None:
                if failed and failed.kind == "reply" and failed.key == str(thread.pk):
                    item.reply_form = failed.form
                else:
                    item.reply_form = ReplyForm(
                        action=reply_url,
                        people=people.of(thread.organisation_id)
                        if thread.visibility == CommentVisibility.INTERNAL
                        else people.all(),
                        thread_id=thread.pk,
                        back=back,
                    )
            section.threads.append(item)
        if people is not None:
            if failed and failed.kind == "start" and failed.key == step.slug:
                section.start_form = failed.form
            else:
                section.open_new = about in labels
                section.start_form = StartThreadForm(
                    initial={"anchor": about} if section.open_new else {},
                    action=_start_url(agreement),
                    people=people.all(),
                    organisations=people.organisations_of(user),
                    anchors=choices,
                    step=step.slug,
                    back=back,
                )
        sections.append(section)
    return sections


def step_panel(
    request: AuthenticatedRequest, agreement: Agreement, step_slug: str
) -> dict[str, Any]:
    """The context of a builder step's comments panel (threads of that step only) and of the
    rows' links to it (?over=<anchor> opens the new comment on that row)."""
    sections = _sections(
        request,
        agreement,
        [STEP_BY_SLUG[step_slug]],
        back="stap",
        about=request.GET.get("over", ""),
    )
    return {
        "comment_sections": sections,
        "row_comments": sections[0].by_anchor(),
        "can_comment": sections[0].start_form is not None,
        "comments_url": reverse("agreement_comments", args=[agreement.pk]),
    }


def review_context(
    request: AuthenticatedRequest,
    agreement: Agreement,
    failed: Failed | None = None,
    *,
    editor: bool | None = None,
) -> dict[str, Any]:
    """The review rounds of the open draft, who answered what, and the forms one may use
    (`editor`: whether the user may edit, when the caller knows already)."""
    user = request.user
    if editor is None:
        editor = can_edit(user, agreement)
    draft = comments.current_draft_number(agreement)
    rounds = reviews.review_rounds(agreement, draft)
    all_reviewers = [reviewer for round_ in rounds for reviewer in round_.reviewers.all()]
    mine = reviews.answerable_by(user, all_reviewers)
    answer_url = reverse("review_answer", args=[agreement.pk])
    answer_forms = {}
    if agreement.draft_open:
        for reviewer in all_reviewers:
            if reviewer.pk in mine:
                if failed and failed.kind == "answer" and failed.key == str(reviewer.pk):
                    answer_forms[reviewer.pk] = failed.form
                else:
                    answer_forms[reviewer.pk] = ReviewAnswerForm(
                        action=answer_url,
                        reviewer_id=reviewer.pk,
                        initial={"answer": reviewer.answer, "comment": reviewer.comment},
                    )
    request_form = None
    if agreement.draft_open and editor:
        if failed and failed.kind == "review":
            request_form = failed.form
        else:
            request_form = review_request_form(agreement)
    return {
        "review_rounds": [
            (round_, [(r, answer_forms.get(r.pk)) for r in round_.reviewers.all()])
            for round_ in rounds
        ],
        "review_request_form": request_form,
        "reviews_outstanding": sum(1 for r in all_reviewers if not r.answer),
    }


def review_request_form(agreement: Agreement, data=None) -> ReviewRequestForm:
    """The form asking people or parties to read the draft (also for review_views)."""
    return ReviewRequestForm(
        data,
        action=reverse("review_request", args=[agreement.pk]),
        people=_People.for_agreement(agreement).all(),
        parties=[
            party.organisation
            for party in Party.objects.filter(agreement=agreement)
            .select_related("organisation")
            .order_by("position", "organisation__name")
        ],
    )


def comments_page(
    request: AuthenticatedRequest, agreement: Agreement, failed: Failed | None = None
) -> HttpResponse:
    """The Overleg page; `failed`: a form that did not validate, shown again in its place."""
    draft = comments.current_draft_number(agreement)
    editor = can_edit(request.user, agreement)
    earlier = comments.threads_for_page(request.user, agreement, before_draft=draft)
    return render(
        request,
        "agreements/comments/page.html",
        {
            "agreement": agreement,
            "draft_number": draft,
            "can_edit": editor,
            "comment_sections": _sections(request, agreement, STEPS, back="overleg", failed=failed),
            "earlier_threads": earlier,
            "failed": failed,
            **review_context(request, agreement, failed, editor=editor),
        },
    )


@login_required
def agreement_comments(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Every visible thread of the draft, per step, and the review round: for every member."""
    return comments_page(request, get_agreement_for_user(request, agreement_id))


def back_to(request: AuthenticatedRequest, agreement: Agreement, step: str, anchor: str, back: str):
    """To the builder step for an opsteller who came from there, else to the Overleg page."""
    if (
        back == "stap"
        and step in STEP_BY_SLUG
        and agreement.draft_open
        and can_edit(request.user, agreement)
    ):
        url = reverse("agreement_step", args=[agreement.pk, step])
    else:
        url = reverse("agreement_comments", args=[agreement.pk])
    return redirect(f"{url}#{anchor}")


def users_by_id(ids) -> list[User]:
    """The users with these ids (posted values; anything not a number is left out)."""
    return list(User.objects.filter(pk__in=[int(i) for i in ids if str(i).isdigit()]))


def add_form_errors(form, error: ValidationError) -> None:
    """A domain function's ValidationError on the form: on its field, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _visible_thread(
    request: AuthenticatedRequest, agreement: Agreement, thread_id
) -> CommentThread:
    return get_object_or_404(permissions.visible_threads(request.user, agreement), pk=thread_id)


@login_required
@require_POST
def comment_thread_start(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Start a thread on a step (or one of its rows)."""
    agreement = get_agreement_for_user(request, agreement_id)
    step = request.POST.get("step", "")
    step = step if step in STEP_BY_SLUG else STEPS[0].slug
    people = _People.for_agreement(agreement)
    form = StartThreadForm(
        request.POST,
        action=_start_url(agreement),
        people=people.all(),
        organisations=people.organisations_of(request.user),
        anchors=anchors.anchor_choices(agreement, step),
        step=step,
        back=request.POST.get("back", ""),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            thread = comments.start_thread(
                agreement=agreement,
                acting_user=request.user,
                step=data["step"],
                body=data["body"],
                visibility=data["visibility"],
                anchor=data.get("anchor") or "",
                mentions=users_by_id(data["mentions"]),
                organisation=people.organisation(data.get("organisation")),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Je opmerking is geplaatst."))
            return back_to(request, agreement, thread.step, f"thread-{thread.pk}", data["back"])
    return comments_page(request, agreement, Failed("start", step, form))


@login_required
@require_POST
def comment_reply(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Reply in a thread."""
    agreement = get_agreement_for_user(request, agreement_id)
    action = ThreadActionForm(request.POST)
    if not action.is_valid():
        messages.error(request, _("Kies de opmerking waarop je reageert."))
        return comments_page(request, agreement)
    thread = _visible_thread(request, agreement, action.cleaned_data["thread"])
    people = _People.for_agreement(agreement)
    form = ReplyForm(
        request.POST,
        action=reverse("comment_reply", args=[agreement.pk]),
        people=people.of(thread.organisation_id)
        if thread.visibility == CommentVisibility.INTERNAL
        else people.all(),
        thread_id=thread.pk,
        back=action.cleaned_data["back"],
    )
    if form.is_valid():
        try:
            comments.reply(
                thread=thread,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                mentions=users_by_id(form.cleaned_data["mentions"]),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Je reactie is geplaatst."))
            return back_to(
                request, agreement, thread.step, f"thread-{thread.pk}", form.cleaned_data["back"]
            )
    return comments_page(request, agreement, Failed("reply", str(thread.pk), form))


def _thread_action(
    request: AuthenticatedRequest, agreement_id: UUID, resolve: bool
) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_id)
    form = ThreadActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies de opmerking die je wilt afhandelen of heropenen."))
        return redirect("agreement_comments", agreement_id=agreement.pk)
    thread = _visible_thread(request, agreement, form.cleaned_data["thread"])
    change = comments.resolve_thread if resolve else comments.reopen_thread
    try:
        change(thread=thread, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("De draad is afgehandeld.") if resolve else _("De draad is weer open.")
        )
    return back_to(
        request, agreement, thread.step, f"thread-{thread.pk}", form.cleaned_data["back"]
    )


@login_required
@require_POST
def comment_resolve(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Mark a thread resolved."""
    return _thread_action(request, agreement_id, resolve=True)


@login_required
@require_POST
def comment_reopen(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Open a resolved thread again."""
    return _thread_action(request, agreement_id, resolve=False)


def check_context(request: AuthenticatedRequest, agreement: Agreement, steps: list[dict]) -> dict:
    """The check page: open threads per step as warnings, its own panel and the review round."""
    counts = {item["step"].slug: item["open_threads"] for item in steps}
    return {
        "thread_warnings": comments.thread_findings(counts),
        **step_panel(request, agreement, "controle"),
        **review_context(request, agreement),
    }


def adopt_context(request: AuthenticatedRequest, agreement: Agreement) -> dict:
    """What the adopt page shows but does not wait for: open threads and unanswered reviews."""
    draft = comments.current_draft_number(agreement)
    return {
        "open_threads": sum(comments.open_counts(request.user, agreement).values()),
        "reviews_outstanding": list(reviews.outstanding(agreement, draft)),
        "comments_url": reverse("agreement_comments", args=[agreement.pk]),
    }
