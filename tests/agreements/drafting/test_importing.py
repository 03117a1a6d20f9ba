"""Importing a canonical agreement document as a new draft: file, command and page.

The round trip: the demo's version 2, imported as a new draft by Bernheze's opsteller and adopted
again, is the same document with the same SHA-256. Only the adoption metadata differs (the new
agreement's id, version number 1 instead of 2, who adopted it, when, and the note); parties keep
their organisation ids, so nothing inside the document needs normalising.
"""

import copy
import io
import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import AuditEvent, Membership, Organisation, Role, User
from agreements.document.build import build_document, canonical_json, load_agreement
from agreements.drafting import import_checks, importing
from agreements.models import Agreement, Party, RaciCell, Table, Version
from agreements.versions import adoption as versioning
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

EDITOR = cast.email("opsteller", "bernheze")  # Eva


@pytest.fixture
def version(demo) -> Version:
    return demo.versions.get(number=2)


@pytest.fixture
def document(version) -> dict:
    return copy.deepcopy(version.document)


@pytest.fixture
def editor(demo) -> User:
    return cast.eva()


@pytest.fixture
def bernheze(demo) -> Organisation:
    return cast.bernheze()


def import_as_editor(document, editor, bernheze) -> Agreement:
    return importing.import_agreement(document=document, organisation=bernheze, acting_user=editor)


def messages_of(document, editor, bernheze) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        import_as_editor(document, editor, bernheze)
    return caught.value.messages


def party_index(document: dict, code: str) -> int:
    return next(i for i, p in enumerate(document["parties"]) if p["organisation"]["code"] == code)


# --- The round trip ----------------------------------------------------------------------------


def test_version_2_comes_back_as_the_same_document_and_hash(version, document, editor, bernheze):
    imported = import_as_editor(document, editor, bernheze)

    assert imported.pk != version.agreement_id
    assert imported.draft_open and imported.current_version is None
    assert imported.created_by == editor
    assert build_document(load_agreement(imported.pk)) == version.document

    adopted = versioning.adopt_version(agreement=imported, acting_user=editor, note="")
    assert canonical_json(adopted.document) == canonical_json(version.document)
    assert adopted.sha256 == version.sha256
    # What legitimately differs is the adoption itself, not the document.
    assert (adopted.agreement_id, adopted.number) != (version.agreement_id, version.number)
    assert adopted.adopted_at != version.adopted_at


def test_a_document_from_another_installation_is_matched_by_code_and_name(
    version, document, editor, bernheze
):
    """Other keys (organisation ids there) are matched by code, or by name for partners."""
    foreign = json.loads(
        _rekey(json.dumps(document), {p["key"]: str(uuid.uuid4()) for p in document["parties"]})
    )
    assert any(p["organisation"]["code"] == "" for p in foreign["parties"])  # Enexis

    imported = import_as_editor(foreign, editor, bernheze)

    assert build_document(load_agreement(imported.pk)) == version.document


def _rekey(text: str, keys: dict[str, str]) -> str:
    for old, new in keys.items():
        text = text.replace(old, new)
    return text


def test_an_exported_version_wrapper_is_accepted(version, document, editor, bernheze):
    wrapped = {"number": 2, "sha256": version.sha256, "title": "x", "document": document}
    imported = import_as_editor(wrapped, editor, bernheze)
    assert build_document(load_agreement(imported.pk)) == version.document


def test_the_import_is_audited_with_the_source_hash(version, document, editor, bernheze):
    imported = import_as_editor(document, editor, bernheze)
    event = AuditEvent.objects.get(action=importing.IMPORTED)
    assert event.actor == editor
    assert event.organisation == bernheze
    assert event.object_id == str(imported.pk)
    assert event.changes == {
        "title": [None, version.title],
        "source_sha256": [None, version.sha256],
    }


# --- Invalid files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "Het bestand is leeg."),
        (b'{"schema_version": 1,', "Het bestand is geen geldige JSON: fout in regel 1, kolom 22."),
        (b"\xff\xfe{}", "Het bestand is geen JSON: het is geen tekst in UTF-8-codering."),
        (b'{"a": NaN}', "Het bestand is geen geldige JSON."),
        (b"[" * 100_000 + b"]" * 100_000, "Het bestand is geen geldige JSON."),
        (b"1" * 5000, "Het bestand is geen geldige JSON."),
        (b" " * (importing.MAX_IMPORT_BYTES + 1), "het mag hoogstens 2 MB zijn"),
    ],
)
def test_a_file_that_is_not_json_says_so(raw, expected):
    with pytest.raises(ValidationError) as caught:
        importing.parse_json(raw)
    assert expected in caught.value.messages[0]


def test_a_byte_order_mark_is_fine():
    assert importing.parse_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


def test_json_that_is_no_document_says_so(editor, bernheze):
    assert messages_of([1, 2], editor, bernheze) == [
        "Het bestand bevat geen afsprakendocument: verwacht een JSON-object met schema_version, "
        "task, parties, ownership, governance, escalation, values en term."
    ]
    assert messages_of({"number": 2}, editor, bernheze) == messages_of([], editor, bernheze)
    assert messages_of({"schema_version": 1, "extra": 2}, editor, bernheze)[:3] == [
        "document: onbekend veld ‘extra’",
        "opgave: ontbreekt",
        "partijen: ontbreekt",
    ]


def test_schema_violations_are_named_in_dutch_with_their_place(document, editor, bernheze):
    document["schema_version"] = 3
    document["task"]["theme"] = "kernenergie"
    document["task"]["title"] = ""
    del document["task"]["why"]
    document["task"]["colour"] = "blauw"
    document["parties"][1]["contributes"]["money"] = 5
    document["governance"]["mandates"][0]["max_amount"] = "1.000,00"
    document["term"]["start_date"] = "2026-02-30"
    document["parties"][0]["key"] = "niet-een-uuid"
    document["escalation"][0]["deadline_days"] = 0

    messages = messages_of(document, editor, bernheze)

    assert set(messages) == {
        "schemaversie: 3 wordt niet ondersteund; alleen 1 of 2",
        "opgave: onbekend veld ‘colour’",
        "opgave.waarom: ontbreekt",
        "opgave.titel: mag niet leeg zijn",
        "opgave.thema: ‘kernenergie’ is geen toegestane waarde; kies uit: leeg, ‘energie’, "
        "‘warmte’, ‘wonen’, ‘klimaatadaptatie’, ‘mobiliteit’, ‘sociaal_domein’, ‘overig’",
        "partijen[1].sleutel: ‘niet-een-uuid’ is geen geldige sleutel (een UUID)",
        "partijen[2].inbreng.geld: moet tekst zijn, niet 5",
        "bestuur.mandaten[1].maximumbedrag: ‘1.000,00’ is geen bedrag; schrijf euro’s met twee "
        "decimalen, zoals ‘1250.00’",
        "escalatie[1].termijn_werkdagen: moet minstens 1 zijn",
        "looptijd.ingangsdatum: ‘2026-02-30’ is geen datum; schrijf JJJJ-MM-DD",
    }


def test_at_most_ten_messages_and_a_note_that_there_are_more(document, editor, bernheze):
    for party in document["parties"]:
        party["contributes"] = {"capacity": 1, "money": 2, "knowledge": 3}
    messages = messages_of(document, editor, bernheze)
    assert len(messages) == import_checks.MAX_ERRORS + 1
    assert messages[-1] == "En meer; verbeter eerst deze fouten."


def test_too_many_rows_are_refused_before_the_schema(document, editor, bernheze):
    document["escalation"] = [{}] * (import_checks.MAX_ROWS + 1)
    assert messages_of(document, editor, bernheze) == ["escalatie: meer dan 100 rijen"]


def test_an_unknown_organisation_is_named(document, editor, bernheze):
    index = party_index(document, "GM0828")
    document["parties"][index]["key"] = str(uuid.uuid4())
    document["parties"][index]["organisation"].update(
        code="GM9999", official_name="Gemeente X", name="X"
    )
    partner = next(i for i, p in enumerate(document["parties"]) if not p["organisation"]["code"])
    document["parties"][partner]["key"] = str(uuid.uuid4())
    document["parties"][partner]["organisation"]["official_name"] = "Netbeheer Y"

    messages = messages_of(document, editor, bernheze)

    unknown = "onbekende organisatie ‘Gemeente X’ (code GM9999)"
    assert f"partijen[{index + 1}].organisatie: {unknown}" in messages
    assert f"partijen[{partner + 1}].organisatie: onbekende organisatie ‘Netbeheer Y’" in messages
    assert not Organisation.objects.filter(official_name__in=["Gemeente X", "Netbeheer Y"]).exists()


def test_an_organisation_that_appears_twice_is_refused(document, editor, bernheze):
    second = copy.deepcopy(document["parties"][0])
    second["key"] = str(uuid.uuid4())  # another key, the same code
    document["parties"].append(second)
    messages = messages_of(document, editor, bernheze)
    assert any(
        m.startswith(f"partijen[{len(document['parties'])}].organisatie: ") and "partijen[1]" in m
        for m in messages
    ), messages


def test_an_unknown_role_code_is_named(document, editor, bernheze):
    document["parties"][0]["formal_roles"] = ["koning"]
    document["parties"][1]["ladder_role"] = "opperhoofd"
    messages = messages_of(document, editor, bernheze)
    assert messages == [
        "partijen[1].formele_rollen[1]: onbekende formele rol ‘koning’",
        "partijen[2].ladderrol: onbekende rol op de participatieladder ‘opperhoofd’",
    ]


def test_references_to_parties_outside_the_document_are_refused(document, editor, bernheze):
    stranger = str(uuid.uuid4())
    document["ownership"]["work_packages"][0]["raci"][stranger] = "I"
    document["governance"]["tables"][0]["chair"] = stranger
    messages = messages_of(document, editor, bernheze)
    assert messages == [
        f"eigenaarschap.werkpakketten[1].raci: ‘{stranger}’ is geen partij in dit document",
        f"bestuur.tafels[1].voorzitter: ‘{stranger}’ is geen partij in dit document",
    ]


def test_texts_over_their_vocabulary_limit_are_refused_with_their_place(document, editor, bernheze):
    """The limits are the vocabulary's, the same the models, forms and API keep (the schema
    of version 2 carries them)."""
    document["term"]["evaluation_by"] = "x" * 201
    document["parties"][0]["civil_contact"] = "x" * 201
    document["parties"][0]["contributes"]["money"] = "x" * 301
    key = document["parties"][1]["key"]
    document["governance"]["council_control"] = {key: {"control": "zienswijze", "note": "x" * 301}}
    document["ownership"]["work_packages"][1]["name"] = "x" * 201
    document["escalation"][0]["deadline_days"] = 40_000

    assert set(messages_of(document, editor, bernheze)) == {
        "looptijd.evaluatie_door: is langer dan 200 tekens",
        "partijen[1].ambtelijk_contactpersoon: is langer dan 200 tekens",
        "partijen[1].inbreng.geld: is langer dan 300 tekens",
        f"bestuur.sturing_volksvertegenwoordiging[‘{key}’].toelichting: is langer dan 300 tekens",
        "eigenaarschap.werkpakketten[2].naam: is langer dan 200 tekens",
        "escalatie[1].termijn_werkdagen: mag hoogstens 365 zijn",
    }


def test_what_the_database_would_refuse_is_refused_first(document, editor, bernheze):
    document["governance"]["mandates"][0]["max_amount"] = "1000000000000.00"
    document["term"].update(start_date="2027-01-01", end_date="2026-01-01")

    assert messages_of(document, editor, bernheze) == [
        "bestuur.mandaten[1].maximumbedrag: is te groot (hoogstens 999999999999.99)",
        "looptijd.einddatum: ligt vóór de ingangsdatum",
    ]


def test_texts_no_database_stores_are_refused_before_anything_is_looked_up(
    document, editor, bernheze
):
    document["task"]["title"] = "RES\x00"
    document["task"]["why"] = "half \ud800 teken"
    document["parties"][1]["key"] = str(uuid.uuid4())
    document["parties"][1]["organisation"].update(code="GM\x00", official_name="\udc80")
    # In the order of the document's keys, which PostgreSQL's jsonb does not keep: as a set.
    assert set(messages_of(document, editor, bernheze)) == {
        "opgave.titel: bevat een NUL-teken, dat niet is toegestaan",
        "opgave.waarom: bevat tekens die geen geldige Unicode zijn",
        "partijen[2].organisatie.code: bevat een NUL-teken, dat niet is toegestaan",
        "partijen[2].organisatie.officiële_naam: bevat tekens die geen geldige Unicode zijn",
    }


def test_the_importers_organisation_must_be_a_party(document):
    nijmegen_editor = cast.olaf()
    nijmegen = nijmegen_editor.memberships.get().organisation
    with pytest.raises(ValidationError) as caught:
        importing.import_agreement(
            document=document, organisation=nijmegen, acting_user=nijmegen_editor
        )
    assert caught.value.messages == [
        "partijen: ‘Gemeente Nijmegen’, namens wie je importeert, is geen partij in dit document; "
        "importeer namens een organisatie die partij is"
    ]


def test_only_an_opsteller_of_the_organisation_imports(document, bernheze):
    reader = cast.lars()
    with pytest.raises(ValidationError) as caught:
        importing.import_agreement(document=document, organisation=bernheze, acting_user=reader)
    assert caught.value.messages == ["Je bent geen opsteller van Gemeente Bernheze."]


def test_an_invalid_file_creates_nothing(document, editor, bernheze):
    counts = (Agreement.objects.count(), Party.objects.count(), AuditEvent.objects.count())
    document["parties"][-1]["network_role"] = "onbekend"
    with pytest.raises(ValidationError):
        import_as_editor(document, editor, bernheze)
    assert (Agreement.objects.count(), Party.objects.count(), AuditEvent.objects.count()) == counts


# --- The command -------------------------------------------------------------------------------


def write(tmp_path: Path, content) -> Path:
    path = tmp_path / "afspraak.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def test_the_command_imports_and_prints_the_draft(tmp_path, version, document):
    out = StringIO()
    call_command("import_agreement", str(write(tmp_path, document)), user=EDITOR, stdout=out)
    imported = Agreement.objects.exclude(pk=version.agreement_id).get()
    assert str(imported.pk) in out.getvalue()
    assert reverse("agreement_step", args=[imported.pk, "controle"]) in out.getvalue()
    assert build_document(load_agreement(imported.pk)) == version.document


def test_the_command_reads_standard_input(monkeypatch, version):
    exported = {"number": 2, "sha256": version.sha256, "document": version.document}
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(exported).encode()))
    monkeypatch.setattr("sys.stdin", stdin)
    out = StringIO()
    call_command("import_agreement", "-", user=EDITOR.upper(), stdout=out)
    assert "Concept aangemaakt" in out.getvalue()


def test_the_command_chooses_the_organisation_when_the_user_drafts_for_two(
    tmp_path, version, document, editor
):
    oss = Organisation.objects.get(code="GM0828")
    Membership.objects.create(user=editor, organisation=oss, role=Role.OPSTELLER)
    path = str(write(tmp_path, document))
    with pytest.raises(CommandError, match="opsteller van meer partijen.*GM0828"):
        call_command("import_agreement", path, user=EDITOR)
    call_command("import_agreement", path, user=EDITOR, organisation="GM0828", stdout=StringIO())
    assert AuditEvent.objects.get(action=importing.IMPORTED).organisation == oss


@pytest.mark.parametrize(
    ("content", "options", "expected"),
    [
        (None, {}, "Bestand niet gevonden"),
        (b"geen json", {}, "Het bestand is geen geldige JSON: fout in regel 1, kolom 1."),
        (b" " * (2 * 1024 * 1024 + 1), {}, "het mag hoogstens 2 MB zijn"),
        ({"document": {"schema_version": 1}}, {}, "- opgave: ontbreekt"),
        ("document", {"user": "niemand@example.nl"}, "Onbekende gebruiker"),
        ("document", {"organisation": "GM0268"}, "geen opsteller van een organisatie met code"),
        (
            "document",
            {"user": "opsteller@nijmegen.example.nl"},
            "‘Gemeente Nijmegen’, namens wie je",
        ),
    ],
)
def test_the_command_explains_what_is_wrong(tmp_path, document, content, options, expected):
    cast.olaf()
    if content is None:
        path = tmp_path / "bestaat-niet.json"
    else:
        path = write(tmp_path, document if content == "document" else content)
    agreements = Agreement.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("import_agreement", str(path), **{"user": EDITOR, **options})
    assert expected in str(caught.value)
    assert Agreement.objects.count() == agreements


# --- The page ----------------------------------------------------------------------------------


def upload(content: bytes, name: str = "afspraak.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/json")


def test_the_new_agreement_page_links_to_the_import(client, editor):
    client.force_login(editor)
    response = client.get(reverse("agreement_new"))
    assert reverse("agreement_import") in response.content.decode()
    assert "Of importeer een afspraak (JSON)" in response.content.decode()


def test_uploading_a_version_makes_a_draft_and_opens_its_check(client, version, editor):
    client.force_login(editor)
    exported = {"number": 2, "sha256": version.sha256, "document": version.document}
    response = client.post(
        reverse("agreement_import"),
        {"file": upload(json.dumps(exported, ensure_ascii=False).encode())},
        follow=True,
    )
    imported = Agreement.objects.exclude(pk=version.agreement_id).get()
    assert response.redirect_chain == [
        (reverse("agreement_step", args=[imported.pk, "controle"]), 302)
    ]
    assert "De afspraak is geïmporteerd als nieuw concept." in response.content.decode()
    assert build_document(load_agreement(imported.pk)) == version.document


@pytest.fixture
def two_hats(editor):
    """Bernheze's opsteller also drafts for Oss, so the page asks on whose behalf."""
    oss = Organisation.objects.get(code="GM0828")
    Membership.objects.create(user=editor, organisation=oss, role=Role.OPSTELLER)
    return oss


def _invalid_documents(document):
    unknown_role = copy.deepcopy(document)
    unknown_role["parties"][0]["formal_roles"] = ["koning"]
    stranger = copy.deepcopy(document)
    index = party_index(stranger, "GM0796")
    stranger["parties"][index]["key"] = str(uuid.uuid4())
    stranger["parties"][index]["organisation"]["code"] = "GM9999"
    return [
        (b"{kapot", "Het bestand is geen geldige JSON: fout in regel 1, kolom 2."),
        (b"\x89PNG\r\n\x1a\n", "Het bestand is geen JSON: het is geen tekst in UTF-8-codering."),
        (b" " * (2 * 1024 * 1024 + 1), "het mag hoogstens 2 MB zijn."),
        (b"[]", "Het bestand bevat geen afsprakendocument"),
        (json.dumps(unknown_role).encode(), "partijen[1].formele_rollen[1]: onbekende formele rol"),
        (
            json.dumps(stranger).encode(),
            f"partijen[{index + 1}].organisatie: onbekende organisatie "
            "‘Gemeente &#x27;s-Hertogenbosch’ (code GM9999)",
        ),
    ]


def test_each_error_is_shown_in_dutch_and_the_choice_is_kept(
    client, version, document, editor, two_hats
):
    client.force_login(editor)
    url = reverse("agreement_import")
    for content, expected in _invalid_documents(document):
        response = client.post(url, {"organisation": two_hats.pk, "file": upload(content)})
        page = response.content.decode()
        assert response.status_code == 200
        assert expected in page, expected
        assert f'<option value="{two_hats.pk}" selected>' in page
    # Oss is a party, but importing on behalf of Oss needs the file to be valid too.
    response = client.post(url, {"organisation": two_hats.pk})
    assert 'id="id_file_error"' in response.content.decode()  # the field's required message
    assert Agreement.objects.count() == 1


def test_importing_on_behalf_of_the_second_organisation(client, version, editor, two_hats):
    client.force_login(editor)
    client.post(
        reverse("agreement_import"),
        {"organisation": two_hats.pk, "file": upload(json.dumps(version.document).encode())},
    )
    assert AuditEvent.objects.get(action=importing.IMPORTED).organisation == two_hats


def test_one_organisation_needs_no_choice(client, editor):
    client.force_login(editor)
    page = client.get(reverse("agreement_import")).content.decode()
    assert 'name="organisation"' not in page
    assert 'enctype="multipart/form-data"' in page


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_any_bytes_as_the_file_never_cause_a_server_error(client, editor, content):
    client.force_login(editor)
    with transaction.atomic():
        response = client.post(reverse("agreement_import"), {"file": upload(content)})
        transaction.set_rollback(True)
    assert response.status_code == 200


# Besides arbitrary values, the ones that reach past the schema to the database.
EDGES = st.sampled_from(
    ["", " ", "\x00", "\ud800", "x" * 301, "2026-01-01", "9999-12-31", "0.00", "1e3", 1e300]
    + [2**63, 40_000, 3.0, -1, "00000000-0000-0000-0000-000000000000"]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | EDGES,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_document_with_any_value_anywhere_never_causes_a_server_error(
    client, editor, document, data
):
    """Near misses: the real document with one value replaced (or one key removed)."""
    mutated = copy.deepcopy(document)
    parent, key = _somewhere(mutated, data)
    if data.draw(st.booleans(), label="remove") and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = data.draw(JSON_VALUES, label="value")
    client.force_login(editor)
    with transaction.atomic():
        response = client.post(
            reverse("agreement_import"), {"file": upload(json.dumps(mutated).encode())}
        )
        transaction.set_rollback(True)
    assert response.status_code in (200, 302)


def _somewhere(document, data):
    """A random container in the document and a key or index in it."""
    parent, key = {"root": document}, "root"
    while isinstance(parent[key], dict | list) and parent[key]:
        container = parent[key]
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        next_key = data.draw(st.sampled_from(keys))
        parent, key = container, next_key
        if data.draw(st.booleans(), label="stop here"):
            break
    return parent, key


def test_the_imported_rows_follow_the_document(version, document, editor, bernheze):
    """Spot checks beyond the document's equality: positions and references are rows."""
    imported = import_as_editor(document, editor, bernheze)
    parties = list(imported.parties.order_by("position"))
    assert [str(p.organisation_id) for p in parties] == [p["key"] for p in document["parties"]]
    assert RaciCell.objects.filter(work_package__agreement=imported).count() == sum(
        len(p["raci"]) for p in document["ownership"]["work_packages"]
    )
    assert Table.objects.filter(agreement=imported).count() == len(document["governance"]["tables"])
