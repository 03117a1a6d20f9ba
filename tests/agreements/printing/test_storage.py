"""The archival PDFs live behind Django's storage API: in S3-compatible object storage in
production (django-storages, tried here against moto's S3 server on loopback), and each is
stored once, also when two renderings of it overlap."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from django.urls import reverse

from accounts.models import Role
from agreements.models import ArchivedPdf, PdfKind, PdfStatus
from agreements.printing import archive
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

BUCKET = "spelregels-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's standalone S3 server (a real HTTP server) on a free port, with a bucket."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [shutil.which("moto_server", path=Path(sys.executable).parent), "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(endpoint, timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "moto_server did not start"
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def object_storage(settings, s3_endpoint, monkeypatch):
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_DEFAULT_REGION", "eu-west-1"),
    ):
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-1")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint},
        },
    }
    yield s3
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


def test_a_version_pdf_is_stored_in_and_served_from_object_storage(client, demo, object_storage):
    client.force_login(cast.person("oss", Role.LEZER))
    response = client.get(reverse("version_pdf", args=[demo.pk, 2]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    archived = ArchivedPdf.objects.get()
    stored = object_storage.get_object(Bucket=BUCKET, Key=archived.file.name)["Body"].read()
    assert body == stored
    assert body.startswith(b"%PDF-")
    assert archived.size == len(stored)


def test_two_overlapping_renderings_store_the_pdf_once(demo, monkeypatch, caplog):
    """A task queued again after its worker was thought lost may run beside the first one:
    whichever finishes second finds the PDF ready and stores nothing."""
    archived = ArchivedPdf.objects.create(version=demo.signed_version, kind=PdfKind.SEALED)
    original = archive._render
    overtaken = []

    def overtaken_once(pdf):
        data = original(pdf)
        if not overtaken:
            overtaken.append(True)
            archive.render_archived(str(pdf.pk))  # the other rendering finishes first
        return data

    monkeypatch.setattr(archive, "_render", overtaken_once)
    archive.render_archived(str(archived.pk))

    archived.refresh_from_db()
    assert archived.status == PdfStatus.READY
    assert archived.file.name == f"pdf/{demo.signed_version.sha256}-verzegeld.pdf"
    stored = list(Path(archived.file.storage.path("pdf")).iterdir())
    assert [path.name for path in stored] == [Path(archived.file.name).name]
    assert "twice; the first one is kept" in caplog.text
