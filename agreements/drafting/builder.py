"""Building an agreement step by step, by several editors at once.

Each save names the revision of its step it was based on; what others saved since is merged
with it field by field and row by row (`merge.py`), so no update is ever silently lost and
editors on different steps never meet. A field both changed is a conflict the editor answers.
Every save records an audit event with the field-level changes of its step.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.audit import changes_between, record_event
from accounts.models import AuditAction, AuditEvent, Organisation, Role, User
from agreements.document import vocabulary
from agreements.document.build import build_document, load_agreement
from agreements.document.outline import Step
from agreements.document.paths import flatten
from agreements.document.write import Resolved, write_draft
from agreements.models import (
    Agreement,
    AgreementTemplate,
    CoreValue,
    Party,
    StepRevision,
)
from agreements.permissions import acting_organisation, can_edit, drafting_organisations, require
from notifications.models import Kind
from notifications.sending import Message, notify

STEP_SAVED = AuditAction.STEP_SAVED
DRAFT_CLOSED_MESSAGE = _("Deze afspraak is vastgesteld. Begin een wijziging om haar aan te passen.")


class DraftClosed(ValidationError):
    """The agreement has been adopted and no amendment is open."""


@dataclass(frozen=True)
class FieldChange:
    """One field another editor changed, as a person reads it."""

    label: str  # "Beoogd resultaat", "Mandaat 2 › Tot bedrag (euro)"
    before: str
    after: str


@dataclass(frozen=True)
class Save:
    """A save by someone else, with what it changed."""

    event: AuditEvent
    changes: list[FieldChange]


def readable_saves(saves: list[AuditEvent], names: dict[str, str] | None = None) -> list[Save]:
    """Saves of a step, each field named and each value shown by the vocabulary (`names`:
    party keys to names)."""
    return [
        Save(
            event,
            [
                FieldChange(
                    vocabulary.describe(path, names=names),
                    vocabulary.display(path, before, names=names),
                    vocabulary.display(path, after, names=names),
                )
                for path, (before, after) in event.changes.items()
                if path not in ("revision", "step")
            ],
        )
        for event in saves
    ]


def saves_since(agreement: Agreement, step: Step, revision: int) -> list[AuditEvent]:
    """The saves of `step` after its revision `revision`, oldest first."""
    # The step and revision are read in the database (JSON keys): a draft's whole trail is
    # not loaded to find the few saves since the editor's revision.
    return list(
        AuditEvent.objects.filter(
            object_type=Agreement._meta.label_lower,
            object_id=str(agreement.pk),
            action=STEP_SAVED,
            changes__step__0=step.slug,
            changes__revision__1__gt=revision,
        )
        .select_related("actor", "organisation")
        .order_by("at", "id")
    )


def step_revision(agreement: Agreement, step: Step) -> int:
    """The number of the step's latest revision (0 before its first save)."""
    latest = (
        StepRevision.objects.filter(agreement=agreement, step=step.slug)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return latest or 0


@dataclass
class Applied:
    """What a step's changes did: written, or not (conflicts, or the merged data invalid)."""

    written: bool
    page: Any = None  # the step's forms to show again when nothing was written
    conflicts: list[Any] = field(default_factory=list)
    unchanged: bool = False  # nothing to write: the editor changed nothing


class StepChanges(Protocol):
    """A step's posted changes, as the drafting pages know them (`pages.StepEdit`)."""

    def current(self) -> dict[str, Any]:
        """The step's data now, as its forms would post it unchanged."""

    def apply(
        self, *, base: dict[str, Any] | None, current: dict[str, Any], history: list[StepRevision]
    ) -> Applied:
        """Merge the posted data with what others saved since `base` (`history`: their
        revisions) and write it, unless a conflict is open or the result is invalid."""


@dataclass
class StepSaved:
    """The outcome of `save_step`."""

    written: bool
    revision: int  # the step's revision the page now stands on
    page: Any = None
    conflicts: list[Any] = field(default_factory=list)
    others: list[AuditEvent] = field(default_factory=list)  # saves by others merged in
    unchanged: bool = False


@transaction.atomic
def save_step(
    *,
    agreement: Agreement,
    step: Step,
    base_revision: int,
    acting_user: User,
    changes: StepChanges,
) -> StepSaved:
    """Merge an editor's changes to a step, made on its revision `base_revision`, with what
    others saved since, and write them (`drafting/merge.py`); only an opsteller of a party saves.

    Nothing is written while a field both changed is open: the outcome then carries the
    conflicts and the page to answer them on, at the step's latest revision.
    """
    require(can_edit(acting_user, agreement))
    # The conditional UPDATE takes the agreement's row lock (PostgreSQL) or the write lock
    # (SQLite) first: saves of one agreement, and its adoption, follow one another.
    claimed = Agreement.objects.filter(pk=agreement.pk, draft_open=True).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise DraftClosed(DRAFT_CLOSED_MESSAGE, code="draft_closed")
    latest = step_revision(agreement, step)
    if not 0 <= base_revision <= latest:
        base_revision = -1  # not a revision of this step: merge without a base
    history = list(
        StepRevision.objects.filter(
            agreement=agreement, step=step.slug, number__gte=max(base_revision, 0)
        ).order_by("number")
    )
    current = changes.current()
    if not history:
        # The step's first save: what it holds now is revision 0, the base of every editor
        # who opened it before.
        first = StepRevision.objects.create(
            agreement=agreement, step=step.slug, number=0, data=current
        )
        history = [first]
    base = next((each.data for each in history if each.number == base_revision), None)
    others = saves_since(agreement, step, base_revision) if base_revision < latest else []
    before = flatten(build_document(load_agreement(agreement.pk))[step.section], step.section)
    applied = changes.apply(
        base=base,
        current=current,
        history=[each for each in history if each.number > base_revision],
    )
    if not applied.written:
        transaction.set_rollback(True)
        return StepSaved(False, latest, applied.page, applied.conflicts, others, applied.unchanged)
    locked = load_agreement(agreement.pk)
    after = flatten(build_document(locked)[step.section], step.section)
    revision = StepRevision.objects.create(
        agreement=agreement,
        step=step.slug,
        number=latest + 1,
        data=changes.current(),
        saved_by=acting_user,
    )
    record_event(
        actor=acting_user,
        action=STEP_SAVED,
        target=locked,
        organisation=acting_organisation(acting_user, locked),
        changes={
            "step": [step.slug, step.slug],
            "revision": [base_revision, revision.number],
            **changes_between(before, after),
        },
    )
    return StepSaved(True, revision.number, None, [], others)


# Who hears that their organisation became a party: those who draft for it and manage it.
INVITED_ROLES = (Role.OPSTELLER, Role.BEHEERDER)


@dataclass
class Addition:
    """A change that only adds (a party, the model ladder): there is nothing of others' to
    merge it with. `read` gives the step's data as its forms would post it."""

    write: Callable[[], None]
    read: Callable[[], dict[str, Any]]

    def current(self) -> dict[str, Any]:
        return self.read()

    def apply(
        self, *, base: dict[str, Any] | None, current: dict[str, Any], history: list[StepRevision]
    ) -> Applied:
        self.write()
        return Applied(True)


@transaction.atomic
def add_party(
    *,
    agreement: Agreement,
    organisation: Organisation,
    step: Step,
    acting_user: User,
    read: Callable[[], dict[str, Any]],
) -> Agreement:
    """Add `organisation` as the next party (a save of the parties step; `read` gives that
    step's data) and notify its opstellers and beheerders (kind PARTY_INVITED, once per
    agreement and organisation)."""

    def write() -> None:
        position = agreement.parties.count()
        Party.objects.create(agreement=agreement, organisation=organisation, position=position)

    save_step(
        agreement=agreement,
        step=step,
        base_revision=step_revision(agreement, step),
        acting_user=acting_user,
        changes=Addition(write, read),
    )
    locked = load_agreement(agreement.pk)
    title = Message(
        gettext_noop("%(organisation)s is partij bij “%(title)s”"),
        {"organisation": str(organisation), "title": locked.title},
    )
    notify(
        kind=Kind.PARTY_INVITED,
        recipients=User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=INVITED_ROLES
        ).distinct(),
        title=title,
        url=reverse("agreement_detail", args=[locked.pk]),
        key=f"party_invited:{locked.pk}:{organisation.pk}",
        actor=acting_user,
    )
    return locked


@transaction.atomic
def create_agreement(
    *,
    title: str,
    organisation: Organisation,
    acting_user: User,
    template: AgreementTemplate | None = None,
) -> Agreement:
    """Start a draft with the user's organisation as first party, perhaps from a template."""
    require(drafting_organisations(acting_user).filter(pk=organisation.pk).exists())
    agreement = Agreement.objects.create(title=title, created_by=acting_user, template=template)
    Party.objects.create(agreement=agreement, organisation=organisation, position=0)
    if template is not None:
        apply_template(agreement=agreement, template=template)
    record_event(
        actor=acting_user,
        action=AuditAction.AGREEMENT_CREATED,
        target=agreement,
        organisation=organisation,
        changes={"title": [None, title], "template": [None, template.slug if template else None]},
    )
    return agreement


def _cut(path: str, value: Any) -> str:
    """Template texts are reference data an administrator typed: cut to the field's limit."""
    return str(value or "")[: vocabulary.limit(path)]


def apply_template(*, agreement: Agreement, template: AgreementTemplate) -> None:
    """Pre-fill theme, style, tables, escalation ladder, values and work packages from a
    template, through the one writer."""
    content = template.content or {}
    document = build_document(load_agreement(agreement.pk))
    task = document["task"]
    task["theme"] = content.get("theme", task["theme"]) or ""
    task["governance_style"] = content.get("governance_style", task["governance_style"]) or ""
    document["governance"]["tables"] += [
        {
            "id": None,
            "name": _cut("governance.tables.name", table.get("name")),
            "level": table.get("level", ""),
            "members": [],
            "chair": None,
            "independent_chair": "",
            "cadence": _cut("governance.tables.cadence", table.get("cadence")),
            "decides": _cut("governance.tables.decides", table.get("decides")),
        }
        for table in content.get("tables", [])
    ]
    document["escalation"] += _ladder(content.get("escalation", []))
    core_values = document["values"]["core_values"]
    for value, how in (content.get("values") or {}).items():
        if value in CoreValue.values:
            core_values[value] = _cut("values.core_values", how)
    document["ownership"]["work_packages"] += [
        {
            "id": None,
            "name": _cut("ownership.work_packages.name", package.get("name")),
            "description": _cut("ownership.work_packages.description", package.get("description")),
            "raci": {},
        }
        for package in content.get("work_packages", [])
    ]
    write_draft(
        agreement,
        document,
        Resolved.for_agreement(agreement),
        sections=("task", "ownership", "governance", "escalation", "values"),
    )


def _ladder(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": None,
            "trigger": _cut("escalation.trigger", step.get("trigger")),
            "handler": _cut("escalation.handler", step.get("handler")),
            "deadline_days": step.get("deadline_days"),
            "outcome": _cut("escalation.outcome", step.get("outcome")),
            "deadlock_resolution": step.get("deadlock_resolution", ""),
        }
        for step in steps
    ]


def add_escalation_steps(*, agreement: Agreement, steps: list[dict[str, Any]]) -> None:
    """Append escalation steps (from a template or the model ladder) after the existing ones."""
    document = build_document(load_agreement(agreement.pk))
    document["escalation"] += _ladder(steps)
    write_draft(agreement, document, Resolved.for_agreement(agreement), sections=("escalation",))


# The model clause of Aanwijzing 16.3, as a starting point for the escalation step.
MODEL_LADDER: list[dict[str, Any]] = [
    {
        "trigger": "Een partij meldt schriftelijk dat een geschil is ontstaan",
        "handler": "Ambtelijk contactpersonen van de betrokken partijen",
        "deadline_days": 10,
        "outcome": "Ontvangstbevestiging en afspraak voor overleg",
        "deadlock_resolution": "",
    },
    {
        "trigger": "De andere partijen geven hun zienswijze en een voorstel",
        "handler": "Ambtelijk overleg",
        "deadline_days": 15,
        "outcome": "Gezamenlijk voorstel of een helder verschil van inzicht",
        "deadlock_resolution": "",
    },
    {
        "trigger": "Geen overeenstemming na ambtelijk overleg",
        "handler": "Bestuurlijk overleg",
        "deadline_days": 20,
        "outcome": "Bestuurlijk besluit over het geschil",
        "deadlock_resolution": "",
    },
    {
        "trigger": "Geen overeenstemming na bestuurlijk overleg",
        "handler": "Onafhankelijk voorzitter, kosten gelijk verdeeld",
        "deadline_days": 30,
        "outcome": "Advies of bemiddeld akkoord; pas daarna de rechter",
        "deadlock_resolution": "onafhankelijk_voorzitter",
    },
]
