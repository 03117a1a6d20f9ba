"""How the API speaks HTTP beside its resources: the schema at the base path for anyone from
any origin, a JSON 404 for every path it does not know, and the content negotiation of a
version's PDF (views.VersionPdf). The API's version header and conditional requests are in
middleware.py."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import renderers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class AnyAccept(BaseContentNegotiation):
    """Answers in JSON whatever the request accepts; the view itself decides on its media
    type (VersionPdf)."""

    def select_parser(self, request, available):
        return available[0]

    def select_renderer(self, request, available, format_suffix=None):
        return available[0], available[0].media_type


class PdfMediaType(renderers.BaseRenderer):
    """Names application/pdf among VersionPdf's media types, for the schema; the PDF itself is
    a FileResponse that no renderer touches."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"


class ZipMediaType(renderers.BaseRenderer):
    """Names application/zip among VersionArchive's media types; the package itself is an
    HttpResponse that no renderer touches."""

    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"


@extend_schema(exclude=True)
class OpenApiJson(SpectacularJSONAPIView):
    """The schema as JSON at the API's base path, readable from any origin."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


@extend_schema(exclude=True)
class UnknownPath(APIView):
    """Any path under /api/v1/ that names nothing (a trailing slash included): a problem 404
    like the API's others, not the site's HTML page, whoever asks and however."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def handle(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound(_("De API kent dit pad niet. Wat er is, staat in /api/v1/openapi.json."))

    get = post = put = patch = delete = head = options = handle
