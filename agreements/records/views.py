"""Records pages: the besluitenlijst and its attachments, evaluations, the timeline and the
audit trail as CSV.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import csv_response, csv_rows
from accounts.http import AuthenticatedRequest
from accounts.models import AuditEvent, Membership, User
from agreements.lib.uploads import pdf_download
from agreements.models import (
    Agreement,
    Decision,
    DecisionAttachment,
    Evaluation,
    FollowUpAction,
)
from agreements.permissions import (
    can_record,
    get_agreement_for_user,
    get_recordable_agreement_for_user,
    updatable_actions,
)
from agreements.records import corrections, decisions, evaluations
from agreements.records.forms import (
    ASPECTS,
    ActionForm,
    ActionFormSet,
    ActionStatusForm,
    DecisionCorrectionForm,
    DecisionForm,
    EvaluationCorrectionForm,
    EvaluationForm,
)
from agreements.records.timeline import timeline


@login_required
def decision_list(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """The besluitenlijst: every decision taken under the agreement, and a form to add one."""
    agreement = get_agreement_for_user(request, agreement_id)
    may_record = can_record(request.user, agreement)
    form = None
    if may_record:
        form = DecisionForm(
            request.POST or None,
            request.FILES or None,
            tables=list(agreement.tables.values_list("name", flat=True)),
            mandates=[str(m) for m in agreement.mandates.all()],
        )
        if request.method == "POST" and form.is_valid():
            decisions.record_decision(
                agreement=agreement, acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect("decision_list", agreement_id=agreement.pk)
    elif request.method == "POST":
        raise Http404
    taken = agreement.decisions.select_related(
        "version", "recorded_by", "correction", "corrects"
    ).prefetch_related("attachments")
    return render(
        request,
        "agreements/decision_list.html",
        {"agreement": agreement, "decisions": taken, "form": form, "may_record": may_record},
    )


def _show_domain_errors(form, error: ValidationError) -> None:
    """The domain's errors beside their fields, the others above the form."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def decision_correct(
    request: AuthenticatedRequest, agreement_id: UUID, decision_id: UUID
) -> HttpResponse:
    """Correct a decision: a new decision that refers to it (`records.corrections`)."""
    agreement = get_recordable_agreement_for_user(request, agreement_id)
    decision = get_object_or_404(
        Decision.objects.select_related("correction"), pk=decision_id, agreement=agreement
    )
    if getattr(decision, "correction", None) is not None:
        messages.info(request, _("Dit besluit is al gecorrigeerd; hieronder staat de correctie."))
        return redirect(f"{reverse('decision_list', args=[agreement.pk])}#besluit-{decision.pk}")
    tables = list(agreement.tables.values_list("name", flat=True))
    mandates = [str(m) for m in agreement.mandates.all()]
    form = DecisionCorrectionForm(
        request.POST or None,
        request.FILES or None,
        # What the decision named, even when the agreement no longer does.
        tables=tables + [decision.table_name] * (decision.table_name not in tables),
        mandates=mandates + [decision.mandate_label] * (decision.mandate_label not in mandates),
        initial={
            field: getattr(decision, field)
            for field in ("decided_on", "table_name", "what", "mandate_label", "reference")
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction = corrections.correct_decision(
                decision=decision, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _show_domain_errors(form, error)
        else:
            messages.success(request, _("De correctie is vastgelegd."))
            url = reverse("decision_list", args=[agreement.pk])
            return redirect(f"{url}#besluit-{correction.pk}")
    return render(
        request,
        "agreements/decision_correct.html",
        {"agreement": agreement, "decision": decision, "form": form},
    )


@login_required
def evaluation_correct(
    request: AuthenticatedRequest, agreement_id: UUID, evaluation_id: UUID
) -> HttpResponse:
    """Correct an evaluation: a new evaluation that refers to it; its actions go along."""
    agreement = get_recordable_agreement_for_user(request, agreement_id)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("correction"), pk=evaluation_id, agreement=agreement
    )
    if getattr(evaluation, "correction", None) is not None:
        messages.info(request, _("Deze evaluatie is al gecorrigeerd."))
        return redirect(
            "evaluation_detail", agreement_id=agreement.pk, evaluation_id=evaluation.correction.pk
        )
    form = EvaluationCorrectionForm(
        request.POST or None,
        initial={
            "held_on": evaluation.held_on,
            "leads_to_amendment": evaluation.leads_to_amendment,
            **{
                f"{aspect}_{part}": getattr(evaluation, f"{aspect}_{part}")
                for aspect in ASPECTS
                for part in ("score", "note")
            },
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correction = corrections.correct_evaluation(
                evaluation=evaluation,
                acting_user=request.user,
                held_on=data["held_on"],
                scores={
                    aspect: (data[f"{aspect}_score"], data[f"{aspect}_note"]) for aspect in ASPECTS
                },
                leads_to_amendment=data["leads_to_amendment"],
                correction_reason=data["correction_reason"],
            )
        except ValidationError as error:
            _show_domain_errors(form, error)
        else:
            messages.success(request, _("De correctie is vastgelegd."))
            return redirect(
                "evaluation_detail", agreement_id=agreement.pk, evaluation_id=correction.pk
            )
    return render(
        request,
        "agreements/evaluation_correct.html",
        {"agreement": agreement, "evaluation": evaluation, "form": form},
    )


@login_required
def decision_attachment(
    request: AuthenticatedRequest, agreement_id: UUID, attachment_id: int
) -> FileResponse:
    """Download an attachment; only members of the agreement's parties get it."""
    agreement = get_agreement_for_user(request, agreement_id)
    attachment = get_object_or_404(
        DecisionAttachment, pk=attachment_id, decision__agreement=agreement
    )
    return pdf_download(attachment.file, attachment.name)


def _action_choices(agreement: Agreement) -> dict:
    """The parties of the agreement (owners to choose from) and their people, in two queries."""
    parties = [
        party.organisation
        for party in agreement.parties.select_related("organisation").order_by("position")
    ]
    people: dict[object, list[User]] = {organisation.pk: [] for organisation in parties}
    for membership in (
        Membership.objects.filter(organisation__in=parties, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    ):
        people[membership.organisation_id].append(membership.user)
    return {
        "parties": parties,
        "people": [(organisation, people[organisation.pk]) for organisation in parties],
    }


def _show_action_errors(
    form: EvaluationForm, rows: list[ActionForm], error: ValidationError
) -> None:
    """Put the domain's errors beside their fields: `actions.<n>.<field>` on the n-th action
    that was filled in, anything else on the evaluation form."""
    for key, errors in error.message_dict.items() if hasattr(error, "error_dict") else []:
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "actions" and parts[1].isdigit():
            row = rows[int(parts[1])]
            row.add_error(parts[2] if parts[2] in row.fields else None, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)


@login_required
def evaluation_new(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Record how the collaboration goes, with follow-up actions, their owners and dates."""
    agreement = get_recordable_agreement_for_user(request, agreement_id)
    form = EvaluationForm(request.POST or None)
    actions = ActionFormSet(
        request.POST or None, prefix="actions", form_kwargs=_action_choices(agreement)
    )
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        data = form.cleaned_data
        rows = [action for action in actions if action.has_changed() and action.cleaned_data]
        try:
            evaluation = evaluations.record_evaluation(
                agreement=agreement,
                acting_user=request.user,
                held_on=data["held_on"],
                scores={
                    aspect: (data[f"{aspect}_score"], data[f"{aspect}_note"]) for aspect in ASPECTS
                },
                actions=[evaluations.ActionInput(**row.cleaned_data) for row in rows],
                leads_to_amendment=data["leads_to_amendment"],
            )
        except ValidationError as error:
            _show_action_errors(form, rows, error)
        else:
            messages.success(request, _("De evaluatie is vastgelegd."))
            return redirect(
                "evaluation_detail", agreement_id=agreement.pk, evaluation_id=evaluation.pk
            )
    return render(
        request,
        "agreements/evaluation_new.html",
        {"agreement": agreement, "form": form, "actions": actions},
    )


def _evaluation_page(
    request: AuthenticatedRequest,
    agreement: Agreement,
    evaluation_id: UUID,
    *,
    bound: ActionStatusForm | None = None,
) -> HttpResponse:
    """The evaluation with its follow-up actions; a status form beside each action the user may
    move on (`bound`: the one just posted, with its errors)."""
    evaluation = get_object_or_404(
        Evaluation.objects.select_related(
            "version", "recorded_by", "correction", "corrects"
        ).prefetch_related(
            Prefetch(
                "actions",
                FollowUpAction.objects.select_related("owner", "person").order_by("pk"),
            )
        ),
        pk=evaluation_id,
        agreement=agreement,
    )
    updatable = set(
        FollowUpAction.objects.filter(
            updatable_actions(request.user, agreement), evaluation=evaluation
        ).values_list("pk", flat=True)
    )
    rows = [
        (
            action,
            (
                bound
                if bound is not None and bound.action.pk == action.pk
                else ActionStatusForm(action=action)
            )
            if action.pk in updatable
            else None,
        )
        for action in evaluation.actions.all()
    ]
    return render(
        request,
        "agreements/evaluation_detail.html",
        {
            "agreement": agreement,
            "evaluation": evaluation,
            "actions": rows,
            "may_record": can_record(request.user, agreement),
        },
    )


@login_required
def evaluation_detail(
    request: AuthenticatedRequest, agreement_id: UUID, evaluation_id: UUID
) -> HttpResponse:
    """One evaluation with its scores and follow-up actions."""
    agreement = get_agreement_for_user(request, agreement_id)
    return _evaluation_page(request, agreement, evaluation_id)


@login_required
@require_POST
def action_status(
    request: AuthenticatedRequest, agreement_id: UUID, evaluation_id: UUID, action_id: int
) -> HttpResponse:
    """Move a follow-up action on (open, bezig, klaar): members of the owning party and the
    agreement's opstellers; 404 for everyone else."""
    agreement = get_agreement_for_user(request, agreement_id)
    action = get_object_or_404(
        FollowUpAction.objects.filter(updatable_actions(request.user, agreement)),
        pk=action_id,
        evaluation_id=evaluation_id,
    )
    form = ActionStatusForm(request.POST, action=action)
    if form.is_valid():
        try:
            evaluations.change_action_status(
                action=action, acting_user=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            form.add_error("status", error)
        else:
            messages.success(
                request,
                _("‘%(action)s’ staat nu op %(status)s.")
                % {"action": action.description, "status": action.get_status_display()},
            )
            return redirect(
                "evaluation_detail", agreement_id=agreement.pk, evaluation_id=evaluation_id
            )
    return _evaluation_page(request, agreement, evaluation_id, bound=form)


@login_required
def agreement_timeline(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """One chronological story of everything that happened to the agreement."""
    agreement = get_agreement_for_user(request, agreement_id)
    return render(
        request,
        "agreements/agreement_timeline.html",
        {"agreement": agreement, "entries": timeline(agreement, viewer=request.user)},
    )


@login_required
def agreement_audit_csv(request: AuthenticatedRequest, agreement_id: UUID) -> StreamingHttpResponse:
    """Every audit event of the agreement as CSV, oldest first, for the members of its parties."""
    agreement = get_agreement_for_user(request, agreement_id)
    events = (
        AuditEvent.objects.filter(
            object_type=Agreement._meta.label_lower, object_id=str(agreement.pk)
        )
        .select_related("organisation")
        .order_by("at", "id")
        .iterator(chunk_size=500)
    )
    return csv_response(csv_rows(events), f"audittrail-{slugify(agreement.title)[:80]}.csv")
