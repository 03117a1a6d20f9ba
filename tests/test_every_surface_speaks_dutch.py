"""Every page the permission matrix reaches, as every actor who may open it, in Dutch and in
English; the text of every PDF kind and every diagram of the demo: none gives away a document
key or dotted path, a raw choice value, an amount like `75000.00`, an ISO date in running text,
or (in English) a completeness label left in Dutch. The checks are tests/support/surfaces.py.

The pages are the matrix's (tests/support/matrix.py) in its scene, so a new page is read here
without a line added. A PDF or a diagram is read once per language: its bytes are the same for
every actor who may have it.
"""

import io

import pikepdf
import pytest
from django.db import transaction

from agreements.document.outline import STEPS as OUTLINE_STEPS
from agreements.models import Agreement
from tests.support.matrix import ACTORS, act_as, get_expectation, url_names, url_of
from tests.support.pdf import pdf_text
from tests.support.surfaces import defects, visible_parts

PATTERNS = dict(url_names())
# The admin is Django's, in English or Dutch as Django translates it, with stored values as
# they are stored; the API answers JSON for machines (its labels are tested in tests/api/); a
# decision's attachment and a signature's scan are the files people uploaded, given back.
UPLOADED = {"decision_attachment", "signature_scan"}
READ = sorted(
    name
    for name in PATTERNS
    if not name.startswith(("admin:", "api:")) and name != "set_language" and name not in UPLOADED
)
# Pages that show more with a question: both ways of a comparison, and what stood on a day
# before the first adoption, between the versions, and after the end date.
QUESTIONS = {
    "version_compare": ["?van=1&naar=2", "?van=2&naar=1"],
    "agreement_as_of": ["?datum=2024-01-15", "?datum=2025-06-14", "?datum=2031-02-01"],
    "agreement_briefing": ["?op=2024-01-15", "?op=2025-06-14", "?op=2031-02-01"],
    "agreement_briefing_pdf": ["?op=2024-01-15", "?op=2031-02-01"],
}
# Every step of the builder (the scene opens one), the check step with its labels among them.
STEPS = {"agreement_step": [f"step_slug={step.slug}" for step in OUTLINE_STEPS[1:]]}
CASES = (
    [(name, "") for name in READ]
    + [(name, query) for name, queries in QUESTIONS.items() for query in queries]
    + [(name, scene) for name, scenes in STEPS.items() for scene in scenes]
)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _read(response, language: str) -> list[tuple[str, str]] | None:
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        # A PDF is in its own language: an archived version is Dutch on an English page too.
        data = _body(response)
        with pikepdf.open(io.BytesIO(data)) as pdf:
            own = str(pdf.Root.get("/Lang", language))[:2]
        return [(own, pdf_text(data))]
    if kind.startswith(("text/html", "image/svg+xml")):
        return visible_parts(_body(response).decode(), language)
    if kind.startswith("text/plain"):
        return [(language, _body(response).decode())]
    return None  # CSV, JSON, a scan: data, not a surface


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("name", "query"), CASES)
def test_no_surface_gives_away_the_insides(client, matrix_scene, name, query, language):
    expected = get_expectation(name) or {}
    if query.startswith("step_slug="):
        scene, query = {**matrix_scene, "step_slug": query.split("=")[1]}, ""
    else:
        scene = matrix_scene
    url = url_of(name, PATTERNS[name], scene) + query
    found: dict[str, list[str]] = {}
    for actor in ACTORS:
        if expected.get(actor) != 200:
            continue
        act_as(client, matrix_scene, actor)
        client.cookies["django_language"] = language
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        assert response.status_code == 200, f"{name} as {actor}: {response.status_code}"
        kind = response.get("Content-Type", "").split(";")[0]
        parts = _read(response, language)
        if parts is None:
            continue
        for problem in defects(parts, parts[0][0] if kind == "application/pdf" else language):
            found.setdefault(problem, []).append(actor)
        if kind in ("application/pdf", "image/svg+xml"):
            break  # the same bytes for every other actor: not rendered again
    assert found == {}, "\n".join(
        f"{problem} (as {', '.join(who)})" for problem, who in found.items()
    )


def test_the_documents_own_text_is_marked_dutch_on_an_english_page(client, matrix_scene):
    act_as(client, matrix_scene, "lezer")
    client.cookies["django_language"] = "en"
    url = url_of("agreement_detail", PATTERNS["agreement_detail"], matrix_scene)
    parts = visible_parts(client.get(url).content.decode(), "en")
    opening = Agreement.objects.get(pk=matrix_scene["agreement_id"]).task[:40]
    task = [language for language, text in parts if opening in text]
    assert task and set(task) == {"nl"}
    assert ("en", "Why work together") in [(lang, text.strip()) for lang, text in parts]
