"""The briefing follows the text in force on the day asked, says where it stood, and shows what
a raadslid needs in Dutch: the demo's history asked on the days that tell the situations apart
(as tests/agreements/versions/test_standing.py does), and with a version 3 adopted but signed by
only two of the nine parties."""

import re
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, Role, User
from agreements.models import Agreement, Mandate, Party
from agreements.printing.briefing import briefing_for
from agreements.records import decisions
from agreements.versions import adoption as versioning
from agreements.versions import signing
from agreements.versions.standing import Standing
from tests.support import cast

pytestmark = pytest.mark.django_db

# Version 1: adopted 15 February 2024, signed by its 8 parties one working day after the other
# from 19 February (the last on 28 February), in force from 1 March 2024 to 31 December 2030,
# Bernheze's mandate up to € 50.000. Version 2: adopted 12 June 2025, signed by its 9 parties
# from 16 June (the last on 26 June), the mandate up to € 75.000.
CASES = [
    (
        date(2024, 2, 14),
        Standing.NOTHING_ADOPTED,
        None,
        "Er is nog geen vastgestelde versie. Deze briefing volgt het concept",
    ),
    (
        date(2024, 2, 20),
        Standing.AWAITING_SIGNATURES,
        1,
        "Er is nog geen tekst in werking. Versie 1 is vastgesteld op 15 februari 2024, maar nog "
        "niet door alle partijen ondertekend: 2 van 8 partijen hebben ondertekend.",
    ),
    (
        date(2024, 2, 29),
        Standing.NOT_YET_IN_FORCE,
        1,
        "Volgens versie 1. Alle partijen hebben ondertekend, maar de afspraak is nog niet in "
        "werking: zij treedt in werking op 1 maart 2024.",
    ),
    (date(2024, 3, 1), Standing.IN_FORCE, 1, "Volgens versie 1, in werking sinds 1 maart 2024."),
    (date(2025, 6, 27), Standing.IN_FORCE, 2, "Volgens versie 2, in werking sinds 26 juni 2025."),
    (
        date(2031, 1, 1),
        Standing.EXPIRED,
        2,
        "De afspraak is verlopen op 31 december 2030. Deze briefing volgt de laatste tekst, "
        "versie 2; die geldt niet meer.",
    ),
]

# Phrases that must never reach a reader: raw choice values, keys, amounts and ISO dates.
RAW = re.compile(
    r"wensen_bedenkingen|geinformeerd\b|bevoegd-gezag|onafhankelijk_voorzitter|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d+\.\d{2}\b|[0-9a-f]{8}-[0-9a-f]{4}-"
)


def text_of(html: str) -> str:
    """The page's visible running text: without tags, attributes, scripts and the form."""
    html = re.sub(r"<(script|style|form)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


def briefing_page(client, agreement, **params) -> str:
    client.force_login(cast.person("oss", Role.LEZER))
    response = client.get(reverse("agreement_briefing", args=[agreement.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.demo(history=True)
@pytest.mark.parametrize(("day", "standing", "number", "said"), CASES)
def test_the_briefing_follows_the_text_that_counted_on_the_day(
    client, demo, day, standing, number, said
):
    briefing = briefing_for(demo, day)
    assert briefing.standing.standing == standing
    assert (briefing.version.number if briefing.version else None) == number
    assert briefing.in_force == (standing == Standing.IN_FORCE)
    text = text_of(briefing_page(client, demo, op=day.isoformat()))
    assert said in text
    assert f"Stand op {day.day} " in text
    assert not RAW.search(text), RAW.search(text)


@pytest.mark.demo(history=True)
def test_each_version_shows_its_own_figures(client, demo):
    """Version 1's mandate for the search areas went up from € 50.000 to € 75.000 in version 2;
    the concept before any adoption is today's draft."""
    before = text_of(briefing_page(client, demo, op="2024-03-01"))
    assert "€ 50.000" in before and "€ 75.000" not in before
    assert "Gemeente Meierijstad" not in before  # Meierijstad joined in version 2
    after = text_of(briefing_page(client, demo, op="2025-06-27"))
    assert "€ 75.000" in after and "€ 50.000" not in after
    assert "Gemeente Meierijstad" in after
    # On 13 June 2025 version 2 had been adopted, but nobody had signed it yet.
    between = text_of(briefing_page(client, demo, op="2025-06-13"))
    assert "Volgens versie 1, in werking sinds 1 maart 2024." in between
    assert (
        "Versie 2 is vastgesteld op 12 juni 2025; 0 van 9 partijen hebben ondertekend. Zolang "
        "niet alle partijen hebben ondertekend, volgt deze briefing versie 1." in between
    )
    assert "€ 50.000" in between and "€ 75.000" not in between


@pytest.mark.demo(history=True)
def test_an_ended_agreement_says_so_and_shows_its_last_text(client, demo):
    Agreement.objects.filter(pk=demo.pk).update(terminated_on=date(2026, 1, 1))
    demo.refresh_from_db()
    assert briefing_for(demo, date(2026, 6, 1)).standing.standing == Standing.TERMINATED
    text = text_of(briefing_page(client, demo, op="2026-06-01"))
    assert (
        "De afspraak is beëindigd per 1 januari 2026. Deze briefing volgt de laatste tekst, "
        "versie 2; die geldt niet meer." in text
    )
    assert "€ 75.000" in text


def sign(version, slug: str) -> None:
    organisation = Organisation.objects.get(pk=cast.organisation(slug).pk)
    signatory = User.objects.get(
        memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
    )
    signing.sign_version(
        version=version,
        organisation=organisation,
        acting_user=signatory,
        signatory_name=signatory.full_name,
        signatory_function="wethouder",
        basis="collegebesluit",
        place=organisation.name,
    )


def adopt_version_3(agreement: Agreement, *, signed_by=("oss", "brabant")):
    """Version 3 raises the mandate for the search areas to € 90.000; only some sign."""
    eva = cast.eva()
    versioning.open_amendment(agreement=agreement, acting_user=eva)
    Mandate.objects.filter(agreement=agreement, max_amount=Decimal("75000")).update(
        max_amount=Decimal("90000")
    )
    version = versioning.adopt_version(agreement=agreement, acting_user=eva, note="Meer budget")
    for slug in signed_by:
        sign(version, slug)
    return version


@pytest.mark.demo(history=True)
def test_a_newer_version_awaiting_signatures_is_named_not_followed(client, demo):
    version = adopt_version_3(demo)
    today = timezone.localdate()
    briefing = briefing_for(demo, today)
    assert briefing.version.number == 2
    assert briefing.standing.newer.version == version
    text = text_of(briefing_page(client, demo))
    assert "Volgens versie 2, in werking sinds 26 juni 2025." in text
    adopted = f"{today.day} {_month(today)} {today.year}"
    assert (
        f"Versie 3 is vastgesteld op {adopted}; 2 van 9 partijen hebben ondertekend. Zolang "
        "niet alle partijen hebben ondertekend, volgt deze briefing versie 2." in text
    )
    assert "€ 75.000" in text
    assert "€ 90.000" not in text
    assert "Volgens versie 3" not in text


def _month(day: date) -> str:
    return [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ][day.month - 1]


@pytest.mark.demo(history=True)
def test_what_a_raadslid_needs_is_there_in_dutch(client, demo):
    html = briefing_page(client, demo, op="2025-10-01")
    text = text_of(html)
    # Democratic control per elected body, with the control form by its label.
    assert "Gemeente 's-Hertogenbosch Gemeenteraad Instemming vooraf" in text
    assert "Provincie Noord-Brabant Provinciale Staten Zienswijze" in text
    assert "Waterschap Aa en Maas Algemeen bestuur Wordt geïnformeerd" in text
    assert "Gemeente Bernheze Gemeenteraad Wensen en bedenkingen vooraf" in text
    # The decisions, newest first, by date in words and the body that decided.
    assert text.index("18 september 2025 Netcongestie krijgt voorrang") < text.index(
        "11 april 2024 De zoekgebieden voor zon en wind zijn vastgesteld"
    )
    assert "(kenmerk PHO-2025-09; onder versie 2) Portefeuillehoudersoverleg energie" in text
    # Mandates the Dutch way, roles by label, the ladder with its rungs and deadlines.
    assert "€ 150.000" in text and "€ 200.000" in text and "geen bedrag" in text
    assert "Bevoegd gezag" in text
    assert "1 De zoekgebieden" not in text  # decisions are not numbered as rungs
    assert "4 De stuurgroep komt er niet uit. Als het vastloopt: onafhankelijk voorzitter." in (
        text
    )
    assert "30 werkdagen" in text
    # The next evaluation in words, the period, and whom to call.
    assert "Eerstvolgende evaluatie: 1 april 2027, door Ambtelijk kernteam" in text
    assert "1 maart 2024 tot en met 31 december 2030; opzegtermijn 6 maanden" in text
    assert "drs. L. Jansen, beleidsadviseur energietransitie" in text
    assert "mw. J. de Vries, wethouder duurzaamheid" in text
    assert not RAW.search(text), RAW.search(text)


@pytest.mark.demo(history=True)
def test_the_last_five_decisions_up_to_the_day(client, demo):
    eva = cast.eva()
    for month in range(1, 8):
        decisions.record_decision(
            agreement=demo,
            acting_user=eva,
            decided_on=date(2026, month, 10),
            table_name="Ambtelijk kernteam",
            what=f"Besluit nummer {month}.",
        )
    text = text_of(briefing_page(client, demo, op="2026-06-30"))
    shown = re.findall(r"Besluit nummer (\d)\.", text)
    assert shown == ["6", "5", "4", "3", "2"]
    assert "10 juni 2026" in text


@pytest.mark.demo(history=True)
@pytest.mark.parametrize("typed", ["31-02-2025", "gisteren", "0999-01-01", "2025-13-01", "\x00"])
def test_a_date_that_is_no_date_gets_a_dutch_message_and_is_kept(client, demo, typed):
    client.force_login(cast.person("oss", Role.LEZER))
    response = client.get(reverse("agreement_briefing", args=[demo.pk]), {"op": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voer een geldige datum in." in html or "Kies een datum tussen 1900 en 2200." in html
    assert 'aria-invalid="true"' in html
    if typed != "\x00":
        assert f'value="{typed}"' in html
    # Meanwhile the briefing of today.
    assert "Volgens versie 2" in html
    pdf = client.get(reverse("agreement_briefing_pdf", args=[demo.pk]), {"op": typed})
    assert pdf.status_code == 400
    assert pdf["Content-Type"].startswith("text/html")
    assert "Stand op" in pdf.content.decode()


@pytest.mark.demo(history=True)
def test_the_pdf_link_keeps_the_day_asked(client, demo):
    html = briefing_page(client, demo, op="2024-03-01")
    assert f"/afspraken/{demo.pk}/briefing.pdf?op=2024-03-01" in html
    html = briefing_page(client, demo)
    assert f'href="/afspraken/{demo.pk}/briefing.pdf"' in html


# The page's queries: the session with its person, the agreement (with the permission check), the
# versions adopted by then and their signatures (twice: the text that counts, and the newest),
# the role names, the decisions. The same however many parties, versions or decisions.
QUERIES_ADOPTED = 8


@pytest.mark.demo(history=True)
def test_the_page_costs_the_same_queries_for_a_small_and_a_larger_history(
    client, demo, django_assert_num_queries
):
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("agreement_briefing", args=[demo.pk])
    with django_assert_num_queries(QUERIES_ADOPTED):
        client.get(url)
    adopt_version_3(demo, signed_by=("oss", "brabant", "bernheze"))
    for month in range(1, 10):
        decisions.record_decision(
            agreement=demo,
            acting_user=cast.eva(),
            decided_on=date(2026, month, 10),
            table_name="Stuurgroep",
            what="Nog een besluit.",
        )
    with django_assert_num_queries(QUERIES_ADOPTED):
        client.get(url)


# A draft: the same, with the draft's document built from its rows instead of the versions'.
QUERIES_DRAFT = 17


@pytest.mark.demo
def test_a_draft_costs_the_same_queries_with_more_parties_and_rows(
    client, demo, django_assert_num_queries
):
    client.force_login(cast.person("oss", Role.LEZER))
    url = reverse("agreement_briefing", args=[demo.pk])
    with django_assert_num_queries(QUERIES_DRAFT):
        response = client.get(url)
    assert "Er is nog geen vastgestelde versie." in text_of(response.content.decode())
    party = Party.objects.create(agreement=demo, organisation=cast.nijmegen(), position=99)
    for position, mandate in enumerate(demo.mandates.all(), start=10):
        mandate.pk, mandate.key, mandate.position, mandate.party = None, uuid4(), position, party
        mandate.save()
    with django_assert_num_queries(QUERIES_DRAFT):
        response = client.get(url)
    assert "Gemeente Nijmegen" in text_of(response.content.decode())
