from django.urls import path

from . import comment_views, import_views, public_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("contacten/", views.contact_book, name="contact_book"),
    path("afspraken/", views.agreement_list, name="agreement_list"),
    path("afspraken/nieuw/", views.agreement_new, name="agreement_new"),
    path("afspraken/<uuid:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path(
        "afspraken/<uuid:agreement_id>/stappen/<slug:step_slug>/",
        views.agreement_step,
        name="agreement_step",
    ),
    path(
        "afspraken/<uuid:agreement_id>/partijen/toevoegen/",
        views.agreement_add_party,
        name="agreement_add_party",
    ),
    path(
        "afspraken/<uuid:agreement_id>/escalatie/modelladder/",
        views.agreement_model_ladder,
        name="agreement_model_ladder",
    ),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/vaststellen/",
        views.agreement_adopt,
        name="agreement_adopt",
    ),
    path("afspraken/<uuid:agreement_id>/wijzigen/", views.agreement_amend, name="agreement_amend"),
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/",
        views.version_detail,
        name="version_detail",
    ),
    path(
        "afspraken/<uuid:agreement_id>/vergelijken/",
        views.version_compare,
        name="version_compare",
    ),
    path("afspraken/<uuid:agreement_id>/op-datum/", views.agreement_as_of, name="agreement_as_of"),
]

urlpatterns += [
    path("afspraken/<uuid:agreement_id>/besluiten/", views.decision_list, name="decision_list"),
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
        "afspraken/<uuid:agreement_id>/tijdlijn/",
        views.agreement_timeline,
        name="agreement_timeline",
    ),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/briefing/",
        views.agreement_briefing,
        name="agreement_briefing",
    ),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/briefing.pdf",
        views.agreement_briefing_pdf,
        name="agreement_briefing_pdf",
    ),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/ondertekenen/",
        views.version_sign,
        name="version_sign",
    ),
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/ondertekening-op-papier/",
        views.version_sign,
        {"paper": True},
        name="version_sign_paper",
    ),
    path(
        "afspraken/<uuid:agreement_id>/handtekeningen/<uuid:signature_id>/scan/",
        views.signature_scan,
        name="signature_scan",
    ),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/pdf/",
        views.version_pdf,
        name="version_pdf",
    ),
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/afdrukvoorbeeld/",
        views.version_print_preview,
        name="version_print_preview",
    ),
    path("afspraken/<uuid:agreement_id>/concept.pdf", views.draft_pdf, name="draft_pdf"),
    path("controleren/", views.verify, name="verify"),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/openbaar-maken/",
        views.version_publish,
        name="version_publish",
    ),
    path("openbaar/", public_views.register, name="public_register"),
    path(
        "openbaar/<uuid:publication_id>/",
        public_views.published_version,
        name="public_version",
    ),
]

urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/audittrail.csv",
        views.agreement_audit_csv,
        name="agreement_audit_csv",
    ),
]

urlpatterns += [
    path("openbaar/feed/", public_views.public_feed, name="public_feed"),
    path(
        "openbaar/<uuid:publication_id>/pdf/",
        public_views.public_version_pdf,
        name="public_version_pdf",
    ),
]


urlpatterns += [
    path("afspraken/importeren/", import_views.agreement_import, name="agreement_import"),
]

urlpatterns += [
    path("overzicht/", views.overview, name="overview"),
]

# Comments and review rounds on a draft (agreements/comment_views.py).
urlpatterns += [
    path(
        "afspraken/<uuid:agreement_id>/overleg/",
        comment_views.agreement_comments,
        name="agreement_comments",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/nieuw/",
        comment_views.comment_thread_start,
        name="comment_thread_start",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/reageren/",
        comment_views.comment_reply,
        name="comment_reply",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/afhandelen/",
        comment_views.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/heropenen/",
        comment_views.comment_reopen,
        name="comment_reopen",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/leesronde/",
        comment_views.review_request,
        name="review_request",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/leesronde/antwoord/",
        comment_views.review_answer,
        name="review_answer",
    ),
]
