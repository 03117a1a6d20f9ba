"""How the agreements' audit keys read on the beheerder's audit page (accounts/audit_display).

A step's save records what changed under the document's paths (`task.intended_result`,
`governance.mandates[2].max_amount`): the vocabulary names them and shows their values. The
other keys are the domain functions' own (`decided_on`, `method`, `visibility`), with their
labels and choices here.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.audit_display import ReadableChange, show_value
from agreements.document import vocabulary
from agreements.document.outline import STEP_BY_SLUG
from agreements.models import CommentVisibility, PdfKind, ReviewAnswer, SignatureMethod

LABELS = {
    "version": _("Versie"),
    "sha256": _("Vingerafdruk (SHA-256)"),
    "note": _("Toelichting"),
    "based_on": _("Gebaseerd op versie"),
    "public": _("Openbaar"),
    "basis": _("Bevoegd op grond van"),
    "fully_signed": _("Door alle partijen ondertekend"),
    "party_complete": _("Partij heeft genoeg handtekeningen"),
    "signing_plan": _("Volgorde van ondertekenen"),
    "method": _("Wijze van ondertekenen"),
    "signatory": _("Ondertekenaar"),
    "attachments": _("Bijlagen"),
    "decided_on": _("Datum besluit"),
    "reference": _("Kenmerk"),
    "table": _("Tafel"),
    "what": _("Besluit"),
    "actions": _("Vervolgacties"),
    "content_score": _("Score inhoud"),
    "process_score": _("Score proces"),
    "relationship_score": _("Score relatie"),
    "held_on": _("Datum evaluatie"),
    "mandate": _("Mandaat"),
    "content_note": _("Toelichting inhoud"),
    "process_note": _("Toelichting proces"),
    "relationship_note": _("Toelichting relatie"),
    "reason": _("Wat er niet klopte"),
    "leads_to_amendment": _("Leidt tot wijziging"),
    "draft_number": _("Concept"),
    "due_date": _("Reageren vóór"),
    "parties": _("Partijen"),
    "reviewers": _("Gevraagd aan"),
    "body": _("Tekst"),
    "mentions": _("Genoemd"),
    "step": _("Stap"),
    "visibility": _("Zichtbaarheid"),
    "revision": _("Bewerking"),
    "title": _("Titel"),
    "template": _("Sjabloon"),
    "answer": _("Antwoord"),
    "resolved_at": _("Afgehandeld op"),
    "owner": _("Eigenaar"),
    "due_on": _("Uiterlijk"),
    "description": _("Actie"),
    "pdfs": _("PDF's"),
}

CHOICES: dict[str, Callable[[], dict[str, str]]] = {
    "method": lambda: {value: str(label) for value, label in SignatureMethod.choices},
    "visibility": lambda: {value: str(label) for value, label in CommentVisibility.choices},
    "answer": lambda: {value: str(label) for value, label in ReviewAnswer.choices},
    "step": lambda: {slug: str(step.title) for slug, step in STEP_BY_SLUG.items()},
    "pdfs": lambda: {value: str(label) for value, label in PdfKind.choices},
}


def describe_change(key: str, was: Any, becomes: Any) -> ReadableChange | None:
    """The change under `key` as read, or None for a key that is not the agreements'."""
    if vocabulary.field(key) is not None:
        return ReadableChange(
            vocabulary.describe(key),
            vocabulary.display(key, was) or "—",
            vocabulary.display(key, becomes) or "—",
        )
    if key in LABELS:
        choices = CHOICES[key]() if key in CHOICES else None
        return ReadableChange(
            str(LABELS[key]), show_value(was, choices), show_value(becomes, choices)
        )
    return None
