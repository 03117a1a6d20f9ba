"""Signed links to stored PDFs, served before the application's stack.

Through its view, a download of a stored PDF reads the session, the user and the reader's
rights, behind every middleware: four to five times the time of a static file of the same size
(docs/benchmarks.md, "PDF downloads from storage"). The page that shows the link has just made
that check. So its link carries a token (`?toegang=`), signed with SECRET_KEY for that URL, that
names the stored file; the version page's token also holds the reader's session and ends after
DOWNLOAD_LINK_SECONDS, the public page's is for anyone and does not end.
`SignedDownloadMiddleware`, right after WhiteNoise, sends the file for a valid token as
WhiteNoise sends a static file: without the rest of the stack and without the database.

Anything else goes on to the view, which checks as it always did: no token, a token of another
session or URL, an ended or altered one, and a file replaced since it was signed (a new document
timestamp, the publieksversie rendered anew once every party has signed; the old file is then
deleted). What it gives up: rights taken away, or a logout in another tab, reach a link the
reader was already shown only when it ends; and while the publieksversie is rendered anew, its
earlier file is what a link shown before that sends (docs/design.md, "Signed download links").
"""

import time

from django.conf import settings
from django.core import signing
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from agreements.lib.uploads import pdf_download
from agreements.models import ArchivedPdf, PdfKind, PdfStatus, PublishedVersion, Version
from agreements.printing.serving import pdf_filename

LINK_PARAMETER = "toegang"
_SALT = "agreements.printing.links"


def _signer(path: str, session_key: str) -> signing.Signer:
    # The URL and the session are in the key, not in the token: a token of another URL or
    # another session does not verify, and the link stays short.
    return signing.Signer(salt=f"{_SALT}:{path}:{session_key}")


def _signed(url: str, *, stored_name: str, filename: str, session_key: str, ends: int) -> str:
    token = _signer(url, session_key).sign_object([stored_name, filename, ends], compress=True)
    return f"{url}?{urlencode({LINK_PARAMETER: token})}"


def version_link(
    *, session_key: str | None, version: Version, pdfs: list[ArchivedPdf], signed_by_all: bool
) -> str:
    """The version page's link to the version's PDF (version_pdf): signed for `session_key`
    when the PDF it serves (sealed once every party has signed, else the text, as
    `archive.kind_for` says and the page already knows) is stored among the version's `pdfs`."""
    url = reverse("version_pdf", args=[version.agreement_id, version.number])
    kind = PdfKind.SEALED if signed_by_all else PdfKind.VERSION
    ready = [pdf for pdf in pdfs if pdf.kind == kind and pdf.status == PdfStatus.READY]
    if not session_key or not ready:
        return url
    return _signed(
        url,
        stored_name=ready[0].file.name,
        filename=pdf_filename(version, kind),
        session_key=session_key,
        ends=int(time.time()) + settings.DOWNLOAD_LINK_SECONDS,
    )


def public_link(*, published: PublishedVersion, stored_name: str | None) -> str:
    """The public page's link to the publieksversie (public_version_pdf), signed for anyone
    when its file `stored_name` is ready (None while it is not)."""
    url = reverse("public_version_pdf", args=[published.pk])
    if not stored_name:
        return url
    return _signed(
        url,
        stored_name=stored_name,
        filename=pdf_filename(published.version, PdfKind.PUBLIC),
        session_key="",
        ends=0,
    )


def linked_download(request: HttpRequest) -> FileResponse | None:
    """The stored file a valid token of this URL names, as a download; else None."""
    token = request.GET.get(LINK_PARAMETER)
    if not token:
        return None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    # The reader's own link first, then one for anyone (the public page's).
    for key in (session_key, "") if session_key else ("",):
        try:
            stored_name, filename, ends = _signer(request.path, key).unsign_object(token)
        except (signing.BadSignature, ValueError):
            continue
        if ends and ends < time.time():
            return None
        storage = ArchivedPdf._meta.get_field("file").storage
        try:
            stored = storage.open(stored_name, "rb")
        except OSError:  # replaced since: the view finds the new one
            return None
        response = pdf_download(stored, filename)
        # What the stack below would have added, as far as it concerns a file.
        response["X-Frame-Options"] = "DENY"
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
        if key:
            response["Cache-Control"] = "private"
            response["Vary"] = "Cookie"
        return response
    return None


class SignedDownloadMiddleware:
    """Sends the stored PDF of a valid signed link before the rest of the stack
    (settings.MIDDLEWARE, right after WhiteNoise); every other request goes on."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.method == "GET" and LINK_PARAMETER in request.META.get("QUERY_STRING", ""):
            download = linked_download(request)
            if download is not None:
                return download
        return self.get_response(request)
