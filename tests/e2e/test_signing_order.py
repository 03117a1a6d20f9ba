"""Signing in three rounds in the browser: the opsteller sets the order, the provincie is refused
while the gemeente has not signed, and every round signs in turn; the agreement page says whose
turn it is, at 1280 and at 390 pixels wide."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from accounts.models import Organisation, Role, User
from agreements.models import Agreement
from agreements.versions import signing
from agreements.versions.adoption import adopt_version
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, fill_signing_form, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_three_rounds_sign_in_order_and_out_of_turn_is_refused(page, reference_data, tmp_path):
    seed_demo()
    agreement = Agreement.objects.get()
    bernheze, brabant = cast.bernheze(), cast.brabant()

    # Eva sets the order: Bernheze first (two of its three representatives), Noord-Brabant
    # second, the other parties third.
    log_in(page, cast.eva().email, DEMO_PASSWORD)
    page.goto(f"/afspraken/{agreement.pk}/")
    follow(page.get_by_role("link", name="Volgorde van ondertekenen"))
    assert axe_violations(page) == [], "signing plan form"
    for group in page.locator("form fieldset").all():
        legend = group.locator("legend").inner_text()
        tier = {bernheze.name: "1", brabant.name: "2"}.get(legend, "3")
        group.get_by_label("Ronde").fill(tier)
        if legend == bernheze.name:
            group.get_by_label("Aantal vertegenwoordigers").fill("3")
            group.get_by_label("Daarvan moeten tekenen").fill("2")
    page.screenshot(path=str(tmp_path / "plan-1280.png"), full_page=True)
    follow(page.get_by_role("button", name="Volgorde opslaan"))
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    page.get_by_role("button", name="Uitloggen").click()
    version = adopt_version(agreement=agreement, acting_user=cast.eva(), note="")
    assert {entry["tier"] for entry in version.signing_plan["parties"]} == {1, 2, 3}
    version_url = f"/afspraken/{agreement.pk}/versies/1/"

    def sign(user: User, basis: str, *, refused: bool = False) -> None:
        log_in(page, user.email, DEMO_PASSWORD)
        page.goto(version_url)
        follow(page.get_by_role("link", name="Ondertekenen"))
        fill_signing_form(page, basis=basis, place="'s-Hertogenbosch")
        page.get_by_role("button", name="Ondertekenen").click()
        if refused:
            expect(page.get_by_text("is nog niet aan de beurt")).to_be_visible()
            expect(page.get_by_label("Bevoegd op grond van")).to_have_value(basis)
            assert axe_violations(page) == [], "sign form, out of turn"
        else:
            expect(page.get_by_role("status")).to_contain_text("is vastgelegd")
        page.get_by_role("button", name="Uitloggen").click()

    # The provincie tries first, and is told to wait for round 1.
    sign(cast.sanne(), "GS-besluit 2024-07", refused=True)
    assert not version.signatures.exists()
    sign(cast.kees(), "Collegebesluit 2024-031")

    # Bernheze has one of its two signatures: the agreement page says round 1 is still on, on a
    # wide and a narrow screen.
    log_in(page, cast.lars().email, DEMO_PASSWORD)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/afspraken/{agreement.pk}/")
        expect(page.locator("#signing-turn")).to_have_text(
            f"Aan de beurt: Ronde 1 van 3: {bernheze.name}."
        )
        expect(page.get_by_text("Ronde 1 (aan de beurt)")).to_be_visible()
        expect(page.get_by_text("(2 van 3 vertegenwoordigers)")).to_be_visible()
        expect(page.get_by_text("1 van de 2 handtekeningen")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"agreement-{width}.png"), full_page=True)
        page.goto(version_url)
        expect(page.get_by_role("columnheader", name="Ronde")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"version-{width}.png"), full_page=True)
    assert axe_violations(page) == [], "agreement page with rounds"
    page.set_viewport_size({"width": 1280, "height": 900})

    # Bernheze's second representative signed on paper; the opsteller records it.
    signing.sign_version(
        version=version,
        organisation=bernheze,
        acting_user=cast.eva(),
        signatory_name="Mr. J. de Vries",
        signatory_function="burgemeester",
        basis="Collegebesluit 2024-031",
        place="Heeswijk-Dinther",
        scan=SimpleUploadedFile("scan.pdf", PDF, "application/pdf"),
        signed_on=version.adopted_at.date(),
    )
    page.goto(f"/afspraken/{agreement.pk}/")
    expect(page.locator("#signing-turn")).to_have_text(
        f"Aan de beurt: Ronde 2 van 3: {brabant.name}."
    )
    expect(page.get_by_text("Ronde 1 (klaar)")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    sign(cast.sanne(), "GS-besluit 2024-07")
    third = [
        key for key in signing.party_keys(version) if key not in {str(bernheze.pk), str(brabant.pk)}
    ]
    for index, key in enumerate(third):
        signatory = User.objects.get(
            memberships__organisation_id=key, memberships__role=Role.ONDERTEKENAAR
        )
        if index < len(third) - 1:  # as the form would have them sign
            signing.sign_version(
                version=version,
                organisation=Organisation.objects.get(pk=key),
                acting_user=signatory,
                signatory_name=signatory.full_name,
                signatory_function="",
                basis=f"Mandaatbesluit 2024-{index:02d}",
                place="Oss",
            )
        else:  # the last signature, in the browser, completes the version
            sign(signatory, "Mandaatbesluit 2024-99")
    assert signing.is_fully_signed(version)
    log_in(page, cast.lars().email, DEMO_PASSWORD)
    page.goto(version_url)
    expect(page.get_by_text("Nog niet ondertekend")).to_have_count(0)
    expect(page.locator("#signing-turn")).to_have_count(0)
