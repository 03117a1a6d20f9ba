"""The completeness check, rule by rule, against the demo agreement as a complete baseline."""

import copy

import pytest

from agreements.document.build import build_document, load_agreement
from agreements.document.checklist import checklist
from agreements.document.completeness import REQUIRED, check_document, is_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(demo):
    return build_document(load_agreement(demo.pk))


def elements(document, severity=REQUIRED):
    return {(f.step, f.element) for f in check_document(document) if f.severity == severity}


def test_the_demo_agreement_is_complete(complete):
    assert check_document(complete) == []
    assert is_complete(check_document(complete))
    assert all(item.met for item in checklist([]))


def test_two_parties_are_required(complete):
    document = copy.deepcopy(complete)
    document["parties"] = document["parties"][:1]
    assert ("partijen", "parties") in elements(document)
    assert not is_complete(check_document(document))


def test_each_raci_row_has_exactly_one_accountable(complete):
    document = copy.deepcopy(complete)
    row = document["ownership"]["work_packages"][0]["raci"]
    keys = list(row)
    for key in keys:
        row[key] = "R"
    row[keys[0]] = "A"
    row[keys[1]] = "A"
    findings = [f for f in check_document(document) if f.element == "raci_accountable"]
    assert len(findings) == 1
    assert "precies één partij is eindverantwoordelijk (A), nu 2" in findings[0].message
    assert findings[0].anchor == "work-package-0"
    for key in keys:
        if row[key] == "A":
            row[key] = "C"
    assert "nu 0" in next(
        f.message for f in check_document(document) if f.element == "raci_accountable"
    )


def test_each_raci_row_needs_a_responsible(complete):
    document = copy.deepcopy(complete)
    row = document["ownership"]["work_packages"][1]["raci"]
    for key, letter in row.items():
        if letter == "R":
            row[key] = "I"
    assert ("eigenaarschap", "raci_responsible") in elements(document)


def test_a_party_missing_from_the_matrix_is_a_warning(complete):
    document = copy.deepcopy(complete)
    missing = document["parties"][0]["key"]
    for package in document["ownership"]["work_packages"]:
        package["raci"].pop(missing, None)
    assert ("eigenaarschap", "raci_coverage") in elements(document, "advice")
    assert is_complete(check_document(document))


def test_escalation_ladder_needs_two_steps_deadlines_and_a_deadlock_ending(complete):
    document = copy.deepcopy(complete)
    document["escalation"] = document["escalation"][:1]
    assert ("escalatie", "escalation_steps") in elements(document)
    document = copy.deepcopy(complete)
    document["escalation"][1]["deadline_days"] = None
    assert ("escalatie", "escalation_deadlines") in elements(document)
    document = copy.deepcopy(complete)
    document["escalation"][-1]["deadlock_resolution"] = ""
    assert ("escalatie", "deadlock") in elements(document)
    document = copy.deepcopy(complete)
    document["escalation"][0]["deadlock_resolution"] = "rechter"
    assert ("escalatie", "deadlock_last_only") in elements(document, "advice")


def test_indefinite_term_needs_a_termination_clause(complete):
    document = copy.deepcopy(complete)
    document["term"].update(end_date=None, indefinite=True, termination="")
    findings = [f for f in check_document(document) if f.element == "termination"]
    assert findings[0].severity == REQUIRED
    assert findings[0].message == "Bij onbepaalde tijd is een opzeggingsregeling verplicht."
    assert findings[0].reference == "A20.2"
    document["term"]["termination"] = "Opzegging met zes maanden termijn."
    assert ("looptijd", "termination") not in elements(document)


def test_end_date_or_indefinite_is_required(complete):
    document = copy.deepcopy(complete)
    document["term"].update(end_date=None, indefinite=False)
    assert ("looptijd", "end_date") in elements(document)


def test_tables_need_decisions_level_and_chair(complete):
    document = copy.deepcopy(complete)
    table = document["governance"]["tables"][0]
    table.update(decides="", level="", chair=None, independent_chair="")
    assert {
        ("tafels", "table_decides"),
        ("tafels", "table_level"),
        ("tafels", "table_chair"),
    } <= elements(document)


def test_mandates_need_a_basis_and_councils_a_say(complete):
    document = copy.deepcopy(complete)
    document["governance"]["mandates"][0]["basis"] = ""
    document["governance"]["council_control"] = {}
    found = elements(document)
    assert ("tafels", "mandate_basis") in found
    assert ("tafels", "council_control") in found


def test_all_five_core_values_need_a_safeguard(complete):
    document = copy.deepcopy(complete)
    document["values"]["core_values"]["transparantie"] = " "
    findings = [f for f in check_document(document) if f.element == "core_values"]
    assert [f.anchor for f in findings] == ["id_value_transparantie"]


def test_rule_set_changes_what_is_required(complete):
    document = copy.deepcopy(complete)
    document["term"]["publication"] = ""
    document["task"]["rule_set"] = "aanwijzingen"
    assert ("looptijd", "publication") in elements(document)
    document["task"]["rule_set"] = "handreiking"
    assert ("looptijd", "publication") in elements(document, "advice")


def test_not_public_needs_a_ground(complete):
    document = copy.deepcopy(complete)
    document["term"].update(publication="niet_openbaar", non_publication_ground="")
    assert ("looptijd", "non_publication_ground") in elements(document)


def test_checklist_lists_every_element_met_or_missing(complete):
    document = copy.deepcopy(complete)
    document["task"]["why"] = ""
    items = checklist(check_document(document))
    by_element = {item.element: item for item in items}
    assert not by_element["why"].met
    assert by_element["why"].required
    assert by_element["title"].met
    assert {item.step for item in items} == {
        "opgave",
        "partijen",
        "eigenaarschap",
        "tafels",
        "escalatie",
        "waarden",
        "looptijd",
    }
