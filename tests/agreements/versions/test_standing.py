"""What had we agreed on date X: the demo's history asked on the days that tell apart nothing
adopted, awaiting signatures, signed but not in force, in force, expired and ended."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from agreements.models import Agreement
from agreements.versions.standing import Standing, standing_on
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

# Version 1: adopted 15 February 2024, signed by its 8 parties one working day after the other
# from 19 February, in force from 1 March 2024 to 31 December 2030. Version 2: adopted 12 June
# 2025, signed from 16 June.
CASES = [
    (date(2024, 2, 14), Standing.NOTHING_ADOPTED, None, "was er nog geen vastgestelde versie."),
    (
        date(2024, 2, 16),
        Standing.AWAITING_SIGNATURES,
        1,
        "0 van 8 partijen hadden ondertekend. Deze tekst gold toen nog niet.",
    ),
    (date(2024, 2, 20), Standing.AWAITING_SIGNATURES, 1, "2 van 8 partijen hadden ondertekend."),
    (date(2024, 2, 29), Standing.NOT_YET_IN_FORCE, 1, "zij trad in werking op 1 maart 2024"),
    (
        date(2024, 3, 1),
        Standing.IN_FORCE,
        1,
        "Op 1 maart 2024 gold versie 1, vastgesteld op 15 februari 2024 en in werking sinds "
        "1 maart 2024.",
    ),
    (
        date(2025, 6, 13),
        Standing.IN_FORCE,
        1,
        "Versie 2 was toen al vastgesteld (op 12 juni 2025), maar nog niet door alle partijen "
        "ondertekend: 0 van 9.",
    ),
    (
        date(2031, 1, 1),
        Standing.EXPIRED,
        2,
        "Op 1 januari 2031 was de afspraak verlopen: versie 2 gold tot en met 31 december 2030.",
    ),
]


@pytest.mark.parametrize(("day", "standing", "number", "said"), CASES)
def test_the_answer_tells_apart_what_held_on_the_day(client, demo, day, standing, number, said):
    answer = standing_on(demo, day)
    assert answer.standing == standing
    assert (answer.version.number if answer.version else None) == number
    client.force_login(cast.person("oss", Role.LEZER))
    page = client.get(reverse("agreement_as_of", args=[demo.pk]), {"datum": day.isoformat()})
    assert said in page.content.decode()


def test_an_ended_agreement_says_so_and_shows_its_last_text(client, demo):
    Agreement.objects.filter(pk=demo.pk).update(terminated_on=date(2026, 1, 1))
    demo.refresh_from_db()
    answer = standing_on(demo, date(2026, 6, 1))
    assert (answer.standing, answer.version.number) == (Standing.TERMINATED, 2)
    assert standing_on(demo, date(2025, 12, 31)).standing == Standing.IN_FORCE
    client.force_login(cast.person("oss", Role.LEZER))
    html = client.get(
        reverse("agreement_as_of", args=[demo.pk]), {"datum": "2026-06-01"}
    ).content.decode()
    assert "Op 1 juni 2026 was de afspraak beëindigd, per 1 januari 2026." in html
    assert "Daarvoor gold versie 2" in html
