"""Signing a version party by party, and what it does to the agreement's status."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AppendOnly, AuditEvent, Organisation, Role, User
from agreements.models import Agreement, Signature
from agreements.records import decisions
from agreements.records.reminders import due_items, send_reminders
from agreements.records.timeline import timeline
from agreements.versions import adoption as versioning
from agreements.versions import signing
from agreements.versions.status import Status, status_filter, with_status
from notifications.models import Kind, Notification
from tests.support import cast
from tests.support.factories import sign_by_all

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def editor(demo):
    return cast.eva()


@pytest.fixture
def version(demo, editor):
    return versioning.adopt_version(agreement=demo, acting_user=editor, note="")


def signatory(slug: str) -> User:
    return cast.person(slug, Role.ONDERTEKENAAR)


def organisation_of(user: User) -> Organisation:
    return user.memberships.get().organisation


def sign(version, user, **overrides):
    fields = {
        "signatory_name": user.full_name,
        "signatory_function": "wethouder",
        "basis": "collegebesluit 2026-114",
        "place": "Heeswijk-Dinther",
    }
    fields.update(overrides)
    organisation = fields.pop("organisation", None) or organisation_of(user)
    return signing.sign_version(
        version=version, organisation=organisation, acting_user=user, **fields
    )


def status_of(agreement, today=None):
    today = today or timezone.localdate()
    return with_status(Agreement.objects.filter(pk=agreement.pk), today).get().status


def test_a_signatory_signs_for_their_own_party(version):
    user = signatory("bernheze")
    signature = sign(version, user)
    assert signature.organisation.name == "Bernheze"
    assert signature.signed_by == user
    assert signature.method == "digitaal"
    assert signature.signed_on == timezone.localdate()
    event = AuditEvent.objects.get(action="version.signed")
    assert event.actor == user
    assert event.organisation == signature.organisation
    assert event.changes["signatory"] == [None, user.full_name]
    assert event.changes["fully_signed"] == [False, False]


@pytest.mark.parametrize("role", ["opsteller", "lezer", "beheerder"])
def test_other_roles_of_the_party_cannot_sign(version, role):
    user = cast.person("bernheze", role)
    with pytest.raises(ValidationError, match="Je mag niet ondertekenen namens Bernheze"):
        sign(version, user, organisation=organisation_of(user))
    assert not Signature.objects.exists()


def test_a_signatory_cannot_sign_for_another_party(version):
    with pytest.raises(ValidationError, match="Je mag niet ondertekenen namens Bernheze"):
        sign(version, signatory("oss"), organisation=Organisation.objects.get(name="Bernheze"))


def test_an_organisation_that_is_no_party_cannot_sign(version):
    stranger = Organisation.objects.create(name="Elders", official_name="Gemeente Elders")
    with pytest.raises(ValidationError, match="Elders is geen partij bij deze versie"):
        sign(version, signatory("oss"), organisation=stranger)


def test_each_party_signs_once(version):
    sign(version, signatory("bernheze"))
    with pytest.raises(ValidationError, match="Bernheze heeft deze versie al ondertekend"):
        sign(version, signatory("bernheze"))
    assert Signature.objects.count() == 1


def test_a_superseded_version_cannot_be_signed(demo, editor, version):
    versioning.open_amendment(agreement=demo, acting_user=editor)
    demo.intended_result += " Ook warmte telt mee."
    demo.save()
    versioning.adopt_version(agreement=demo, acting_user=editor, note="Warmte toegevoegd")
    with pytest.raises(ValidationError, match="Versie 1 is niet meer de actuele versie"):
        sign(version, signatory("bernheze"))


def test_status_runs_from_vastgesteld_through_ondertekend_to_in_werking(demo, version):
    # The demo's term starts on 1 March 2024 and ends on 31 December 2030.
    before_start = date(2024, 2, 20)
    assert status_of(demo, before_start) == Status.VASTGESTELD
    sign(version, signatory("bernheze"))
    assert status_of(demo, before_start) == Status.VASTGESTELD  # one of eight parties
    sign_by_all_remaining(version)
    demo.refresh_from_db()
    assert demo.signed_version == version
    assert status_of(demo, before_start) == Status.ONDERTEKEND
    assert status_of(demo, date(2024, 3, 1)) == Status.IN_WERKING
    assert status_of(demo, date(2031, 1, 1)) == Status.VERLOPEN
    last = AuditEvent.objects.filter(action="version.signed").order_by("-at", "-id").first()
    assert last.changes["fully_signed"] == [False, True]


def test_the_signed_version_stays_in_force_until_the_next_is_signed(demo, editor, version):
    sign_by_all(version)
    versioning.open_amendment(agreement=demo, acting_user=editor)
    demo.refresh_from_db()
    demo.end_date = date(2032, 12, 31)
    demo.save()
    second = versioning.adopt_version(agreement=demo, acting_user=editor, note="Verlengd")
    demo.refresh_from_db()
    assert demo.current_version == second
    assert demo.signed_version == version
    today = timezone.localdate()
    annotated = with_status(Agreement.objects.filter(pk=demo.pk), today).get()
    assert annotated.status == Status.IN_WERKING
    assert annotated.version_end == date(2030, 12, 31)  # still version 1's end date
    assert versioning.version_on(demo, today) == version
    decision = decisions.record_decision(
        agreement=demo,
        acting_user=editor,
        decided_on=today,
        table_name="Stuurgroep",
        what="Verder met versie 1 tot versie 2 getekend is.",
    )
    assert decision.version == version
    sign_by_all(second)
    demo.refresh_from_db()
    assert demo.signed_version == second
    assert versioning.version_on(demo, today) == second
    annotated = with_status(Agreement.objects.filter(pk=demo.pk), today).get()
    assert annotated.version_end == date(2032, 12, 31)


def test_as_of_a_date_counts_signatures_made_by_then(demo, editor):
    now = timezone.now()
    first = versioning.adopt_version(
        agreement=demo, acting_user=editor, note="", at=now - timedelta(days=20)
    )
    for key in signing.party_keys(first):
        organisation = Organisation.objects.get(pk=key)
        user = User.objects.get(
            memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
        )
        sign(first, user, at=now - timedelta(days=10))
    versioning.open_amendment(agreement=demo, acting_user=editor)
    demo.refresh_from_db()
    demo.why += " Ook voor warmte."
    demo.save()
    second = versioning.adopt_version(agreement=demo, acting_user=editor, note="Warmte")
    # Adopted on day 20, not yet signed by all: the adopted text is what had been agreed.
    assert versioning.version_on(demo, timezone.localdate(now - timedelta(days=15))) == first
    assert versioning.version_on(demo, timezone.localdate(now - timedelta(days=25))) is None
    # Version 2 adopted but unsigned: version 1 still counts.
    assert versioning.version_on(demo, timezone.localdate(now)) == first
    sign_by_all(second)
    assert versioning.version_on(demo, timezone.localdate(now - timedelta(days=10))) == first
    assert versioning.version_on(demo, timezone.localdate(now)) == second


def test_status_filter_agrees_with_the_annotation(demo, editor, version):
    today = timezone.localdate()
    for day in [date(2024, 2, 1), date(2024, 6, 1), date(2031, 6, 1)]:
        annotated = status_of(demo, day)
        for status in Status:
            matches = Agreement.objects.filter(status_filter(status, day)).exists()
            assert matches == (status == annotated), (day, status)
    sign_by_all(version)
    for day in [date(2024, 2, 1), today, date(2031, 6, 1)]:
        annotated = status_of(demo, day)
        for status in Status:
            matches = Agreement.objects.filter(status_filter(status, day)).exists()
            assert matches == (status == annotated), (day, status)


def test_a_paper_signature_is_recorded_with_its_scan(version):
    editor_oss = cast.person("oss", Role.OPSTELLER)
    scan = SimpleUploadedFile("getekend.pdf", PDF, content_type="application/pdf")
    signature = sign(
        version,
        editor_oss,
        signatory_name="mw. J. de Vries",
        scan=scan,
        signed_on=date(2026, 11, 2),
    )
    assert signature.method == "papier"
    assert signature.signed_on == date(2026, 11, 2)
    assert signature.signatory_name == "mw. J. de Vries"
    assert len(signature.scan_sha256) == 64
    assert signature.scan.read() == PDF


def test_a_reader_cannot_record_a_paper_signature(version):
    scan = SimpleUploadedFile("getekend.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError, match="Je mag niet ondertekenen namens Oss"):
        sign(version, cast.person("oss", Role.LEZER), scan=scan)


def test_signatures_are_append_only(version):
    signature = sign(version, signatory("bernheze"))
    signature.place = "Elders"
    with pytest.raises(AppendOnly):
        signature.save()
    with pytest.raises(AppendOnly):
        signature.delete()
    with pytest.raises(AppendOnly):
        Signature.objects.all().update(place="Elders")
    with pytest.raises(AppendOnly):
        Signature.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database guard is PostgreSQL's")
def test_the_database_refuses_to_change_a_signature(version):
    signature = sign(version, signatory("bernheze"))
    for statement in (
        "UPDATE agreements_signature SET place = 'Elders' WHERE id = %s",
        "DELETE FROM agreements_signature WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [signature.pk])
    assert Signature.objects.get().place == "Heeswijk-Dinther"


def test_the_timeline_tells_each_signature_and_completion(demo, version):
    sign_by_all(version)
    entries = timeline(demo)
    signed = [entry for entry in entries if entry.kind == "signature"]
    assert len(signed) == 8
    assert "Versie 1 ondertekend door Bernheze" in [entry.title for entry in signed]
    assert any(e.title == "Versie 1 is door alle partijen ondertekend" for e in entries)


def test_unsigned_parties_signatories_are_reminded_once(
    demo, version, mailoutbox, django_capture_on_commit_callbacks
):
    # A version adopted before notifications existed: its adoption told nobody, so the
    # reminders do (after a live adoption they add nothing: tests/notifications/).
    Notification.objects.filter(kind=Kind.AWAITING_SIGNATURE).delete()
    sign(version, signatory("bernheze"))
    items = [
        item
        for item in due_items(Agreement.objects.all(), timezone.localdate())
        if item.kind == "signature"
    ]
    assert len(items) == 1
    assert str(organisation_of(signatory("bernheze")).pk) not in items[0].unsigned
    assert len(items[0].unsigned) == 7
    with django_capture_on_commit_callbacks(execute=True):  # mailed by a background task
        sent = send_reminders(today=timezone.localdate())
    signature_mails = [m for m in mailoutbox if "wacht op ondertekening" in m.subject]
    assert sent >= 7
    assert sorted(m.to[0] for m in signature_mails) == sorted(
        f"ondertekenaar@{slug}.example.nl"
        for slug in ["bzk", "brabant", "denbosch", "oss", "aaenmaas", "enexis", "energiek"]
    )
    assert "/versies/1/" in signature_mails[0].body
    assert send_reminders(today=timezone.localdate()) == 0
    sign_by_all_remaining(version)
    assert not [
        i for i in due_items(Agreement.objects.all(), timezone.localdate()) if i.kind == "signature"
    ]


def sign_by_all_remaining(version):
    for key in signing.party_keys(version):
        if not version.signatures.filter(organisation_id=key).exists():
            organisation = Organisation.objects.get(pk=key)
            sign(
                version,
                User.objects.get(
                    memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
                ),
            )


# Through the web


def test_the_version_page_shows_who_has_signed_and_offers_signing(client, demo, version):
    sign(version, signatory("bernheze"))
    client.force_login(signatory("oss"))
    page = client.get(reverse("version_detail", args=[demo.pk, 1])).content.decode()
    assert "Nog niet ondertekend" in page
    assert "Door Kees van Dijk (wethouder)" in page
    assert reverse("version_sign", args=[demo.pk, 1]) in page
    client.force_login(cast.person("oss", Role.LEZER))
    page = client.get(reverse("version_detail", args=[demo.pk, 1])).content.decode()
    assert reverse("version_sign", args=[demo.pk, 1]) not in page


def test_signing_through_the_form(client, demo, version):
    user = signatory("oss")
    client.force_login(user)
    url = reverse("version_sign", args=[demo.pk, 1])
    form = client.get(url).content.decode()
    assert user.full_name in form  # the name is filled in
    oss = organisation_of(user)
    response = client.post(
        url,
        {
            "organisation": oss.pk,
            "signatory_name": user.full_name,
            "signatory_function": "burgemeester",
            "basis": "Collegebesluit 2026-88",
            "place": "Oss",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    assert Signature.objects.get().organisation == oss
    # Signed: the form is no longer offered.
    assert client.get(url).status_code == 404


def test_the_sign_form_keeps_input_and_explains_errors(client, demo, version):
    user = signatory("oss")
    client.force_login(user)
    response = client.post(
        reverse("version_sign", args=[demo.pk, 1]),
        {"organisation": organisation_of(user).pk, "signatory_name": "J. Jansen", "place": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bevestig dat je namens de partij ondertekent." in page
    assert "J. Jansen" in page
    assert not Signature.objects.exists()


def test_a_paper_signature_through_the_form_validates_the_scan(client, demo, version):
    user = cast.person("oss", Role.OPSTELLER)
    client.force_login(user)
    url = reverse("version_sign_paper", args=[demo.pk, 1])
    data = {
        "organisation": organisation_of(user).pk,
        "signatory_name": "mw. J. de Vries",
        "signatory_function": "burgemeester",
        "basis": "Collegebesluit 2026-88",
        "place": "Oss",
        "signed_on": "2026-11-02",
    }
    response = client.post(url, {**data, "scan": BytesIO(b"not a pdf")})
    assert "Dit bestand is geen PDF" in response.content.decode()
    assert not Signature.objects.exists()
    scan = SimpleUploadedFile("getekend.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {**data, "scan": scan}).status_code == 302
    signature = Signature.objects.get()
    download = client.get(reverse("signature_scan", args=[demo.pk, signature.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_outsiders_get_404_everywhere(client, demo, version):
    signature = sign(version, signatory("bernheze"))
    outsider = User.objects.create_user(email="x@elders.nl", password=None, full_name="X")
    client.force_login(outsider)
    for url in (
        reverse("version_sign", args=[demo.pk, 1]),
        reverse("version_sign_paper", args=[demo.pk, 1]),
        reverse("signature_scan", args=[demo.pk, signature.pk]),
        reverse("version_detail", args=[demo.pk, 1]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_detail_page_shows_the_signing_progress(client, demo, version):
    sign(version, signatory("bernheze"))
    client.force_login(cast.person("oss", Role.LEZER))
    page = client.get(reverse("agreement_detail", args=[demo.pk])).content.decode()
    assert "Ondertekening van versie 1" in page
    assert "Bernheze: ondertekend door Kees van Dijk" in page
    assert "Oss: <strong>nog niet ondertekend</strong>" in page


def test_the_registry_filters_on_ondertekend_and_in_werking(client, demo, version):
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("agreement_list")

    def found(status):
        return demo.title in client.get(url, {"status": status}).content.decode()

    assert found("vastgesteld")
    assert not found("in_werking")
    sign_by_all(version)
    assert found("in_werking")  # the demo's term started on 1 March 2024
    assert not found("vastgesteld")
    assert not found("ondertekend")


def test_signatures_are_read_only_in_the_admin(client, demo, version):
    signature = sign(version, signatory("bernheze"))
    client.force_login(cast.sita())
    page = client.get(reverse("admin:agreements_signature_change", args=[signature.pk]))
    assert page.status_code == 200
    assert 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    response = client.post(
        reverse("admin:agreements_signature_change", args=[signature.pk]),
        {"place": "Elders"},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:agreements_signature_add")).status_code == 403
    assert Signature.objects.get().place == "Heeswijk-Dinther"


def test_signature_pages_need_the_same_queries_whatever_the_number_of_signatures(
    client, demo, editor, version
):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def counts():
        client.force_login(cast.person("oss", Role.LEZER))
        result = {}
        for name, args in [
            ("version_detail", [demo.pk, 1]),
            ("agreement_detail", [demo.pk]),
            ("agreement_timeline", [demo.pk]),
        ]:
            with CaptureQueriesContext(db) as queries:
                assert client.get(reverse(name, args=args)).status_code == 200
            result[name] = len(queries)
        return result

    sign(version, signatory("bernheze"))
    few = counts()
    sign_by_all_remaining(version)
    versioning.open_amendment(agreement=demo, acting_user=editor)
    demo.refresh_from_db()
    demo.why += " En warmte."
    demo.save()
    sign_by_all(versioning.adopt_version(agreement=demo, acting_user=editor, note="Warmte"))
    many = counts()
    # Version 1 is no longer current afterwards, so its page asks less (no signing offered).
    assert all(many[name] <= few[name] for name in few), (few, many)
    assert max(many.values()) <= 25
