"""The builder in a real browser: the demo scenario walked step by step, by two editors."""

import re

import pytest
from playwright.sync_api import expect

from agreements.drafting import builder
from agreements.models import Agreement, AgreementTemplate
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Spelregels RES Noordoost-Brabant 2027"
BERNHEZE_EDITOR = cast.email("opsteller", "bernheze")  # Eva
BRABANT_EDITOR = cast.email("opsteller", "brabant")  # Piet


@pytest.fixture
def seeded(reference_data):
    """The demo, committed: the browser's server reads it from another connection."""
    seed_demo()


def log_in_as(page, email: str) -> None:
    log_in(page, email, DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def assert_accessible(page, where: str) -> None:
    assert axe_violations(page) == [], where


def expect_step(page, number: int, title: str) -> None:
    expect(page.get_by_role("heading", name=f"Stap {number} van 8: {title}")).to_be_visible()


def click_step(page, title: str) -> None:
    """Go to another step with the step navigation (which saves the current step first)."""
    steps = page.get_by_role("navigation", name="Stappen")
    steps.get_by_role("button", name=re.compile(re.escape(title))).click()


def expect_saved(page, title: str) -> None:
    message = f"Stap ‘{title}’ is opgeslagen."
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()


def party(page, name: str):
    """The fieldset of one party on step 2; its legend is the name and the layer."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(name)} \("))


def add_party_via_search(page, query: str, organisation: str) -> None:
    page.get_by_label("Zoek een organisatie op naam of code").fill(query)
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.get_by_role("button", name=f"Voeg {organisation} toe").click()
    message = f"{organisation} is toegevoegd als partij."
    expect(page.get_by_role("status").filter(has_text=message)).to_be_visible()
    expect(party(page, organisation)).to_be_visible()


def raci(page, organisation: str, package: str):
    return page.get_by_label(f"{organisation} bij {package}", exact=True)


def test_walk_the_demo_scenario_through_all_steps(page, seeded):
    # --- Gemeente Bernheze starts the agreement from the RES template.
    log_in_as(page, BERNHEZE_EDITOR)
    # The start page offers a new agreement to opstellers (the registry no longer does).
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").click()
    follow(page.get_by_role("link", name="Nieuwe afspraak beginnen"))
    assert_accessible(page, "nieuwe afspraak")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Namens").select_option(label="Gemeente Bernheze")
    page.get_by_label("RES-regio").check()
    page.get_by_role("button", name="Afspraak aanmaken").click()

    # Step 1: opgave en doel (the template chose the theme and the governance style).
    expect_step(page, 1, "Opgave en doel")
    expect(page.get_by_label("Titel")).to_have_value(TITLE)
    expect(page.get_by_label("Thema")).to_have_value("energie")
    assert_accessible(page, "stap 1, leeg")
    page.get_by_label("Opgave").fill(
        "De RES 1.0 uitvoeren en de RES 2.0 opstellen: in 2030 1,5 TWh duurzaam opwekken."
    )
    page.get_by_label("Thema").select_option(label="Energie")
    page.get_by_label("Waarom samenwerken").fill(
        "Geen partij kan dit alleen: zoekgebieden, netcapaciteit en draagvlak horen bij elkaar."
    )
    page.get_by_label("Beoogd resultaat").fill("In 2030 is 1,5 TWh per jaar gerealiseerd.")
    page.get_by_label("Netwerk: gelijkwaardige partijen").check()
    page.get_by_label("Aanwijzingen voor convenanten").check()
    page.get_by_label("Niet juridisch afdwingbaar").check()
    assert_accessible(page, "stap 1, ingevuld")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 2: partijen en rollen. Add the province and the ministry through the search.
    expect_saved(page, "Opgave en doel")
    expect_step(page, 2, "Partijen en rollen")
    assert_accessible(page, "stap 2, één partij")
    add_party_via_search(page, "Noord-Brabant", "Provincie Noord-Brabant")
    page.get_by_label("Zoek een organisatie op naam of code").fill("Binnenlandse")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(
        page.get_by_role(
            "button", name="Voeg Ministerie van Binnenlandse Zaken en Koninkrijksrelaties toe"
        )
    ).to_be_visible()
    assert_accessible(page, "stap 2, zoekresultaten")
    page.get_by_role(
        "button", name="Voeg Ministerie van Binnenlandse Zaken en Koninkrijksrelaties toe"
    ).click()
    expect(party(page, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")).to_be_visible()
    details = {
        "Gemeente Bernheze": (
            "mw. M. Moorman, burgemeester",
            "ing. R. van Dijk, programmamanager RES",
            ["Bevoegd gezag", "Opdrachtgever"],
        ),
        "Provincie Noord-Brabant": (
            "dhr. M. van den Heuvel, gedeputeerde energie",
            "drs. L. Jansen, beleidsadviseur energietransitie",
            ["Bevoegd gezag", "Financier"],
        ),
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties": (
            "mr. P. Hendriks, directeur Nationaal Programma RES",
            "ir. S. Bakker, regioadviseur Nationaal Programma RES",
            ["Financier", "Kennispartner"],
        ),
    }
    for name, (representative, contact, roles) in details.items():
        fieldset = party(page, name)
        fieldset.get_by_label("Bestuurlijk vertegenwoordiger").fill(representative)
        fieldset.get_by_label("Ambtelijk contactpersoon").fill(contact)
        for role in roles:
            fieldset.get_by_label(role, exact=True).check()
    party(page, "Provincie Noord-Brabant").get_by_label("Inbreng: geld").fill(
        "€ 150.000 per jaar voor het programmabureau"
    )
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect_saved(page, "Partijen en rollen")
    expect_step(page, 2, "Partijen en rollen")
    expect(
        party(page, "Provincie Noord-Brabant").get_by_label("Bestuurlijk vertegenwoordiger")
    ).to_have_value("dhr. M. van den Heuvel, gedeputeerde energie")
    expect(party(page, "Gemeente Bernheze").get_by_label("Opdrachtgever")).to_be_checked()
    assert_accessible(page, "stap 2, ingevuld")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 3: eigenaarschap. Keep two of the template's work packages, each with one A and an R.
    expect_step(page, 3, "Eigenaarschap")
    assert_accessible(page, "stap 3, leeg")
    zoekgebieden, warmte = "Zoekgebieden zon en wind", "Regionale Structuur Warmte"
    bzk = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    letters = {
        zoekgebieden: {"Gemeente Bernheze": "A", "Provincie Noord-Brabant": "R", bzk: "I"},
        warmte: {"Gemeente Bernheze": "R", "Provincie Noord-Brabant": "A", bzk: "C"},
    }
    for package, row in letters.items():
        for organisation, letter in row.items():
            raci(page, organisation, package).select_option(letter)
    page.get_by_label("Verwijder Netcapaciteit en netcongestie").check()
    page.get_by_label("Verwijder Participatie en lokaal eigendom").check()
    assert_accessible(page, "stap 3, ingevuld")
    page.get_by_role("button", name="Opslaan en verder").click()
    expect_saved(page, "Eigenaarschap")
    expect_step(page, 4, "Tafels en mandaten")

    # Bernheze leaves halfway.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/$"))

    # --- The province's editor picks it up where it was left.
    log_in_as(page, BRABANT_EDITOR)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Afspraken").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Bewerken in stappen").click()
    expect_step(page, 1, "Opgave en doel")
    expect(page.get_by_label("Beoogd resultaat")).to_have_value(
        "In 2030 is 1,5 TWh per jaar gerealiseerd."
    )
    click_step(page, "Tafels en mandaten")

    # Step 4: tafels en mandaten. The template made three tables without a chair.
    expect_step(page, 4, "Tafels en mandaten")
    assert_accessible(page, "stap 4, leeg")
    chairs = {
        "Stuurgroep RES": "Gemeente Bernheze",
        "Portefeuillehoudersoverleg energie": "Gemeente Bernheze",
        "Ambtelijk kernteam": "Provincie Noord-Brabant",
    }
    for table, chair in chairs.items():
        fieldset = page.get_by_role("group", name=table, exact=True)
        fieldset.get_by_label("Voorzitter (partij)").select_option(label=chair)
        fieldset.get_by_label("Gemeente Bernheze").check()
        fieldset.get_by_label("Provincie Noord-Brabant").check()
    page.get_by_role("group", name="Ambtelijk kernteam", exact=True).get_by_label(
        "Niveau"
    ).select_option(label="Ambtelijk")
    page.get_by_role("group", name="Stuurgroep RES", exact=True).get_by_label(
        "Wat deze tafel beslist"
    ).fill("Stelt de RES 2.0 vast ter besluitvorming en besluit over geschillen.")
    # A fourth table, in the empty row after the template's tables. (Its legend should say
    # "Nieuwe tafel" but is empty, so its fields are found as the last of their kind.)
    page.get_by_label("Naam van het overleg").last.fill("Bestuurlijk overleg netcongestie")
    page.get_by_label("Niveau").last.select_option(label="Bestuurlijk")
    page.get_by_label("Onafhankelijk voorzitter").last.fill("Mr. A. de Wit")
    page.get_by_label("Wat deze tafel beslist").last.fill("Stemt netuitbreiding en opwek af.")
    # A mandate.
    page.get_by_label("Partij", exact=True).select_option(label="Provincie Noord-Brabant")
    page.get_by_label("Functie").fill("Gedeputeerde energie, provincie Noord-Brabant")
    page.get_by_label("Waarover").fill("Provinciale bijdrage aan het programmabureau")
    page.get_by_label("Tot bedrag (euro)").fill("150000")
    page.get_by_label("Grondslag").select_option(label="Collegebesluit (of GS-, DB-besluit)")
    page.get_by_label("Datum besluit").fill("2024-01-23")
    page.get_by_label("Kenmerk besluit").fill("GS 2024-0042")
    # How far the councils can still have their say.
    council = {
        "Gemeente Bernheze: gemeenteraad": "Wensen en bedenkingen vooraf",
        "Provincie Noord-Brabant: Provinciale Staten": "Zienswijze",
    }
    for body, control in council.items():
        fieldset = page.get_by_role("group", name=body)
        fieldset.get_by_label("Sturing door de volksvertegenwoordiging").select_option(
            label=control
        )
        fieldset.get_by_label("Toelichting").fill("Vooraf, bij elke RES-versie.")
    assert_accessible(page, "stap 4, ingevuld")

    # Back a step: step 3 still holds what Bernheze entered.
    page.get_by_role("button", name="Opslaan en terug").click()
    expect_saved(page, "Tafels en mandaten")
    expect_step(page, 3, "Eigenaarschap")
    for package, row in letters.items():
        for organisation, letter in row.items():
            expect(raci(page, organisation, package)).to_have_value(letter)
    expect(page.get_by_label("Verwijder Netcapaciteit en netcongestie")).to_have_count(0)
    assert_accessible(page, "stap 3, ingevuld, terug")
    # Forward again through step 4, saving it a second time on the way.
    page.get_by_role("button", name="Opslaan en verder").click()
    expect_saved(page, "Eigenaarschap")
    expect_step(page, 4, "Tafels en mandaten")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 5: escalatie. The template's ladder is there, with deadlines and a way out.
    expect_saved(page, "Tafels en mandaten")
    expect_step(page, 5, "Escalatie")
    assert_accessible(page, "stap 5, sjabloon")
    for number in range(1, 6):
        expect(
            page.get_by_role("group", name=f"Trede {number}", exact=True).get_by_label(
                "Binnen werkdagen"
            )
        ).not_to_have_value("")
    last = page.get_by_role("group", name="Trede 5", exact=True)
    last.get_by_label("Binnen werkdagen").fill("40")
    last.get_by_label("Als het vastloopt").select_option(label="Mediation")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 6: waarden en samenwerking.
    expect_saved(page, "Escalatie")
    expect_step(page, 6, "Waarden en samenwerking")
    assert_accessible(page, "stap 6, sjabloon")
    values = {
        "Transparantie": "Besluitenlijsten staan binnen twee weken op de regionale website.",
        "Rechtmatigheid": "Zoekgebieden krijgen pas rechtskracht via het omgevingsplan.",
        "Rechtsgelijkheid": "Voor alle zoekgebieden gelden dezelfde criteria.",
        "Gelijke behandeling": "Iedereen krijgt dezelfde informatie over netcapaciteit.",
        "Democratische legitimiteit": "Raden en Staten stellen elke RES-versie zelf vast.",
    }
    for label, how in values.items():
        page.get_by_label(label).fill(how)
    page.get_by_label("Afspraken over de relatie").fill("Zacht op de relatie, hard op de inhoud.")
    page.get_by_label("Elkaar buiten de formele tafels ontmoeten").fill(
        "Twee keer per jaar een werkdag op locatie."
    )
    assert_accessible(page, "stap 6, ingevuld")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 7: looptijd. First an end date before the start date.
    expect_saved(page, "Waarden en samenwerking")
    expect_step(page, 7, "Looptijd, evaluatie en wijziging")
    assert_accessible(page, "stap 7, leeg")
    page.get_by_label("Ingangsdatum").fill("2027-01-01")
    page.get_by_label("Einddatum").fill("2026-12-31")
    page.get_by_label("Wijzigingsprocedure").fill("Alleen schriftelijk, met instemming van allen.")
    page.get_by_role("button", name="Opslaan en verder").click()
    error = "De einddatum ligt vóór de ingangsdatum."
    expect(page.get_by_role("link", name=f"Einddatum: {error}")).to_be_visible()
    expect(page.get_by_label("Einddatum")).to_have_accessible_description(re.compile(error))
    expect_step(page, 7, "Looptijd, evaluatie en wijziging")
    expect(page.get_by_label("Ingangsdatum")).to_have_value("2027-01-01")
    expect(page.get_by_label("Einddatum")).to_have_value("2026-12-31")
    expect(page.get_by_label("Wijzigingsprocedure")).to_have_value(
        "Alleen schriftelijk, met instemming van allen."
    )
    assert_accessible(page, "stap 7, met fout")
    page.get_by_label("Einddatum").fill("2030-12-31")
    page.get_by_label("Verlenging").fill("De stuurgroep besluit zes maanden voor de einddatum.")
    page.get_by_label("Opzegging").fill("Schriftelijk en gemotiveerd, na de escalatieladder.")
    page.get_by_label("Opzegtermijn in maanden").fill("6")
    page.get_by_label("Evaluatie: wanneer").fill("jaarlijks in het voorjaar")
    page.get_by_label("Evaluatie: door wie").fill("Ambtelijk kernteam met een externe begeleider")
    page.get_by_label("Openbaar onder de Woo").check()
    assert_accessible(page, "stap 7, ingevuld")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 8: the check finds nothing required missing.
    expect_saved(page, "Looptijd, evaluatie en wijziging")
    expect_step(page, 8, "Controle")
    complete = page.get_by_role("status").filter(has_text="Alles wat verplicht is, staat erin.")
    expect(complete).to_be_visible()
    assert_accessible(page, "stap 8")

    agreement = Agreement.objects.get(title=TITLE)
    assert [p.organisation.code for p in agreement.parties.order_by("position")] == [
        "GM1721",
        "PV30",
        "mnre1034",
    ]
    assert list(agreement.work_packages.values_list("name", flat=True)) == [zoekgebieden, warmte]
    assert agreement.tables.count() == 4
    assert agreement.mandates.get().basis_reference == "GS 2024-0042"


def test_step_navigation_saves_input(page, seeded):
    user = cast.eva()
    agreement = builder.create_agreement(
        title="Wijkaanpak Heesch-West",
        organisation=user.memberships.get().organisation,
        acting_user=user,
    )
    log_in_as(page, BERNHEZE_EDITOR)
    page.goto(f"/afspraken/{agreement.pk}/stappen/opgave/")
    task = "Heesch-West in 2035 aardgasvrij, wijk voor wijk met de bewoners."
    page.get_by_label("Opgave").fill(task)
    click_step(page, "Waarden en samenwerking")
    expect_step(page, 6, "Waarden en samenwerking")
    expect_saved(page, "Opgave en doel")
    click_step(page, "Opgave en doel")
    expect_step(page, 1, "Opgave en doel")
    expect(page.get_by_label("Opgave")).to_have_value(task)
    agreement.refresh_from_db()
    assert agreement.task == task


def test_party_search_as_you_type(page, seeded):
    user = cast.eva()
    agreement = builder.create_agreement(
        title="Zonneweide De Maashorst",
        organisation=user.memberships.get().organisation,
        acting_user=user,
    )
    log_in_as(page, BERNHEZE_EDITOR)
    page.goto(f"/afspraken/{agreement.pk}/stappen/partijen/")
    url = page.url
    page.get_by_label("Zoek een organisatie op naam of code").press_sequentially("Noord-Br")
    add = page.get_by_role("button", name="Voeg Provincie Noord-Brabant toe")
    expect(add).to_be_visible()
    assert page.url == url  # fetched in place, not submitted
    search = page.get_by_label("Zoek een organisatie op naam of code")
    search.fill("")
    search.press_sequentially("GM0828")  # a code finds the organisation too
    expect(page.get_by_role("button", name="Voeg Gemeente Oss toe")).to_be_visible()
    expect(add).to_have_count(0)
    page.get_by_role("button", name="Voeg Gemeente Oss toe").click()
    expect(party(page, "Gemeente Oss")).to_be_visible()
    assert agreement.parties.filter(organisation__code="GM0828").exists()


def test_saving_tables_and_mandates_twice_stores_no_empty_rows(page, seeded):
    user = cast.eva()
    agreement = builder.create_agreement(
        title="Tafels twee keer opslaan",
        organisation=user.memberships.get().organisation,
        acting_user=user,
        template=AgreementTemplate.objects.get(slug="res-regio"),
    )
    log_in_as(page, BERNHEZE_EDITOR)
    page.goto(f"/afspraken/{agreement.pk}/stappen/tafels/")
    with page.expect_response(lambda response: response.request.method == "POST") as saved:
        page.get_by_role("button", name="Opslaan", exact=True).click()
    assert saved.value.status == 302
    expect_saved(page, "Tafels en mandaten")
    assert agreement.tables.count() == 3
    assert agreement.mandates.count() == 0
