"""A step's posted changes, merged with what others saved since (`builder.StepChanges`).

The view (and the API) hand `builder.save_step` a `StepEdit`; under the agreement's lock it
reads the step as it stands, merges the posted data with it (`merge.py`), and writes the result
through the step's own forms, so they validate the merged data as they validate a plain save.
With a conflict nothing is written: the page comes back holding the merged data, and each
conflict is described for a person (`Shown`): the field's Dutch label, both values as the
builder shows them, who changed theirs and when.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.db import transaction
from django.utils.translation import gettext

from agreements.document import vocabulary
from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import builder, merge
from agreements.drafting.builder import Applied
from agreements.drafting.pages import PAGES, Page, field_kinds, page_data
from agreements.models import Agreement, StepRevision

# The document's rows each formset of the builder edits: their label comes from the vocabulary.
FORMSET_ROWS = {
    "parties": "parties",
    "council": "parties",
    "packages": "ownership.work_packages",
    "tables": "governance.tables",
    "mandates": "governance.mandates",
    "escalation": "escalation",
}


def step_data(agreement_id: UUID, slug: str) -> dict[str, Any]:
    """The step's data now, as its forms would post it unchanged."""
    return page_data(PAGES[slug](Agreement.objects.get(pk=agreement_id), None))


@dataclass
class Opened:
    """A step as an editor opens it: its forms, and the revision they show."""

    agreement: Agreement
    page: Page
    revision: int
    data: dict[str, Any]


def open_step(agreement_id: UUID, slug: str) -> Opened:
    """The step's forms and the revision they show, read together.

    Read apart, a save could land in between, and the page would show data newer or older
    than its revision says: a later save from it could then undo someone's change. Saves take
    the agreement's row lock first (`builder.save_step`), so reading under that lock sees all
    of a save or nothing of it; every row the page shows is read here (`page_data`), and the
    page renders from those rows."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
        revision = builder.step_revision(agreement, STEP_BY_SLUG[slug])
        page = PAGES[slug](agreement, None)
        data = page_data(page)
    return Opened(agreement, page, revision, data)


@dataclass(frozen=True)
class Shown:
    """A conflict as the page shows it."""

    key: str  # the name of its choice's radio buttons
    label: str
    mine: str
    theirs: str
    author: str
    at: datetime | None
    row: bool  # about a whole row: deleted by the one, changed by the other


@dataclass
class StepEdit:
    """What an editor posted on a step, with their answers to conflicts shown before."""

    agreement_id: UUID
    slug: str
    posted: Any
    choices: dict[str, str] = field(default_factory=dict)
    # Posted along with something else (adding a party, an invitation): a step the editor did
    # not change is not saved, so the trail shows only what happened.
    only_if_changed: bool = False

    def current(self) -> dict[str, Any]:
        return step_data(self.agreement_id, self.slug)

    def apply(
        self, *, base: dict[str, Any] | None, current: dict[str, Any], history: list[StepRevision]
    ) -> Applied:
        agreement = Agreement.objects.get(pk=self.agreement_id)
        factory = PAGES[self.slug]
        if self.only_if_changed and not self.choices:
            layout = merge.Layout(field_kinds(factory(agreement, None)))
            seen = layout.read(base if base is not None else current)
            if not merge.changes_anything(layout, seen, layout.read(self.posted)):
                return Applied(False, unchanged=True)
        if not history and not self.choices:
            # Nobody saved this step since the editor opened it: the plain save.
            page = factory(agreement, self.posted)
            return _written(page)
        layout = merge.Layout(field_kinds(factory(agreement, None)))
        theirs = layout.read(current)
        mine = layout.read(self.posted)
        was = layout.read(base) if base is not None else None
        merge.apply_choices(layout, mine, was, self.choices)
        merged = merge.merge(layout, was, mine, theirs)
        initial = {prefix: len(rows.order) for prefix, rows in theirs.formsets.items()}
        page = factory(agreement, layout.write(merged.data, initial=initial))
        if merged.conflicts:
            return Applied(False, page, describe(layout, merged, history, was))
        return _written(page)


def _written(page: Page) -> Applied:
    if not page.is_valid():
        return Applied(False, page)
    page.write()
    return Applied(True)


def describe(
    layout: merge.Layout,
    merged: merge.Merged,
    history: list[StepRevision],
    base: merge.StepData | None,
) -> list[Shown]:
    """Each conflict for a person: label, both values shown, who changed theirs and when."""
    revisions = [(each, layout.read(each.data)) for each in history]
    shown = []
    for conflict in merged.conflicts:
        place = conflict.place
        author, at = _last_change(layout, place, revisions, base)
        if place.name == merge.ROW:
            label = _row_label(merged, place)
            mine = (
                gettext("verwijderd door jou")
                if conflict.deleted_by_me
                else gettext("gewijzigd door jou")
            )
            theirs = gettext("verwijderd") if conflict.deleted_by_them else gettext("gewijzigd")
        else:
            each = layout.field(place)
            label = str(each.label or place.name)
            if place.prefix is not None:
                label = f"{_row_label(merged, place)} › {label}"
            mine, theirs = shown_value(each, conflict.mine), shown_value(each, conflict.theirs)
        shown.append(Shown(place.key, label, mine, theirs, author, at, place.name == merge.ROW))
    return shown


def _row_label(merged: merge.Merged, place: merge.Place) -> str:
    assert place.prefix is not None and place.row is not None
    container = vocabulary.CONTAINER_BY_PATH[FORMSET_ROWS[place.prefix]]
    rows = merged.data.formsets[place.prefix]
    if place.row.startswith("new") and place.row[3:].isdigit():
        number = len(rows.order) + int(place.row[3:]) + 1
    else:
        number = rows.order.index(place.row) + 1 if place.row in rows.order else 0
    return f"{container.label} {number}" if number else str(container.label)


def _last_change(
    layout: merge.Layout,
    place: merge.Place,
    revisions: list[tuple[StepRevision, merge.StepData]],
    base: merge.StepData | None,
) -> tuple[str, datetime | None]:
    """Who last changed the value at `place` among the revisions since the editor's base."""
    found: tuple[str, datetime | None] = ("", None)
    previous: Any = _value_at(layout, place, base) if base is not None else None
    for index, (revision, data) in enumerate(revisions):
        value = _value_at(layout, place, data)
        if (index == 0 and base is None) or value != previous:
            user = revision.saved_by
            found = (user.full_name or user.email if user else "", revision.saved_at)
        previous = value
    return found


def _value_at(layout: merge.Layout, place: merge.Place, data: merge.StepData) -> Any:
    if place.prefix is None:
        return merge.comparable(layout.field(place), data.fields.get(place.name))
    rows = data.formsets.get(place.prefix, merge.Rows())
    row = rows.rows.get(place.row or "")
    if row is None or place.name == merge.ROW:
        return repr(row)
    return merge.comparable(layout.field(place), row.get(place.name))


def shown_value(each: forms.Field, value: Any) -> str:
    """A form value as the builder shows it: a choice's label, an amount, a date, ja/nee."""
    read = merge.comparable(each, value)
    if isinstance(each, forms.BooleanField):
        return gettext("ja") if read else gettext("nee")
    if isinstance(each, forms.ChoiceField | forms.ModelChoiceField):
        choices: Any = each.choices  # a list of pairs, or an iterator over a queryset
        labels = {str(key): str(label) for key, label in choices}
        if isinstance(read, frozenset):
            return ", ".join(labels.get(item, item) for item in sorted(read)) or "—"
        return labels.get(str(read), str(read)) if read != "" else "—"
    if isinstance(read, Decimal):
        return vocabulary.format_amount(read)
    if isinstance(read, date):
        return vocabulary.format_date(read)
    return str(read) if read != "" else "—"
