"""The agreement PDF as a Dutch convenant a griffier files: preamble, articles, document number,
Dutch hyphenation, header and footer as artifacts, the contents as a TOC, dates in the
metadata, a seal box that says when, by whom and where to check, and a publieksversie that
states who signed."""

import io
import json
import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pikepdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements.document.vocabulary import format_date
from agreements.models import Agreement
from agreements.printing.render import document_number, render_agreement_pdf, render_public_pdf
from agreements.printing.seal import seal_holder
from agreements.versions.adoption import adopt_version, open_amendment
from tests.support import cast
from tests.support.pdf import (
    broken_words,
    dutch_words,
    pdf_pages,
    pdf_text,
    run_poppler,
    squeezed,
    without_artifacts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]


@pytest.fixture(scope="module")
def rendered_from():
    """When the module's PDFs were rendered, in local time as their dates are: a run may cross
    midnight between rendering and a test."""
    return timezone.localtime()


@pytest.fixture(scope="module")
def pdfs(demo_database, rendered_from) -> dict[str, bytes]:
    """The demo's PDFs, rendered once for the module: version 1 (to sign on paper), version 2
    sealed, and version 2's publieksversie."""
    with demo_database.using("demo+history") as facts:
        agreement = Agreement.objects.get(pk=facts["agreement_id"])
        first = agreement.versions.get(number=1)
        second = agreement.signed_version
        return {
            "v1": render_agreement_pdf(first)[1],
            "sealed": render_agreement_pdf(second, sealed=True)[1],
            "public": render_public_pdf(second)[1],
        }


def _text(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def _elements(pdf: pikepdf.Pdf):
    """Every structure element reachable from the structure tree's root."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                stack.append(kid)


def _mcids(element) -> set[int]:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    found = set()
    for kid in kids:
        if isinstance(kid, int):
            found.add(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
            found.add(int(kid.MCID))
    return found


# Structure: header and footer are artifacts, the contents a TOC


@pytest.mark.parametrize("kind", ["v1", "sealed", "public"])
def test_header_and_footer_are_artifacts_not_content(pdfs, kind):
    data = pdfs[kind]
    pages = pdf_pages(data)
    assert f"pagina 2 van {len(pages)}" in pages[1]  # printed on the page ...
    read = pdf_text(without_artifacts(data))
    assert "pagina 2 van" not in read  # ... but not read out
    assert "SR-2025-" not in read.replace(_cover_number(pages), "")
    assert "Samenwerkingsafspraken RES Noordoost-Brabant — Versie" not in read
    assert "Artikel 1 Opgave en doel" in read and "Komen het volgende overeen:" in read
    with pikepdf.open(io.BytesIO(data)) as pdf:
        # Every piece of tagged content on a page belongs to an element in the tree.
        tagged: dict[int, set[int]] = {}
        page_numbers = {page.objgen: index for index, page in enumerate(pdf.pages)}
        for element in _elements(pdf):
            if "/Pg" in element:
                page = page_numbers[element.Pg.objgen]
                tagged.setdefault(page, set()).update(_mcids(element))
        for index, page in enumerate(pdf.pages):
            artifacts, marked = [], set()
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) != "BDC":
                    continue
                properties = operands[1]
                if str(operands[0]) == "/Artifact":
                    artifacts.append(str(properties.get("/Subtype", "")))
                elif "/MCID" in properties:
                    marked.add(int(properties.MCID))
            assert marked <= tagged.get(index, set()), f"page {index + 1}"
            expected = ["/Footer"] if index == 0 else ["/Header", "/Footer"]
            assert sorted(set(artifacts)) == sorted(expected), f"page {index + 1}"


def _cover_number(pages: list[str]) -> str:
    found = re.search(r"Documentnummer: (SR-\S+)", pages[0])
    assert found, pages[0]
    return found.group(1)


@pytest.mark.parametrize("kind", ["v1", "sealed"])
def test_the_contents_are_tagged_as_a_toc(pdfs, kind):
    with pikepdf.open(io.BytesIO(pdfs[kind])) as pdf:
        elements = list(_elements(pdf))
        tocs = [element for element in elements if element.S == "/TOC"]
        assert len(tocs) == 1
        items = [kid for kid in tocs[0].K if isinstance(kid, pikepdf.Dictionary)]
        # Preamble, seven articles, signatures (and the certificate of completion, sealed).
        assert len(items) == (10 if kind == "sealed" else 9)
        assert all(item.S == "/TOCI" for item in items)
        for item in items:
            assert any(element.S == "/Link" for element in _elements_under(item))
        assert not any(element.S in ("/LI", "/LBody") for element in _elements_under(tocs[0]))


def _elements_under(element):
    stack = [element]
    while stack:
        current = stack.pop()
        kids = current.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                stack.append(kid)


def test_the_pdf_stays_pdf_a_3a_after_finishing_the_tags(pdfs):
    for data in pdfs.values():
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "nl"
        assert root["/MarkInfo"]["/Marked"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert len(reader.trailer["/ID"]) == 2
    output = run_poppler("pdffonts", pdfs["public"])
    for line in output.splitlines()[2:]:
        embedded, _subset, unicode = line.split()[-5:-2]
        assert (embedded, unicode) == ("yes", "yes"), line


# Metadata


def _pdf_moment(value: str) -> datetime:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm', the zone as the writer chose: WeasyPrint UTC,
    pyHanko local time) as an aware datetime."""
    found = re.fullmatch(r"D:(\d{14})([+-])(\d\d)'?(\d\d)'?", value)
    assert found, value
    sign = 1 if found[2] == "+" else -1
    zone = dt_timezone(sign * timedelta(hours=int(found[3]), minutes=int(found[4])))
    return datetime.strptime(found[1], "%Y%m%d%H%M%S").replace(tzinfo=zone)


@pytest.mark.parametrize("kind", ["v1", "sealed", "public"])
def test_the_metadata_has_the_creation_and_modification_date(pdfs, rendered_from, kind):
    # Between the rendering and now, whatever zone each date is written in (a run may cross
    # midnight, and the PDF's writers use different zones).
    earliest, latest = rendered_from - timedelta(seconds=1), timezone.now() + timedelta(seconds=1)
    with pikepdf.open(io.BytesIO(pdfs[kind])) as pdf:
        for key in ("/CreationDate", "/ModDate"):
            assert earliest <= _pdf_moment(str(pdf.docinfo[key])) <= latest, key
        xmp = pdf.Root.Metadata.read_bytes().decode()
    # WeasyPrint writes elements, pyHanko (sealing) attributes.
    created = re.search(r"xmp:CreateDate(?:>|=\")([^<\"]+)", xmp)
    assert created and earliest <= datetime.fromisoformat(created[1]) <= latest, xmp
    assert "xmp:ModifyDate" in xmp


# The convenant: preamble, articles, document number


def test_the_pdf_opens_with_the_parties_their_representatives_and_the_considerations(demo, pdfs):
    version = demo.signed_version
    document = version.document
    text = _text(pdfs["sealed"])
    preamble = text[text.index("De ondergetekenden:") : text.index("Komen het volgende overeen:")]
    # A word hyphenated over two lines reads joined: compare without spaces and hyphens.
    flat = squeezed(preamble)
    for party in document["parties"]:
        name = party["organisation"]["official_name"]
        representative = party["political_representative"]
        assert squeezed(f"{name}, hierbij vertegenwoordigd door {representative}") in flat
        assert squeezed(party["civil_contact"].split(",")[0]) not in flat
    assert "Overwegende dat:" in preamble
    for key in ("task", "why"):
        assert squeezed(document["task"][key]) in flat
    assert "@" not in preamble
    # Then the articles, in the outline's order, in the contents and as headings.
    articles = [
        "Artikel 1 Opgave en doel",
        "Artikel 2 Partijen en rollen",
        "Artikel 3 Eigenaarschap",
        "Artikel 4 Tafels en mandaten",
        "Artikel 5 Escalatie",
        "Artikel 6 Waarden en samenwerking",
        "Artikel 7 Looptijd, evaluatie en wijziging",
    ]
    body = text[text.index("Komen het volgende overeen:") :]
    positions = [body.index(article) for article in articles]
    assert positions == sorted(positions)


def test_the_document_number_is_on_the_cover_and_in_every_footer(demo, pdfs):
    version = demo.signed_version
    number = document_number(demo.pk, version)
    short = str(demo.pk).replace("-", "")[:8].upper()
    assert number == f"SR-2025-{short}-v2"
    assert document_number(demo.pk, demo.versions.get(number=1)) == f"SR-2024-{short}-v1"
    assert document_number(demo.pk) == f"SR-{short}-concept"
    # The module's PDFs were rendered from a demo of their own (another agreement id).
    for kind, suffix in (("sealed", "-v2"), ("public", "-v2"), ("v1", "-v1")):
        pages = pdf_pages(pdfs[kind])
        printed = _cover_number(pages)
        assert re.fullmatch(rf"SR-20\d\d-[0-9A-F]{{8}}{suffix}", printed)
        assert all(printed in page for page in pages), kind


# Dutch words, dates and amounts


def test_no_word_is_broken_without_a_hyphen(demo, pdfs):
    """No line of the demo's PDFs ends inside a word without a hyphen.

    The words are those of the Dutch hunspell dictionary (hunspell-nl) and the words of the
    version's own text (Dutch compounds such as "programmamanager" or
    "portefeuillehoudersoverleg" are not in the dictionary); see `broken_words` for the rule.
    """
    document = json.dumps(demo.signed_version.document, ensure_ascii=False)
    words = dutch_words() | {word.lower() for word in re.findall(r"\w+", document)}
    for kind, data in pdfs.items():
        assert broken_words(pdf_text(data), words) == [], kind


def test_the_check_finds_a_word_broken_without_a_hyphen():
    words = {"programmamanager", "meteen", "met", "een", "programma"}
    text = "bij de Programmaman\nager van de regio, met\neen besluit; Programma-\nmanager"
    assert broken_words(text, words) == ["bij de Programmaman | ager van de regio, met"]


def test_hyphenation_is_dutch_and_used(demo, pdfs):
    """pyphen hyphenates Dutch, and the PDF hyphenates the long words of narrow columns."""
    import pyphen

    assert pyphen.Pyphen(lang="nl").inserted("portefeuillehoudersoverleg") == (
        "por-te-feuil-le-hou-ders-over-leg"
    )
    lines = pdf_text(pdfs["sealed"]).splitlines()
    assert sum(line.endswith("\u2010") for line in lines) > 20


def test_values_are_written_the_dutch_way(pdfs):
    for kind, data in pdfs.items():
        text = _text(data)
        assert "1 maart 2024 tot en met 31 december 2030" in text, kind
        assert "Democratische legitimiteit" in text
        for raw in ("Democratische_legitimiteit", "democratische_legitimiteit", "75000.00"):
            assert raw not in text, (kind, raw)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), (kind, "ISO date")
        assert re.search(r"tot € \d{1,3}(\.\d{3})+\b", text), kind


# The seal box


def test_the_seal_box_names_the_date_the_holder_and_the_verify_address(pdfs):
    text = _text(pdfs["sealed"])
    box = text[text.index("Zegel van Spelregels") :]
    assert f"Verzegeld op {format_date(timezone.localdate())} door {seal_holder()}." in box
    assert seal_holder() == "Spelregels (test)"
    url = settings.SITE_URL.rstrip("/") + reverse("verify")
    assert url.startswith("http") and url in box.replace(" ", "")


# The publieksversie


def test_the_public_pdf_states_who_signed_when_without_personal_data(demo, pdfs):
    version = demo.signed_version
    text = _text(pdfs["public"])
    assert "Aldus overeengekomen" not in text
    assert "Handtekening" not in text
    assert "@" not in text
    signed = text[text.index("9 van de 9 partijen hebben deze versie ondertekend:") :]
    flat = squeezed(signed)
    for signature in version.signatures.select_related("organisation"):
        assert squeezed(signature.organisation.official_name) in flat
        assert format_date(signature.signed_on) in signed
        assert squeezed(signature.signatory_function) in flat
        assert squeezed(signature.signatory_name) not in squeezed(text)
    for party in version.document["parties"]:
        if party["civil_contact"]:
            assert party["civil_contact"].split(",")[0] not in text


def test_the_public_pdf_of_an_unsigned_version_says_nobody_signed_yet(demo):
    editor = cast.eva()
    open_amendment(agreement=demo, acting_user=editor)
    demo.refresh_from_db()
    demo.why += " Nu ook warmte."
    demo.save()
    version = adopt_version(agreement=demo, acting_user=editor, note="Warmte erbij")
    text = _text(render_public_pdf(version)[1])
    assert "Nog geen van de partijen heeft deze versie ondertekend." in text
    assert "Aldus overeengekomen" not in text
    assert "Handtekening" not in text
