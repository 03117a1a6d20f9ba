"""The agreement page reuses its rendered document until the agreement changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from agreements import versioning
from agreements.demo import seed_demo
from agreements.models import Agreement

pytestmark = pytest.mark.django_db


def test_the_page_is_cheaper_the_second_time_and_shows_every_change_at_once(client):
    seed_demo()
    agreement = Agreement.objects.get()
    editor = User.objects.get(email="opsteller@bernheze.example.nl")
    client.force_login(editor)
    url = reverse("agreement_detail", args=[agreement.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        page = client.get(url).content.decode()
    assert len(second) < len(first)
    assert "Beoogd resultaat" in page
    step = reverse("agreement_step", args=[agreement.pk, "opgave"])
    client.post(
        step,
        {
            "revision": Agreement.objects.get().revision,
            **{
                field: getattr(agreement, field)
                for field in (
                    "title",
                    "task",
                    "theme",
                    "why",
                    "governance_style",
                    "rule_set",
                    "enforceability",
                )
            },
            "intended_result": "Een geheel nieuw resultaat: 42 laadpleinen.",
        },
    )
    assert "42 laadpleinen" in client.get(url).content.decode()
    versioning.adopt_version(agreement=Agreement.objects.get(), acting_user=editor, note="")
    page = client.get(url).content.decode()
    assert "De afspraak zoals vastgesteld" in page
    assert "42 laadpleinen" in page
