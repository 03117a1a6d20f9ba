"""The briefing as PDF: the screen's content, PDF/A-3a like the version PDF, at most two A4
pages for the demo, and no table row or list item split over a page break."""

import io
import json
import re
from datetime import date

import pikepdf
import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from agreements.models import Agreement, Party
from agreements.printing.briefing import briefing_for, briefing_html, render_briefing_pdf
from agreements.printing.pdfa import render_document
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

A4 = (595.276, 841.89)  # points


@pytest.fixture(scope="module")
def briefing_pdf(demo_database) -> bytes:
    """The demo's briefing PDF on a day version 2 is in force, rendered once for the module."""
    with demo_database.using("demo+history") as facts:
        agreement = Agreement.objects.get(pk=facts["agreement_id"])
        return render_briefing_pdf(briefing_for(agreement, date(2026, 12, 1)))[1]


def test_the_pdf_is_at_most_two_a4_pages(briefing_pdf):
    pdf = pikepdf.open(io.BytesIO(briefing_pdf))
    assert 1 <= len(pdf.pages) <= 2
    for page in pdf.pages:
        width, height = (float(value) for value in page.mediabox[2:])
        assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))


def test_the_pdf_is_pdf_a_3a_tagged_with_metadata(briefing_pdf):
    """The same checks as the version PDF's (tests/agreements/printing/test_archive.py)."""
    reader = PdfReader(io.BytesIO(briefing_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    info = reader.metadata
    assert f'pdf:Producer="{info.producer}"' in xmp
    assert info.title == (
        "Briefing: Samenwerkingsafspraken RES Noordoost-Brabant — stand op 1 december 2026"
    )
    assert info.title in xmp
    assert "Gemeente Meierijstad" in info["/Keywords"]
    assert info.subject == "Volgens versie 2, in werking sinds 26 juni 2025."
    # An output intent (sRGB) as PDF/A asks.
    intents = root["/OutputIntents"]
    assert len(intents) == 1
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/DestOutputProfile" in intents[0].get_object()


def test_the_running_header_and_footer_are_artifacts(briefing_pdf):
    pages = pdf_pages(briefing_pdf)
    assert "pagina 2 van 2" in pages[1]  # printed on the page ...
    read = pdf_text(without_artifacts(briefing_pdf))
    assert "pagina 2 van" not in read  # ... but not read out
    assert read.count("Briefing: Samenwerkingsafspraken RES Noordoost-Brabant") == 1  # the h1
    assert "Stand op 1 december 2026" in read


def test_no_word_is_broken_without_a_hyphen(demo, briefing_pdf):
    """The narrow columns are hyphenated the Dutch way; running text keeps whole words (the
    rule and the dictionary are the version PDF's: tests/agreements/printing/test_convenant.py)."""
    document = json.dumps(demo.signed_version.document, ensure_ascii=False)
    words = dutch_words() | {word.lower() for word in re.findall(r"\w+", document)}
    assert broken_words(pdf_text(briefing_pdf), words) == []


def test_every_font_is_embedded_with_a_unicode_map(briefing_pdf):
    output = run_poppler("pdffonts", briefing_pdf)
    fonts = output.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        embedded, _subset, unicode = line.split()[-5:-2]
        assert (embedded, unicode) == ("yes", "yes"), line


def test_the_pdf_holds_the_sections_of_the_screen(client, demo, briefing_pdf):
    client.force_login(cast.person("oss", Role.LEZER))
    html = client.get(
        reverse("agreement_briefing", args=[demo.pk]), {"op": "2026-12-01"}
    ).content.decode()
    headings = re.findall(r'<h2 class="utrecht-heading-2" id="b-[a-z]+">([^<]+)</h2>', html)
    assert len(headings) == 10
    assert "Mandaten" in headings and "Escalatieladder" in headings
    text = squeezed(pdf_text(briefing_pdf))
    for heading in headings:
        assert squeezed(heading) in text, heading
    for said in [
        "Volgens versie 2, in werking sinds 26 juni 2025.",
        "€ 75.000",
        "Wensen en bedenkingen vooraf",
        "18 september 2025",
        "Netcongestie krijgt voorrang",
        "Bevoegd gezag",
        "Als het vastloopt: onafhankelijk voorzitter",
        "1 april 2027",
        "1 maart 2024 tot en met 31 december 2030",
        "mw. J. de Vries, wethouder duurzaamheid",
    ]:
        assert squeezed(said) in text, said
    assert "75000.00" not in text and "2027-04-01" not in text


def rows_and_items(briefing) -> dict[int, set[int]]:
    """The pages each table row and list item of the laid-out briefing lies on (header rows,
    repeated on each page a table runs over, left out)."""
    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(render_document(briefing_html(briefing)).pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.tag not in ("tr", "li"):
                continue
            if any(cell.get("scope") == "col" for cell in element):
                continue
            pages_of.setdefault(id(element), set()).add(number)
    return pages_of


def test_no_row_or_item_is_split_over_a_page_break(demo):
    """Every table row and list item of the demo's briefing lies on one page (its roles table
    runs over the page break: between two rows)."""
    pages = rows_and_items(briefing_for(demo, date(2026, 12, 1)))
    # 6 elected bodies, 2 decisions, 5 mandates, 9 parties' roles, 3 tables, 4 rungs, the
    # evaluation and the term, 9 parties to call.
    assert len(pages) == 40
    assert all(len(numbers) == 1 for numbers in pages.values())
    assert set().union(*pages.values()) == {0, 1}


def test_the_download_is_the_briefing_of_the_day_asked(client, demo):
    client.force_login(cast.person("oss", Role.LEZER))
    response = client.get(reverse("agreement_briefing_pdf", args=[demo.pk]), {"op": "2024-02-20"})
    assert response["Content-Type"] == "application/pdf"
    assert "briefing-2024-02-20.pdf" in response["Content-Disposition"]
    pages = pdf_pages(response.content)
    assert len(pages) <= 2
    text = " ".join(" ".join(pages).split())
    assert "Stand op 20 februari 2024" in text
    assert "2 van 8 partijen hebben ondertekend" in text
    assert "€ 50.000" in text and "€ 75.000" not in text


@pytest.mark.parametrize("sentences", [1, 2, 3, 4, 5])
def test_a_long_row_moves_to_the_next_page_whole(demo, sentences):
    """Longer notes on democratic control (in the draft, which the briefing follows before the
    first adoption) move the page break around; wherever it falls, no row is cut in two.
    (Without `break-inside: avoid`, four sentences cut a row of the demo.)"""
    Party.objects.filter(agreement=demo).update(
        council_control_note="Een lange toelichting over de rol van de raad. " * sentences
    )
    briefing = briefing_for(demo, date(2024, 2, 14))
    assert briefing.version is None
    pages = rows_and_items(briefing)
    assert all(len(numbers) == 1 for numbers in pages.values())
    assert set().union(*pages.values()) == {0, 1}
