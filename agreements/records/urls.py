"""Records under an agreement: decisions, evaluations, the timeline and the audit trail."""

from django.urls import path

from agreements.records import views

urlpatterns = [
    path("afspraken/<uuid:agreement_id>/besluiten/", views.decision_list, name="decision_list"),
    path(
        "afspraken/<uuid:agreement_id>/besluiten/<uuid:decision_id>/corrigeren/",
        views.decision_correct,
        name="decision_correct",
    ),
    path(
        "afspraken/<uuid:agreement_id>/besluiten/bijlagen/<int:attachment_id>/",
        views.decision_attachment,
        name="decision_attachment",
    ),
    path(
        "afspraken/<uuid:agreement_id>/evaluaties/nieuw/",
        views.evaluation_new,
        name="evaluation_new",
    ),
    path(
        "afspraken/<uuid:agreement_id>/evaluaties/<uuid:evaluation_id>/",
        views.evaluation_detail,
        name="evaluation_detail",
    ),
    path(
        "afspraken/<uuid:agreement_id>/evaluaties/<uuid:evaluation_id>/corrigeren/",
        views.evaluation_correct,
        name="evaluation_correct",
    ),
    path(
        "afspraken/<uuid:agreement_id>/evaluaties/<uuid:evaluation_id>/acties/<int:action_id>/status/",
        views.action_status,
        name="action_status",
    ),
    path(
        "afspraken/<uuid:agreement_id>/tijdlijn/",
        views.agreement_timeline,
        name="agreement_timeline",
    ),
    path(
        "afspraken/<uuid:agreement_id>/audittrail.csv",
        views.agreement_audit_csv,
        name="agreement_audit_csv",
    ),
]
