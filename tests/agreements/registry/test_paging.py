"""The registry's pages sort a reader's few agreements instead of walking the country's
(agreements/registry/paging.py), on the web and in the API: the same order either way."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agreements.models import Agreement
from agreements.registry import paging, views
from api import tokens
from tests.support import cast, factories
from tests.support.registry import titles

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"

ORDER = (3, 1, 4, 0, 2)  # most recently changed first


@pytest.fixture
def five():
    """Five agreements of Bernheze, changed a minute apart in the order 2, 0, 4, 1, 3."""
    made = [factories.res_agreement(cast.bernheze()) for _ in range(5)]
    day = timezone.now()
    for minutes, number in enumerate(reversed(ORDER)):
        Agreement.objects.filter(pk=made[number].pk).update(
            title=f"Afspraak {number}", updated_at=day + timedelta(minutes=minutes)
        )
    return [str(made[number].pk) for number in ORDER]


def sorted_not_walked(queries: CaptureQueriesContext) -> list[bool]:
    """Per query that reads a page of agreements: whether it orders by the expression no index
    holds (COALESCE of "updated_at" with itself) instead of the column."""
    return [
        'COALESCE("agreements_agreement"."updated_at", "agreements_agreement"."updated_at")'
        in query["sql"]
        for query in queries.captured_queries
        if 'ORDER BY' in query["sql"] and '"agreements_agreement"."updated_at"' in query["sql"]
        and "LIMIT" in query["sql"]
    ]  # fmt: skip


@pytest.mark.parametrize("few", [3, 1000])
def test_the_api_sorts_a_few_and_walks_many_in_the_same_order(five, monkeypatch, few):
    monkeypatch.setattr(paging.RecentFirstPaginator, "few", few)
    lars = cast.lars()
    _token, key = tokens.create_token(user=lars, name="test", acting_user=lars)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    listed = []
    with CaptureQueriesContext(connection) as queries:
        for page in (1, 2, 3):
            answer = api.get(reverse("api:agreement-list"), {"pageSize": 2, "page": page})
            assert answer.status_code == 200
            assert answer.json()["count"] == 5
            listed += [agreement["id"] for agreement in answer.json()["results"]]
    assert listed == five
    assert sorted_not_walked(queries) == [few >= 5] * 3
    # Another order asked for is never touched.
    by_title = api.get(reverse("api:agreement-list"), {"sort": "titel", "pageSize": 5}).json()
    assert [agreement["title"] for agreement in by_title["results"]] == [
        f"Afspraak {n}" for n in range(5)
    ]


@pytest.mark.parametrize("cap", [3, 1000])
def test_the_web_registry_sorts_within_its_count_cap(five, client, monkeypatch, cap):
    monkeypatch.setattr(views, "REGISTRY_COUNT_CAP", cap)
    monkeypatch.setattr(views, "REGISTRY_PAGE_SIZE", 2)
    client.force_login(cast.lars())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("agreement_list")).status_code == 200
    assert sorted_not_walked(queries) == [cap >= 5]


@pytest.mark.parametrize("cap", [4, 1000])
def test_a_search_of_few_matches_pages_by_key_in_the_order_of_its_tiers(client, monkeypatch, cap):
    """Within the cap PostgreSQL counts the matches and orders their keys in one statement,
    and reads a page by key (results.py); over it, tier by tier. The same pages either way:
    title matches first, each group most recently changed first."""
    made = [factories.res_agreement(cast.bernheze()) for _ in range(5)]
    day = timezone.now()
    # In the title: 1 and 3; only in the task: 0, 2 and 4. Changed in the order 3, 0, 1, 4, 2.
    for minutes, number in enumerate([3, 0, 1, 4, 2]):
        in_title = number in (1, 3)
        Agreement.objects.filter(pk=made[number].pk).update(
            title=f"Zonnepark {number}" if in_title else f"Afspraak {number}",
            task="Afspraken over het zonnepark aan de dijk" if not in_title else "Samenwerken",
            updated_at=day + timedelta(minutes=minutes),
        )
    monkeypatch.setattr(views, "REGISTRY_COUNT_CAP", cap)
    monkeypatch.setattr(views, "REGISTRY_PAGE_SIZE", 2)
    client.force_login(cast.lars())
    pages = []
    with CaptureQueriesContext(connection) as queries:
        for page in (1, 2, 3):
            answer = client.get(reverse("agreement_list"), {"q": "zonnepark", "pagina": page})
            assert answer.status_code == 200
            pages.append(titles(answer))
    expected = ["Zonnepark 1", "Zonnepark 3", "Afspraak 2", "Afspraak 4", "Afspraak 0"]
    assert pages == [expected[0:2], expected[2:4], expected[4:5]]
    # A page read by key asks for its keys with no order of its own; a tier is ordered.
    by_key = [
        query["sql"] for query in queries.captured_queries
        if '"search_rank"' in query["sql"] and "ORDER BY" not in query["sql"]
    ]  # fmt: skip
    assert len(by_key) == (3 if POSTGRESQL and cap > 5 else 0)
