"""What the OpenAPI schema says beyond the serializers: the personal API token, and the fields of
each builder step with their limits (the forms' own, which come from the vocabulary)."""

from typing import Any

from django import forms
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from agreements.drafting.pages import STEP_FORMS


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een persoonlijke API-sleutel (spr_…), aan te maken op je profiel.",
        }


def _field_schema(field: forms.Field) -> dict[str, Any]:
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return {"type": "array", "items": {"type": ["string", "integer"]}}
    if isinstance(field, forms.IntegerField):
        return {"type": ["integer", "null"]}
    if isinstance(field, forms.DecimalField):
        return {"type": ["string", "number", "null"]}
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return {"type": ["string", "integer", "null"]}
    schema: dict[str, Any] = {"type": ["string", "null"]}
    if max_length := getattr(field, "max_length", None):
        schema["maxLength"] = max_length
    return schema


def _form_fields(form_class: type[forms.Form] | type[forms.ModelForm]) -> dict[str, forms.Field]:
    if getattr(form_class, "fields_made_in_init", False):
        return dict(form_class().fields)  # a form that adds its fields itself, without a query
    return dict(form_class.base_fields)


def step_schema(slug: str) -> dict[str, Any]:
    """The fields a builder step takes, as the web form posts them; a formset's rows are
    numbered from 0 (shown for row 0) after its management fields."""
    properties: dict[str, Any] = {}
    for prefix, form_class in STEP_FORMS[slug]:
        if prefix is not None:
            for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
                properties[f"{prefix}-{name}"] = {"type": ["integer", "string"]}
        for name, field in _form_fields(form_class).items():
            key = f"{prefix}-0-{name}" if prefix is not None else name
            properties[key] = {**_field_schema(field), "description": str(field.label or "")}
    return {
        "type": "object",
        "title": f"stap {slug}",
        "properties": properties,
        "additionalProperties": {
            "description": "Verdere rijen (-1-, -2-, …) en de RACI-letters per partij "
            "(packages-<n>-raci_<partij-id>), met de grenzen van rij 0."
        },
    }


def steps_schema() -> dict[str, Any]:
    """One of the steps' schemas (the URL's step says which)."""
    return {"oneOf": [step_schema(slug) for slug in STEP_FORMS]}


def version_header(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing: every 2xx and 3xx answer documents the `API-Version`
    header that api/middleware.py sets on all of them (NLGov API Design Rules,
    /core/version-header)."""
    header = {
        "description": "De volledige versie van de API (semver), bijvoorbeeld 1.0.0.",
        "schema": {"type": "string"},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if str(status)[0] in "23":
                    response.setdefault("headers", {})["API-Version"] = header
    return result
