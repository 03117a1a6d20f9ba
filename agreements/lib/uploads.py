"""Validating uploaded files by their content, not their name; sending a stored PDF back."""

from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _


class UploadError(StrEnum):
    """Why an upload is refused."""

    TOO_LARGE = "too_large"
    NOT_PDF = "not_pdf"


PDF_MAGIC = b"%PDF-"


def _check_size(upload: UploadedFile) -> int:
    limit = settings.MAX_UPLOAD_BYTES
    size = upload.size
    assert size is not None  # noqa: S101 -- Django's upload handlers always set it
    if size > limit:
        raise ValidationError(
            _("Het bestand is %(size)s MB; het mag hoogstens %(limit)s MB zijn.")
            % {"size": round(size / 1_000_000, 1), "limit": round(limit / 1_000_000)},
            code=UploadError.TOO_LARGE,
        )
    return size


def _not_pdf() -> ValidationError:
    return ValidationError(
        _("Dit bestand is geen PDF. Upload het als PDF."), code=UploadError.NOT_PDF
    )


def validate_pdf(upload: UploadedFile) -> None:
    """A PDF of at most MAX_UPLOAD_BYTES whose content starts like a PDF and ends with %%EOF."""
    size = _check_size(upload)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    if not head.startswith(PDF_MAGIC) or b"%%EOF" not in tail:
        raise _not_pdf()


def validate_pdf_start(upload: UploadedFile) -> None:
    """A file of at most MAX_UPLOAD_BYTES that starts like a PDF: for the verification page,
    which says itself what is wrong with a damaged or incomplete PDF."""
    _check_size(upload)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(PDF_MAGIC):
        raise _not_pdf()


def pdf_download(file: File, filename: str) -> FileResponse:
    """A stored PDF (an uploaded attachment or scan, a rendered version) as a download."""
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
