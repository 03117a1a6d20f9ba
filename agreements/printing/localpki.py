"""The local test PKI: a root CA, an organisation CA, the seal certificate "Spelregels (test)",
a time-stamping authority, an OCSP responder and CRLs, for development, the tests and CI.

Described by the certomancer configuration in deploy/pki/certomancer.yml; its keys are generated
on this machine (`ensure_keys`, under LOCAL_PKI_DIR/keys), never committed. `manage.py serve_pki`
serves it over HTTP on loopback with certomancer's Animator (a process of `make run`), the tests
serve it in a thread (tests/support/pki.py), and `manage.py create_seal_certificate` exports the
seal certificate with its key as PKCS#12 and the root certificate that verification trusts.
Never for production: there, an organisation certificate and a real time-stamping service
(docs/deploy.md).
"""

from pathlib import Path
from typing import Any

import yaml
from asn1crypto import pem
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig, PKIArchitecture
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

ARCHITECTURE = ArchLabel("spelregels")
SEAL = CertLabel("zegel")
ROOT = CertLabel("root")


def tsa_url(base_url: str, service: str = "tsa") -> str:
    """The address of the PKI's time-stamping service `service`."""
    return f"{base_url.rstrip('/')}/{ARCHITECTURE}/tsa/{service}"


def load_config(path: Path | None = None) -> dict[str, Any]:
    """The configuration as a dictionary (tests change a copy of it)."""
    return yaml.safe_load(Path(path or settings.LOCAL_PKI_CONFIG).read_text())


def ensure_keys(config: dict[str, Any], directory: Path) -> None:
    """Generate every key the configuration names that is not there yet (RSA: its signatures
    are deterministic, so the same keys and configuration always give the same certificates)."""
    for keyset in config["keysets"].values():
        folder = directory / keyset.get("path-prefix", "")
        folder.mkdir(parents=True, exist_ok=True)
        for key in keyset["keys"].values():
            path = folder / key["path"]
            if path.exists():
                continue
            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            path.write_bytes(
                private.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            path.chmod(0o600)


def architecture(config: dict[str, Any], directory: Path, base_url: str) -> PKIArchitecture:
    """The PKI of the configuration, its keys in `directory`, its services at `base_url`."""
    ensure_keys(config, directory)
    loaded = CertomancerConfig(
        config, key_search_dir=str(directory), external_url_prefix=base_url.rstrip("/")
    )
    return loaded.get_pki_arch(ARCHITECTURE)


def animator(pki: PKIArchitecture) -> Animator:
    """The WSGI application serving the PKI's TSA, OCSP, CRLs and certificates."""
    return Animator(AnimatorArchStore({pki.arch_label: pki}), with_web_ui=False)


def export_seal(
    pki: PKIArchitecture, pkcs12_path: Path, password: str, *, label: CertLabel = SEAL
) -> None:
    """Write the seal certificate `label`, its key and its chain as a PKCS#12 file."""
    pkcs12_path.parent.mkdir(parents=True, exist_ok=True)
    pkcs12_path.write_bytes(pki.package_pkcs12(label, password=password.encode()))
    pkcs12_path.chmod(0o600)


def export_root(pki: PKIArchitecture, path: Path) -> None:
    """Write the root certificate as PEM: the trust anchor of sealing and verification."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pem.armor("CERTIFICATE", pki.get_cert(ROOT).dump()))


def development_pki() -> PKIArchitecture:
    """The PKI of the settings (LOCAL_PKI_CONFIG, LOCAL_PKI_DIR, LOCAL_PKI_URL)."""
    return architecture(load_config(), Path(settings.LOCAL_PKI_DIR), settings.LOCAL_PKI_URL)
