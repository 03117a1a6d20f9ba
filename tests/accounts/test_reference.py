"""Loading the reference list of public bodies: every gemeente once, reloads change nothing,
herindelingen end gemeenten instead of deleting or duplicating them."""

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Layer, Organisation, PartnerKind
from accounts.reference import DEFAULT_PATH, LoadResult, load_reference_organisations
from tests.support import cast
from tests.support.factories import OrganisationFactory


def read_rows(path: Path = DEFAULT_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot() -> list[dict]:
    return list(Organisation.objects.order_by("code", "name").values())


def test_fixture_is_the_reference_list():
    rows = read_rows()
    assert len(rows) == 387
    assert len({r["code"] for r in rows}) == 387


@pytest.mark.django_db
def test_loads_every_public_body_once(django_assert_max_num_queries):
    with django_assert_max_num_queries(20):  # bulk inserts, not one query per organisation
        result = load_reference_organisations(path=DEFAULT_PATH)

    assert result == LoadResult(created=387, updated=0, unchanged=0, ended=0)
    assert Organisation.objects.filter(layer=Layer.GEMEENTE).count() == 342
    assert Organisation.objects.filter(layer=Layer.PROVINCIE).count() == 12
    assert Organisation.objects.filter(layer=Layer.WATERSCHAP).count() == 21
    ministries = Organisation.objects.filter(layer=Layer.RIJK)
    assert ministries.count() == 12
    assert all(m.code.startswith("mnre") for m in ministries)
    assert not Organisation.objects.filter(end_date__isnull=False).exists()
    # Every gemeente lies in a provincie; nothing else has one.
    assert not Organisation.objects.filter(layer=Layer.GEMEENTE, province__isnull=True).exists()
    assert not Organisation.objects.exclude(layer=Layer.GEMEENTE).filter(province__isnull=False)
    assert Organisation.objects.get(code="PV30").gemeenten.count() == 56


@pytest.mark.django_db
def test_bernheze_lies_in_noord_brabant():
    load_reference_organisations(path=DEFAULT_PATH)

    bernheze = Organisation.objects.get(code="GM1721")
    assert bernheze.name == "Bernheze"
    assert bernheze.official_name == "Gemeente Bernheze"
    assert bernheze.layer == Layer.GEMEENTE
    assert bernheze.province.code == "PV30"
    assert bernheze.province.name == "Noord-Brabant"
    assert bernheze.tooi_uri == "https://identifier.overheid.nl/tooi/id/gemeente/gm1721"
    assert bernheze.valid_on == date(2026, 1, 1)
    assert bernheze.source
    assert bernheze.is_active


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "elected", "executive"),
    [
        ("GM1721", "gemeenteraad", "college van B&W"),
        ("PV30", "Provinciale Staten", "Gedeputeerde Staten"),
        ("ws0654", "algemeen bestuur", "dagelijks bestuur"),
        ("mnre1034", "Tweede Kamer", "minister"),
    ],
)
def test_bodies_follow_from_the_layer(code, elected, executive):
    load_reference_organisations(path=DEFAULT_PATH)

    organisation = Organisation.objects.get(code=code)
    assert str(organisation.elected_body) == elected
    assert str(organisation.executive_body) == executive


@pytest.mark.django_db
def test_loading_twice_changes_nothing(django_assert_max_num_queries):
    load_reference_organisations(path=DEFAULT_PATH)
    before = snapshot()

    with django_assert_max_num_queries(10):
        result = load_reference_organisations(path=DEFAULT_PATH)

    assert result == LoadResult(created=0, updated=0, unchanged=387, ended=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_existing_organisation_with_the_same_code_is_adopted_not_duplicated():
    existing = cast.bernheze()  # made by hand: no source, no TOOI-URI yet

    load_reference_organisations(path=DEFAULT_PATH)

    assert Organisation.objects.filter(code="GM1721").get().pk == existing.pk
    existing.refresh_from_db()
    assert existing.source
    assert existing.tooi_uri.endswith("/gm1721")
    assert Organisation.objects.get(code="PV30").pk == existing.province_id
    assert Organisation.objects.filter(layer=Layer.GEMEENTE).count() == 342


@pytest.mark.django_db
def test_renamed_gemeente_is_updated_not_duplicated(tmp_path):
    load_reference_organisations(path=DEFAULT_PATH)
    pk = Organisation.objects.get(code="GM1721").pk
    rows = read_rows()
    for row in rows:
        if row["code"] == "GM1721":
            row["name"] = "Bernheze-Heeswijk"
            row["official_name"] = "Gemeente Bernheze-Heeswijk"

    result = load_reference_organisations(path=write_rows(tmp_path / "renamed.csv", rows))

    assert result == LoadResult(created=0, updated=1, unchanged=386, ended=0)
    renamed = Organisation.objects.get(code="GM1721")
    assert renamed.pk == pk
    assert renamed.name == "Bernheze-Heeswijk"
    assert renamed.official_name == "Gemeente Bernheze-Heeswijk"
    assert Organisation.objects.count() == 387


@pytest.mark.django_db
def test_herindeling_ends_merged_gemeenten_and_adds_the_new_one(tmp_path):
    """Boekel and Maashorst merge on 1 January: the old gemeenten stay, with an end date."""
    load_reference_organisations(path=DEFAULT_PATH)
    boekel = Organisation.objects.get(code="GM0755")
    rows = [r for r in read_rows() if r["code"] not in ("GM0755", "GM1991")]
    for row in rows:
        if row["layer"] == Layer.GEMEENTE:
            row["valid_on"] = "2027-01-01"
    rows.append(
        {
            **next(r for r in rows if r["code"] == "GM1721"),
            "code": "GM9999",
            "name": "Maasland",
            "official_name": "Gemeente Maasland",
            "tooi_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm9999",
            "oin": "",
        }
    )

    result = load_reference_organisations(path=write_rows(tmp_path / "2027.csv", rows))

    # 340 remaining gemeenten have a new peildatum; ministries, provincies, waterschappen don't.
    assert result == LoadResult(created=1, updated=340, unchanged=45, ended=2)
    boekel.refresh_from_db()
    assert boekel.end_date == date(2027, 1, 1)
    assert boekel.name == "Boekel"
    assert Organisation.objects.get(code="GM1991").end_date == date(2027, 1, 1)
    assert Organisation.objects.get(code="GM9999").province.code == "PV30"
    assert Organisation.objects.filter(layer=Layer.GEMEENTE).count() == 343
    assert Organisation.objects.filter(layer=Layer.GEMEENTE, end_date__isnull=True).count() == 341

    # Loading the same file again leaves the ended gemeenten alone.
    again = load_reference_organisations(path=tmp_path / "2027.csv")
    assert again == LoadResult(created=0, updated=0, unchanged=386, ended=0)
    boekel.refresh_from_db()
    assert boekel.end_date == date(2027, 1, 1)


@pytest.mark.django_db
def test_reappearing_gemeente_loses_its_end_date(tmp_path):
    load_reference_organisations(path=DEFAULT_PATH)
    without_boekel = [r for r in read_rows() if r["code"] != "GM0755"]
    load_reference_organisations(path=write_rows(tmp_path / "without.csv", without_boekel))
    assert Organisation.objects.get(code="GM0755").end_date == date(2026, 1, 1)

    result = load_reference_organisations(path=DEFAULT_PATH)

    assert result == LoadResult(created=0, updated=1, unchanged=386, ended=0)
    assert Organisation.objects.get(code="GM0755").end_date is None


@pytest.mark.django_db
def test_partners_and_organisations_without_code_or_source_are_left_alone(tmp_path):
    netbeheerder = cast.enexis()
    by_hand = OrganisationFactory(name="Proefgemeente", code="GM9000")  # no source
    # Not through the cast: its get_or_create on code="" would return Enexis.
    no_code = Organisation.objects.create(
        name="Zonder code", official_name="Gemeente Zonder code", layer=Layer.GEMEENTE
    )
    koepel = OrganisationFactory(
        name="VNG",
        official_name="Vereniging van Nederlandse Gemeenten",
        layer=Layer.PARTNER,
        partner_kind=PartnerKind.KOEPEL,
        code="VNG",
        source="eigen invoer",
    )
    untouched = Organisation.objects.filter(
        pk__in=[o.pk for o in (netbeheerder, by_hand, no_code, koepel)]
    ).order_by("pk")
    before = list(untouched.values())
    load_reference_organisations(path=DEFAULT_PATH)
    without_boekel = [r for r in read_rows() if r["code"] != "GM0755"]

    result = load_reference_organisations(path=write_rows(tmp_path / "later.csv", without_boekel))

    assert result.ended == 1
    assert list(untouched.values()) == before
    assert Organisation.objects.count() == 387 + 4


@pytest.mark.django_db
def test_code_used_by_a_partner_is_refused():
    OrganisationFactory(
        name="Verwarring",
        official_name="Verwarring BV",
        layer=Layer.PARTNER,
        partner_kind=PartnerKind.BEDRIJF,
        code="GM1721",
    )

    with pytest.raises(ValueError, match=r"regel 332: code GM1721 is al in gebruik"):
        load_reference_organisations(path=DEFAULT_PATH)

    assert Organisation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"layer": "partner"}, r"regel 3: onbekende bestuurslaag ‘partner’"),
        ({"layer": "gemeenschap"}, r"regel 3: onbekende bestuurslaag ‘gemeenschap’"),
        ({"code": ""}, r"regel 3: de code ontbreekt"),
        ({"name": " "}, r"regel 3: de naam ontbreekt"),
        ({"code": "mnre1010"}, r"regel 3: code mnre1010 staat ook al op regel 2"),
        ({"valid_on": "23-02-2026"}, r"regel 3: ongeldige peildatum ‘23-02-2026’"),
    ],
)
def test_invalid_row_is_refused_with_its_line_number(tmp_path, change, message):
    rows = read_rows()
    rows[1].update(change)  # line 3: the second data row

    with pytest.raises(ValueError, match=message) as excinfo:
        load_reference_organisations(path=write_rows(tmp_path / "invalid.csv", rows))

    assert "Er is niets geladen" in str(excinfo.value)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_gemeente_in_unknown_provincie_is_refused_and_nothing_is_written(tmp_path):
    load_reference_organisations(path=DEFAULT_PATH)
    before = snapshot()
    rows = read_rows()
    for row in rows:
        if row["code"] == "GM1721":
            row["parent_code"] = "PV99"
        if row["code"] == "GM0755":
            row["name"] = "Boekel-Nieuw"  # a valid change that must not be written either

    with pytest.raises(ValueError) as excinfo:
        load_reference_organisations(path=write_rows(tmp_path / "invalid.csv", rows))

    assert str(excinfo.value) == (
        "invalid.csv, regel 332: gemeente Bernheze (GM1721) verwijst naar provincie ‘PV99’, "
        "maar die staat niet als provincie in het bestand. Er is niets geladen."
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_every_error_is_listed(tmp_path):
    rows = read_rows()
    rows[0]["layer"] = "koninkrijk"
    rows[20]["layer"] = "partner"  # Zuid-Holland (PV28); its gemeenten lose their provincie too.

    with pytest.raises(ValueError) as excinfo:
        load_reference_organisations(path=write_rows(tmp_path / "invalid.csv", rows))

    message = str(excinfo.value)
    assert message.startswith("invalid.csv bevat ")
    assert "regel 2: onbekende bestuurslaag ‘koninkrijk’" in message
    assert "regel 22: onbekende bestuurslaag ‘partner’" in message
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_missing_column_is_refused(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "parent_code"} for r in read_rows()]

    with pytest.raises(ValueError, match=r"regel 1: kolom\(men\) ontbreken: parent_code"):
        load_reference_organisations(path=write_rows(tmp_path / "invalid.csv", rows))


@pytest.mark.django_db
def test_command_prints_a_summary():
    out = StringIO()

    call_command("load_organisations", stdout=out)
    call_command("load_organisations", stdout=out)

    assert out.getvalue().splitlines() == [
        "Organisaties geladen: 387 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 opgeheven.",
        "Organisaties geladen: 0 nieuw, 0 gewijzigd, 387 ongewijzigd, 0 opgeheven.",
    ]


@pytest.mark.django_db
def test_command_reads_another_file_and_reports_errors(tmp_path):
    rows = read_rows()
    rows[1]["layer"] = "gemeenschap"

    with pytest.raises(CommandError, match=r"regel 3: onbekende bestuurslaag"):
        call_command("load_organisations", file=str(write_rows(tmp_path / "bad.csv", rows)))
    with pytest.raises(CommandError, match=r"Kan .*bestaat-niet.csv niet lezen"):
        call_command("load_organisations", "--file", str(tmp_path / "bestaat-niet.csv"))
    assert not Organisation.objects.exists()
