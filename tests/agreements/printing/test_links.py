"""Signed links to stored PDFs (agreements/printing/links.py): the version page links to its
stored PDF with a token for the reader's session, the public page with one for anyone, and
either is sent without a query; every other token, and the same URL without one, takes the
view's checked path."""

import html
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from agreements.models import PdfKind, PdfStatus, PublishedVersion
from agreements.printing.links import LINK_PARAMETER
from tests.support import cast
from tests.support.factories import stored_as

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]


def pdf_link(page) -> str:
    """The href of the page's link to a PDF (the version's or the publieksversie's)."""
    assert page.status_code == 200
    found = re.findall(r'href="([^"]*/pdf/[^"]*)"', page.content.decode())
    assert len(found) == 1, found
    return html.unescape(found[0])


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_version_page_links_to_its_sealed_pdf_for_this_session_only(
    client, demo, django_assert_num_queries
):
    second = demo.versions.get(number=2)  # signed by every party in the demo's history
    stored_as(second, PdfKind.SEALED)
    client.force_login(cast.lars())
    link = pdf_link(client.get(reverse("version_detail", args=[demo.pk, 2])))
    url = reverse("version_pdf", args=[demo.pk, 2])
    assert link.startswith(f"{url}?{LINK_PARAMETER}=")
    with django_assert_num_queries(0):
        response = client.get(link)
    assert body(response) == b"%PDF-verzegeld"
    assert response["Content-Disposition"].endswith('-versie-2.pdf"')
    assert response["Cache-Control"] == "private"
    assert response["X-Frame-Options"] == "DENY"

    # Lars in another browser: his own session is checked, and he may read it.
    elsewhere = client_of(cast.lars())
    with django_assert_num_queries(2):  # the session with its person, the PDF
        assert body(elsewhere.get(link)) == b"%PDF-verzegeld"
    # The outsider with Lars's link: the view refuses him, as without it.
    assert client_of(cast.olaf()).get(link).status_code == 404
    # Nobody logged in: the login page.
    response = Client().get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_token_on_another_url_altered_or_ended_takes_the_checked_path(
    client, demo, settings, django_assert_num_queries
):
    first, second = demo.versions.get(number=1), demo.versions.get(number=2)
    stored_as(first, PdfKind.SEALED, content=b"%PDF-versie-1")
    stored_as(second, PdfKind.SEALED, content=b"%PDF-versie-2")
    client.force_login(cast.lars())
    link = pdf_link(client.get(reverse("version_detail", args=[demo.pk, 2])))
    token = link.partition("?")[2]

    # Version 2's token on version 1's URL names nothing there: version 1's own PDF, checked.
    with django_assert_num_queries(2):  # the session with its person, the PDF
        moved = client.get(f"{reverse('version_pdf', args=[demo.pk, 1])}?{token}")
    assert body(moved) == b"%PDF-versie-1"
    with django_assert_num_queries(2):  # the session with its person, the PDF
        assert body(client.get(link[:-3] + "abc")) == b"%PDF-versie-2"

    settings.DOWNLOAD_LINK_SECONDS = -1  # a link shown a moment ago has ended
    ended = pdf_link(client.get(reverse("version_detail", args=[demo.pk, 2])))
    assert ended != link
    with django_assert_num_queries(2):  # the session with its person, the PDF
        assert body(client.get(ended)) == b"%PDF-versie-2"


def test_a_file_replaced_after_the_link_was_shown_is_found_by_the_view(client, demo):
    """As after a new document timestamp: the old file is gone, the link's token still names it."""
    second = demo.versions.get(number=2)
    sealed = stored_as(second, PdfKind.SEALED, content=b"%PDF-eerder")
    client.force_login(cast.lars())
    link = pdf_link(client.get(reverse("version_detail", args=[demo.pk, 2])))
    previous = sealed.file.name
    sealed.file.save("vernieuwd.pdf", ContentFile(b"%PDF-met-nieuw-tijdstempel"))
    sealed.file.storage.delete(previous)
    assert body(client.get(link)) == b"%PDF-met-nieuw-tijdstempel"


def test_the_version_page_links_without_a_token_until_its_pdf_is_stored(client, demo):
    second = demo.versions.get(number=2)
    stored_as(second, PdfKind.VERSION)  # the text, while the sealed PDF is not there yet
    stored_as(second, PdfKind.SEALED, PdfStatus.PENDING)
    client.force_login(cast.lars())
    link = pdf_link(client.get(reverse("version_detail", args=[demo.pk, 2])))
    assert link == reverse("version_pdf", args=[demo.pk, 2])
    assert client.get(link).status_code == 202  # the progress page, not the unsigned text


def test_the_public_page_links_to_the_publieksversie_for_anyone(
    client, demo, django_assert_num_queries
):
    second = demo.versions.get(number=2)
    published = PublishedVersion.objects.get(version=second)
    page = reverse("public_version", args=[published.pk])
    url = reverse("public_version_pdf", args=[published.pk])
    assert pdf_link(client.get(page)) == url  # not stored yet: the plain link
    stored_as(second, PdfKind.PUBLIC)
    link = pdf_link(client.get(page))
    assert link.startswith(f"{url}?{LINK_PARAMETER}=")
    with django_assert_num_queries(0):
        response = client.get(link)
    assert body(response) == b"%PDF-openbaar"
    assert response["Content-Disposition"].endswith('-versie-2-openbaar.pdf"')
    assert "Cache-Control" not in response
    # Someone logged in follows the same public link.
    olaf = client_of(cast.olaf())
    with django_assert_num_queries(0):
        assert body(olaf.get(link)) == b"%PDF-openbaar"
    # The public token does not open a version's PDF behind a login.
    stored_as(second, PdfKind.SEALED)
    response = Client().get(f"{reverse('version_pdf', args=[demo.pk, 2])}?{link.partition('?')[2]}")
    assert response.status_code == 302
