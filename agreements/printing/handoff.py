"""Archive hand-off: a signed version as a package for a zaaksysteem, DMS or e-Depot.

`archive_package` makes a ZIP of
- the sealed PDF (PDF/A-3a, sealed and timestamped: printing/archive.py),
- the canonical JSON of the version (the bytes its SHA-256 is over: document/build.py),
- an MDTO 1.0 record (Metagegevens voor duurzaam toegankelijke overheidsinformatie, Nationaal
  Archief) for each: one `informatieobject` for the version (name, identification, the
  events adoption and signing, valuation and retention from the configured selectielijst
  class, the information category, the archive creator, the restriction on use) and one
  `bestand` per file (size, format as a PRONOM code, SHA-256 checksum, what it represents).

The selectielijst class is the installation's (`ARCHIVE_SELECTIELIJST`, docs/deploy.md): the
list's name, the class's code and label, the valuation (B: blijvend te bewaren, V: te
vernietigen) and, for V, the retention in years. Exporting is audited. Only a version that
every party signed, whose sealed PDF is stored, can be handed off.

The element order follows the MDTO XSD (1.0.1); tests/agreements/printing/test_handoff.py
holds the package to the rules of the XSD it relies on.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import AuditAction, Organisation, User
from agreements.document.build import canonical_json
from agreements.models import ArchivedPdf, PdfKind, PdfStatus, Version
from agreements.permissions import acting_organisation, agreed_public
from agreements.versions.signing import is_fully_signed

NAMESPACE = "https://www.nationaalarchief.nl/mdto"
SOURCE = "Spelregels"
PDF_FORMAT = ("PDF/A-3a", "fmt/479")  # PRONOM
JSON_FORMAT = ("JSON Data Interchange Format", "fmt/817")


class HandoffError(StrEnum):
    NOT_SIGNED = "not_signed"
    NO_SEALED_PDF = "no_sealed_pdf"


@dataclass(frozen=True)
class Package:
    filename: str
    content: bytes


def _element(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, name)
    if text is not None:
        child.text = text
    return child


def _identification(parent: ET.Element, name: str, kenmerk: str, bron: str) -> None:
    identification = _element(parent, name)
    _element(identification, "identificatieKenmerk", kenmerk)
    _element(identification, "identificatieBron", bron)


def _term(parent: ET.Element, name: str, label: str, code: str, begrippenlijst: str) -> None:
    """A begripGegevens: label, code (if any) and the list it comes from."""
    term = _element(parent, name)
    _element(term, "begripLabel", label)
    if code:
        _element(term, "begripCode", code)
    _element(_element(term, "begripBegrippenlijst"), "verwijzingNaam", begrippenlijst)


def _reference(
    parent: ET.Element, name: str, label: str, kenmerk: str = "", bron: str = ""
) -> None:
    """A verwijzingGegevens: a name, and an identification where there is one."""
    reference = _element(parent, name)
    _element(reference, "verwijzingNaam", label)
    if kenmerk:
        _identification(reference, "verwijzingIdentificatie", kenmerk, bron)


def _organisation(parent: ET.Element, name: str, organisation: Organisation) -> None:
    if organisation.tooi_uri:
        kenmerk, bron = organisation.tooi_uri, "TOOI"
    else:
        kenmerk, bron = organisation.code, "CBS- of TOOI-code" if organisation.code else ""
    _reference(parent, name, organisation.official_name or organisation.name, kenmerk, bron)


def _document(root_child: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("MDTO", {"xmlns": NAMESPACE})
    return root, _element(root, root_child)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def informatieobject(version: Version, *, archiefvormer: Organisation, files: list[str]) -> bytes:
    """The MDTO record of the version itself."""
    lijst = settings.ARCHIVE_SELECTIELIJST
    root, record = _document("informatieobject")
    _identification(record, "identificatie", str(version.pk), SOURCE)
    _identification(record, "identificatie", f"sha256:{version.sha256}", SOURCE)
    _element(
        record,
        "naam",
        _("%(title)s, versie %(number)d") % {"title": version.title, "number": version.number},
    )
    _term(record, "aggregatieniveau", "Archiefstuk", "", "Begrippenlijst Aggregatieniveau MDTO")
    _term(record, "classificatie", lijst["label"], lijst["code"], lijst["name"])
    if version.theme:
        _element(record, "trefwoord", version.get_theme_display())
    _element(record, "taal", "nl")
    adopted = _element(record, "event")
    _term(adopted, "eventType", "Vaststelling", "", "Begrippenlijst Eventtype MDTO")
    _element(adopted, "eventTijd", timezone.localtime(version.adopted_at).isoformat())
    for signature in version.signatures.select_related("organisation").order_by("recorded_at"):
        signed = _element(record, "event")
        _term(signed, "eventType", "Ondertekening", "", "Begrippenlijst Eventtype MDTO")
        _element(signed, "eventTijd", timezone.localtime(signature.recorded_at).isoformat())
        _organisation(signed, "eventVerantwoordelijkeActor", signature.organisation)
    keep = lijst["waardering"] == "B"
    _term(
        record,
        "waardering",
        "blijvend te bewaren" if keep else "te vernietigen",
        "B" if keep else "V",
        "Begrippenlijst Waardering MDTO",
    )
    if not keep:
        term = _element(record, "bewaartermijn")
        _element(term, "termijnLooptijd", f"P{int(lijst['years'])}Y")
    _term(record, "informatiecategorie", lijst["label"], lijst["code"], lijst["name"])
    for name in files:
        _reference(record, "heeftRepresentatie", name, name, SOURCE)
    _organisation(record, "archiefvormer", archiefvormer)
    restriction = _element(record, "beperkingGebruik")
    public = agreed_public(version)
    _term(
        restriction,
        "beperkingGebruikType",
        "Openbaar" if public else "Niet openbaar",
        "",
        "Begrippenlijst BeperkingGebruik MDTO",
    )
    return _xml(root)


def bestand(
    name: str, content: bytes, fmt: tuple[str, str], *, represents: Version, at: str
) -> bytes:
    """The MDTO record of one file of the package."""
    root, record = _document("bestand")
    _identification(record, "identificatie", name, SOURCE)
    _element(record, "naam", name)
    _element(record, "omvang", str(len(content)))
    _term(record, "bestandsformaat", fmt[0], fmt[1], "PRONOM-register")
    checksum = _element(record, "checksum")
    _term(checksum, "checksumAlgoritme", "SHA-256", "", "Begrippenlijst ChecksumAlgoritme MDTO")
    _element(checksum, "checksumWaarde", hashlib.sha256(content).hexdigest())
    _element(checksum, "checksumDatum", at)
    _reference(record, "isRepresentatieVan", represents.title, str(represents.pk), SOURCE)
    return _xml(root)


@transaction.atomic
def archive_package(*, version: Version, acting_user: User) -> Package:
    """The version's archive package (see the module), for someone who may read it."""
    agreement = version.agreement
    # A member of a party, for whose organisation (the archive creator) it is exported.
    organisation = acting_organisation(acting_user, agreement)
    if organisation is None:
        raise PermissionDenied
    if not is_fully_signed(version):
        raise ValidationError(
            _("Alleen een versie die alle partijen hebben ondertekend, gaat naar het archief."),
            code=HandoffError.NOT_SIGNED,
        )
    sealed = ArchivedPdf.objects.filter(
        version=version, kind=PdfKind.SEALED, status=PdfStatus.READY
    ).first()
    if sealed is None:
        raise ValidationError(
            _("De verzegelde PDF van deze versie is er nog niet; probeer het straks opnieuw."),
            code=HandoffError.NO_SEALED_PDF,
        )
    base = f"{slugify(version.title)[:80]}-versie-{version.number}"
    with sealed.file.open("rb") as stream:
        pdf = stream.read()
    files = {
        f"{base}.pdf": (pdf, PDF_FORMAT),
        f"{base}.json": (canonical_json(version.document).encode("utf-8"), JSON_FORMAT),
    }
    at = timezone.localtime().isoformat(timespec="seconds")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            f"{base}.mdto.xml",
            informatieobject(version, archiefvormer=organisation, files=list(files)),
        )
        for name, (content, fmt) in files.items():
            package.writestr(name, content)
            package.writestr(
                f"{name}.mdto.xml", bestand(name, content, fmt, represents=version, at=at)
            )
    record_event(
        actor=acting_user,
        action=AuditAction.ARCHIVE_EXPORTED,
        target=agreement,
        organisation=organisation,
        changes={"version": [None, version.number]},
    )
    return Package(filename=f"{base}-archief.zip", content=buffer.getvalue())
