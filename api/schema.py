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
    if isinstance(field, forms.DateField):
        return {"type": ["string", "null"], "format": "date"}
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


PROBLEM = {
    "type": "object",
    "description": "Wat er misging (RFC 9457, application/problem+json).",
    "required": ["status", "title", "detail"],
    "properties": {
        "status": {"type": "integer", "description": "De HTTP-status.", "examples": [404]},
        "title": {"type": "string", "description": "Wat voor fout het is, per status."},
        "detail": {"type": "string", "description": "Wat hier misging."},
        "invalidParams": {
            "type": "array",
            "description": "Bij ongeldige invoer (400): elk veld met wat eraan schort.",
            "items": {
                "type": "object",
                "required": ["code", "reason"],
                "properties": {
                    "name": {"type": "string", "description": "Het veld (a.b voor genest)."},
                    "code": {"type": "string", "description": "Soort fout, zoals required."},
                    "reason": {"type": "string", "description": "De melding."},
                },
            },
        },
    },
}
# What each error status means for every operation it can happen to.
ERRORS = {
    400: "Ongeldige invoer: de parameters of de body; invalidParams noemt elk veld.",
    401: "Niet aangemeld: geen of een ongeldige API-sleutel.",
    403: "Geen toegang: met een sessie zonder CSRF-token, of zonder het recht hiertoe.",
    404: "Niet gevonden, of niet zichtbaar voor wie het vraagt; of een pagina voorbij de laatste.",
    406: "Het gevraagde formaat (Accept) is er niet.",
    415: "De body is geen JSON (Content-Type: application/json).",
    429: "Te veel verzoeken; Retry-After zegt over hoeveel seconden het weer kan.",
    500: "Er ging iets mis aan de kant van de API.",
}
WITH_BODY = ("post", "put", "patch")


def _errors_of(method: str, operation: dict[str, Any]) -> list[int]:
    anonymous = {} in operation.get("security", [{}])
    statuses = [406, 429, 500]
    if method in WITH_BODY or operation.get("parameters"):
        statuses.append(400)
    if not anonymous:
        statuses.append(401)
        if method in (*WITH_BODY, "delete"):
            statuses.append(403)
    parameters = operation.get("parameters", [])
    if any(param["in"] == "path" or param["name"] == "page" for param in parameters):
        statuses.append(404)
    if method in WITH_BODY:
        statuses.append(415)
    return statuses


def problem_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation documents the error statuses it can
    answer (api/errors.py), each as problem details; a status an operation documents itself
    (a 409, a 412) keeps its description and gets the same body."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _errors_of(method, operation):
                responses.setdefault(str(status), {"description": ERRORS[status]})
            for status, response in responses.items():
                if str(status)[0] in "45":
                    response["content"] = content
                    if not response.get("description"):
                        response["description"] = ERRORS.get(int(status), "Fout.")
            operation["responses"] = dict(sorted(responses.items()))
    return result


# Per operation, its Dutch summary and description: what an integrator reads in the schema and
# in the generated client. A new operation without one fails tests/api/test_design_rules.py.
OPERATIONS = {
    "agreements_list": (
        "Afspraken zoeken",
        "De afspraken die je mag zien, te filteren op zoekwoorden, partij, laag, thema, status "
        "en jaar; per pagina van 25 (pageSize tot 100).",
    ),
    "agreements_create": (
        "Een concept beginnen",
        "Een nieuwe afspraak als concept, met jouw organisatie als eerste partij. Location "
        "noemt het adres van het concept.",
    ),
    "agreements_retrieve": (
        "Een afspraak lezen",
        "De afspraak met haar status, partijen en de nummers van de huidige en de ondertekende "
        "versie.",
    ),
    "agreements_comments_list": (
        "Opmerkingen lezen",
        "De draden met opmerkingen die je mag lezen, oudste eerst: gedeelde draden voor alle "
        "leden van de partijen, interne alleen voor de leden van de organisatie die ze schreef.",
    ),
    "agreements_comments_create": (
        "Een opmerking plaatsen",
        "Een opmerking bij een stap van het open concept, in een nieuwe draad: gedeeld met "
        "alle partijen of intern voor je eigen organisatie.",
    ),
    "agreements_comments_replies_create": (
        "Reageren",
        "Een reactie in een draad die je mag lezen; wie in de draad schreef, krijgt een melding.",
    ),
    "agreements_comments_resolution_create": (
        "Een draad afhandelen",
        "Markeer de draad als afgehandeld.",
    ),
    "agreements_comments_resolution_destroy": (
        "Een draad heropenen",
        "Zet een afgehandelde draad weer open.",
    ),
    "agreements_completeness_retrieve": (
        "De controle van het concept",
        "Wat nog ontbreekt voordat het open concept kan worden vastgesteld, per stap; blocking "
        "zegt of het vaststellen erop wacht of dat het een advies is.",
    ),
    "agreements_versions_create": (
        "Een versie vaststellen",
        "Stel het complete open concept vast als de volgende versie, met een toelichting. 409 "
        "als er geen open of geen compleet concept is; de controle zegt wat er ontbreekt.",
    ),
    "agreements_versions_signing_retrieve": (
        "De stand van de ondertekening",
        "Per partij hoeveel handtekeningen nodig zijn en gezet, en in welke ronde. Ondertekenen "
        "zelf doet een persoon in de browser.",
    ),
    "templates_list": (
        "Sjablonen",
        "De sjablonen waarmee een nieuw concept kan beginnen (template bij POST /agreements).",
    ),
    "agreements_decisions_list": (
        "Besluitenlijst lezen",
        "De besluiten van de overlegtafels van de afspraak, oudste eerst.",
    ),
    "agreements_decisions_create": (
        "Een besluit vastleggen",
        "Een besluit van een overlegtafel, met dezelfde regels als het formulier op de site; "
        "alleen voor leden die besluiten vastleggen.",
    ),
    "agreements_reviews_list": (
        "Leesrondes",
        "De leesrondes van het open concept, met wie gevraagd is en wat zij antwoordden.",
    ),
    "agreements_reviews_create": (
        "Om een leesronde vragen",
        "Vraag partijen van de afspraak het open concept vóór een datum te lezen; hun leden "
        "krijgen een melding.",
    ),
    "agreements_reviews_answers_create": (
        "Een leesronde beantwoorden",
        "Antwoord voor jezelf of je partij: akkoord, of opmerkingen met toelichting. Een "
        "antwoord kan later nog veranderen.",
    ),
    "agreements_sections_retrieve": (
        "Een onderdeel van het concept lezen",
        "Een onderdeel van het open concept (task, parties, ownership, governance, escalation, "
        "values of term) zoals het document van een versie het heeft, met de revisie van zijn "
        "stap in de ETag.",
    ),
    "agreements_sections_update": (
        "Een onderdeel van het concept opslaan",
        'Stuur het onderdeel terug als {"data": …} met If-Match. Het wordt gecontroleerd als '
        "bij importeren en opgeslagen als de stap in de bouwer: wat een ander intussen in andere "
        "velden opsloeg blijft staan; een veld dat jullie allebei wijzigden geeft 409.",
    ),
    "agreements_steps_retrieve": (
        "Een stap van het concept lezen",
        "De velden van een stap van de bouwer, zoals het formulier ze verstuurt, met de revisie "
        "in de ETag.",
    ),
    "agreements_steps_update": (
        "Een stap van het concept opslaan",
        "Stuur de velden terug met If-Match (de gelezen revisie). Wat een ander intussen in "
        "andere velden opsloeg, wordt samengevoegd; een veld dat jullie allebei wijzigden geeft "
        "409 met beide waarden, en er wordt niets opgeslagen.",
    ),
    "agreements_timeline_list": (
        "Tijdlijn lezen",
        "Alles wat met de afspraak gebeurde, oudste eerst.",
    ),
    "agreements_versions_list": (
        "Versies lezen",
        "De vastgestelde versies van de afspraak, oudste eerst.",
    ),
    "agreements_versions_retrieve": (
        "Een versie lezen",
        "Eén versie: het canonieke JSON-document, de SHA-256 en de ondertekeningen. Met "
        "If-None-Match en de ETag antwoordt de API 304 zolang de versie niet veranderde.",
    ),
    "agreements_versions_pdf_retrieve": (
        "De PDF van een versie",
        "De archief-PDF (PDF/A) van de versie, verzegeld zodra elke partij tekende; 202 zolang "
        "hij gemaakt wordt. Vraag om application/pdf.",
    ),
    "agreements_versions_archive_retrieve": (
        "Het archiefpakket van een versie",
        "Een door alle partijen ondertekende versie als ZIP voor een zaaksysteem, DMS of "
        "e-Depot: de verzegelde PDF, de canonieke JSON en een MDTO-record (informatieobject en "
        "bestanden met checksum). Vraag om application/zip; elke uitvoer wordt vastgelegd.",
    ),
    "organisations_list": (
        "Organisaties zoeken",
        "De organisaties uit de referentiegegevens: rijk, provincies, gemeenten, waterschappen "
        "en partners.",
    ),
    "organisations_retrieve": ("Een organisatie lezen", "Eén organisatie met haar code."),
    "public_agreements_list": (
        "Openbaar register",
        "Van elke openbare afspraak de laatst gepubliceerde versie (Woo); zonder aanmelden.",
    ),
    "public_publications_retrieve": (
        "Een publicatie lezen",
        "Een gepubliceerde versie, zonder de persoonsgegevens die de Woo niet openbaar maakt.",
    ),
}
TAGS = {
    "agreements": ("afspraken", "Afspraken, hun concepten, versies, besluiten en opmerkingen."),
    "organisations": ("organisaties", "Organisaties uit de referentiegegevens."),
    "templates": ("sjablonen", "Sjablonen om een concept mee te beginnen."),
    "public": ("openbaar", "Het openbare register, zonder aanmelden."),
}


def dutch_operations(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing: each operation's Dutch summary and description
    (OPERATIONS; the views' docstrings are for developers) and Dutch tags."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if operation["operationId"] in OPERATIONS:
                operation["summary"], operation["description"] = OPERATIONS[
                    operation["operationId"]
                ]
            operation["tags"] = [TAGS[tag][0] if tag in TAGS else tag for tag in operation["tags"]]
    result["tags"] = [{"name": name, "description": text} for name, text in TAGS.values()]
    return result
