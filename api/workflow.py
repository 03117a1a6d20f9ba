"""The agreement's way from draft to signed version through the API, beside the steps
(steps.py) and sections (sections.py): the templates to start from, the completeness check,
adopting a version, comments (start, reply, resolve, reopen), review rounds (ask, answer) and
the signing status of a version. Each view calls the same domain function as the web page
does; signing itself stays with a person in the browser."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organisation
from agreements.discussion import comments, reviews
from agreements.document.build import build_document, load_agreement
from agreements.document.completeness import check_document, is_complete
from agreements.document.outline import STEP_BY_SLUG
from agreements.models import (
    AgreementTemplate,
    CommentThread,
    CommentVisibility,
    ReviewAnswer,
    Reviewer,
    ReviewRequest,
)
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
        data = _valid_body(AdoptionSerializer, request)
        try:
            version = adopt_version(
                agreement=agreement,
                acting_user=request.user,
                note=data.get("note", ""),
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


def _valid_body(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    """The request's JSON body as `serializer_class` validates it; invalid input is a 400 that
    names every field (api/errors.py), a body that is no object one without a name."""
    body = serializer_class(data=request.data if hasattr(request.data, "get") else None)
    body.is_valid(raise_exception=True)
    return body.validated_data


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
        data = _valid_body(NewThreadSerializer, request)
        try:
            thread = comments.start_thread(agreement=agreement, acting_user=request.user, **data)
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
        data = _valid_body(BodySerializer, request)
        try:
            comments.reply(thread=thread, acting_user=request.user, body=data["body"])
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


class ReviewerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    who = serializers.CharField(help_text="De persoon, of de partij als geheel.")
    answer = serializers.ChoiceField(
        choices=ReviewAnswer.choices, allow_blank=True, help_text="Leeg tot er is geantwoord."
    )
    comment = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class ReviewRoundSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    due_date = serializers.DateField(help_text="Reageren vóór.")
    note = serializers.CharField(allow_blank=True)
    reviewers = ReviewerSerializer(many=True)


class NewReviewSerializer(serializers.Serializer):
    due_date = serializers.DateField(help_text="Reageren vóór.")
    parties = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, help_text="De organisaties die lezen."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReviewAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=ReviewAnswer.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


def _who(reviewer: Reviewer) -> str:
    """A person asked to review, or a party as a whole."""
    if reviewer.user is not None:
        return reviewer.user.full_name
    return reviewer.organisation.name if reviewer.organisation else ""


def _round(request_row: ReviewRequest) -> dict[str, Any]:
    return {
        "id": request_row.pk,
        "due_date": request_row.due_date,
        "note": request_row.note,
        "reviewers": [
            {
                "id": reviewer.pk,
                "who": _who(reviewer),
                "answer": reviewer.answer,
                "comment": reviewer.comment,
                "answered_at": reviewer.answered_at,
            }
            for reviewer in request_row.reviewers.all()
        ],
    }


class ReviewRounds(generics.GenericAPIView):
    """The review rounds of the open draft (GET); ask parties to read it by a date (POST)."""

    serializer_class = ReviewRoundSerializer

    @extend_schema(responses=ReviewRoundSerializer(many=True))
    def get(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        agreement = get_agreement_for_user(request, agreement_id)
        rounds = reviews.review_rounds(agreement, comments.current_draft_number(agreement))
        return Response(ReviewRoundSerializer([_round(each) for each in rounds], many=True).data)

    @extend_schema(
        request=NewReviewSerializer,
        responses={201: ReviewRoundSerializer, 409: OpenApiResponse(description="Kan niet.")},
    )
    def post(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        agreement = get_agreement_for_user(request, agreement_id)
        data = _valid_body(NewReviewSerializer, request)
        parties = list(
            Organisation.objects.filter(
                pk__in=data["parties"], agreement_parties__agreement=agreement
            )
        )
        if len(parties) != len(set(data["parties"])):
            return invalid({"parties": [_("Noem alleen partijen van deze afspraak.")]})
        try:
            made = reviews.request_review(
                agreement=agreement,
                acting_user=request.user,
                due_date=data["due_date"],
                parties=parties,
                note=data.get("note", ""),
            )
        except ValidationError as refused:
            return _refused(refused)
        made = reviews.review_rounds(agreement, made.draft_number)[-1]
        return Response(ReviewRoundSerializer(_round(made)).data, status=status.HTTP_201_CREATED)


class ReviewAnswers(generics.GenericAPIView):
    """Answer a review round for yourself or your party: akkoord, or opmerkingen with remarks."""

    serializer_class = ReviewerSerializer

    @extend_schema(
        request=ReviewAnswerSerializer,
        responses={200: ReviewerSerializer, 409: OpenApiResponse(description="Kan niet.")},
    )
    def post(self, request: AuthenticatedAPIRequest, agreement_id, review_id) -> Response:
        agreement = get_agreement_for_user(request, agreement_id)
        round_ = get_object_or_404(ReviewRequest, pk=review_id, agreement=agreement)
        reviewers = list(round_.reviewers.select_related("user", "organisation"))
        mine = reviews.answerable_by(request.user, reviewers)
        reviewer = next((each for each in reviewers if each.pk in mine), None)
        if reviewer is None:
            raise Http404  # not asked of this person or their party
        data = _valid_body(ReviewAnswerSerializer, request)
        try:
            answered = reviews.answer_review(reviewer=reviewer, acting_user=request.user, **data)
        except ValidationError as refused:
            return _refused(refused)
        return Response(
            {
                "id": answered.pk,
                "who": _who(answered),
                "answer": answered.answer,
                "comment": answered.comment,
                "answered_at": answered.answered_at,
            }
        )
