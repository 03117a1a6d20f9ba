"""The reference list of Dutch public bodies, loaded into Organisation.

The list (``accounts/fixtures/organisations.csv``, described in ``organisations.md``) holds every
ministry, provincie, waterschap and gemeente with its official code. Loading it is idempotent:

* rows are matched to organisations by ``code`` (CBS code ``GM1721``/``PV30`` or TOOI code
  ``ws0654``/``mnre1034``); a missing organisation is created, a changed one updated in place;
* a previously loaded reference organisation (a government layer, a code and a source) whose code
  is no longer in the file is ended, not deleted: its ``end_date`` becomes the file's peildatum
  (``valid_on``) for that layer. Gemeenten merge on 1 January, and agreements, memberships and the
  audit trail keep pointing at the old gemeente;
* a code that reappears has its ``end_date`` cleared;
* partners and organisations without a code are never touched.

The whole file is validated before anything is written, and the load runs in one transaction, so
an invalid file leaves the database as it was.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone

from .models import Layer, Organisation

DEFAULT_PATH = Path(__file__).resolve().parent / "fixtures" / "organisations.csv"

REFERENCE_LAYERS: tuple[str, ...] = (
    Layer.RIJK,
    Layer.PROVINCIE,
    Layer.WATERSCHAP,
    Layer.GEMEENTE,
)

COLUMNS: tuple[str, ...] = (
    "layer",
    "code",
    "name",
    "official_name",
    "parent_code",
    "valid_on",
    "source",
    "abbreviation",
    "tooi_uri",
    "oin",
)

# The fields the file owns; everything else on an organisation is left alone.
SYNCED_FIELDS: tuple[str, ...] = (
    "name",
    "official_name",
    "abbreviation",
    "tooi_uri",
    "oin",
    "valid_on",
    "source",
    "province",
    "end_date",
)

_TEXT_FIELDS = ("code", "name", "official_name", "abbreviation", "tooi_uri", "oin", "source")


@dataclass(frozen=True)
class LoadResult:
    """What one load did, counted per organisation."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0


@dataclass(frozen=True)
class _Row:
    line: int
    layer: str
    code: str
    name: str
    official_name: str
    parent_code: str
    valid_on: date | None
    source: str
    abbreviation: str
    tooi_uri: str
    oin: str


def load_reference_organisations(*, path: Path, today: date | None = None) -> LoadResult:
    """Create, update and end organisations so that they match the reference file at ``path``.

    Raises ``ValueError`` (with a Dutch message naming the line) when the file is invalid or
    clashes with an organisation that is not a reference organisation of the same layer; nothing
    is written then. ``today`` is the end date for organisations that disappeared when the file
    itself carries no peildatum.
    """
    path = Path(path)
    rows = _read(path)
    today = today or timezone.localdate()

    with transaction.atomic():
        by_code = {o.code: o for o in Organisation.objects.exclude(code="")}
        _check_clashes(path, rows, by_code)

        provinces: dict[str, Organisation] = {}
        new_provinces: list[Organisation] = []
        new_others: list[Organisation] = []
        changed: list[Organisation] = []
        changed_fields: set[str] = set()
        unchanged = 0

        # Provincies first, so that gemeenten can point at them (new or existing).
        for row in sorted(rows, key=lambda r: r.layer != Layer.PROVINCIE):
            values = {
                "name": row.name,
                "official_name": row.official_name,
                "abbreviation": row.abbreviation,
                "tooi_uri": row.tooi_uri,
                "oin": row.oin,
                "valid_on": row.valid_on,
                "source": row.source,
                "province": provinces[row.parent_code] if row.layer == Layer.GEMEENTE else None,
                "end_date": None,
            }
            organisation = by_code.get(row.code)
            if organisation is None:
                organisation = Organisation(layer=row.layer, code=row.code, **values)
                (new_provinces if row.layer == Layer.PROVINCIE else new_others).append(organisation)
            else:
                fields = _apply(organisation, values)
                if fields:
                    changed.append(organisation)
                    changed_fields.update(fields)
                else:
                    unchanged += 1
            if row.layer == Layer.PROVINCIE:
                provinces[row.code] = organisation

        in_file = {row.code for row in rows}
        ended: list[Organisation] = []
        for organisation in by_code.values():
            if (
                organisation.code not in in_file
                and organisation.layer in REFERENCE_LAYERS
                and organisation.source
                and organisation.end_date is None
            ):
                organisation.end_date = _end_date(rows, organisation.layer, today)
                ended.append(organisation)

        Organisation.objects.bulk_create(new_provinces)
        Organisation.objects.bulk_create(new_others)
        if ended:
            changed_fields.add("end_date")
        if changed or ended:
            Organisation.objects.bulk_update(
                changed + ended, [f for f in SYNCED_FIELDS if f in changed_fields]
            )

    return LoadResult(
        created=len(new_provinces) + len(new_others),
        updated=len(changed),
        unchanged=unchanged,
        ended=len(ended),
    )


def _apply(organisation: Organisation, values: dict) -> list[str]:
    """Set ``values`` on ``organisation`` and return the names of the fields that changed."""
    fields = []
    for field, value in values.items():
        if field == "province":
            if organisation.province_id != (value.pk if value else None):
                organisation.province = value
                fields.append(field)
        elif getattr(organisation, field) != value:
            setattr(organisation, field, value)
            fields.append(field)
    return fields


def _end_date(rows: list[_Row], layer: str, today: date) -> date:
    """The peildatum of ``layer`` in the file (the latest ``valid_on``), else of the whole file."""
    dates = [r.valid_on for r in rows if r.layer == layer and r.valid_on]
    dates = dates or [r.valid_on for r in rows if r.valid_on]
    return max(dates) if dates else today


def _check_clashes(path: Path, rows: list[_Row], by_code: dict[str, Organisation]) -> None:
    """Refuse codes already used by a partner or by an organisation of another layer."""
    errors = []
    for row in rows:
        existing = by_code.get(row.code)
        if existing is not None and existing.layer != row.layer:
            errors.append(
                (
                    row.line,
                    f"code {row.code} is al in gebruik door ‘{existing}’ "
                    f"({existing.get_layer_display().lower()}), niet door een {row.layer}.",
                )
            )
    if errors:
        raise ValueError(_message(path, errors))


def _read(path: Path) -> list[_Row]:
    """Parse and validate the whole file; raise ``ValueError`` listing every problem."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ValueError(
                    _message(path, [(1, f"kolom(men) ontbreken: {', '.join(missing)}.")])
                )
            raw = [(reader.line_num, record) for record in reader]
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path.name} is geen UTF-8-bestand; er is niets geladen.") from exc
    except csv.Error as exc:
        raise ValueError(
            f"{path.name} is geen geldig CSV-bestand ({exc}); er is niets geladen."
        ) from exc

    errors: list[tuple[int, str]] = []
    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    for line, record in raw:
        if None in record:
            errors.append((line, "te veel kolommen."))
            continue
        value = {c: (record.get(c) or "").strip() for c in COLUMNS}
        row_errors = _row_errors(value)
        if value["code"] in first_line:
            row_errors.append(
                f"code {value['code']} staat ook al op regel {first_line[value['code']]}."
            )
        valid_on = None
        if value["valid_on"]:
            try:
                valid_on = date.fromisoformat(value["valid_on"])
            except ValueError:
                row_errors.append(
                    f"ongeldige peildatum ‘{value['valid_on']}’ (verwacht JJJJ-MM-DD)."
                )
        if row_errors:
            errors.extend((line, e) for e in row_errors)
            continue
        first_line[value["code"]] = line
        text = {column: v for column, v in value.items() if column != "valid_on"}
        rows.append(_Row(line=line, valid_on=valid_on, **text))

    provinces = {r.code for r in rows if r.layer == Layer.PROVINCIE}
    for row in rows:
        if row.layer == Layer.GEMEENTE and row.parent_code not in provinces:
            errors.append(
                (
                    row.line,
                    f"gemeente {row.name} ({row.code}) verwijst naar provincie "
                    f"‘{row.parent_code}’, maar die staat niet als provincie in het bestand.",
                )
            )

    if not rows and not errors:
        errors.append((1, "het bestand bevat geen organisaties."))
    if errors:
        raise ValueError(_message(path, sorted(errors)))
    return rows


def _row_errors(value: dict[str, str]) -> list[str]:
    errors = []
    if value["layer"] not in REFERENCE_LAYERS:
        errors.append(
            f"onbekende bestuurslaag ‘{value['layer']}’ "
            "(verwacht rijk, provincie, waterschap of gemeente)."
        )
    if not value["code"]:
        errors.append("de code ontbreekt.")
    if not value["name"]:
        errors.append("de naam ontbreekt.")
    if not value["official_name"]:
        errors.append("de officiële naam ontbreekt.")
    if value["layer"] == Layer.GEMEENTE and not value["parent_code"]:
        errors.append(f"gemeente {value['name']} heeft geen provincie (parent_code ontbreekt).")
    if value["layer"] != Layer.GEMEENTE and value["parent_code"]:
        errors.append("alleen een gemeente heeft een parent_code.")
    for field in _TEXT_FIELDS:
        max_length = _max_length(field)
        if len(value[field]) > max_length:
            errors.append(f"{field} is langer dan {max_length} tekens.")
    return errors


def _max_length(name: str) -> int:
    field = Organisation._meta.get_field(name)
    # A text field of the model, with a maximum length; otherwise _TEXT_FIELDS is mistaken.
    assert isinstance(field, models.CharField) and field.max_length is not None, name  # noqa: S101
    return field.max_length


def _message(path: Path, errors: list[tuple[int, str]]) -> str:
    lines = [f"regel {line}: {text}" for line, text in errors]
    if len(lines) == 1:
        return f"{path.name}, {lines[0]} Er is niets geladen."
    shown = lines[:20]
    if len(lines) > len(shown):
        shown.append(f"… en nog {len(lines) - len(shown)} fout(en).")
    return f"{path.name} bevat {len(lines)} fouten; er is niets geladen.\n" + "\n".join(shown)
