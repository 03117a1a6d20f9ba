"""A builder step of a draft through the API: its fields as the web form posts them, read with
the step's revision as ETag and saved with If-Match (the builder's merge of others' saves)."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import builder
from agreements.drafting.editing import StepEdit, open_step, step_data
from agreements.drafting.pages import PAGES, page_errors, step_input
from agreements.permissions import get_editable_agreement_for_user

from . import serializers as s
from .authentication import AuthenticatedAPIRequest
from .errors import invalid, problem


def _etag(revision: int) -> str:
    return f'"rev-{revision}"'


def _if_match(request: Request) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    header = header.removeprefix("W/").strip('"')
    if not header.startswith("rev-") or not header[4:].isdigit():
        return None
    return int(header[4:])


@extend_schema(
    parameters=[
        OpenApiParameter(
            "step_slug",
            location=OpenApiParameter.PATH,
            enum=list(PAGES),
            description="De stap van de bouwer.",
        )
    ]
)
class StepData(generics.GenericAPIView):
    """A builder step of a draft: its fields as the web form posts them.

    GET the data and its ETag (the step's revision), change it and PUT it back with
    `If-Match`: the same forms validate it as in the builder. What others saved in the meantime
    is merged with it as in the builder; a field both changed answers 409 with both values, and
    nothing is written (send the field again, or take theirs, on the latest revision).
    """

    serializer_class = s.StepDataSerializer

    def _page(self, request: AuthenticatedAPIRequest, agreement_id, step_slug: str):
        agreement = get_editable_agreement_for_user(request, agreement_id)
        step = STEP_BY_SLUG.get(step_slug)
        if step is None or step_slug not in PAGES:
            raise Http404
        return agreement, step

    def get(self, request: AuthenticatedAPIRequest, agreement_id, step_slug: str) -> Response:
        agreement, _step = self._page(request, agreement_id, step_slug)
        opened = open_step(agreement.pk, step_slug)
        return Response(
            {"revision": opened.revision, "data": opened.data},
            headers={"ETag": _etag(opened.revision)},
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match", location=OpenApiParameter.HEADER, required=True, description='"rev-N"'
            )
        ],
        responses={200: s.StepDataSerializer, 400: None, 409: None, 412: None, 428: None},
    )
    def put(self, request: AuthenticatedAPIRequest, agreement_id, step_slug: str) -> Response:
        agreement, step = self._page(request, agreement_id, step_slug)
        expected = _if_match(request)
        if expected is None:
            return problem(
                status.HTTP_428_PRECONDITION_REQUIRED,
                _('Geef met If-Match de revisie mee die je hebt gelezen, zoals "rev-3".'),
            )
        data: object = request.data  # any JSON: a list or a number as well as an object
        if hasattr(data, "get"):
            data = data.get("data", data)
        if not isinstance(data, dict):
            return problem(
                status.HTTP_400_BAD_REQUEST, _("Stuur de velden van de stap als object.")
            )
        posted, errors = step_input(PAGES[step_slug](agreement, None), data)
        if errors:
            return invalid(errors)
        outcome = save(agreement, step, expected, request.user, posted)
        if isinstance(outcome, Response):
            return outcome
        headers = {"ETag": _etag(outcome.revision)}
        return Response(
            {"revision": outcome.revision, "data": step_data(agreement.pk, step_slug)},
            headers=headers,
        )


def save(agreement, step, base_revision: int, user, posted: dict) -> Any:
    """Save a step's form data through the builder on `base_revision` (the steps' and the
    sections' PUT): the outcome, or the problem answer when nothing was written (the draft is
    closed, a field both changed, or the forms refuse it)."""
    try:
        outcome = builder.save_step(
            agreement=agreement,
            step=step,
            base_revision=base_revision,
            acting_user=user,
            changes=StepEdit(agreement.pk, step.slug, posted),
        )
    except builder.DraftClosed as closed:
        return problem(status.HTTP_409_CONFLICT, closed.messages[0])
    headers = {"ETag": _etag(outcome.revision)}
    if outcome.conflicts:
        return problem(
            status.HTTP_409_CONFLICT,
            _("Iemand anders wijzigde intussen dezelfde velden; er is niets opgeslagen."),
            revision=outcome.revision,
            conflicts=[
                {"label": c.label, "yours": c.mine, "theirs": c.theirs, "by": c.author}
                for c in outcome.conflicts
            ],
            headers=headers,
        )
    if not outcome.written:
        return invalid(page_errors(outcome.page), revision=outcome.revision, headers=headers)
    return outcome
