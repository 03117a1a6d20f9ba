"""Every party signs the demo agreement (the first two and the last in the browser), and the
sealed PDF is downloaded and verified; the signing and verification pages pass axe."""

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, Role, User
from agreements.models import Agreement, PdfKind
from agreements.printing.verify import verify_pdf
from agreements.versions import signing
from agreements.versions.adoption import adopt_version
from agreements.versions.status import Status, with_status
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_every_party_signs_and_the_sealed_pdf_verifies(page, reference_data):
    seed_demo()
    agreement = Agreement.objects.get()
    editor = cast.eva()
    version = adopt_version(agreement=agreement, acting_user=editor, note="")
    signatories = [
        User.objects.get(
            memberships__organisation=Organisation.objects.get(pk=key),
            memberships__role=Role.ONDERTEKENAAR,
        )
        for key in signing.party_keys(version)
    ]
    assert len(signatories) == 8
    version_url = f"/afspraken/{agreement.pk}/versies/1/"
    for index, signatory in enumerate(signatories):
        if 1 < index < len(signatories) - 1:
            # The first two and the last (whose signature completes the version) sign in the
            # browser; the others as the form would have them sign.
            signing.sign_version(
                version=version,
                organisation=Organisation.objects.get(
                    memberships__user=signatory, memberships__role=Role.ONDERTEKENAAR
                ),
                acting_user=signatory,
                signatory_name=signatory.full_name,
                signatory_function="",
                basis=f"Mandaatbesluit 2024-{index:02d}",
                place="'s-Hertogenbosch",
            )
            continue
        log_in(page, signatory.email, DEMO_PASSWORD)
        page.goto(version_url)
        follow(page.get_by_role("link", name="Ondertekenen"))
        if index == 0:
            assert axe_violations(page) == [], "sign form"
            # Without the confirmation nothing is signed, and the input stays.
            page.get_by_label("Functie").fill("wethouder")
            page.get_by_label("Bevoegd op grond van").fill("Collegebesluit 2024-031")
            page.get_by_label("Plaats").fill("Heeswijk-Dinther")
            page.get_by_role("button", name="Ondertekenen").click()
            expect(
                page.get_by_text("Bevestig dat je namens de partij ondertekent.").first
            ).to_be_visible()
            expect(page.get_by_label("Plaats")).to_have_value("Heeswijk-Dinther")
            assert axe_violations(page) == [], "sign form with errors"
        else:
            page.get_by_label("Bevoegd op grond van").fill(f"Mandaatbesluit 2024-{index:02d}")
            page.get_by_label("Plaats").fill("'s-Hertogenbosch")
        page.get_by_label("Ik heb deze versie gelezen").check()
        page.get_by_role("button", name="Ondertekenen").click()
        # The last signature seals the PDF: in tests the task runs at once, in the request.
        expect(page.get_by_role("status")).to_contain_text("is vastgelegd", timeout=90_000)
        page.get_by_role("button", name="Uitloggen").click()

    signed = Agreement.objects.filter(pk=agreement.pk)
    day_before = version.start_date - timedelta(days=1)
    assert with_status(signed, day_before).get().status == Status.ONDERTEKEND
    assert with_status(signed, version.start_date).get().status == Status.IN_WERKING
    log_in(page, cast.person("oss", Role.LEZER).email, DEMO_PASSWORD)
    page.goto(version_url)
    expect(page.get_by_text("Nog niet ondertekend")).to_have_count(0)
    assert axe_violations(page) == [], "version page, fully signed"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ondertekende en verzegelde PDF downloaden").click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    # Adoption stored the text, the last signature the sealed PDF; the download is the latter.
    assert sorted(version.pdfs.values_list("kind", flat=True)) == [PdfKind.VERSION, PdfKind.SEALED]
    sealed = version.pdfs.get(kind=PdfKind.SEALED)
    assert sealed.rendered_at is not None
    with sealed.file.open("rb") as stored:
        assert stored.read() == data
    result = verify_pdf(data)
    assert result.is_valid, result.problems
    assert len(result.signatures) == 8

    # Anyone may check the file on the public verification page.
    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/controleren/")
    assert axe_violations(page) == [], "verify page"
    page.get_by_label("PDF-bestand").set_input_files(
        files=[{"name": "afspraak.pdf", "mimeType": "application/pdf", "buffer": data}]
    )
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_text("Echt en ongewijzigd.")).to_be_visible()
    assert axe_violations(page) == [], "verify result"
