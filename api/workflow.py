"""The agreement's way from draft to signed version through the API, beside the steps
(steps.py): the templates to start from, the completeness check, adopting a version,
comments (start, reply, resolve, reopen) and the signing status of a version. Each view calls
the same domain function as the web page does; signing itself stays with a person in the
browser."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from agreements.discussion import comments
from agreements.document.build import build_document, load_agreement
from agreements.document.completeness import check_document, is_complete
from agreements.document.outline import STEP_BY_SLUG
from agreements.models import AgreementTemplate, CommentThread, CommentVisibility
from agreements.permissions import (
    get_agreement_for_user,
    get_editable_agreement_for_user,
    visible_threads,
)
from agreements.versions.adoption import adopt_version
from agreements.versions.signing import signature_overview

from . import serializers as s
from .authentication import AuthenticatedAPIRequest
from .errors import invalid, problem


class TemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementTemplate
        fields = ["id", "slug", "name", "description"]


class TemplateList(generics.ListAPIView):
    """The templates a new draft can start from (POST /agreements with `template`)."""

    serializer_class = TemplateSerializer
    queryset = AgreementTemplate.objects.order_by("position", "name")
    pagination_class = None


class FindingSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=sorted(STEP_BY_SLUG), help_text="De stap.")
    step_title = serializers.CharField(help_text="De naam van de stap.")
    message = serializers.CharField(help_text="Wat er ontbreekt of niet klopt.")
    blocking = serializers.BooleanField(help_text="Nodig om vast te stellen (anders een advies).")
    reference = serializers.CharField(help_text="Het artikel van het model, als er een is.")


class CompletenessSerializer(serializers.Serializer):
    complete = serializers.BooleanField(help_text="Kan het concept worden vastgesteld?")
    findings = FindingSerializer(many=True)


class Completeness(generics.GenericAPIView):
    """The completeness check of the open draft: what is still missing before adoption."""

    serializer_class = CompletenessSerializer

    def get(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        agreement = get_agreement_for_user(request, agreement_id)
        if not agreement.draft_open:
            raise Http404
        findings = check_document(build_document(load_agreement(agreement.pk)))
        return Response(
            {
                "complete": is_complete(findings),
                "findings": [
                    {
                        "step": finding.step,
                        "step_title": str(STEP_BY_SLUG[finding.step].title),
                        "message": str(finding.message),
                        "blocking": finding.is_required,
                        "reference": finding.reference,
                    }
                    for finding in findings
                ],
            }
        )


class AdoptionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Een toelichting."
    )


class AdoptVersion:
    """POST on an agreement's versions: adopt the complete draft as the next version; 409 when
    there is no complete draft (views.VersionList)."""

    @extend_schema(
        request=AdoptionSerializer,
        responses={
            201: s.VersionSerializer,
            409: OpenApiResponse(description="Er is geen open of geen compleet concept."),
        },
    )
    def post(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        agreement = get_editable_agreement_for_user(request, agreement_id)
        body = AdoptionSerializer(data=request.data if hasattr(request.data, "get") else None)
        if not body.is_valid():
            return invalid(body.errors)
        try:
            version = adopt_version(
                agreement=agreement,
                acting_user=request.user,
                note=body.validated_data.get("note", ""),
            )
        except ValidationError as refused:
            return problem(status.HTTP_409_CONFLICT, refused.messages[0])
        url = request.build_absolute_uri(
            reverse("api:version-detail", args=[agreement.pk, version.number])
        )
        return Response(
            s.VersionSerializer(version).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": url},
        )


class NewThreadSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=sorted(STEP_BY_SLUG), help_text="De stap.")
    body = serializers.CharField(max_length=5000, help_text="De opmerking.")
    visibility = serializers.ChoiceField(
        choices=CommentVisibility.choices, help_text="Gedeeld met alle partijen, of intern."
    )


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, help_text="De reactie.")


def _refused(error: ValidationError) -> Response:
    if hasattr(error, "error_dict"):
        return invalid(error)
    return problem(status.HTTP_409_CONFLICT, error.messages[0])


class StartThread:
    """POST on an agreement's comments: a comment on a step of the open draft, in a new thread
    (views.CommentList)."""

    @extend_schema(
        request=NewThreadSerializer,
        responses={
            201: s.CommentThreadSerializer,
            409: OpenApiResponse(description="Geen open concept."),
        },
    )
    def post(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        agreement = get_agreement_for_user(request, agreement_id)
        body = NewThreadSerializer(data=request.data if hasattr(request.data, "get") else None)
        if not body.is_valid():
            return invalid(body.errors)
        try:
            thread = comments.start_thread(
                agreement=agreement, acting_user=request.user, **body.validated_data
            )
        except ValidationError as refused:
            return _refused(refused)
        return Response(s.CommentThreadSerializer(thread).data, status=status.HTTP_201_CREATED)


def _thread(request: AuthenticatedAPIRequest, agreement_id, thread_id) -> CommentThread:
    agreement = get_agreement_for_user(request, agreement_id)
    return get_object_or_404(visible_threads(request.user, agreement), pk=thread_id)


class ThreadReplies(generics.GenericAPIView):
    """Reply in a thread the requester may read."""

    serializer_class = BodySerializer

    @extend_schema(
        request=BodySerializer,
        responses={
            201: s.CommentThreadSerializer,
            409: OpenApiResponse(description="De draad is gesloten."),
        },
    )
    def post(self, request: AuthenticatedAPIRequest, agreement_id, thread_id) -> Response:
        thread = _thread(request, agreement_id, thread_id)
        body = BodySerializer(data=request.data if hasattr(request.data, "get") else None)
        if not body.is_valid():
            return invalid(body.errors)
        try:
            comments.reply(
                thread=thread, acting_user=request.user, body=body.validated_data["body"]
            )
        except ValidationError as refused:
            return _refused(refused)
        thread.refresh_from_db()
        return Response(s.CommentThreadSerializer(thread).data, status=status.HTTP_201_CREATED)


class ThreadResolution(generics.GenericAPIView):
    """Resolve a thread (POST), or open it again (DELETE)."""

    serializer_class = s.CommentThreadSerializer

    @extend_schema(
        request=None,
        responses={200: s.CommentThreadSerializer, 409: OpenApiResponse(description="Kan niet.")},
    )
    def post(self, request: AuthenticatedAPIRequest, agreement_id, thread_id) -> Response:
        return self._change(request, agreement_id, thread_id, comments.resolve_thread)

    @extend_schema(
        responses={200: s.CommentThreadSerializer, 409: OpenApiResponse(description="Kan niet.")}
    )
    def delete(self, request: AuthenticatedAPIRequest, agreement_id, thread_id) -> Response:
        return self._change(request, agreement_id, thread_id, comments.reopen_thread)

    def _change(
        self, request: AuthenticatedAPIRequest, agreement_id, thread_id, change: Any
    ) -> Response:
        thread = _thread(request, agreement_id, thread_id)
        try:
            changed = change(thread=thread, acting_user=request.user)
        except ValidationError as refused:
            return _refused(refused)
        return Response(s.CommentThreadSerializer(changed).data)


class PartySigningSerializer(serializers.Serializer):
    organisation = serializers.CharField(help_text="Het id van de organisatie.")
    name = serializers.CharField(help_text="De naam van de partij.")
    round = serializers.IntegerField(help_text="De ronde in de volgorde van ondertekenen.")
    needed = serializers.IntegerField(help_text="Hoeveel handtekeningen de partij nodig heeft.")
    signed = serializers.IntegerField(help_text="Hoeveel er gezet zijn.")
    complete = serializers.BooleanField(help_text="Heeft de partij getekend?")


class SigningStatusSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="Het versienummer.")
    complete = serializers.BooleanField(help_text="Hebben alle partijen getekend?")
    parties = PartySigningSerializer(many=True)


class SigningStatus(generics.GenericAPIView):
    """Who signed a version and who has yet to (signing itself is done in the browser)."""

    serializer_class = SigningStatusSerializer

    def get(self, request: Request, agreement_id, number: int) -> Response:
        agreement = get_agreement_for_user(request, agreement_id)  # type: ignore[arg-type]
        version = get_object_or_404(agreement.versions, number=number)
        overview = signature_overview(version)
        return Response(
            {
                "number": version.number,
                "complete": overview.complete,
                "parties": [
                    {
                        "organisation": str(entry.organisation_id),
                        "name": entry.name,
                        "round": entry.tier,
                        "needed": entry.requirement.required,
                        "signed": len(entry.signatures),
                        "complete": entry.complete,
                    }
                    for entry in overview
                ],
            }
        )
