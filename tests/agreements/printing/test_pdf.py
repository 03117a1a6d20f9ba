"""Printing: the briefing PDF, and a renderer that fetches nothing it should not."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from agreements.models import Agreement
from agreements.printing.briefing import briefing_for, render_briefing_pdf
from agreements.printing.pdfa import PRINT_BASE_URL, StaticOnlyFetcher
from tests.support import cast
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.demo(history=True)
def test_briefing_pdf_names_parties_tables_and_page_numbers(client, demo):
    agreement = demo
    client.force_login(cast.person("oss", Role.LEZER))
    response = client.get(reverse("agreement_briefing_pdf", args=[agreement.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Briefing: Samenwerkingsafspraken RES Noordoost-Brabant" in text
    assert "Gemeente Meierijstad" in text
    assert "Stuurgroep RES Noordoost-Brabant" in text
    assert "pagina 1 van" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "https://example.org/x.png",
        f"{PRINT_BASE_URL}static/../../config/settings.py",
        f"{PRINT_BASE_URL}media/besluiten/x.pdf",
    ],
)
def test_the_fetcher_refuses_everything_but_static_and_data(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_own_static_files_and_data_urls():
    css = StaticOnlyFetcher().fetch(f"{PRINT_BASE_URL}static/print/print.css")
    assert b"@page" in css.read()
    assert StaticOnlyFetcher().fetch("data:text/plain,hallo").read() == b"hallo"


def test_user_text_cannot_make_the_renderer_fetch_or_run_anything(demo):
    hostile = (
        '<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/hostname">'
        '<img src="http://127.0.0.1:1/x.png"><script>document.write("GEHACKT")</script>'
    )
    agreement = demo
    Agreement.objects.filter(pk=agreement.pk).update(task=hostile, why=hostile)
    agreement.refresh_from_db()
    html, data = render_briefing_pdf(briefing_for(agreement, timezone.localdate()))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    text = pdf_text(data)
    assert "root:" not in text
    assert "GEHACKT" not in text.replace('document.write("GEHACKT")', "")
    assert PdfReader(io.BytesIO(data)).attachments == {}
