"""The seal's key on a PKCS#11 token: a real SoftHSM token (Debian's softhsm2) holding the
local test PKI's seal key and certificate; the sealed PDF reaches B-LTA like one sealed with the
PKCS#12 file."""

import shutil
import subprocess
from pathlib import Path

import pkcs11
import pytest
from pkcs11 import Attribute, ObjectClass
from pkcs11.util.x509 import decode_x509_certificate

from agreements.printing import seal, validation
from tests.agreements.printing.test_seal_lta import small_sealed_pdf

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
UTIL = shutil.which("softhsm2-util") or "/usr/bin/softhsm2-util"
PIN = "1234"


@pytest.fixture
def seal_on_a_token(tmp_path, local_pki, settings, monkeypatch):
    conf = tmp_path / "softhsm2.conf"
    (tmp_path / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(  # noqa: S603 -- Debian's softhsm2-util
        [
            UTIL,
            "--init-token",
            "--free",
            "--label",
            "spelregels",
            "--pin",
            PIN,
            "--so-pin",
            "5678",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(  # noqa: S603
        [
            UTIL,
            "--import",
            str(local_pki.directory / "keys" / "zegel.key.pem"),
            "--token",
            "spelregels",
            "--label",
            "zegel",
            "--id",
            "01",
            "--pin",
            PIN,
        ],
        check=True,
        capture_output=True,
    )
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label="spelregels")
    with token.open(rw=True, user_pin=PIN) as session:
        for label in ("zegel", "organisatie-ca", "root"):
            certificate = local_pki.pki.get_cert(label).dump()
            attributes = decode_x509_certificate(certificate)
            attributes.update({Attribute.TOKEN: True, Attribute.LABEL: label})
            if label == "zegel":
                attributes[Attribute.ID] = b"\x01"
            session.create_object(attributes)
        assert list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
    # No PKCS#12 file at all: the key is only on the token.
    settings.SEAL_PKCS12_PATH = tmp_path / "geen.p12"
    settings.SEAL_PKCS11_MODULE = str(SOFTHSM)
    settings.SEAL_PKCS11_TOKEN_LABEL = "spelregels"
    settings.SEAL_PKCS11_KEY_LABEL = "zegel"
    settings.SEAL_PKCS11_PIN = PIN


def test_a_seal_with_the_key_on_a_softhsm_token_is_b_lta(seal_on_a_token):
    assert seal.seal_holder() == "Spelregels (test)"
    data = small_sealed_pdf()
    facts = validation.seal_facts(data)
    assert facts is not None
    assert facts.level == "B-LTA" and facts.holder == "Spelregels (test)"


def test_a_wrong_pin_gives_a_clear_error(seal_on_a_token, settings):
    settings.SEAL_PKCS11_PIN = "0000"
    with pytest.raises(seal.SealNotConfigured, match="Het token met de zegelsleutel"):
        small_sealed_pdf()
