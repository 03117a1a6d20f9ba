"""Every form of the project answers whatever is submitted to it without a server error.

The pages come from the resolver, as in the permission matrix: each URL is requested (GET) by
every actor the matrix gives a 200 on it, and every <form> in the answer is read: its method,
its action and the names of its controls (inputs, selects, textareas, buttons, formset
management fields). Hypothesis then submits arbitrary data to each distinct form: the fields as
rendered, some dropped, some replaced by arbitrary text (NUL bytes, 60,000 characters, unicode,
empty), by lists of values or by uploads, plus arbitrary extra keys, sent as multipart or as a
raw urlencoded body (POST) or as a query string (GET). Every answer must be below 500.

Every text field with a maxlength gets two submissions more: at exactly its maximum length
(answered without a server error) and one character over it (answered with the form again, the
field marked as having an error: aria-invalid). The limit is read from the rendered maxlength.

The password forms (log in, change, reset request, set a new password through a valid link) have
their own tests below; the builder's steps and their endpoints are fuzzed more thoroughly in
tests/agreements/drafting/test_step_robustness.py. A URL that no actor can GET must be the target
of a form on another page, or be listed in WITHOUT_FORM: a new form cannot escape.

The scene (tests/support/scenes.py) is built once per worker and crawled once per worker; each
page is a test of its own, which fuzzes the forms first found on it. Each example runs in a
savepoint that is rolled back, logged in afresh as the actor who saw the form, so a delete, a
logout or a changed password does not change the next example. The inputs that were server
errors once are kept as plain regression tests at the end.
"""

import re
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote_from_bytes, urlsplit

import axes.utils
import pytest
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import formsets
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, Phase, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import User
from agreements.document.outline import STEPS
from agreements.models import Agreement, EscalationStep
from agreements.printing import views as printing_views
from tests.support import cast
from tests.support.forms import Control, as_posted, read_forms, rolled_back
from tests.support.matrix import act_as, get_expectation, url_for, url_names
from tests.support.sources import defined_functions
from tests.support.strategies import NIGHTLY, anything, examples, one_in, texts, value_for

pytestmark = pytest.mark.django_db

PATTERNS = dict(url_names())
# Who looks at a page first: a form seen by several actors is fuzzed as the first of them.
CRAWL_ORDER = ["opsteller", "ondertekenaar", "beheerder", "lezer", "outsider", "staff", "anonymous"]
CSRF = "csrfmiddlewaretoken"
BLANK_PDF = b"%PDF-1.4\n%%EOF\n"

FORMS = hypothesis_settings(
    max_examples=examples(4, 40),
    deadline=None,
    database=None,  # no saved examples: a failure prints its draws instead
    # The same few examples on every run of `make test`, so CI does not fail on a new find by
    # chance; `make nightly` draws many more, at random, to look further.
    derandomize=not NIGHTLY,
    # Unshrunk: shrinking a failing example of a large form takes minutes, and the failure
    # message shows the submission as sent.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# The password forms have few fields and answer quickly: more examples.
PASSWORD_FORMS = hypothesis_settings(FORMS, max_examples=examples(15, 100), phases=list(Phase))

# URL names no actor can GET as a page, that no form on another page submits to, and why.
WITHOUT_FORM = {
    "version_print_preview": "only with DEBUG on: the print preview of a version (no form)",
    "admin:autocomplete": "JSON for the admin's autocomplete widgets",
    "admin:view_on_site": "a redirect to the object's page on the site",
    "favicon": "a redirect to the site's icon",
    "api:unknown": "the API's JSON 404 for any path it does not know (tests/api/test_http.py)",
    "api:comment-replies": "API, JSON bodies: schemathesis fuzzes it (tests/api/)",
    "api:comment-resolution": "API, no body: schemathesis calls it (tests/api/)",
    "api:review-answers": "API, JSON bodies: schemathesis fuzzes it (tests/api/)",
    "api:version-archive": "API, a signed version as ZIP (tests/agreements/printing/)",
    "sso_start": "a redirect to the organisation's identity provider (tests/accounts/test_oidc.py)",
    "sso_callback": "the identity provider's answer, checked by tests/accounts/test_oidc.py",
    "sso_logout": "a page that sends the browser on to the provider's logout",
    "login_code": "opens only after a right password: test_the_code_of_a_login_answers_any_input "
    "fuzzes it",
    "version_pdf_retry": "a button without fields, shown only after a render failed "
    "(tests/agreements/printing/test_pdfs_come_with_the_version.py posts it)",
}
# Admin URLs that answer 403 even to staff: append-only and builder-owned records.
ADMIN_FORBIDDEN = re.compile(r"^admin:\w+_(add|delete)$")

# Forms fuzzed by the tests of this module named here, not by the generic test.
FUZZED_HERE = {
    ("post", "login"): "test_logging_in_answers_any_input",
    ("post", "login_code"): "test_the_code_of_a_login_answers_any_input",
    ("post", "password_change"): "test_changing_ones_password_answers_any_input",
    ("post", "password_reset"): "test_asking_for_a_password_reset_answers_any_input",
    (
        "post",
        "password_reset_confirm",
    ): "test_setting_a_password_through_a_valid_link_answers_any_input",
}
# Forms fuzzed more thoroughly by tests/agreements/drafting/test_step_robustness.py.
STEP_ROBUSTNESS = "agreements/drafting/test_step_robustness.py"
FUZZED_ELSEWHERE = {
    ("post", "agreement_step"): "test_a_step_answers_any_post_without_a_server_error",
    ("get", "agreement_step"): "test_the_party_search_answers_any_query",
    ("post", "agreement_add_party"): "test_adding_a_party_answers_any_post",
    ("post", "agreement_model_ladder"): "test_the_model_ladder_answers_any_post",
}
# Forms the crawl must find, so a broken crawl (or template) cannot pass unnoticed.
MUST_FIND = {
    ("get", "agreement_list"),  # the registry's filters
    ("get", "version_compare"),
    ("get", "agreement_as_of"),
    ("get", "organisation_list"),
    ("post", "login"),
    ("post", "logout"),
    ("post", "agreement_amend"),  # only with no draft open: see VARIANTS
    ("post", "set_language"),
    ("post", "password_change"),
    ("post", "password_reset"),
    ("post", "password_reset_confirm"),
    ("post", "profile"),
    ("post", "session_end"),
    ("post", "sessions_end_others"),
    ("post", "second_factor_codes"),
    ("post", "second_factor_remove"),
    ("post", "login_enrol"),
    ("post", "reauthenticate"),
    ("post", "member_list"),
    ("post", "member_role"),
    ("post", "version_sign"),
    ("post", "decision_list"),
    ("post", "evaluation_new"),
    ("post", "action_status"),  # the demo's open follow-up action, as its agreement's opsteller
    ("post", "verify"),
    ("post", "admin:login"),
}


@pytest.fixture(autouse=True)
def _small_admin_formsets(monkeypatch):
    """At most 12 rows in the admin's inline formsets, whatever TOTAL_FORMS says.

    The admin builds its formsets per request with Django's default cap of 2,000 forms: a posted
    TOTAL_FORMS of a billion would render 2,000 membership rows (seconds per example). The
    project's own formsets have their own small caps.
    """
    monkeypatch.setattr(formsets, "DEFAULT_MAX_NUM", 6)


# --- Reading the forms of a page --------------------------------------------------------------


@dataclass
class Form:
    page: str  # the URL name of the page it was found on
    actor: str
    method: str  # "get" or "post"
    url: str  # where it is submitted: path and query
    target: str  # the URL name of that
    controls: dict[str, Control] = field(default_factory=dict)
    setup: Callable[[], None] | None = None  # the state in which the page shows the form

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.target

    @property
    def signature(self) -> tuple:
        """Forms alike but for ids (one role form per member) are fuzzed once."""
        names = {re.sub(r"[0-9a-f-]{36}", "<id>", name) for name in self.controls}
        return self.method, self.target, frozenset(names)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.target} (form on {self.page}, as {self.actor})"


def forms_on(page: str, actor: str, url: str, html: str) -> tuple[list[Form], list[str]]:
    """The forms of one page, and what is wrong with them (a target that is no URL of ours)."""
    found, problems = [], []
    for html_form in read_forms(html):
        method = html_form.method
        if method == "dialog":  # closes a dialog, submits nothing
            continue
        if method not in ("get", "post"):
            method = "get"  # what a browser does with an unknown method
        action = html_form.action(url)
        parts = urlsplit(action)
        if parts.netloc and parts.netloc != "testserver":
            problems.append(f"a form on {page} ({actor}) submits to another site: {action}")
            continue
        target = url_name_of(parts.path)
        if target is None:
            problems.append(f"a form on {page} ({actor}) submits to an unknown URL: {action}")
            continue
        path = parts.path + (f"?{parts.query}" if parts.query and method == "post" else "")
        found.append(Form(page, actor, method, path, target, html_form.controls))
    return found, problems


def url_name_of(url: str) -> str | None:
    """The URL name (with its namespace) of a path of ours, or None."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def page_urls(name: str, pattern, ids: dict) -> list[str]:
    """The URLs of a page in the scene: each step of the builder, a valid reset link."""
    if name == "agreement_step":
        kwargs = {key: ids[key] for key in pattern.pattern.converters}
        return [reverse(name, kwargs={**kwargs, "step_slug": step.slug}) for step in STEPS]
    return [url_for(name, pattern, ids)]


@dataclass
class Crawl:
    forms: list[Form]  # one per distinct form
    every_key: set[tuple[str, str]]  # (method, target) of every form seen
    visited: set[str]  # URL names requested as a page
    not_visited: set[str]  # URL names no actor can GET
    problems: list[str]


def with_a_reset_link(scene: dict) -> dict:
    """The scene's ids, with a valid password reset link (of someone who never logs in)."""
    forgetful = User.objects.get(pk=scene["forgetful_id"])
    return {
        **scene,
        "uidb64": urlsafe_base64_encode(force_bytes(forgetful.pk)),
        "token": default_token_generator.make_token(forgetful),
    }


def close_the_draft(ids: dict) -> None:
    Agreement.objects.filter(pk=ids["agreement_id"]).update(draft_open=False)


def remove_the_escalation_steps(ids: dict) -> None:
    EscalationStep.objects.filter(agreement_id=ids["agreement_id"]).delete()


def discuss_the_draft(ids: dict) -> None:
    """An open and a resolved thread, and a review round asking Bernheze's lezer and Bernheze,
    with fixed ids, so the forms found in the crawl name rows that exist in every example."""
    from django.utils import timezone

    from agreements.models import Comment, CommentThread, Reviewer, ReviewRequest

    agreement = Agreement.objects.get(pk=ids["agreement_id"])
    bernheze = cast.bernheze()
    editor = cast.eva()
    now = timezone.now()
    draft = agreement.versions.count() + 1
    for number, resolved in ((1, None), (2, now)):
        thread = CommentThread.objects.create(
            id=uuid.UUID(int=number), agreement=agreement, step="tafels", visibility="gedeeld",
            organisation=bernheze, draft_number=draft, started_by=editor, created_at=now,
            resolved_at=resolved, resolved_by=editor if resolved else None,
        )  # fmt: skip
        Comment.objects.create(
            id=uuid.UUID(int=10 + number), thread=thread, author=editor,
            author_label="Opsteller", organisation=bernheze, body="Elk kwartaal?", created_at=now,
        )  # fmt: skip
    review = ReviewRequest.objects.create(
        id=uuid.UUID(int=3), agreement=agreement, draft_number=draft, requested_by=editor,
        requested_by_label="Opsteller", organisation=bernheze, due_date=now.date(), created_at=now,
    )  # fmt: skip
    Reviewer.objects.create(id=uuid.UUID(int=4), request=review, user=cast.lars())
    Reviewer.objects.create(id=uuid.UUID(int=5), request=review, organisation=bernheze)


def log_in_elsewhere_too(ids: dict) -> None:
    """Every actor also logged in on a second computer, with a fixed id for the forms."""
    from accounts.models import UserSession

    for number, key in enumerate(ids["sessions"].values(), start=1):
        session = UserSession.objects.get(session_key=key)
        UserSession.objects.create(
            session_key=f"elders{number:026d}", session_data="", expire_date=session.expire_date,
            public_id=uuid.UUID(int=100 + number), user_id=session.user_id,
            user_agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Firefox/120.0",
        )  # fmt: skip


def with_a_second_factor(ids: dict) -> None:
    """Every actor has set up a second factor (so the profile offers its buttons)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import UserSession

    for key in ids["sessions"].values():
        user_id = UserSession.objects.get(session_key=key).user_id
        TOTPDevice.objects.create(user_id=user_id, name="Authenticator-app", confirmed=True)


# Pages that show some forms only in another state than the scene's, or after a search:
# (URL name, URL kwargs besides the scene's, query, the state, which form it shows).
VARIANTS = [
    ("agreement_detail", {}, {}, close_the_draft, "no draft open: begin an amendment"),
    ("agreement_step", {"step_slug": "partijen"}, {"zoek": "Gemeente"}, None, "add a party"),
    ("agreement_step", {"step_slug": "escalatie"}, {}, remove_the_escalation_steps, "ladder"),
    ("agreement_comments", {}, {}, discuss_the_draft, "reply, resolve, reopen, answer a review"),
    ("profile", {}, {}, log_in_elsewhere_too, "end another session, end all others"),
    ("profile", {}, {}, with_a_second_factor, "new recovery codes, switch it off"),
]


def crawl(client, scene_ids: dict) -> Crawl:
    """Every page as every actor the matrix gives a 200 on it, and the forms on them."""
    ids = with_a_reset_link(scene_ids)
    seen: dict[tuple, Form] = {}
    every_key: set[tuple[str, str]] = set()
    visited, not_visited, problems = set(), set(), []
    for name, pattern in PATTERNS.items():
        expected = get_expectation(name)
        if expected is None:
            problems.append(
                f"{name} is not in tests/support/matrix.py (MATRIX or ADMIN_RULES): "
                "say who may open it, and its forms are fuzzed here"
            )
            continue
        actors = [actor for actor in CRAWL_ORDER if expected.get(actor) == 200]
        if not actors or name == "admin:view_on_site":
            not_visited.add(name)
            continue
        visited.add(name)
        try:
            urls = page_urls(name, pattern, ids)
        except KeyError as missing:
            problems.append(
                f"{name}: the scene of tests/support/scenes.py has no value for "
                f"{missing}, so its page (and any form on it) cannot be opened"
            )
            continue
        download = False
        for actor in actors:
            if download:
                break
            act_as(client, ids, actor)
            for url in urls:
                response = client.get(url)
                if response.status_code == 302 and url_name_of(response.url) == name:
                    # The reset link puts its token in the session and sends on to its form.
                    url = response.url
                    response = client.get(url)
                if response.status_code != 200:
                    problems.append(
                        f"GET {url} ({name}) as {actor} answered {response.status_code}, "
                        "the matrix says 200: its forms cannot be found"
                    )
                    continue
                if "html" not in response.get("Content-Type", ""):
                    download = True  # a file (PDF, CSV, JSON): no forms, for anyone
                    continue
                forms, wrong = forms_on(name, actor, url, response.content.decode())
                problems += wrong
                for form in forms:
                    every_key.add(form.key)
                    seen.setdefault(form.signature, form)
    for name, kwargs, query, state, _shows in VARIANTS:
        pattern = PATTERNS[name]
        names = set(pattern.pattern.converters)
        url = reverse(name, kwargs={**{key: ids[key] for key in names}, **kwargs})
        actors = [actor for actor in CRAWL_ORDER if get_expectation(name).get(actor) == 200]
        setup = partial(state, ids) if state else None
        for actor in actors:
            act_as(client, ids, actor)
            with transaction.atomic():
                if setup:
                    setup()
                response = client.get(url, query)
                transaction.set_rollback(True)
            if response.status_code != 200:
                problems.append(f"VARIANTS: GET {url} {query} as {actor}: {response.status_code}")
                continue
            forms, wrong = forms_on(name, actor, url, response.content.decode())
            problems += wrong
            for form in forms:
                every_key.add(form.key)
                form.setup = setup
                seen.setdefault(form.signature, form)
    client.logout()
    return Crawl(list(seen.values()), every_key, visited, not_visited, problems)


# --- Arbitrary submissions ---------------------------------------------------------------------

binary = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"", b"\x00", b"%PDF-1.4\n%%EOF\n", b"\xff\xfe", b"\x89PNG\r\n\x1a\n"]),
)


def file_name(text: str) -> str:
    """Any text, as far as the test client can send it as a file name."""
    name = text.replace("/", "").replace("\\", "")
    return name if name not in ("", ".", "..") else "leeg.pdf"


uploads = st.builds(
    lambda name, content, kind: SimpleUploadedFile(name, content, kind),
    st.one_of(st.sampled_from(["x.pdf", "scan.PDF", "a b.png", ".pdf", "x" * 300]), texts).map(
        file_name
    ),
    binary,
    st.sampled_from(["application/pdf", "image/png", "text/plain", "application/octet-stream"]),
)
keys = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", " ", "\x00", "next", "submit", "id", "pk", "post", "action", "-1"]),
)


@dataclass
class Submission:
    fields: dict[str, list[str]]
    files: dict[str, list[SimpleUploadedFile]]
    raw: bool  # a urlencoded body (or query string) of arbitrary bytes


def draw_submission(data, controls: dict[str, Control]) -> Submission:
    """The form as rendered, with fields dropped, replaced, multiplied, uploaded and added."""
    fields = {} if one_in(data, 6, "from scratch") else as_posted(controls)
    fields.pop(CSRF, None)
    files: dict[str, list] = {}
    names = sorted(name for name, c in controls.items() if c.kind != "button" and name != CSRF)
    if names:
        for name in data.draw(st.lists(st.sampled_from(names), unique=True), label="changed"):
            control = controls[name]
            how = data.draw(st.sampled_from(["drop", "one", "many", "upload"]), label=name)
            if how == "drop":
                fields.pop(name, None)
            elif how == "one":
                fields[name] = [data.draw(value_for(control), label=name)]
            elif how == "many":
                fields[name] = data.draw(st.lists(value_for(control), max_size=4), label=name)
            else:  # upload
                fields.pop(name, None)
                files[name] = data.draw(st.lists(uploads, min_size=1, max_size=2), label=name)
    buttons = sorted(name for name, c in controls.items() if c.kind == "button")
    pressed = st.lists(st.sampled_from(buttons), unique=True) if buttons else st.just([])
    for name in data.draw(pressed, label="pressed"):
        fields[name] = [data.draw(st.sampled_from(controls[name].options or [""]), label=name)]
    extra = data.draw(st.dictionaries(keys, st.lists(anything, max_size=2), max_size=3), "extra")
    for key, values in extra.items():
        if key != CSRF:
            fields.setdefault(key, values)
    if CSRF in controls:
        fields[CSRF] = controls[CSRF].current  # the client does not check it; send it anyway
    raw = not files and one_in(data, 4, "raw")
    if raw:
        # Now and then a value that is not even UTF-8.
        names = sorted(name for name in fields if name != CSRF) or [""]
        for name in data.draw(st.lists(st.sampled_from(names)), label="bytes"):
            if name in fields:
                fields[name] = [data.draw(binary, label=f"bytes {name}")]
    return Submission(fields, files, raw)


def encoded(fields: dict[str, list]) -> str:
    def quoted(value) -> str:
        if isinstance(value, bytes):
            return quote_from_bytes(value)
        return quote_from_bytes(value.encode("utf-8", "surrogatepass"))

    return "&".join(
        f"{quoted(key)}={quoted(value)}" for key, values in fields.items() for value in values
    )


def submit(client: Client, method: str, url: str, submission: Submission):
    if method == "get":
        if submission.raw:
            return client.get(url, QUERY_STRING=encoded(submission.fields))
        return client.get(url, submission.fields)
    if submission.raw:
        return client.post(
            url, encoded(submission.fields), content_type="application/x-www-form-urlencoded"
        )
    return client.post(url, {**submission.fields, **submission.files})


def described(submission: Submission) -> str:
    def short(value) -> str:
        text = repr(value)
        return text if len(text) < 120 else f"{text[:100]}... ({len(value)} characters)"

    fields = {key: [short(v) for v in values] for key, values in submission.fields.items()}
    files = {key: [f.name for f in values] for key, values in submission.files.items()}
    return f"fields={fields} files={files} raw={submission.raw}"


def assert_no_server_error(response, label: str, submission: Submission) -> None:
    assert response.status_code < 500, (
        f"{label} answered {response.status_code} for {described(submission)}"
    )


def fuzz(run: Callable[[], None], label: str, failures: list[str]) -> None:
    """Run one form's property; a failure is recorded (with its example) and the next form
    runs, so one run names every form that fails."""
    try:
        run()
    except Exception as error:  # a server error raised through the test client, or an assert
        # The last frames, where it went wrong, and Hypothesis's notes: the example's draws.
        failures.append(f"{label}:\n" + "".join(traceback.format_exception(error, limit=-4)))


# --- The tests -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _crawls() -> dict:
    return {}


@pytest.fixture
def crawled(_crawls, matrix_scene) -> Crawl:
    """The crawl of the scene: once per worker (the scene is built once per worker), in a
    savepoint of the first test that needs it, rolled back: the forms name rows of the scene."""
    key = matrix_scene["agreement_id"]
    if key not in _crawls:
        with transaction.atomic(), pytest.MonkeyPatch.context() as patch:
            # The draft and briefing PDFs are rendered on every request (seconds each) and
            # hold no forms: the crawl only needs to see that they are no HTML. Who gets them
            # is the permission matrix's test, which renders them.
            patch.setattr(printing_views, "render_draft_pdf", lambda agreement: ("", BLANK_PDF))
            patch.setattr(printing_views, "render_briefing_pdf", lambda briefing: ("", BLANK_PDF))
            _crawls[key] = crawl(Client(), matrix_scene)
            transaction.set_rollback(True)
    return _crawls[key]


def property_of(client, form: Form, scene: dict) -> Callable[[], None]:
    """Hypothesis's test for one form: submit anything, get no server error."""

    @FORMS
    @given(data=st.data())
    def any_submission_is_answered(data):
        submission = draw_submission(data, form.controls)
        act_as(client, scene, form.actor)
        with rolled_back(client):
            if form.setup:
                form.setup()
            response = submit(client, form.method, form.url, submission)
            assert_no_server_error(response, form.label, submission)

    return any_submission_is_answered


# Controls a person types into; a maxlength on any other kind is not about text.
TEXT_KINDS = {"text", "textarea", "search", "email", "tel", "url", "password"}
EMAIL_DOMAIN = "@example.nl"


def limited_fields(form: Form) -> dict[str, int]:
    """The text fields of the form with a maxlength, and that length. (Empty template rows,
    named __prefix__, are copied by JavaScript; no form reads them. A field that names the one
    view that reads it, data-read-by, counts only for the form submitted there.)"""
    action = urlsplit(form.url).path
    return {
        name: control.maxlength
        for name, control in form.controls.items()
        if control.maxlength and control.kind in TEXT_KINDS and not control.disabled
        if "__prefix__" not in name
        if control.read_by in (None, action)
    }


def text_of_length(kind: str, length: int) -> str:
    """A value of exactly `length` characters; for an e-mail field, an address."""
    if kind == "email" and length > len(EMAIL_DOMAIN) + 1:
        return "x" * (length - len(EMAIL_DOMAIN)) + EMAIL_DOMAIN
    return "x" * length


def limits_of(client, form: Form, scene: dict) -> list[str]:
    """The form with every limited field at exactly its maxlength answers without a server
    error; with every one a character longer, it answers the form again, each of those fields
    marked as having an error (aria-invalid)."""
    limits = limited_fields(form)
    if not limits:
        return []
    problems = []
    for extra in (0, 1):
        fields = as_posted(form.controls)
        for name, limit in limits.items():
            fields[name] = [text_of_length(form.controls[name].kind, limit + extra)]
        submission = Submission(fields, {}, raw=False)
        act_as(client, scene, form.actor)
        with rolled_back(client):
            if form.setup:
                form.setup()
            response = submit(client, form.method, form.url, submission)
        what = "at their maxlength" if extra == 0 else "one character over their maxlength"
        if response.status_code >= 500:
            problems.append(f"{form.label}, fields {what}: {response.status_code} {limits}")
            continue
        if extra == 0:
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            problems.append(
                f"{form.label}, fields {what}: {response.status_code}, not the form with "
                f"errors {limits}"
            )
            continue
        marked = {
            name
            for html_form in read_forms(response.content.decode())
            for name, control in html_form.controls.items()
            if control.invalid
        }
        if unmarked := sorted(set(limits) - marked):
            problems.append(
                f"{form.label}, fields {what}: shown again without an error on {unmarked} "
                f"(maxlength {[limits[name] for name in unmarked]})"
            )
    return problems


def fuzzed_generically(form: Form) -> bool:
    return form.key not in FUZZED_HERE and form.key not in FUZZED_ELSEWHERE


@pytest.mark.parametrize("page", sorted(PATTERNS))
def test_every_form_answers_any_input_without_a_server_error(client, matrix_scene, crawled, page):
    """Each distinct form first found on this page, fuzzed as the actor who saw it; and its
    text fields at and over their maximum length (every form, also those fuzzed elsewhere)."""
    forms = [form for form in crawled.forms if form.page == page]
    failures: list[str] = []
    for form in forms:
        if fuzzed_generically(form):
            fuzz(property_of(client, form, matrix_scene), form.label, failures)
        failures += limits_of(client, form, matrix_scene)
    assert failures == [], f"{len(failures)} problems with the forms on {page}:\n\n" + (
        "\n\n".join(failures)
    )


def test_every_url_with_a_form_is_fuzzed(crawled):
    """Every URL of the resolver is a page that was read, or the target of a form that was,
    or is listed in WITHOUT_FORM; every form found is fuzzed by a test that exists."""
    problems = list(crawled.problems)
    targets = {target for _method, target in crawled.every_key}
    for name in sorted(crawled.not_visited):
        if name in targets or name in WITHOUT_FORM:
            continue
        if ADMIN_FORBIDDEN.match(name):
            continue  # 403 for everyone, staff included: no page, no form
        problems.append(
            f"{name}: no actor gets its page (200 on GET in the permission matrix) and no form "
            "on another page submits to it, so nothing here fuzzes it. Give it an actor in "
            "MATRIX, add the state in which a page shows its form to VARIANTS, or explain in "
            "WITHOUT_FORM why it has no form."
        )
    for name in sorted(WITHOUT_FORM):
        if name not in crawled.not_visited or name in targets:
            problems.append(f"WITHOUT_FORM lists {name}, but it is a page or a form's target")
    missing = sorted(MUST_FIND - crawled.every_key)
    if missing:
        problems.append(f"forms not found (is the crawl broken?): {missing}")
    for key, test_name in FUZZED_HERE.items():
        if test_name not in globals():
            problems.append(f"FUZZED_HERE names {test_name} for {key}, which does not exist")
    for key, test_name in FUZZED_ELSEWHERE.items():
        if test_name not in defined_functions(STEP_ROBUSTNESS):
            problems.append(f"FUZZED_ELSEWHERE names {test_name} for {key}, which does not exist")
        if key not in crawled.every_key:
            problems.append(f"FUZZED_ELSEWHERE lists {key}, but no page shows such a form")
    fuzzed = [form for form in crawled.forms if fuzzed_generically(form)]
    if len(fuzzed) <= 40:
        problems.append(f"only {len(fuzzed)} forms to fuzz: {[form.label for form in fuzzed]}")
    unknown = sorted({form.page for form in crawled.forms} - set(PATTERNS))
    if unknown:
        problems.append(f"forms found on pages no test fuzzes: {unknown}")
    assert problems == [], "\n".join(problems)


def test_the_limits_of_text_fields_are_checked(crawled):
    """The crawl finds text fields with a maxlength (the builder's, at least), so the checks
    at and over the limits are not empty."""
    limited = [form for form in crawled.forms if limited_fields(form)]
    assert any(form.target == "agreement_step" for form in limited), [f.label for f in limited]


def test_the_form_parser_reads_every_kind_of_control():
    html = """
    <form method="POST" action="/profiel/" id="f">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="full_name" value="Eva &amp; co" maxlength="200" aria-invalid="true">
      <input type="checkbox" name="tags" value="a" checked><input type="checkbox" name="tags">
      <select name="role"><option value="lezer">L</option><option value="x" selected>X</option>
      </select>
      <textarea name="note">regel 1
    regel 2</textarea>
      <input type="file" name="scan">
      <button type="submit" name="save" value="1">Opslaan</button>
      <button type="button" name="not-submitted">x</button>
    </form>
    <input name="outside" form="f" value="o">
    <form><input name="q"></form>
    <form method="dialog"><button name="close">x</button></form>
    """
    forms, problems = forms_on("profile", "opsteller", "/profiel/", html)
    assert problems == []
    post, search = forms
    assert (post.method, post.target, search.method, search.target) == (
        "post",
        "profile",
        "get",
        "profile",
    )
    controls = post.controls
    assert sorted(controls) == [
        "csrfmiddlewaretoken",
        "full_name",
        "note",
        "outside",
        "role",
        "save",
        "scan",
        "tags",
    ]
    assert controls["full_name"].current == ["Eva & co"]
    assert (controls["full_name"].maxlength, controls["full_name"].invalid) == (200, True)
    assert (controls["note"].maxlength, controls["note"].invalid) == (None, False)
    assert (controls["tags"].options, controls["tags"].current) == (["a", "on"], ["a"])
    assert (controls["role"].options, controls["role"].current) == (["lezer", "x"], ["x"])
    assert controls["note"].current == ["regel 1\n    regel 2"]
    assert (controls["save"].kind, controls["scan"].kind) == ("button", "file")
    one = Form("p", "a", "post", "/", "member_role", {f"{uuid.uuid4()}-role": Control("x", "s")})
    other = Form("p", "a", "post", "/", "member_role", {f"{uuid.uuid4()}-role": Control("x", "s")})
    assert one.signature == other.signature  # one role form per member is one form to fuzz


# --- Regressions found by the properties -------------------------------------------------------


@pytest.fixture
def superuser(client) -> User:
    user = User.objects.create_superuser(
        email="beheer@spelregels.example.nl", password=cast.PASSWORD
    )
    client.force_login(user)
    return user


@pytest.mark.parametrize("value", ["", "x", "\x00", "1.5"])
@pytest.mark.parametrize("model", ["accounts_organisation", "accounts_user", "auth_group"])
def test_an_admin_action_on_something_that_is_not_in_the_list_does_nothing(
    client, superuser, model, value
):
    """Django's admin looked the posted ids of an action up unchecked: 'x' was a server error."""
    url = reverse(f"admin:{model}_changelist")
    post = {"action": "delete_selected", "_selected_action": [value], "index": "0"}
    response = client.post(url, post, follow=True)
    assert response.status_code == 200
    assert "er is niets gedaan" in response.content.decode()


@pytest.mark.parametrize("value", ["0", "x", "\x00"])
def test_an_autocomplete_field_with_something_that_is_no_id_shows_the_form_again(
    client, superuser, value
):
    """Django's autocomplete widget looked a posted id up to show it again: '0' is no UUID."""
    organisation = cast.bernheze()
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    response = client.post(url, {"province": value, "memberships-0-user": value})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()  # the form again, with its errors


@pytest.mark.parametrize("value", ["-8241589596852302381056", str(2**70)])
def test_an_integer_id_beyond_what_the_database_holds_is_an_invalid_choice(
    client, superuser, value
):
    """Django looked a chosen group up before checking its size: SQLite overflowed (a 500)."""
    eva = cast.eva()
    url = reverse("admin:accounts_user_change", args=[eva.pk])
    response = client.post(url, {"email": eva.email, "groups": value})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()


def test_an_admin_search_of_any_length_is_answered(client, superuser):
    """SQLite refuses LIKE patterns over 50,000 bytes: a very long search was a server error."""
    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "€" * 20_000})
    assert response.status_code == 200
    assert "Zoek met hoogstens 1000 tekens." in response.content.decode()


NO_WORDS = "Je zoekopdracht bevat geen woorden om op te zoeken"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("windmolen " * 10_000, "niet meer dan 200 tekens"),  # 100 kB
        ("warmte\x00net", "Null-tekens zijn niet toegestaan"),
        ("\x01\x02\x1b\x7f\t", NO_WORDS),
        ("!&|:*", NO_WORDS),
        ("'\"\\", NO_WORDS),
        ("de het een", NO_WORDS),
        ("windmolen:* & !bernheze | (oss <-> wind)", "afspraken gevonden"),
        ("'; DROP TABLE agreements_agreement; --", "0 afspraken gevonden"),
        ('" OR 1=1 -- NEAR(a b) title : x', "0 afspraken gevonden"),
        ("%_\\", NO_WORDS),
    ],
)
def test_the_registry_search_answers_hostile_queries_with_a_dutch_message(
    client, demo, query, message
):
    """Bad input to the search: a clear Dutch message, never a server error, on both databases;
    what was typed stays in the box (but for the NUL byte, which no page may hold)."""
    client.force_login(cast.lars())
    response = client.get(reverse("agreement_list"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if "\x00" not in query and len(query) <= 200:
        assert f'value="{escape(query)}"' in html


@pytest.mark.parametrize("name", ["login", "admin:login"])
def test_logging_in_with_an_over_long_address_is_a_form_error(client, name):
    """Over 254 characters reached django-axes, which cannot store them (PostgreSQL: a 500)."""
    cast.eva()
    response = client.post(reverse(name), {"username": "x" * 300, "password": cast.PASSWORD})
    assert response.status_code == 200
    assert "niet meer dan 254 tekens" in response.content.decode()


# --- The password forms ------------------------------------------------------------------------

emails = st.one_of(
    st.sampled_from(
        [
            "opsteller@bernheze.example.nl",  # Eva
            "OPSTELLER@Bernheze.Example.NL",
            "niemand@example.nl",
            "a@b",
            "@",
        ]
    ),
    st.emails().map(str),
    texts,
)
passwords = st.one_of(st.just(cast.PASSWORD), st.text(max_size=30), texts, anything)
next_urls = st.one_of(
    st.sampled_from(
        ["/", "/afspraken/", "//evil.example/", "https://evil.example/", "javascript:"]
    ),
    texts,
)


def draw_fields(data, drawn: dict[str, st.SearchStrategy]) -> Submission:
    """Each field drawn from its strategy (or a list of values, or left out), plus extras."""
    fields = {}
    for name, strategy in drawn.items():
        how = data.draw(st.sampled_from(["one", "one", "one", "many", "drop"]), label=f"{name}?")
        if how == "one":
            fields[name] = [data.draw(strategy, label=name)]
        elif how == "many":
            fields[name] = data.draw(st.lists(strategy, max_size=3), label=name)
    extra = data.draw(st.dictionaries(keys, st.lists(anything, max_size=2), max_size=2), "extra")
    for key, values in extra.items():
        fields.setdefault(key, values)
    fields[CSRF] = ["x" * 64]
    raw = one_in(data, 5, "raw")
    return Submission(fields, {}, raw)


@PASSWORD_FORMS
@given(data=st.data())
def test_logging_in_answers_any_input(client, data):
    """Log in with anything, now and then after five failures for that address: django-axes
    then locks it out (429, an answer like any other here)."""
    cast.eva()
    axes.utils.reset()
    AccessFailureLog.objects.all().delete()  # what the spraying limit counts
    client.cookies.clear()
    submission = draw_fields(data, {"username": emails, "password": passwords, "next": next_urls})
    if one_in(data, 4, "locked out") and len(submission.fields.get("username", [])) == 1:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {**submission.fields, "password": "fout"})
    response = submit(client, "post", reverse("login"), submission)
    event(f"status {response.status_code}")  # see --hypothesis-show-statistics
    assert_no_server_error(response, "POST login", submission)
    assert response.status_code in {200, 302, 400, 429}, response.status_code


@PASSWORD_FORMS
@given(data=st.data())
def test_the_code_of_a_login_answers_any_input(client, data):
    """The second step of a login (its page only opens after a right password): any code,
    now and then after enough wrong ones for a lockout (429)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = cast.eva()
    user.set_password(cast.PASSWORD)
    user.save()
    TOTPDevice.objects.get_or_create(user=user, defaults={"name": "App", "confirmed": True})
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    axes.utils.reset()
    AccessFailureLog.objects.all().delete()
    client.cookies.clear()
    client.post(reverse("login"), {"username": user.email, "password": cast.PASSWORD})
    submission = draw_fields(data, {"code": st.one_of(st.text(max_size=30), st.just("123456"))})
    if one_in(data, 4, "locked out"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login_code"), {"code": "000000"})
    response = submit(client, "post", reverse("login_code"), submission)
    event(f"status {response.status_code}")
    assert_no_server_error(response, "POST login_code", submission)
    assert response.status_code in {200, 302, 400, 429}, response.status_code


@PASSWORD_FORMS
@given(data=st.data())
def test_changing_ones_password_answers_any_input(client, data):
    user = cast.eva()
    client.cookies.clear()
    new = data.draw(passwords, label="new")
    with rolled_back(client):
        client.force_login(user)
        submission = draw_fields(
            data,
            {
                "old_password": passwords,
                "new_password1": st.one_of(st.just(new), passwords),
                "new_password2": st.one_of(st.just(new), passwords),
            },
        )
        response = submit(client, "post", reverse("password_change"), submission)
        assert_no_server_error(response, "POST password_change", submission)


@PASSWORD_FORMS
@given(data=st.data())
def test_asking_for_a_password_reset_answers_any_input(client, mailoutbox, data):
    cast.eva()
    client.cookies.clear()
    with rolled_back(client):
        submission = draw_fields(data, {"email": emails})
        response = submit(client, "post", reverse("password_reset"), submission)
        assert_no_server_error(response, "POST password_reset", submission)


@PASSWORD_FORMS
@given(data=st.data())
def test_setting_a_password_through_a_valid_link_answers_any_input(client, data):
    user = cast.eva()
    client.cookies.clear()
    with rolled_back(client):
        uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
        link = reverse(
            "password_reset_confirm", args=[uidb64, default_token_generator.make_token(user)]
        )
        # The link puts the token in the session and sends on to the form, without it in the URL.
        response = client.get(link)
        assert response.status_code == 302
        form_url = response["Location"]
        assert form_url == reverse("password_reset_confirm", args=[uidb64, "set-password"])
        assert client.get(form_url).status_code == 200
        new = data.draw(passwords, label="new")
        submission = draw_fields(
            data,
            {
                "new_password1": st.one_of(st.just(new), passwords),
                "new_password2": st.one_of(st.just(new), passwords),
            },
        )
        response = submit(client, "post", form_url, submission)
        assert_no_server_error(response, "POST password_reset_confirm", submission)
