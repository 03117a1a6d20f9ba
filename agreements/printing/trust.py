"""What the seal and its verification trust: the trust anchors of SEAL_TRUST_ROOTS (PEM files:
the local test PKI's root in development, the organisation certificate's root and the
time-stamping service's root in production, docs/deploy.md), and a way to run pyHanko's
coroutines from synchronous code."""

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings


def run_sync(coroutine):
    """Run one of pyHanko's coroutines to the end, also where an event loop is running already
    (pyHanko's synchronous wrappers call asyncio.run, which refuses that): then in a thread of
    its own, with the caller's context variables (`verify._quiet`). Not inside an `except`
    block: every error pyHanko logs would carry "no running event loop" with it."""
    try:
        asyncio.get_running_loop()
        running = True
    except RuntimeError:
        running = False
    if not running:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(contextvars.copy_context().run, asyncio.run, coroutine).result()


def holder_name(certificate: asn1_x509.Certificate | None) -> str:
    """Who holds a certificate, as a reader says it: its common name, then its organisation
    when that adds to it ("Spelregels (test)"), without the certificate's own field names
    ("Common Name: …"); "" without a certificate."""
    if certificate is None:
        return ""
    subject = certificate.subject.native
    names = [
        " ".join(value) if isinstance(value, list) else str(value or "")
        for value in (subject.get("common_name"), subject.get("organization_name"))
    ]
    unique = [name for index, name in enumerate(names) if name and name not in names[:index]]
    if len(unique) == 2 and unique[1] in unique[0]:
        unique = unique[:1]
    return ", ".join(unique)


def trust_roots() -> list[asn1_x509.Certificate]:
    """The certificates in the PEM (or DER) files of SEAL_TRUST_ROOTS that exist."""
    roots: list[asn1_x509.Certificate] = []
    for name in settings.SEAL_TRUST_ROOTS:
        path = Path(name)
        if not path.is_file():
            continue
        data = path.read_bytes()
        if pem.detect(data):
            roots.extend(asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, True))
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots
