"""Discussing a draft: the Overleg page, comment threads and review rounds."""

from django.urls import path

from agreements.discussion import comment_views, review_views, views

urlpatterns = [
    path(
        "afspraken/<uuid:agreement_id>/overleg/",
        views.agreement_comments,
        name="agreement_comments",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/nieuw/",
        views.comment_thread_start,
        name="comment_thread_start",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/reageren/",
        views.comment_reply,
        name="comment_reply",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/afhandelen/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/heropenen/",
        views.comment_reopen,
        name="comment_reopen",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/wijzigen/",
        comment_views.comment_edit,
        name="comment_edit",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/verwijderen/",
        comment_views.comment_delete,
        name="comment_delete",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/leesronde/",
        review_views.review_request,
        name="review_request",
    ),
    path(
        "afspraken/<uuid:agreement_id>/overleg/leesronde/antwoord/",
        review_views.review_answer,
        name="review_answer",
    ),
]
