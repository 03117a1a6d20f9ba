"""The demo registry (demo/registry/): some sixty agreements beside the demo agreement, in every
status, layer and theme, made through the domain functions, and shown by the registry and the
overview with as many queries as one agreement takes."""

from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Layer, Organisation
from accounts.reference import DEFAULT_PATH
from agreements.models import Agreement, Decision, Evaluation, PublishedVersion
from agreements.versions.status import Status, with_status
from demo.registry import AGREEMENTS
from demo.registry.seed import seed_registry
from demo.registry.specs import PARTNERS
from tests.agreements.registry.test_overview import MAX_QUERIES as OVERVIEW_QUERIES
from tests.support import cast
from tests.support.registry import titles

SPECS = {spec.key: spec for spec in AGREEMENTS}
# The registry page: the session with its person, the user's organisations, count, page,
# parties; with a party filter, the organisations it names (tests/agreements/registry).
REGISTRY_QUERIES = 5
PARTY_FILTER_QUERIES = 6


def reference_layers() -> dict[str, str]:
    rows = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()[1:]
    return {row.split(",")[1]: row.split(",")[0] for row in rows}


def layer_of(ref: str, layers: dict[str, str]) -> str:
    return Layer.PARTNER if ref in PARTNERS else layers[ref]


# --- The data, as written ----------------------------------------------------------------------


def test_the_corpus_is_sixty_distinct_agreements_in_every_status_and_theme():
    assert len(AGREEMENTS) >= 60
    assert len(SPECS) == len(AGREEMENTS)
    assert len({spec.title for spec in AGREEMENTS}) == len(AGREEMENTS)
    assert set(Counter(spec.status for spec in AGREEMENTS)) == set(Status)
    assert min(Counter(spec.status for spec in AGREEMENTS).values()) >= 8
    assert len({spec.theme for spec in AGREEMENTS}) >= 6


def test_the_parties_span_every_layer_and_many_provinces():
    layers = reference_layers()
    assert all(ref in layers or ref in PARTNERS for spec in AGREEMENTS for ref in spec.parties)
    seen = {layer_of(ref, layers) for spec in AGREEMENTS for ref in spec.parties}
    assert seen == set(Layer)
    provinces = {ref for spec in AGREEMENTS for ref in spec.parties if ref.startswith("PV")}
    assert len(provinces) >= 8
    kinds = {PARTNERS[ref].kind for spec in AGREEMENTS for ref in spec.parties if ref in PARTNERS}
    assert len(kinds) >= 6


def test_every_status_after_concept_has_decisions_and_evaluations_somewhere():
    with_decisions = {spec.status for spec in AGREEMENTS if spec.decisions}
    with_evaluations = {spec.status for spec in AGREEMENTS if spec.evaluations}
    assert with_decisions == set(Status)
    # An evaluation looks back on an agreement that has run, or was about to.
    assert with_evaluations >= {Status.IN_WERKING, Status.VERLOPEN, Status.BEEINDIGD}


def test_each_mandate_is_of_a_party_and_each_termination_of_a_terminated_agreement():
    for spec in AGREEMENTS:
        assert len(spec.parties) >= 2, spec.key
        assert len(set(spec.parties)) == len(spec.parties), spec.key
        assert spec.mandates, spec.key
        assert {mandate.party for mandate in spec.mandates} <= set(spec.parties), spec.key
        assert (spec.terminated is not None) == (spec.status == Status.BEEINDIGD), spec.key


# --- The seeded corpus ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
def test_every_agreement_has_the_status_of_its_spec_today(demo, registry_corpus):
    assert set(registry_corpus) == set(SPECS)
    corpus = Agreement.objects.filter(pk__in=registry_corpus.values())
    statuses = dict(with_status(corpus, timezone.localdate()).values_list("pk", "status"))
    for key, pk in registry_corpus.items():
        assert statuses[pk] == SPECS[key].status, key


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
def test_decisions_evaluations_publications_and_the_audit_trail_are_the_domains(
    demo, registry_corpus
):
    ids = registry_corpus.values()
    decisions = Counter(
        Decision.objects.filter(agreement__in=ids).values_list("agreement", flat=True)
    )
    evaluations = Counter(
        Evaluation.objects.filter(agreement__in=ids).values_list("agreement", flat=True)
    )
    published = set(
        PublishedVersion.objects.filter(agreement__in=ids).values_list("agreement", flat=True)
    )
    events = defaultdict(set)
    audited = AuditEvent.objects.filter(object_id__in=[str(pk) for pk in ids])
    for target, action in audited.values_list("object_id", "action"):
        events[target].add(action)
    for key, pk in registry_corpus.items():
        spec = SPECS[key]
        assert decisions[pk] == len(spec.decisions), key
        assert evaluations[pk] == len(spec.evaluations), key
        signed = spec.status in {
            Status.ONDERTEKEND,
            Status.IN_WERKING,
            Status.VERLOPEN,
            Status.BEEINDIGD,
        }
        assert (pk in published) == (signed and spec.public), key
        assert "agreement.imported" in events[str(pk)], key
        if spec.status != Status.CONCEPT:
            assert "version.adopted" in events[str(pk)], key


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
def test_seeding_again_adds_nothing(demo, registry_corpus):
    before = Agreement.objects.count()
    assert seed_registry() == 0
    assert Agreement.objects.count() == before == len(AGREEMENTS) + 1


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
def test_partners_keep_their_abbreviations_and_the_cast_is_who_it_was(demo, registry_corpus):
    assert Organisation.objects.get(official_name="Omgevingsdienst Brabant Noord").abbreviation
    # The cast's partners are the cast's, not copies of them.
    assert Organisation.objects.filter(official_name="Enexis Netbeheer").count() == 1
    enexis = cast.enexis()
    assert enexis.agreement_parties.count() == 1 + sum(
        "enexis" in spec.parties for spec in AGREEMENTS
    )


# --- What the registry and the overview show -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "verlopen"},
        {"organisatie": "Enexis"},
        {"laag": "waterschap"},
        {"pagina": "2"},
    ],
)
def test_the_registry_shows_the_corpus_in_as_many_queries_as_one_agreement(
    client, demo, registry_corpus, params
):
    client.force_login(cast.eva())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("agreement_list"), params)
    assert response.status_code == 200
    assert len(queries) <= (PARTY_FILTER_QUERIES if "organisatie" in params else REGISTRY_QUERIES)
    shown = titles(response)
    assert shown
    visible = [spec for spec in AGREEMENTS if "GM1721" in spec.parties]
    if not params:
        assert len(shown) == 25  # a full first page: Bernheze is party to more than that
        assert f"{len(visible) + 1} afspraken" in response.content.decode()
    if params.get("status") == "verlopen":
        expected = {spec.title for spec in visible if spec.status == Status.VERLOPEN}
        assert set(shown) == expected


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
def test_the_overview_counts_the_corpus_in_as_many_queries_as_one_agreement(
    client, demo, registry_corpus
):
    client.force_login(cast.eva())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("overview"))
    assert response.status_code == 200
    assert len(queries) <= OVERVIEW_QUERIES
    html = response.content.decode()
    for status in Status:
        assert str(status.label) in html


@pytest.mark.django_db
@pytest.mark.demo(registry=True)
def test_the_registry_reader_sees_the_whole_corpus(client, demo, registry_corpus, registry_reader):
    client.force_login(registry_reader)
    response = client.get(reverse("agreement_list"))
    assert f"{len(AGREEMENTS) + 1} afspraken" in response.content.decode()
