from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import protocol, sections, steps, views, workflow

app_name = "api"

urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    # The NLGov API Design Rules' place for the schema (/core/doc-openapi): JSON, for anyone,
    # also from a page on another site (CORS).
    path("openapi.json", protocol.OpenApiJson.as_view(), name="openapi-json"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("organisations", views.OrganisationList.as_view(), name="organisation-list"),
    path(
        "organisations/<uuid:pk>",
        views.OrganisationDetail.as_view(),
        name="organisation-detail",
    ),
    path("agreements", views.AgreementList.as_view(), name="agreement-list"),
    path(
        "agreements/<uuid:agreement_id>", views.AgreementDetail.as_view(), name="agreement-detail"
    ),
    path(
        "agreements/<uuid:agreement_id>/versions",
        views.VersionList.as_view(),
        name="version-list",
    ),
    path(
        "agreements/<uuid:agreement_id>/versions/<int:number>",
        views.VersionDetail.as_view(),
        name="version-detail",
    ),
    path(
        "agreements/<uuid:agreement_id>/versions/<int:number>/pdf",
        views.VersionPdf.as_view(),
        name="version-pdf",
    ),
    path(
        "agreements/<uuid:agreement_id>/versions/<int:number>/archive",
        views.VersionArchive.as_view(),
        name="version-archive",
    ),
    path(
        "agreements/<uuid:agreement_id>/decisions",
        views.DecisionList.as_view(),
        name="decision-list",
    ),
    path("agreements/<uuid:agreement_id>/timeline", views.Timeline.as_view(), name="timeline"),
    path(
        "agreements/<uuid:agreement_id>/comments",
        views.CommentList.as_view(),
        name="comment-list",
    ),
    path(
        "agreements/<uuid:agreement_id>/steps/<slug:step_slug>",
        steps.StepData.as_view(),
        name="step",
    ),
    path("templates", workflow.TemplateList.as_view(), name="template-list"),
    path(
        "agreements/<uuid:agreement_id>/sections/<slug:section_key>",
        sections.SectionDetail.as_view(),
        name="section",
    ),
    path(
        "agreements/<uuid:agreement_id>/completeness",
        workflow.Completeness.as_view(),
        name="completeness",
    ),
    path(
        "agreements/<uuid:agreement_id>/versions/<int:number>/signing",
        workflow.SigningStatus.as_view(),
        name="signing-status",
    ),
    path(
        "agreements/<uuid:agreement_id>/comments/<uuid:thread_id>/replies",
        workflow.ThreadReplies.as_view(),
        name="comment-replies",
    ),
    path(
        "agreements/<uuid:agreement_id>/comments/<uuid:thread_id>/resolution",
        workflow.ThreadResolution.as_view(),
        name="comment-resolution",
    ),
    path(
        "agreements/<uuid:agreement_id>/reviews",
        workflow.ReviewRounds.as_view(),
        name="review-list",
    ),
    path(
        "agreements/<uuid:agreement_id>/reviews/<uuid:review_id>/answers",
        workflow.ReviewAnswers.as_view(),
        name="review-answers",
    ),
    path("public/agreements", views.PublicRegister.as_view(), name="public-register"),
    path(
        "public/publications/<uuid:publication_id>",
        views.PublicationDetail.as_view(),
        name="publication-detail",
    ),
    # Last: whatever else lies under /api/v1/ is a JSON 404.
    re_path(r"", protocol.UnknownPath.as_view(), name="unknown"),
]
