"""What the code before the re-plan stored and sealed still verifies, prints and compares.

tests/data/legacy/ holds the demo as commit 4b9960e exported it (two adopted and signed versions
in document schema version 1, a third draft under discussion) and the sealed PDFs it made, with
the test seal certificate they were sealed with (see its README). The new code restores the
export, checks the PDFs, prints and compares the old versions, and adopts a version of its own
(schema version 2) that it compares with them row by row.
"""

import json
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from agreements.document.build import SCHEMA_VERSION, content, document_hash
from agreements.document.diff import ADDED, CHANGED, REMOVED, compare, structure_changes
from agreements.models import Agreement, Mandate, Version
from agreements.printing.render import agreement_html, render_agreement_pdf
from agreements.printing.verify import verify_pdf
from agreements.registry.backup import import_registry
from agreements.versions import adoption

LEGACY = Path(__file__).parents[2] / "data" / "legacy"

pytestmark = [pytest.mark.django_db, pytest.mark.database_owner]


@pytest.fixture
def legacy(settings):
    """The old registry restored, and its seal certificate the one this registry trusts."""
    with (LEGACY / "registry.json").open(encoding="utf-8") as stream:
        import_registry(stream)
    settings.SEAL_PKCS12_PATH = LEGACY / "seal.p12"
    settings.SEAL_PKCS12_PASSWORD = "legacy-seal"  # noqa: S105 -- a test certificate
    return Agreement.objects.get()


def test_the_old_versions_are_schema_1_and_keep_their_hash(legacy):
    versions = list(legacy.versions.order_by("number"))
    assert [v.schema_version for v in versions] == [1, 1]
    exported = json.loads((LEGACY / "registry.json").read_text(encoding="utf-8"))
    hashes = {
        row["fields"]["number"]: row["fields"]["sha256"]
        for row in exported["objects"]
        if row["model"] == "agreements.version"
    }
    assert {v.number: document_hash(v.document) for v in versions} == hashes


@pytest.mark.parametrize(("number", "in_force"), [(1, False), (2, True)])
def test_the_old_sealed_pdfs_still_verify(legacy, number, in_force):
    result = verify_pdf((LEGACY / f"version-{number}-sealed.pdf").read_bytes())
    assert result.is_valid, result.problems
    assert result.version == legacy.versions.get(number=number)
    assert result.in_force is in_force
    assert len(result.signatures) == (8 if number == 1 else 9)


def test_an_old_version_prints(legacy):
    version = legacy.versions.get(number=1)
    html = agreement_html(version.document, version=version)
    assert "Stuurgroep RES Noordoost-Brabant" in html
    _html, pdf = render_agreement_pdf(version)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Samenwerkingsafspraken RES Noordoost-Brabant" in text
    attachment = PdfReader(BytesIO(pdf)).attachments["spelregels-afspraak.json"][0]
    assert document_hash(json.loads(attachment)) == version.sha256


def test_two_old_versions_compare_as_before(legacy):
    first, second = (v.document for v in legacy.versions.order_by("number"))
    sections = {section.key: section for section in compare(first, second)}
    assert (ADDED, "Gemeente Meierijstad") in {(i.kind, i.label) for i in sections["parties"].items}
    [mandate] = sections["mandates"].items
    assert mandate.kind == CHANGED
    assert [(f.label, f.before, f.after) for f in mandate.fields] == [
        ("Tot bedrag (euro)", "€ 50.000", "€ 75.000")
    ]
    assert not sections["tables"].has_changes
    assert not sections["escalation"].has_changes


def test_a_new_version_compares_with_an_old_one_row_by_row(legacy):
    """The draft under discussion (rows from before the change) is adopted by the new code: its
    rows now carry ids, the old version's do not, and still only what changed is a change."""
    editor = legacy.created_by or legacy.versions.get(number=2).adopted_by
    old = legacy.versions.get(number=2)
    with pytest.raises(Exception, match="Er is niets gewijzigd sinds versie 2"):
        adoption.adopt_version(agreement=legacy, acting_user=editor, note="Niets")
    mandate = Mandate.objects.get(agreement=legacy, party__organisation__code="PV30")
    mandate.max_amount = 90000
    mandate.save()
    new = adoption.adopt_version(agreement=legacy, acting_user=editor, note="Hoger mandaat")
    assert new.schema_version == SCHEMA_VERSION == 2
    assert all(row["id"] for row in new.document["governance"]["tables"])

    sections = {section.key: section for section in compare(old.document, new.document)}
    changed = {key: section.items for key, section in sections.items() if section.has_changes}
    assert list(changed) == ["mandates"]
    [item] = changed["mandates"]
    assert (item.kind, [(f.before, f.after) for f in item.fields]) == (
        CHANGED,
        [("€ 150.000", "€ 90.000")],
    )
    assert REMOVED not in {i.kind for items in changed.values() for i in items}
    structure = structure_changes(old.document, new.document)
    assert not (structure.tables_added or structure.tables_removed or structure.mandates_added)
    assert len(structure.mandates_changed) == 1
    # Apart from that mandate, the two say the same, whatever their schema versions.
    before, after = content(old.document), content(new.document)
    before["governance"]["mandates"] = after["governance"]["mandates"] = []
    assert before == after
    assert Version.objects.count() == 3
