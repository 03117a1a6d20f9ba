"""Records pages: the besluitenlijst and its attachments, evaluations, the timeline and the
audit trail as CSV.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.audit import csv_response, csv_rows
from accounts.http import AuthenticatedRequest
from accounts.models import AuditEvent
from agreements.lib.uploads import pdf_download
from agreements.models import Agreement, DecisionAttachment, Evaluation
from agreements.permissions import (
    can_record,
    get_agreement_for_user,
    get_recordable_agreement_for_user,
)
from agreements.records import decisions, evaluations
from agreements.records.forms import ASPECTS, ActionFormSet, DecisionForm, EvaluationForm
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
    taken = agreement.decisions.select_related("version", "recorded_by").prefetch_related(
        "attachments"
    )
    return render(
        request,
        "agreements/decision_list.html",
        {"agreement": agreement, "decisions": taken, "form": form},
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


@login_required
def evaluation_new(request: AuthenticatedRequest, agreement_id: UUID) -> HttpResponse:
    """Record how the collaboration goes, with follow-up actions and their owners."""
    agreement = get_recordable_agreement_for_user(request, agreement_id)
    form = EvaluationForm(request.POST or None)
    actions = ActionFormSet(request.POST or None, prefix="actions")
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        data = form.cleaned_data
        evaluation = evaluations.record_evaluation(
            agreement=agreement,
            acting_user=request.user,
            held_on=data["held_on"],
            scores={
                aspect: (data[f"{aspect}_score"], data[f"{aspect}_note"]) for aspect in ASPECTS
            },
            actions=[
                evaluations.ActionInput(**action.cleaned_data)
                for action in actions
                if action.has_changed() and action.cleaned_data
            ],
            leads_to_amendment=data["leads_to_amendment"],
        )
        messages.success(request, _("De evaluatie is vastgelegd."))
        return redirect("evaluation_detail", agreement_id=agreement.pk, evaluation_id=evaluation.pk)
    return render(
        request,
        "agreements/evaluation_new.html",
        {"agreement": agreement, "form": form, "actions": actions},
    )


@login_required
def evaluation_detail(
    request: AuthenticatedRequest, agreement_id: UUID, evaluation_id: UUID
) -> HttpResponse:
    """One evaluation with its scores and follow-up actions."""
    agreement = get_agreement_for_user(request, agreement_id)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("version", "recorded_by").prefetch_related("actions"),
        pk=evaluation_id,
        agreement=agreement,
    )
    return render(
        request,
        "agreements/evaluation_detail.html",
        {"agreement": agreement, "evaluation": evaluation},
    )


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
