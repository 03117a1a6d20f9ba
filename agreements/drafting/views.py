"""Drafting pages: start an agreement, the builder's steps and the check, add a party, the model
ladder, and importing a document as a new draft.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedRequest
from accounts.models import Organisation
from accounts.search import clean_query, matching_organisations
from agreements.discussion import comments
from agreements.discussion import views as comment_views
from agreements.document.build import build_document, load_agreement
from agreements.document.checklist import checklist
from agreements.document.completeness import check_document, is_complete
from agreements.document.outline import STEP_BY_SLUG, STEPS
from agreements.drafting import builder, editing, importing
from agreements.drafting.forms import AddPartyForm, ImportForm, NewAgreementForm
from agreements.drafting.pages import PAGES
from agreements.models import Agreement
from agreements.permissions import get_editable_agreement_for_user


@login_required
def agreement_new(request: AuthenticatedRequest) -> HttpResponse:
    """Start a draft, empty or from a template."""
    form = NewAgreementForm(request.POST or None, user=request.user)
    if not form.organisations.exists():
        raise Http404
    if request.method == "POST" and form.is_valid():
        agreement = builder.create_agreement(
            title=form.cleaned_data["title"],
            organisation=form.cleaned_data["organisation"],
            template=form.cleaned_data["template"],
            acting_user=request.user,
        )
        messages.success(
            request, _("De afspraak is aangemaakt. Vul de stappen in, in je eigen tempo.")
        )
        return redirect("agreement_step", agreement_id=agreement.pk, step_slug="opgave")
    return render(request, "agreements/agreement_new.html", {"form": form})


def _progress(agreement: Agreement, current: str, user=None):
    """Each step with its status (and the user's open comment threads, one grouped query),
    the findings of the whole agreement, and the document."""
    document = build_document(load_agreement(agreement.pk))
    findings = check_document(document)
    threads = comments.open_counts(user, agreement) if user is not None else {}
    steps = [
        {
            "step": step,
            "current": step.slug == current,
            "problems": sum(1 for f in findings if f.step == step.slug and f.is_required),
            "open_threads": threads.get(step.slug, 0),
        }
        for step in STEPS
    ]
    return steps, findings, document


def _neighbours(slug: str):
    index = [step.slug for step in STEPS].index(slug)
    previous = STEPS[index - 1] if index > 0 else None
    following = STEPS[index + 1] if index < len(STEPS) - 1 else None
    return previous, following


def _target_after_save(request: AuthenticatedRequest, slug: str) -> str:
    goto = request.POST.get("goto", "")
    if goto in STEP_BY_SLUG:
        return goto
    previous, following = _neighbours(slug)
    if "previous" in request.POST and previous:
        return previous.slug
    if "next" in request.POST and following:
        return following.slug
    return slug


def _posted_revision(request: AuthenticatedRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


def _tell_what_others_changed(
    request: AuthenticatedRequest, agreement: Agreement, saves: list
) -> None:
    """After a save merged with others' saves: who changed what meanwhile, by label."""
    document = build_document(load_agreement(agreement.pk))
    names = {party["key"]: party["organisation"]["official_name"] for party in document["parties"]}
    for save in builder.readable_saves(
        [event for event in saves if event.actor_id != request.user.pk], names
    ):
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


def _party_search(agreement: Agreement, query: str):
    if len(clean_query(query)) < 2:
        return []
    existing = agreement.parties.values("organisation_id")
    return list(
        matching_organisations(query)
        .exclude(pk__in=existing)
        .filter(end_date__isnull=True)
        .order_by("name")[:10]
    )


@login_required
def agreement_step(
    request: AuthenticatedRequest, agreement_id: UUID, step_slug: str
) -> HttpResponse:
    """One step of the builder: GET shows it, POST saves it and moves on."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    step = STEP_BY_SLUG.get(step_slug)
    if step is None:
        raise Http404
    if step.slug == "controle":
        return _check_page(request, agreement)
    if not agreement.draft_open:
        messages.info(request, builder.DRAFT_CLOSED_MESSAGE)
        return redirect("agreement_detail", agreement_id=agreement.pk)
    page_factory = PAGES[step.slug]
    conflicts: list[editing.Shown] = []
    revision = builder.step_revision(agreement, step)
    if request.method == "POST":
        try:
            outcome = builder.save_step(
                agreement=agreement,
                step=step,
                base_revision=_posted_revision(request),
                acting_user=request.user,
                changes=editing.StepEdit(
                    agreement.pk,
                    step.slug,
                    request.POST,
                    {k: str(v) for k, v in request.POST.items() if k.startswith("keuze:")},
                ),
            )
        except builder.DraftClosed as closed:
            messages.error(request, closed.messages[0])
            return redirect("agreement_detail", agreement_id=agreement.pk)
        if outcome.written:
            messages.success(request, _("Stap ‘%(step)s’ is opgeslagen.") % {"step": step.title})
            _tell_what_others_changed(request, agreement, outcome.others)
            return redirect(
                "agreement_step",
                agreement_id=agreement.pk,
                step_slug=_target_after_save(request, step.slug),
            )
        page, conflicts, revision = outcome.page, outcome.conflicts, outcome.revision
        agreement.refresh_from_db()
    else:
        page = page_factory(agreement, None)
    steps, findings, document = _progress(agreement, step.slug, request.user)
    previous, following = _neighbours(step.slug)
    context = {
        "agreement": agreement,
        "step": step,
        "steps": steps,
        "page": page,
        "forms": page.forms,
        "findings": [f for f in findings if f.step == step.slug],
        "revision": revision,
        "conflicts": conflicts,
        "has_form": True,
        "previous": previous,
        "following": following,
        **page.extra,
        **comment_views.step_panel(request, agreement, step.slug),
    }
    if step.slug == "partijen":
        query = request.GET.get("zoek", "")
        context["query"] = query
        context["results"] = _party_search(agreement, query)
        if request.GET.get("fragment") == "resultaten":
            return render(request, "agreements/steps/_party_results.html", context)
    status = 409 if conflicts else 200
    return render(request, f"agreements/steps/{step.slug}.html", context, status=status)


def _check_page(request: AuthenticatedRequest, agreement: Agreement) -> HttpResponse:
    steps, findings, document = _progress(agreement, "controle", request.user)
    items = checklist(findings)
    return render(
        request,
        "agreements/steps/controle.html",
        {
            "agreement": agreement,
            "step": STEP_BY_SLUG["controle"],
            "steps": steps,
            "items": [
                (step, [item for item in items if item.step == step.slug]) for step in STEPS[:-1]
            ],
            "complete": is_complete(findings),
            "required_missing": sum(1 for f in findings if f.is_required),
            "advice": sum(1 for f in findings if not f.is_required),
            "previous": STEPS[-2],
            "document": document,
            **comment_views.check_context(request, agreement, steps),
        },
    )


@login_required
@require_POST
def agreement_add_party(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Add an organisation from the registry as a party."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    form = AddPartyForm(request.POST)
    url = reverse("agreement_step", args=[agreement.pk, "partijen"])
    if not form.is_valid():
        messages.error(request, _("Kies een organisatie uit de zoekresultaten."))
        return redirect(url)
    organisation = Organisation.objects.filter(
        pk=form.cleaned_data["organisation"], end_date__isnull=True
    ).first()
    if organisation is None:
        messages.error(request, _("Kies een organisatie uit de zoekresultaten."))
        return redirect(url)
    if agreement.parties.filter(organisation=organisation).exists():
        messages.error(
            request, _("%(organisation)s is al partij.") % {"organisation": organisation}
        )
        return redirect(url)

    try:
        builder.add_party(
            agreement=agreement,
            organisation=organisation,
            step=STEP_BY_SLUG["partijen"],
            acting_user=request.user,
            read=lambda: editing.step_data(agreement.pk, "partijen"),
        )
    except builder.DraftClosed as closed:
        messages.error(request, closed.messages[0])
    else:
        messages.success(
            request,
            _("%(organisation)s is toegevoegd als partij.") % {"organisation": organisation},
        )
    return redirect(url)


@login_required
@require_POST
def agreement_model_ladder(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Add the model escalation ladder of the Aanwijzingen voor convenanten."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    if agreement.escalation_steps.exists():
        messages.error(request, _("Er is al een escalatieladder; pas die aan in deze stap."))
        return redirect("agreement_step", agreement_id=agreement.pk, step_slug="escalatie")
    step = STEP_BY_SLUG["escalatie"]
    try:
        builder.save_step(
            agreement=agreement,
            step=step,
            base_revision=builder.step_revision(agreement, step),
            acting_user=request.user,
            changes=builder.Addition(
                lambda: builder.add_escalation_steps(
                    agreement=agreement, steps=builder.MODEL_LADDER
                ),
                lambda: editing.step_data(agreement.pk, "escalatie"),
            ),
        )
    except builder.DraftClosed as closed:
        messages.error(request, closed.messages[0])
    else:
        messages.success(request, _("De modelladder is toegevoegd; pas de treden aan waar nodig."))
    return redirect("agreement_step", agreement_id=agreement.pk, step_slug="escalatie")


@login_required
def agreement_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a canonical document (or an exported version) and continue it as a new draft.

    Only people who draft for an organisation import, as only they start agreements.
    """
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if not form.organisations:
        raise Http404
    if posted and form.is_valid():
        try:
            agreement = importing.import_agreement(
                document=form.cleaned_data["file"],
                organisation=form.cleaned_data["organisation"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _(
                    "De afspraak is geïmporteerd als nieuw concept. Kijk bij de controle wat nog "
                    "ontbreekt; alle stappen zijn te wijzigen."
                ),
            )
            return redirect("agreement_step", agreement_id=agreement.pk, step_slug="controle")
    return render(request, "agreements/agreement_import.html", {"form": form})
