"""The sections of an open draft as the canonical document has them: `GET` and `PUT
/agreements/{id}/sections/{section_key}` with `task`, `parties`, `ownership`, `governance`,
`escalation`, `values` or `term`, the same JSON as in a version's document, described in the
schema by the document's own JSON Schema with the vocabulary's labels as titles.

A section is written through the builder, not beside it: the new section is checked as the
import checks a document (its schema, then what it refers to: organisations, role codes, row
ids), written by the one writer in a transaction that is rolled back, only to read the step's
form data it comes to (a new party is first added as the builder adds one), posted as the
builder's formsets expect: rows that exist as they are, rows the section leaves out marked for
deletion, new rows as the formset's extra rows (`as_formsets`); that data is then saved by
`builder.save_step` on the revision named in `If-Match` (the section's step's revision, as the
steps API gives it). So the builder's merge
holds here too: what others saved since in other fields is kept, a field both changed is a 409
with both values, and the forms' own rules apply.
"""

import copy
import re
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from agreements.document import vocabulary
from agreements.document.build import build_document, load_agreement
from agreements.document.outline import STEPS
from agreements.document.schema import agreement_schema
from agreements.document.write import Resolved, write_draft
from agreements.drafting import builder
from agreements.drafting.editing import step_data
from agreements.drafting.import_checks import Plan, schema_errors
from agreements.models import Agreement
from agreements.permissions import (
    acting_organisation,
    get_agreement_for_user,
    get_editable_agreement_for_user,
)

from .authentication import AuthenticatedAPIRequest
from .errors import invalid, problem
from .steps import _etag, _if_match, save

STEP_OF_SECTION = {step.section: step for step in STEPS if step.section}


def _titled(schema: Any, path: str) -> Any:
    """The document schema with each property titled by the vocabulary's label."""
    if isinstance(schema, dict):
        titled = {key: _titled(value, path) for key, value in schema.items()}
        for name, value in schema.get("properties", {}).items():
            child = f"{path}.{name}" if path else name
            titled["properties"][name] = _titled(value, child)
            label = vocabulary.label(child)
            if label != child:
                titled["properties"][name] = {**titled["properties"][name], "title": label}
        if "items" in schema and isinstance(schema["items"], dict):
            titled["items"] = _titled(schema["items"], path)
        return titled
    if isinstance(schema, list):
        return [_titled(each, path) for each in schema]
    return schema


def _component(name: str) -> str:
    """A definition's name as an OpenAPI component (UpperCamelCase: row_id -> DocumentRowId)."""
    return "Document" + "".join(part.capitalize() for part in name.split("_"))


def _components_refs(schema: Any) -> Any:
    """The document schema's `#/$defs/x` references as the OpenAPI document's components."""
    if isinstance(schema, dict):
        return {
            key: (
                "#/components/schemas/" + _component(value.removeprefix("#/$defs/"))
                if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                else _components_refs(value)
            )
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_components_refs(each) for each in schema]
    return schema


def document_components() -> dict[str, Any]:
    """The document schema's definitions, for the OpenAPI components (schema.py)."""
    definitions = agreement_schema().get("$defs", {})
    return {_component(name): _components_refs(value) for name, value in definitions.items()}


def document_definitions(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing: the canonical document's definitions, which the
    sections' schemas refer to, as components."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(document_components())
    return result


def section_schema() -> dict[str, Any]:
    """One of the sections' schemas, titled (the URL's section says which)."""
    properties = agreement_schema()["properties"]
    return {
        "oneOf": [
            {
                **_components_refs(_titled(properties[key], key)),
                "title": str(vocabulary.label(key)),
            }
            for key in STEP_OF_SECTION
        ]
    }


@extend_schema_field(section_schema())
class SectionField(serializers.JSONField):
    """A section of the canonical document (its JSON Schema in the API's schema)."""


_ROW = re.compile(r"^(?P<prefix>[\w]+)-(?P<index>\d+)-(?P<field>.+)$")


def _rows(data: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    rows: list[dict[str, Any]] = [{} for _ in range(total)]
    for key, value in data.items():
        found = _ROW.match(key)
        if found and found["prefix"] == prefix and int(found["index"]) < total:
            rows[int(found["index"])][found["field"]] = value
    return rows


def as_formsets(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The step's form data `after` (read from rows written and rolled back) as the builder's
    model formsets take it, given the rows that exist (`before`): existing rows first as initial
    forms, the rows `after` leaves out marked DELETE, the new rows last as extra forms without
    an id (so a new row is added at the end)."""
    prefixes = [key.removesuffix("-TOTAL_FORMS") for key in after if key.endswith("-TOTAL_FORMS")]
    posted = {key: value for key, value in after.items() if not _ROW.match(key)}
    for prefix in prefixes:
        old, new = _rows(before, prefix), _rows(after, prefix)
        existing = {str(row.get("id")) for row in old if row.get("id")}
        kept = [row for row in new if str(row.get("id")) in existing]
        present = {str(row.get("id")) for row in kept}
        gone = [{**row, "DELETE": "on"} for row in old if str(row.get("id")) not in present]
        added = [{**row, "id": ""} for row in new if str(row.get("id")) not in existing]
        ordered = kept + gone + added
        posted[f"{prefix}-TOTAL_FORMS"] = len(ordered)
        posted[f"{prefix}-INITIAL_FORMS"] = len(kept) + len(gone)
        for index, row in enumerate(ordered):
            for field, value in row.items():
                posted[f"{prefix}-{index}-{field}"] = value
    return posted


class SectionSerializer(serializers.Serializer):
    section = serializers.ChoiceField(choices=sorted(STEP_OF_SECTION), read_only=True)
    revision = serializers.IntegerField(read_only=True, help_text="De revisie van de stap.")
    # DRF's metaclass takes declared fields off the class: Serializer.data stays the property.
    data = SectionField(help_text="Het onderdeel zoals het document het heeft.")  # type: ignore[assignment]


SECTION = OpenApiParameter(
    "section_key",
    location=OpenApiParameter.PATH,
    enum=sorted(STEP_OF_SECTION),
    description="Het onderdeel van het document.",
)


@extend_schema(parameters=[SECTION])
class SectionDetail(generics.GenericAPIView):
    """A section of the open draft as the canonical document has it (see the module)."""

    serializer_class = SectionSerializer

    def _section(self, section: str):
        step = STEP_OF_SECTION.get(section)
        if step is None:
            raise Http404
        return step

    def _answer(self, agreement: Agreement, section: str, revision: int, **kwargs) -> Response:
        document = build_document(load_agreement(agreement.pk))
        return Response(
            {"section": section, "revision": revision, "data": document[section]},
            headers={"ETag": _etag(revision)},
            **kwargs,
        )

    def get(self, request: AuthenticatedAPIRequest, agreement_id, section_key: str) -> Response:
        section = section_key
        step = self._section(section)
        agreement = get_agreement_for_user(request, agreement_id)
        if not agreement.draft_open:
            raise Http404
        return self._answer(agreement, section, builder.step_revision(agreement, step))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match", location=OpenApiParameter.HEADER, required=True, description='"rev-N"'
            )
        ],
        responses={
            200: SectionSerializer,
            409: OpenApiResponse(description="Iemand anders wijzigde dezelfde velden."),
            428: OpenApiResponse(description="If-Match ontbreekt."),
        },
    )
    def put(self, request: AuthenticatedAPIRequest, agreement_id, section_key: str) -> Response:
        section = section_key
        step = self._section(section)
        agreement = get_editable_agreement_for_user(request, agreement_id)
        expected = _if_match(request)
        if expected is None:
            return problem(
                status.HTTP_428_PRECONDITION_REQUIRED,
                _('Geef met If-Match de revisie mee die je hebt gelezen, zoals "rev-3".'),
            )
        if not hasattr(request.data, "get") or "data" not in request.data:
            return problem(status.HTTP_400_BAD_REQUEST, _('Stuur het onderdeel als {"data": {…}}.'))
        organisation = acting_organisation(request.user, agreement)
        if organisation is None:  # an editor is a member of a party: not reached
            raise Http404
        current = build_document(load_agreement(agreement.pk))
        document = copy.deepcopy(current)
        document[section] = request.data["data"]
        errors = schema_errors(document) or (plan := Plan(document, organisation)).check()
        if errors:
            return invalid({section: errors})
        if section == "parties":
            # A new party is added as the builder adds one (its opstellers are told), and then
            # the section is saved with it.
            present = set(agreement.parties.values_list("organisation_id", flat=True))
            up_to_date = expected == builder.step_revision(agreement, step)
            for organisation in plan.organisations.values():
                if organisation.pk not in present:
                    builder.add_party(
                        agreement=agreement,
                        organisation=organisation,
                        step=step,
                        acting_user=request.user,
                        read=lambda: step_data(agreement.pk, step.slug),
                    )
                    present.add(organisation.pk)
            if up_to_date:  # the additions are this request's own saves, not someone else's
                expected = builder.step_revision(agreement, step)
        posted = self._form_data(agreement, plan, step.slug, section)
        outcome = save(agreement, step, expected, request.user, posted)
        if isinstance(outcome, Response):
            return outcome
        return self._answer(agreement, section, outcome.revision)

    def _form_data(self, agreement: Agreement, plan: Plan, slug: str, section: str) -> dict:
        """The step's form data the new section comes to: written by the one writer, read as
        the step's forms, and rolled back."""
        with transaction.atomic():
            fresh = Agreement.objects.get(pk=agreement.pk)
            write_draft(
                fresh,
                plan.document,
                Resolved(organisations=plan.organisations, roles=plan.roles),
                sections=[section],
            )
            posted = step_data(agreement.pk, slug)
            transaction.set_rollback(True)
        return as_formsets(step_data(agreement.pk, slug), posted)
