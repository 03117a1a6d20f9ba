"""What the registry says about a search: where each hit matched, "Bedoelde je …?", hints when
nothing was found, what the embedded database lacks; and the index following its parties."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Organisation
from agreements.models import Agreement, Decision, Mandate, Party
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

URL = reverse("agreement_list")
POSTGRESQL = connection.vendor == "postgresql"
MARK = '<mark class="utrecht-mark">'


def agreement(title: str, *organisations: Organisation, **fields) -> Agreement:
    created = factories.res_agreement(*organisations)
    Agreement.objects.filter(pk=created.pk).update(title=title, **fields)
    created.refresh_from_db()
    return created


@pytest.fixture
def page(client):
    client.force_login(cast.lars())

    def get(**params) -> str:
        response = client.get(URL, params)
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.fixture
def hits():
    bernheze, brabant = cast.bernheze(), cast.brabant()
    goals = agreement(
        "Regionale klimaatadaptatie",
        bernheze,
        why="Droogte en hoosbuien houden zich niet aan gemeentegrenzen.",
    )
    records = agreement("Programma zonnevelden", bernheze, brabant)
    Mandate.objects.create(
        agreement=records,
        party=records.parties.get(organisation=brabant),
        function="Gedeputeerde energie",
        subject="Subsidie voor zonnedaken op scholen",
    )
    Decision.objects.create(
        agreement=records,
        decided_on=date(2025, 3, 1),
        table_name="Stuurgroep",
        what="De samenwerking met de waterschappen wordt verlengd tot 2030.",
    )
    return goals, records


def test_each_hit_shows_where_it_matched_with_the_words_marked(page, hits):
    assert f'<span class="search-hit__field">Doel:</span> {MARK}Droogte</mark>' in page(q="droogte")
    assert "Mandaat:</span>" in page(q="zonnedaken")
    html = page(q="verlengd")
    assert "Besluit:</span>" in html
    assert f"{MARK}verlengd</mark>" in html
    html = page(q="GM1721")
    assert "Partij:</span>" in html
    assert f"{MARK}GM1721</mark>" in html
    # A title match marks the title itself.
    assert f'search-hit" href="{reverse("agreement_detail", args=[hits[1].pk])}">Programma ' in (
        page(q="zonnevelden")
    )


def test_a_hit_shows_the_first_field_that_matched_title_goal_mandate_decision_party(page):
    bernheze = cast.bernheze()

    def with_records(title: str, why: str, mandate: str, decision: str) -> Agreement:
        made = agreement(title, bernheze, why=why)
        Mandate.objects.create(
            agreement=made,
            party=made.parties.get(organisation=bernheze),
            function="Wethouder",
            subject=mandate,
        )
        Decision.objects.create(
            agreement=made, decided_on=date(2025, 3, 1), table_name="Stuurgroep", what=decision
        )
        return made

    with_records("Boomgaard Nistelrode", "De boomgaard blijft.", "De boomgaard.", "Boomgaard open.")
    with_records("Zorgafspraken", "Ook voor mantelzorgers.", "Mantelzorgers.", "Mantelzorgers.")
    with_records("Sociaal domein", "Samen sterker.", "Wijkteams inrichten.", "Wijkteams gestart.")
    with_records(
        "Jeugdzorg", "Samen sterker.", "Inkoop.", "De raad stemde in met de subsidieregeling."
    )
    html = page(q="boomgaard")
    assert f"{MARK}Boomgaard</mark> Nistelrode" in html
    assert "search-hit__field" not in html
    html = page(q="mantelzorgers")
    assert '<span class="search-hit__field">Doel:</span>' in html
    assert "Mandaat:</span>" not in html
    assert '<span class="search-hit__field">Mandaat:</span>' in page(q="wijkteams")
    assert '<span class="search-hit__field">Besluit:</span>' in page(q="subsidieregeling")


def test_a_fragment_is_escaped_and_only_the_marks_are_html(page):
    agreement(
        "<b>Vet</b> & zo",
        cast.bernheze(),
        why='Hoosbuien <script>alert("x")</script> met \x01 en \x02 erin.',
    )
    html = page(q="hoosbuien")
    # PostgreSQL's fragments leave tags out, SQLite's keep them: escaped.
    assert "<script>" not in html
    assert "alert(&quot;x&quot;)" in html
    assert f"{MARK}Hoosbuien</mark>" in html
    assert "\x01" not in html
    assert "\x02" not in html
    assert "<b>Vet</b>" not in page(q="vet")


def test_a_near_spelling_is_suggested_on_postgresql(page, hits):
    html = page(q="waterchappen verlengd", thema="")
    if not POSTGRESQL:
        # SQLite has no similarity of spellings: no suggestion, nothing found (the page says
        # what the embedded database lacks).
        assert 'class="utrecht-paragraph search-suggestion"' not in html
        assert "0 afspraken gevonden" in html
        return
    assert "search-suggestion" in html
    assert ">waterschap verlengd</a>?" in html
    # The party names count too; the other filters stay in the link.
    html = page(q="Bernhze", status="concept")
    assert "Bedoelde je" in html
    assert 'href="?q=Bernheze&amp;status=concept">Bernheze</a>?' in html
    assert "search-suggestion" not in page(q="droogte")


def test_nothing_found_gives_hints(page, hits):
    html = page(q="kernenergie")
    assert "0 afspraken gevonden" in html
    assert "Tips:" in html
    assert "Zoek zonder de andere filters" not in html
    html = page(q="droogte", thema="wonen")
    assert "Zoek zonder de andere filters" in html
    assert 'href="?q=droogte"' in html
    assert "Tips:" not in page(q="droogte")


def test_a_query_without_words_says_so(page, hits):
    for query in ["de het een", "!&|:*", "a"]:
        html = page(q=query)
        assert "geen woorden om op te zoeken" in html
        assert "Tips:" not in html


def test_the_embedded_database_says_what_it_lacks(page, hits):
    html = page(q="droogte")
    assert ("SQLite-database" in html) is not POSTGRESQL
    # Only beside a search.
    assert "SQLite-database" not in page()


def test_the_index_follows_parties_and_their_names(hits):
    from agreements.registry.search import search_agreements

    def found(text: str) -> set[str]:
        return {a.title for a in search_agreements(Agreement.objects.all(), text)}

    goals, records = hits
    enexis = cast.enexis()
    assert found("Enexis") == set()
    Party.objects.create(agreement=goals, organisation=enexis, position=9)
    assert found("Enexis") == {goals.title}
    Organisation.objects.filter(pk=enexis.pk).update(name="Enexis Groep", abbreviation="EXG")
    assert found("EXG") == {goals.title}
    Party.objects.filter(agreement=goals, organisation=enexis).delete()
    assert found("EXG") == set()
    # Codes and abbreviations of the other parties are found too.
    assert found("PV30") == {records.title}


@pytest.mark.parametrize(
    ("query", "on_postgresql", "on_sqlite"),
    [
        # The session with its person, the user's organisations, the words in the lexicon
        # (PostgreSQL only), count, page, parties, fragments.
        ("warmte", 7, 6),
        # Found only by a near spelling (PostgreSQL): also the suggestion. SQLite finds nothing.
        ("warmde", 8, 3),
        # Nothing found: no page, no parties, no fragments.
        ("kernenergie", 4, 3),
    ],
)
def test_the_queries_of_a_search_page_do_not_grow_with_the_data(
    client, query, on_postgresql, on_sqlite
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.lars())
    counts = []
    for count in (5, 30):
        for number in range(count - Agreement.objects.count()):
            created = agreement(f"Afspraak {number} over warmte", cast.bernheze(), cast.enexis())
            Decision.objects.create(
                agreement=created, decided_on=date(2025, 1, 1), table_name="Stuurgroep", what="ja"
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": query}).status_code == 200
        counts.append(len(queries))
    assert counts == [on_postgresql if POSTGRESQL else on_sqlite] * 2


def test_a_compound_finds_its_parts_and_a_part_its_compounds(hits):
    from agreements.registry.search import search_agreements

    def found(text: str) -> set[str]:
        return {a.title for a in search_agreements(Agreement.objects.all(), text)}

    parts = agreement("Transitie naar duurzame energie", cast.bernheze())
    compound = agreement("Regionale energietransitie", cast.bernheze())
    contracts = agreement("Flexibele transportcontracten", cast.bernheze())
    assert found("transitie") == {parts.title, compound.title}
    assert found("contract") == {contracts.title}
    # A stem inside another word is no part of it: "tracé" is not in "transportcontracten".
    assert found("tracé") == set()
    if POSTGRESQL:
        # The dictionary splits "energietransitie"; SQLite finds only the letters as typed.
        assert found("energietransitie") == {parts.title, compound.title}
    else:
        assert found("energietransitie") == {compound.title}
