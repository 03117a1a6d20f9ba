"""Serving a version's stored PDF, alike for the web page, the public register and the API:
once it is ready, send it from storage as a download; until then the caller says it is on its
way (202) or that rendering failed (503, tried again by `archive.retry_failed_pdfs`). The PDFs
are asked for when the version comes into being (`archive.py`); a request only asks for one
that nobody asked for yet (a version of the demo's history or an import)."""

from typing import Any

from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.text import slugify

from agreements.lib.uploads import pdf_download
from agreements.models import ArchivedPdf, PdfKind, PdfStatus, Version
from agreements.printing import archive


def pdf_filename(version: Version, kind: str) -> str:
    public = "-openbaar" if kind == PdfKind.PUBLIC else ""
    return f"{slugify(version.title)[:80]}-versie-{version.number}{public}.pdf"


def stored_pdf(version: Version, kind: str) -> tuple[ArchivedPdf, FileResponse | None]:
    """The version's stored PDF of that kind (asked for when nobody did yet), and the
    download once it is ready."""
    archived = archive.request_pdf(version=version, kind=PdfKind(kind))
    if archived.status != PdfStatus.READY:
        return archived, None
    return archived, pdf_download(archived.file, pdf_filename(version, kind))


def waiting_status(archived: ArchivedPdf) -> int:
    """202 while the PDF is being rendered, 503 when rendering failed."""
    return 202 if archived.status == PdfStatus.PENDING else 503


def pdf_or_waiting_page(
    request: HttpRequest, version: Version, kind: str, template: str, context: dict[str, Any]
) -> HttpResponseBase:
    """The stored PDF as a download once it is ready; until then the page `template` (given
    `context` with `version` and `archived` added), with the status of `waiting_status`."""
    archived, download = stored_pdf(version, kind)
    if download is not None:
        return download
    return render(
        request,
        template,
        {**context, "version": version, "archived": archived},
        status=waiting_status(archived),
    )
