"""The diagrams: governance map, escalation ladder and RACI matrix, drawn from the document."""

import copy
import random
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Role
from agreements.document.build import build_document, load_agreement
from agreements.document.completeness import check_document
from agreements.document.diagrams.governance import governance_map
from agreements.document.diagrams.ladder import escalation_ladder
from agreements.document.diagrams.raci import raci_matrix
from agreements.document.diagrams.structure import compare_structure, structure
from agreements.document.diff import structure_changes
from agreements.printing.render import render_agreement_pdf
from agreements.versions import adoption as versioning
from tests.support import cast
from tests.support.pdf import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.demo(history=True)]

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(drawing) -> ET.Element:
    """The drawing as the page and the PDF get it, parsed as XML (so it must be well-formed)."""
    svg = render_to_string("agreements/diagrams/drawing.svg.html", {"drawing": drawing})
    root = ET.fromstring(svg)  # noqa: S314 -- our own template's output, not outside input
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {drawing.width} {drawing.height}"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == root.get("aria-labelledby")
    assert root.find(f"{SVG}desc").get("id") == root.get("aria-describedby")
    return root


def all_text(root: ET.Element) -> str:
    return " ".join(" ".join(element.itertext()) for element in root.iter())


def visible_text(root: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_every_diagram_of_the_demo_is_well_formed_and_names_everything(demo):
    for document in (
        demo.versions.get(number=1).document,
        demo.versions.get(number=2).document,
        build_document(load_agreement(demo.pk)),
    ):
        drawings = structure(document)
        governance = all_text(svg_of(drawings.governance.drawing))
        for table in document["governance"]["tables"]:
            assert table["name"] in governance
            assert table["decides"] in governance
        for party in document["parties"]:
            assert party["organisation"]["official_name"] in governance
        for mandate in document["governance"]["mandates"]:
            assert mandate["subject"] in governance
        ladder = all_text(svg_of(drawings.ladder.drawing))
        for number, step in enumerate(document["escalation"], start=1):
            for text in (governance, ladder):
                assert f"Trede {number}" in text
                assert step["handler"] in text
            assert step["trigger"] in ladder
        raci = all_text(svg_of(drawings.raci.drawing))
        for package in document["ownership"]["work_packages"]:
            assert package["name"] in raci
        for party in document["parties"]:
            assert party["organisation"]["official_name"] in raci


def test_the_ladder_adds_up_the_working_days(demo):
    document = demo.versions.get(number=2).document
    ladder = escalation_ladder(document)
    assert [step.deadline_days for step in ladder.steps] == [10, 15, 20, 30]
    assert [step.until_day for step in ladder.steps] == [10, 25, 45, 75]
    assert ladder.days_before_last == 45
    assert ladder.total_days == 75
    assert "45 werkdagen" in ladder.summary and "75 werkdagen" in ladder.summary
    texts = visible_text(svg_of(ladder.drawing))
    assert {"0", "10", "25", "45", "75", "10 werkdagen", "30 werkdagen"} <= set(texts)

    document["escalation"][1]["deadline_days"] = None
    ladder = escalation_ladder(document)
    assert ladder.total_days is None and ladder.days_before_last is None
    assert [step.until_day for step in ladder.steps] == [10, None, None, None]
    assert "?" in visible_text(svg_of(ladder.drawing))
    assert "Niet elke trede heeft een termijn" in ladder.summary

    document["escalation"] = []
    assert escalation_ladder(document).drawing is None


def raci_marks(document) -> set[tuple]:
    """The problems the RACI matrix marks, as (kind, where)."""
    matrix = raci_matrix(document)
    marks = set()
    for index, row in enumerate(matrix.rows):
        if row.accountable_problem is not None:
            marks.add(("raci_accountable", f"work-package-{index}", row.accountable_problem))
        if row.no_responsible:
            marks.add(("raci_responsible", f"work-package-{index}"))
    marks.update(("raci_coverage", party.name) for party in matrix.without_role)
    return marks


def check_marks(document) -> set[tuple]:
    """The same problems, as the builder's check reports them."""
    marks = set()
    names = {p["organisation"]["official_name"] for p in document["parties"]}
    packages = {
        f"work-package-{i}": package
        for i, package in enumerate(document["ownership"]["work_packages"])
    }
    for finding in check_document(document):
        if finding.element == "raci_accountable":
            letters = packages[finding.anchor]["raci"]
            count = [v for k, v in letters.items() if k in {p["key"] for p in document["parties"]}]
            marks.add((finding.element, finding.anchor, count.count("A")))
        elif finding.element == "raci_responsible":
            marks.add((finding.element, finding.anchor))
        elif finding.element == "raci_coverage":
            marks.add(
                (finding.element, next(n for n in names if finding.message.startswith(n + " komt")))
            )
    return marks


def test_raci_marks_are_the_checks_findings(demo):
    """The matrix marks exactly what the builder's check finds, on any matrix."""
    base = demo.versions.get(number=2).document
    assert raci_marks(base) == check_marks(base) == set()
    keys = [party["key"] for party in base["parties"]]
    generator = random.Random(9)
    for _ in range(60):
        document = copy.deepcopy(base)
        for package in document["ownership"]["work_packages"]:
            package["raci"] = {
                key: letter
                for key in keys
                if (letter := generator.choice(["A", "R", "C", "I", "", "", "", "A"]))
            }
        if generator.random() < 0.2:
            document["ownership"]["work_packages"] = []
        if document["ownership"]["work_packages"] and generator.random() < 0.3:
            # A key that is no (longer a) party counts for nothing.
            document["ownership"]["work_packages"][0]["raci"]["geen-partij"] = "A"
        assert raci_marks(document) == check_marks(document)


def test_raci_problems_are_marked_in_place_and_in_words(demo):
    document = demo.versions.get(number=2).document
    bernheze, denbosch, oss = (document["parties"][i]["key"] for i in (2, 3, 4))
    meierijstad = document["parties"][-1]
    packages = document["ownership"]["work_packages"]
    packages[0]["raci"][denbosch] = "A"  # two A's
    packages[1]["raci"] = {bernheze: "C", oss: "I"}  # no A, no R
    for package in packages:
        package["raci"].pop(meierijstad["key"], None)  # a party without any role
    matrix = raci_matrix(document)
    assert [row.problems for row in matrix.rows] == [["2× A"], ["geen A", "geen R"], []]
    assert [party.key for party in matrix.without_role] == [meierijstad["key"]]
    texts = visible_text(svg_of(matrix.drawing))
    assert {"! 2× A", "! geen A", "! geen R", "! geen", "rol"} <= set(texts)
    # Every letter is printed, so the roles do not depend on colour.
    assert texts.count("A") == sum(list(p["raci"].values()).count("A") for p in packages) + 1
    html = render_to_string("agreements/diagrams/_raci_text.html", {"raci": matrix})
    assert "Aandachtspunt: geen A, geen R" in html
    assert "Gemeente Meierijstad" in html


def test_user_text_stays_text_and_long_text_is_cut_but_kept_whole(demo):
    document = demo.versions.get(number=2).document
    evil = '<script>alert("x")</script></text><svg onload="x">'
    long_name = "Tafel " + "met een bijzonder lange naam " * 6 + "einde"
    document["governance"]["tables"][0]["name"] = evil
    document["governance"]["tables"][1]["name"] = long_name
    document["parties"][0]["organisation"]["official_name"] = "Partij & <b>Co</b>"
    document["escalation"][0]["handler"] = evil
    for drawing in structure(document).__dict__.values():
        svg = render_to_string("agreements/diagrams/drawing.svg.html", {"drawing": drawing.drawing})
        root = svg_of(drawing.drawing)
        assert "<script" not in svg and "onload" not in [a for e in root.iter() for a in e.attrib]
        assert {element.tag for element in root.iter()} <= {
            f"{SVG}{tag}" for tag in ("svg", "title", "desc", "g", "rect", "path", "text")
        }
    root = svg_of(governance_map(document).drawing)
    text = all_text(root)
    assert evil in text and long_name in text and "Partij & <b>Co</b>" in text
    cut = [line for line in visible_text(root) if line and line.rstrip("…") in long_name]
    assert len(cut) == 2 and cut[0].startswith("Tafel met") and cut[-1].endswith("…")


def test_an_empty_or_half_filled_draft_still_draws(demo):
    document = demo.versions.get(number=2).document
    empty = copy.deepcopy(document)
    empty["governance"] = {"tables": [], "mandates": [], "council_control": {}}
    empty["escalation"] = []
    empty["ownership"]["work_packages"] = []
    drawings = structure(empty)
    assert "Nog geen tafels." in visible_text(svg_of(drawings.governance.drawing))
    assert drawings.ladder.drawing is None and drawings.raci.drawing is None
    html = render_to_string("agreements/diagrams/_structure.html", {"structure": drawings})
    assert html.count("<svg") == 1

    half = copy.deepcopy(document)
    half["governance"]["tables"].append(
        {
            "name": "Nieuwe tafel",
            "level": "",
            "members": ["verdwenen-partij"],
            "chair": None,
            "independent_chair": "",
            "cadence": "",
            "decides": "",
        }
    )
    half["governance"]["mandates"][0]["party"] = None
    text = visible_text(svg_of(governance_map(half).drawing))
    assert {"Niveau onbekend", "onbekende partij", "Nieuwe tafel"} <= set(text)
    assert any(line.startswith("Mandaat zonder partij") for line in text)


def test_no_style_attribute_or_element_reaches_the_page(demo):
    for drawing in structure(demo.versions.get(number=2).document).__dict__.values():
        svg = render_to_string("agreements/diagrams/drawing.svg.html", {"drawing": drawing.drawing})
        assert " style=" not in svg and "<style" not in svg


def test_drawing_costs_no_queries(demo, django_assert_num_queries):
    one, two = (version.document for version in demo.versions.order_by("number"))
    with django_assert_num_queries(0):
        drawings = structure(two)
        comparison = compare_structure(one, two, numbers=(1, 2))
        render_to_string("agreements/diagrams/_structure.html", {"structure": drawings})
        render_to_string("agreements/diagrams/_compare.html", {"comparison": comparison})


def test_the_comparison_marks_added_and_removed_tables_members_and_mandates(demo):
    old = demo.versions.get(number=1).document
    new = copy.deepcopy(demo.versions.get(number=2).document)
    bzk = new["parties"][0]["key"]
    meierijstad = new["parties"][-1]["key"]
    new["governance"]["tables"].pop(2)  # Portefeuillehoudersoverleg energie
    new["governance"]["tables"].append(
        {
            "name": "Warmtetafel",
            "level": "ambtelijk",
            "members": [meierijstad],
            "chair": meierijstad,
            "independent_chair": "",
            "cadence": "",
            "decides": "De warmtestructuur.",
        }
    )
    new["governance"]["tables"][0]["members"].remove(bzk)
    new["governance"]["tables"][1]["members"].append(meierijstad)
    new["governance"]["mandates"].pop()  # Aa en Maas
    changes = structure_changes(old, new)
    assert changes.tables_added == {"Warmtetafel"}
    assert changes.tables_removed == {"Portefeuillehoudersoverleg energie"}
    assert changes.members_removed == {("Stuurgroep RES Noordoost-Brabant", bzk)}
    assert changes.members_added == {("Ambtelijk kernteam", meierijstad)}
    assert changes.parties_added == {meierijstad}
    assert len(changes.mandates_removed) == len(changes.mandates_changed) == 1

    comparison = compare_structure(old, new, numbers=(1, 2))
    old_text = visible_text(svg_of(comparison.old.drawing))
    new_text = visible_text(svg_of(comparison.new.drawing))
    assert "− tafel vervalt" in old_text and "+ tafel nieuw" in new_text
    assert "− Binnenlandse Zaken en…" in [
        line[: len("− Binnenlandse Zaken en…")] for line in old_text
    ]
    assert "+ Meierijstad" in new_text
    assert any(line.startswith("− vervalt — Mandaat") for line in old_text)
    assert any(line.startswith("± gewijzigd — Mandaat") for line in new_text)
    # The old map marks nothing as new, the new map nothing as gone.
    assert not any(line.startswith("+") for line in old_text)
    assert not any(line.startswith("−") for line in new_text)
    html = render_to_string("agreements/diagrams/_compare.html", {"comparison": comparison})
    for expected in (
        "Tafel: Warmtetafel",
        "Tafel: Portefeuillehoudersoverleg energie",
        "Deelnemer aan Ambtelijk kernteam: Gemeente Meierijstad",
        "Deelnemer aan Stuurgroep RES Noordoost-Brabant: Ministerie van Binnenlandse Zaken",
        "Mandaat van Waterschap Aa en Maas",
        "(+ nieuw)",
        "(− vervalt)",
    ):
        assert expected in html


def test_the_pages_show_the_diagrams_with_their_text(client, demo, django_assert_max_num_queries):
    client.force_login(cast.person("oss", Role.LEZER))
    detail = reverse("agreement_detail", args=[demo.pk])
    version = reverse("version_detail", args=[demo.pk, 2])
    compare_url = reverse("version_compare", args=[demo.pk]) + "?van=1&naar=2"
    for url in (detail, version, compare_url):
        client.get(url)  # warm up: session, content types, the detail page's cache
    # Bounds as before the diagrams: drawing reads only the document the page already has.
    # The comparison reads the role options once more, to name roles rather than show codes.
    # The version page's 13: the signing order's quorum per party (2) and its failed PDFs (1).
    for url, most, svgs in ((detail, 3, 3), (version, 13, 3), (compare_url, 7, 2)):
        with django_assert_max_num_queries(most):
            html = client.get(url).content.decode()
        assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == svgs, url
        assert " style=" not in html and "<style" not in html
        assert '<dl class="data-list diagram-text">' in html
        assert "Stuurgroep RES Noordoost-Brabant" in html
    assert "Partij: Gemeente Meierijstad" in html
    assert "Mandaat van Gemeente Bernheze" in html


def test_the_detail_page_draws_the_draft_as_it_stands(client, demo):
    editor = cast.eva()
    versioning.open_amendment(agreement=demo, acting_user=editor)
    table = demo.tables.get(name="Ambtelijk kernteam")
    table.name = "Ambtelijk kernteam energie"
    table.save()
    demo.refresh_from_db()
    demo.revision += 1
    demo.save()
    client.force_login(editor)
    html = client.get(reverse("agreement_detail", args=[demo.pk])).content.decode()
    assert "Ambtelijk kernteam energie" in html.split('id="structuur-heading"')[1]
    version = client.get(reverse("version_detail", args=[demo.pk, 2])).content.decode()
    assert "Ambtelijk kernteam energie" not in version


def test_the_pdf_prints_the_diagrams(demo):
    html, pdf = render_agreement_pdf(demo.versions.get(number=2))
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    text = pdf_text(pdf)
    # The SVG's text is real text in the PDF: searchable, like the rest of the archive copy.
    assert "Escalatie ↑" in text
    assert "werkdagen vanaf de eerste melding" in text
    assert "Partijen en hun mandaten" in text
