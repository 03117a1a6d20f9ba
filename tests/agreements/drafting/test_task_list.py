"""The builder's steps as a task list: each step's status follows the draft's state; the check
step shows a summary per step with "Wijzigen" and, when nothing required is missing, the way to
adopt; the links to actions a role may not take are not shown to it."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.agreements.drafting.test_step_views import step_url, task_data
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

STATUS = re.compile(r'id="status-([a-z]+)" data-status="([a-z-]+)">([^<]+)<')


def statuses(client, agreement, slug="opgave") -> dict[str, tuple[str, str]]:
    response = client.get(step_url(agreement, slug))
    assert response.status_code == 200
    return {step: (code, label) for step, code, label in STATUS.findall(response.content.decode())}


def test_a_new_draft_has_not_started_its_steps_and_a_save_moves_a_step_on(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    before = statuses(client, agreement)
    # Seven steps with a status; the check has none of its own.
    assert list(before) == [
        "opgave",
        "partijen",
        "eigenaarschap",
        "tafels",
        "escalatie",
        "waarden",
        "looptijd",
    ]
    assert before["opgave"] == ("niet-begonnen", "Niet begonnen")
    assert before["tafels"] == ("niet-begonnen", "Niet begonnen")
    # Two parties were added, but nothing is filled in for them yet.
    assert before["partijen"] == ("niet-begonnen", "Niet begonnen")

    half = task_data(agreement, why="", intended_result="", save="1")
    assert client.post(step_url(agreement, "opgave"), half).status_code == 302
    assert statuses(client, agreement)["opgave"] == ("onvolledig", "Onvolledig")

    agreement.refresh_from_db()
    whole = task_data(agreement, save="1")
    assert client.post(step_url(agreement, "opgave"), whole).status_code == 302
    assert statuses(client, agreement)["opgave"] == ("gereed", "Gereed")


def test_a_refused_save_shows_the_step_with_errors_and_its_summary(client, demo):
    client.force_login(cast.eva())
    assert statuses(client, demo, "looptijd")["looptijd"] == ("gereed", "Gereed")
    page = client.get(step_url(demo, "looptijd")).content.decode()
    revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
    response = client.post(
        step_url(demo, "looptijd"),
        {"revision": revision, "start_date": "2030-01-01", "end_date": "2029-01-01", "save": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    found = {step: code for step, code, _label in STATUS.findall(html)}
    assert found["looptijd"] == "fouten"
    assert found["opgave"] == "gereed"
    assert "<title>Fout: " in html
    # One summary, at the top: before the heading, linking to the field.
    assert html.count("data-error-summary") == 1
    assert html.index("data-error-summary") < html.index("utrecht-heading-1")
    assert 'href="#id_end_date">Einddatum: De einddatum ligt vóór de ingangsdatum.</a>' in html
    # Its buttons still save the step before going elsewhere (nothing typed is lost).
    assert 'name="goto" value="opgave"' in html


def test_a_refused_row_is_named_in_the_summary(client, demo):
    client.force_login(cast.eva())
    page = client.get(step_url(demo, "tafels"))
    from tests.support.forms import read_forms

    (form,) = [
        f for f in read_forms(page.content.decode()) if "mandates-0-max_amount" in f.controls
    ]
    data = {name: values for name, values in form.as_posted().items()}
    data["mandates-1-max_amount"] = ["-5"]
    data["save"] = ["1"]
    response = client.post(step_url(demo, "tafels"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-error-summary") == 1
    assert 'href="#id_mandates-1-max_amount">Mandaat 2: ' in html
    # One message for the field, under its label as well.
    assert html.count('id="id_mandates-1-max_amount_error"') == 1


def test_the_check_summarises_each_step_and_offers_to_adopt_a_complete_draft(client, demo):
    client.force_login(cast.eva())
    html = client.get(step_url(demo, "controle")).content.decode()
    for slug in ["opgave", "partijen", "eigenaarschap", "tafels", "escalatie", "waarden"]:
        assert f'href="{step_url(demo, slug)}">Wijzigen' in html
    assert f'href="{reverse("agreement_adopt", args=[demo.pk])}">Vaststellen</a>' in html
    assert "Terug naar stap 7" in html

    agreement = factories.res_agreement()
    html = client.get(step_url(agreement, "controle")).content.decode()
    assert reverse("agreement_adopt", args=[agreement.pk]) not in html


def test_no_link_to_what_the_role_may_not_do(client, demo):
    """A reader is offered neither a new agreement nor an evaluation; an opsteller both."""
    new, evaluation = reverse("agreement_new"), reverse("evaluation_new", args=[demo.pk])
    pages = [
        reverse("home"),
        reverse("agreement_list"),
        reverse("agreement_detail", args=[demo.pk]),
    ]
    pages += [
        reverse("agreement_briefing", args=[demo.pk]),
        reverse("decision_list", args=[demo.pk]),
    ]
    reader = cast.lars()
    client.force_login(reader)
    assert client.get(new).status_code == 404
    assert client.get(evaluation).status_code == 404
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{new}"' not in html, url
        assert f'href="{evaluation}"' not in html, url

    client.force_login(cast.eva())
    assert f'href="{new}"' in client.get(reverse("home")).content.decode()
    for url in pages[2:]:
        assert f'href="{evaluation}"' in client.get(url).content.decode(), url
    # A signatory records evaluations but starts no agreement.
    client.force_login(cast.person("oss", Role.ONDERTEKENAAR))
    assert f'href="{new}"' not in client.get(reverse("home")).content.decode()
    assert f'href="{evaluation}"' in client.get(pages[2]).content.decode()
