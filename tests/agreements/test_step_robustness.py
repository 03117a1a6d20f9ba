"""The builder's pages survive whatever is posted to them, in a bounded number of queries.

Property-based tests post arbitrary data (unicode, NUL bytes, huge and negative numbers, odd
dates, garbled formset management forms, foreign ids, stale revisions) to every step of the demo
agreement and to the builder's other POST endpoints: an editor may get the form back with errors
(200), a conflict (409) or a redirect (302), but never a server error. Each example runs in a
savepoint that is rolled back, so every example starts from the same demo agreement.

The query test checks that each step page needs the same, bounded number of queries for the
demo agreement and for one with twenty more parties and many more rows (no N+1 queries).
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import Organisation, User
from agreements.drafting.forms import (
    CouncilControlFormSet,
    EscalationFormSet,
    MandateFormSet,
    PartyFormSet,
    TableFormSet,
    WorkPackageFormSet,
)
from agreements.drafting.steps import STEPS
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
from demo.scenario import DEMO_AGREEMENT_TITLE, seed_demo
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

EDITOR = "opsteller@bernheze.example.nl"
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
    max_examples=40,
    deadline=None,
    database=None,  # no saved examples: a failure prints its draws instead
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The endpoints besides the steps take one or two fields each: fewer examples cover them.
ROBUST_ENDPOINT = hypothesis_settings(ROBUST, max_examples=25)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """seed_demo sets dozens of passwords; the real hasher would make these tests slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(client) -> Agreement:
    """The demo agreement, with Bernheze's editor logged in."""
    seed_demo()
    client.force_login(User.objects.get(email=EDITOR))
    return Agreement.objects.get(title=DEMO_AGREEMENT_TITLE)


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


@contextmanager
def rolled_back(client) -> Iterator[None]:
    """Run one example in a savepoint that is always rolled back, with no leftover messages."""
    client.cookies.pop("messages", None)
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def step_url(agreement: Agreement, slug: str) -> str:
    return reverse("agreement_step", args=[agreement.pk, slug])


def revision_of(agreement: Agreement) -> int:
    return Agreement.objects.values_list("revision", flat=True).get(pk=agreement.pk)


# --- The controls of a rendered step form ------------------------------------------------------


@dataclass
class Control:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, number, date, button ...
    options: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    """Every <form> of a page with its named controls, including those outside it that name it
    with form="id" and the values as rendered."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict, dict[str, Control]]] = []
        self._by_id: dict[str, dict[str, Control]] = {}
        self._current: dict[str, Control] | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None
        self._late: list[tuple[str, str, dict]] = []  # controls naming a form not yet seen

    def _controls_for(self, attributes: dict) -> dict[str, Control] | None:
        owner = attributes.get("form")
        if owner:
            return self._by_id.get(owner)
        return self._current

    def handle_starttag(self, tag, attrs):
        a = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._current = {}
            self.forms.append((a, self._current))
            if a.get("id"):
                self._by_id[a["id"]] = self._current
            return
        name = a.get("name")
        if tag not in ("input", "button", "select", "textarea", "option") or (
            tag != "option" and not name
        ):
            return
        controls = self._controls_for(a)
        if controls is None and tag != "option":
            if a.get("form"):
                self._late.append((tag, name, a))
            return
        self._add(controls, tag, name, a)

    def _add(self, controls, tag, name, a):
        if tag == "input":
            kind = a.get("type", "text").lower()
            control = controls.setdefault(name, Control(name, kind))
            if kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                control.options.append(value)
                if "checked" in a:
                    control.current.append(value)
            elif kind in ("submit", "image", "reset", "button"):
                control.kind = "button"
                control.options.append(a.get("value", ""))
            elif kind != "file":
                control.current = [a.get("value", "")]
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                controls.setdefault(name, Control(name, "button")).options.append(
                    a.get("value", "")
                )
        elif tag == "select":
            self._select = controls.setdefault(name, Control(name, "select"))
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.current.append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = controls.setdefault(name, Control(name, "textarea"))
            self._textarea.current = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.current = [self._textarea.current[0] + data]

    def close(self):
        super().close()
        for tag, name, a in self._late:
            if a["form"] in self._by_id:
                self._add(self._by_id[a["form"]], tag, name, a)


def step_controls(client, agreement: Agreement, slug: str) -> dict[str, Control]:
    response = client.get(step_url(agreement, slug))
    assert response.status_code == 200
    parser = FormParser()
    parser.feed(response.content.decode())
    parser.close()
    # The check step ("controle") has no step form: no controls.
    forms = [found for attributes, found in parser.forms if attributes.get("id") == "step-form"]
    controls = forms[0] if forms else {}
    controls.pop("csrfmiddlewaretoken", None)
    return controls


@pytest.fixture
def controls(client, demo, slug) -> dict[str, Control]:
    """The controls of the step's form as rendered for the demo agreement."""
    return step_controls(client, demo, slug)


def as_posted(controls: dict[str, Control]) -> dict[str, list[str]]:
    """What a browser submits for the form as rendered (without pressing a button)."""
    data = {}
    for control in controls.values():
        if control.kind == "button":
            continue
        if control.kind == "select" and not control.current and control.options:
            data[control.name] = control.options[:1]
        elif control.current:
            data[control.name] = list(control.current)
    return data


# --- Arbitrary input ---------------------------------------------------------------------------

ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 20,
    "\u202e\u200b\ufeff",
    "Zoë 's-Hertogenbosch — “quotes” ½ 🤝",
    "𝕿𝖊𝖘𝖙 \U0010ffff",
    "<script>alert(1)</script>",
    "'; DROP TABLE agreements_agreement; --",
    "%s %(title)s {0} {{ agreement }}",
    "x" * 60_000,
    "€" * 20_000,
    "line\r\nbreak\rand\nmore",
]
NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "365",
    "366",
    "120",
    "121",
    "32767",
    "32768",
    "65535",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "9" * 30,
    "9" * 5000,
    "1e309",
    "1e5",
    "NaN",
    "-Infinity",
    "1.5",
    "1,5",
    "0x10",
    " 7 ",
    "١٢",  # Arabic-Indic digits
    "999999999999.99",
    "1000000000000.00",
    "-0.01",
    "0.001",
]
DATES = [
    "2026-01-31",
    "2026-02-30",
    "31-12-2026",
    "12/31/2026",
    "2026/12/31",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "2026-13-01",
    "2026-1-1",
    "20260101",
    "tomorrow",
]
IDS = [
    str(uuid.UUID(int=0)),
    "not-a-uuid",
    "12345",
    "-1",
    "0",
    "{00000000-0000-0000-0000-000000000000}",
    "00000000000000000000000000000000",
]

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
dates = st.one_of(
    st.sampled_from(DATES),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.datetimes().map(lambda d: d.isoformat()),
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
    st.sampled_from(ODD_STRINGS),
)
uuids = st.one_of(st.uuids().map(str), st.sampled_from(IDS))
anything = st.one_of(texts, numbers, dates, uuids)


def value_for(control: Control) -> st.SearchStrategy[str]:
    """A value for one control: often one it offers, otherwise anything at all."""
    offered = control.options + control.current
    choices = [anything]
    if offered:
        choices.insert(0, st.sampled_from(offered))
    if control.kind == "number":
        choices.insert(0, numbers)
    if control.kind == "date":
        choices.insert(0, dates)
    return st.one_of(*choices)


def management_value(count: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["abc", "-1", "", " ", "1.5", "1000000", "2001", "\x00", "9" * 40]),
        st.sampled_from([str(count + delta) for delta in (-2, -1, 0, 1, 2, 3)]),
        numbers,
    )


def one_in(data, n: int, label: str) -> bool:
    return data.draw(st.integers(0, n - 1), label=label) == 0


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
MAX_QUERIES = {
    "opgave": 20,
    "partijen": 24,
    "eigenaarschap": 25,
    "tafels": 28,
    "escalatie": 23,
    "waarden": 21,
    "looptijd": 20,
    "controle": 24,
}


def grow(agreement: Agreement, more: int = 20) -> None:
    """Twenty more parties, each with roles, RACI letters, seats, chairs and a mandate."""
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
        agreement=demo, acting_user=User.objects.get(email=EDITOR), note=""
    )
    client.force_login(User.objects.get(email="ondertekenaar@oss.example.nl"))
    paper = data.draw(st.booleans(), label="paper")
    if paper:
        client.force_login(User.objects.get(email="opsteller@oss.example.nl"))
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
    admin = User.objects.get(email="beheerder@bernheze.example.nl")
    client.force_login(admin)
    organisation = admin.memberships.get().organisation
    reader = organisation.memberships.get(user__email="lezer@bernheze.example.nl")
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
