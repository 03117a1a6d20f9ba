"""A builder step's page: saving what was posted (merged with others' saves) and showing the
step, with its progress, findings, conflicts, presence and comments.

The step view and the pages that post the step's form along with something else (adding a
party, a new partner, an invitation) all save and show the step through here, so nothing
typed on the step is lost on the way.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.http import AuthenticatedRequest
from accounts.search import clean_query, matching_organisations
from accounts.templatetags.error_summary import has_errors
from agreements.discussion import comments
from agreements.discussion import views as comment_views
from agreements.document.build import build_document, load_agreement
from agreements.document.completeness import check_document
from agreements.document.outline import STEP_BY_SLUG, STEPS, Step
from agreements.drafting import builder, editing, presence
from agreements.drafting.pages import Page
from agreements.models import Agreement

# A conflict's answers: (value, for a field, for a whole row).
CONFLICT_CHOICES = [
    (
        "mine",
        gettext_lazy("Mijn waarde houden, of zoals ik die in het formulier bewerk"),
        gettext_lazy("Mijn keuze houden"),
    ),
    ("theirs", gettext_lazy("Hun waarde overnemen"), gettext_lazy("Hun keuze overnemen")),
]


# A step's status in the task list, by the draft's state (docs/design.md, "The builder as a
# task list"): its code (a CSS modifier and what tests read) and its Dutch name.
NOT_STARTED, INCOMPLETE, DONE, ERRORS = "niet-begonnen", "onvolledig", "gereed", "fouten"
STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("Niet begonnen"),
    INCOMPLETE: gettext_lazy("Onvolledig"),
    DONE: gettext_lazy("Gereed"),
    ERRORS: gettext_lazy("Fouten"),
}


# What starting the agreement or adding a party gives a step, not filled in on the step itself.
_GIVEN = {"title", "key", "organisation"}


def _is_empty(value: Any) -> bool:
    """Nothing filled in: no text, no number, no row, no choice made (a box left unticked);
    the title, a row's id and a party's organisation do not count."""
    if isinstance(value, dict):
        return all(_is_empty(each) for key, each in value.items() if key not in _GIVEN)
    if isinstance(value, list | tuple):
        return all(_is_empty(each) for each in value)
    return value is None or value is False or value == ""


def step_status(step: Step, document: dict, findings: list, *, refused: bool = False) -> str:
    """Fouten: the step's save was just refused (what was typed is shown, nothing saved).
    Niet begonnen: its section of the document holds nothing filled in on the step (the
    title, row ids and a party's organisation aside). Onvolledig: the check finds
    something required missing in it. Gereed: it holds something and nothing required is
    missing. The check step has no status of its own."""
    if refused:
        return ERRORS
    if _is_empty(document.get(step.section)):
        return NOT_STARTED
    if any(f.step == step.slug and f.is_required for f in findings):
        return INCOMPLETE
    return DONE


def progress(agreement: Agreement, current: str, user=None, *, refused: bool = False):
    """Each step with its status (and the user's open comment threads, one grouped query),
    the findings of the whole agreement, and the document. `refused`: the current step's
    save was refused."""
    document = build_document(load_agreement(agreement.pk))
    findings = check_document(document)
    threads = comments.open_counts(user, agreement) if user is not None else {}
    steps = []
    for step in STEPS:
        status = (
            ""
            if not step.section
            else step_status(step, document, findings, refused=refused and step.slug == current)
        )
        steps.append(
            {
                "step": step,
                "current": step.slug == current,
                "problems": sum(1 for f in findings if f.step == step.slug and f.is_required),
                "status": status,
                "status_label": STATUS_LABELS.get(status, ""),
                "open_threads": threads.get(step.slug, 0),
            }
        )
    return steps, findings, document


def neighbours(slug: str):
    index = [step.slug for step in STEPS].index(slug)
    previous = STEPS[index - 1] if index > 0 else None
    following = STEPS[index + 1] if index < len(STEPS) - 1 else None
    return previous, following


def target_after_save(request: AuthenticatedRequest, slug: str) -> str:
    goto = request.POST.get("goto", "")
    if goto in STEP_BY_SLUG:
        return goto
    previous, following = neighbours(slug)
    if "previous" in request.POST and previous:
        return previous.slug
    if "next" in request.POST and following:
        return following.slug
    return slug


def posted_revision(request: AuthenticatedRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


def tell_what_others_changed(
    request: AuthenticatedRequest, agreement: Agreement, saves: list
) -> None:
    """After a save merged with others' saves: who changed what meanwhile, by label."""
    others = [event for event in saves if event.actor_id != request.user.pk]
    if not others:
        return
    # Party keys are organisation ids: their names, without building the whole document.
    names = {
        str(party.organisation_id): party.organisation.official_name
        for party in agreement.parties.select_related("organisation")
    }
    for save in builder.readable_saves(others, names):
        labels = list(dict.fromkeys(change.label for change in save.changes))
        if not labels:
            continue
        messages.info(
            request,
            _("%(person)s wijzigde intussen %(fields)s; dat is bewaard.")
            % {
                "person": save.event.actor.full_name
                if save.event.actor
                else save.event.actor_label,
                "fields": ", ".join(labels),
            },
        )


def party_search(agreement: Agreement, query: str):
    if len(clean_query(query)) < 2:
        return []
    existing = agreement.parties.values("organisation_id")
    return list(
        matching_organisations(query)
        .exclude(pk__in=existing)
        .filter(end_date__isnull=True)
        .order_by("name")[:10]
    )


def save_posted(
    request: AuthenticatedRequest,
    agreement: Agreement,
    step: Step,
    *,
    unsaved: str = "",
    extra: dict | None = None,
    only_if_changed: bool = False,
) -> builder.StepSaved | HttpResponse:
    """Save the step as posted, merged with others' saves: the outcome when written, else the
    page to show (conflicts to answer, or errors; `unsaved` says what did not happen), or a
    redirect when the draft is closed."""
    try:
        outcome = builder.save_step(
            agreement=agreement,
            step=step,
            base_revision=posted_revision(request),
            acting_user=request.user,
            changes=editing.StepEdit(
                agreement.pk,
                step.slug,
                request.POST,
                {k: str(v) for k, v in request.POST.items() if k.startswith("keuze:")},
                only_if_changed=only_if_changed,
            ),
        )
    except builder.DraftClosed as closed:
        messages.error(request, closed.messages[0])
        return redirect("agreement_detail", agreement_id=agreement.pk)
    if outcome.unchanged:
        return outcome
    if not outcome.written:
        agreement.refresh_from_db()
        if unsaved:
            messages.warning(request, unsaved)
        return show(
            request, agreement, step, outcome.page, outcome.conflicts, outcome.revision, extra
        )
    messages.success(request, _("Stap ‘%(step)s’ is opgeslagen.") % {"step": step.title})
    tell_what_others_changed(request, agreement, outcome.others)
    return outcome


def show(
    request: AuthenticatedRequest,
    agreement: Agreement,
    step: Step,
    page: Page,
    conflicts: list[editing.Shown],
    revision: int,
    extra: dict | None = None,
) -> HttpResponse:
    refused = any(has_errors(form) for form in page.forms.values())
    steps, findings, document = progress(agreement, step.slug, request.user, refused=refused)
    previous, following = neighbours(step.slug)
    presence.mark_present(agreement=agreement, step=step, acting_user=request.user)
    context = {
        "agreement": agreement,
        "step": step,
        "here": presence.others_here(agreement=agreement, step=step, acting_user=request.user),
        "steps": steps,
        "page": page,
        "forms": page.forms,
        "findings": [f for f in findings if f.step == step.slug],
        "revision": revision,
        "conflicts": conflicts,
        "conflict_choices": CONFLICT_CHOICES if conflicts else [],
        "has_form": True,
        "refused": refused,
        "previous": previous,
        "following": following,
        **page.extra,
        **comment_views.step_panel(request, agreement, step.slug),
        **(extra or {}),
    }
    if step.slug == "partijen":
        query = request.GET.get("zoek", "")
        context["query"] = query
        context["results"] = party_search(agreement, query)
        if request.GET.get("fragment") == "resultaten":
            return render(request, "agreements/steps/_party_results.html", context)
    status = 409 if conflicts else 200
    return render(request, f"agreements/steps/{step.slug}.html", context, status=status)
