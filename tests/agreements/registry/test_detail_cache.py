"""The agreement page reuses its rendered document until the agreement changes."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership, Role
from agreements.models import Agreement
from agreements.registry.views import LiveDocument
from agreements.versions import adoption as versioning
from agreements.versions.signing import sign_version
from tests.support import cast

pytestmark = pytest.mark.django_db


def test_the_page_is_cheaper_the_second_time_and_shows_every_change_at_once(client, demo):
    agreement = demo
    editor = cast.eva()
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


def signed_names(page: str) -> list[str]:
    return re.findall(r"ondertekend door ([^<]+?) op ", page)


@pytest.mark.demo(history=True)
def test_the_cached_page_follows_signatures_roles_status_and_language(client, demo):
    """What every member sees is cached; signatures, the user's rights, the day and the
    language still show at once, and each person gets their own buttons and CSRF token."""
    agreement = demo
    editor = cast.eva()
    url = reverse("agreement_detail", args=[agreement.pk])
    versioning.open_amendment(agreement=agreement, acting_user=editor)
    agreement.refresh_from_db()
    agreement.why += " Ook warmte telt."
    agreement.save()
    third = versioning.adopt_version(agreement=agreement, acting_user=editor, note="Warmte")

    client.force_login(editor)
    page = client.get(url).content.decode()
    assert signed_names(page) == []
    assert "Wijziging beginnen" in page
    # A party signs version 3: the (cached) page shows it on the next request.
    signatory = cast.kees()
    sign_version(
        version=third,
        organisation=cast.bernheze(),
        acting_user=signatory,
        signatory_name="Mr. Bernheze",
        signatory_function="burgemeester",
        basis="collegebesluit",
        place="Heeswijk-Dinther",
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert signed_names(page) == ["Mr. Bernheze"]
    # Another member sees the same text, without the editing buttons, with their own token.
    other = Client()
    other.force_login(cast.lars())
    reader_page = other.get(url).content.decode()
    assert signed_names(reader_page) == ["Mr. Bernheze"]
    assert "Wijziging beginnen" not in reader_page
    assert csrf_tokens(reader_page) and csrf_tokens(reader_page) != csrf_tokens(page)
    # The editor's token works for the form on the page.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    strict_page = strict.get(url).content.decode()
    amend = reverse("agreement_amend", args=[agreement.pk])
    response = strict.post(amend, {"csrfmiddlewaretoken": csrf_tokens(strict_page)[0]})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.draft_open
    # The editor loses the role: the buttons go at once.
    Membership.objects.filter(user=editor).update(role=Role.LEZER)
    page = client.get(url).content.decode()
    assert "Bewerken in stappen" not in page
    Membership.objects.filter(user=editor).update(role=Role.OPSTELLER)
    assert "Bewerken in stappen" in client.get(url).content.decode()
    # The status follows the calendar.
    Agreement.objects.filter(pk=agreement.pk).update(
        in_force_end=timezone.localdate() - timedelta(days=1)
    )
    assert "<strong>Status:</strong> Verlopen" in client.get(url).content.decode()
    # And the language.
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Versions" in english and "Versies" not in english
    # Only a handful of queries once cached, however rich the agreement.
    assert len(queries) <= 4


def csrf_tokens(page: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)


def test_a_cached_page_does_not_read_the_whole_document_again(client, demo):
    """Once the page is cached, neither an editor (whose buttons ask whether the draft is
    complete) nor a reader needs the document itself: with it gone from the cache, the page
    is still served from its fragments, without rebuilding it."""
    url = reverse("agreement_detail", args=[demo.pk])
    reader = Client()
    reader.force_login(cast.lars())
    client.force_login(cast.eva())
    assert "Bewerken in stappen" in client.get(url).content.decode()
    reader.get(url)
    with translation.override("nl"):
        cache.delete(LiveDocument(Agreement.objects.get()).key)
    for each in (client, reader):
        with CaptureQueriesContext(connection) as queries:
            page = each.get(url).content.decode()
        assert "Beoogd resultaat" in page
        assert len(queries) <= 4
