"""The registry: find the agreements you may see, by filter, by search, sorted and paged."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Layer, Organisation, Role
from agreements.models import Agreement, Decision, Mandate, Theme
from agreements.permissions import visible_agreement, visible_agreements
from agreements.registry.search import find_agreements, search_agreements, search_words
from agreements.versions import adoption as versioning
from demo.scenario import DEMO_AGREEMENT_TITLE
from tests.support import cast, factories
from tests.support.registry import titles

pytestmark = pytest.mark.django_db

URL = reverse("agreement_list")
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def editor(demo):
    return cast.eva()


def agreement(title: str, *organisations: Organisation, **fields) -> Agreement:
    created = factories.res_agreement(*organisations)
    Agreement.objects.filter(pk=created.pk).update(title=title, **fields)
    created.refresh_from_db()
    return created


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


# --- What a row shows, and who sees it ---------------------------------------------------------


def test_a_row_shows_title_status_parties_and_next_date(client, demo):
    client.force_login(cast.lars())
    html = get(client).content.decode()
    assert DEMO_AGREEMENT_TITLE in html
    assert reverse("agreement_detail", args=[demo.pk]) in html
    assert '<span class="badge">Concept</span>' in html
    for name in ["Bernheze", "Oss", "Aa en Maas", "Enexis"]:
        assert name in html
    # The demo's next evaluation (1 April 2027) is its next date.
    assert "1 april 2027" in html
    assert "(evaluatie)" in html
    assert "1 afspraak gevonden" in html


def test_a_row_lists_the_parties_in_their_order_and_says_the_date_in_the_language(client, demo):
    """The cells are made in Python (agreements/registry/rows.py), not by the template."""
    ending = agreement(
        "Tot het einde", cast.bernheze(), in_force_end=date(2031, 3, 1), next_evaluation=None
    )
    client.force_login(cast.lars())
    html = get(client).content.decode()
    names = ", ".join(
        demo.parties.order_by("position", "organisation__name").values_list(
            "organisation__name", flat=True
        )
    )
    assert f'data-label="Partijen">{escape(names)}</td>' in html
    assert '1 maart 2031 <span class="muted">(einde)</span>' in html
    assert f'href="{reverse("agreement_detail", args=[ending.pk])}"' in html
    client.cookies["django_language"] = "en"
    english = get(client).content.decode()
    assert '1 April 2027 <span class="muted">(evaluation)</span>' in english
    assert '1 March 2031 <span class="muted">(end)</span>' in english


def test_an_outsider_sees_nothing_of_others_agreements(client, demo):
    own = agreement("Spelregels Nijmegen", cast.nijmegen())
    client.force_login(cast.olaf())
    response = get(client)
    assert titles(response) == ["Spelregels Nijmegen"]
    assert DEMO_AGREEMENT_TITLE not in response.content.decode()
    # Not by searching, nor by filtering on the parties of others' agreements.
    assert titles(get(client, q="Noordoost-Brabant")) == []
    assert titles(get(client, organisatie="Bernheze")) == []
    assert titles(get(client, organisatie="GM1721", q="samenwerkingsafspraken")) == []
    assert list(find_agreements(cast.olaf(), today=timezone.localdate())) == [own]


def test_the_registry_holds_exactly_the_visible_agreements(demo):
    agreement("Van Nijmegen", cast.nijmegen())
    agreement("Van Bernheze en Enexis", cast.bernheze(), cast.enexis())
    for user in [cast.lars(), cast.olaf(), cast.sanne()]:
        found = find_agreements(user, today=timezone.localdate())
        assert sorted(a.pk for a in found) == sorted(a.pk for a in visible_agreements(user))


def test_the_rule_for_lists_and_for_one_agreement_agree(demo):
    """`visible_agreements` names the user's organisations; `visible_agreement` (one agreement,
    and the agreement page's precompiled query) reads them in a subquery: the same rule."""
    agreement("Van Nijmegen", cast.nijmegen())
    agreement("Van Bernheze en Enexis", cast.bernheze(), cast.enexis())
    for user in [cast.lars(), cast.olaf(), cast.sanne(), cast.sita()]:
        listed = set(visible_agreements(user).values_list("pk", flat=True))
        one_by_one = {
            pk
            for pk in Agreement.objects.values_list("pk", flat=True)
            if visible_agreement(user, pk, Agreement.objects.all()).exists()
        }
        assert listed == one_by_one


def test_staff_without_membership_sees_nothing(client, demo):
    client.force_login(cast.sita())
    assert titles(get(client)) == []


# --- Filters -------------------------------------------------------------------------------------


def test_filter_by_organisation(client, demo):
    agreement("Warmte met Enexis", cast.bernheze(), cast.enexis())
    agreement("Alleen Bernheze", cast.bernheze())
    client.force_login(cast.lars())
    expected = sorted([DEMO_AGREEMENT_TITLE, "Warmte met Enexis"])
    assert sorted(titles(get(client, organisatie="Enexis"))) == expected
    assert sorted(titles(get(client, organisatie=" enexis netbeheer "))) == expected
    # By official code (exactly), or by part of the (official) name.
    assert titles(get(client, organisatie="WS0654")) == [DEMO_AGREEMENT_TITLE]
    assert titles(get(client, organisatie="ws06")) == []
    assert titles(get(client, organisatie="Waterschap Aa")) == [DEMO_AGREEMENT_TITLE]
    assert len(titles(get(client, organisatie="Bernheze"))) == 3
    assert titles(get(client, organisatie="Nijmegen")) == []
    # A name spelled almost right: PostgreSQL forgives the typo (pg_trgm), SQLite does not.
    assert sorted(titles(get(client, organisatie="Enexsis"))) == (expected if POSTGRESQL else [])
    assert len(titles(get(client, organisatie="Bernhze"))) == (3 if POSTGRESQL else 0)


def test_filter_by_layer(client, demo):
    agreement("Bernheze en Enexis", cast.bernheze(), cast.enexis())
    agreement("Alleen Bernheze", cast.bernheze())
    client.force_login(cast.lars())
    assert titles(get(client, laag=Layer.WATERSCHAP)) == [DEMO_AGREEMENT_TITLE]
    assert sorted(titles(get(client, laag=Layer.PARTNER))) == sorted(
        [DEMO_AGREEMENT_TITLE, "Bernheze en Enexis"]
    )
    assert len(titles(get(client, laag=Layer.GEMEENTE))) == 3


def test_filter_by_theme(client, demo):
    agreement("Warmtenet Heesch", cast.bernheze(), theme=Theme.WARMTE)
    agreement("Zonder thema", cast.bernheze())
    client.force_login(cast.lars())
    assert titles(get(client, thema=Theme.WARMTE)) == ["Warmtenet Heesch"]
    assert titles(get(client, thema=Theme.ENERGIE)) == [DEMO_AGREEMENT_TITLE]
    assert titles(get(client, thema=Theme.WONEN)) == []


def test_filter_by_status_concept_vastgesteld_and_beeindigd(client, demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    agreement("Nog een concept", cast.bernheze())
    agreement("Opgezegd", cast.bernheze(), terminated_on=timezone.localdate() - timedelta(days=1))
    client.force_login(cast.lars())
    assert titles(get(client, status="vastgesteld")) == [DEMO_AGREEMENT_TITLE]
    assert titles(get(client, status="concept")) == ["Nog een concept"]
    assert titles(get(client, status="beeindigd")) == ["Opgezegd"]
    assert titles(get(client, status="verlopen")) == []
    assert titles(get(client, status="ondertekend")) == []  # signing is not built yet
    html = get(client).content.decode()
    assert '<span class="badge">Vastgesteld</span>' in html
    assert '<span class="badge">Beëindigd</span>' in html


def test_filter_by_status_verlopen(client, demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    versioning.open_amendment(agreement=demo, acting_user=editor)
    Agreement.objects.filter(pk=demo.pk).update(
        start_date=date(2020, 1, 1), end_date=date(2023, 12, 31), next_evaluation=None
    )
    versioning.adopt_version(agreement=demo, acting_user=editor, note="Looptijd was 2020-2023")
    agreement("Nog een concept", cast.bernheze())
    client.force_login(cast.lars())
    assert titles(get(client, status="verlopen")) == [DEMO_AGREEMENT_TITLE]
    assert titles(get(client, status="vastgesteld")) == []
    # Without an evaluation date, the next date is the (past) end date.
    assert "31 december 2023" in get(client, status="verlopen").content.decode()
    # The same agreement was vastgesteld before its end date.
    before = find_agreements(cast.lars(), today=date(2023, 6, 1), status="vastgesteld")
    assert [a.title for a in before] == [DEMO_AGREEMENT_TITLE]


def test_filter_by_year_of_the_latest_version_or_creation(client, demo, editor):
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")  # starts 1 March 2024
    agreement("Concept van dit jaar", cast.bernheze())
    client.force_login(cast.lars())
    assert titles(get(client, jaar="2024")) == [DEMO_AGREEMENT_TITLE]
    assert titles(get(client, jaar=str(timezone.localdate().year))) == ["Concept van dit jaar"]
    assert titles(get(client, jaar="1999")) == []


def test_filters_combine(client, demo):
    agreement("Warmte met Enexis", cast.bernheze(), cast.enexis(), theme=Theme.WARMTE)
    agreement("Warmte zonder Enexis", cast.bernheze(), theme=Theme.WARMTE)
    client.force_login(cast.lars())
    response = get(client, thema=Theme.WARMTE, laag=Layer.PARTNER, status="concept")
    assert titles(response) == ["Warmte met Enexis"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"organisatie": "x" * 101}, "niet meer dan 100 tekens"),
        ({"organisatie": "Bern\x00heze"}, "Null-tekens zijn niet toegestaan"),
        ({"laag": "maan"}, "Selecteer een geldige keuze"),
        ({"thema": "x" * 500}, "Selecteer een geldige keuze"),
        ({"status": "getekend"}, "Selecteer een geldige keuze"),
        ({"jaar": "twintig"}, "Voer een geheel getal in"),
        ({"jaar": "99999999999999999999999"}, "hoogstens 2200"),
        ({"sortering": "'; DROP TABLE"}, "Selecteer een geldige keuze"),
        ({"q": "w" * 1000}, "niet meer dan 200 tekens"),
    ],
)
def test_bad_filter_values_show_an_error_not_a_server_error(client, demo, params, message):
    client.force_login(cast.lars())
    html = get(client, **params).content.decode()
    assert message in html
    assert "Er is een probleem" in html
    # The filters that were valid still apply.
    assert titles(get(client, **params)) == [DEMO_AGREEMENT_TITLE]
    narrowing = {"status": "beeindigd"} if "thema" in params else {"thema": Theme.WONEN}
    assert titles(get(client, **params, **narrowing)) == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "warmte\x00net"},
        {"q": "%_\\'\"<script>"},
        {"q": "a"},
        {"pagina": "999"},
        {"pagina": "-1"},
        {"pagina": "x"},
        {"q": "  "},
    ],
)
def test_odd_search_and_page_values_are_harmless(client, demo, params):
    client.force_login(cast.lars())
    response = get(client, **params)
    assert "<script>" not in response.content.decode()


# --- Sorting and paging --------------------------------------------------------------------------


def test_sorting_by_title_changed_and_next_date(client, demo):
    today = timezone.localdate()
    Agreement.objects.filter(pk=demo.pk).update(next_evaluation=today + timedelta(days=200))
    agreement("Beta", cast.bernheze(), next_evaluation=today + timedelta(days=10))
    agreement("alfa", cast.bernheze(), next_evaluation=today + timedelta(days=400))
    gamma = agreement("Gamma", cast.bernheze())
    gamma.save()  # the most recently changed
    client.force_login(cast.lars())
    assert titles(get(client, sortering="titel")) == ["alfa", "Beta", "Gamma", DEMO_AGREEMENT_TITLE]
    assert titles(get(client))[0] == "Gamma"
    assert titles(get(client, sortering="gewijzigd"))[0] == "Gamma"
    # Next date: soonest first, none last.
    assert titles(get(client, sortering="datum")) == ["Beta", DEMO_AGREEMENT_TITLE, "alfa", "Gamma"]
    # Relevance without a search falls back to most recently changed.
    assert titles(get(client, sortering="relevantie"))[0] == "Gamma"


def test_pages_of_25_keep_the_filters(client):
    for number in range(30):
        agreement(f"Afspraak {number:02d}", cast.bernheze(), theme=Theme.WONEN)
    agreement("Ander thema", cast.bernheze(), theme=Theme.ENERGIE)
    client.force_login(cast.lars())
    first = get(client, thema=Theme.WONEN, sortering="titel")
    assert len(titles(first)) == 25
    assert "30 afspraken gevonden" in first.content.decode()
    assert "thema=wonen&amp;sortering=titel&amp;pagina=2" in first.content.decode()
    second = get(client, thema=Theme.WONEN, sortering="titel", pagina="2")
    assert titles(second) == [f"Afspraak {number:02d}" for number in range(25, 30)]


def _seed(count: int) -> None:
    organisations = [cast.bernheze(), cast.brabant(), cast.enexis()]
    for number in range(count):
        created = agreement(
            f"Afspraak {number} over warmte",
            *organisations[: 1 + number % 3],
            next_evaluation=timezone.localdate() + timedelta(days=number),
        )
        Decision.objects.create(
            agreement=created, decided_on=date(2025, 1, 1), table_name="Stuurgroep", what="warmte"
        )


@pytest.mark.parametrize(
    ("params", "most"),
    [
        ({}, 5),
        ({"q": "warmte", "sortering": "datum"}, 7),
        # The organisations the filter names are read first (their number plans the query).
        ({"organisatie": "Bernheze", "laag": "gemeente", "status": "concept", "jaar": "now"}, 6),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, params, most
):
    """The session with its person, the user's organisations, count, page, parties; a search
    also marks where each hit matched, and on PostgreSQL first looks up its words; a party
    filter first reads the organisations it names."""
    client.force_login(cast.lars())
    if "jaar" in params:
        params = {**params, "jaar": str(timezone.localdate().year)}
    counts = []
    for count in (5, 30):
        _seed(count - Agreement.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = get(client, **params)
        assert len(titles(response)) == min(count, 25)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(most):
        assert len(titles(get(client, **params, pagina="2"))) == 5


# --- Search --------------------------------------------------------------------------------------


@pytest.fixture
def searchable():
    """Three agreements whose words sit in different places."""
    bernheze, brabant = cast.bernheze(), cast.brabant()
    in_title = agreement(
        "Samenwerkingsovereenkomst warmtetransitie Bernheze 2027",
        bernheze,
        brabant,
        task="Wijken van het aardgas af, buurt voor buurt.",
    )
    in_goals = agreement(
        "Regionale afspraken klimaatadaptatie",
        bernheze,
        why="Droogte en hoosbuien houden zich niet aan gemeentegrenzen.",
        intended_result="Elke gemeente heeft in 2027 een stresstest gedaan.",
    )
    in_records = agreement("Programma zonneparken De Maashorst", bernheze, brabant)
    party = in_records.parties.get(organisation=brabant)
    Mandate.objects.create(
        agreement=in_records,
        party=party,
        function="Gedeputeerde energie",
        subject="Subsidie voor zonnedaken op scholen",
    )
    Decision.objects.create(
        agreement=in_records,
        decided_on=date(2025, 3, 1),
        table_name="Stuurgroep",
        what="De samenwerkingsovereenkomst met de waterschappen wordt verlengd tot 2030.",
    )
    return in_title, in_goals, in_records


def search(user, text: str) -> list[str]:
    return [a.title for a in find_agreements(user, today=timezone.localdate(), text=text)]


def test_search_finds_plain_words_in_titles_goals_mandates_and_decisions(client, searchable):
    in_title, in_goals, in_records = searchable
    reader = cast.lars()
    assert search(reader, "warmtetransitie") == [in_title.title]
    assert search(reader, "aardgas") == [in_title.title]
    assert search(reader, "droogte") == [in_goals.title]
    assert search(reader, "stresstest") == [in_goals.title]
    assert search(reader, "zonnedaken") == [in_records.title]  # a mandate's subject
    assert search(reader, "Gedeputeerde") == [in_records.title]  # a mandate's function
    assert search(reader, "verlengd") == [in_records.title]  # a decision
    assert search(reader, "kernenergie") == []
    # Every word must be found, in any of the texts, in any case.
    assert search(reader, "ZONNEPARKEN verlengd") == [in_records.title]
    assert search(reader, "zonneparken droogte") == []
    # The page shows the same.
    client.force_login(reader)
    assert titles(get(client, q="droogte")) == [in_goals.title]


def test_search_finds_compounds_and_plurals_and_ranks_a_title_hit_first(searchable):
    in_title, in_goals, in_records = searchable
    reader = cast.lars()
    # "overeenkomst" sits inside "samenwerkingsovereenkomst": in one title, in one decision.
    # The title hit ranks above the decision hit.
    assert search(reader, "overeenkomst") == [in_title.title, in_records.title]
    assert search(reader, "samenwerkingsovereenkomst") == [in_title.title, in_records.title]
    # "waterschap" finds "waterschappen" in a decision.
    assert search(reader, "waterschap") == [in_records.title]
    assert search(reader, "warmte") == [in_title.title]  # inside "warmtetransitie"
    assert search(reader, "zonnepark") == [in_records.title]
    # Dutch word forms: the plural query finds the singular text ("een stresstest").
    assert search(reader, "stresstesten") == [in_goals.title]
    if POSTGRESQL:
        # Trigram similarity forgives a typo.
        assert search(reader, "waterchappen") == [in_records.title]
        assert search(reader, "samenwerkingsovereenkomts") == [in_title.title, in_records.title]
    else:
        # SQLite's FTS5 index matches what is typed (or without its ending): no typos.
        assert search(reader, "waterchappen") == []
    ranked = list(search_agreements(Agreement.objects.all(), "overeenkomst"))
    assert [(a.title, a.search_rank) for a in ranked] == [
        (in_title.title, 2),
        (in_records.title, 1),
    ]


def test_title_matches_come_first_then_the_rest_each_most_recently_changed_first(
    client, monkeypatch
):
    """Relevance: every word in the title, then the other matches; recency within each."""
    bernheze = cast.bernheze()
    old_title = agreement("Warmtenet Bernheze, eerste fase", bernheze)
    recent_body = agreement("Regionale energiestrategie", bernheze, task="Een warmtenet aanleggen.")
    recent_title = agreement("Warmtenet Heesch", bernheze)
    old_body = agreement("Klimaatakkoord", bernheze, why="Het warmtenet is de ruggengraat.")
    both_words = agreement("Warmtenet en aquathermie", bernheze)
    day = timezone.now()
    # Oldest first: old_title, old_body, recent_body, recent_title, both_words.
    for minutes, changed in enumerate([old_title, old_body, recent_body, recent_title, both_words]):
        Agreement.objects.filter(pk=changed.pk).update(updated_at=day + timedelta(minutes=minutes))
    reader = cast.lars()
    expected = [both_words, recent_title, old_title, recent_body, old_body]
    assert search(reader, "warmtenet") == [a.title for a in expected]
    # Every word must be in the title for the first tier.
    assert search(reader, "warmtenet aquathermie") == ["Warmtenet en aquathermie"]
    assert search(reader, "warmtenet heesch") == ["Warmtenet Heesch"]
    # Every slice of the results agrees with the whole, across the tiers.
    results = find_agreements(reader, today=timezone.localdate(), text="warmtenet")
    for start in range(6):
        for stop in range(start, 7):
            assert [a.title for a in results[start:stop]] == [
                a.title for a in expected[start:stop]
            ], (start, stop)
    assert results.count() == 5
    assert results.count_up_to(3) == 3
    # The registry pages through them in the same order.
    from agreements.registry import views

    monkeypatch.setattr(views, "REGISTRY_PAGE_SIZE", 2)
    client.force_login(reader)
    pages = [titles(get(client, q="warmtenet", pagina=str(n))) for n in (1, 2, 3)]
    assert pages == [[a.title for a in expected[n : n + 2]] for n in (0, 2, 4)]


def test_search_follows_changes_to_mandates_and_decisions(searchable):
    _in_title, _in_goals, in_records = searchable
    reader = cast.lars()
    Mandate.objects.filter(agreement=in_records).delete()
    assert search(reader, "zonnedaken") == []
    Decision.objects.create(
        agreement=in_records,
        decided_on=date(2025, 6, 1),
        table_name="Kernteam",
        what="Het kernteam kiest voor aquathermie bij de rioolwaterzuivering.",
    )
    assert search(reader, "aquathermie") == [in_records.title]
    # Decisions are never changed (a correction is a new decision): what was decided stays
    # findable.
    Agreement.objects.filter(pk=in_records.pk).update(title="Programma zonnevelden")
    assert search(reader, "zonnevelden") == ["Programma zonnevelden"]
    assert search(reader, "Maashorst") == []


def test_search_respects_visibility_and_the_other_filters(client, searchable):
    in_title, _in_goals, in_records = searchable
    agreement("Samenwerkingsovereenkomst Nijmegen", cast.nijmegen())
    reader = cast.lars()
    assert "Samenwerkingsovereenkomst Nijmegen" not in search(reader, "overeenkomst")
    assert search(cast.olaf(), "overeenkomst") == ["Samenwerkingsovereenkomst Nijmegen"]
    client.force_login(reader)
    response = get(client, q="overeenkomst", organisatie="Noord-Brabant")
    assert titles(response) == [in_title.title, in_records.title]
    response = get(client, q="overeenkomst", sortering="titel")
    assert titles(response) == [in_records.title, in_title.title]


def test_search_copes_with_odd_words_and_stopwords(searchable):
    in_title, _in_goals, in_records = searchable
    reader = cast.lars()
    agreement(
        "Afspraken 's-Hertogenbosch over C:\\data en o'Neill's \"quotes\" & (haakjes)",
        cast.bernheze(),
    )
    for text in ["'s-Hertogenbosch", "o'neill's", "C:\\data", "quotes & (haakjes) | !", "_%"]:
        search(reader, text)  # no error
    assert search(reader, "hertogenbosch") == [
        "Afspraken 's-Hertogenbosch over C:\\data en o'Neill's \"quotes\" & (haakjes)"
    ]
    # Dutch stopwords do not have to be found; every other word does.
    assert search(reader, "de waterschap") == [in_records.title]
    if POSTGRESQL:
        assert search(reader, "de het een") == []
    assert search(reader, "waterschap onbekendwoord") == []
    assert search(reader, "warmtetransitie aardgas") == [in_title.title]


def test_search_words():
    assert search_words("  Waterschap, waterschap\x00pen; RES-2.0 a ") == [
        "waterschap",
        "waterschappen",
        "res",
    ]
    assert len(search_words(" ".join(f"woord{n}" for n in range(20)))) == 8
    assert search_words("a b c") == []


def test_broad_results_are_counted_up_to_a_cap(client, monkeypatch, demo):
    from agreements.registry import views

    monkeypatch.setattr(views, "REGISTRY_COUNT_CAP", 0)
    client.force_login(cast.person("oss", Role.LEZER))
    html = client.get(reverse("agreement_list")).content.decode()
    assert "Meer dan 1.000 afspraken gevonden" in html
    assert "Samenwerkingsafspraken RES Noordoost-Brabant" in html


@pytest.mark.parametrize("cap", [3, 1000])
def test_the_registry_is_most_recently_changed_first_under_and_over_the_count_cap(
    client, monkeypatch, cap
):
    """Under the cap the page is sorted from the reader's own agreements (paging.py), over it
    found by the index: the same order either way, on every page."""
    from agreements.registry import views

    bernheze = cast.bernheze()
    made = [agreement(f"Afspraak {n}", bernheze) for n in range(5)]
    day = timezone.now()
    for minutes, changed in enumerate([made[2], made[0], made[4], made[1], made[3]]):
        Agreement.objects.filter(pk=changed.pk).update(updated_at=day + timedelta(minutes=minutes))
    expected = [f"Afspraak {n}" for n in (3, 1, 4, 0, 2)]
    monkeypatch.setattr(views, "REGISTRY_COUNT_CAP", cap)
    monkeypatch.setattr(views, "REGISTRY_PAGE_SIZE", 2)
    client.force_login(cast.lars())
    # Over the cap the pages end at the cap (4 counted: two pages).
    pages = [titles(get(client, pagina=str(n))) for n in (1, 2, 3)]
    assert pages == [expected[0:2], expected[2:4], expected[4:5] if cap > 5 else expected[2:4]]
    assert titles(get(client, sortering="titel")) == ["Afspraak 0", "Afspraak 1"]
