"""One rule for an agreement's status, in SQL (registry) and in Python (one agreement's page)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from agreements.models import Agreement
from agreements.versions.status import Status, status_filter, status_of, with_status

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

# A few days around the boundaries, so that "on", "before" and "after" all occur.
days = st.sampled_from([date(2026, 1, d) for d in range(1, 6)])
maybe_day = st.none() | days


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    today=days,
    terminated_on=maybe_day,
    current=st.booleans(),
    signed=st.booleans(),
    start=maybe_day,
    end=maybe_day,
)
def test_python_and_sql_give_the_same_status(
    demo, today, terminated_on, current, signed, start, end
):
    version = demo.versions.order_by("number").first()
    Agreement.objects.filter(pk=demo.pk).update(
        terminated_on=terminated_on,
        current_version=version if current else None,
        signed_version=version if signed else None,
        in_force_start=start,
        in_force_end=end,
    )
    agreement = with_status(Agreement.objects.filter(pk=demo.pk), today).get()
    assert status_of(agreement, today) == agreement.status
    # And the registry's filter finds it under that status only.
    for status in Status:
        found = Agreement.objects.filter(pk=demo.pk).filter(status_filter(status, today)).exists()
        assert found == (status == agreement.status), status
