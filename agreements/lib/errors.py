"""Domain errors with a code: views and tests route and match them by code, never by text.

Every `ValidationError` a domain function raises carries a code from its module's error
class (a `StrEnum`, such as `AdoptionError.NOTE_REQUIRED`). A field's error names its field as
well, so a view can put it beside that field in any language.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError about one field (as a form would raise it), with a code."""
    return ValidationError({field: ValidationError(message, code=code)})


def many(messages: Iterable[str], code: str) -> ValidationError:
    """Several messages of one kind (such as an import's errors), each with the code."""
    return ValidationError([ValidationError(message, code=code) for message in messages])


def codes(error: ValidationError) -> set[str]:
    """Every code in an error, whatever its form (single, list or per field)."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors if e.code}
    return {e.code for e in error.error_list if e.code}


def has_code(error: ValidationError, code: str) -> bool:
    return code in codes(error)
