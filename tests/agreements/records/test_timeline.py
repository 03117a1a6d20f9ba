"""The timeline tells who joined and left with which version, and under which version each
decision was taken."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Decision, Version
from agreements.records import decisions
from agreements.records.timeline import timeline
from tests.support import cast

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]


def titles(agreement) -> list[str]:
    return [entry.title for entry in timeline(agreement)]


def test_meierijstad_joins_with_version_2_after_its_adoption(client, demo):
    found = titles(demo)
    assert "Gemeente Meierijstad trad toe met versie 2" in found
    assert found.index("Versie 2 vastgesteld") < found.index(
        "Gemeente Meierijstad trad toe met versie 2"
    )
    # Version 1's parties did not "join": only a change between versions is told.
    assert [title for title in found if "trad toe" in title or "trad uit" in title] == [
        "Gemeente Meierijstad trad toe met versie 2"
    ]
    [joined] = [e for e in timeline(demo) if e.kind == "party"]
    assert joined.url == reverse("version_detail", args=[demo.pk, 2])
    assert timezone.localtime(joined.at).date() == date(2025, 6, 12)
    client.force_login(cast.lars())
    html = unescape(client.get(reverse("agreement_timeline", args=[demo.pk])).content.decode())
    assert "Gemeente Meierijstad trad toe met versie 2" in html
    assert "timeline__entry--party" in html


def test_a_party_leaving_is_told_with_the_version_it_left_with(demo):
    second = demo.versions.get(number=2)
    document = dict(second.document)
    document["parties"] = [
        party
        for party in document["parties"]
        if party["organisation"]["official_name"] != "Enexis Netbeheer"
    ]
    Version.objects.create(
        agreement=demo,
        number=3,
        document=document,
        schema_version=second.schema_version,
        sha256="0" * 64,
        adopted_by_label="Eva Jansen",
        adopted_at=timezone.now(),
        title=second.title,
    )
    found = titles(demo)
    assert "Enexis Netbeheer trad uit met versie 3" in found
    assert "Gemeente Meierijstad trad toe met versie 2" in found


def test_each_decision_names_the_version_it_was_taken_under(client, demo):
    found = titles(demo)
    assert "Besluit van Stuurgroep RES Noordoost-Brabant (onder versie 1)" in found
    assert "Besluit van Portefeuillehoudersoverleg energie (onder versie 2)" in found
    client.force_login(cast.lars())
    html = unescape(client.get(reverse("agreement_timeline", args=[demo.pk])).content.decode())
    assert "Besluit van Portefeuillehoudersoverleg energie (onder versie 2)" in html


def test_a_decision_before_any_version_says_so(demo):
    decisions.record_decision(
        agreement=demo,
        acting_user=cast.eva(),
        decided_on=date(2023, 11, 1),
        table_name="Stuurgroep",
        what="Verkennen",
    )
    assert "Besluit van Stuurgroep (vóór de eerste vastgestelde versie)" in titles(demo)


def test_a_decision_without_a_recorded_version_gets_the_one_in_force_on_its_date(demo):
    """Recorded before the version it fell under was adopted (a decision dated ahead)."""
    # As such a decision was stored (decisions are append-only: made so, not changed so).
    Decision.objects.create(
        agreement=demo,
        version=None,
        decided_on=timezone.localdate() + timedelta(days=3),
        table_name="Kernteam",
        what="Vooruit",
        recorded_by=cast.eva(),
    )
    assert "Besluit van Kernteam (onder versie 2)" in titles(demo)
