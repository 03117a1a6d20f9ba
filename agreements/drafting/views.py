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
from agreements.discussion import views as comment_views
from agreements.document.checklist import checklist
from agreements.document.completeness import is_complete
from agreements.document.outline import STEP_BY_SLUG, STEPS
from agreements.drafting import builder, editing, importing, presence, step_page
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
    if request.method == "POST":
        saved = step_page.save_posted(request, agreement, step)
        if isinstance(saved, HttpResponse):
            return saved
        return redirect(
            "agreement_step",
            agreement_id=agreement.pk,
            step_slug=step_page.target_after_save(request, step.slug),
        )
    opened = editing.open_step(agreement.pk, step.slug)
    return step_page.show(request, opened.agreement, step, opened.page, [], opened.revision)


@login_required
def agreement_step_presence(
    request: AuthenticatedRequest, agreement_id: UUID, step_slug: str
) -> HttpResponse:
    """Who else has the step open (polled by the open page, which it keeps marked present)."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    step = STEP_BY_SLUG.get(step_slug)
    if step is None or step.slug not in PAGES:
        raise Http404
    presence.mark_present(agreement=agreement, step=step, acting_user=request.user)
    here = presence.others_here(agreement=agreement, step=step, acting_user=request.user)
    return render(request, "agreements/steps/_presence.html", {"here": here})


def _check_page(request: AuthenticatedRequest, agreement: Agreement) -> HttpResponse:
    steps, findings, document = step_page.progress(agreement, "controle", request.user)
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
    """Add an organisation from the registry as a party.

    The search results' buttons submit the parties step's form here, so what was typed in it
    is saved (merged, as any save) before the party is added; a conflict or an error shows the
    step again, with nothing lost and the party not yet added."""
    agreement = get_editable_agreement_for_user(request, agreement_id)
    form = AddPartyForm(request.POST)
    url = reverse("agreement_step", args=[agreement.pk, "partijen"])
    if "parties-TOTAL_FORMS" in request.POST and agreement.draft_open:
        saved = step_page.save_posted(
            request,
            agreement,
            STEP_BY_SLUG["partijen"],
            unsaved=_("De partij is nog niet toegevoegd. Los eerst op wat hieronder staat."),
            only_if_changed=True,
        )
        if isinstance(saved, HttpResponse):
            return saved
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
