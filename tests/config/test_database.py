"""Database settings that pages rely on for speed."""

import pytest
from django.db import connection

from accounts.models import User
from agreements.registry.views import PAGE_AGREEMENT
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@POSTGRESQL_ONLY
def test_postgresql_plans_the_agreement_page_query_once_per_connection():
    """The precompiled query is prepared on its first run; PostgreSQL keeps it."""
    agreement = factories.res_agreement()
    editor = cast.eva()
    for _ in range(2):
        assert PAGE_AGREEMENT.first(user_id=editor.pk, agreement_id=agreement.pk) is not None
    assert any('"agreements_agreement"' in statement for statement in prepared_statements())


@POSTGRESQL_ONLY
def test_other_queries_are_not_prepared():
    """A generic plan suits a lookup by key, not a search: only precompiled queries get one."""
    for _ in range(10):
        list(User.objects.filter(email="niemand@example.nl"))
    assert not any('FROM "accounts_user"' in statement for statement in prepared_statements())
