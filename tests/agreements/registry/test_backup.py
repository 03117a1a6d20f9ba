"""Backup and restore: the demo round-trips through export_registry and import_registry."""

import io
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import AuditEvent
from agreements.document.build import document_hash
from agreements.models import Agreement, Version
from agreements.records import decisions
from agreements.registry import backup
from agreements.versions import adoption as versioning
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.database_owner]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every exported model, as the serializer sees it."""
    # The python serializer keeps values as they are (times to the microsecond).
    return {
        label: sorted(
            serializers.serialize(
                "python",
                apps.get_model(label)._default_manager.all(),
                use_natural_foreign_keys=True,
            ),
            key=lambda row: str(row["pk"]),
        )
        for label in backup.MODELS
    }


def _wipe() -> None:
    """An empty database, as after a fresh migrate without data (flush truncates)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        # The test's transaction still has deferred foreign-key checks pending, and
        # PostgreSQL will not truncate a table with pending trigger events.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.demo(history=True)
def test_the_demo_round_trips_row_for_row(tmp_path, demo):
    agreement = demo
    editor = cast.eva()
    versioning.open_amendment(agreement=agreement, acting_user=editor)  # an open draft too
    before = snapshot()
    hashes = dict(Version.objects.values_list("pk", "sha256"))
    assert sum(len(rows) for rows in before.values()) > 150
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    _wipe()
    assert not Agreement.objects.exists() and not AuditEvent.objects.exists()
    call_command("import_registry", str(path))
    after = snapshot()
    for label in backup.MODELS:
        for old, new in zip(before[label], after[label], strict=True):
            differences = {
                field: (value, new["fields"].get(field))
                for field, value in old["fields"].items()
                if new["fields"].get(field) != value
            }
            assert new == old, (label, old["pk"], differences)
    assert dict(Version.objects.values_list("pk", "sha256")) == hashes
    for version in Version.objects.all():
        assert document_hash(version.document) == version.sha256
    # The restored registry works: a new decision and audit event get fresh keys.
    decisions.record_decision(
        agreement=Agreement.objects.get(),
        acting_user=cast.eva(),
        decided_on=agreement.created_at.date(),
        table_name="Stuurgroep",
        what="Na het terugzetten.",
    )
    assert AuditEvent.objects.count() == len(before["accounts.AuditEvent"]) + 1


def test_import_refuses_a_database_that_holds_data(tmp_path, demo):
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    with pytest.raises(CommandError, match="De database is niet leeg"):
        call_command("import_registry", str(path))


@pytest.mark.parametrize(
    "content,message",
    [
        ("geen json", "Dit is geen JSON-bestand"),
        ('{"format": "iets anders"}', "geen export van het Spelregels-register"),
        ('{"format": "spelregels-registry", "format_version": 9}', "formaatversie 9"),
    ],
)
def test_import_explains_a_wrong_file(content, message):
    with pytest.raises(ValidationError, match=message):
        backup.import_registry(io.StringIO(content))


@pytest.mark.demo(history=True)
def test_import_refuses_a_tampered_version(tmp_path, demo):
    stream = io.StringIO()
    backup.export_registry(stream)
    data = json.loads(stream.getvalue())
    for row in data["objects"]:
        if row["model"] == "agreements.version":
            row["fields"]["document"]["task"]["title"] = "Iets anders"
            break
    _wipe()
    with pytest.raises(ValidationError, match="klopt niet meer met haar vingerafdruk"):
        backup.import_registry(io.StringIO(json.dumps(data)))
    assert not Agreement.objects.exists()  # nothing half-imported


def test_the_export_covers_every_model_of_the_registry():
    """A new model in accounts or agreements cannot be left out of the backup unnoticed."""
    models = {
        model._meta.label
        for app in ("accounts", "agreements")
        for model in apps.get_app_config(app).get_models()
    }
    assert models - set(backup.MODELS) - set(backup.NOT_EXPORTED) == set()


@pytest.mark.django_db
def test_restoring_never_moves_a_key_sequence_backwards():
    """PostgreSQL does not roll back setval: a sequence lowered in a rolled-back import (or
    test) would hand out keys that rows still hold."""
    from agreements.models import RoleKind, RoleOption

    last = RoleOption.objects.create(kind=RoleKind.NETWORK, code="tijdelijk", name="Tijdelijk")
    RoleOption.objects.filter(pk=last.pk).delete()
    backup._reset_sequences()
    after = RoleOption.objects.create(kind=RoleKind.NETWORK, code="daarna", name="Daarna")
    assert after.pk > last.pk


@pytest.mark.demo(history=True)
def test_an_export_from_before_the_adoption_copy_restores_it_from_the_versions(tmp_path, demo):
    """What comes due reads the current version's adoption from the agreement's own row
    (migration 0021); an older export has no such field."""
    path = tmp_path / "register.json"
    call_command("export_registry", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["objects"]:
        if row["model"] == "agreements.agreement":
            del row["fields"]["current_adopted_at"]
    _wipe()
    backup.import_registry(io.StringIO(json.dumps(data)))
    agreement = Agreement.objects.select_related("current_version").get()
    assert agreement.current_version is not None
    assert agreement.current_adopted_at == agreement.current_version.adopted_at
