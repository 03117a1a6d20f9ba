"""Every URL of the project, requested by every kind of actor, against one table of answers.

The table is tests/support/matrix.py. The URL patterns come from the resolver, so a new view
cannot escape: a URL name missing from MATRIX (or, for the admin, from ADMIN_RULES) fails the
test. Each URL is a test of its own, in the scene of tests/support/scenes.py (built once per
worker); each request runs in a savepoint that is rolled back, so a POST that changes something
does not change the next answer.
"""

import uuid

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from agreements import permissions
from agreements.models import Agreement, Signature
from agreements.printing import views as printing_views
from tests.support.matrix import (
    ACTORS,
    MATRIX,
    act_as,
    actor_user,
    admin_expectation,
    expected_answers,
    url_names,
    url_of,
)

PATTERNS = dict(url_names())


@pytest.fixture(autouse=True)
def _the_draft_pdf_rendered_once_per_draft(monkeypatch):
    """The draft PDF is rendered on every request (seconds each), the same for every member
    who may have it: here it is rendered once per state of the draft and language, for the
    first member the matrix asks for it, and the others get those bytes. The view does all it
    does but the rendering (test_archive.py tests what it renders)."""
    rendered = {}
    render = printing_views.render_draft_pdf

    def once(agreement):
        key = (agreement.pk, agreement.revision, agreement.updated_at, translation.get_language())
        if key not in rendered:
            rendered[key] = render(agreement)
        return rendered[key]

    monkeypatch.setattr(printing_views, "render_draft_pdf", once)


def test_every_url_is_in_the_matrix():  # no database: it reads the resolver
    missing = [name for name in PATTERNS if name not in MATRIX and admin_expectation(name) is None]
    assert missing == [], f"URLs without an entry in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - set(PATTERNS))
    assert stale == [], f"entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_each_actor_gets_the_expected_answer(client, matrix_scene, name):
    if name not in MATRIX and admin_expectation(name) is None:
        pytest.fail(f"{name} is not in the permission matrix (tests/support/matrix.py)")
    pattern = PATTERNS[name]
    url = url_of(name, pattern, matrix_scene)
    # The API takes JSON bodies only: its POSTs send an empty object, the pages' an empty form.
    body = {"data": {}, "content_type": "application/json"} if name.startswith("api:") else {}
    failures = []
    for method, expected in expected_answers(name, pattern).items():
        for actor in ACTORS:
            act_as(client, matrix_scene, actor)
            with transaction.atomic():
                if method == "POST":
                    response = client.post(url, **body)
                else:
                    response = getattr(client, method.lower())(url)
                transaction.set_rollback(True)
            if response.status_code != expected[actor]:
                failures.append(
                    f"{method} {name} as {actor}: {response.status_code}, "
                    f"expected {expected[actor]}"
                )
            elif name.startswith("api:") and response.status_code >= 400:
                # The API's refusals are problem details (RFC 9457), whoever asks.
                answer = response.json()
                if response["Content-Type"] != "application/problem+json" or not (
                    answer.get("status") == response.status_code
                    and answer.get("title")
                    and answer.get("detail")
                ):
                    failures.append(f"{method} {name} as {actor}: no problem details: {answer}")
    assert failures == [], "\n".join(failures)


def test_outsiders_learn_nothing_from_a_404(client, matrix_scene):
    """The answer for an agreement one may not see is the answer for one that does not exist."""
    client.force_login(actor_user("outsider"))
    real = reverse("agreement_detail", args=[matrix_scene["agreement_id"]])
    made_up = reverse("agreement_detail", args=[uuid.uuid4()])
    first, second = client.get(real), client.get(made_up)
    assert first.status_code == second.status_code == 404
    assert first.content == second.content


def test_the_anonymous_login_redirect_keeps_the_destination(client, matrix_scene):
    url = reverse("agreement_detail", args=[matrix_scene["agreement_id"]])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


def test_signatures_are_only_recorded_for_the_actors_party(matrix_scene):
    """The matrix's 200 for the sign form means Bernheze's own ondertekenaar, nobody else."""
    version = Agreement.objects.get().current_version
    allowed = permissions.organisations_user_may_sign_for(actor_user("ondertekenaar"), version)
    assert [o.code for o in allowed] == ["GM1721"]
    assert not Signature.objects.filter(organisation__code="GM1721", version=version).exists()
    assert Role.ONDERTEKENAAR == "ondertekenaar"
