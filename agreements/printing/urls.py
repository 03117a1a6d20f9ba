"""Printing: a version's archival PDF, the draft and briefing PDFs, and checking a PDF."""

from django.urls import path

from agreements.printing import views

urlpatterns = [
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/pdf/",
        views.version_pdf,
        name="version_pdf",
    ),
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/pdf/opnieuw/",
        views.version_pdf_retry,
        name="version_pdf_retry",
    ),
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/afdrukvoorbeeld/",
        views.version_print_preview,
        name="version_print_preview",
    ),
    path("afspraken/<uuid:agreement_id>/concept.pdf", views.draft_pdf, name="draft_pdf"),
    path(
        "afspraken/<uuid:agreement_id>/briefing.pdf",
        views.agreement_briefing_pdf,
        name="agreement_briefing_pdf",
    ),
    path("controleren/", views.verify, name="verify"),
]
