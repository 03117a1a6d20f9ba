"""The builder's pages survive whatever is posted to them, in a bounded number of queries.

Property-based tests post arbitrary data (unicode, NUL bytes, huge and negative numbers, odd
dates, garbled formset management forms, foreign ids, stale revisions) to every step of the demo
agreement and to the builder's other POST endpoints: an editor may get the form back with errors
(200), a conflict (409) or a redirect (302), but never a server error. Each example runs in a
savepoint that is rolled back, so every example starts from the same demo agreement. `make
test` draws few examples per page; `make nightly` many more.

The query test checks that each step page needs the same, bounded number of queries for the
demo agreement and for one with twenty more parties and many more rows (no N+1 queries).
"""

import uuid
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import Invitation, InvitationStatus, Organisation, Role
from agreements.document.outline import STEP_BY_SLUG, STEPS
from agreements.drafting import builder
from agreements.drafting.editing import step_data
from agreements.drafting.forms import (
    CouncilControlFormSet,
    EscalationFormSet,
    MandateFormSet,
    PartyFormSet,
    TableFormSet,
    WorkPackageFormSet,
)
from agreements.models import (
    Agreement,
    AgreementTemplate,
    EscalationStep,
    Mandate,
    Party,
    RaciCell,
    RoleKind,
    RoleOption,
    Table,
    WorkPackage,
)
from tests.support import cast
from tests.support.factories import OrganisationFactory
from tests.support.forms import Control, as_posted, read_forms, rolled_back
from tests.support.strategies import (
    anything,
    dates,
    examples,
    numbers,
    one_in,
    texts,
    uuids,
    value_for,
)

pytestmark = pytest.mark.django_db

EDITOR_ORGANISATION = "GM1721"  # Gemeente Bernheze
ALLOWED = {200, 302, 409}
FORM_STEPS = [step.slug for step in STEPS if step.slug != "controle"]
PREFIXES = {
    "partijen": ["parties"],
    "eigenaarschap": ["packages"],
    "tafels": ["tables", "mandates", "council"],
    "escalatie": ["escalation"],
}
MANAGEMENT = ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]

ROBUST = hypothesis_settings(
    max_examples=examples(10, 200),
    deadline=None,
    database=None,  # no saved examples: a failure prints its draws instead
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The endpoints besides the steps take one or two fields each: fewer examples cover them.
ROBUST_ENDPOINT = hypothesis_settings(ROBUST, max_examples=examples(8, 100))


@pytest.fixture
def demo(demo, client) -> Agreement:
    """The demo agreement, with Bernheze's editor (Eva) logged in."""
    client.force_login(cast.eva())
    return demo


@pytest.fixture
def capped_formsets(monkeypatch):
    """At most 12 forms per formset, whatever TOTAL_FORMS says.

    Django builds min(TOTAL_FORMS, absolute_max) forms, and absolute_max defaults to 2000: at
    that size one request takes 18-45 s and answers with up to 30 MB of HTML. The cap keeps the
    code path (too many forms, capped form count) and makes an example take milliseconds. The
    demo's largest formset has 8 rows, and the examples post rows up to 3 beyond the last.
    """
    for formset in (
        PartyFormSet,
        WorkPackageFormSet,
        TableFormSet,
        MandateFormSet,
        CouncilControlFormSet,
        EscalationFormSet,
    ):
        monkeypatch.setattr(formset, "absolute_max", 12)


def step_url(agreement: Agreement, slug: str) -> str:
    return reverse("agreement_step", args=[agreement.pk, slug])


def revision_of(agreement: Agreement) -> int:
    return Agreement.objects.values_list("revision", flat=True).get(pk=agreement.pk)


# --- The controls of a rendered step form ------------------------------------------------------


def step_controls(client, agreement: Agreement, slug: str) -> dict[str, Control]:
    response = client.get(step_url(agreement, slug))
    assert response.status_code == 200
    # The check step ("controle") has no step form: no controls.
    forms = [
        form.controls
        for form in read_forms(response.content.decode())
        if form.attributes.get("id") == "step-form"
    ]
    controls = forms[0] if forms else {}
    controls.pop("csrfmiddlewaretoken", None)
    return controls


@pytest.fixture
def controls(client, demo, slug) -> dict[str, Control]:
    """The controls of the step's form as rendered for the demo agreement."""
    return step_controls(client, demo, slug)


# --- Arbitrary input ---------------------------------------------------------------------------


def management_value(count: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["abc", "-1", "", " ", "1.5", "1000000", "2001", "\x00", "9" * 40]),
        st.sampled_from([str(count + delta) for delta in (-2, -1, 0, 1, 2, 3)]),
        numbers,
    )


def draw_gentle_changes(data, controls: dict[str, Control], post: dict) -> None:
    """What an editor could type: any text in the text fields, any offered choice, odd
    numbers and dates, rows marked for deletion; the hidden fields stay as rendered."""
    editable = sorted(name for name, c in controls.items() if c.kind not in ("button", "hidden"))
    if not editable:
        return
    for name in data.draw(
        st.lists(st.sampled_from(editable), max_size=4, unique=True), label="edited"
    ):
        control = controls[name]
        if control.kind in ("text", "textarea", "search", "email", "tel", "url"):
            short = st.text(max_size=80)
            value = data.draw(st.one_of(short, short, short, texts), label=name)
        elif control.kind == "number":
            small = st.integers(-5, 400).map(str)
            value = data.draw(st.one_of(small, small, small, numbers), label=name)
        elif control.kind == "date":
            value = data.draw(dates, label=name)
        elif control.kind == "checkbox":
            post[name] = data.draw(
                st.lists(st.sampled_from(control.options), unique=True), label=name
            )
            continue
        else:  # select, radio
            value = data.draw(st.sampled_from(control.options or [""]), label=name)
        post[name] = [value]


def draw_wild_changes(data, controls: dict[str, Control], slug: str, post: dict) -> None:
    """Fields dropped or replaced by anything, rows that do not exist, garbled counts."""
    inputs = sorted(name for name, c in controls.items() if c.kind != "button")
    if not inputs:
        return
    for name in data.draw(st.lists(st.sampled_from(inputs), max_size=8, unique=True), label="f"):
        how = data.draw(st.sampled_from(["drop", "one", "many"]), label=f"how {name}")
        if how == "drop":
            post.pop(name, None)
        elif how == "one":
            post[name] = [data.draw(value_for(controls[name]), label=name)]
        else:
            post[name] = data.draw(st.lists(value_for(controls[name]), max_size=4), label=name)

    for prefix in PREFIXES.get(slug, []):
        total = int(controls[f"{prefix}-TOTAL_FORMS"].current[0])
        suffixes = sorted(
            {
                name.split("-", 2)[2]
                for name in inputs
                if name.startswith(f"{prefix}-") and name.count("-") >= 2
            }
            | {"id", "DELETE", "ORDER"}
        )
        rows = data.draw(
            st.lists(
                st.tuples(
                    st.integers(min_value=-1, max_value=total + 3),
                    st.sampled_from(suffixes),
                    anything,
                ),
                max_size=3,
            ),
            label=f"rows {prefix}",
        )
        for index, suffix, value in rows:
            post[f"{prefix}-{index}-{suffix}"] = [value]
        if one_in(data, 2, f"garble {prefix}"):
            key = f"{prefix}-{data.draw(st.sampled_from(MANAGEMENT), label='part')}"
            if one_in(data, 3, f"drop {key}"):
                post.pop(key, None)
            else:
                post[key] = [data.draw(management_value(total), label=key)]

    extra = data.draw(st.dictionaries(st.text(max_size=20), anything, max_size=3), label="extra")
    for key, value in extra.items():
        post.setdefault(key, [value])


def draw_step_post(data, controls: dict[str, Control], slug: str, revision: int) -> dict:
    """The form as rendered, then changed gently (mostly saved) or wildly (mostly refused)."""
    post = {} if one_in(data, 8, "from scratch") else as_posted(controls)
    draw_gentle_changes(data, controls, post)
    if one_in(data, 2, "wild"):
        draw_wild_changes(data, controls, slug, post)

    # Revision (mostly the current one, so saves happen), navigation and the button pressed.
    if not one_in(data, 10, "drop revision"):
        post["revision"] = [
            str(revision)
            if not one_in(data, 4, "other revision")
            else data.draw(
                st.one_of(st.sampled_from([str(revision - 1), str(revision + 1)]), numbers, texts),
                label="revision",
            )
        ]
    goto = data.draw(
        st.one_of(st.none(), st.sampled_from([s.slug for s in STEPS]), texts), label="goto"
    )
    if goto is not None:
        post["goto"] = [goto]
    for button in data.draw(
        st.lists(st.sampled_from(["next", "previous", "save"]), unique=True), label="buttons"
    ):
        post[button] = ["1"]
    return post


def send(client, url: str, post: dict, *, raw: bool):
    """Post as multipart (what the test client does) or as a urlencoded body of raw bytes."""
    if not raw:
        return client.post(url, post)
    pairs = [
        (key.encode("utf-8", "surrogatepass"), value.encode("utf-8", "surrogatepass"))
        for key, values in post.items()
        for value in values
    ]
    return client.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded")


def as_uuid(value) -> uuid.UUID | None:
    """The id as the add-party form reads it, or None when it is no id."""
    try:
        return forms.UUIDField().clean(value)
    except ValidationError:
        return None


def assert_handled(response, post) -> None:
    assert response.status_code in ALLOWED, (response.status_code, post)


# --- Property-based tests ----------------------------------------------------------------------


@pytest.mark.parametrize("slug", [*FORM_STEPS, "controle"])
@ROBUST
@given(data=st.data())
def test_a_step_answers_any_post_without_a_server_error(
    client, demo, controls, capped_formsets, slug, data
):
    raw = data.draw(st.integers(0, 4), label="raw body") == 0
    # Every example starts from the demo agreement: the previous one was rolled back.
    assert revision_of(demo) == demo.revision
    with rolled_back(client):
        post = draw_step_post(data, controls, slug, revision_of(demo))
        response = send(client, step_url(demo, slug), post, raw=raw)
        event(f"status {response.status_code}")  # see --hypothesis-show-statistics
        assert_handled(response, post)
        if response.status_code == 302:
            # A save leads to a step page of the same agreement, which renders: unless the
            # editor removed their own organisation as a party, and with it their access.
            assert response.url.startswith(reverse("agreement_detail", args=[demo.pk]))
            still_party = demo.parties.filter(organisation__code=EDITOR_ORGANISATION).exists()
            assert client.get(response.url).status_code == (200 if still_party else 404)


@ROBUST_ENDPOINT
@given(data=st.data())
def test_the_party_search_answers_any_query(client, demo, data):
    query = {"zoek": data.draw(texts, label="zoek")}
    if data.draw(st.booleans(), label="fragment"):
        query["fragment"] = data.draw(st.one_of(st.just("resultaten"), texts), label="which")
    response = client.get(step_url(demo, "partijen"), query)
    assert response.status_code == 200, query


@ROBUST_ENDPOINT
@given(data=st.data())
def test_adding_a_party_answers_any_post(client, demo, data):
    party_orgs = [str(pk) for pk in demo.parties.values_list("organisation_id", flat=True)]
    with rolled_back(client):
        other_orgs = [
            str(OrganisationFactory().pk),
            str(OrganisationFactory(end_date="2020-01-01").pk),
        ]
        revision = revision_of(demo)
        post = {
            "organisation": data.draw(
                st.one_of(st.sampled_from(party_orgs + other_orgs), uuids, anything), label="org"
            ),
            "revision": data.draw(
                st.one_of(st.just(str(revision)), numbers, texts), label="revision"
            ),
        }
        for key in data.draw(st.lists(st.sampled_from(sorted(post)), unique=True), label="drop"):
            del post[key]
        response = client.post(reverse("agreement_add_party", args=[demo.pk]), post)
        # Whatever was posted, the editor goes back to the parties step with a message.
        assert response.status_code == 302, (response.status_code, post)
        assert Party.objects.filter(agreement=demo).values("organisation").distinct().count() == (
            Party.objects.filter(agreement=demo).count()
        )


@ROBUST_ENDPOINT
@given(data=st.data())
def test_the_model_ladder_answers_any_post(client, demo, data):
    with rolled_back(client):
        revision = revision_of(demo)
        post = data.draw(
            st.one_of(
                st.just({"revision": str(revision)}),
                st.fixed_dictionaries({"revision": st.one_of(numbers, texts)}),
                st.dictionaries(st.text(max_size=10), anything, max_size=3),
            ),
            label="post",
        )
        response = client.post(reverse("agreement_model_ladder", args=[demo.pk]), post)
        assert response.status_code == 302, (response.status_code, post)


@ROBUST_ENDPOINT
@given(data=st.data())
def test_a_new_agreement_answers_any_post(client, demo, data):
    own = str(Organisation.objects.get(code=EDITOR_ORGANISATION).pk)
    others = Organisation.objects.exclude(code=EDITOR_ORGANISATION).values_list("pk", flat=True)
    others = [str(pk) for pk in others[:3]]
    templates = [str(pk) for pk in AgreementTemplate.objects.values_list("pk", flat=True)]
    with rolled_back(client):
        post = data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "title": texts,
                    "organisation": st.one_of(st.sampled_from([own, *others]), anything),
                    "template": st.one_of(st.sampled_from(["", *templates]), anything),
                },
            ),
            label="post",
        )
        response = client.post(reverse("agreement_new"), post)
        assert response.status_code in {200, 302}, (response.status_code, post)


# --- Regressions found by the properties -------------------------------------------------------


def test_saving_a_step_as_rendered_keeps_its_rows(client, demo):
    """Pressing save without changes stores no empty rows and fails on no required field."""
    models = (Party, WorkPackage, RaciCell, Table, Mandate, EscalationStep)
    counts = [model.objects.count() for model in models]
    for slug in FORM_STEPS:
        post = {**as_posted(step_controls(client, demo, slug)), "save": "1"}
        response = client.post(step_url(demo, slug), post)
        assert response.status_code == 302, slug
        assert [model.objects.count() for model in models] == counts, slug


@pytest.mark.parametrize("prefix", ["parties", "council"])
def test_a_posted_row_beyond_the_existing_parties_creates_no_orphan_party(client, demo, prefix):
    """A tampered management form cannot create a party without agreement or organisation."""
    slug = "partijen" if prefix == "parties" else "tafels"
    post = as_posted(step_controls(client, demo, slug))
    count = int(post[f"{prefix}-TOTAL_FORMS"][0])
    post[f"{prefix}-TOTAL_FORMS"] = [str(count + 1)]
    field_name = "civil_contact" if prefix == "parties" else "council_control_note"
    post[f"{prefix}-{count}-{field_name}"] = ["Iemand anders"]
    parties = Party.objects.count()
    response = client.post(step_url(demo, slug), post)
    assert response.status_code in {200, 302}
    assert Party.objects.count() == parties


@pytest.mark.parametrize("slug", list(PREFIXES))
def test_a_garbled_management_form_shows_the_form_again(client, demo, slug):
    """A missing or unreadable TOTAL_FORMS is a form error (it crashed the escalation step)."""
    rendered = as_posted(step_controls(client, demo, slug))
    for total in [None, "abc", ""]:
        post = dict(rendered)
        for prefix in PREFIXES[slug]:
            if total is None:
                del post[f"{prefix}-TOTAL_FORMS"]
            else:
                post[f"{prefix}-TOTAL_FORMS"] = [total]
        response = client.post(step_url(demo, slug), post)
        assert response.status_code == 200, total


@pytest.mark.parametrize("query", ["a\x00b", "x" * 60_000])
def test_the_party_search_survives_nul_and_very_long_queries(client, demo, query):
    """NUL reached PostgreSQL, and SQLite refuses LIKE patterns over 50,000 bytes."""
    response = client.get(step_url(demo, "partijen"), {"zoek": query, "fragment": "resultaten"})
    assert response.status_code == 200


# --- Query bounds ------------------------------------------------------------------------------

# Measured: the same count for the demo agreement (8 parties) as with 20 more parties and
# rows, on SQLite and PostgreSQL: opgave 15, partijen 18, eigenaarschap 19, tafels 21,
# escalatie 17, waarden 16, looptijd 15, controle 15. The bounds leave five queries headroom.
# Each step page also shows its comments panel: the draft's number, the open threads per step
# (one grouped query), the step's threads, the people one may mention and the rows a thread can
# be about (tafels: tables and mandates); the check page also the review round.
# A step page's own queries, plus seven for drafting together (reading the step under the
# agreement's row lock: the lock, and a savepoint around it in a test's transaction; the step's
# revision; marking the reader present, who else has it open, who saved it lately) and, on the
# parties step, three for the joining panel (parties with their member counts, the reader's
# managed organisations, pending invitations).
MAX_QUERIES = {
    "opgave": 27,
    "partijen": 34,
    "eigenaarschap": 32,
    "tafels": 35,
    "escalatie": 30,
    "waarden": 28,
    "looptijd": 27,
    "controle": 24,
}


def grow(agreement: Agreement, more: int = 20) -> None:
    """Twenty more parties, each with roles, RACI letters, seats, chairs, a mandate and a
    pending invitation."""
    formal = list(RoleOption.objects.filter(kind=RoleKind.FORMAL)[:2])
    ladder = RoleOption.objects.filter(kind=RoleKind.LADDER).first()
    network = RoleOption.objects.filter(kind=RoleKind.NETWORK).first()
    start = agreement.parties.count()
    parties = []
    for index in range(more):
        party = Party.objects.create(
            agreement=agreement,
            organisation=OrganisationFactory(),
            position=start + index,
            civil_contact=f"Contact {index}",
            ladder_role=ladder,
            network_role=network,
            council_control="zienswijze",
        )
        party.formal_roles.set(formal)
        parties.append(party)
        Invitation.objects.create(
            organisation=party.organisation,
            email=f"persoon{index}@example.nl",
            role=Role.LEZER,
            invited_by=cast.eva(),
            status=InvitationStatus.OPEN,
        )
    offset = agreement.work_packages.count()
    for index in range(more):
        WorkPackage.objects.create(
            agreement=agreement, position=offset + index + 1, name=f"Werkpakket {index}"
        )
    every_party = list(agreement.parties.all())
    RaciCell.objects.bulk_create(
        RaciCell(work_package=package, party=party, letter="C")
        for package in agreement.work_packages.all()
        for party in parties
    )
    for table in list(agreement.tables.all()):
        table.members.add(*parties)
    offset = agreement.tables.count()
    for index, party in enumerate(parties[:10]):
        table = Table.objects.create(
            agreement=agreement, position=offset + index + 1, name=f"Tafel {index}", chair=party
        )
        table.members.set(every_party)
    offset = agreement.mandates.count()
    Mandate.objects.bulk_create(
        Mandate(
            agreement=agreement,
            position=offset + index + 1,
            party=party,
            function="wethouder",
            subject=f"Onderwerp {index}",
        )
        for index, party in enumerate(parties)
    )
    offset = agreement.escalation_steps.count()
    EscalationStep.objects.bulk_create(
        EscalationStep(
            agreement=agreement,
            position=offset + index + 1,
            trigger=f"Aanleiding {index}",
            handler="Stuurgroep",
            deadline_days=10,
        )
        for index in range(10)
    )


def count_queries(client, agreement: Agreement, slug: str, limit: int, assert_max) -> int:
    with assert_max(limit) as captured:
        response = client.get(step_url(agreement, slug))
    assert response.status_code == 200
    return len(captured)


def test_every_step_page_needs_a_bounded_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    slugs = [step.slug for step in STEPS]
    for slug in slugs:
        client.get(step_url(demo, slug))  # warm up: session, content types, templates
    demo_counts = {
        slug: count_queries(client, demo, slug, MAX_QUERIES[slug], django_assert_max_num_queries)
        for slug in slugs
    }
    grow(demo)
    grown_counts = {
        slug: count_queries(client, demo, slug, MAX_QUERIES[slug], django_assert_max_num_queries)
        for slug in slugs
    }
    # The same number of queries for 8 parties as for 28: no query per party or row.
    assert grown_counts == demo_counts


@ROBUST_ENDPOINT
@given(data=st.data())
def test_signing_answers_any_post(client, demo, data):
    """The sign forms (in the application and on paper) never answer with a server error."""
    from agreements.versions.adoption import adopt_version
    from agreements.versions.signing import party_keys

    version = demo.versions.first() or adopt_version(
        agreement=demo, acting_user=cast.eva(), note=""
    )
    client.force_login(cast.person("oss", Role.ONDERTEKENAAR))
    paper = data.draw(st.booleans(), label="paper")
    if paper:
        client.force_login(cast.person("oss", Role.OPSTELLER))
    name = "version_sign_paper" if paper else "version_sign"
    with rolled_back(client):
        post = {
            "organisation": data.draw(
                st.one_of(st.sampled_from(party_keys(version)), uuids, anything), label="org"
            ),
            "signatory_name": data.draw(texts, label="name"),
            "signatory_function": data.draw(texts, label="function"),
            "basis": data.draw(texts, label="basis"),
            "place": data.draw(texts, label="place"),
            "decision": data.draw(st.one_of(st.just(""), uuids, anything), label="decision"),
            "confirm": data.draw(st.sampled_from(["on", "", "nee"]), label="confirm"),
            "signed_on": data.draw(dates, label="signed_on"),
        }
        for key in data.draw(st.lists(st.sampled_from(sorted(post)), unique=True), label="drop"):
            del post[key]
        response = client.post(reverse(name, args=[demo.pk, version.number]), post)
        assert response.status_code in {200, 302}, (response.status_code, post)


@ROBUST_ENDPOINT
@given(upload=st.one_of(st.binary(max_size=3000), texts.map(str.encode)))
def test_the_verify_page_answers_any_file(client, demo, upload):
    """Whatever is uploaded for verification, the page answers with 200 and a verdict."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for content in (upload, b"%PDF-1.7\n" + upload + b"\n%%EOF\n"):
        response = client.post(
            reverse("verify"), {"file": SimpleUploadedFile("x.pdf", content, "application/pdf")}
        )
        assert response.status_code == 200


def _any_fields(data, names: list[str]) -> dict:
    post = {name: data.draw(st.one_of(anything, st.just("")), label=name) for name in names}
    for key in data.draw(st.lists(st.sampled_from(names), unique=True), label="drop"):
        del post[key]
    return post


@ROBUST_ENDPOINT
@given(data=st.data())
def test_recording_a_decision_or_an_evaluation_answers_any_post(client, demo, data):
    """The besluitenlijst and the evaluation form never answer with a server error."""
    with rolled_back(client):
        decision = _any_fields(
            data, ["decided_on", "table_name", "what", "mandate_label", "reference"]
        )
        response = client.post(reverse("decision_list", args=[demo.pk]), decision)
        assert response.status_code in {200, 302}, (response.status_code, decision)
        evaluation = _any_fields(
            data,
            [
                "held_on",
                "content_score",
                "content_note",
                "process_score",
                "process_note",
                "relationship_score",
                "relationship_note",
                "leads_to_amendment",
                "actions-TOTAL_FORMS",
                "actions-INITIAL_FORMS",
                "actions-0-description",
                "actions-0-owner",
                "actions-0-due_on",
            ],
        )
        response = client.post(reverse("evaluation_new", args=[demo.pk]), evaluation)
        assert response.status_code in {200, 302}, (response.status_code, evaluation)


@ROBUST_ENDPOINT
@given(data=st.data())
def test_the_account_forms_answer_any_post(client, demo, data):
    """Adding a member, changing a role and one's own profile never answer with a 500."""
    admin = cast.bram()
    client.force_login(admin)
    organisation = admin.memberships.get().organisation
    reader = organisation.memberships.get(user=cast.lars())
    with rolled_back(client):
        member = _any_fields(data, ["email", "full_name", "function", "phone", "role"])
        response = client.post(reverse("member_list", args=[organisation.pk]), member)
        assert response.status_code in {200, 302}, (response.status_code, member)
        role = _any_fields(data, [f"{reader.pk}-role"])
        response = client.post(reverse("member_role", args=[organisation.pk, reader.pk]), role)
        assert response.status_code in {200, 302}, (response.status_code, role)
        profile = _any_fields(data, ["full_name", "function", "phone"])
        response = client.post(reverse("profile"), profile)
        assert response.status_code in {200, 302}, (response.status_code, profile)


def test_a_key_no_database_integer_can_hold_is_an_invalid_choice(client, demo):
    """Found by the fuzzing on SQLite: 2**63 as a formal role answered 500 (OverflowError)."""
    client.force_login(cast.eva())
    url = step_url(demo, "partijen")
    data = {
        key: value
        for key, value in step_data(demo.pk, "partijen").items()
        if value not in (None, [], False)
    }
    data["revision"] = builder.step_revision(demo, STEP_BY_SLUG["partijen"])
    data["parties-0-formal_roles"] = str(2**63)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
