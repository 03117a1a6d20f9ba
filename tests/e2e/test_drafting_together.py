"""Two editors on one draft at the same time, in two browsers: nothing either typed is lost."""

import pytest
from playwright.sync_api import expect

from accounts.models import AuditAction, AuditEvent
from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def save(page) -> None:
    follow(page.get_by_role("button", name="Opslaan", exact=True))


def test_two_editors_merge_choose_and_never_collide_across_steps(browser, live_server):
    seed_demo()
    agreement = Agreement.objects.get()
    saves_before = AuditEvent.objects.filter(action=AuditAction.STEP_SAVED).count()
    task_url = f"/afspraken/{agreement.pk}/stappen/opgave/"
    term_url = f"/afspraken/{agreement.pk}/stappen/looptijd/"
    contexts = [browser.new_context(base_url=live_server.url, locale="nl-NL") for _ in range(2)]
    try:
        eva, piet = (context.new_page() for context in contexts)
        log_in(eva, cast.eva().email, DEMO_PASSWORD)
        log_in(piet, cast.piet().email, DEMO_PASSWORD)

        # 1. Different fields of one step: both kept, no conflict.
        eva.goto(task_url)
        piet.goto(task_url)
        eva.locator("#id_intended_result").fill("Twee windparken en een zonneveld in 2030")
        save(eva)
        piet.locator("#id_task").fill("Samen 1,5 TWh duurzame opwek realiseren")
        save(piet)
        expect(piet.locator("#conflict")).to_have_count(0)
        expect(piet.get_by_text("Eva Jansen wijzigde intussen Beoogd resultaat")).to_be_visible()
        expect(piet.locator("#id_intended_result")).to_have_value(
            "Twee windparken en een zonneveld in 2030"
        )
        agreement.refresh_from_db()
        assert agreement.intended_result == "Twee windparken en een zonneveld in 2030"
        assert agreement.task == "Samen 1,5 TWh duurzame opwek realiseren"

        # 2. The same field: a conflict with both values; Piet takes Eva's, keeps his other change.
        eva.goto(task_url)
        piet.goto(task_url)
        eva.locator("#id_why").fill("Geen partij kan dit alleen; Eva")
        save(eva)
        piet.locator("#id_why").fill("Het net is vol; Piet")
        piet.locator("#id_intended_result").fill("Drie windparken in 2030")
        save(piet)
        conflict = piet.locator("#conflict")
        expect(conflict).to_be_visible()
        expect(conflict.locator("legend")).to_have_text("Waarom samenwerken")
        expect(conflict).to_contain_text("Waarde van Eva Jansen")
        expect(conflict.locator(".conflict__theirs")).to_have_text(
            "Geen partij kan dit alleen; Eva"
        )
        expect(conflict.locator(".conflict__mine")).to_have_text("Het net is vol; Piet")
        expect(piet.locator("#id_intended_result")).to_have_value("Drie windparken in 2030")
        assert axe_violations(piet) == [], "the conflict"
        agreement.refresh_from_db()
        assert agreement.why == "Geen partij kan dit alleen; Eva"  # nothing written yet
        assert agreement.intended_result == "Twee windparken en een zonneveld in 2030"
        conflict.get_by_label("Hun waarde overnemen").check()
        save(piet)
        expect(piet.locator("#conflict")).to_have_count(0)
        agreement.refresh_from_db()
        assert agreement.why == "Geen partij kan dit alleen; Eva"
        assert agreement.intended_result == "Drie windparken in 2030"
        assert agreement.task == "Samen 1,5 TWh duurzame opwek realiseren"

        # 3. Different steps: no conflict.
        eva.goto(task_url)
        piet.goto(term_url)
        eva.locator("#id_title").fill("Spelregels RES Noordoost-Brabant 2027–2030")
        save(eva)
        piet.locator("#id_evaluation_by").fill("De stuurgroep, met een externe evaluator")
        save(piet)
        expect(piet.locator("#conflict")).to_have_count(0)
        agreement.refresh_from_db()
        assert agreement.title == "Spelregels RES Noordoost-Brabant 2027–2030"
        assert agreement.evaluation_by == "De stuurgroep, met een externe evaluator"

        # Each written save is in the audit trail once; the refused one is not.
        assert AuditEvent.objects.filter(action=AuditAction.STEP_SAVED).count() == saves_before + 6
    finally:
        for context in contexts:
            context.close()


def test_rows_are_added_on_the_page_and_saved_together(page, live_server):
    """Four mandates in one save: the rows are added on the page, nothing typed is lost."""
    seed_demo()
    agreement = Agreement.objects.get()
    before = agreement.mandates.count()
    log_in(page, cast.eva().email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/afspraken/{agreement.pk}/stappen/tafels/")
    add = page.get_by_role("button", name="Nog een mandaat")
    total = page.locator("#id_mandates-TOTAL_FORMS")
    first_new = int(total.input_value()) - 1  # the empty row the page starts with
    for _ in range(3):
        add.click()
    assert int(total.input_value()) == first_new + 4
    for offset in range(4):
        index = first_new + offset
        page.locator(f"#id_mandates-{index}-party").select_option(index=1)
        page.locator(f"#id_mandates-{index}-function").fill(f"Functie {offset + 1}")
        page.locator(f"#id_mandates-{index}-subject").fill(f"Onderwerp {offset + 1}")
    expect(page.locator(f"#id_mandates-{first_new}-function")).to_have_value("Functie 1")
    follow(page.get_by_role("button", name="Opslaan", exact=True))
    expect(page.locator("#conflict")).to_have_count(0)
    assert agreement.mandates.count() == before + 4
    assert sorted(
        agreement.mandates.filter(function__startswith="Functie ").values_list("subject", flat=True)
    ) == [f"Onderwerp {n}" for n in range(1, 5)]
