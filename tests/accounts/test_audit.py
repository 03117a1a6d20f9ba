"""The audit trail is append-only, in the application and (on PostgreSQL) in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.audit import record_event
from accounts.models import AppendOnly, AuditEvent, Role
from agreements.models import Signature, Version
from agreements.versions import adoption as versioning
from tests.support import cast
from tests.support.factories import sign_by_all

pytestmark = pytest.mark.django_db

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database guard is PostgreSQL's"
)


@pytest.fixture
def event():
    editor = cast.eva()
    return record_event(
        actor=editor,
        action="membership.changed",
        target=editor,
        organisation=cast.bernheze(),
        changes={"role": ["lezer", "opsteller"]},
    )


def test_events_cannot_be_changed_or_deleted_through_the_application(event):
    event.action = "iets anders"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().update(action="iets anders")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "membership.changed"


@POSTGRESQL_ONLY
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accounts_auditevent SET action = 'vervalst' WHERE id = %s",
        "UPDATE accounts_auditevent SET changes = '{}'::jsonb WHERE id = %s",
        "UPDATE accounts_auditevent SET actor_label = 'Iemand anders' WHERE id = %s",
        # Forgetting the person is allowed only together with nothing else.
        "UPDATE accounts_auditevent SET actor_id = NULL, action = 'x' WHERE id = %s",
        "DELETE FROM accounts_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_the_trail(event, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get().action == "membership.changed"


def test_deleting_a_person_keeps_their_trail_readable(demo):
    """Django sets the person to NULL on their events, versions and signatures; the guards
    allow exactly that, and the labels still say who it was."""
    agreement = demo
    editor = cast.eva()
    version = versioning.adopt_version(agreement=agreement, acting_user=editor, note="")
    sign_by_all(version)
    signatory = cast.kees()
    events = AuditEvent.objects.filter(actor=editor).count()
    assert events > 0
    editor.delete()
    signatory.delete()
    assert AuditEvent.objects.filter(actor__isnull=True, actor_label__contains="Eva Jansen").count()
    version = Version.objects.get()
    assert version.adopted_by is None
    assert "Eva Jansen" in version.adopted_by_label
    signature = Signature.objects.get(organisation__code="GM1721")
    assert signature.signed_by is None
    assert signature.signatory_name == "Kees van Dijk"


# The trail on screen and as CSV


def _csv(response) -> list[list[str]]:
    import csv
    import io

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_beheerder_reads_and_exports_the_organisations_trail(client, demo):
    from django.urls import reverse

    admin = cast.bram()
    organisation = admin.memberships.get().organisation
    record_event(
        actor=admin,
        action="membership.role_changed",
        target=admin,
        organisation=organisation,
        changes={"role": ["lezer", '=HYPERLINK("http://x")']},
    )
    client.force_login(admin)
    page = client.get(reverse("organisation_audit", args=[organisation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # The act by its label and the role by its name; the code stays in the CSV (data).
    assert "Rol gewijzigd" in html and "membership.role_changed" not in html
    assert "<strong>Rol</strong>: was Lezer, wordt =HYPERLINK" in html.replace("&quot;", '"')
    assert "Bram Hendriks" in html
    rows = _csv(client.get(reverse("organisation_audit_csv", args=[organisation.pk])))
    assert rows[0] == [
        "tijdstip",
        "door",
        "organisatie",
        "handeling",
        "soort object",
        "object-id",
        "object",
        "wijzigingen",
    ]
    ours = [row for row in rows[1:] if row[3] == "membership.role_changed"]
    assert len(ours) == 1
    assert ours[0][1].startswith("Bram Hendriks")
    assert ours[0][2] == "Bernheze"
    # Every event of the organisation, and only those.
    assert len(rows) - 1 == AuditEvent.objects.filter(organisation=organisation).count()
    # A cell that starts like a formula is neutralised for spreadsheets.
    from accounts.audit import _cell

    assert _cell("=1+1") == "'=1+1"
    assert _cell("gewoon") == "gewoon"


def test_a_reader_gets_no_organisation_trail(client, demo):
    from django.urls import reverse

    reader = cast.lars()
    client.force_login(reader)
    organisation = reader.memberships.get().organisation
    assert client.get(reverse("organisation_audit", args=[organisation.pk])).status_code == 404
    assert client.get(reverse("organisation_audit_csv", args=[organisation.pk])).status_code == 404


@pytest.mark.demo(history=True)
def test_members_export_an_agreements_trail(client, demo):
    from django.urls import reverse

    agreement = demo
    client.force_login(cast.person("oss", Role.LEZER))
    rows = _csv(client.get(reverse("agreement_audit_csv", args=[agreement.pk])))
    actions = [row[3] for row in rows[1:]]
    assert actions.count("version.adopted") == 2
    assert actions.count("version.signed") == 17
    assert "draft.started" in actions
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
