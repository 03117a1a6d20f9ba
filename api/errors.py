"""How the API says what went wrong: problem details (RFC 9457, `application/problem+json`),
as the NLGov API Design Rules ask (/core/error-handling/problem-details).

Every 4xx and 5xx answer under /api/ has `status`, `title` (Dutch, by status) and `detail`
(Dutch, what went wrong here); invalid input (400) lists each field in `invalidParams`
(`name`, `code`, `reason`), all of them at once (/core/error-handling/all-errors). Extra
members say more where a client can act on it (a 409's `conflicts`, the current `revision`).

- DRF's exceptions (404, 401, 403, 405, 406, 415, 429, validation) pass through
  `exception_handler`; views that answer an error themselves call `problem` or `invalid`.
- An error outside DRF (an unhandled exception, a body too large, a host not allowed) reaches
  Django's error handlers, which answer a problem for /api/ paths (`api_aware`).
"""

import math
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.utils import ErrorList
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ErrorDetail, Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: _("Ongeldige invoer"),
    401: _("Niet aangemeld"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Gevraagd formaat niet beschikbaar"),
    409: _("Conflict"),
    412: _("Revisie verouderd"),
    413: _("Verzoek te groot"),
    415: _("Formaat van het verzoek niet ondersteund"),
    428: _("Revisie ontbreekt"),
    429: _("Te veel verzoeken"),
    500: _("Interne fout"),
    503: _("Niet beschikbaar"),
}
# What a status says when the view gives no detail of its own.
DETAILS = {
    400: _("Het verzoek is niet in orde."),
    404: _("Hier is niets te vinden, of je mag het niet zien."),
    413: _("Het verzoek is te groot."),
    500: _("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
}
INVALID_INPUT = _("De invoer is niet in orde; zie invalidParams voor elk veld.")


def title_for(status: int) -> str:
    fallback = gettext("Fout") if status < 500 else gettext("Serverfout")
    return str(TITLES.get(status, fallback))


def problem_body(status: int, detail: str, **members: Any) -> dict[str, Any]:
    return {"status": status, "title": title_for(status), "detail": str(detail), **members}


def problem(
    status: int, detail: str, *, headers: dict[str, str] | None = None, **members: Any
) -> Response:
    """A problem answer from a view: `status`, its title, `detail` and any extra members."""
    return Response(
        problem_body(status, detail, **members),
        status=status,
        headers=headers,
        content_type=PROBLEM_JSON,
    )


def invalid_params(errors: Any, name: str = "") -> list[dict[str, str]]:
    """Each message of a DRF or Django form error structure as {name, code, reason}; nested
    fields are named with dots (`parties.0.name`); form-wide messages have no name."""
    if isinstance(errors, ErrorList):
        errors = errors.as_data()
    if isinstance(errors, Mapping):
        found = []
        for key, value in errors.items():
            inner = "" if key in ("__all__", "non_field_errors") else str(key)
            found += invalid_params(value, f"{name}.{inner}" if name and inner else inner or name)
        return found
    if isinstance(errors, list | tuple):
        return [param for each in errors for param in invalid_params(each, name)]
    if isinstance(errors, DjangoValidationError):
        if hasattr(errors, "error_dict"):
            return invalid_params(errors.error_dict, name)
        return [
            _param(name, each.code or "invalid", str(message))
            for each, message in zip(errors.error_list, errors.messages, strict=True)
        ]
    code = errors.code if isinstance(errors, ErrorDetail) and errors.code else "invalid"
    return [_param(name, code, str(errors))]


def _param(name: str, code: str, reason: str) -> dict[str, str]:
    return (
        {"name": name, "code": code, "reason": reason} if name else {"code": code, "reason": reason}
    )


def invalid(errors: Any, *, headers: dict[str, str] | None = None, **members: Any) -> Response:
    """400 for invalid input, with every field's messages in `invalidParams`."""
    return problem(
        400, str(INVALID_INPUT), headers=headers, invalidParams=invalid_params(errors), **members
    )


class TooManyRequests(Throttled):
    """429, with DRF's `Retry-After`; DRF's own Dutch is half English ("Aanvraag was verstikt.
    Expected available in 30 seconds.")."""

    def __init__(self, wait: float | None) -> None:
        seconds = math.ceil(wait or 1)
        detail = ngettext(
            "Te veel verzoeken. Probeer het over %(seconds)d seconde opnieuw.",
            "Te veel verzoeken. Probeer het over %(seconds)d seconden opnieuw.",
            seconds,
        ) % {"seconds": seconds}
        super().__init__(detail=detail)
        self.wait = seconds  # DRF's handler sends it as Retry-After


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (its statuses and headers: WWW-Authenticate, Retry-After), its body made a
    problem. Anything DRF does not handle is a 500, answered by `api_aware` after Django has
    logged it."""
    if isinstance(exc, Throttled) and not isinstance(exc, TooManyRequests):
        exc = TooManyRequests(wait=getattr(exc, "wait", None))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    if isinstance(exc, ValidationError):
        body = problem_body(status, str(INVALID_INPUT), invalidParams=invalid_params(exc.detail))
    else:
        data = response.data if isinstance(response.data, Mapping) else {}
        body = problem_body(status, str(data.get("detail") or DETAILS.get(status, "")))
    response.data = body
    response.content_type = PROBLEM_JSON
    return response


def api_aware(handler: Callable[..., HttpResponse], status: int) -> Callable[..., HttpResponse]:
    """Django's error handler `handler` for the site; a problem answer for /api/ paths."""

    def handle(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return handler(request, *args, **kwargs)
        detail = DETAILS.get(status, TITLES.get(status, ""))
        return JsonResponse(
            problem_body(status, str(detail)), status=status, content_type=PROBLEM_JSON
        )

    return handle
