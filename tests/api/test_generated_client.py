"""An integrator's client, generated from the live schema with openapi-python-client, runs the
workflow through a real server: it starts a draft from a template, saves a step with If-Match
(and is told per field what is wrong), reads and writes every section of the document, reads
the completeness check, comments, replies and resolves, adopts a version, reads its JSON, PDF
and signing status, records a decision and filters the registry by a typed status. Issue 20
found that a generated client could not write (its write modules failed on import)."""

import importlib
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
import requests

from agreements.document.write import SECTIONS
from agreements.models import Agreement, Decision
from api import tokens
from demo.scenario import seed_demo
from tests.support import cast

# What an integrator tells the generator: no formatting afterwards (the generator would call
# ruff on the output), and a PDF or a ZIP is bytes (the generator knows neither type).
CONFIG = """\
package_name_override: spelregels_client
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
  application/zip: application/octet-stream
"""


def generate(schema_url: str, into: Path):
    """The client package generated from the schema at `schema_url`, imported."""
    (into / "openapi.json").write_bytes(requests.get(schema_url, timeout=30).content)
    (into / "config.yaml").write_text(CONFIG)
    result = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(into / "openapi.json"),
            "--config",
            str(into / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(into / "spelregels_client"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout  # every operation and answer generated
    sys.path.insert(0, str(into))
    try:
        return importlib.import_module("spelregels_client")
    finally:
        sys.path.remove(str(into))


def with_new_row_ids(value):
    """A section's rows with ids of their own, as another agreement's rows copied in."""
    if isinstance(value, list):
        return [with_new_row_ids(each) for each in value]
    if isinstance(value, dict):
        return {
            k: str(uuid.uuid4()) if k == "id" else with_new_row_ids(v) for k, v in value.items()
        }
    return value


@pytest.fixture
def client_package(live_server, tmp_path):
    package = generate(f"{live_server.url}/api/v1/openapi.json", tmp_path)
    yield package
    for name in [name for name in sys.modules if name.startswith("spelregels_client")]:
        del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_runs_the_whole_workflow(live_server, client_package, reference_data):
    seed_demo()
    eva = cast.eva()
    _token, key = tokens.create_token(user=eva, name="zaaksysteem", acting_user=eva)
    api = importlib.import_module("spelregels_client.api.afspraken")
    models = importlib.import_module("spelregels_client.models")
    client = client_package.AuthenticatedClient(base_url=f"{live_server.url}/api/v1", token=key)

    # A new draft from a template: 201, parsed into the Agreement model, with its Location.
    import_ = importlib.import_module
    templates = import_("spelregels_client.api.sjablonen.templates_list").sync(client=client)
    assert templates, "no templates"
    created = import_(f"{api.__name__}.agreements_create").sync_detailed(
        client=client,
        body=models.NewAgreementRequest(
            title="Afspraken over de proefsleuf",
            organisation=cast.bernheze().pk,
            template=templates[0].id,
        ),
    )
    assert created.status_code == 201, created.content
    draft = created.parsed
    assert isinstance(draft, models.Agreement)
    assert created.headers["Location"].endswith(f"/api/v1/agreements/{draft.id}")

    # A step: read with its revision, saved with If-Match.
    steps = models.AgreementsStepsRetrieveStepSlug
    read = import_(f"{api.__name__}.agreements_steps_retrieve").sync_detailed(
        draft.id, steps.OPGAVE, client=client
    )
    assert read.status_code == 200 and read.headers["ETag"] == '"rev-0"'
    fields = read.parsed.data.to_dict()
    assert fields["title"] == "Afspraken over de proefsleuf"
    save = import_(f"{api.__name__}.agreements_steps_update")
    slug = models.AgreementsStepsUpdateStepSlug.OPGAVE
    step_model = models.StepDataRequestStapOpgave
    wrong = save.sync_detailed(
        draft.id,
        slug,
        client=client,
        body=models.StepDataRequest(data=step_model.from_dict({**fields, "title": ""})),
        if_match='"rev-0"',
    )
    assert wrong.status_code == 400
    assert isinstance(wrong.parsed, models.Problem)
    assert "title" in {param.name for param in wrong.parsed.invalid_params}
    saved = save.sync_detailed(
        draft.id,
        slug,
        client=client,
        body=models.StepDataRequest(
            data=step_model.from_dict({**fields, "why": "Samen sneller graven."})
        ),
        if_match='"rev-0"',
    )
    assert saved.status_code == 200, saved.content
    assert saved.headers["ETag"] == '"rev-1"'
    assert Agreement.objects.get(pk=draft.id).why == "Samen sneller graven."

    # Every section of the document read and written back as read, each on its revision.
    sections = models.AgreementsSectionsRetrieveSectionKey
    for each in sections:
        section = import_(f"{api.__name__}.agreements_sections_retrieve").sync_detailed(
            draft.id, each, client=client
        )
        assert section.status_code == 200, (each, section.content)
        written = import_(f"{api.__name__}.agreements_sections_update").sync_detailed(
            draft.id,
            models.AgreementsSectionsUpdateSectionKey(each.value),
            client=client,
            body=models.SectionRequest.from_dict({"data": section.parsed.to_dict()["data"]}),
            if_match=section.headers["ETag"],
        )
        assert written.status_code == 200, (each, written.content)
    # The new draft is not complete yet, and the check says what is missing, per step.
    completeness = import_(f"{api.__name__}.agreements_completeness_retrieve")
    check = completeness.sync(draft.id, client=client)
    assert check.complete is False and any(finding.blocking for finding in check.findings)

    # Every section written: the demo agreement's text, with its parties (added as the builder
    # adds them) and its rows as new rows of this draft. Then the check finds nothing missing.
    source = Agreement.objects.exclude(pk=draft.id).get()
    # In the document's order: the parties before what refers to them.
    for each in map(sections, SECTIONS):
        theirs = import_(f"{api.__name__}.agreements_sections_retrieve").sync(
            source.pk, each, client=client
        )
        ours = import_(f"{api.__name__}.agreements_sections_retrieve").sync_detailed(
            draft.id, each, client=client
        )
        data = theirs.to_dict()["data"]
        if each.value == "task":
            data = {**data, "title": "Afspraken over de proefsleuf"}
        elif each.value != "parties":
            data = with_new_row_ids(data)
        written = import_(f"{api.__name__}.agreements_sections_update").sync_detailed(
            draft.id,
            models.AgreementsSectionsUpdateSectionKey(each.value),
            client=client,
            body=models.SectionRequest.from_dict({"data": data}),
            if_match=ours.headers["ETag"],
        )
        assert written.status_code == 200, (each, written.content)
    check = completeness.sync(draft.id, client=client)
    assert check.complete is True, [f.message for f in check.findings if f.blocking]

    # A comment on it, a reply, resolved; then adopted.
    demo = Agreement.objects.get(pk=draft.id)
    thread = import_(f"{api.__name__}.agreements_comments_create").sync(
        demo.pk,
        client=client,
        body=models.NewThreadRequest(
            step=models.StepEnum.OPGAVE,
            body="Klopt de opgave?",
            visibility=models.VisibilityEnum.GEDEELD,
        ),
    )
    assert isinstance(thread, models.CommentThread), thread
    replied = import_(f"{api.__name__}.agreements_comments_replies_create").sync(
        demo.pk, thread.id, client=client, body=models.BodyRequest(body="Ja.")
    )
    assert [c.body for c in replied.comments] == ["Klopt de opgave?", "Ja."]
    resolved = import_(f"{api.__name__}.agreements_comments_resolution_create").sync(
        demo.pk, thread.id, client=client
    )
    assert resolved.resolved is True
    adopted = import_(f"{api.__name__}.agreements_versions_create").sync_detailed(
        demo.pk, client=client, body=models.AdoptionRequest(note="Via de API vastgesteld.")
    )
    assert adopted.status_code == 201, adopted.content
    version = adopted.parsed
    assert version.number == 1 and adopted.headers["Location"].endswith("/versions/1")
    again = import_(f"{api.__name__}.agreements_versions_create").sync_detailed(
        demo.pk, client=client, body=models.AdoptionRequest(note="Nog eens.")
    )
    assert again.status_code == 409 and isinstance(again.parsed, models.Problem)

    # The version's JSON, its PDF, who has signed.
    read_version = import_(f"{api.__name__}.agreements_versions_retrieve").sync(
        demo.pk, 1, client=client
    )
    assert read_version.sha256 == demo.versions.get(number=1).sha256
    pdf = import_(f"{api.__name__}.agreements_versions_pdf_retrieve").sync_detailed(
        demo.pk, 1, client=client
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    signing = import_(f"{api.__name__}.agreements_versions_signing_retrieve").sync(
        demo.pk, 1, client=client
    )
    assert signing.complete is False and {p.signed for p in signing.parties} == {0}

    # A decision under the adopted version, and the registry filtered by a typed status.
    recorded = import_(f"{api.__name__}.agreements_decisions_create").sync_detailed(
        demo.pk,
        client=client,
        body=models.DecisionRequest(
            decided_on=date(2026, 3, 1),
            table_name=demo.tables.first().name,
            what="Via de gegenereerde client besloten.",
        ),
    )
    assert recorded.status_code == 201, (recorded.status_code, recorded.content)
    assert Decision.objects.filter(what="Via de gegenereerde client besloten.").exists()
    listed = import_(f"{api.__name__}.agreements_list").sync(
        client=client, status=models.AgreementsListStatus.CONCEPT
    )
    assert [each.id for each in listed.results] == [source.pk]  # ours is adopted now
    assert {each.status.value for each in listed.results} == {"concept"}  # an enum, not a text
