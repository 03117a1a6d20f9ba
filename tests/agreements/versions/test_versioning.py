"""Adopting, amending, comparing and looking back: versions as institutional memory."""

import hashlib
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AppendOnly, AuditEvent, Organisation, Role
from agreements.document.build import SCHEMA_VERSION, build_document, load_agreement
from agreements.document.diff import ADDED, CHANGED, REMOVED, compare
from agreements.models import Agreement, Mandate, Party, Version
from agreements.versions import adoption as versioning
from agreements.versions.status import Status, with_status
from tests.support import cast
from tests.support.surfaces import visible_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(demo):
    return cast.eva()


def test_adoption_snapshots_the_document_with_its_hash(demo, editor):
    version = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    document = build_document(load_agreement(demo.pk))
    assert version.number == 1
    assert version.document == document
    assert version.schema_version == SCHEMA_VERSION == 2
    expected = hashlib.sha256(
        json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    assert version.sha256 == expected
    assert version.adopted_by == editor
    assert version.title == demo.title
    demo.refresh_from_db()
    assert not demo.draft_open
    event = AuditEvent.objects.get(action="version.adopted")
    assert event.changes["version"] == [None, 1]


def test_an_incomplete_draft_cannot_be_adopted(demo, editor):
    demo.why = ""
    demo.save()
    with pytest.raises(ValidationError, match="Er ontbreekt nog 1 verplicht onderdeel"):
        versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    assert not Version.objects.exists()


def test_version_two_needs_a_note_and_a_change(demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    versioning.open_amendment(agreement=demo, acting_user=editor)
    with pytest.raises(ValidationError, match="toelichting op de wijziging verplicht"):
        versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    with pytest.raises(ValidationError, match="niets gewijzigd sinds versie 1"):
        versioning.adopt_version(agreement=demo, acting_user=editor, note="Niets")


def test_amendment_keeps_the_old_version_in_force_and_old_versions_never_change(demo, editor):
    first = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    versioning.open_amendment(agreement=demo, acting_user=editor)
    Agreement.objects.filter(pk=demo.pk).update(why="Een nieuw waarom")
    assert versioning.version_on(demo, timezone.localdate()) == first
    second = versioning.adopt_version(agreement=demo, acting_user=editor, note="Nieuw waarom")
    first_again = Version.objects.get(pk=first.pk)
    assert first_again.document["task"]["why"] != "Een nieuw waarom"
    assert first_again.sha256 == first.sha256
    assert second.number == 2
    assert second.document["task"]["why"] == "Een nieuw waarom"
    assert versioning.version_on(demo, timezone.localdate()) == second


def test_the_agreement_keeps_when_its_current_version_was_adopted(demo, editor):
    """The date of its "awaiting signatures" item, read along an index (reminders)."""
    first = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    assert Agreement.objects.get(pk=demo.pk).current_adopted_at == first.adopted_at
    versioning.open_amendment(agreement=demo, acting_user=editor)
    Agreement.objects.filter(pk=demo.pk).update(why="Een nieuw waarom")
    second = versioning.adopt_version(agreement=demo, acting_user=editor, note="Nieuw waarom")
    assert second.adopted_at != first.adopted_at
    assert Agreement.objects.get(pk=demo.pk).current_adopted_at == second.adopted_at


def test_versions_cannot_be_changed_through_the_orm(demo, editor):
    version = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    version.note = "achteraf"
    with pytest.raises(AppendOnly):
        version.save()
    with pytest.raises(AppendOnly):
        version.delete()
    with pytest.raises(AppendOnly):
        Version.objects.filter(pk=version.pk).update(note="achteraf")
    with pytest.raises(AppendOnly):
        Version.objects.all().delete()


def test_versions_cannot_be_changed_with_raw_sql_on_postgresql(demo, editor):
    version = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    if connection.vendor != "postgresql":
        # SQLite has no trigger (it is the development database); the ORM guards above hold.
        assert Version.objects.filter(pk=version.pk).exists()
        return
    for statement in [
        "UPDATE agreements_version SET note = 'achteraf' WHERE id = %s",
        "DELETE FROM agreements_version WHERE id = %s",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [version.pk])
    assert Version.objects.get(pk=version.pk).note == ""


def test_versions_are_read_only_in_the_admin(client, demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    staff = cast.sita()
    client.force_login(staff)
    response = client.get(reverse("admin:agreements_agreement_change", args=[demo.pk]))
    assert response.status_code == 200
    assert 'type="submit"' not in response.content.decode().split('id="content-main"')[1]


def test_steps_are_closed_after_adoption(client, demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    client.force_login(editor)
    response = client.get(reverse("agreement_step", args=[demo.pk, "opgave"]))
    assert response.status_code == 302
    response = client.post(
        reverse("agreement_step", args=[demo.pk, "opgave"]),
        {"revision": Agreement.objects.get().revision, "title": "x"},
        follow=True,
    )
    assert "Begin een wijziging om haar aan te passen" in response.content.decode()
    assert Agreement.objects.get().title == demo.title


def test_compare_shows_every_kind_of_change(demo, editor):
    first = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    versioning.open_amendment(agreement=demo, acting_user=editor)
    demo.refresh_from_db()
    old_task = demo.task
    demo.task = demo.task.replace("zon en wind", "zon, wind en waterstof")
    demo.save()
    brabant_party = demo.parties.get(organisation__code="PV30")
    brabant_party.civil_contact = "dhr. K. Nieuw, programmamanager"
    brabant_party.save()
    enexis = demo.parties.get(organisation__name="Enexis")
    meierijstad = Organisation.objects.get_or_create(
        code="GM1948",
        defaults={
            "name": "Meierijstad",
            "official_name": "Gemeente Meierijstad",
            "layer": "gemeente",
        },
    )[0]
    Party.objects.create(
        agreement=demo,
        organisation=meierijstad,
        position=99,
        political_representative="Wethouder energie",
        civil_contact="Beleidsadviseur energie",
        council_control="zienswijze",
    )
    package = demo.work_packages.first()
    cell = package.cells.get(party=enexis)
    cell.letter = "R" if cell.letter != "R" else "C"
    cell.save()
    mandate = Mandate.objects.filter(agreement=demo).first()
    mandate.max_amount = 75000
    mandate.save()
    table = demo.tables.first()
    table.cadence = "maandelijks"
    table.save()
    demo.escalation_steps.order_by("position")[2].delete()
    second = versioning.adopt_version(
        agreement=demo, acting_user=editor, note="Meierijstad doet mee"
    )
    sections = {section.key: section for section in compare(first.document, second.document)}

    words = [(w.op, w.text) for w in sections["task"].items[0].fields[0].words]
    # The words tell both texts apart exactly, and the new word is marked as inserted.
    assert "".join(text for op, text in words if op != "insert") == old_task
    assert "".join(text for op, text in words if op != "delete") == demo.task
    assert ("insert", "waterstof") in words
    kinds = {(item.kind, item.label) for item in sections["parties"].items}
    assert (ADDED, "Gemeente Meierijstad") in kinds
    assert (CHANGED, "Provincie Noord-Brabant") in kinds
    raci = sections["ownership"].items[0]
    assert raci.kind == CHANGED
    assert any(change.label == "RACI Enexis Netbeheer" for change in raci.fields)
    assert sections["mandates"].items[0].fields[0].after == "€ 75.000"
    assert sections["tables"].items[0].fields[0].after == "maandelijks"
    assert REMOVED in [item.kind for item in sections["escalation"].items]
    assert not sections["values"].has_changes
    assert sections["term"].has_changes is False


def test_compare_page_marks_the_changes(client, demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    versioning.open_amendment(agreement=demo, acting_user=editor)
    Agreement.objects.filter(pk=demo.pk).update(intended_result="Meer dan 2 TWh")
    versioning.adopt_version(agreement=demo, acting_user=editor, note="Hoger doel")
    client.force_login(editor)
    html = client.get(
        reverse("version_compare", args=[demo.pk]), {"van": 1, "naar": 2}
    ).content.decode()
    assert "<ins>" in html
    assert "Meer" in html
    assert "Hoger doel" in html
    response = client.get(reverse("version_compare", args=[demo.pk]), {"van": "x", "naar": 9})
    assert response.status_code == 200


def test_compare_says_what_it_was_and_what_it_becomes_in_words(client, demo, editor):
    mandate = Mandate.objects.filter(agreement=demo, max_amount__isnull=False).first()
    Mandate.objects.filter(pk=mandate.pk).update(max_amount="50000.00")
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    versioning.open_amendment(agreement=demo, acting_user=editor)
    Mandate.objects.filter(pk=mandate.pk).update(max_amount="75000.00")
    versioning.adopt_version(agreement=demo, acting_user=editor, note="Hoger mandaat")
    client.force_login(editor)
    url = reverse("version_compare", args=[demo.pk])
    parts = visible_parts(client.get(url, {"van": 1, "naar": 2}).content.decode(), "nl")
    text = " ".join(" ".join(part for _lang, part in parts).split())
    assert "was € 50.000 , wordt € 75.000" in text.replace("000,", "000 ,")
    assert "50000" not in text and "€ 50.000€ 75.000" not in text
    client.cookies["django_language"] = "en"
    parts = visible_parts(client.get(url, {"van": 1, "naar": 2}).content.decode(), "en")
    english = " ".join(" ".join(part for _lang, part in parts).split())
    assert "was € 50,000 , becomes € 75,000" in english.replace("000,", "000 ,")


def test_as_of_date_shows_the_version_then_in_force(client, demo, editor):
    first = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("agreement_as_of", args=[demo.pk])
    today = timezone.localdate()
    html = client.get(url, {"datum": today.isoformat()}).content.decode()
    # Adopted today, signed by nobody yet: it did not count yet, and the page says so.
    assert f"was versie {first.number} vastgesteld" in html
    assert "0 van 8 partijen hadden ondertekend. Deze tekst gold toen nog niet." in html
    html = client.get(url, {"datum": (today - timedelta(days=400)).isoformat()}).content.decode()
    assert "nog geen vastgestelde versie" in html
    assert client.get(url, {"datum": "1 maart"}).status_code == 200


def test_status_is_derived_from_versions_and_dates(demo, editor):
    today = date(2026, 11, 22)
    assert with_status(Agreement.objects.all(), today).get().status == Status.CONCEPT
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    assert with_status(Agreement.objects.all(), today).get().status == Status.VASTGESTELD
    assert with_status(Agreement.objects.all(), date(2031, 1, 1)).get().status == Status.VERLOPEN
    Agreement.objects.update(terminated_on=date(2026, 1, 1))
    assert with_status(Agreement.objects.all(), today).get().status == Status.BEEINDIGD


def test_adopt_and_amend_pages(client, demo, editor):
    client.force_login(editor)
    url = reverse("agreement_adopt", args=[demo.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": ""}, follow=True)
    assert "Versie 1 is vastgesteld." in response.content.decode()
    response = client.post(reverse("agreement_amend", args=[demo.pk]), follow=True)
    assert "Er is een nieuw concept geopend" in response.content.decode()
    response = client.post(url, {"note": ""})
    assert (
        "Vanaf versie 2 is een toelichting op de wijziging verplicht." in response.content.decode()
    )
    client.force_login(cast.lars())
    assert client.post(url, {"note": "x"}).status_code == 404
    assert client.get(reverse("version_detail", args=[demo.pk, 1])).status_code == 200
    assert client.get(reverse("version_detail", args=[demo.pk, 7])).status_code == 404
