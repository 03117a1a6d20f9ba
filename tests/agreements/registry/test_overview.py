"""The registry overview: counts that agree with the registry, what comes due, each organisation's
agreements with its roles, nothing of others' agreements, and a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from agreements.document.vocabulary import format_date
from agreements.lib.dates import SubtractMonths
from agreements.models import Agreement, Party, RoleKind, RoleOption, Theme, Version
from agreements.permissions import visible_agreements
from agreements.records.reminders import _subtract_months, due_items, due_soon, first_due
from agreements.registry import overview
from demo.scenario import DEMO_AGREEMENT_TITLE
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

URL = reverse("overview")
REGISTRY = reverse("agreement_list")
# The session with its person; the user's organisations (the visibility rule); memberships;
# status, theme and items due, and layers (when the counts are not in the cache); the first
# due items of each of four kinds; due follow-up actions; each organisation's total; each
# organisation's agreements; their formal roles; their parties.
MAX_QUERIES = 14
COUNTING = 2  # the queries of the counts, which a page that finds them in the cache saves


def today() -> date:
    return timezone.localdate()


def agreement(title: str, *organisations, **fields) -> Agreement:
    created = factories.res_agreement(*organisations)
    Agreement.objects.filter(pk=created.pk).update(title=title, **fields)
    created.refresh_from_db()
    return created


def adopted(title: str, *organisations, signed: bool = True, **fields) -> Agreement:
    """An agreement with one adopted version (signed by all, unless `signed` is false)."""
    created = agreement(title, *organisations)
    version = Version.objects.create(
        agreement=created,
        number=1,
        document={"parties": [{"key": str(p.organisation_id)} for p in created.parties.all()]},
        schema_version=1,
        sha256="0" * 64,
        adopted_by_label="Eva Jansen",
        adopted_at=timezone.now() - timedelta(days=3),
        title=title,
        start_date=fields.get("in_force_start"),
        end_date=fields.get("in_force_end"),
    )
    Agreement.objects.filter(pk=created.pk).update(
        current_version=version,
        current_adopted_at=version.adopted_at,
        signed_version=version if signed else None,
        **fields,
    )
    created.refresh_from_db()
    return created


def roles_of(party: Party) -> list[tuple[str, str]]:
    """The party's roles as the overview should show them, read straight from the rows."""
    roles = []
    if party.formal_roles.exists():
        roles.append(("Formele rol", ", ".join(r.name for r in party.formal_roles.all())))
    if party.ladder_role:
        roles.append(("Participatieladder", party.ladder_role.name))
    if party.network_role:
        roles.append(("Netwerkrol", party.network_role.name))
    return roles


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def registry_count(client, query: str) -> int:
    html = client.get(f"{REGISTRY}?{query}").content.decode()
    return int(re.search(r"(\d+) afspra(?:ak|ken) gevonden", html).group(1))


# --- Counts ---------------------------------------------------------------------------------------


def test_every_count_is_what_the_registry_finds_for_its_filter(client, demo):
    editor = cast.eva()
    agreement("Warmtenet Heesch", cast.bernheze(), theme=Theme.WARMTE)
    agreement("Zonder thema", cast.bernheze(), cast.enexis())
    agreement("Opgezegd", cast.bernheze(), theme=Theme.WONEN, terminated_on=today())
    adopted("Vastgesteld", cast.bernheze(), signed=False, theme=Theme.WONEN)
    adopted("In werking", cast.bernheze(), cast.brabant(), in_force_start=date(2024, 1, 1))
    adopted("Ondertekend", cast.bernheze(), in_force_start=today() + timedelta(days=30))
    adopted("Verlopen", cast.bernheze(), in_force_end=today() - timedelta(days=1))
    agreement("Niet van Bernheze", cast.nijmegen(), theme=Theme.WARMTE)
    client.force_login(editor)

    counts = overview.counts_for(user=editor, today=today())

    assert counts.total == 8 == visible_agreements(editor).count()
    assert {t.label: t.count for t in counts.by_status} == {
        "Concept": 3,
        "Vastgesteld": 1,
        "Ondertekend": 1,
        "In werking": 1,
        "Verlopen": 1,
        "Beëindigd": 1,
    }
    for tally in [*counts.by_status, *counts.by_layer, *counts.by_theme]:
        if tally.query:
            assert registry_count(client, tally.query) == tally.count, tally
    assert {t.label: t.count for t in counts.by_layer} == {
        "Rijk": 1,
        "Provincie": 2,
        "Gemeente": 8,
        "Waterschap": 1,
        "Partner": 2,
    }
    assert [t.count for t in counts.by_theme if not t.query] == [4]  # without a theme
    html = page(client)
    assert f'href="{REGISTRY}?status=verlopen"' in html
    assert f'href="{REGISTRY}?laag=partner"' in html
    assert f'href="{REGISTRY}?thema=warmte"' in html
    assert "Je organisaties zijn partij bij 8 afspraken." in html


def test_an_outsider_sees_nothing_of_the_demo_and_does_not_learn_it_exists(client, demo):
    agreement("Spelregels Nijmegen", cast.nijmegen(), theme=Theme.WONEN)
    outsider = cast.olaf()
    client.force_login(outsider)
    html = page(client)
    assert DEMO_AGREEMENT_TITLE not in html
    for name in ["Bernheze", "Enexis", "Aa en Maas", "Noordoost"]:
        assert name not in html
    assert "Je organisaties zijn partij bij 1 afspraak." in html
    counts = overview.counts_for(user=outsider, today=today())
    assert counts.total == 1
    assert sum(t.count for t in counts.by_theme) == 1
    # No layer of the demo's parties shows up: only Nijmegen's own agreement counts.
    assert {t.label: t.count for t in counts.by_layer if t.count} == {"Gemeente": 1}
    assert overview.due_for(user=outsider, today=today()).total == 0
    [own] = overview.agreements_per_organisation(user=outsider, today=today())
    assert [row.agreement.title for row in own.rows] == ["Spelregels Nijmegen"]


def test_staff_without_membership_see_what_the_registry_shows_them_nothing(client, demo):
    staff = cast.sita()
    client.force_login(staff)
    html = page(client)
    assert DEMO_AGREEMENT_TITLE not in html
    assert overview.counts_for(user=staff, today=today()).total == 0
    assert overview.agreements_per_organisation(user=staff, today=today()) == []
    assert "Je bent nog geen lid van een organisatie" in html


def test_counts_are_kept_a_while_per_set_of_organisations_and_say_when(client, settings):
    settings.OVERVIEW_COUNTS_SECONDS = 300
    agreement("Eerste", cast.bernheze())
    client.force_login(cast.lars())
    before = timezone.localtime()
    html = page(client)
    after = timezone.localtime()
    assert "Je organisaties zijn partij bij 1 afspraak." in html
    # In the local time, as people read it (the minute may turn during the request).
    stamps = {f"(Geteld om {moment:%H:%M} uur.)" for moment in (before, after)}
    assert any(stamp in html for stamp in stamps)
    agreement("Tweede", cast.bernheze())
    # Within the time the counts are kept: the same counts, saying when they were counted.
    assert "Je organisaties zijn partij bij 1 afspraak." in page(client)
    # A colleague of the same organisation shares them; another organisation has its own.
    client.force_login(cast.eva())
    assert "Je organisaties zijn partij bij 1 afspraak." in page(client)
    client.force_login(cast.olaf())
    assert "Je organisaties zijn partij bij 0 afspraken." in page(client)
    # Once they are no longer kept, they are counted again.
    cache.clear()
    client.force_login(cast.lars())
    assert "Je organisaties zijn partij bij 2 afspraken." in page(client)


def test_counts_are_not_kept_when_the_time_is_zero(client, settings):
    settings.OVERVIEW_COUNTS_SECONDS = 0
    client.force_login(cast.lars())
    agreement("Eerste", cast.bernheze())
    assert "Je organisaties zijn partij bij 1 afspraak." in page(client)
    agreement("Tweede", cast.bernheze())
    assert "Je organisaties zijn partij bij 2 afspraken." in page(client)


def test_the_due_items_are_read_live_while_the_counts_are_kept(client, settings):
    settings.OVERVIEW_COUNTS_SECONDS = 300
    client.force_login(cast.lars())
    assert "Niets in de komende 90 dagen." in page(client)
    adopted("Evaluatie straks", cast.bernheze(), next_evaluation=today() + timedelta(days=3))
    due = page(client).split("Aantallen")[0]
    assert "Evaluatie straks" in due


# --- What comes due -------------------------------------------------------------------------------


def test_items_due_within_90_days_appear_and_later_ones_do_not(client):
    now = today()
    adopted("Evaluatie over 30 dagen", cast.bernheze(), next_evaluation=now + timedelta(days=30))
    adopted("Evaluatie over 120 dagen", cast.bernheze(), next_evaluation=now + timedelta(days=120))
    adopted("Einde over 80 dagen", cast.bernheze(), in_force_end=now + timedelta(days=80))
    adopted("Einde over 100 dagen", cast.bernheze(), in_force_end=now + timedelta(days=100))
    adopted(
        "Opzeggen binnenkort",
        cast.bernheze(),
        in_force_end=now + timedelta(days=200),
        notice_period_months=6,
    )
    adopted("Wacht op handtekeningen", cast.bernheze(), signed=False)
    agreement("Concept met evaluatie", cast.bernheze(), next_evaluation=now + timedelta(days=5))
    adopted("Van een ander", cast.nijmegen(), next_evaluation=now + timedelta(days=5))
    reader = cast.lars()
    client.force_login(reader)

    due = overview.due_for(user=reader, today=now)

    found = {(item.agreement.title, item.kind) for item in due.items}
    assert found == {
        ("Evaluatie over 30 dagen", "evaluation"),
        ("Einde over 80 dagen", "end"),
        ("Opzeggen binnenkort", "notice"),
        ("Wacht op handtekeningen", "signature"),
    }
    assert due.total == 4
    assert [item.due_on for item in due.items] == sorted(item.due_on for item in due.items)
    notice = next(item for item in due.items if item.kind == "notice")
    assert notice.due_on == _subtract_months(now + timedelta(days=200), 6)
    html = page(client)
    due_section = html.split("Aantallen")[0]
    assert "Evaluatie over 30 dagen" in due_section
    assert "Evaluatie over 120 dagen" not in due_section
    assert "Einde over 100 dagen" not in due_section
    assert "Versie 1 wacht op ondertekening" in due_section
    assert "Concept met evaluatie" not in due_section  # a concept has nothing due
    assert "Concept met evaluatie" in html  # but it is one of Bernheze's agreements
    assert "Van een ander" not in html


def test_what_has_passed_says_so_on_the_overview_and_the_start_page(client):
    """A version that has waited for signatures since it was adopted, and an evaluation whose
    day has passed, are not presented as coming up."""
    now = today()
    adopted("Wacht al even", cast.bernheze(), signed=False)  # adopted three days ago
    adopted("Evaluatie te laat", cast.bernheze(), next_evaluation=now - timedelta(days=10))
    adopted("Evaluatie komt", cast.bernheze(), next_evaluation=now + timedelta(days=10))
    client.force_login(cast.lars())
    for html in (page(client), client.get(reverse("home")).content.decode()):
        lines = {
            re.sub(r"<[^>]+>", "", line).split(" — ")[-1].strip(): re.sub(r"<[^>]+>", "", line)
            for line in re.findall(r"<li class=\"utrecht-unordered-list__item\">(.*?)</li>", html)
            if " — " in line
        }
        waited = format_date(now - timedelta(days=3))
        assert lines["Wacht al even"].startswith(f"Sinds {waited}: Versie 1 wacht op")
        late = format_date(now - timedelta(days=10))
        assert lines["Evaluatie te laat"].startswith(f"{late} verstreken: Evaluatie gepland")
        coming = format_date(now + timedelta(days=10))
        assert lines["Evaluatie komt"].startswith(f"{coming}: Evaluatie gepland")


def test_the_sql_rules_give_the_same_items_as_the_reminders(client):
    now = today()
    for days in (-10, 0, 45, 90, 91, 400):
        adopted(f"Evaluatie {days}", cast.bernheze(), next_evaluation=now + timedelta(days=days))
        adopted(f"Einde {days}", cast.bernheze(), in_force_end=now + timedelta(days=days))
        adopted(
            f"Opzegging {days}",
            cast.bernheze(),
            in_force_end=now + timedelta(days=days + 92),
            notice_period_months=3,
        )
    adopted("Getekend", cast.bernheze(), signed=True)
    adopted("Niet getekend", cast.bernheze(), signed=False)
    adopted("Beëindigd, niet getekend", cast.bernheze(), signed=False, terminated_on=now)
    agreements = visible_agreements(cast.lars())
    for horizon in (timedelta(days=60), timedelta(days=90)):
        expected = due_items(agreements, now, horizon=horizon)
        found = due_soon(agreements, today=now, horizon=horizon, limit=1000)
        assert sorted(i.key for i in found.items) == sorted(i.key for i in expected)
        assert found.total == len(expected)
        first = due_soon(agreements, today=now, horizon=horizon, limit=3)
        assert [i.due_on for i in first.items] == sorted(i.due_on for i in expected)[:3]
        assert first.total == len(expected)
        # For a reader of few agreements the versions awaiting signatures are sorted, not
        # walked along their index: the same items in the same order.
        for limit in (1, 3, 1000):
            walked = first_due(agreements, today=now, horizon=horizon, limit=limit)
            assert first_due(agreements, today=now, horizon=horizon, limit=limit, few=True) == (
                walked
            )


@pytest.mark.parametrize(
    ("end", "months"),
    [
        (date(2024, 3, 31), 1),  # into a leap February
        (date(2023, 3, 31), 1),
        (date(2024, 5, 31), 1),
        (date(2024, 12, 31), 10),
        (date(2025, 1, 15), 13),
        (date(2024, 2, 29), 12),
    ],
)
def test_notice_deadline_in_sql_is_the_python_rule(end, months):
    created = agreement("Opzegtermijn", cast.bernheze())
    Agreement.objects.filter(pk=created.pk).update(in_force_end=end, notice_period_months=months)
    found = (
        Agreement.objects.filter(pk=created.pk)
        .annotate(notice=SubtractMonths("in_force_end", "notice_period_months"))
        .values_list("notice", flat=True)
        .get()
    )
    assert found == _subtract_months(end, months)


def test_more_due_items_than_shown_are_counted(client, monkeypatch):
    monkeypatch.setattr(overview, "DUE_LIMIT", 2)
    for number in range(5):
        adopted(
            f"Evaluatie {number}",
            cast.bernheze(),
            next_evaluation=today() + timedelta(days=number + 1),
        )
    client.force_login(cast.lars())
    due = page(client).split("Aantallen")[0]
    assert "Evaluatie 0" in due
    assert "Evaluatie 1" in due
    assert "Evaluatie 2" not in due
    assert "En nog 3 andere punten." in due


# --- Per organisation -----------------------------------------------------------------------------


def test_each_organisation_shows_its_agreements_with_its_roles_in_each(client, demo):
    bernheze = cast.bernheze()
    reader = cast.lars()
    factories.member(cast.enexis(), Role.LEZER, reader.full_name, reader.email)
    agreement("Warmte met Enexis", cast.enexis(), cast.nijmegen())
    client.force_login(reader)

    entries = overview.agreements_per_organisation(user=reader, today=today())

    assert [e.organisation.name for e in entries] == ["Bernheze", "Enexis"]
    by_name = {e.organisation.name: e for e in entries}
    assert [row.agreement.title for row in by_name["Bernheze"].rows] == [DEMO_AGREEMENT_TITLE]
    assert by_name["Bernheze"].total == 1
    assert by_name["Bernheze"].membership_role == "Lezer"
    assert by_name["Bernheze"].query == "organisatie=GM1721"
    assert by_name["Enexis"].total == 2
    assert by_name["Enexis"].query == "organisatie=Enexis"
    [row] = by_name["Bernheze"].rows
    expected = roles_of(Party.objects.get(agreement=demo, organisation=bernheze))
    assert [(line.kind, line.names) for line in row.roles] == expected
    assert [kind for kind, _names in expected] == [
        "Formele rol",
        "Participatieladder",
        "Netwerkrol",
    ]
    assert "Bernheze" not in row.partners
    assert "Enexis" in row.partners
    assert row.status.label == "Concept"
    html = page(client)
    for _kind, names in expected:
        assert names in html
    # Under Enexis, the same agreement shows Enexis's roles, not Bernheze's.
    [enexis_row] = [r for r in by_name["Enexis"].rows if r.agreement.pk == demo.pk]
    enexis_roles = roles_of(Party.objects.get(agreement=demo, organisation=cast.enexis()))
    assert [(line.kind, line.names) for line in enexis_row.roles] == enexis_roles
    assert enexis_roles != expected
    # The count is what the registry finds for the same organisation.
    assert registry_count(client, by_name["Enexis"].query) == 2


def test_a_busy_organisation_shows_its_latest_agreements_and_links_to_all(client, monkeypatch):
    monkeypatch.setattr(overview, "AGREEMENTS_PER_ORGANISATION", 3)
    for number in range(5):
        agreement(f"Afspraak {number}", cast.bernheze())
    latest = Agreement.objects.order_by("-updated_at", "pk")[:3]
    reader = cast.lars()
    client.force_login(reader)
    [entry] = overview.agreements_per_organisation(user=reader, today=today())
    assert [row.agreement.pk for row in entry.rows] == [a.pk for a in latest]
    assert (entry.total, entry.more) == (5, 2)
    html = page(client)
    assert "Alle 5 afspraken van Bernheze in het register" in html
    assert f'href="{REGISTRY}?organisatie=GM1721"' in html


def test_each_busy_organisation_is_cut_off_on_its_own(client, monkeypatch):
    """Two organisations of one reader, each party to more than the limit: each shows its own
    latest agreements and its own total (one query for both lists)."""
    monkeypatch.setattr(overview, "AGREEMENTS_PER_ORGANISATION", 3)
    reader = cast.lars()
    factories.member(cast.enexis(), Role.LEZER, reader.full_name, reader.email)
    for number in range(6):
        agreement(f"Samen {number}", cast.bernheze(), cast.enexis())
        agreement(f"Bernheze {number}", cast.bernheze())
    entries = {
        e.organisation.name: e
        for e in overview.agreements_per_organisation(user=reader, today=today())
    }
    for name in ["Bernheze", "Enexis"]:
        latest = Agreement.objects.filter(parties__organisation__name=name).order_by(
            "-updated_at", "pk"
        )
        assert [row.agreement.pk for row in entries[name].rows] == [a.pk for a in latest[:3]]
        assert entries[name].total == latest.count()
    assert (entries["Bernheze"].total, entries["Enexis"].total) == (12, 6)


def test_an_agreement_without_roles_says_so(client):
    agreement("Zonder rollen", cast.bernheze())
    client.force_login(cast.lars())
    assert "Geen rol vastgelegd" in page(client)


# --- Links and bounds -----------------------------------------------------------------------------


def test_the_overview_is_linked_from_the_navigation_and_the_start_page(client):
    client.force_login(cast.lars())
    html = client.get(reverse("home")).content.decode()
    assert html.count(f'href="{URL}"') == 2
    assert 'aria-current="page">Overzicht' in page(client)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _many(count: int) -> None:
    """`count` agreements of Bernheze, Noord-Brabant and Enexis, a third adopted, with roles."""
    organisations = [cast.bernheze(), cast.brabant(), cast.enexis()]
    formal = list(RoleOption.objects.filter(kind=RoleKind.FORMAL)[:2])
    ladder = RoleOption.objects.filter(kind=RoleKind.LADDER).first()
    now = today()
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Afspraak {number}",
            theme=list(Theme)[number % len(Theme)],
            next_evaluation=now + timedelta(days=number),
            notice_period_months=3,
        )
        for number in range(count)
    )
    parties = Party.objects.bulk_create(
        Party(agreement=a, organisation=o, position=p, ladder_role=ladder)
        for number, a in enumerate(agreements)
        for p, o in enumerate(organisations[: 1 + number % 3])
    )
    Party.formal_roles.through.objects.bulk_create(
        Party.formal_roles.through(party=party, roleoption=role)
        for party in parties
        for role in formal
    )
    versions = Version.objects.bulk_create(
        Version(
            agreement=a,
            number=1,
            document={"parties": []},
            schema_version=1,
            sha256="0" * 64,
            adopted_by_label="Eva Jansen",
            adopted_at=timezone.now(),
            title=a.title,
        )
        for a in agreements[::3]
    )
    for version in versions:
        Agreement.objects.filter(pk=version.agreement_id).update(
            current_version=version,
            current_adopted_at=version.adopted_at,
            in_force_end=now + timedelta(days=100),
        )


def test_the_number_of_queries_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    reader = cast.lars()
    factories.member(cast.brabant(), Role.LEZER, reader.full_name, reader.email)
    client.force_login(reader)
    counts = []
    for total in (5, 60):
        _many(total - Agreement.objects.count())
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = page(client)
        assert "Afspraak" in html
        counts.append(len(queries))
        with django_assert_max_num_queries(MAX_QUERIES - COUNTING):
            page(client)  # the counts from the cache
    assert counts[0] == counts[1] == MAX_QUERIES
    assert overview.counts_for(user=reader, today=today()).total == 60
    assert overview.due_for(user=reader, today=today()).total > overview.DUE_LIMIT
