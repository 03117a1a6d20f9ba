"""The builder's pages: who may open them, what each save stores, conflicts and errors."""

import re

import pytest
from django.urls import reverse

from accounts.models import Organisation, Role
from agreements.models import Agreement, AgreementTemplate, RaciCell
from tests.support import cast, factories

pytestmark = pytest.mark.django_db


def step_url(agreement, slug):
    return reverse("agreement_step", args=[agreement.pk, slug])


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def task_data(agreement, **overrides):
    return {
        "revision": agreement.revision,
        "title": agreement.title,
        "task": "Grootschalige opwek",
        "theme": "energie",
        "why": "Geen partij kan dit alleen",
        "intended_result": "1,5 TWh in 2030",
        "governance_style": "netwerk",
        "rule_set": "handreiking",
        "enforceability": "niet_afdwingbaar",
        **overrides,
    }


def test_who_may_open_the_agreement_and_its_steps(client, demo):
    detail = reverse("agreement_detail", args=[demo.pk])
    client.force_login(cast.olaf())
    assert client.get(detail).status_code == 404
    assert client.get(step_url(demo, "opgave")).status_code == 404
    client.force_login(cast.lars())
    assert client.get(detail).status_code == 200
    assert client.get(step_url(demo, "opgave")).status_code == 404
    assert client.post(step_url(demo, "opgave"), task_data(demo)).status_code == 404
    client.force_login(cast.person("enexis", Role.OPSTELLER))
    assert client.get(step_url(demo, "tafels")).status_code == 200
    assert client.get(step_url(demo, "bestaat-niet")).status_code == 404


def test_saving_step_one_moves_on_and_the_next_editor_resumes(client):
    editor = cast.eva()
    agreement = factories.res_agreement()
    client.force_login(editor)
    response = client.post(step_url(agreement, "opgave"), {**task_data(agreement), "next": "1"})
    assert response.status_code == 302
    assert response.url == step_url(agreement, "partijen")
    agreement.refresh_from_db()
    assert agreement.task == "Grootschalige opwek"
    assert agreement.revision == 1
    client.force_login(cast.piet())
    html = client.get(step_url(agreement, "opgave")).content.decode()
    assert "Grootschalige opwek" in html
    assert 'name="revision" value="1"' in html


def test_previous_and_goto_save_before_moving(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    response = client.post(step_url(agreement, "waarden"), {"revision": 0, "previous": "1"})
    assert response.url == step_url(agreement, "escalatie")
    response = client.post(
        step_url(agreement, "opgave"), {**task_data(agreement, revision=0), "goto": "looptijd"}
    )
    assert response.url == step_url(agreement, "looptijd")
    agreement.refresh_from_db()
    assert agreement.revision == 2


def test_a_save_from_an_older_revision_keeps_the_other_editors_change(client):
    """The lost update of the issue, as the two editors see it."""
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    client.post(step_url(agreement, "opgave"), task_data(agreement, revision=0))
    client.post(
        step_url(agreement, "opgave"), task_data(agreement, revision=1, intended_result="Van Eva")
    )
    client.force_login(cast.piet())
    # Piet opened the step before Eva's second save, and changes another field.
    response = client.post(
        step_url(agreement, "opgave"),
        task_data(agreement, revision=1, task="Van Piet"),
        follow=True,
    )
    html = response.content.decode()
    assert "Eva Jansen wijzigde intussen Beoogd resultaat; dat is bewaard." in html
    assert "Van Eva</textarea>" in html and "Van Piet</textarea>" in html
    agreement.refresh_from_db()
    assert (agreement.task, agreement.intended_result) == ("Van Piet", "Van Eva")
    # He saves again from the page he was sent to: Eva's change stays.
    client.post(
        step_url(agreement, "opgave"),
        task_data(agreement, revision=3, task="Opnieuw", intended_result="Van Eva"),
    )
    agreement.refresh_from_db()
    assert (agreement.task, agreement.intended_result) == ("Opnieuw", "Van Eva")


def test_the_same_field_shows_both_values_and_keeps_the_input(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    client.post(step_url(agreement, "opgave"), task_data(agreement, revision=0, why=""))
    client.post(
        step_url(agreement, "opgave"),
        task_data(agreement, revision=1, task="Tekst van Eva", why=""),
    )
    client.force_login(cast.piet())
    response = client.post(
        step_url(agreement, "opgave"),
        task_data(agreement, revision=1, task="Tekst van Piet", why="Waarom van Piet"),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders wijzigde intussen hetzelfde veld als jij." in html
    conflict = html[html.index('id="conflict"') : html.index('id="step-form"')]
    assert "<legend" in conflict and ">Opgave</legend>" in conflict
    assert "Waarde van Eva Jansen" in conflict
    assert "Tekst van Eva" in conflict and "Tekst van Piet" in conflict
    assert "task.task" not in html and "keuze:-:-:task" in conflict
    assert "Tekst van Piet</textarea>" in html  # his input is still there
    assert "Waarom van Piet</textarea>" in html
    assert 'name="revision" value="2"' in html
    agreement.refresh_from_db()
    assert (agreement.task, agreement.why) == ("Tekst van Eva", "")
    # He takes Eva's text: his other field is saved, her text stays.
    client.post(
        step_url(agreement, "opgave"),
        task_data(
            agreement,
            revision=2,
            task="Tekst van Piet",
            why="Waarom van Piet",
            **{"keuze:-:-:task": "theirs"},
        ),
    )
    agreement.refresh_from_db()
    assert (agreement.task, agreement.why) == ("Tekst van Eva", "Waarom van Piet")


def test_end_date_before_start_is_refused_and_input_kept(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    response = client.post(
        step_url(agreement, "looptijd"),
        {
            "revision": 0,
            "start_date": "2027-01-01",
            "end_date": "2026-01-01",
            "amendment": "Schriftelijk",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De einddatum ligt vóór de ingangsdatum." in html
    assert 'value="2027-01-01"' in html
    assert "Schriftelijk</textarea>" in html
    agreement.refresh_from_db()
    assert agreement.start_date is None
    assert agreement.revision == 0


def test_end_date_and_indefinite_exclude_each_other(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    response = client.post(
        step_url(agreement, "looptijd"),
        {"revision": 0, "end_date": "2030-01-01", "indefinite": "on"},
    )
    assert "Kies een einddatum óf onbepaalde tijd" in response.content.decode()


def test_indefinite_without_termination_is_shown_as_an_open_point(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    client.post(step_url(agreement, "looptijd"), {"revision": 0, "indefinite": "on"})
    html = client.get(step_url(agreement, "looptijd")).content.decode()
    assert "Bij onbepaalde tijd is een opzeggingsregeling verplicht." in html
    assert 'href="#id_termination"' in html


def test_add_a_party_by_search(client):
    agreement = factories.res_agreement()
    enexis = cast.enexis()
    client.force_login(cast.eva())
    html = client.get(step_url(agreement, "partijen"), {"zoek": "enex"}).content.decode()
    assert "Voeg Enexis Netbeheer toe" in html
    fragment = client.get(
        step_url(agreement, "partijen"), {"zoek": "enex", "fragment": "resultaten"}
    ).content.decode()
    assert "<html" not in fragment
    assert "Voeg Enexis Netbeheer toe" in fragment
    add = reverse("agreement_add_party", args=[agreement.pk])
    response = client.post(add, {"revision": 0, "organisation": enexis.pk}, follow=True)
    assert "Enexis Netbeheer is toegevoegd als partij." in response.content.decode()
    assert agreement.parties.count() == 3
    response = client.post(add, {"revision": 1, "organisation": enexis.pk}, follow=True)
    assert "Enexis Netbeheer is al partij." in response.content.decode()
    response = client.post(add, {"revision": 1, "organisation": "geen-uuid"}, follow=True)
    assert "Kies een organisatie uit de zoekresultaten." in response.content.decode()


def test_party_details_and_removal(client):
    agreement = factories.res_agreement()
    parties = list(agreement.parties.order_by("position"))
    client.force_login(cast.eva())
    data = {"revision": 0, **management("parties", 2, 2)}
    for index, party in enumerate(parties):
        data[f"parties-{index}-id"] = party.pk
        data[f"parties-{index}-civil_contact"] = f"contact {index}"
        data[f"parties-{index}-political_representative"] = f"wethouder {index}"
    data["parties-1-DELETE"] = "on"
    assert client.post(step_url(agreement, "partijen"), data).status_code == 302
    assert list(agreement.parties.values_list("civil_contact", flat=True)) == ["contact 0"]
    data = {"revision": 1, **management("parties", 1, 1), "parties-0-id": parties[0].pk}
    data["parties-0-DELETE"] = "on"
    response = client.post(step_url(agreement, "partijen"), data)
    assert "Een afspraak houdt minstens één partij." in response.content.decode()
    assert agreement.parties.count() == 1


def test_raci_matrix_saves_one_letter_per_cell(client):
    agreement = factories.res_agreement()
    bernheze, brabant = agreement.parties.order_by("position")
    client.force_login(cast.eva())
    data = {
        "revision": 0,
        **management("packages", 1, 0),
        "packages-0-name": "Zoekgebieden",
        "packages-0-description": "",
        f"packages-0-raci_{bernheze.pk}": "A",
        f"packages-0-raci_{brabant.pk}": "R",
        "packages-0-ORDER": "1",
    }
    assert client.post(step_url(agreement, "eigenaarschap"), data).status_code == 302
    cells = {(c.party_id, c.letter) for c in RaciCell.objects.all()}
    assert cells == {(bernheze.pk, "A"), (brabant.pk, "R")}
    html = client.get(step_url(agreement, "eigenaarschap")).content.decode()
    assert "Zoekgebieden" in html
    assert "precies één partij is eindverantwoordelijk" not in html


def test_model_ladder_and_reordering(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    client.post(reverse("agreement_model_ladder", args=[agreement.pk]), {"revision": 0})
    steps = list(agreement.escalation_steps.order_by("position"))
    assert len(steps) == 4
    assert steps[-1].deadlock_resolution == "onafhankelijk_voorzitter"
    data = {"revision": 1, **management("escalation", 4, 4)}
    for index, step in enumerate(steps):
        data.update(
            {
                f"escalation-{index}-id": step.pk,
                f"escalation-{index}-trigger": step.trigger,
                f"escalation-{index}-handler": step.handler,
                f"escalation-{index}-deadline_days": step.deadline_days,
                f"escalation-{index}-deadlock_resolution": step.deadlock_resolution,
                f"escalation-{index}-ORDER": str(4 - index),
            }
        )
    assert client.post(step_url(agreement, "escalatie"), data).status_code == 302
    reordered = list(agreement.escalation_steps.order_by("position"))
    assert [s.pk for s in reordered] == [s.pk for s in reversed(steps)]
    data["escalation-0-ORDER"] = data["escalation-1-ORDER"]
    data["revision"] = 2
    response = client.post(step_url(agreement, "escalatie"), data)
    assert "Twee treden hebben hetzelfde volgnummer" in response.content.decode()
    data["escalation-0-ORDER"] = "4"
    data["escalation-0-deadline_days"] = "0"
    response = client.post(step_url(agreement, "escalatie"), data)
    assert "Een termijn is minstens één werkdag." in response.content.decode()


def test_table_chair_is_a_party_or_independent_not_both(client):
    agreement = factories.res_agreement()
    bernheze = agreement.parties.order_by("position").first()
    client.force_login(cast.eva())
    data = {
        "revision": 0,
        **management("tables", 1, 0),
        **management("mandates", 0, 0),
        **management("council", 0, 0),
        "tables-0-name": "Stuurgroep",
        "tables-0-chair": bernheze.pk,
        "tables-0-independent_chair": "Mr. X",
    }
    response = client.post(step_url(agreement, "tafels"), data)
    assert "niet allebei" in response.content.decode()
    assert 'value="Stuurgroep"' in response.content.decode()


def test_values_step_stores_all_five(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    data = {"revision": 0, "relationship": "Ambtelijk blijven we praten"}
    for value in ["transparantie", "rechtmatigheid", "rechtsgelijkheid", "gelijke_behandeling"]:
        data[f"value_{value}"] = f"borging {value}"
    client.post(step_url(agreement, "waarden"), data)
    assert agreement.values.count() == 5
    html = client.get(step_url(agreement, "waarden")).content.decode()
    assert "Democratische legitimiteit: hoe borgen de partijen deze kernwaarde?" in html


def test_check_step_lists_every_element_met_or_missing(client, demo):
    client.force_login(cast.eva())
    html = client.get(step_url(demo, "controle")).content.decode()
    assert "Alles wat verplicht is, staat erin." in html
    assert html.count("checklist__item--met") >= 40
    demo.why = ""
    demo.save()
    html = client.get(step_url(demo, "controle")).content.decode()
    assert "Er ontbreekt nog 1 verplicht onderdeel." in html
    assert re.search(r'href="/afspraken/[^"]+/stappen/opgave/#id_why"', html)


def test_new_agreement_from_a_template(client):
    client.force_login(cast.eva())
    template = AgreementTemplate.objects.get(slug="wijkaanpak-warmte")
    response = client.post(
        reverse("agreement_new"),
        {"title": "Warmte in Heesch", "organisation": cast.bernheze().pk, "template": template.pk},
    )
    agreement = Agreement.objects.get(title="Warmte in Heesch")
    assert response.url == step_url(agreement, "opgave")
    assert agreement.tables.count() == len(template.content["tables"])
    response = client.post(reverse("agreement_new"), {"title": "", "organisation": "x"})
    assert "Dit veld is verplicht" in response.content.decode()


def test_readers_cannot_start_agreements(client):
    client.force_login(cast.lars())
    assert client.get(reverse("agreement_new")).status_code == 404
    assert Organisation.objects.exists()


def test_agreement_list_shows_only_own_agreements(client, demo):
    client.force_login(cast.olaf())
    assert demo.title not in client.get(reverse("agreement_list")).content.decode()
    client.force_login(cast.person("oss", Role.LEZER))
    assert demo.title in client.get(reverse("agreement_list")).content.decode()


def test_draft_fields_are_not_labelled_optional(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    html = client.get(step_url(agreement, "opgave")).content.decode()
    assert "niet verplicht" not in html


def test_model_ladder_is_not_added_twice(client):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    url = reverse("agreement_model_ladder", args=[agreement.pk])
    client.post(url, {"revision": 0})
    response = client.post(url, {"revision": 1}, follow=True)
    assert "Er is al een escalatieladder" in response.content.decode()
    assert agreement.escalation_steps.count() == 4


def test_dissolved_or_unknown_organisations_cannot_be_added(client):
    import uuid
    from datetime import date

    agreement = factories.res_agreement()
    gone = factories.OrganisationFactory(name="Boekel", end_date=date(2026, 1, 1))
    client.force_login(cast.eva())
    add = reverse("agreement_add_party", args=[agreement.pk])
    for organisation in [gone.pk, uuid.uuid4()]:
        response = client.post(add, {"revision": 0, "organisation": organisation}, follow=True)
        assert "Kies een organisatie uit de zoekresultaten." in response.content.decode()
    assert agreement.parties.count() == 2


def test_a_huge_form_count_is_refused_not_built(client, django_assert_max_num_queries):
    agreement = factories.res_agreement()
    client.force_login(cast.eva())
    data = {"revision": 0, **management("packages", 1_000_000, 0)}
    response = client.post(step_url(agreement, "eigenaarschap"), data)
    assert response.status_code == 200
    # At most ROWS_MAX (100) rows are built and shown, not Django's default 2000.
    assert len(response.content) < 1_000_000
    agreement.refresh_from_db()
    assert agreement.revision == 0
