"""The archive hand-off: a signed version's package (sealed PDF, canonical JSON, MDTO records)
from the domain function, the management command and the API.

The MDTO XSD (1.0.1, Nationaal Archief) is not in the repository and this machine has no
internet, so the rules of it that the records rely on are written here (`check`): the order
of each element's children, which are required, and the types of the values. A record broken
on purpose shows that the check fails.
"""

import hashlib
import io
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from agreements.document.build import canonical_json
from agreements.models import PdfKind
from agreements.printing import handoff
from agreements.versions.adoption import adopt_version
from api import tokens
from tests.support import cast
from tests.support.factories import stored_as
from tests.support.problems import problem

NS = "{https://www.nationaalarchief.nl/mdto}"
SEALED = b"%PDF-1.7 verzegeld"

# The MDTO XSD's sequences: each element's children in order, with the required ones.
INFORMATIEOBJECT = (
    ["identificatie", "naam", "aggregatieniveau", "classificatie", "trefwoord", "omschrijving",
     "raadpleeglocatie", "dekkingInTijd", "dekkingInRuimte", "taal", "event", "waardering",
     "bewaartermijn", "informatiecategorie", "isOnderdeelVan", "bevatOnderdeel",
     "heeftRepresentatie", "aanvullendeMetagegevens", "gerelateerdInformatieobject",
     "archiefvormer", "betrokkene", "activiteit", "beperkingGebruik"],
    {"identificatie", "naam", "waardering", "archiefvormer", "beperkingGebruik"},
)  # fmt: skip
BESTAND = (
    ["identificatie", "naam", "omvang", "bestandsformaat", "checksum", "URLBestand",
     "isRepresentatieVan"],
    {"identificatie", "naam", "omvang", "bestandsformaat", "checksum", "isRepresentatieVan"},
)  # fmt: skip
IDENTIFICATIE = (
    ["identificatieKenmerk", "identificatieBron"],
    {"identificatieKenmerk", "identificatieBron"},
)
BEGRIP = (
    ["begripLabel", "begripCode", "begripBegrippenlijst"],
    {"begripLabel", "begripBegrippenlijst"},
)
VERWIJZING = (["verwijzingNaam", "verwijzingIdentificatie"], {"verwijzingNaam"})
EVENT = (["eventType", "eventTijd", "eventVerantwoordelijkeActor", "eventResultaat"], {"eventType"})
CHECKSUM = (
    ["checksumAlgoritme", "checksumWaarde", "checksumDatum"],
    {"checksumAlgoritme", "checksumWaarde", "checksumDatum"},
)
TERMIJN = (
    ["termijnTriggerStartLooptijd", "termijnStartdatumLooptijd", "termijnLooptijd",
     "termijnEinddatum"],
    set(),
)  # fmt: skip
BEPERKING = (
    ["beperkingGebruikType", "beperkingGebruikNadereBeschrijving", "beperkingGebruikDocumentatie",
     "beperkingGebruikTermijn"],
    {"beperkingGebruikType"},
)  # fmt: skip
TYPES = {
    "informatieobject": INFORMATIEOBJECT, "bestand": BESTAND,
    "identificatie": IDENTIFICATIE, "verwijzingIdentificatie": IDENTIFICATIE,
    "event": EVENT, "checksum": CHECKSUM, "bewaartermijn": TERMIJN, "beperkingGebruik": BEPERKING,
    **dict.fromkeys(["aggregatieniveau", "classificatie", "waardering", "informatiecategorie",
                     "bestandsformaat", "checksumAlgoritme", "eventType", "beperkingGebruikType"],
                    BEGRIP),
    **dict.fromkeys(["begripBegrippenlijst", "heeftRepresentatie", "archiefvormer",
                     "isRepresentatieVan", "eventVerantwoordelijkeActor"], VERWIJZING),
}  # fmt: skip
VALUES = {
    "omvang": re.compile(r"\d+"),
    "taal": re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)*"),
    "termijnLooptijd": re.compile(r"P\d+Y"),
    "checksumWaarde": re.compile(r"[0-9a-f]{64}"),
}


def check(element: ET.Element) -> None:
    """Hold an MDTO element (and everything in it) to the XSD's rules above."""
    name = element.tag.removeprefix(NS)
    assert element.tag.startswith(NS), element.tag
    if name in TYPES:
        order, required = TYPES[name]
        children = [child.tag.removeprefix(NS) for child in element]
        assert all(child in order for child in children), (name, children)
        positions = [order.index(child) for child in children]
        assert positions == sorted(positions), (name, children)  # the XSD's sequence
        assert required <= set(children), (name, required - set(children))
        for child in element:
            check(child)
        return
    assert len(element) == 0 and (element.text or "").strip(), name  # a value, not empty
    if name in VALUES:
        assert VALUES[name].fullmatch(element.text), (name, element.text)
    if name in ("checksumDatum", "eventTijd"):
        assert datetime.fromisoformat(element.text).tzinfo is not None, element.text


def record(data: bytes) -> ET.Element:
    root = ET.fromstring(data)  # noqa: S314 -- our own output
    assert root.tag == f"{NS}MDTO" and len(root) == 1
    check(root[0])
    return root[0]


@pytest.mark.django_db
@pytest.mark.demo(history=True)
def test_a_signed_version_goes_to_the_archive_with_its_mdto_records(demo):
    version = demo.versions.get(number=2)
    stored_as(version, PdfKind.SEALED, content=SEALED)
    eva = cast.eva()
    package = handoff.archive_package(version=version, acting_user=eva)
    files = zipfile.ZipFile(io.BytesIO(package.content))
    base = "samenwerkingsafspraken-res-noordoost-brabant-versie-2"
    assert package.filename == f"{base}-archief.zip"
    assert sorted(files.namelist()) == sorted(
        [f"{base}.pdf", f"{base}.json", f"{base}.mdto.xml", f"{base}.pdf.mdto.xml",
         f"{base}.json.mdto.xml"]
    )  # fmt: skip
    assert files.read(f"{base}.pdf") == SEALED
    document = files.read(f"{base}.json")
    assert document == canonical_json(version.document).encode()
    assert hashlib.sha256(document).hexdigest() == version.sha256
    for name in (f"{base}.pdf", f"{base}.json"):
        file = record(files.read(f"{name}.mdto.xml"))
        assert file.findtext(f"{NS}omvang") == str(len(files.read(name)))
        assert (
            file.findtext(f"{NS}checksum/{NS}checksumWaarde")
            == hashlib.sha256(files.read(name)).hexdigest()
        )
        assert file.findtext(f"{NS}isRepresentatieVan/{NS}verwijzingIdentificatie/"
                             f"{NS}identificatieKenmerk") == str(version.pk)  # fmt: skip
    item = record(files.read(f"{base}.mdto.xml"))
    assert item.findtext(f"{NS}naam") == f"{version.title}, versie 2"
    assert [e.findtext(f"{NS}eventType/{NS}begripLabel") for e in item.findall(f"{NS}event")] == [
        "Vaststelling"
    ] + ["Ondertekening"] * version.signatures.count()
    assert item.findtext(f"{NS}waardering/{NS}begripCode") == "B"
    assert item.find(f"{NS}bewaartermijn") is None
    assert [r.findtext(f"{NS}verwijzingNaam") for r in item.findall(f"{NS}heeftRepresentatie")] == [
        f"{base}.pdf",
        f"{base}.json",
    ]
    assert item.findtext(f"{NS}archiefvormer/{NS}verwijzingNaam") == "Gemeente Bernheze"
    event = AuditEvent.objects.filter(action="version.archive_exported").get()
    assert event.changes == {"version": [None, 2]} and event.actor == eva


@pytest.mark.django_db
@pytest.mark.demo(history=True)
@override_settings(
    ARCHIVE_SELECTIELIJST={
        "name": "Selectielijst gemeenten en intergemeentelijke organen 2020",
        "code": "20.1.2",
        "label": "Samenwerkingsovereenkomsten",
        "waardering": "V",
        "years": 10,
    }
)
def test_the_selectielijst_class_gives_the_category_valuation_and_retention(demo):
    version = demo.versions.get(number=2)
    stored_as(version, PdfKind.SEALED, content=SEALED)
    package = handoff.archive_package(version=version, acting_user=cast.eva())
    files = zipfile.ZipFile(io.BytesIO(package.content))
    [name] = [n for n in files.namelist() if n.endswith("versie-2.mdto.xml")]
    item = record(files.read(name))
    assert item.findtext(f"{NS}waardering/{NS}begripLabel") == "te vernietigen"
    assert item.findtext(f"{NS}bewaartermijn/{NS}termijnLooptijd") == "P10Y"
    assert item.findtext(f"{NS}informatiecategorie/{NS}begripCode") == "20.1.2"
    assert (
        item.findtext(f"{NS}informatiecategorie/{NS}begripBegrippenlijst/{NS}verwijzingNaam")
        == "Selectielijst gemeenten en intergemeentelijke organen 2020"
    )


def test_the_check_of_the_xsd_rules_can_fail():
    wrong_order = (
        f'<MDTO xmlns="{NS[1:-1]}"><bestand><naam>x.pdf</naam>'
        "<identificatie><identificatieKenmerk>1</identificatieKenmerk>"
        "<identificatieBron>S</identificatieBron></identificatie></bestand></MDTO>"
    )
    with pytest.raises(AssertionError):
        record(wrong_order.encode())
    missing = wrong_order.replace("<naam>x.pdf</naam>", "")
    with pytest.raises(AssertionError):
        record(missing.encode())


@pytest.mark.django_db
@pytest.mark.demo(history=True)
def test_only_a_sealed_version_for_a_member_goes_to_the_archive(demo):
    version = demo.versions.get(number=2)
    with pytest.raises(ValidationError) as refused:
        handoff.archive_package(version=version, acting_user=cast.eva())  # no sealed PDF yet
    assert refused.value.code == handoff.HandoffError.NO_SEALED_PDF
    stored_as(version, PdfKind.SEALED, content=SEALED)
    with pytest.raises(PermissionDenied):
        handoff.archive_package(version=version, acting_user=cast.olaf())
    assert not AuditEvent.objects.filter(action="version.archive_exported").exists()


@pytest.mark.django_db
def test_a_version_not_yet_signed_by_all_stays_out_of_the_archive(demo):
    version = adopt_version(agreement=demo, acting_user=cast.eva(), note="")
    with pytest.raises(ValidationError) as refused:
        handoff.archive_package(version=version, acting_user=cast.eva())
    assert refused.value.code == handoff.HandoffError.NOT_SIGNED


@pytest.mark.django_db
@pytest.mark.demo(history=True)
def test_the_command_and_the_api_hand_over_the_same_package(demo, tmp_path):
    version = demo.versions.get(number=2)
    stored_as(version, PdfKind.SEALED, content=SEALED)
    target = tmp_path / "pakket.zip"
    call_command(
        "export_archive", str(demo.pk), "2", "--as", cast.eva().email, "--output", str(target)
    )
    from_command = zipfile.ZipFile(target)
    with pytest.raises(CommandError, match="geen lid"):
        call_command("export_archive", str(demo.pk), "2", "--as", cast.olaf().email)

    eva = cast.eva()
    api = APIClient(
        HTTP_AUTHORIZATION=f"Bearer {tokens.create_token(user=eva, name='dms', acting_user=eva)[1]}"
    )
    url = reverse("api:version-archive", kwargs={"agreement_id": demo.pk, "number": 2})
    response = api.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('-versie-2-archief.zip"')
    from_api = zipfile.ZipFile(io.BytesIO(response.content))
    assert from_api.namelist() == from_command.namelist()
    for name in from_api.namelist():
        if not name.endswith(".mdto.xml"):  # the records carry the moment of the export
            assert from_api.read(name) == from_command.read(name)
    problem(api.get(url, HTTP_ACCEPT="application/json"), 406)
    olaf = cast.olaf()
    outsider = APIClient(
        HTTP_AUTHORIZATION=f"Bearer {tokens.create_token(user=olaf, name='x', acting_user=olaf)[1]}"
    )
    problem(outsider.get(url), 404)
    assert AuditEvent.objects.filter(action="version.archive_exported").count() == 2
