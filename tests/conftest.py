import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep uploaded and generated files out of the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _simple_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in Dutch: a request in English leaves English active in this thread
    (Django activates a language per request and never switches back)."""
    from django.utils import translation

    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Demo seeding sets dozens of passwords; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reference_data(transactional_db):
    """The role options and templates of migration 0002, for transactional tests.

    Transactional tests flush the database afterwards, so rows a data migration made are gone
    for every later one; load them again from the migration's own data.
    """
    migration = importlib.import_module("agreements.migrations.0002_reference_data")
    migration.create_reference_data(apps, None)


@pytest.fixture(scope="session")
def _seal_certificate(tmp_path_factory):
    """One self-signed seal certificate for the whole run (key generation takes a moment)."""
    from agreements.printing.seal import create_seal_certificate

    path = tmp_path_factory.mktemp("seal") / "seal.p12"
    create_seal_certificate(path, "test-seal", common_name="Spelregels zegel (test)")
    return path


@pytest.fixture(autouse=True)
def _seal(settings, _seal_certificate):
    """Seal PDFs with the test certificate."""
    settings.SEAL_PKCS12_PATH = _seal_certificate
    settings.SEAL_PKCS12_PASSWORD = "test-seal"
