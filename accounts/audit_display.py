"""An audit event's changes as a person reads them: labels for the keys, values the Dutch way.

The trail stores what changed under the keys the code uses (`decided_on`, `role`,
`task.intended_result`), with values as JSON keeps them (`"2024-04-11"`, `"opsteller"`). The
beheerder's audit page reads them through `readable_changes`: each key gets its label, dates are
written in words, yes/no and choices read as words, and identifiers that mean nothing to a
person (an agreement's or a comment's id) are left out.

Accounts is the bottom layer and does not know the agreements' keys: an app above registers a
`Describer` for its own (agreements/apps.py: the document's paths through its vocabulary).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import PartnerKind, Role


@dataclass(frozen=True)
class ReadableChange:
    label: str
    was: str
    becomes: str

    @property
    def is_new(self) -> bool:
        """Nothing before: the value was set, not changed."""
        return self.was == "—"


# A describer returns the change as read, or None when the key is not its own.
Describer = Callable[[str, Any, Any], ReadableChange | None]
_describers: list[Describer] = []

# Identifiers: stored so the trail can be followed, not for reading.
HIDDEN = {"agreement", "comment", "anchor", "reviewer", "invitation", "token", "corrects"}

LABELS = {
    "email": _("E-mailadres"),
    "user": _("Persoon"),
    "role": _("Rol"),
    "manages": _("Beheert de leden"),
    "name": _("Naam"),
    "kvk_number": _("KvK-nummer"),
    "place": _("Vestigingsplaats"),
    "partner_kind": _("Soort partner"),
    "verified_at": _("Gecontroleerd op"),
    "status": _("Status"),
    "read": _("Gelezen"),
    "browser": _("Browser"),
    "sessions": _("Sessies"),
    "second_factor": _("Code van de tweede factor fout"),
    "reason": _("Reden"),
}

# Why a single sign-on failed (accounts/oidc.py FAILURES).
SSO_REASONS = {
    "unavailable": _("inlogdienst niet bereikbaar"),
    "state": _("verlopen of al gebruikt"),
    "token": _("bewijs van inloggen niet te controleren"),
    "email": _("geen bevestigd e-mailadres van het eigen domein"),
    "refused": _("afgebroken of geweigerd"),
}

CHOICES: dict[str, Callable[[], dict[str, str]]] = {
    "reason": lambda: {value: str(label) for value, label in SSO_REASONS.items()},
    "role": lambda: {value: str(label) for value, label in Role.choices},
    "partner_kind": lambda: {value: str(label) for value, label in PartnerKind.choices},
}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def register(describer: Describer) -> None:
    """Let an app above name its own keys (called from its AppConfig.ready)."""
    if describer not in _describers:
        _describers.append(describer)


def show_value(value: Any, choices: dict[str, str] | None = None) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, list):
        return ", ".join(show_value(item, choices) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show_value(item, choices)}" for key, item in value.items())
    text = str(value)
    if choices and text in choices:
        return str(choices[text])
    if ISO_DATE.match(text):
        return formats.date_format(date.fromisoformat(text), "j F Y")
    if ISO_MOMENT.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        return formats.date_format(moment, "j F Y H:i")
    return text


def _fallback(key: str) -> str:
    return key.replace("_", " ").capitalize()


def readable_changes(changes: dict[str, Any]) -> list[ReadableChange]:
    """Every change of an event that means something to a person, labelled and formatted."""
    shown = []
    for key, values in changes.items():
        if key in HIDDEN:
            continue
        was, becomes = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        for describer in _describers:
            found = describer(key, was, becomes)
            if found is not None:
                shown.append(found)
                break
        else:
            choices = CHOICES[key]() if key in CHOICES else None
            shown.append(
                ReadableChange(
                    str(LABELS.get(key, _fallback(key))),
                    show_value(was, choices),
                    show_value(becomes, choices),
                )
            )
    return shown
