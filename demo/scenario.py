"""The demo scenario: the RES region Noordoost-Brabant and its parties.

Every organisation has a reader, an editor, a signatory and a beheerder, all with the same demo
password, so each role can be tried. Safe to run repeatedly: it updates rather than duplicates.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Role, User
from agreements.discussion import comments, reviews
from agreements.document.write import write_draft
from agreements.drafting import import_checks
from agreements.models import ActionStatus, Agreement, CommentVisibility, Version
from agreements.records import decisions, evaluations
from agreements.versions import adoption as versioning
from agreements.versions import publication, signing
from demo import cast
from demo.cast import DEMO_PASSWORD
from demo.registry.seed import seed_registry

DEMO_AGREEMENT_TITLE = "Samenwerkingsafspraken RES Noordoost-Brabant"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


DATA = Path(__file__).parent / "data"


def demo_document(name: str) -> dict[str, Any]:
    """A canonical document of the demo agreement (demo/data/): `version-1`, `version-2`.

    Its party keys are made up; they are matched to the cast's organisations by code, or by name
    for the partners without one, as an import matches them."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _write(agreement: Agreement, name: str) -> None:
    """Make the demo's draft say what one of its documents says, through the one writer."""
    document = demo_document(name)
    write_draft(agreement, document, import_checks.resolve(document))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _sign_by_every_party(version: Version, *, start: date) -> None:
    """Each party's demo signatory signs, one working day after the other."""
    day = start
    for key in signing.party_keys(version):
        organisation = Organisation.objects.get(pk=key)
        signatory = User.objects.get(
            memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
        )
        signing.sign_version(
            version=version,
            organisation=organisation,
            acting_user=signatory,
            signatory_name=signatory.full_name,
            signatory_function=signatory.function,
            basis=f"Besluit {organisation.name} {day.year}-{version.number:02d}",
            place=organisation.name,
            at=_at(day),
        )
        day += timedelta(days=3 if day.weekday() == 4 else 1)


def _adopt_sign_publish(
    agreement: Agreement, editor: User, *, note: str, adopted: date, signed: date, published: date
) -> None:
    """Adopt the draft as the next version, have every party sign it from `signed` on, and
    publish it for the editor's organisation."""
    version = versioning.adopt_version(
        agreement=agreement, acting_user=editor, note=note, at=_at(adopted)
    )
    _sign_by_every_party(version, start=signed)
    publication.publish_version(
        version=version,
        organisation=editor.memberships.get().organisation,
        acting_user=editor,
        at=_at(published),
    )


def _demo_history(agreement: Agreement) -> None:
    """Version 1, a decision, an evaluation, an amendment (a party joins, a mandate changes),
    version 2 and a decision under it: a story for the timeline and the comparison. Both
    versions are signed by every party and published in the public register."""
    if agreement.versions.exists():
        return  # versions are immutable; the story is told once
    editor = cast.person("bernheze", Role.OPSTELLER)
    _adopt_sign_publish(
        agreement,
        editor,
        note="",
        adopted=date(2024, 2, 15),
        signed=date(2024, 2, 19),
        published=date(2024, 3, 4),
    )
    decisions.record_decision(
        agreement=agreement,
        acting_user=editor,
        decided_on=date(2024, 4, 11),
        table_name="Stuurgroep RES Noordoost-Brabant",
        what="De zoekgebieden voor zon en wind zijn vastgesteld als bouwsteen voor de RES 2.0.",
        mandate_label=str(agreement.mandates.order_by("position").first()),
        reference="SG-2024-04",
    )
    evaluations.record_evaluation(
        agreement=agreement,
        acting_user=editor,
        held_on=date(2025, 4, 3),
        scores={
            "content": (4, "De zoekgebieden liggen op koers; netcapaciteit blijft de bottleneck."),
            "process": (
                3,
                "De stuurgroep agendeert te veel ter kennisname; besluiten blijven liggen.",
            ),
            "relationship": (
                3,
                "Ambtelijk goed contact; bestuurlijk schuurt het over de netkosten.",
            ),
        },
        actions=[
            # Still under way, and due within two weeks of the day the demo is seeded: it is
            # on the start page, in the overview and in the reminders.
            evaluations.ActionInput(
                "Agenda stuurgroep beperken tot besluitpunten",
                cast.organisation("oss"),
                person=cast.person("oss", Role.OPSTELLER),
                status=ActionStatus.BEZIG,
                due_on=timezone.localdate() + timedelta(days=10),
            ),
            # Done: Meierijstad joins with version 2.
            evaluations.ActionInput(
                "Meierijstad uitnodigen als partij",
                cast.organisation("bernheze"),
                status=ActionStatus.KLAAR,
                due_on=date(2025, 5, 15),
            ),
        ],
        leads_to_amendment=True,
    )
    versioning.open_amendment(agreement=agreement, acting_user=editor, at=_at(date(2025, 5, 1)))
    # Meierijstad joins, and the mandate for the search areas goes up to € 75.000.
    _write(agreement, "version-2")
    _adopt_sign_publish(
        agreement,
        editor,
        note="Meierijstad treedt toe; mandaat zoekgebieden verhoogd naar € 75.000.",
        adopted=date(2025, 6, 12),
        signed=date(2025, 6, 16),
        published=date(2025, 7, 1),
    )
    decisions.record_decision(
        agreement=agreement,
        acting_user=editor,
        decided_on=date(2025, 9, 18),
        table_name="Portefeuillehoudersoverleg energie",
        what="Netcongestie krijgt voorrang bij de volgorde van zoekgebieden.",
        reference="PHO-2025-09",
    )


def _demo_discussion(agreement: Agreement) -> None:
    """A third draft under discussion today: a shared thread on a mandate with a mention and a
    reply, an internal note of Bernheze, and a review round for Brabant and Aa en Maas."""
    if agreement.draft_open or agreement.threads.exists():
        return  # the discussion is started once
    editor = cast.person("bernheze", Role.OPSTELLER)
    brabant_editor = cast.person("brabant", Role.OPSTELLER)
    versioning.open_amendment(agreement=agreement, acting_user=editor)
    mandate = agreement.mandates.select_related("party__organisation").get(
        party__organisation__code="PV30"
    )
    thread = comments.start_thread(
        agreement=agreement,
        acting_user=editor,
        step="tafels",
        anchor=f"mandate:{mandate.pk}",
        visibility=CommentVisibility.SHARED,
        body="Past de netcapaciteitsstudie binnen dit mandaat, of moet het college er eerst "
        "over besluiten?",
        mentions=[brabant_editor],
    )
    comments.reply(
        thread=thread,
        acting_user=brabant_editor,
        body="Tot € 50.000 wel; daarboven gaat het via Gedeputeerde Staten. Ik zoek het bedrag op.",
    )
    comments.start_thread(
        agreement=agreement,
        acting_user=editor,
        step="looptijd",
        visibility=CommentVisibility.INTERNAL,
        body="De wethouder wil de raad vooraf informeren over de verlenging (wensen en "
        "bedenkingen).",
    )
    reviews.request_review(
        agreement=agreement,
        acting_user=editor,
        due_date=timezone.localdate() + timedelta(days=14),
        reviewers=[cast.person("brabant", Role.ONDERTEKENAAR)],
        parties=[cast.organisation("aaenmaas")],
        note="Graag vóór het portefeuillehoudersoverleg: klopt de ladder nog?",
    )


@transaction.atomic
def seed_demo(
    *, history: bool = False, discussion: bool = False, registry: bool = False
) -> list[DemoLogin]:
    """Create or refresh the demo scenario; returns the demo logins.

    `history` adds two adopted, signed and published versions; `discussion` (with `history`)
    opens a third draft with comments and a review round, as `make run` shows it; `registry`
    adds the registry corpus beside it (demo/registry/: some sixty agreements of other
    parties, in every status)."""
    logins: list[DemoLogin] = []
    organisations: dict[str, Organisation] = {}
    for spec in cast.ORGANISATIONS:
        if not spec.in_demo:
            continue
        organisations[spec.slug] = cast.organisation(spec.slug)
        for role in cast.ROLES:
            user = cast.person(spec.slug, role, password=DEMO_PASSWORD)
            logins.append(
                DemoLogin(email=user.email, role=role, organisation=str(organisations[spec.slug]))
            )
    staff = cast.staff(password=DEMO_PASSWORD)
    logins.append(DemoLogin(email=staff.email, role="staf", organisation="Spelregels"))

    agreement, _ = Agreement.objects.get_or_create(title=DEMO_AGREEMENT_TITLE)
    if not agreement.versions.exists():
        _write(agreement, "version-1")
    if history:
        _demo_history(agreement)
        # The history is recorded with its own dates, so no PDF was asked for as it happened
        # (agreements/printing/archive.py). The signed version's PDFs are asked for once the
        # seed commits: sealed today, and its seal box says so beside the day signing was
        # complete. Version 1 gets its PDFs when first asked for (docs/design.md).
        agreement.refresh_from_db()
        signed = agreement.signed_version
        if signed is not None:
            transaction.on_commit(lambda: _archive_pdfs(signed))
        if discussion:
            _demo_discussion(agreement)
    if registry:
        seed_registry()
    return logins


def _archive_pdfs(version: Version) -> None:
    """Ask for every PDF the version has: its text, sealed and, when published, public."""
    from agreements.models import PdfKind, PublishedVersion
    from agreements.printing.archive import request_pdf

    kinds = [PdfKind.VERSION, PdfKind.SEALED]
    if PublishedVersion.objects.filter(version=version).exists():
        kinds.append(PdfKind.PUBLIC)
    for kind in kinds:
        request_pdf(version=version, kind=kind)
