"""What the seal and its verification trust: the trust anchors of SEAL_TRUST_ROOTS (PEM files:
the local test PKI's root in development, the organisation certificate's root and the
time-stamping service's root in production, docs/deploy.md), and a way to run pyHanko's
coroutines from synchronous code."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings


def run_sync(coroutine):
    """Run one of pyHanko's coroutines to the end, also where an event loop is running already
    (pyHanko's synchronous wrappers call asyncio.run, which refuses that)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


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
