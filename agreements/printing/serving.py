"""Serving a version's stored PDF, alike for the web page, the public register and the API:
ask for it (it is rendered once, in the background), and once it is ready, send it as a
download; until then the caller says it is on its way (202) or that rendering failed (503)."""

from django.http import FileResponse
from django.utils.text import slugify

from agreements.models import ArchivedPdf, PdfKind, PdfStatus, Version
from agreements.printing import archive


def pdf_filename(version: Version, kind: str) -> str:
    public = "-openbaar" if kind == PdfKind.PUBLIC else ""
    return f"{slugify(version.title)[:80]}-versie-{version.number}{public}.pdf"


def stored_pdf(version: Version, kind: str) -> tuple[ArchivedPdf, FileResponse | None]:
    """The version's stored PDF of that kind (asked for when it is not there), and the
    download once it is ready."""
    archived = archive.request_pdf(version=version, kind=PdfKind(kind))
    if archived.status != PdfStatus.READY:
        return archived, None
    download = FileResponse(
        archived.file.open("rb"),
        as_attachment=True,
        filename=pdf_filename(version, kind),
        content_type="application/pdf",
    )
    return archived, download


def waiting_status(archived: ArchivedPdf) -> int:
    """202 while the PDF is being rendered, 503 when rendering failed (tried again next time)."""
    return 202 if archived.status == PdfStatus.PENDING else 503
