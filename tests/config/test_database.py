"""Database settings that pages rely on for speed."""

import pytest
from django.db import connection

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_plans_a_repeated_query_once_per_connection():
    """psycopg prepares a statement on its fifth run, so PostgreSQL stops planning it anew."""
    for _ in range(6):
        list(User.objects.filter(email="niemand@example.nl"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_user"' in statement for statement in statements)
