"""Versions: adopting, amending, reading, comparing, signing and publishing them."""

from django.urls import path

from agreements.versions import views

urlpatterns = [
    path(
        "afspraken/<uuid:agreement_id>/vaststellen/",
        views.agreement_adopt,
        name="agreement_adopt",
    ),
    path(
        "afspraken/<uuid:agreement_id>/volgorde-van-ondertekenen/",
        views.agreement_signing_plan,
        name="agreement_signing_plan",
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
    path(
        "afspraken/<uuid:agreement_id>/versies/<int:number>/openbaar-maken/",
        views.version_publish,
        name="version_publish",
    ),
]
