"""The REST API (`/api/v1/`): the same registry, read and written by machines.

Read access follows the web pages exactly: the same permission helpers
(`get_agreement_for_user`, `get_editable_agreement_for_user`, ...), the same registry search
(`find_agreements`) and the same domain functions for writes. Outsiders get 404, as on the
web. Authentication: the session (for the browsable API) or a personal API token
(`Authorization: Bearer spr_…`, created on the profile page). Adoption and signing stay in the
web interface.
"""

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, renderers, serializers, status
from rest_framework.exceptions import NotAcceptable, ParseError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Layer, Organisation
from accounts.search import matching_organisations
from agreements.drafting import builder
from agreements.drafting.forms import NewAgreementForm
from agreements.models import Agreement, Party, PublishedVersion, Theme, Version
from agreements.permissions import (
    can_record,
    get_agreement_for_user,
    visible_threads,
)
from agreements.printing import archive, handoff
from agreements.printing.serving import stored_pdf, waiting_status
from agreements.records import decisions
from agreements.records.forms import DecisionForm
from agreements.records.timeline import timeline
from agreements.registry.search import Sort, find_agreements
from agreements.versions.publication import public_register
from agreements.versions.status import Status, with_status

from . import protocol, workflow
from . import serializers as s
from .authentication import AuthenticatedAPIRequest
from .errors import invalid, problem

PARTIES = Prefetch("parties", queryset=Party.objects.select_related("organisation"))


class OrganisationFilter(serializers.Serializer):
    # An empty parameter is no filter, as in the web form that sends every field.
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Deel van de naam, of de code (zoals GM1721).",
    )
    layer = serializers.ChoiceField(choices=Layer.choices, required=False, allow_blank=True)


def _fields(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The named fields of the request body, for a Django form; a body that is no object is 400."""
    if not hasattr(request.data, "get"):
        raise ParseError(_('Stuur een object met velden, zoals {"title": "…"}.'))
    values, errors = {}, {}
    for name in names:
        value = request.data.get(name, "")
        if isinstance(value, dict | list):
            errors[name] = [_("Geef één waarde: tekst, een getal of null.")]
            continue
        values[name] = value if isinstance(value, str) else "" if value is None else str(value)
    if errors:
        raise serializers.ValidationError(errors)
    return values


def _valid(filter_class, request: Request) -> dict:
    params = filter_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


@extend_schema(parameters=[OrganisationFilter])
class OrganisationList(generics.ListAPIView):
    """The organisations of the reference data (rijk, provincies, gemeenten, waterschappen,
    partners)."""

    serializer_class = s.OrganisationSerializer

    def get_queryset(self):
        params = _valid(OrganisationFilter, self.request)
        organisations = matching_organisations(params.get("q", "")).order_by("name", "pk")
        if params.get("layer"):
            organisations = organisations.filter(layer=params["layer"])
        return organisations


class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = s.OrganisationSerializer
    queryset = Organisation.objects.all()


class AgreementFilter(serializers.Serializer):
    # An empty parameter is no filter, as in the web form that sends every field.
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Zoekwoorden."
    )
    organisation = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Naam of code van een partij."
    )
    layer = serializers.ChoiceField(choices=Layer.choices, required=False, allow_blank=True)
    theme = serializers.ChoiceField(choices=Theme.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Status.choices, required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    sort = serializers.ChoiceField(
        choices=[Sort.RELEVANCE, Sort.CHANGED, Sort.TITLE, Sort.NEXT_DATE],
        required=False,
        allow_blank=True,
    )


def _version_numbers(agreements) -> dict:
    ids = {a.current_version_id for a in agreements} | {a.signed_version_id for a in agreements}
    ids.discard(None)
    return dict(Version.objects.filter(pk__in=ids).values_list("pk", "number"))


class AgreementList(generics.GenericAPIView):
    """The registry: agreements the user may see (GET), or a new draft (POST)."""

    serializer_class = s.AgreementSerializer

    @extend_schema(parameters=[AgreementFilter], responses=s.AgreementSerializer(many=True))
    def get(self, request: AuthenticatedAPIRequest) -> Response:
        params = _valid(AgreementFilter, request)
        results = find_agreements(
            request.user,
            today=timezone.localdate(),
            text=params.get("q", ""),
            organisation=params.get("organisation", ""),
            layer=params.get("layer", ""),
            theme=params.get("theme", ""),
            status=params.get("status", ""),
            year=params.get("year"),
            sort=params.get("sort", ""),
        )
        # DRF pages it with Django's Paginator, which takes SearchResults (sliceable, with a
        # count()); djangorestframework-stubs accept only a QuerySet.
        page = self.paginate_queryset(results)  # type: ignore[arg-type]
        serializer = s.AgreementSerializer(
            page,
            many=True,
            context={**self.get_serializer_context(), "numbers": _version_numbers(page)},
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(request=s.NewAgreementSerializer, responses={201: s.AgreementSerializer})
    def post(self, request: AuthenticatedAPIRequest) -> Response:
        form = NewAgreementForm(
            _fields(request, ("title", "organisation", "template")),
            user=request.user,
        )
        if not form.organisations.exists():
            raise Http404
        if not form.is_valid():
            return invalid(form.errors)
        created = builder.create_agreement(
            title=form.cleaned_data["title"],
            organisation=form.cleaned_data["organisation"],
            acting_user=request.user,
            template=form.cleaned_data["template"],
        )
        data = _agreement_data(self, _agreement(request, created.pk))
        # The URL is DRF's Hyperlink, a str subclass; WSGI servers take only str (wsgiref
        # answered 500 after the draft was made, so a client that tried again made two).
        return Response(
            data, status=status.HTTP_201_CREATED, headers={"Location": str(data["url"])}
        )


def _agreement_data(view: generics.GenericAPIView, agreement: Agreement) -> dict:
    context = {**view.get_serializer_context(), "numbers": _version_numbers([agreement])}
    return s.AgreementSerializer(agreement, context=context).data


def _agreement(request: AuthenticatedAPIRequest, agreement_id) -> Agreement:
    """The agreement with its status and parties, if the user may see it; else 404."""
    queryset = with_status(Agreement.objects.all(), timezone.localdate()).prefetch_related(PARTIES)
    return get_agreement_for_user(request, agreement_id, queryset)


class AgreementDetail(generics.GenericAPIView):
    serializer_class = s.AgreementSerializer

    def get(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        return Response(_agreement_data(self, _agreement(request, agreement_id)))


class _AgreementList(generics.ListAPIView):
    """A list of what an agreement the requester may see holds (its `rows`), all at once."""

    pagination_class = None

    def get_queryset(self):
        request = cast(AuthenticatedAPIRequest, self.request)
        return self.rows(request, self.agreement(request, self.kwargs["agreement_id"]))

    def agreement(self, request: AuthenticatedAPIRequest, agreement_id) -> Agreement:
        return _agreement(request, agreement_id)

    def rows(self, request: AuthenticatedAPIRequest, agreement: Agreement) -> Any:
        raise NotImplementedError


class VersionList(workflow.AdoptVersion, _AgreementList):
    """An agreement's adopted versions, oldest first; POST adopts the next (workflow.py)."""

    serializer_class = s.VersionSummarySerializer

    def rows(self, request: AuthenticatedAPIRequest, agreement: Agreement) -> Any:
        return agreement.versions.order_by("number").only(
            "number", "title", "adopted_at", "note", "sha256", "agreement_id"
        )


def _version(request: AuthenticatedAPIRequest, agreement_id, number: int) -> Version:
    agreement = _agreement(request, agreement_id)
    version = (
        agreement.versions.filter(number=number)
        .prefetch_related(Prefetch("signatures__organisation"))
        .first()
    )
    if version is None:
        raise Http404
    return version


class VersionDetail(generics.GenericAPIView):
    """One version: its canonical JSON document, SHA-256 and signatures."""

    serializer_class = s.VersionSerializer

    def get(self, request: AuthenticatedAPIRequest, agreement_id, number: int) -> HttpResponseBase:
        version = _version(request, agreement_id, number)
        etag = f'"{version.sha256}"'
        # A client that has this version says so: 304 before the document is serialised
        # (the middleware's 304 would come after it; bench/api.py).
        unchanged = get_conditional_response(request._request, etag=etag)
        if unchanged is not None:
            unchanged["ETag"] = etag
            return unchanged
        response = Response(s.VersionSerializer(version).data)
        response["ETag"] = etag
        return response


class VersionPdf(APIView):
    """The version's archival PDF (sealed once every party signed); 202 while it is rendered.

    The PDF is sent to a request that accepts `application/pdf` (or anything); one that
    accepts only other types, JSON included, gets 406. The 202 and 503 while it is not there
    are JSON, as the API's other answers."""

    content_negotiation_class = protocol.AnyAccept
    renderer_classes = [renderers.JSONRenderer, protocol.PdfMediaType]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="De PDF."
            ),
            202: OpenApiResponse(description="De PDF wordt gemaakt; probeer het zo opnieuw."),
            406: OpenApiResponse(description="De aanvraag accepteert geen application/pdf."),
            503: OpenApiResponse(description="Het maken van de PDF is mislukt."),
        }
    )
    def get(self, request: AuthenticatedAPIRequest, agreement_id, number: int):
        if not request.accepts("application/pdf"):
            raise NotAcceptable(_("Deze bron is een PDF: vraag om application/pdf."))
        version = _version(request, agreement_id, number)
        archived, download = stored_pdf(version, archive.kind_for(version))
        if download is not None:
            return download
        if waiting_status(archived) == status.HTTP_503_SERVICE_UNAVAILABLE:
            return problem(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                _("Het maken van de PDF is mislukt. Een lid kan het opnieuw laten proberen."),
            )
        return Response(
            {"status": archived.status},
            status=status.HTTP_202_ACCEPTED,
            headers={"Retry-After": "5"},
        )


class VersionArchive(APIView):
    """A signed version's archive package (agreements/printing/handoff.py) as a ZIP."""

    content_negotiation_class = protocol.AnyAccept
    renderer_classes = [renderers.JSONRenderer, protocol.ZipMediaType]

    @extend_schema(
        responses={
            (200, "application/zip"): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="Het archiefpakket: de verzegelde PDF, de canonieke JSON en een "
                "MDTO-record per onderdeel.",
            ),
            409: OpenApiResponse(
                description="De versie is nog niet door alle partijen ondertekend, of de "
                "verzegelde PDF is er nog niet."
            ),
        }
    )
    def get(self, request: AuthenticatedAPIRequest, agreement_id, number: int) -> HttpResponseBase:
        if not request.accepts("application/zip"):
            raise NotAcceptable(_("Deze bron is een ZIP-bestand: vraag om application/zip."))
        version = _version(request, agreement_id, number)
        try:
            package = handoff.archive_package(version=version, acting_user=request.user)
        except DjangoValidationError as refused:
            return problem(status.HTTP_409_CONFLICT, refused.messages[0])
        response = HttpResponse(package.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
        return response


class DecisionList(_AgreementList):
    """The besluitenlijst (GET), or a new decision (POST, for members who record decisions)."""

    serializer_class = s.DecisionSerializer

    def rows(self, request: AuthenticatedAPIRequest, agreement: Agreement) -> Any:
        return agreement.decisions.select_related("version", "correction")

    @extend_schema(request=s.DecisionSerializer, responses={201: s.DecisionSerializer})
    def post(self, request: AuthenticatedAPIRequest, agreement_id) -> Response:
        agreement = _agreement(request, agreement_id)
        if not can_record(request.user, agreement):
            raise Http404
        form = DecisionForm(
            _fields(request, ("decided_on", "table_name", "what", "mandate_label", "reference")),
            tables=list(agreement.tables.values_list("name", flat=True)),
            mandates=[str(m) for m in agreement.mandates.all()],
        )
        if not form.is_valid():
            return invalid(form.errors)
        data = {key: value for key, value in form.cleaned_data.items() if key != "attachments"}
        decision = decisions.record_decision(agreement=agreement, acting_user=request.user, **data)
        return Response(s.DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class Timeline(_AgreementList):
    """Everything that happened to the agreement, oldest first."""

    serializer_class = s.TimelineEntrySerializer

    def rows(self, request: AuthenticatedAPIRequest, agreement: Agreement) -> Any:
        return timeline(agreement, viewer=request.user)


class CommentList(workflow.StartThread, _AgreementList):
    """The comment threads of the agreement the requester may read, oldest first.

    The same rule as the web pages (`visible_threads`): shared threads for every member of a
    party, internal threads only for the members of the organisation that wrote them.
    POST places a comment in a new thread; replies and resolving are under the thread
    (workflow.py).
    """

    serializer_class = s.CommentThreadSerializer

    def agreement(self, request: AuthenticatedAPIRequest, agreement_id) -> Agreement:
        return get_agreement_for_user(request, agreement_id)  # no status needed

    def rows(self, request: AuthenticatedAPIRequest, agreement: Agreement) -> Any:
        return (
            visible_threads(request.user, agreement)
            .select_related("organisation")
            .prefetch_related("comments__organisation", "comments__mentions")
            .order_by("created_at", "id")
        )


class PublicRegister(generics.ListAPIView):
    """The public register (Woo): the latest published version of every public agreement."""

    serializer_class = s.PublicationSerializer
    permission_classes = [AllowAny]
    authentication_classes = []

    def get_queryset(self):
        return public_register()


class PublicationDetail(generics.GenericAPIView):
    """A published version, without the personal data the Woo keeps private."""

    serializer_class = s.PublicationDetailSerializer
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request: Request, publication_id) -> Response:
        published = (
            PublishedVersion.objects.select_related("version", "organisation")
            .filter(pk=publication_id)
            .first()
        )
        if published is None:
            raise Http404
        context = self.get_serializer_context()
        return Response(s.PublicationDetailSerializer(published, context=context).data)
