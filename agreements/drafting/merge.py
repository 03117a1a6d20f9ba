"""Three-way merge of a builder step's form data: what this editor changed, what others changed.

A save names the revision of its step it was based on (`base`). Between then and now others may
have saved the same step (`current`). What the editor posted (`mine`) is compared with the base
field by field and row by row, rows matched by their id (formsets post each row's id):

- a field only the editor changed takes the editor's value; one only others changed keeps
  theirs; one both changed to the same value is no conflict;
- a field both changed to different values is a `Conflict`; so is a row the one deleted and the
  other changed. Nothing is written while a conflict is open: the page shows the merged data
  with the editor's values where they conflict, and both values side by side; the editor
  answers per conflict and saves again from that page (`apply_choices`);
- rows added by either are kept (the editor's after the others'); a row deleted by either and
  not changed by the other is deleted; the order of the rows is the others' unless only the
  editor reordered them.

Values are compared as their form field reads them (`75000.00` and `75000` are one amount),
never as text. The data are what a step's forms post (`pages.page_data` gives the same shape).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME

# Fields of a formset's rows that are about the row, not its content.
ROW_META = ("id", DELETION_FIELD_NAME, ORDERING_FIELD_NAME)
TOTAL = "TOTAL_FORMS"
ROW_FIELD = re.compile(r"^(?P<prefix>[\w]+)-__prefix__-(?P<name>.+)$")
THEIRS = "theirs"
ROW = "__row__"  # the name of a whole row's conflict


@dataclass
class Rows:
    """A formset's rows: existing rows by id in order, new rows (no id yet), deleted ids."""

    order: list[str] = field(default_factory=list)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: list[dict[str, Any]] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)


@dataclass
class StepData:
    """A step's data: the plain fields by name and each formset's rows by prefix."""

    fields: dict[str, Any] = field(default_factory=dict)
    formsets: dict[str, Rows] = field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    """Where a value is: a plain field (`prefix` None) or a field of a row (`row` its id)."""

    name: str
    prefix: str | None = None
    row: str | None = None

    @property
    def key(self) -> str:
        """A name for the choice's radio buttons that survives rows moving."""
        return f"keuze:{self.prefix or '-'}:{self.row or '-'}:{self.name}"


@dataclass
class Conflict:
    place: Place
    mine: Any
    theirs: Any
    deleted_by_them: bool = False  # they deleted the row the editor changed
    deleted_by_me: bool = False  # the editor deleted the row they changed


@dataclass
class Merged:
    data: StepData
    conflicts: list[Conflict]


class Layout:
    """The fields of a step's forms, by the name they are posted under."""

    def __init__(self, fields: dict[str, forms.Field]):
        self.plain: dict[str, forms.Field] = {}
        self.row_fields: dict[str, dict[str, forms.Field]] = {}
        for name, each in fields.items():
            found = ROW_FIELD.match(name)
            if found:
                self.row_fields.setdefault(found["prefix"], {})[found["name"]] = each
            elif not re.match(r"^[\w]+-\d+-", name) and not name.endswith(
                ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
            ):
                self.plain[name] = each

    def field(self, place: Place) -> forms.Field:
        if place.prefix is None:
            return self.plain[place.name]
        return self.row_fields[place.prefix][place.name]

    def content_fields(self, prefix: str) -> dict[str, forms.Field]:
        return {
            name: each for name, each in self.row_fields[prefix].items() if name not in ROW_META
        }

    def read(self, data: Any) -> StepData:
        """The step's data from posted data (a QueryDict) or from `page_data` (a dict)."""

        def value(each: forms.Field, name: str) -> Any:
            return each.widget.value_from_datadict(data, {}, name)

        read = StepData({name: value(each, name) for name, each in self.plain.items()})
        for prefix, row_fields in self.row_fields.items():
            rows = Rows()
            try:
                total = min(int(data.get(f"{prefix}-{TOTAL}", 0)), 1000)
            except (TypeError, ValueError):
                total = 0
            ordered: list[tuple[float, str | dict[str, Any]]] = []
            for index in range(total):
                name = f"{prefix}-{index}-"
                content = {
                    field_name: value(each, name + field_name)
                    for field_name, each in row_fields.items()
                    if field_name not in ROW_META
                }
                row_id = str(data.get(name + "id") or "")
                delete = DELETION_FIELD_NAME in row_fields and bool(
                    value(row_fields[DELETION_FIELD_NAME], name + DELETION_FIELD_NAME)
                )
                try:
                    position = float(data.get(name + ORDERING_FIELD_NAME) or index + 1)
                except (TypeError, ValueError):
                    position = index + 1
                if row_id:
                    rows.rows[row_id] = content
                    if delete:
                        rows.deleted.add(row_id)
                    ordered.append((position, row_id))
                elif not delete and any(_filled(row_fields[n], v) for n, v in content.items()):
                    ordered.append((position, content))
            for _position, item in sorted(ordered, key=lambda pair: pair[0]):
                if isinstance(item, str):
                    rows.order.append(item)
                else:
                    rows.new.append(item)
            read.formsets[prefix] = rows
        return read

    def write(self, step: StepData, *, initial: dict[str, int]) -> dict[str, Any]:
        """Step data as posted data for the step's forms (`initial`: the rows each formset has
        now, by prefix; they must come first, in the formset's own order)."""
        data: dict[str, Any] = dict(step.fields)
        for prefix, rows in step.formsets.items():
            names = self.row_fields[prefix]
            entries: list[tuple[str, dict[str, Any]]] = [
                (row_id, rows.rows[row_id]) for row_id in rows.order
            ] + [("", row) for row in rows.new]
            for index, (row_id, content) in enumerate(entries):
                name = f"{prefix}-{index}-"
                data[name + "id"] = row_id
                data.update({name + key: each for key, each in content.items()})
                if ORDERING_FIELD_NAME in names:
                    data[name + ORDERING_FIELD_NAME] = str(index + 1)
                if row_id in rows.deleted:
                    data[name + DELETION_FIELD_NAME] = "on"
            data[f"{prefix}-{TOTAL}"] = str(len(entries))
            data[f"{prefix}-INITIAL_FORMS"] = str(initial.get(prefix, 0))
            data[f"{prefix}-MIN_NUM_FORMS"] = "0"
            data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        return data


def _filled(each: forms.Field, value: Any) -> bool:
    return comparable(each, value) not in ("", frozenset(), False)


def comparable(each: forms.Field, value: Any) -> Any:
    """A value as the field reads it, so that equal values compare equal."""
    if isinstance(each, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return frozenset(str(item) for item in value or ())
    if isinstance(each, forms.ModelChoiceField):
        return str(value or "")
    if isinstance(each, forms.BooleanField):
        return bool(value)
    try:
        read = each.to_python(value)
    except ValidationError:
        return str(value or "").strip()
    return "" if read is None else read


def _same(each: forms.Field, one: Any, other: Any) -> bool:
    if isinstance(one, _Unknown) or isinstance(other, _Unknown):
        return False
    return comparable(each, one) == comparable(each, other)


def _merge_value(
    each: forms.Field, place: Place, base: Any, mine: Any, theirs: Any, conflicts: list[Conflict]
) -> Any:
    if _same(each, mine, base) or _same(each, mine, theirs):
        return theirs
    if _same(each, theirs, base):
        return mine
    if not isinstance(base, _Unknown) and isinstance(
        each, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
    ):
        # A choice of several is a set: keep what either added, drop what either removed.
        was, own, other = (comparable(each, value) for value in (base, mine, theirs))
        kept = (was | (own - was) | (other - was)) - (was - own) - (was - other)
        return [item for item in [*map(str, theirs or ()), *map(str, mine or ())] if item in kept]
    conflicts.append(Conflict(place, mine, theirs))
    return mine


def _merge_rows(
    layout: Layout,
    prefix: str,
    base: Rows,
    mine: Rows,
    theirs: Rows,
    conflicts: list[Conflict],
) -> Rows:
    content = layout.content_fields(prefix)
    merged = Rows(new=[*theirs.new, *mine.new])

    def changed(row: dict[str, Any], was: dict[str, Any]) -> bool:
        return any(not _same(each, row.get(name), was.get(name)) for name, each in content.items())

    # Existing rows in the others' order, unless only the editor reordered the base's rows.
    common = [row_id for row_id in mine.order if row_id in base.rows]
    base_common = [row_id for row_id in base.order if row_id in mine.rows]
    their_common = [row_id for row_id in theirs.order if row_id in base.rows]
    base_their = [row_id for row_id in base.order if row_id in theirs.rows]
    order = list(theirs.order)
    if common != base_common and their_common == base_their:
        mine_first = [row_id for row_id in common if row_id in theirs.rows]
        order = mine_first + [row_id for row_id in theirs.order if row_id not in mine_first]
    for row_id in order:
        theirs_row = theirs.rows[row_id]
        if row_id not in mine.rows:
            merged.order.append(row_id)  # added by them: the editor never saw it
            merged.rows[row_id] = theirs_row
            continue
        own = mine.rows[row_id]
        # A row the editor saw that their base does not know (a base no longer known): every
        # difference from theirs is a conflict, never a guess.
        was = base.rows.get(row_id) or {name: _Unknown() for name in content}
        if row_id in mine.deleted:
            if changed(theirs_row, was):
                conflicts.append(Conflict(Place(ROW, prefix, row_id), own, theirs_row, False, True))
            merged.deleted.add(row_id)  # shown deleted: the editor's choice until they answer
            merged.order.append(row_id)
            merged.rows[row_id] = theirs_row
            continue
        merged.order.append(row_id)
        merged.rows[row_id] = {
            name: _merge_value(
                each,
                Place(name, prefix, row_id),
                was.get(name),
                own.get(name),
                theirs_row.get(name),
                conflicts,
            )
            for name, each in content.items()
        }
    # Rows the others deleted: gone, unless the editor changed them meanwhile.
    for row_id in mine.order:
        if row_id in base.rows and row_id not in theirs.rows and row_id not in mine.deleted:
            own = mine.rows[row_id]
            if changed(own, base.rows[row_id]):
                # Shown as a new row with the editor's values, until they answer.
                place = Place(ROW, prefix, f"new{len(merged.new)}")
                merged.new.append(own)
                conflicts.append(Conflict(place, own, None, True, False))
    return merged


def changes_anything(layout: Layout, base: StepData, mine: StepData) -> bool:
    """Whether the editor changed anything since `base`: a field, a row, the rows' order."""
    if any(
        not _same(each, mine.fields.get(name), base.fields.get(name))
        for name, each in layout.plain.items()
    ):
        return True
    for prefix in layout.row_fields:
        own, was = mine.formsets.get(prefix, Rows()), base.formsets.get(prefix, Rows())
        content = layout.content_fields(prefix)
        if own.new or own.deleted or own.order != was.order:
            return True
        for row_id in own.order:
            if any(
                not _same(each, own.rows[row_id].get(name), was.rows.get(row_id, {}).get(name))
                for name, each in content.items()
            ):
                return True
    return False


def merge(layout: Layout, base: StepData | None, mine: StepData, theirs: StepData) -> Merged:
    """The editor's changes since `base` on top of `theirs`; conflicts where both changed.

    Without a base (a revision no longer known) every difference is a conflict: guessing could
    undo someone's work."""
    base = base or theirs_as_unknown_base(layout, mine, theirs)
    conflicts: list[Conflict] = []
    fields = {
        name: _merge_value(
            each,
            Place(name),
            base.fields.get(name),
            mine.fields.get(name),
            theirs.fields.get(name),
            conflicts,
        )
        for name, each in layout.plain.items()
    }
    merged = StepData(fields)
    for prefix in layout.row_fields:
        merged.formsets[prefix] = _merge_rows(
            layout,
            prefix,
            base.formsets.get(prefix, Rows()),
            mine.formsets.get(prefix, Rows()),
            theirs.formsets.get(prefix, Rows()),
            conflicts,
        )
    return Merged(merged, conflicts)


class _Unknown:
    """A base value that equals nothing: every field that differs becomes a conflict."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def theirs_as_unknown_base(layout: Layout, mine: StepData, theirs: StepData) -> StepData:
    """A base for when the real one is unknown: each value equal to neither side's, the rows as
    the editor saw them (so that rows only they have count as added by them)."""
    unknown = _Unknown()
    base = StepData({name: unknown for name in layout.plain})
    for prefix, rows in mine.formsets.items():
        names = layout.content_fields(prefix)
        base.formsets[prefix] = Rows(
            order=[row_id for row_id in rows.order],
            rows={row_id: {name: unknown for name in names} for row_id in rows.order},
        )
    return base


def apply_choices(
    layout: Layout, mine: StepData, base: StepData | None, choices: dict[str, str]
) -> None:
    """The editor's answers to the conflicts shown with the page they post from, applied to
    what they posted (`base` is then the revision the conflicts were shown against).

    "theirs" takes the others' value: the base's, as the page showed it; for a row they
    deleted, it drops the row the page kept as a new one; for a row the editor deleted, it
    keeps the row. Any other answer keeps the form's value, the editor's own or as they edited
    it."""
    if base is None:
        return
    dropped: dict[str, set[int]] = {}
    for key, choice in choices.items():
        if choice != THEIRS:
            continue
        parts = key.split(":", 3)
        if len(parts) != 4 or parts[0] != "keuze":
            continue
        _, prefix, row_id, name = parts
        if prefix == "-":
            if name in mine.fields and name in base.fields:
                mine.fields[name] = base.fields[name]
            continue
        rows, was = mine.formsets.get(prefix), base.formsets.get(prefix)
        if rows is None or was is None:
            continue
        if name == ROW and row_id.startswith("new") and row_id[3:].isdigit():
            dropped.setdefault(prefix, set()).add(int(row_id[3:]))
        elif row_id in rows.rows and row_id in was.rows:
            if name == ROW:
                rows.deleted.discard(row_id)
                rows.rows[row_id] = dict(was.rows[row_id])
            elif name in was.rows[row_id]:
                rows.rows[row_id][name] = was.rows[row_id][name]
    for prefix, indexes in dropped.items():
        rows = mine.formsets[prefix]
        rows.new = [row for index, row in enumerate(rows.new) if index not in indexes]
