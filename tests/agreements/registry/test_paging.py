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

pytestmark = pytest.mark.django_db

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
