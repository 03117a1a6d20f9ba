"""Export the seal certificate of the local test PKI for development (never for production).

Generates the PKI's keys under LOCAL_PKI_DIR when they are missing (deploy/pki/), then writes
the seal certificate "Spelregels (test)" with its key and chain as PKCS#12 (SEAL_PKCS12_PATH)
and the PKI's root certificate (LOCAL_PKI_DIR/root.pem, the default SEAL_TRUST_ROOTS).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.printing import localpki


class Command(BaseCommand):
    help = "Maak het zegelcertificaat van de lokale test-PKI (PKCS#12) voor ontwikkeling."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Vervang een bestaand certificaat."
        )

    def handle(self, *args, force: bool = False, **options):
        pki = localpki.development_pki()
        root = Path(settings.LOCAL_PKI_DIR) / "root.pem"
        localpki.export_root(pki, root)
        path = Path(settings.SEAL_PKCS12_PATH)
        # A seal file from before the local PKI (self-signed) is replaced as well.
        if path.exists() and not force and _issued_by_local_pki(pki, path):
            self.stdout.write(f"Zegelcertificaat bestaat al: {path}")
            return
        localpki.export_seal(pki, path, settings.SEAL_PKCS12_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Zegelcertificaat gemaakt: {path}"))


def _issued_by_local_pki(pki, path: Path) -> bool:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        _key, certificate, _chain = pkcs12.load_key_and_certificates(
            path.read_bytes(), settings.SEAL_PKCS12_PASSWORD.encode()
        )
    except ValueError:
        return False
    expected = pki.get_cert(localpki.SEAL).dump()
    return certificate is not None and certificate.public_bytes(_der()) == expected


def _der():
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER
